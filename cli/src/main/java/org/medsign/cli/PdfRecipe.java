package org.medsign.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.interop.OpensslRecipe;
import org.medsign.crypto.pdf.PdfByteRange;
import org.medsign.crypto.pdf.PdfSignatureContent;
import org.medsign.crypto.pdf.PdfSignatures;

/**
 * The OpenSSL recipe of a signed PDF: {@code document.pdf} (a copy of the input), one directory {@code sig-N/} per
 * signature in signing order with the CMS ({@code signature.p7s}), the signed bytes as found now ({@code signed.bin}),
 * the pieces of {@link OpensslRecipe} and a {@code verify.sh} that cuts the byte ranges out of the PDF again with
 * {@code dd}, and a top-level {@code verify.sh} that runs them all. The scripts need OpenSSL 3 and POSIX
 * {@code sh}, {@code dd}, {@code od}, {@code tr}, {@code wc}, {@code cut} only.
 */
final class PdfRecipe {

    static final String DOCUMENT = "document.pdf";

    private static final Pattern SIGNATURE_CHECK = Pattern.compile(" -in (\\S+)\\.tbs\\.der ");
    private static final Pattern DIGEST_CHECK = Pattern.compile("-r (\\S+)\\.content ");
    private static final Pattern CHAIN_CHECK = Pattern.compile("^openssl verify .* (\\S+)$");

    private PdfRecipe() {
    }

    /** Writes the recipe of every signature of {@code pdf} into {@code out}; returns what to print. */
    static String write(byte[] pdf, Path out, List<X509CertificateHolder> chain) {
        List<PdfSignatureContent> contents = PdfSignatures.contents(pdf);
        if (contents.isEmpty()) {
            throw new InputFileException("the PDF has no signatures: nothing to check");
        }
        CliFiles.write(out.resolve(DOCUMENT), pdf);
        StringBuilder summary = new StringBuilder();
        StringBuilder all = new StringBuilder(header("Verifies the " + contents.size() + " signature(s) of "
                + DOCUMENT + " (or of the PDF given as $1) with OpenSSL only, one sig-N/verify.sh each.", DOCUMENT));
        all.append("status=0\nfor sig in");
        for (int i = 0; i < contents.size(); i++) {
            String name = "sig-" + (i + 1);
            PdfSignatureContent content = contents.get(i);
            if (content.byteRange() == null || content.signedBytes() == null) {
                throw new InputFileException(name + " (" + content.fieldName() + ") has no usable /ByteRange "
                        + "inside the file: nothing OpenSSL could check");
            }
            Path dir = out.resolve(name);
            CliFiles.write(dir.resolve("signature.p7s"), content.cms());
            CliFiles.write(dir.resolve("signed.bin"), content.signedBytes());
            String checks = OpensslRecipe.write(dir, OpensslRecipe.forCms(content.cms(), content.signedBytes()));
            if (chain != null) {
                checks += OpensslRecipe.writeChain(dir, OpensslRecipe.signerCertificate(content.cms(), null), chain);
            }
            Path script = dir.resolve("verify.sh");
            CliFiles.write(script, signatureScript(name, content, checks).getBytes(StandardCharsets.UTF_8));
            script.toFile().setExecutable(true);
            all.append(' ').append(name);
            summary.append(name).append(": field ").append(printable(content.fieldName())).append(", /ByteRange ")
                    .append(content.byteRange()).append('\n');
        }
        all.append("; do\n    sh \"$sig/verify.sh\" \"$PDF\" || status=1\ndone\n")
                .append("if [ \"$status\" -eq 0 ]; then echo \"all ").append(contents.size())
                .append(" signature(s) OK\"; else echo \"NOT every signature verifies\" >&2; fi\nexit \"$status\"\n");
        Path script = out.resolve("verify.sh");
        CliFiles.write(script, all.toString().getBytes(StandardCharsets.UTF_8));
        script.toFile().setExecutable(true);
        return summary.toString();
    }

