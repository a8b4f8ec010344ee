#!/usr/bin/env zsh
# tests/complete.zsh DIR LINE...: for each LINE, "== LINE" then the matches
# zsh's completion system offers at its end, one per line, with DIR
# (holding _sockerr) first on fpath.  One interactive zsh runs in a
# pseudo-terminal (zpty); each LINE and a TAB are typed into it, and its
# compadd prints each match (after zsh's own matching against what is
# typed) as well as adding it.  Exits 1 when a line got no answer.
zmodload zsh/zpty || exit 2
local dir=$1 init out chunk m line
shift
init=$(mktemp /tmp/sockerr-zcomp.XXXXXX) || exit 2
trap 'rm -f $init' EXIT
cat >$init <<EOF
PS1= PS2= RPS1=
fpath=(${(q)dir} \$fpath)
autoload -Uz compinit && compinit -u -D
zstyle ':completion:*' insert-tab false
bindkey -e
EOF
cat >>$init <<'EOF'
compadd() {
	local a __m
	setopt localoptions extendedglob
	# calls that only collect (-O, -A, -D) are the completion system's own
	for a in "$@"; do
		[[ $a == (-|--) ]] && break
		[[ $a == -[a-zA-Z]#[OAD]* ]] && { builtin compadd "$@"; return }
	done
	builtin compadd -O __m "$@"
	(( $#__m )) && print -rl -- "SKM:"${^__m}
	builtin compadd "$@"
}
# nothing listed, nothing inserted: the next line starts clean
_sk_end() { compstate[list]= compstate[insert]=; print -r -- SKEND }
# _main_complete empties comppostfuncs after each use
_sk_complete() { comppostfuncs=(_sk_end); zle complete-word }
zle -N _sk_complete
bindkey '^I' _sk_complete
EOF
zpty sk zsh -f -i
zpty -w sk "source ${(q)init}"
for line in "$@"; do
	print -r -- "== $line"
	zpty -w -n sk $'\C-u'"$line"$'\t'
	out=
	while zpty -r sk chunk; do
		out+=$chunk
		[[ $chunk == *SKEND* ]] && break
	done
	[[ $out == *SKEND* ]] || { print -u2 "no completion for: $line"; exit 1 }
	for m in ${(f)out}; do
		m=${m%$'\r'}
		[[ $m == *SKM:* ]] && print -r -- ${m#*SKM:}
	done
	# the shell has finished with the line once it runs the next one
	zpty -w -n sk $'\C-u'"print -r -- SK''SYNC"$'\n'
	while zpty -r sk chunk; do [[ $chunk == *SKSYNC* ]] && break; done
done
zpty -w sk exit
zpty -d sk
