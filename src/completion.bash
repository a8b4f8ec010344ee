# bash completion for sockerr; installed by make install as
# $(DATADIR)/bash-completion/completions/sockerr
_sockerr()
{
	local cur prev opts
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-f | --format)
		mapfile -t COMPREPLY < <(compgen -W 'python python3 json' -- "$cur")
		return ;;
	-i | --input)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
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
	-t | --timeout | -w | --wait | --interval | -c | --concurrency | --resolvers | -s | --source)
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
	# after --explain, codes from the table
	local w
	for w in "${COMP_WORDS[@]}"; do
		if [ "$w" = --explain ]; then
			mapfile -t COMPREPLY < <(compgen -W "$("${COMP_WORDS[0]}" --list 2>/dev/null | cut -f4)" -- "$cur")
			return
		fi
	done
	mapfile -t COMPREPLY < <(compgen -A hostname -- "$cur")
}
complete -F _sockerr sockerr
