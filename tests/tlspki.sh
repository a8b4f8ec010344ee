# A test PKI made with openssl at test time (sourced by tests/ns/70-tls.sh
# and tests/bench): a root and an intermediate CA, leaf certificates for
# each scenario, and a second root nobody trusts.  make_pki DIR.
# Dates go through "openssl ca -startdate/-enddate", so expired and
# not-yet-valid certificates need no fake clock.

# utc_offset DAYS: YYMMDDHHMMSSZ, DAYS from now (negative: ago).
utc_offset() {
	date -u -d "@$(($(date +%s) + $1 * 86400))" +%y%m%d%H%M%SZ
}

# ca_init DIR: the files "openssl ca" keeps.
ca_init() {
	mkdir -p "$1/new"
	: >"$1/index.txt"
	echo 1000 >"$1/serial"
	cat >"$1/ca.cnf" <<CNF
[ca]
default_ca = this
[this]
dir = $1
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
policy = any
unique_subject = no
copy_extensions = copy
default_md = sha256
[any]
commonName = supplied
organizationName = optional
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[v3_leaf]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF
}

# csr DIR NAME SUBJ [SAN] [BITS]: a key and a request (SAN: "DNS:a,IP:b";
# BITS: an RSA size, or "ec" for a P-256 key).
csr() {
	local dir=$1 name=$2 subj=$3 san=${4:-} bits=${5:-2048} ext=() key
	[ -n "$san" ] && ext=(-addext "subjectAltName=$san")
	key=(-newkey "rsa:$bits")
	[ "$bits" = ec ] && key=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
	openssl req -new -utf8 "${key[@]}" -nodes -keyout "$dir/$name.key" \
		-out "$dir/$name.csr" -subj "$subj" "${ext[@]}" 2>/dev/null
}

# sign CADIR CANAME DIR NAME EXT START END [MD]: NAME.csr signed by CANAME.
sign() {
	local cadir=$1 ca=$2 dir=$3 name=$4 ext=$5 start=$6 end=$7 md=${8:-sha256}
	openssl ca -batch -notext -config "$cadir/ca.cnf" -cert "$cadir/$ca.pem" \
		-keyfile "$cadir/$ca.key" -in "$dir/$name.csr" -out "$dir/$name.pem" \
		-extensions "$ext" -startdate "$(utc_offset "$start")" \
		-enddate "$(utc_offset "$end")" -md "$md" 2>/dev/null
}

# root CADIR NAME SUBJ: a self-signed CA.
root() {
	csr "$1" "$2" "$3"
	openssl ca -batch -notext -selfsign -config "$1/ca.cnf" -keyfile "$1/$2.key" \
		-in "$1/$2.csr" -out "$1/$2.pem" -extensions v3_ca \
		-startdate "$(utc_offset -1)" -enddate "$(utc_offset 3650)" 2>/dev/null
}

# leaf DIR NAME SUBJ SAN START END [BITS] [MD]: signed by the intermediate;
# NAME.chain.pem is the leaf and the intermediate.
leaf() {
	local d=$1
	csr "$d" "$2" "$3" "$4" "${7:-2048}"
	sign "$d" int "$d" "$2" v3_leaf "$5" "$6" "${8:-sha256}"
	cat "$d/$2.pem" "$d/int.pem" >"$d/$2.chain.pem"
}

# make_pki DIR: the PKI in DIR.  With SK_PKI_CACHE (tests/run sets it), a
# copy of the one made for the whole run: 17 RSA keys are seconds of CPU,
# and six suites make it.
make_pki() {
	if [ -n "${SK_PKI_CACHE:-}" ]; then
		pki_cached base "$1" _make_pki
	else
		_make_pki "$1"
	fi
}

