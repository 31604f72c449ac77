package org.medsign.crypto.collab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.cms.CmsFlavour;
import org.medsign.crypto.cms.CmsSignatureRequest;
import org.medsign.crypto.cms.CmsSigner;
import org.medsign.crypto.cms.TwoPhaseCmsSigner;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.interop.OpensslRecipe;

/**
 * The OpenSSL recipe of the other interop tests verifies a CMS completed with a jointly made signature: the signer's
 * signature over the signed attributes, the message digest and the signature timestamp, in both flavours, attached
 * and detached, and the certificate issued for the joint key (skipped with a message without OpenSSL 3).
 */
class CollabCmsOpensslIntegrationTests {

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();
    private final InProcessCollab collab = new InProcessCollab();
    private final InProcessCollab.Key key = collab.keygen();
    private final X509CertificateHolder certificate = CollabCmsSigningTests.issueForJointKey(pki, key);

    @BeforeEach
    void requireOpenssl() {
        Openssl.assumeAvailable();
    }

    @Test
    void opensslVerifiesTheCompletedCmsInBothFlavoursAttachedAndDetached() throws Exception {
        byte[] content = CollabCmsSigningTests.CONTENT;
        for (CmsFlavour flavour : CmsFlavour.values()) {
            for (boolean attached : new boolean[] {false, true}) {
                TwoPhaseCmsSigner signer = CmsSigner.builder().certificate(certificate).chain(pki.chain())
                        .flavour(flavour).attached(attached).timestamps(pki.tsa).buildTwoPhase();
                CmsSignatureRequest request = signer.prepare(content);
                byte[] cms = signer.encode(signer.complete(request,
                        CollabCmsSigningTests.jointSignature(collab, key, request)));

                Path recipe = dir.resolve(flavour + "-" + (attached ? "attached" : "detached"));
                String commands = OpensslRecipe.write(recipe, OpensslRecipe.forCms(cms, attached ? null : content));
                Openssl.Result result = Openssl.exec(recipe, Map.of(), List.of("sh", "-c", "set -e\n" + commands))
                        .ok();
                assertThat(result.out()).contains("Signature Verified Successfully").contains("signer digest OK")
                        .contains("signer-timestamp digest OK");
                assertThat(Files.readAllBytes(recipe.resolve("signer.tbs.der"))).isEqualTo(request.signedAttributes());
            }
        }
    }

    @Test
    void opensslVerifiesTheCertificateIssuedForTheJointKey() {
        String commands = OpensslRecipe.writeChain(dir, certificate, pki.chain());
        Openssl.Result result = Openssl.exec(dir, Map.of(), List.of("sh", "-c", "set -e\n" + commands)).ok();
        assertThat(result.out()).contains("signer.cert.pem: OK");
    }
}
