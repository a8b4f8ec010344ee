# fish completion for sockerr(1); make install puts it in $(FISHCOMPDIR).
# tests/cli/16-completions.sh checks its options against sockerr --help and
# its words against what sockerr accepts, and runs it in fish.

# The codes of the taxonomy table (name, then message), from the binary on
# the command line.
function __sockerr_codes
    set -l cmd (commandline -opc)[1]
    command $cmd --list 2>/dev/null | string replace -rf '^(?:[^\t]*\t){3}([^\t]+)\t([^\t]*).*$' '$1\t$2'
end

function __sockerr_outcomes
    printf '%s\n' ok refused timeout error herror gaierror \
        socket.error socket.herror socket.gaierror socket.timeout \
        ssl.SSLError ssl.SSLCertVerificationError ssl.CertificateError \
        ssl.SSLEOFError ssl.SSLZeroReturnError ssl.SSLSyscallError \
        sockerr.CertificateExpiring
    # the reasons a handshake commonly fails with (--expect takes any)
    printf '%s\tOpenSSL reason\n' CERTIFICATE_VERIFY_FAILED WRONG_VERSION_NUMBER \
        UNEXPECTED_EOF_WHILE_READING UNEXPECTED_MESSAGE \
        TLSV1_ALERT_PROTOCOL_VERSION TLSV1_ALERT_INTERNAL_ERROR \
        TLSV1_ALERT_UNKNOWN_CA TLSV1_UNRECOGNIZED_NAME \
        SSLV3_ALERT_HANDSHAKE_FAILURE SSLV3_ALERT_BAD_CERTIFICATE \
        TLSV13_ALERT_CERTIFICATE_REQUIRED NO_PROTOCOLS_AVAILABLE \
        UNSUPPORTED_PROTOCOL SSL3_EXT_INVALID_SERVERNAME
    __sockerr_codes
end

# The reference syntaxes (--explain CODE..., --list [CLASS]) and -w's
# command after "--" take no options.
function __sockerr_reference
    __fish_seen_argument -l explain -l list
end

function __sockerr_after_dashdash
    contains -- -- (commandline -opc)
end

function __sockerr_command
    set -l words (commandline -opc)
    set -l i (contains -i -- -- $words)
    complete -C (string join ' ' -- (string escape -- $words[(math $i + 1)..-1]) (commandline -ct))
end

set -l check 'not __sockerr_reference; and not __sockerr_after_dashdash'

complete -c sockerr -f
complete -c sockerr -n $check -s t -l timeout -x -d 'connect/send/recv timeout (seconds)'
complete -c sockerr -n $check -s 4 -d 'IPv4 only'
complete -c sockerr -n $check -s 6 -d 'IPv6 only'
complete -c sockerr -n $check -s s -l source -x -a '(__fish_print_hostnames)' -d 'bind first: ADDR[:PORT]'
complete -c sockerr -n $check -s u -l udp -d 'UDP probe: send, await a reply'
complete -c sockerr -n $check -l send -x -d 'send DATA (C escapes)'
complete -c sockerr -n $check -l recv -d 'receive up to BYTES (--recv=BYTES)'
complete -c sockerr -n $check -s r -l reverse -d 'look the address up (PTR)'
complete -c sockerr -n $check -s n -l resolve-only -d 'stop after resolving'
complete -c sockerr -n $check -s a -l all -d 'try every address'
complete -c sockerr -n $check -l tls -d 'TLS handshake after connecting'
complete -c sockerr -n $check -l all-errors -d 'create_connection(all_errors=True): 3.11+'
complete -c sockerr -n $check -l servername -x -a '(__fish_print_hostnames)' -d 'TLS: name to send and verify'
complete -c sockerr -n $check -l cafile -r -F -d 'TLS: trust FILE, not the system'
complete -c sockerr -n $check -s k -l insecure -d 'TLS: verify nothing (CERT_NONE)'
complete -c sockerr -n $check -l cert-days -x -d 'TLS: fail if it expires in N days'
complete -c sockerr -n $check -l family -x -a 'AF_INET AF_INET6 AF_UNIX AF_PACKET AF_NETLINK' -d 'socket() family'
complete -c sockerr -n $check -l type -x -a 'SOCK_STREAM SOCK_DGRAM SOCK_RAW SOCK_SEQPACKET' -d 'socket() type'
complete -c sockerr -n $check -l proto -x -a 'tcp udp icmp icmpv6 sctp raw' -d 'socket() protocol'
complete -c sockerr -n $check -s w -l wait -x -d 'retry until up or SECONDS pass'
complete -c sockerr -n $check -l interval -x -d 'pause between tries (seconds)'
complete -c sockerr -n $check -l max-time -x -d 'hard bound per check (seconds)'
complete -c sockerr -n $check -s i -l input -r -F -d 'targets from FILE (- = stdin)'
complete -c sockerr -n $check -s c -l concurrency -x -d 'at most N at once'
complete -c sockerr -n $check -l resolvers -x -d 'at most N lookups at once'
complete -c sockerr -n $check -s f -l format -x -a 'python python3 json prometheus nagios' -d 'output format'
complete -c sockerr -n $check -l python -x -a '2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13' -d 'whose lines: the interpreter'
complete -c sockerr -n $check -l expect -x -a '(__fish_complete_list , __sockerr_outcomes)' -d 'what counts as success'
complete -c sockerr -n $check -l warning -x -d 'nagios: WARNING when connecting takes longer'
complete -c sockerr -n $check -l critical -x -d 'nagios: CRITICAL when connecting takes longer'
complete -c sockerr -n $check -s v -l verbose -d 'each step and its time'
complete -c sockerr -n $check -s q -l quiet -d 'no output, only the exit status'
complete -c sockerr -n $check -s h -l help -d 'this help'
complete -c sockerr -n $check -s V -l version -d 'the version, the interpreters, the OpenSSL'
complete -c sockerr -n $check -l nameinfo -d 'reverse by getnameinfo (--nameinfo=FLAGS)'
complete -c sockerr -n $check -l interface -x -a '(path basename /sys/class/net/*)' -d 'bind to the device (SO_BINDTODEVICE)'
complete -c sockerr -n $check -l asyncio -d 'connect as asyncio.open_connection()'
complete -c sockerr -n $check -l happy-eyeballs -d 'race the addresses, RFC 8305 (--happy-eyeballs=DELAY)'
complete -c sockerr -n $check -l explain -d 'look codes up'
complete -c sockerr -n $check -l list -d 'print the error table'
# --nameinfo=FLAGS and --recv=BYTES: the value only after "="
complete -c sockerr -n "$check; and string match -q -- '--nameinfo=*' (commandline -ct)" \
    -a '(string replace -r -- "^--nameinfo=(.*,)?.*" "--nameinfo=\$1" (commandline -ct))(printf "%s\n" NAMEREQD NUMERICHOST NUMERICSERV DGRAM NOFQDN)'
complete -c sockerr -n "$check; and not string match -q -- '-*' (commandline -ct)" -a '(__fish_print_hostnames)' -d host
complete -c sockerr -n '__fish_seen_argument -l explain' -a '(__sockerr_codes)'
complete -c sockerr -n '__fish_seen_argument -l list' -a 'error herror gaierror timeout'
complete -c sockerr -n __sockerr_after_dashdash -a '(__sockerr_command)'
