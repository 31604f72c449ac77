package org.medsign.crypto.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.interop.OpensslRecipe;

/**
 * OpenSSL alone checks every signature of a signed PDF: the CMS cut from {@code /Contents} and the bytes named by
 * {@code /ByteRange} are written to files; SM3 of the signed bytes must equal the message digest, the SM2 signature
 * over the signed attributes and the timestamp must verify with the standard ID, and the signer's chain too.
 */
class PdfSignatureOpensslIntegrationTests {

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();

    @BeforeEach
    void requireOpenssl() {
        Openssl.assumeAvailable();
    }

    @Test
    void opensslVerifiesEachSignaturesCmsOverItsByteRanges() throws Exception {
        TestPki.Holder doctor = pki.issue("CN=Zhang Wei,OU=Laboratory,O=Test Hospital,C=CN");
        TestPki.Holder seal = pki.issue("CN=Laboratory Department Seal,O=Test Hospital,C=CN");
        byte[] once = PdfSigner.builder().key(doctor.key()).certificate(doctor.certificate()).chain(pki.chain())
                .timestamps(pki.tsa).sealImage(PdfFixtures.sealPng(Color.BLUE)).build()
                .sign(PdfFixtures.onePage(), PdfPlacement.onPage(1, 20, 30, 30, 30));
        byte[] twice = PdfSigner.builder().key(seal.key()).certificate(seal.certificate()).chain(pki.chain())
                .timestamps(pki.tsa).sealImage(PdfFixtures.sealPng(Color.RED)).build()
                .sign(once, PdfPlacement.onPage(1, 120, 30, 40, 40));

        List<PdfSignatureContent> contents = PdfSignatures.contents(twice);
        assertThat(contents).hasSize(2);
        for (int i = 0; i < contents.size(); i++) {
            PdfSignatureContent content = contents.get(i);
            Path recipe = dir.resolve("signature-" + (i + 1));
            Files.createDirectories(recipe);
            Files.write(recipe.resolve("signature.p7s"), content.cms());
            Files.write(recipe.resolve("signed.bin"), content.signedBytes());
            String commands = OpensslRecipe.write(recipe, OpensslRecipe.forCms(content.cms(), content.signedBytes()))
                    + OpensslRecipe.writeChain(recipe, OpensslRecipe.signerCertificate(content.cms(), null),
                    pki.chain());
            Files.writeString(recipe.resolve("verify.sh"), "set -e\n" + commands);

            Openssl.Result result = Openssl.exec(recipe, Map.of(), List.of("sh", "verify.sh")).ok();
            assertThat(result.out()).contains("Signature Verified Successfully").contains("signer digest OK")
                    .contains("signer-timestamp digest OK").contains("signer.cert.pem: OK");

            // the CMS structure itself, as OpenSSL parses it: SM2-with-SM3 and the signature timestamp attribute
            assertThat(Openssl.run(recipe, "cms", "-cmsout", "-print", "-inform", "DER", "-in", "signature.p7s")
                    .ok().out()).contains("1.2.156.10197.1.501").contains("1.2.840.113549.1.9.16.2.14");
            // changing the signed bytes makes the digest check fail
            byte[] tampered = content.signedBytes().clone();
            tampered[tampered.length / 2] ^= 0x01;
            Files.write(recipe.resolve("signer.content"), tampered);
            assertThat(Openssl.exec(recipe, Map.of(), List.of("sh", "-c",
                    OpensslRecipe.digestCommand("signer"))).exit()).isNotZero();
        }
    }
}
