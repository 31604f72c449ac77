package org.medsign.crypto.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.operator.Sm2ContentVerifierProvider;

class TlsCertificatesTests {

    private static final Instant NOW = Instant.now();

    private final KeyPair caKey = TlsCertificates.generateKeyPair();
    private final X509CertificateHolder ca = TlsCertificates.selfSignedCa(caKey,
            DistinguishedNames.parse("CN=Test TLS CA,O=Test Hospital,C=CN"), NOW.minusSeconds(60),
            NOW.plus(Duration.ofDays(3650)));

    @Test
    void serverCertificateValidatesWithTheJdksOwnPkixUnderTheSelfSignedTlsCa() throws Exception {
        KeyPair key = TlsCertificates.generateKeyPair();
        X509CertificateHolder server = TlsCertificates.issue(caKey, ca, key.getPublic(),
                DistinguishedNames.parse("CN=hub.example"), List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1"),
                TlsCertificates.Purpose.SERVER, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(397)));

        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        X509Certificate leaf = converter.getCertificate(server);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(converter.getCertificate(ca), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(leaf)), parameters);

        assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList())
                .containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_serverAuth.getId());
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
    }

    @Test
    void clientCertificateCarriesClientAuthOnly() throws Exception {
        KeyPair key = TlsCertificates.generateKeyPair();
        X509CertificateHolder client = TlsCertificates.issue(caKey, ca, key.getPublic(),
                DistinguishedNames.parse("CN=lis,OU=medsign-system"), List.of(), TlsCertificates.Purpose.CLIENT,
                NOW, NOW.plus(Duration.ofDays(30)));

        assertThat(ExtendedKeyUsage.fromExtensions(client.getExtensions()).getUsages())
                .containsExactly(KeyPurposeId.id_kp_clientAuth);
        assertThat(client.getExtension(Extension.subjectAlternativeName)).isNull();
        assertThat(client.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca))).isTrue();
    }

    @Test
    void crossCertificateLeadsFromTheTlsCaToAnSm2RootWithTheSameKeyAndSubject() throws Exception {
        TestPki pki = new TestPki();
        X509CertificateHolder cross = TlsCertificates.crossCertify(ca, pki.hierarchy.root(),
                pki.hierarchy.rootKey().contentSigner(), NOW, NOW.plus(Duration.ofDays(365)));

        assertThat(cross.getSubject()).isEqualTo(ca.getSubject());
        assertThat(cross.getSubjectPublicKeyInfo()).isEqualTo(ca.getSubjectPublicKeyInfo());
        assertThat(cross.getIssuer()).isEqualTo(pki.hierarchy.root().getSubject());
        assertThat(cross.isSignatureValid(Sm2ContentVerifierProvider.of(pki.hierarchy.root()))).isTrue();
        assertThat(new JcaX509CertificateConverter().getCertificate(cross).getBasicConstraints()).isZero();
    }

    @Test
    void keyPairRoundTripsThroughItsEncodingsAndRefusesGarbage() {
        KeyPair again = TlsCertificates.keyPair(caKey.getPrivate().getEncoded(), caKey.getPublic().getEncoded());

        assertThat(again.getPrivate()).isEqualTo(caKey.getPrivate());
        assertThat(again.getPublic()).isEqualTo(caKey.getPublic());
        assertThatThrownBy(() -> TlsCertificates.keyPair(new byte[] {1, 2, 3}, caKey.getPublic().getEncoded()))
                .isInstanceOf(MalformedInputException.class).hasMessage("not an EC key pair");
    }
}
