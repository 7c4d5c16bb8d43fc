#!/usr/bin/env bash
# Makes the committed seeds of the ocsp fuzz target (fuzz/ocsp_fuzz.cc) with
# `openssl ocsp` as a CA's responder: a good response signed by the CA, a
# revoked one signed by a delegated responder (its certificate included,
# responder id by key), and one about a serial the responder does not know.
#   fuzz/seeds/ocsp/make_seeds.sh
set -euo pipefail
out=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
key ca.key
openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=seed CA" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign -out ca.pem
issue() {  # name subject extensions
  key "$1.key"
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"
  printf '%s\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 -days 3650 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
}
issue leaf /CN=localhost "subjectAltName=DNS:localhost
extendedKeyUsage=serverAuth
tlsfeature=status_request"
issue responder "/CN=seed responder" "extendedKeyUsage=OCSPSigning"
serial=$(openssl x509 -in leaf.pem -noout -serial | cut -d= -f2)
openssl ocsp -issuer ca.pem -cert leaf.pem -no_nonce -reqout req.der
printf 'V\t351231000000Z\t\t%s\tunknown\t/CN=localhost\n' "$serial" > good.index
printf 'R\t351231000000Z\t240101000000Z,keyCompromise\t%s\tunknown\t/CN=localhost\n' "$serial" \
  > revoked.index
openssl ocsp -index good.index -rsigner ca.pem -rkey ca.key -CA ca.pem -reqin req.der \
  -respout "$out/good_by_issuer.der" -ndays 30
openssl ocsp -index revoked.index -rsigner responder.pem -rkey responder.key -CA ca.pem \
  -reqin req.der -respout "$out/revoked_by_delegate.der" -ndays 30 -resp_key_id
# A response about a certificate the responder does not know: unknown.
openssl ocsp -index good.index -rsigner ca.pem -rkey ca.key -CA ca.pem -issuer ca.pem \
  -serial 0x7777 -respout "$out/unknown.der" -ndays 30 2>/dev/null || true
