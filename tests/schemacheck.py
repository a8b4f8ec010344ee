"""Validates JSON Lines against src/output/sockerr.schema.json (draft 2020-12).

  schemacheck.py SCHEMA DIR [--coverage]   every line of every file in DIR
                                           (the run's captures: tests/run)
  schemacheck.py SCHEMA -                  the lines on stdin
  schemacheck.py SCHEMA --meta             the schema itself, against the
                                           draft's metaschema

Prints one line: "ok N lines (M distinct) from K captures[; ...]", or "bad"
lines, each naming the capture (the suite that produced it), the error and
the line; exits 0 only when every line is a JSON object the schema accepts.
--coverage adds the keys the schema defines that no line used (a key the
code no longer writes, say).  Needs jsonschema 4 (python3-jsonschema).
"""
import json
import math
import os
import re
import sys

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match


def reject_constant(name):
    raise ValueError("not JSON: %s" % name)


def lines_of(src):
    if src == "-":
        for n, line in enumerate(sys.stdin.buffer, 1):
            yield "stdin", n, line
        return
    for name in sorted(os.listdir(src)):
        with open(os.path.join(src, name), "rb") as f:
            for n, line in enumerate(f, 1):
                yield name, n, line


class Shapes:
    """Lines that differ only in values no keyword of the schema tells
    apart validate alike: each string is replaced by the first one seen
    that matches the same patterns and consts/enums of the schema, each
    number by the first one on the same sides of its bounds, and a line is
    validated once per shape (a 100,000-target batch has a few)."""

    def __init__(self, schema):
        self.patterns, self.strings, self.bounds, self.numbers = [], set(), set(), set()
        self.reps = {}
        self.collect(schema)
        self.patterns = [re.compile(p) for p in sorted(self.patterns)]

    def collect(self, d):
        if isinstance(d, list):
            for v in d:
                self.collect(v)
            return
        if not isinstance(d, dict):
            return
        assert "multipleOf" not in d and "format" not in d and "minLength" not in d and \
            "maxLength" not in d, "Shapes does not know this keyword: validate without it"
        if "pattern" in d:
            self.patterns.append(d["pattern"])
        for v in ([d["const"]] if "const" in d else []) + d.get("enum", []):
            if isinstance(v, str):
                self.strings.add(v)
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                self.numbers.add(v)
        for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if k in d:
                self.bounds.add(d[k])
        for v in d.values():
            self.collect(v)

    def rep(self, key, value):
        return self.reps.setdefault(key, value)

    def shape(self, doc):
        if isinstance(doc, dict):
            return {k: self.shape(v) for k, v in doc.items()}
        if isinstance(doc, list):
            return [self.shape(v) for v in doc]
        if isinstance(doc, str):
            return self.rep(("s", doc if doc in self.strings else None,
                             tuple(p.search(doc) is not None for p in self.patterns)), doc)
        if isinstance(doc, (int, float)) and not isinstance(doc, bool):
            return self.rep(("n", doc if doc in self.numbers else None,
                             float(doc).is_integer() if math.isfinite(doc) else None,
                             tuple((doc > b) - (doc < b) for b in sorted(self.bounds))), doc)
        return doc


def keys_used(doc, path, seen):
    """Records each key as "path.key", lists' items under "path[]"."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            seen.add(path + "." + k)
            keys_used(v, path + "." + k, seen)
    elif isinstance(doc, list):
        for v in doc:
            keys_used(v, path + "[]", seen)


def keys_defined(schema):
    """The keys of the objects the schema describes, as keys_used names them."""
    defs = schema["$defs"]

    def props(d, seen_refs=()):
        out = dict(d.get("properties", {}))
        ref = d.get("$ref", "")
        if ref.startswith("#/$defs/") and ref not in seen_refs:
            for k, v in props(defs[ref[8:]], seen_refs + (ref,)).items():
                out.setdefault(k, v)
        return out

    def walk(d, path, out):
        d = defs[d["$ref"][8:]] if set(d) == {"$ref"} else d
        for k, v in props(d).items():
            out.add(path + "." + k)
            for alt in v.get("oneOf", [v]):
                target = defs[alt["$ref"][8:]] if "$ref" in alt and set(alt) <= {"$ref", "description"} else alt
                if target.get("type") == "object" or "properties" in target:
                    walk(target, path + "." + k, out)
                if target.get("type") == "array" and "items" in target:
                    walk(target["items"], path + "." + k + "[]", out)
        return out

    return walk(defs["result"], "", set())


def main():
    schema_path, src = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    if src == "--meta":
        Draft202012Validator.check_schema(schema)
        print("ok the schema is valid draft 2020-12")
        return 0
    validator = Draft202012Validator(schema)
    shapes = Shapes(schema)
    total, distinct, bad, seen, captures = 0, set(), [], set(), set()
    checked = set()
    for name, n, raw in lines_of(src):
        line = raw.rstrip(b"\n").decode("utf-8", errors="replace")
        if not line:
            continue
        total += 1
        captures.add(name)
        if line in distinct:
            continue
        distinct.add(line)
        try:
            raw.decode("utf-8")
            doc = json.loads(line, parse_constant=reject_constant)
        except ValueError as e:
            bad.append("%s:%d: not JSON (%s): %s" % (name, n, e, line[:300]))
            continue
        keys_used(doc, "", seen)
        shape = json.dumps(shapes.shape(doc))
        if shape in checked:
            continue
        checked.add(shape)
        error = best_match(validator.iter_errors(doc))
        if error is not None:
            bad.append("%s:%d: %s at %s: %s" % (name, n, error.message[:200],
                                                "/".join(map(str, error.absolute_path)) or "the top",
                                                line[:300]))
    for b in bad[:10]:
        print("bad " + b)
    if len(bad) > 10:
        print("bad ... and %d more" % (len(bad) - 10))
    summary = "ok %d lines (%d distinct, %d shapes) from %d captures" % (
        total, len(distinct), len(checked), len(captures))
    if "--coverage" in sys.argv[3:]:
        # an attempt's keys are a result's: one use of either counts
        unused = sorted({k.replace(".attempts[]", "") for k in keys_defined(schema)} -
                        {k.replace(".attempts[]", "") for k in seen})
        summary += "; keys no line used: %s" % (" ".join(k.lstrip(".") for k in unused) or "none")
    if not bad:
        print(summary)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
