#!/bin/sh
# MedSign compliance pack check. Needs only OpenSSL 3 and a POSIX shell. Run inside the unzipped pack:
#   sh verify.sh [ROOT.pem]     (ROOT.pem: the hospital's published root certificate, to pin it)
# Checks: the operations signer's certificate chain, the detached CMS SM3SUMS.p7s (SM2 with SM3, the standard ID)
# over SM3SUMS, and the SM3 of every file against SM3SUMS (and that no file is unlisted).
# Exit 0: every check passed; 1: the first failure is printed; 2: usage.
set -u
DISTID=distid:1234567812345678
W="${TMPDIR:-/tmp}/medsign-compliance.$$"
(umask 077 && mkdir "$W") || { echo "cannot create the work directory $W"; exit 2; }
trap 'rm -rf "$W"' EXIT
trap 'exit 2' INT TERM

fail() { echo "FAILED: $*"; exit 1; }
ok() { echo "ok: $*"; }
sm3() { openssl dgst -sm3 -r "$1" | cut -d' ' -f1; }
bytes() { dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null; }   # FILE OFFSET LENGTH → stdout
# asn1parse as "offset depth headerlength length kind" lines; kind like cons:_cont_[_0_] or prim:_OCTET_STRING
asn1() {
    openssl asn1parse -inform DER -in "$1" 2>/dev/null | awk '{
        h = $0; sub(/ (prim|cons):.*/, "", h); off = h; sub(/:.*/, "", off)
        d = h; sub(/.*d=/, "", d); sub(/ .*/, "", d)
        hl = h; sub(/.*hl=/, "", hl); sub(/ .*/, "", hl)
        l = h; sub(/.*[^h]l= */, "", l); sub(/ .*/, "", l)
        t = substr($0, length(h) + 1); sub(/^ +/, "", t); k = substr(t, 1, 5); t = substr(t, 6)
        sub(/:.*$/, "", t); sub(/\[HEX DUMP\].*$/, "", t); sub(/^ +/, "", t); sub(/ +$/, "", t); gsub(/ +/, "_", t)
        print off + 0, d, hl, l, k "_" t }'
}

[ -f manifest.txt ] && [ -f SM3SUMS ] && [ -f SM3SUMS.p7s ] \
    || { echo "usage: run inside the unzipped compliance pack: sh verify.sh [ROOT.pem]"; exit 2; }
grep -qx 'format=medsign-compliance-pack-1' manifest.txt || fail "manifest.txt: not a MedSign compliance pack"
echo "MedSign compliance pack of $(sed -n 's/^node=//p' manifest.txt), $(sed -n 's/^created_at=//p' manifest.txt)"

# 1. trust: the root (pinned if given), issuing CA under the root, the signer under the issuing CA
if [ $# -ge 1 ]; then
    [ "$(openssl x509 -in "$1" -outform DER | openssl dgst -sm3 -r | cut -d' ' -f1)" = \
      "$(openssl x509 -in certs/root-ca.pem -outform DER | openssl dgst -sm3 -r | cut -d' ' -f1)" ] \
        || fail "certs/root-ca.pem is not the root you gave ($1)"
    ok "root certificate is the pinned one ($1)"
else
    echo "note: root not pinned; compare its SM3 fingerprint with the hospital's published root:"
    echo "      $(openssl x509 -in certs/root-ca.pem -noout -fingerprint -sm3)"
fi
openssl verify -vfyopt "$DISTID" -CAfile certs/root-ca.pem certs/issuing-ca.pem >/dev/null 2>&1 \
    || fail "certs/issuing-ca.pem does not verify under certs/root-ca.pem"
openssl verify -vfyopt "$DISTID" -CAfile certs/issuing-ca.pem -partial_chain certs/signer.pem >/dev/null 2>&1 \
    || fail "certs/signer.pem does not verify under certs/issuing-ca.pem"
ok "certificate chain operations signer -> issuing CA -> root"

# 2. the detached CMS over SM3SUMS: cut the signed attributes (re-tagged as a SET) and the signature value out of
#    the SignerInfo, check the SM2 signature over them, and that the signed message digest is SM3(SM3SUMS)
asn1 SM3SUMS.p7s > "$W/p7s.asn1" || fail "SM3SUMS.p7s: not DER"
set -- $(awk '$2 == 5 && $5 == "cons:_cont_[_0_]" && !a { a = 1; print $1, $3, $4; next }
              $2 == 5 && $5 == "prim:_OCTET_STRING" && a && !s { s = 1; print $1, $3, $4 }' "$W/p7s.asn1")
[ $# -eq 6 ] || fail "SM3SUMS.p7s: not a CMS SignedData with signed attributes"
{ printf '\061'; bytes SM3SUMS.p7s $(($1 + 1)) $(($2 + $3 - 1)); } > "$W/attrs.der"
bytes SM3SUMS.p7s $(($4 + $5)) "$6" > "$W/signature.der"
openssl x509 -in certs/signer.pem -noout -pubkey > "$W/signer.pub" || fail "cannot read certs/signer.pem"
openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt "$DISTID" -pubin -inkey "$W/signer.pub" -in "$W/attrs.der" \
    -sigfile "$W/signature.der" >/dev/null 2>&1 || fail "SM3SUMS.p7s: the SM2 signature does not verify under certs/signer.pem"
DIGEST=$(openssl asn1parse -inform DER -in "$W/attrs.der" | awk '/:messageDigest/ { f = 1; next }
    f && /OCTET STRING/ { sub(/.*HEX DUMP\]:/, ""); print; exit }' | tr 'ABCDEF' 'abcdef')
[ "$DIGEST" = "$(sm3 SM3SUMS)" ] || fail "SM3SUMS.p7s: the signed message digest is not SM3 of SM3SUMS (changed)"
ok "SM3SUMS.p7s: SM2 signature by certs/signer.pem over SM3 $DIGEST of SM3SUMS"

# 3. every file: its SM3 as listed, and nothing unlisted
N=0
while read -r SUM NAME; do
    [ -f "$NAME" ] || fail "$NAME is listed in SM3SUMS but missing"
    [ "$(sm3 "$NAME")" = "$SUM" ] || fail "$NAME: SM3 is not the one in SM3SUMS (changed)"
    N=$((N + 1))
done < SM3SUMS
find . -type f | sed 's|^\./||' | while read -r NAME; do
    case $NAME in SM3SUMS|SM3SUMS.p7s) continue ;; esac
    awk -v n="$NAME" '{ sub(/^[0-9a-f]+  /, "") } $0 == n { f = 1 } END { exit !f }' SM3SUMS \
        || { echo "FAILED: $NAME is not listed in SM3SUMS (added)"; exit 1; }
done || exit 1
ok "$N files match SM3SUMS, none unlisted"
echo "ALL CHECKS PASSED"
exit 0
