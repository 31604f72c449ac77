package org.medsign.crypto.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Gmt0015;
import org.medsign.crypto.key.SoftwareSigningKey;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.operator.Sm2ContentVerifierProvider;

class EmbeddedCertificateAuthorityTests {

    private final TestPki pki = new TestPki();

    @Test
    void issuesGmt0015SigningCertificates() throws Exception {
        SoftwareSigningKey key = SoftwareSigningKey.generate("k");
        X509CertificateHolder certificate = pki.ca.issue(CertificateRequest.builder()
                .subject(DistinguishedNames.parse("CN=张三,OU=心内科,O=Test Hospital,C=CN,SERIALNUMBER=D0001,T=主治医师"))
                .publicKey(key.publicKeyInfo()).identityNumber("110101199003077777").build());

        assertThat(DistinguishedNames.first(certificate.getSubject(), BCStyle.SERIALNUMBER)).isEqualTo("D0001");
        assertThat(DistinguishedNames.commonName(certificate.getSubject())).isEqualTo("张三");
        KeyUsage usage = KeyUsage.fromExtensions(certificate.getExtensions());
        assertThat(usage.hasUsages(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)).isTrue();
        assertThat(usage.hasUsages(KeyUsage.keyCertSign)).isFalse();
        assertThat(certificate.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(certificate.getExtension(Extension.cRLDistributionPoints)).isNotNull();
        assertThat(certificate.getExtension(Extension.authorityInfoAccess)).isNotNull();
        assertThat(Gmt0015.identityNumber(certificate)).isEqualTo("110101199003077777");
        assertThat(certificate.isSignatureValid(Sm2ContentVerifierProvider.of(pki.issuing()))).isTrue();
        assertThat(certificate.getSignatureAlgorithm().getAlgorithm().getId()).isEqualTo("1.2.156.10197.1.501");
        assertThat(certificate.getSignatureAlgorithm().getParameters()).isNull();
    }

    @Test
    void issuesOrganisationCertificatesWithTheSealPolicyAndNoPersonalExtension() throws Exception {
        SoftwareSigningKey key = SoftwareSigningKey.generate("org");
        X509CertificateHolder certificate = pki.ca.issue(CertificateRequest.builder()
                .subject(DistinguishedNames.parse("CN=检验科,OU=检验科,O=Test Hospital,C=CN,SERIALNUMBER=ORG-1A2B3C4D"))
                .publicKey(key.publicKeyInfo()).profile(CertificateProfile.ORGANISATION_SIGNING).build());

        KeyUsage usage = KeyUsage.fromExtensions(certificate.getExtensions());
        assertThat(usage.hasUsages(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)).isTrue();
        assertThat(usage.hasUsages(KeyUsage.keyCertSign)).isFalse();
        assertThat(certificate.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(BasicConstraints.fromExtensions(certificate.getExtensions()).isCA()).isFalse();
        assertThat(certificate.getExtension(Extension.cRLDistributionPoints)).isNotNull();
        assertThat(certificate.getExtension(Extension.authorityInfoAccess)).isNotNull();
        assertThat(certificate.getExtension(Extension.subjectKeyIdentifier)).isNotNull();
        assertThat(certificate.getExtension(Extension.authorityKeyIdentifier)).isNotNull();
        assertThat(certificate.getExtension(Extension.extendedKeyUsage)).isNull();
        Extension policies = certificate.getExtension(Extension.certificatePolicies);
        assertThat(policies.isCritical()).isFalse();
        assertThat(CertificatePolicies.getInstance(policies.getParsedValue()).getPolicyInformation())
                .extracting(p -> p.getPolicyIdentifier().getId())
                .containsExactly("2.25.14544688885188277567187530668926569061.3.1");
        assertThat(Gmt0015.identityNumber(certificate)).isNull();
        assertThat(CertificateProfile.of(certificate)).isEqualTo(CertificateProfile.ORGANISATION_SIGNING);
        assertThat(certificate.isSignatureValid(Sm2ContentVerifierProvider.of(pki.issuing()))).isTrue();
    }

    @Test
    void profilesAreReadBackFromTheExtensions() {
        assertThat(CertificateProfile.of(pki.issue("CN=张三,O=Test Hospital,C=CN").certificate()))
                .isEqualTo(CertificateProfile.SIGNING);
        assertThat(CertificateProfile.of(pki.hierarchy.tsa())).isEqualTo(CertificateProfile.TIME_STAMPING);
    }

    @Test
    void rekeyAndRecertifyKeepTheOrganisationProfile() {
        SoftwareSigningKey key = SoftwareSigningKey.generate("org");
        X509CertificateHolder old = pki.ca.issue(CertificateRequest.builder()
                .subject(DistinguishedNames.parse("CN=示范医院,OU=示范医院,O=Test Hospital,C=CN,SERIALNUMBER=ORG-0000000A"))
                .publicKey(key.publicKeyInfo()).profile(CertificateProfile.ORGANISATION_SIGNING).build());
        Instant now = Instant.now();

        X509CertificateHolder rekeyed = pki.ca.rekey(old.getSerialNumber(),
                SoftwareSigningKey.generate("new").publicKeyInfo(), now, now.plus(365, ChronoUnit.DAYS));
        X509CertificateHolder recertified = pki.ca.recertify(old.getSerialNumber(), now, now.plus(365, ChronoUnit.DAYS));

        assertThat(CertificateProfile.of(rekeyed)).isEqualTo(CertificateProfile.ORGANISATION_SIGNING);
        assertThat(CertificateProfile.of(recertified)).isEqualTo(CertificateProfile.ORGANISATION_SIGNING);
        assertThat(rekeyed.getSubject()).isEqualTo(old.getSubject());
        assertThat(recertified.getExtension(Extension.certificatePolicies))
                .isEqualTo(old.getExtension(Extension.certificatePolicies));
    }

    @Test
    void anOrganisationCertificateRequestWithAnIdentityNumberIsRefused() {
        SoftwareSigningKey key = SoftwareSigningKey.generate("org");
        assertThatThrownBy(() -> CertificateRequest.builder()
                .subject(DistinguishedNames.parse("CN=检验科,O=Test Hospital,C=CN"))
                .publicKey(key.publicKeyInfo()).profile(CertificateProfile.ORGANISATION_SIGNING)
                .identityNumber("110101199003077777").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an organisation certificate carries no resident ID card number");
    }

    @Test
    void tsaCertificateHasCriticalTimeStampingUsage() {
        Extension eku = pki.hierarchy.tsa().getExtension(Extension.extendedKeyUsage);
        assertThat(eku.isCritical()).isTrue();
        assertThat(ExtendedKeyUsage.getInstance(eku.getParsedValue()).hasKeyPurposeId(KeyPurposeId.id_kp_timeStamping))
                .isTrue();
    }

    @Test
    void serialsAreRandomUniqueAndAtLeast64Bits() {
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            BigInteger serial = SerialNumbers.random();
            assertThat(serial.bitLength()).isGreaterThan(64).isLessThanOrEqualTo(127);
            serials.add(serial);
        }
        assertThat(serials).hasSize(200);
    }

    @Test
    void rekeyKeepsSubjectAndChangesKeyAndSerial() {
        TestPki.Holder old = pki.issue("CN=李四,OU=检验科,O=Test Hospital,C=CN,SERIALNUMBER=D0002");
        SoftwareSigningKey newKey = SoftwareSigningKey.generate("new");
        Instant now = Instant.now();

        X509CertificateHolder renewed = pki.ca.rekey(old.certificate().getSerialNumber(), newKey.publicKeyInfo(),
                now, now.plus(365, ChronoUnit.DAYS));

        assertThat(renewed.getSubject()).isEqualTo(old.certificate().getSubject());
        assertThat(renewed.getSerialNumber()).isNotEqualTo(old.certificate().getSerialNumber());
        assertThat(renewed.getSubjectPublicKeyInfo()).isEqualTo(newKey.publicKeyInfo());
        assertThat(renewed.getNotBefore()).isBeforeOrEqualTo(old.certificate().getNotAfter());
    }

    @Test
    void recertifyKeepsKeyAndMayStartBeforeTheOldOneEnds() {
        TestPki.Holder old = pki.issue("CN=王五,OU=放射科,O=Test Hospital,C=CN");
        Instant start = old.certificate().getNotAfter().toInstant().minus(30, ChronoUnit.DAYS);

        X509CertificateHolder renewed = pki.ca.recertify(old.certificate().getSerialNumber(), start,
                start.plus(700, ChronoUnit.DAYS));

        assertThat(renewed.getSubjectPublicKeyInfo()).isEqualTo(old.certificate().getSubjectPublicKeyInfo());
        assertThat(renewed.getNotBefore().toInstant()).isEqualTo(start.truncatedTo(ChronoUnit.SECONDS));
        assertThat(renewed.getNotBefore()).isBefore(old.certificate().getNotAfter());
    }

    @Test
    void holdReleaseAndRevokeAreReflectedInCrlAndStatus() throws Exception {
        TestPki.Holder held = pki.issue("CN=Hold,O=Test Hospital,C=CN");
        TestPki.Holder revoked = pki.issue("CN=Revoked,O=Test Hospital,C=CN");
        BigInteger heldSerial = held.certificate().getSerialNumber();
        BigInteger revokedSerial = revoked.certificate().getSerialNumber();

        pki.ca.revoke(heldSerial, RevocationReason.CERTIFICATE_HOLD);
        pki.ca.revoke(revokedSerial, RevocationReason.KEY_COMPROMISE);
        X509CRLHolder crl = pki.ca.generateCrl();

        assertThat(crl.getRevokedCertificate(heldSerial)).isNotNull();
        assertThat(crl.getRevokedCertificate(revokedSerial)).isNotNull();
        assertThat(crl.getNextUpdate()).isAfter(crl.getThisUpdate());
        assertThat(crl.getExtension(Extension.cRLNumber)).isNotNull();
        assertThat(crl.isSignatureValid(Sm2ContentVerifierProvider.of(pki.issuing()))).isTrue();
        assertThat(pki.ca.status(heldSerial).state()).isEqualTo(CertificateStatus.State.ON_HOLD);

        pki.ca.releaseHold(heldSerial);
        assertThat(pki.ca.status(heldSerial)).isEqualTo(CertificateStatus.GOOD);
        assertThat(pki.ca.generateCrl().getRevokedCertificate(heldSerial)).isNull();
        assertThat(pki.ca.status(revokedSerial).state()).isEqualTo(CertificateStatus.State.REVOKED);
    }

    @Test
    void refusesInvalidRevocations() {
        TestPki.Holder holder = pki.issue("CN=X,O=Test Hospital,C=CN");
        BigInteger serial = holder.certificate().getSerialNumber();

        assertThatThrownBy(() -> pki.ca.revoke(BigInteger.valueOf(12345), RevocationReason.KEY_COMPROMISE))
                .isInstanceOf(UnknownCertificateException.class).hasMessageContaining("3039");
        assertThatThrownBy(() -> pki.ca.releaseHold(serial)).isInstanceOf(CertificateNotOnHoldException.class);
        pki.ca.revoke(serial, RevocationReason.SUPERSEDED);
        assertThatThrownBy(() -> pki.ca.revoke(serial, RevocationReason.KEY_COMPROMISE))
                .isInstanceOf(CertificateAlreadyRevokedException.class).hasMessageContaining("superseded");
    }

    @Test
    void ocspAnswersGoodRevokedAndUnknown() throws Exception {
        TestPki.Holder good = pki.issue("CN=Good,O=Test Hospital,C=CN");
        TestPki.Holder revoked = pki.issue("CN=Bad,O=Test Hospital,C=CN");
        pki.ca.revoke(revoked.certificate().getSerialNumber(), RevocationReason.AFFILIATION_CHANGED);

        OCSPReqBuilder request = new OCSPReqBuilder();
        var sha1 = Digests.provider().get(CertificateID.HASH_SHA1);
        request.addRequest(new CertificateID(sha1, pki.issuing(), good.certificate().getSerialNumber()));
        request.addRequest(new CertificateID(sha1, pki.issuing(), revoked.certificate().getSerialNumber()));
        request.addRequest(new CertificateID(sha1, pki.issuing(), BigInteger.valueOf(42)));
        OCSPResp response = new OCSPResp(pki.ca.respondOcsp(request.build().getEncoded()));

        assertThat(response.getStatus()).isZero();
        BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
        assertThat(basic.isSignatureValid(Sm2ContentVerifierProvider.of(pki.issuing()))).isTrue();
        var answers = basic.getResponses();
        assertThat(answers[0].getCertStatus()).isNull(); // good
        assertThat(answers[1].getCertStatus()).isInstanceOf(RevokedStatus.class);
        assertThat(((RevokedStatus) answers[1].getCertStatus()).getRevocationReason()).isEqualTo(3);
        assertThat(answers[2].getCertStatus()).isInstanceOf(UnknownStatus.class);
    }

    @Test
    void malformedOcspRequestGetsMalformedRequestStatus() throws Exception {
        assertThat(new OCSPResp(pki.ca.respondOcsp(new byte[] {1, 2, 3})).getStatus()).isEqualTo(1);
        assertThat(new OCSPResp(pki.ca.respondOcsp(new byte[0])).getStatus()).isEqualTo(1);
    }

    @Test
    void ocspRequestWithMoreCertIdsThanTheLimitIsMalformed() throws Exception {
        var sha1 = Digests.provider().get(CertificateID.HASH_SHA1);
        OCSPReqBuilder atLimit = new OCSPReqBuilder();
        OCSPReqBuilder overLimit = new OCSPReqBuilder();
        for (int i = 0; i < OcspLimits.defaults().maxCertIds(); i++) {
            atLimit.addRequest(new CertificateID(sha1, pki.issuing(), BigInteger.valueOf(1000 + i)));
            overLimit.addRequest(new CertificateID(sha1, pki.issuing(), BigInteger.valueOf(1000 + i)));
        }
        overLimit.addRequest(new CertificateID(sha1, pki.issuing(), BigInteger.valueOf(999)));

        assertThat(new OCSPResp(pki.ca.respondOcsp(atLimit.build().getEncoded())).getStatus()).isZero();
        assertThat(new OCSPResp(pki.ca.respondOcsp(overLimit.build().getEncoded())).getStatus()).isEqualTo(1);
    }

    @Test
    void ocspNonceMustBeOneToMaxOctets() throws Exception {
        assertThat(ocspStatusWithNonce(new byte[32])).as("RFC 8954 maximum").isZero();
        assertThat(ocspStatusWithNonce(new byte[16])).as("OpenSSL's default").isZero();
        assertThat(ocspStatusWithNonce(new byte[33])).as("one octet too long").isEqualTo(1);
        assertThat(ocspStatusWithNonce(new byte[1024 * 1024])).as("1 MiB").isEqualTo(1);
        assertThat(ocspStatusWithNonce(new byte[0])).as("empty").isEqualTo(1);
    }

    @Test
    void ocspLimitsAreConfigurable() throws Exception {
        EmbeddedCertificateAuthority strict = EmbeddedCertificateAuthority.builder()
                .issuingKey(pki.hierarchy.issuingKey()).issuingCertificate(pki.issuing())
                .issuers(java.util.List.of(pki.root())).ocspLimits(new OcspLimits(1, 8)).build();
        var sha1 = Digests.provider().get(CertificateID.HASH_SHA1);
        OCSPReqBuilder two = new OCSPReqBuilder();
        two.addRequest(new CertificateID(sha1, pki.issuing(), BigInteger.ONE));
        two.addRequest(new CertificateID(sha1, pki.issuing(), BigInteger.TWO));
        assertThat(new OCSPResp(strict.respondOcsp(two.build().getEncoded())).getStatus()).isEqualTo(1);
        assertThatThrownBy(() -> new OcspLimits(0, 32)).isInstanceOf(IllegalArgumentException.class);
    }

    private int ocspStatusWithNonce(byte[] nonce) throws Exception {
        OCSPReqBuilder request = new OCSPReqBuilder();
        request.addRequest(new CertificateID(Digests.provider().get(CertificateID.HASH_SHA1), pki.issuing(),
                BigInteger.TEN));
        request.setRequestExtensions(new org.bouncycastle.asn1.x509.Extensions(new Extension(
                org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                new org.bouncycastle.asn1.DEROctetString(nonce).getEncoded())));
        return new OCSPResp(pki.ca.respondOcsp(request.build().getEncoded())).getStatus();
    }

    @Test
    void revocationReasonsParseFromRfcNamesAndCodes() {
        assertThat(RevocationReason.parse("keyCompromise")).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(RevocationReason.parse("certificate-hold")).isEqualTo(RevocationReason.CERTIFICATE_HOLD);
        assertThat(RevocationReason.parse("4")).isEqualTo(RevocationReason.SUPERSEDED);
        assertThatThrownBy(() -> RevocationReason.parse("removeFromCRL"))
                .hasMessageContaining("unknown revocation reason");
    }
}
