#!/usr/bin/env bash
# Makes a throwaway PKI in DIR with the openssl command: ca.pem (a root held
# to the CA profile parley's strict anchors expect), server.pem/.key (for
# localhost, serverAuth) and client.pem/.key (CN=example client, clientAuth),
# P-256 keys, valid for two days. Used by scripts/consumer.sh and
# examples/run_examples.sh.
#   scripts/test_pki.sh DIR
set -euo pipefail
dir=$1
mkdir -p "$dir"
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj "/CN=parley test CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  2>/dev/null
leaf() {  # NAME SUBJECT EXTENSIONS...
  local name=$1 subject=$2
  shift 2
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "$subject" \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null
  printf '%s\n' "$@" "keyUsage=critical,digitalSignature" "authorityKeyIdentifier=keyid" \
    "subjectKeyIdentifier=hash" >"$dir/$name.ext"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -days 2 -extfile "$dir/$name.ext" -out "$dir/$name.pem" 2>/dev/null
}
leaf server "/CN=localhost" "subjectAltName=DNS:localhost" "extendedKeyUsage=serverAuth"
leaf client "/CN=example client" "subjectAltName=DNS:client.example" \
  "extendedKeyUsage=clientAuth"
