package org.medsign.crypto.cms;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.util.CollectionStore;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.crypto.verify.ReasonCode;
import org.medsign.crypto.verify.RevocationData;
import org.medsign.crypto.verify.VerificationReport;

class CmsSignatureVerifierTests {

    private static final byte[] CONTENT = "出院小结：患者张某，诊断明确。".getBytes(StandardCharsets.UTF_8);

    private final TestPki pki = new TestPki();
    private final TestPki.Holder doctor = pki.issue("CN=张医生,OU=心内科,O=Test Hospital,C=CN,SERIALNUMBER=D0001");

    private CmsSigner.Builder signer() {
        return CmsSigner.builder().key(doctor.key()).certificate(doctor.certificate()).chain(pki.chain());
    }

    private CmsSignatureVerifier verifier() {
        return CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build();
    }

    @Test
    void detachedRfc5652SignatureVerifies() {
        byte[] cms = signer().build().sign(CONTENT);

        VerificationReport report = verifier().verify(cms, CONTENT);

        assertThat(report.valid()).as(report.toText()).isTrue();
        assertThat(report.signer().subject()).contains("张医生");
        assertThat(report.claimedSigningTime()).isNotNull();
        assertThat(report.chain()).hasSize(3);
        assertThat(ContentInfo.getInstance(cms).getContentType().getId()).isEqualTo("1.2.840.113549.1.7.2");
    }

    @Test
    void attachedGmt0010SignatureUsesGmOidsAndVerifies() throws Exception {
        byte[] cms = signer().attached(true).flavour(CmsFlavour.GMT0010).build().sign(CONTENT);

        ContentInfo outer = ContentInfo.getInstance(cms);
        assertThat(outer.getContentType()).isEqualTo(GMObjectIdentifiers.sm2_pkcs7_signedData);
        assertThat(ParsedSignedData.parse(cms, null).signedData().getSignedContentTypeOID())
                .isEqualTo("1.2.156.10197.6.1.4.2.1");
        VerificationReport report = verifier().verify(cms, null);
        assertThat(report.valid()).as(report.toText()).isTrue();
    }

    @Test
    void acceptsSignerInfoWithSm2SignOidAsGbt35275ProducersWriteIt() throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(Digests.provider(),
                algorithm -> new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.156.10197.1.301.1")))
                .build(doctor.key().contentSigner(), doctor.certificate()));
        generator.addCertificates(new CollectionStore<>(List.of(doctor.certificate(), pki.issuing())));
        CMSSignedData signed = generator.generate(new CMSProcessableByteArray(CONTENT), false);
        assertThat(signed.getSignerInfos().getSigners().iterator().next().getEncryptionAlgOID())
                .isEqualTo("1.2.156.10197.1.301.1");

        VerificationReport report = verifier().verify(signed.getEncoded(), CONTENT);

