package org.medsign.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.interop.OpensslRecipe;

/**
 * Checks a scan-to-login answer with the OpenSSL 3 CLI only, as a hospital system without BouncyCastle would: the
 * certificate chains to the hub's issuing CA (standard SM2 ID, STANDARDS.md), and the SM2 signature over the signed
 * bytes verifies under the certificate's public key with the GM/T 0009 default ID ({@code pkeyutl -rawin -digest
 * sm3 -pkeyopt distid:1234567812345678}). Skips the test where OpenSSL 3 is absent.
 */
public final class LoginSignatureCheck {

    private LoginSignatureCheck() {
    }

    /**
     * @param work         an empty working directory
     * @param signedDataB64 the answer's {@code signedData}
     * @param signatureB64 the answer's {@code signature} (DER)
     * @param certificate  the answer's {@code certificate} (PEM)
     * @param chainPem     {@code GET /api/v1/ca/chain}: issuing CA first
     * @return whether OpenSSL accepted the signature (the chain must verify in any case)
     */
    public static boolean verify(Path work, String signedDataB64, String signatureB64, String certificate,
                                 String chainPem) throws IOException {
        Openssl.assumeAvailable();
        Files.createDirectories(work);
        Files.write(work.resolve("data.bin"), Base64.getDecoder().decode(signedDataB64));
        Files.write(work.resolve("sig.der"), Base64.getDecoder().decode(signatureB64));
        Files.writeString(work.resolve("cert.pem"), certificate, StandardCharsets.US_ASCII);
        String issuing = chainPem.substring(0, chainPem.indexOf("-----END CERTIFICATE-----")
                + "-----END CERTIFICATE-----".length()) + "\n";
        Files.writeString(work.resolve("issuing.pem"), issuing, StandardCharsets.US_ASCII);
        Openssl.run(work, "verify", "-vfyopt", OpensslRecipe.DISTID, "-CAfile", "issuing.pem", "-partial_chain",
                "cert.pem").ok();
        Openssl.Result key = Openssl.run(work, "x509", "-in", "cert.pem", "-pubkey", "-noout").ok();
        Files.writeString(work.resolve("pub.pem"), key.out(), StandardCharsets.US_ASCII);
        Openssl.Result verified = Openssl.run(work, "pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt",
                OpensslRecipe.DISTID, "-pubin", "-inkey", "pub.pem", "-in", "data.bin", "-sigfile", "sig.der");
        if (verified.exit() == 0) {
            assertThat(verified.out()).contains("Signature Verified Successfully");
        }
        return verified.exit() == 0;
    }
}