    private static String header(String what, String defaultPdf) {
        return "#!/bin/sh\n# " + what + "\n"
                + "# Usage: sh verify.sh [FILE.pdf]   (default: " + defaultPdf + ", relative to this script)\n"
                + "PDF=\"${1:-$(dirname \"$0\")/" + defaultPdf + "}\"\n"
                + "case \"$PDF\" in /*) ;; *) PDF=\"$(pwd)/$PDF\" ;; esac\n"
                + "cd \"$(dirname \"$0\")\"\n";
    }

    private static String signatureScript(String name, PdfSignatureContent content, String checks) {
        PdfByteRange range = content.byteRange();
        StringBuilder script = new StringBuilder(header(name + ": signature field '" + printable(content.fieldName())
                + "', /ByteRange " + range + ".", "../" + DOCUMENT));
        script.append("""
                # 1. cut the signed bytes out of the PDF with dd: [O1, O1+L1) and [O2, O2+L2) -> signer.content
                # 2. the gap between the two ranges must be <hex of signature.p7s> (then zero padding)
                # 3. SM3 of the signed bytes = the CMS message digest; the SM2 signature (standard ID) over the
                #    signed attributes; the same for the signature timestamp; the certificate chain link by link
                set -e
                fail() { echo "%1$s: FAILED: $1" >&2; exit 1; }
                [ -f "$PDF" ] || fail "no file $PDF"
                O1=%2$d; L1=%3$d; O2=%4$d; L2=%5$d
                SIZE=$(wc -c < "$PDF" | tr -d ' ')
                [ "$((O2 + L2))" -le "$SIZE" ] || fail "the byte range ends after the end of the file ($SIZE bytes)"
                { dd if="$PDF" bs=1 skip="$O1" count="$L1" 2>/dev/null
                  dd if="$PDF" bs=1 skip="$O2" count="$L2" 2>/dev/null; } > signer.content
                HOLE=$(dd if="$PDF" bs=1 skip="$((O1 + L1))" count="$((O2 - O1 - L1))" 2>/dev/null | tr 'ABCDEF' 'abcdef')
                CMS=$(od -An -v -tx1 signature.p7s | tr -d ' \\n')
                case "$HOLE" in
                    "<$CMS"*">") echo "%1$s contents OK: the gap between the ranges is the CMS of signature.p7s" ;;
                    *) fail "the gap between the byte ranges is not the CMS of signature.p7s" ;;
                esac
                """.formatted(name, range.offset1(), range.length1(), range.offset2(), range.length2()));
        for (String check : checks.split("\n")) {
            if (!check.isBlank()) {
                script.append(check).append(" || fail \"").append(label(check)).append("\"\n");
            }
        }
        script.append("""
                if [ "$((O2 + L2))" -eq "$SIZE" ]; then
                    echo "%1$s covers the whole file except its own /Contents"
                else
                    echo "%1$s covers the file up to byte $((O2 + L2)) of $SIZE: later revisions follow"
                fi
                echo "%1$s: OK"
                """.formatted(name));
        return script.toString();
    }

    /** The field name comes from the PDF: no line break may end the shell comment it is written into. */
    private static String printable(String fieldName) {
        return fieldName == null ? "" : fieldName.replaceAll("\\p{Cntrl}", "?");
    }

    /** What a check line checks, for the failure message. */
    private static String label(String check) {
        Matcher signature = SIGNATURE_CHECK.matcher(check);
        if (signature.find()) {
            return signature.group(1) + " signature value";
        }
        Matcher digest = DIGEST_CHECK.matcher(check);
        if (digest.find()) {
            return digest.group(1) + " message digest (the signed bytes changed)";
        }
        Matcher chain = CHAIN_CHECK.matcher(check);
        if (chain.find()) {
            return "certificate " + chain.group(1);
        }
        return "check";
    }
}
