"""Checks a Prometheus text exposition beyond promtool: every family's
# HELP and # TYPE once, before its samples; a family's samples together; no
# timestamps; no series twice.  With --targets T..., the target label values
# are exactly the targets given (as bytes: valid UTF-8 kept, other bytes and
# control characters but newline as the text \\xNN), one success sample each.

  promcheck.py FILE [--targets T...]
Prints nothing and exits 0 when all holds, else one line saying what not.
"""
import os
import re
import sys

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)')


def unescape(v):
    return re.sub(r'\\(.)', lambda m: {'n': '\n'}.get(m.group(1), m.group(1)), v)


def expected_label(b):
    s = b.decode('utf-8', errors='backslashreplace')
    return ''.join('\\x%02x' % ord(c) if (ord(c) < 0x20 and c != '\n') or c == '\x7f' else c
                   for c in s)


def main():
    text = open(sys.argv[1], encoding='utf-8').read()
    help_seen, type_seen, done, series = set(), set(), set(), set()
    current = None
    successes = []
    for n, line in enumerate(text.split('\n')[:-1], 1):
        if line.startswith('# HELP ') or line.startswith('# TYPE '):
            name = line.split(' ')[2]
            seen = help_seen if line[2] == 'H' else type_seen
            if name in seen:
                return 'line %d: second %s for %s' % (n, line[2:6], name)
            if name in done:
                return 'line %d: %s after its samples' % (n, line[2:6])
            seen.add(name)
            continue
        m = SAMPLE.match(line)
        if not m:
            return 'line %d: not a sample without timestamp: %r' % (n, line)
        name, labels = m.group(1), m.group(3) or ''
        if name not in help_seen or name not in type_seen:
            return 'line %d: %s has no HELP/TYPE before it' % (n, name)
        if name != current:
            if name in done:
                return 'line %d: samples of %s not together' % (n, name)
            if current:
                done.add(current)
            current = name
        pairs = LABEL.findall(labels)
        if ''.join('%s="%s"%s' % p for p in pairs) != labels:
            return 'line %d: labels do not parse: %r' % (n, labels)
        key = (name, tuple(sorted((k, v) for k, v, _ in pairs)))
        if key in series:
            return 'line %d: series twice: %r' % (n, line)
        series.add(key)
        if name == 'sockerr_probe_success':
            successes.append(unescape(dict((k, v) for k, v, _ in pairs)['target']))
    if '--targets' in sys.argv:
        want = []
        for t in sys.argv[sys.argv.index('--targets') + 1:]:
            label = expected_label(os.fsencode(t))
            if label not in want:
                want.append(label)
        if successes != want:
            return 'targets %r, want %r' % (successes, want)
    return None


if __name__ == '__main__':
    why = main()
    if why:
        print(why)
        sys.exit(1)
