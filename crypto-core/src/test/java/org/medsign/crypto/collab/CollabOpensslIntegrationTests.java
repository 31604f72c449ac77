package org.medsign.crypto.collab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.sm.Sm2;

/** The OpenSSL 3 CLI verifies jointly made signatures like any SM2 signature (skipped with a message without it). */
class CollabOpensslIntegrationTests {

    private static final String DISTID = "distid:1234567812345678";

    @TempDir
    Path dir;

    @BeforeEach
    void requireOpenssl() {
        Openssl.assumeAvailable();
    }

    @Test
    void opensslVerifiesASampleOfJointSignaturesAndRejectsAChangedMessage() throws Exception {
        InProcessCollab collab = new InProcessCollab();
        InProcessCollab.Key key = collab.keygen();
        Files.writeString(dir.resolve("pub.pem"),
                Pem.pem("PUBLIC KEY", Sm2.toSubjectPublicKeyInfo(key.client().publicKey()).getEncoded()));
        for (int i = 0; i < 3; i++) {
            byte[] message = InProcessCollab.utf8("病理报告 #" + i + " " + "x".repeat(i * 50));
            Files.write(dir.resolve("data" + i + ".bin"), message);
            Files.write(dir.resolve("sig" + i + ".der"), collab.sign(key, message).toDer());
            assertThat(Openssl.run(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest",
                    "sm3", "-pkeyopt", DISTID, "-in", "data" + i + ".bin", "-sigfile", "sig" + i + ".der").ok().out())
                    .contains("Signature Verified Successfully");
        }
        Files.write(dir.resolve("other.bin"), InProcessCollab.utf8("病理报告 #0 changed"));
        assertThat(Openssl.run(dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-digest", "sm3",
                "-pkeyopt", DISTID, "-in", "other.bin", "-sigfile", "sig0.der").exit()).isNotZero();
    }
}
