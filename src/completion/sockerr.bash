# bash completion for sockerr(1); make install puts it in $(BASHCOMPDIR) as
# sockerr.  tests/cli/16-completions.sh checks it, zsh's and fish's against
# sockerr --help and the words sockerr accepts.
_sockerr()
{
	local cur prev opts eq=
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	# --opt=VALUE: bash splits it at the "=" (COMP_WORDBREAKS)
	if [ "$prev" = = ] && [ "$COMP_CWORD" -ge 2 ]; then
		prev=${COMP_WORDS[COMP_CWORD-2]}
		eq=1
	fi
	case $prev in
	-f | --format)
		mapfile -t COMPREPLY < <(compgen -W 'python python3 json prometheus nagios' -- "$cur")
		return ;;
	--python)
		mapfile -t COMPREPLY < <(compgen -W '2.7 3.6 3.7 3.8 3.9 3.10 3.11 3.12 3.13' -- "$cur")
		return ;;
	--expect)
		# a comma-separated list: complete its last item
		local head=
		[[ $cur == *,* ]] && head=${cur%,*},
		# ssl classes and the reasons a handshake commonly fails with
		# (--expect takes any OpenSSL reason)
		mapfile -t COMPREPLY < <(compgen -P "$head" -W "ok refused timeout error herror gaierror
			socket.error socket.herror socket.gaierror socket.timeout
			ssl.SSLError ssl.SSLCertVerificationError ssl.CertificateError
			ssl.SSLEOFError ssl.SSLZeroReturnError ssl.SSLSyscallError
			sockerr.CertificateExpiring CERTIFICATE_VERIFY_FAILED
			WRONG_VERSION_NUMBER UNEXPECTED_EOF_WHILE_READING UNEXPECTED_MESSAGE
			TLSV1_ALERT_PROTOCOL_VERSION TLSV1_ALERT_INTERNAL_ERROR
			TLSV1_ALERT_UNKNOWN_CA TLSV1_UNRECOGNIZED_NAME
			SSLV3_ALERT_HANDSHAKE_FAILURE SSLV3_ALERT_BAD_CERTIFICATE
			TLSV13_ALERT_CERTIFICATE_REQUIRED NO_PROTOCOLS_AVAILABLE
			UNSUPPORTED_PROTOCOL SSL3_EXT_INVALID_SERVERNAME
			$("${COMP_WORDS[0]}" --list 2>/dev/null | cut -f4)" -- "${cur##*,}")
		return ;;
	-i | --input | --cafile)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return ;;
	--servername)
		mapfile -t COMPREPLY < <(compgen -A hostname -- "$cur")
		return ;;
	--list)
		mapfile -t COMPREPLY < <(compgen -W 'error herror gaierror timeout' -- "$cur")
		return ;;
	--family)
		mapfile -t COMPREPLY < <(compgen -W 'AF_INET AF_INET6 AF_UNIX AF_PACKET AF_NETLINK' -- "$cur")
		return ;;
	--type)
		mapfile -t COMPREPLY < <(compgen -W 'SOCK_STREAM SOCK_DGRAM SOCK_RAW SOCK_SEQPACKET' -- "$cur")
		return ;;
	--proto)
		mapfile -t COMPREPLY < <(compgen -W 'tcp udp icmp icmpv6 sctp raw' -- "$cur")
		return ;;
	-t | --timeout | -w | --wait | --interval | --max-time | -c | --concurrency | --resolvers | \
	-s | --source | --send | --warning | --critical | --cert-days)
		return ;;
	--nameinfo)
		# an optional value: only --nameinfo=FLAGS; else a target follows
		if [ -n "$eq" ]; then
			local head=
			[[ $cur == *,* ]] && head=${cur%,*},
			mapfile -t COMPREPLY < <(compgen -P "$head" -W 'NAMEREQD NUMERICHOST NUMERICSERV DGRAM NOFQDN' -- "${cur##*,}")
			return
		fi ;;
	--happy-eyeballs)
		# an optional value: --happy-eyeballs=DELAY (seconds)
		[ -z "$eq" ] || return ;;
	--interface)
		mapfile -t COMPREPLY < <(compgen -W "$(ls /sys/class/net 2>/dev/null)" -- "$cur")
		return ;;
	esac
	case $cur in
	--*=*)
		return ;;
	-*)
		opts=$("${COMP_WORDS[0]}" --help 2>/dev/null | grep -oE -- '--[a-z][a-z-]+' | sort -u)
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		return ;;
	esac
	# -w ... -- CMD: a command, then its arguments as files
	local w i
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [ "${COMP_WORDS[i]}" = -- ]; then
			if ((i == COMP_CWORD - 1)); then
				mapfile -t COMPREPLY < <(compgen -c -- "$cur")
			else
				mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			fi
			return
		fi
	done
	# after --explain, codes from the table
	for w in "${COMP_WORDS[@]}"; do
		if [ "$w" = --explain ]; then
			mapfile -t COMPREPLY < <(compgen -W "$("${COMP_WORDS[0]}" --list 2>/dev/null | cut -f4)" -- "$cur")
			return
		fi
	done
	mapfile -t COMPREPLY < <(compgen -A hostname -- "$cur")
}
complete -F _sockerr sockerr