        assertThat(report.valid()).as(report.toText()).isTrue();
    }

    @Test
    void signatureTimestampIsVerifiedAndUsedAsValidationTime() {
        byte[] cms = signer().timestamps(pki.tsa).build().sign(CONTENT);

        VerificationReport report = verifier().verify(cms, CONTENT);

        assertThat(report.valid()).as(report.toText()).isTrue();
        assertThat(report.timestampTime()).isNotNull();
        assertThat(report.validationTime()).isEqualTo(report.timestampTime());
        assertThat(report.checks()).anyMatch(c -> c.name().equals("timestamp-imprint"));
    }

    @Test
    void tamperedContentIsADigestMismatch() {
        byte[] cms = signer().build().sign(CONTENT);
        byte[] changed = CONTENT.clone();
        changed[0] ^= 1;

        VerificationReport report = verifier().verify(cms, changed);

        assertThat(report.valid()).isFalse();
        assertThat(report.reason()).isEqualTo(ReasonCode.DIGEST_MISMATCH);
    }

    @Test
    void signatureByAnotherKeyIsInvalid() {
        TestPki.Holder impostor = pki.issue("CN=Impostor,O=Test Hospital,C=CN");
        byte[] cms = CmsSigner.builder().key(impostor.key()).certificate(doctor.certificate()).chain(pki.chain())
                .build().sign(CONTENT);

        VerificationReport report = verifier().verify(cms, CONTENT);

        assertThat(report.reason()).isEqualTo(ReasonCode.SIGNATURE_INVALID);
    }

    @Test
    void wrongTrustAnchorFindsNoPath() {
        TestPki other = new TestPki();
        byte[] cms = signer().build().sign(CONTENT);

        VerificationReport report = CmsSignatureVerifier.builder().trustAnchors(List.of(other.root())).build()
                .verify(cms, CONTENT);

        assertThat(report.valid()).isFalse();
        assertThat(report.reason()).isEqualTo(ReasonCode.CHAIN_SIGNATURE_INVALID);
    }

    @Test
    void unrelatedTrustAnchorIsNoTrustAnchor() {
        TestPki other = new TestPki();
        TestPki.Holder stranger = other.issue("CN=Stranger,O=Elsewhere,C=CN");
        byte[] cms = CmsSigner.builder().key(stranger.key()).certificate(stranger.certificate())
                .chain(List.of()).build().sign(CONTENT);

        VerificationReport report = verifier().verify(cms, CONTENT);

        assertThat(report.reason()).isEqualTo(ReasonCode.CHAIN_NO_TRUST_ANCHOR);
    }

    @Test
    void expiredCertificateWithoutTimestampFails() {
        Instant past = Instant.now().minus(400, ChronoUnit.DAYS);
        TestPki.Holder expired = pki.issue("CN=Old,O=Test Hospital,C=CN", past, past.plus(30, ChronoUnit.DAYS));
        byte[] cms = CmsSigner.builder().key(expired.key()).certificate(expired.certificate()).chain(pki.chain())
                .build().sign(CONTENT);

        assertThat(verifier().verify(cms, CONTENT).reason()).isEqualTo(ReasonCode.CERTIFICATE_EXPIRED);
    }

    @Test
    void timestampProvesASignatureMadeBeforeExpiry() {
        byte[] cms = signer().timestamps(pki.tsa).build().sign(CONTENT);
        Clock later = Clock.fixed(doctor.certificate().getNotAfter().toInstant().plus(10, ChronoUnit.DAYS),
                ZoneOffset.UTC);

        VerificationReport report = CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).clock(later)
                .build().verify(cms, CONTENT);

        assertThat(report.valid()).as(report.toText()).isTrue();
    }

    @Test
    void revokedAndHeldCertificatesFailWithTheirReasons() {
        byte[] cms = signer().build().sign(CONTENT);
        pki.ca.revoke(doctor.certificate().getSerialNumber(), RevocationReason.CERTIFICATE_HOLD);
        VerificationReport held = CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root()))
                .revocation(RevocationData.ofCrls(List.of(pki.ca.generateCrl()))).build().verify(cms, CONTENT);
        assertThat(held.reason()).isEqualTo(ReasonCode.CERTIFICATE_ON_HOLD);

        pki.ca.revoke(doctor.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE);
        VerificationReport revoked = CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root()))
                .revocation(RevocationData.ofCrls(List.of(pki.ca.generateCrl()))).build().verify(cms, CONTENT);
        assertThat(revoked.reason()).isEqualTo(ReasonCode.CERTIFICATE_REVOKED);
        assertThat(revoked.toText()).contains("keyCompromise");
    }

    @Test
    void revocationCheckedByOcsp() throws Exception {
        byte[] cms = signer().build().sign(CONTENT);
        pki.ca.revoke(doctor.certificate().getSerialNumber(), RevocationReason.PRIVILEGE_WITHDRAWN);
        var request = new org.bouncycastle.cert.ocsp.OCSPReqBuilder().addRequest(
                new org.bouncycastle.cert.ocsp.CertificateID(Digests.provider().get(
                        org.bouncycastle.cert.ocsp.CertificateID.HASH_SHA1), pki.issuing(),
                        doctor.certificate().getSerialNumber())).build();

        VerificationReport report = CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root()))
                .revocation(RevocationData.NONE.withOcspResponse(pki.ca.respondOcsp(request.getEncoded())))
                .build().verify(cms, CONTENT);

        assertThat(report.reason()).isEqualTo(ReasonCode.CERTIFICATE_REVOKED);
    }

    @Test
    void missingRevocationDataIsAWarningOrIndeterminateWhenRequired() {
        byte[] cms = signer().build().sign(CONTENT);
        VerificationReport lenient = verifier().verify(cms, CONTENT);
        assertThat(lenient.valid()).isTrue();
        assertThat(lenient.warnings()).anyMatch(c -> c.reason() == ReasonCode.REVOCATION_NOT_CHECKED);

        VerificationReport strict = CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root()))
                .revocationRequired(true).build().verify(cms, CONTENT);
        assertThat(strict.reason()).isEqualTo(ReasonCode.REVOCATION_NOT_CHECKED);
        assertThat(strict.valid()).isFalse();
    }

    @Test
    void detachedWithoutContentIsIndeterminate() {
        VerificationReport report = verifier().verify(signer().build().sign(CONTENT), null);
        assertThat(report.reason()).isEqualTo(ReasonCode.CONTENT_MISSING);
    }

    @Test
    void emptySignerIdIsReportedAsNonStandard() {
        byte[] cms = signer().signerId(SignerId.EMPTY).build().sign(CONTENT);

        VerificationReport report = verifier().verify(cms, CONTENT);

        assertThat(report.valid()).isTrue();
        assertThat(report.warnings()).anyMatch(c -> c.reason() == ReasonCode.NON_STANDARD_SIGNER_ID);
    }

    @Test
    void truncatedAndGarbageInputGiveMalformedInputAndNeverThrow() {
        byte[] cms = signer().attached(true).timestamps(pki.tsa).build().sign(CONTENT);
        for (int length : new int[] {0, 1, 2, 10, cms.length / 2, cms.length - 1}) {
            VerificationReport report = verifier().verify(Arrays.copyOf(cms, length), null);
            assertThat(report.valid()).isFalse();
            assertThat(report.reason()).isEqualTo(ReasonCode.MALFORMED_INPUT);
        }
        Random random = new Random(20261127);
        for (int i = 0; i < 300; i++) {
            byte[] mutated = cms.clone();
            for (int flips = 0; flips < 1 + random.nextInt(4); flips++) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
            }
            VerificationReport report = verifier().verify(mutated, null);
            assertThat(report).isNotNull();
            if (report.valid()) {
                // only bytes no signature covers may change (e.g. an extra certificate): the signed parts are intact
                var original = ParsedSignedData.parse(cms, null).signedData();
                var survivor = ParsedSignedData.parse(mutated, null).signedData();
                assertThat((byte[]) survivor.getSignedContent().getContent()).isEqualTo(CONTENT);
                assertThat(survivor.getSignerInfos().getSigners().iterator().next().getSignature())
                        .isEqualTo(original.getSignerInfos().getSigners().iterator().next().getSignature());
            }
        }
        byte[] garbage = new byte[512];
        random.nextBytes(garbage);
        assertThat(verifier().verify(garbage, CONTENT).reason()).isEqualTo(ReasonCode.MALFORMED_INPUT);
    }
}