# pki_cached NAME DIR FUNC: FUNC's PKI, made once under SK_PKI_CACHE/NAME
# (the first suite that asks makes it, under a lock), copied to DIR, its
# CA databases (ca.cnf's dir) then DIR's own.
pki_cached() {
	local c=$SK_PKI_CACHE/$1 f
	(
		flock 9
		[ -e "$c.done" ] || { rm -rf "$c" && mkdir -p "$c" && "$3" "$c" && touch "$c.done"; }
	) 9>"$c.lock" || return 1
	[ -e "$c.done" ] && mkdir -p "$2" && cp -a "$c/." "$2/" || return 1
	for f in "$2"/ca.cnf "$2"/*/ca.cnf; do
		[ -f "$f" ] && sed -i "s|^dir = $c|dir = $2|" "$f"
	done
	return 0
}

_make_pki() {
	local d=$1
	ca_init "$d"
	root "$d" root "/CN=sockerr test root/O=sockerr"
	csr "$d" int "/CN=sockerr test intermediate/O=sockerr"
	sign "$d" root "$d" int v3_ca -1 3000
	leaf "$d" good "/CN=localhost" "DNS:localhost,DNS:tls.test,IP:127.0.0.1" -1 400
	leaf "$d" expired "/CN=localhost" "DNS:localhost,IP:127.0.0.1" -400 -30
	leaf "$d" future "/CN=localhost" "DNS:localhost,IP:127.0.0.1" 30 400
	leaf "$d" wrongname "/CN=wrong.example" "DNS:wrong.example" -1 400
	leaf "$d" ipv4only "/CN=127.0.0.1" "IP:127.0.0.1" -1 400
	leaf "$d" cnonly "/CN=localhost" "" -1 400
	leaf "$d" wildcard "/CN=wild" "DNS:*.tls.test,DNS:x*.tls.test" -1 400
	leaf "$d" partial "/CN=partial" "DNS:x*.tls.test" -1 400
	leaf "$d" weak "/CN=localhost" "DNS:localhost,IP:127.0.0.1" -1 400 1024
	leaf "$d" sha1 "/CN=localhost" "DNS:localhost,IP:127.0.0.1" -1 400 2048 sha1
	leaf "$d" soon "/CN=localhost" "DNS:localhost,IP:127.0.0.1" -300 10
	# names a hostile server could send: escapes, a bell, UTF-8, DEL
	leaf "$d" evil "/CN=ev$(printf '\033')[31mil$(printf '\a')\"q/O=caf$(printf '\303\251\177')" \
		"DNS:x$(printf '\033')y,DNS:evil.test" -1 400
	# self-signed, and one from a root nobody trusts
	mkdir -p "$d/self" "$d/other"
	ca_init "$d/self"
	csr "$d/self" self "/CN=localhost" "DNS:localhost"
	openssl ca -batch -notext -selfsign -config "$d/self/ca.cnf" \
		-keyfile "$d/self/self.key" -in "$d/self/self.csr" -out "$d/self.pem" \
		-extensions v3_leaf -startdate "$(utc_offset -1)" \
		-enddate "$(utc_offset 400)" 2>/dev/null
	cp "$d/self/self.key" "$d/self.key"
	ca_init "$d/other"
	root "$d/other" root "/CN=sockerr untrusted root"
	csr "$d" unknown "/CN=localhost" "DNS:localhost,IP:127.0.0.1"
	sign "$d/other" root "$d" unknown v3_leaf -1 400
	[ -s "$d/good.chain.pem" ] && [ -s "$d/self.pem" ] && [ -s "$d/unknown.pem" ]
}

# der_san NAME...: a subjectAltName of dNSNames given as printf %b text
# ("good.example\0.evil"): "DER:30:..", for names openssl's config syntax
# cannot carry (a NUL).  Each name under 128 bytes.
der_san() {
	local body=() n h
	for n in "$@"; do
		h=($(printf '%b' "$n" | od -An -v -tx1))
		body+=(82 "$(printf '%02x' ${#h[@]})" "${h[@]}")
	done
	printf 'DER:30:%02x' ${#body[@]}
	printf ':%s' "${body[@]}"
}

# nul_cn DIR NAME TEXT: a leaf whose subject CN is TEXT with its "X"
# replaced by a NUL.  openssl writes no NUL in a subject: the byte is
# patched into a self-signed certificate (its subject and issuer), turned
# back into a request signed by its own key (-x509toreq) and signed by
# the intermediate.
nul_cn() {
	local d=$1 name=$2 text=$3 off
	openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$d/$name.key" \
		-subj "/CN=$text" -days 1 -outform DER -out "$d/$name.self.der" 2>/dev/null || return 1
	for off in $(grep -obUaF "$text" "$d/$name.self.der" | cut -d: -f1); do
		off=$((off + $(expr index "$text" X) - 1))
		printf '\0' | dd of="$d/$name.self.der" bs=1 seek="$off" conv=notrunc 2>/dev/null
	done
	openssl x509 -inform DER -in "$d/$name.self.der" -x509toreq \
		-signkey "$d/$name.key" -out "$d/$name.csr" 2>/dev/null &&
		sign "$d" int "$d" "$name" v3_leaf -1 400
}

# make_names_pki DIR (after make_pki DIR): the certificates of the names
# suite (tests/ns/71-tls-names.sh); made once a run with SK_PKI_CACHE.
make_names_pki() {
	if [ -n "${SK_PKI_CACHE:-}" ]; then
		pki_cached names "$1" _make_both_pki
	else
		_make_names_pki "$1"
	fi
}
_make_both_pki() { make_pki "$1" && _make_names_pki "$1"; }
_make_names_pki() {
	local d=$1 i sans= subj=
	# IDNA: bücher.example and bücher.test as A-labels; a unicode CN
	leaf "$d" idn "/CN=xn--bcher-kva.example" \
		"DNS:xn--bcher-kva.example,DNS:xn--bcher-kva.test" -1 400
	leaf "$d" ucn "/CN=bücher.example" "" -1 400
	# 70 DNS names, the last localhost; 20 CNs and no SAN, the last localhost
	for ((i = 1; i < 70; i++)); do sans+="DNS:n$i.example,"; done
	leaf "$d" many "/CN=many" "${sans}DNS:localhost" -1 400
	for ((i = 1; i < 20; i++)); do subj+="/CN=c$i.example"; done
	leaf "$d" manycn "$subj/CN=localhost" "" -1 400
	# a NUL inside a DNS name, and inside the CN
	leaf "$d" nulsan "/CN=nulsan" "$(der_san 'good.example\0.evil' 'other\0.example')" -1 400
	nul_cn "$d" nulcn "good.exampleX.evil"
	[ -s "$d/idn.pem" ] && [ -s "$d/many.pem" ] && [ -s "$d/manycn.pem" ] &&
		[ -s "$d/nulsan.pem" ] && [ -s "$d/nulcn.pem" ]
}
