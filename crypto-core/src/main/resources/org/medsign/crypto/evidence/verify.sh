#!/bin/sh
# MedSign evidence package check. Needs only OpenSSL 3 and a POSIX shell; trusts nothing in the package but the
# root certificate (pin it: sh verify.sh ROOT.pem). Run inside the unzipped package. Every signed piece is cut out of
# the primary files here (signature.p7s, timestamp/token.tst, revocation/crl.der, audit/anchor-token.tst) with
# openssl asn1parse + dd, then checked with the standard SM2 ID. Exit 0: every check passed; 1: the first failure is
# printed; 2: usage. What this script does not check is listed in README.md.
set -u
DISTID=distid:1234567812345678
W="${TMPDIR:-/tmp}/medsign-evidence.$$"
(umask 077 && mkdir "$W") || { echo "cannot create the work directory $W"; exit 2; }
trap 'rm -rf "$W"' EXIT
trap 'exit 2' INT TERM

fail() { echo "FAILED: $*"; exit 1; }
ok() { echo "ok: $*"; }
m() { sed -n "s/^$1=//p" manifest.txt; }
sm3() { openssl dgst -sm3 -r "$1" | cut -d' ' -f1; }
lower() { tr 'ABCDEF' 'abcdef'; }
pub() { openssl x509 -in "$1" -noout -pubkey > "$2" || fail "cannot read the public key of $1"; }
bytes() { dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null; }   # FILE OFFSET LENGTH → stdout
sm2() { # KEY.pem TBS SIG: the SM2 signature with the standard ID
    openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt "$DISTID" -pubin -inkey "$1" -in "$2" -sigfile "$3" \
        >/dev/null 2>&1
}
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
# the first OCTET STRING after a line naming OID $2 (the value of that attribute), lower-case hex
attribute_hex() {
    openssl asn1parse -inform DER -in "$1" 2>/dev/null | awk -v oid=":$2" '
        index($0, oid) { f = 1; next } f && /OCTET STRING/ { sub(/.*HEX DUMP\]:/, ""); print; exit }' | lower
}
# one line of lower-case hex on stdin → those bytes on stdout (through base64: no NUL trouble in printf)
unhex() {
    awk 'BEGIN { b = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"; x = "0123456789abcdef" }
        { n = length($0) / 2; out = ""
          for (i = 0; i < n; i += 3) {
              v = 0
              for (j = 0; j < 3; j++) { v *= 256; if (i + j < n) v += (index(x, substr($0, 2 * (i + j) + 1, 1)) - 1) * 16 \
                  + index(x, substr($0, 2 * (i + j) + 2, 1)) - 1 }
              c = ""; for (j = 0; j < 4; j++) { c = substr(b, v % 64 + 1, 1) c; v = int(v / 64) }
              if (i + 1 >= n) c = substr(c, 1, 2) "=="; else if (i + 2 >= n) c = substr(c, 1, 3) "="
              out = out c }
          print out }' | openssl base64 -d -A
}
hexof() { od -An -v -tx1 | tr -d ' \n'; }   # bytes on stdin → lower-case hex
# a raw SM2 signature r‖s (64 bytes) in FILE → the same as DER SEQUENCE { INTEGER r, INTEGER s } on stdout
der_int() { # 64 hex digits → DER INTEGER, hex
    v=$(echo "$1" | sed 's/^\(00\)*//'); [ -n "$v" ] || v=00
    case $v in [89abcdef]*) v="00$v" ;; esac
    printf '02%02x%s' $((${#v} / 2)) "$v"
}
rs_to_der() {
    h=$(hexof < "$1"); [ ${#h} -eq 128 ] || return 1
    body="$(der_int "$(echo "$h" | cut -c1-64)")$(der_int "$(echo "$h" | cut -c65-128)")"
    printf '30%02x%s\n' $((${#body} / 2)) "$body" | unhex
}
lines() { wc -l < "$1" | tr -d ' '; }   # line count without the padding some wc print
# SM3 of the sorted concatenation of the hex lines on stdin (RFC 4998 §4.3: hashes in binary ascending order)
sorted_sm3() { LC_ALL=C sort | tr -d '\n' | unhex > "$W/lvl.bin"; sm3 "$W/lvl.bin"; }
# RFC 4998 reduced hash tree of an archive timestamp, levels in $W/lvl1..lvlLEVELS (one hex hash per line): LEAF
# (hex) must be in level 1; level 1 gives the leaf node (the single hash itself, or for a data GROUP — the earlier
# tokens a timestamp renewal covers — the hash of its sorted hashes); each further level is a sibling node, hashed
# together with the value so far. Prints the root (hex). Usage: ers_root LEAF LEVELS GROUP(0|1)
ers_root() {
    [ "$2" -eq 0 ] && { echo "$1"; return 0; }
    grep -qx "$1" "$W/lvl1" || return 1
    if [ "$3" -eq 0 ] && [ "$(lines "$W/lvl1")" -eq 1 ]; then v=$1; else v=$(sorted_sm3 < "$W/lvl1"); fi
    k=2
    while [ "$k" -le "$2" ]; do
        if [ "$(lines "$W/lvl$k")" -eq 1 ]; then n=$(cat "$W/lvl$k"); else n=$(sorted_sm3 < "$W/lvl$k"); fi
        v=$(printf '%s\n%s\n' "$v" "$n" | sorted_sm3); k=$((k + 1))
    done
    echo "$v"
}
# GeneralizedTime / UTCTime text → seconds since 1970 (UTC)
epoch() {
    echo "$1" | awk '{ s = $0; if (length(s) < 14 || substr(s, 13, 1) == "Z") s = (substr(s, 1, 2) < 50 ? "20" : "19") s
        y = substr(s, 1, 4) + 0; mo = substr(s, 5, 2) + 0; d = substr(s, 7, 2) + 0
        a = (mo <= 2); yy = y - a; mm = mo + 12 * a - 3
        days = 365 * yy + int(yy / 4) - int(yy / 100) + int(yy / 400) + int((153 * mm + 2) / 5) + d - 1 - 719468
        print days * 86400 + substr(s, 9, 2) * 3600 + substr(s, 11, 2) * 60 + substr(s, 13, 2) }'
}
# SignedData FILE → $W/P.tbs (signed attributes as SET), $W/P.sig (signature value), $W/P.econtent (if attached)
signed_data() {
    asn1 "$1" > "$W/$2.asn1" || return 1
    awk '$2 == 5 && $5 == "cons:_cont_[_0_]" && !a { a = 1; print "A", $1, $3, $4; next }
         $2 == 5 && $5 == "prim:_OCTET_STRING" && !a && !e { e = 1; print "E", $1, $3, $4; next }
         $2 == 5 && $5 == "prim:_OCTET_STRING" && a && !s { s = 1; print "S", $1, $3, $4 }
         $2 == 5 && $5 == "cons:_cont_[_1_]" { u = 1 }
         u && $2 == 8 && $5 == "cons:_SEQUENCE" && !t { t = 1; print "T", $1, $3, $4 }' "$W/$2.asn1" > "$W/$2.cut"
    set -- "$1" "$2" $(awk '$1 == "A" { print $2, $3, $4 }' "$W/$2.cut") \
        $(awk '$1 == "S" { print $2, $3, $4 }' "$W/$2.cut")
    [ $# -eq 8 ] || return 1
    { printf '\061'; bytes "$1" $(($3 + 1)) $(($4 + $5 - 1)); } > "$W/$2.tbs"
    bytes "$1" $(($6 + $7)) "$8" > "$W/$2.sig"
    e=$(awk '$1 == "E" { print $2 + $3, $4 }' "$W/$2.cut")
    [ -z "$e" ] || bytes "$1" $e > "$W/$2.econtent"
    t=$(awk '$1 == "T" { print $2, $3 + $4 }' "$W/$2.cut")
    [ -z "$t" ] || bytes "$1" $t > "$W/$2.token"
    return 0
}
# RFC 3161 token FILE NAME KEY → checks signature and TSTInfo digest; sets TS_IMPRINT (hex) and TS_TIME (epoch)
timestamp() {
    signed_data "$1" "$2" && [ -s "$W/$2.econtent" ] || fail "$1: not a timestamp token"
    sm2 "$3" "$W/$2.tbs" "$W/$2.sig" || fail "$1: the TSA signature does not verify"
    [ "$(sm3 "$W/$2.econtent")" = "$(attribute_hex "$W/$2.tbs" messageDigest)" ] \
        || fail "$1: the TSTInfo does not match the token's message digest"
    TS_IMPRINT=$(openssl asn1parse -inform DER -in "$W/$2.econtent" | awk '/OCTET STRING/ {
        sub(/.*HEX DUMP\]:/, ""); print; exit }' | lower)
    TS_TIME=$(epoch "$(openssl asn1parse -inform DER -in "$W/$2.econtent" | awk '/GENERALIZEDTIME/ {
        sub(/.*GENERALIZEDTIME *:/, ""); print; exit }')")
}

[ -f manifest.txt ] || { echo "usage: run inside the unzipped evidence package: sh verify.sh [ROOT.pem]"; exit 2; }
[ "$(m format)" = "medsign-evidence-1" ] || fail "manifest.txt: not a MedSign evidence package (format medsign-evidence-1)"
SIG_ID=$(m signature_id)
echo "MedSign evidence package for signature $SIG_ID"

# 1. trust: the root (pinned if given)
if [ $# -ge 1 ]; then
    [ "$(openssl x509 -in "$1" -outform DER | openssl dgst -sm3 -r | cut -d' ' -f1)" = \
      "$(openssl x509 -in certs/root-ca.pem -outform DER | openssl dgst -sm3 -r | cut -d' ' -f1)" ] \
        || fail "certs/root-ca.pem is not the root you gave ($1)"
    ok "root certificate is the pinned one ($1)"
else
    echo "note: root not pinned; compare its SM3 fingerprint with the hospital's published root:"
    echo "      $(openssl x509 -in certs/root-ca.pem -noout -fingerprint -sm3)"
fi
pub certs/signer.pem "$W/signer.pub"; pub certs/issuing-ca.pem "$W/issuing.pub"
[ ! -f certs/tsa.pem ] || pub certs/tsa.pem "$W/tsa.pub"
FORMAT=$(m signature_format); [ -n "$FORMAT" ] || FORMAT=cms

# 2. document and its digest
CONTENT_SM3=$(m content_sm3)
DOC=$(m document)
if [ "$DOC" != none ]; then
    [ "$(sm3 "$DOC")" = "$CONTENT_SM3" ] || fail "$DOC: SM3 is not the recorded content_sm3"
    ok "$DOC: SM3 $CONTENT_SM3"
else
    echo "note: the document is not in the package; checking against content_sm3 only"
fi

if [ "$FORMAT" = cms ]; then
    # 3. CMS signature over the document
    signed_data signature.p7s cms || fail "signature.p7s: not a CMS SignedData with signed attributes"
    sm2 "$W/signer.pub" "$W/cms.tbs" "$W/cms.sig" \
        || fail "signature.p7s: the SM2 signature does not verify under certs/signer.pem"
    [ "$(attribute_hex "$W/cms.tbs" messageDigest)" = "$CONTENT_SM3" ] \
        || fail "signature.p7s: the signed message digest is not the document's SM3"
    if [ -f "$W/cms.econtent" ] && [ "$DOC" != none ]; then
        cmp -s "$W/cms.econtent" "$DOC" || fail "signature.p7s: the attached content is not $DOC"
    fi
    ok "signature.p7s: SM2 signature by certs/signer.pem over SM3 $CONTENT_SM3"
    # 3b. handwriting: its SM3 is the signed attribute 2.25.14544688885188277567187530668926569061.2.1
    HW=$(m handwriting); [ -n "$HW" ] || HW=none
    HW_ATTR=$(attribute_hex "$W/cms.tbs" 2.25.14544688885188277567187530668926569061.2.1)
    if [ "$HW" != none ]; then
        [ -n "$HW_ATTR" ] || fail "$HW is in the package but signature.p7s has no handwriting attribute"
        [ "$(sm3 "$HW")" = "$HW_ATTR" ] || fail "$HW: its SM3 is not the signed handwriting digest of signature.p7s"
        ok "$HW: SM3 $HW_ATTR is the signed handwriting attribute of signature.p7s"
    else
        [ -z "$HW_ATTR" ] || fail "signature.p7s carries a handwriting digest but the package has no handwriting image"
    fi

    # 4. signature timestamp: the token's imprint is SM3(signature value); its time is the proven signing time
    TOKEN=$(m timestamp)
    [ "$TOKEN" != none ] || fail "no signature timestamp in the package"
    if [ -f "$W/cms.token" ]; then
        cmp -s "$W/cms.token" "$TOKEN" || fail "$TOKEN is not the timestamp token inside signature.p7s"
    fi
    timestamp "$TOKEN" sigts "$W/tsa.pub"
    [ "$TS_IMPRINT" = "$(sm3 "$W/cms.sig")" ] || fail "$TOKEN: its imprint is not SM3 of the signature value"
    SIGNED_AT=$TS_TIME
    ok "$TOKEN: TSA signature, TSTInfo digest and imprint; time $SIGNED_AT (seconds since 1970, UTC)"
else
    # 3. raw SM2 signature over the document itself (SM3 with the standard ID: the document is needed)
    [ "$DOC" != none ] || fail "signature.sig: checking a raw SM2 signature needs the document, not in the package"
    case $FORMAT in
    sm2-der) cp signature.sig "$W/raw.sig" ;;
    sm2-rs) rs_to_der signature.sig > "$W/raw.sig" || fail "signature.sig: not a 64-byte r‖s SM2 signature" ;;
    *) fail "manifest.txt: unknown signature_format $FORMAT" ;;
    esac
    sm2 "$W/signer.pub" "$DOC" "$W/raw.sig" \
        || fail "signature.sig: the SM2 signature does not verify over $DOC under certs/signer.pem"
    ok "signature.sig: raw SM2 signature ($FORMAT) by certs/signer.pem over $DOC"

    # 4. its timestamp, if the system asked for one: the imprint is SM3 of signature.sig
    TOKEN=$(m timestamp)
    if [ "$TOKEN" != none ]; then
        timestamp "$TOKEN" sigts "$W/tsa.pub"
        [ "$TS_IMPRINT" = "$(sm3 signature.sig)" ] || fail "$TOKEN: its imprint is not SM3 of signature.sig"
        SIGNED_AT=$TS_TIME
        ok "$TOKEN: TSA signature, TSTInfo digest and imprint; time $SIGNED_AT (seconds since 1970, UTC)"
    else
        SIGNED_AT=$(epoch "$(m signed_at | sed 's/[-:T]//g; s/\.[0-9]*Z$/Z/')")
        echo "note: no signature timestamp (the system did not ask for one): signing time $SIGNED_AT is the hub's record"
    fi
fi

# 5. certificates, link by link, at the timestamp's time (OpenSSL applies the SM2 ID only to the named certificate)
openssl verify -vfyopt "$DISTID" -attime "$SIGNED_AT" -CAfile certs/issuing-ca.pem -partial_chain \
    certs/signer.pem >/dev/null 2>&1 || fail "certs/signer.pem does not verify under certs/issuing-ca.pem at $SIGNED_AT"
[ ! -f certs/tsa.pem ] || openssl verify -vfyopt "$DISTID" -attime "$SIGNED_AT" -CAfile certs/issuing-ca.pem \
    -partial_chain -purpose timestampsign certs/tsa.pem >/dev/null 2>&1 \
    || fail "certs/tsa.pem is not a TSA certificate of the issuing CA"
openssl verify -vfyopt "$DISTID" -attime "$SIGNED_AT" -CAfile certs/root-ca.pem certs/issuing-ca.pem >/dev/null 2>&1 \
    || fail "certs/issuing-ca.pem does not verify under certs/root-ca.pem at $SIGNED_AT"
ok "certificate chain signer → issuing CA → root, and the TSA certificate, valid at the signing time"

# 6. revocation data: CRL signed by the issuing CA, current at the signing time, not listing the signer
CRL=$(m revocation_file)
asn1 "$CRL" > "$W/crl.asn1" || fail "$CRL: not DER"
set -- $(awk '$2 == 1 { print $1, $3, $4 }' "$W/crl.asn1" | sed -n '1p;3p')
[ $# -eq 6 ] || fail "$CRL: not a CRL"
bytes "$CRL" "$1" $(($2 + $3)) > "$W/crl.tbs"
bytes "$CRL" $(($4 + $5 + 1)) $(($6 - 1)) > "$W/crl.sig"
sm2 "$W/issuing.pub" "$W/crl.tbs" "$W/crl.sig" || fail "$CRL: the CRL signature does not verify under certs/issuing-ca.pem"
SERIAL=$(openssl x509 -in certs/signer.pem -noout -serial | sed 's/^serial=//')
if openssl crl -inform DER -in "$CRL" -noout -text | grep -q "Serial Number: $SERIAL\$"; then
    fail "$CRL lists the signer certificate $SERIAL as revoked"
fi
if [ "$(m revocation)" = signing-time ]; then
    set -- $(openssl asn1parse -inform DER -in "$W/crl.tbs" | awk '/(UTCTIME|GENERALIZEDTIME)/ && /:d=1 / {
        sub(/.*TIME *:/, ""); print }' | head -2)
    [ $# -eq 2 ] || fail "$CRL: no thisUpdate/nextUpdate"
    [ "$(epoch "$1")" -le "$SIGNED_AT" ] && [ "$SIGNED_AT" -le "$(epoch "$2")" ] \
        || fail "$CRL was not current at the signing time ($1 .. $2)"
    ok "$CRL: signed by the issuing CA, current at the signing time, signer $SERIAL not revoked"
else
    echo "note: $CRL is the CRL current at export, not the one at signing (signature made before the hub kept it)"
    ok "$CRL: signed by the issuing CA, signer $SERIAL not revoked"
fi

# 7. audit chain: each event's canonical text gives its hash, links to its predecessor, up to the anchored head
NODE=$(m audit_node)
FIRST=$(m audit_first_seq)
[ -s audit/chain.txt ] || fail "audit/chain.txt missing"
PREV=""; PSEQ=""
while read -r SEQ HASH; do
    F="audit/event-$SEQ.txt"
    [ -f "$F" ] || fail "$F missing"
    [ "$(sm3 "$F")" = "$HASH" ] || fail "audit event $NODE/$SEQ: its text does not give its hash (changed)"
    [ "$(awk -F'|' 'NR == 1 { print $2 "|" $3 }' "$F")" = "$NODE|$SEQ" ] || fail "$F: not node $NODE seq $SEQ"
    if [ -n "$PREV" ]; then
        [ "$SEQ" -eq $((PSEQ + 1)) ] || fail "audit chain: seq $SEQ follows $PSEQ (missing)"
        [ "$(dd if="$F" bs=64 count=1 2>/dev/null)" = "$PREV" ] || fail "audit event $NODE/$SEQ does not link to $PSEQ"
    else
        [ "$SEQ" = "$FIRST" ] || fail "audit chain does not start at the signature's event $FIRST"
        [ "$(awk -F'|' 'NR == 1 { print $7 "|" $8 }' "$F")" = "SIGN|$SIG_ID" ] || fail "$F is not the SIGN event of $SIG_ID"
        grep -q "sm3 $CONTENT_SM3" "$F" || fail "$F does not record content SM3 $CONTENT_SM3"
    fi
    PREV=$HASH; PSEQ=$SEQ
done < audit/chain.txt
[ "$(head -1 audit/anchor-heads.txt)" = medsign-audit-anchor-v1 ] || fail "audit/anchor-heads.txt: not an anchor"
grep -Fqx "$NODE|$PSEQ|$PREV" audit/anchor-heads.txt || fail "the anchor does not cover $NODE/$PSEQ with hash $PREV"
pub audit/anchor-tsa.pem "$W/anchor-tsa.pub"
openssl verify -vfyopt "$DISTID" -attime "$SIGNED_AT" -CAfile certs/issuing-ca.pem -partial_chain \
    -purpose timestampsign audit/anchor-tsa.pem >/dev/null 2>&1 || fail "audit/anchor-tsa.pem is not a TSA certificate of the issuing CA"
timestamp audit/anchor-token.tst anchor "$W/anchor-tsa.pub"
[ "$TS_IMPRINT" = "$(sm3 audit/anchor-heads.txt)" ] || fail "audit/anchor-token.tst does not timestamp audit/anchor-heads.txt"
[ "$TS_TIME" -ge "$SIGNED_AT" ] || fail "the anchor is older than the signature"
ok "audit chain $NODE/$FIRST..$PSEQ: hashes and links recomputed, head anchored by a timestamp at $TS_TIME"

# 8. RFC 4998 evidence record: in its first chain (SM3), the first archive timestamp covers the root of the hash tree
# over this signature.p7s, and each timestamp renewal covers the token before it; every token is checked like step 3
# with the key of ers/tsa-CHAIN-N.pem, a TSA certificate of the issuing CA, and none is older than the one before
ERS=ers/evidence-record.ers
if [ -f "$ERS" ]; then
    asn1 "$ERS" > "$W/ers.asn1" || fail "$ERS: not DER"
    # the second SEQUENCE at depth 1 is the ArchiveTimeStampSequence: chains (depth 2) of archive timestamps (3),
    # each with its reduced hash tree [2] (levels at depth 5, hashes at 6) and its token (the SEQUENCE at depth 4)
    awk '$2 == 1 { s = ($5 == "cons:_SEQUENCE" && ++q == 2); next }
         !s { next }
         $2 == 2 && $5 == "cons:_SEQUENCE" { print "C"; next }
         $2 == 3 && $5 == "cons:_SEQUENCE" { print "A"; next }
         $2 == 4 { r = ($5 == "cons:_cont_[_2_]") }
         $2 == 4 && $5 == "cons:_SEQUENCE" { print "T", $1, $3 + $4; next }
         r && $2 == 5 && $5 == "cons:_SEQUENCE" { print "L"; next }
         r && $2 == 6 && $5 == "prim:_OCTET_STRING" { print "H", $1 + $3, $4 }' "$W/ers.asn1" > "$W/ers.cut"
    grep -q '^T ' "$W/ers.cut" || fail "$ERS: no archive timestamp found"
    CHAIN=0; N=0; LVL=0; LAST=""; LAST_TIME=$SIGNED_AT; CHECKED=0
    while read -r K A B; do
        case $K in
        C) CHAIN=$((CHAIN + 1)); N=0 ;;
        A) N=$((N + 1)); LVL=0; rm -f "$W"/lvl[0-9]* ;;
        L) LVL=$((LVL + 1)); : > "$W/lvl$LVL" ;;
        H) bytes "$ERS" "$A" "$B" | hexof >> "$W/lvl$LVL"; echo >> "$W/lvl$LVL" ;;
        T)
            [ "$CHAIN" -eq 1 ] || continue
            NAME="$ERS chain $CHAIN archive timestamp $N"
            bytes "$ERS" "$A" "$B" > "$W/ats-$N.tst"
            if [ "$N" -eq 1 ]; then LEAF=$(sm3 "$(m signature)"); else LEAF=$(sm3 "$LAST"); fi
            ROOT=$(ers_root "$LEAF" "$LVL" $((N > 1))) || fail "$NAME: its hash tree does not contain $([ "$N" -eq 1 ] \
                && echo "the SM3 of $(m signature)" || echo "the timestamp before it")"
            TSA_PEM="ers/tsa-$CHAIN-$N.pem"
            [ -f "$TSA_PEM" ] || fail "$TSA_PEM missing"
            pub "$TSA_PEM" "$W/ats-$N.pub"
            timestamp "$W/ats-$N.tst" "ats$N" "$W/ats-$N.pub"
            openssl verify -vfyopt "$DISTID" -attime "$TS_TIME" -CAfile certs/issuing-ca.pem -partial_chain \
                -purpose timestampsign "$TSA_PEM" >/dev/null 2>&1 || fail "$TSA_PEM is not a TSA certificate of the issuing CA"
            [ "$TS_IMPRINT" = "$ROOT" ] || fail "$NAME: its imprint is not the root of its hash tree"
            [ "$TS_TIME" -ge "$LAST_TIME" ] || fail "$NAME is older than what it covers"
            LAST="$W/ats-$N.tst"; LAST_TIME=$TS_TIME; CHECKED=$N
            ;;
        esac
    done < "$W/ers.cut"
    [ "$CHECKED" -ge 1 ] || fail "$ERS: no archive timestamp in its first chain"
    ok "$ERS: SM3 hash tree over $(m signature), $CHECKED archive timestamp(s) in its first chain, the last at $LAST_TIME"
    [ "$CHAIN" -le 1 ] || echo "note: $ERS has $CHAIN chains; the hash-tree renewals (chain 2 on) are checked by \
medsign evidence verify"
fi

echo "ALL CHECKS PASSED for signature $SIG_ID"
exit 0
