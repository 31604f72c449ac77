package org.medsign.crypto.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.key.SoftwareSigningKey;

/** The CA is documented thread-safe: certificates issued concurrently carry their own key identifiers. */
class ConcurrentIssuanceTests {

    @Test
    void concurrentIssuanceKeepsKeyIdentifiersCorrect() throws Exception {
        TestPki pki = new TestPki();
        byte[] issuerKeyId = new BcX509ExtensionUtils().createSubjectKeyIdentifier(
                pki.issuing().getSubjectPublicKeyInfo()).getKeyIdentifier();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<X509CertificateHolder>> futures = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i;
            futures.add(pool.submit(() -> pki.ca.issue(CertificateRequest.builder()
                    .subject(DistinguishedNames.parse("CN=并发" + n + ",O=Test Hospital,C=CN"))
                    .publicKey(SoftwareSigningKey.generate("k" + n).publicKeyInfo()).build())));
        }
        for (Future<X509CertificateHolder> future : futures) {
            X509CertificateHolder certificate = future.get();
            byte[] expectedSki = new BcX509ExtensionUtils().createSubjectKeyIdentifier(
                    certificate.getSubjectPublicKeyInfo()).getKeyIdentifier();
            assertThat(SubjectKeyIdentifier.fromExtensions(certificate.getExtensions()).getKeyIdentifier())
                    .isEqualTo(expectedSki);
            assertThat(AuthorityKeyIdentifier.fromExtensions(certificate.getExtensions()).getKeyIdentifierObject()
                    .getOctets()).isEqualTo(issuerKeyId);
            assertThat(certificate.getExtension(Extension.keyUsage)).isNotNull();
        }
        pool.shutdown();
    }
}
