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

make_pki() {
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
