package org.medsign.crypto.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medsign.crypto.collab.InProcessCollab.utf8;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.ca.CertificateRequest;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cms.CmsFlavour;
import org.medsign.crypto.cms.CmsSignatureRequest;
import org.medsign.crypto.cms.CmsSigner;
import org.medsign.crypto.cms.ExternalSignatureInvalidException;
import org.medsign.crypto.cms.HandwritingAttribute;
import org.medsign.crypto.cms.ParsedSignedData;
import org.medsign.crypto.cms.SignatureRequestCompletedException;
import org.medsign.crypto.cms.SignatureRequestMismatchException;
import org.medsign.crypto.cms.SignatureTimestamps;
import org.medsign.crypto.cms.TwoPhaseCmsSigner;
import org.medsign.crypto.key.SoftwareSigningKey;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.crypto.verify.VerificationReport;

/**
 * A CMS whose SignerInfo signature comes from the two-party protocol ({@link TwoPhaseCmsSigner}): the Java client and
 * server sign the prepared signed attributes, the completed CMS verifies like any other, and anything but a valid
 * signature over exactly those bytes is refused.
 */
class CollabCmsSigningTests {

    static final byte[] CONTENT = utf8("出院小结：患者张三，诊断明确，签名医师李四。");

    private final TestPki pki = new TestPki();
    private final InProcessCollab collab = new InProcessCollab();
    private final InProcessCollab.Key key = collab.keygen();
    private final X509CertificateHolder certificate = issueForJointKey(pki, key);

    /** The hub's CA issues the signing certificate for the joint public key P, as at activation. */
    static X509CertificateHolder issueForJointKey(TestPki pki, InProcessCollab.Key key) {
        return pki.ca.issue(CertificateRequest.builder()
                .subject(DistinguishedNames.parse("CN=李四,OU=心内科,O=Test Hospital,C=CN,SERIALNUMBER=D0014"))
                .publicKey(Sm2.toSubjectPublicKeyInfo(key.server().publicKey())).build());
    }

    /** What the hub and the phone do between the two phases: the protocol over the prepared bytes, DER out. */
    static byte[] jointSignature(InProcessCollab collab, InProcessCollab.Key key, CmsSignatureRequest request) {
        assertThat(request.signerId()).isEqualTo(SignerId.DEFAULT);
        return collab.sign(key, request.signedAttributes()).toDer();
    }

    private CmsSigner.Builder builder() {
        return CmsSigner.builder().certificate(certificate).chain(pki.chain());
    }

    private VerificationReport verify(byte[] cms, byte[] detachedContent) {
        return CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build().verify(cms, detachedContent);
    }

    @Test
    void completedCmsVerifiesInBothFlavoursAttachedAndDetached() {
        for (CmsFlavour flavour : CmsFlavour.values()) {
            for (boolean attached : new boolean[] {false, true}) {
                TwoPhaseCmsSigner signer = builder().flavour(flavour).attached(attached).buildTwoPhase();
                CmsSignatureRequest request = signer.prepare(CONTENT);

                CMSSignedData signed = signer.complete(request, jointSignature(collab, key, request));
                byte[] cms = signer.encode(signed);

                VerificationReport report = verify(cms, attached ? null : CONTENT);
                assertThat(report.valid()).as(flavour + " attached=" + attached + "\n" + report.toText()).isTrue();
                assertThat(report.claimedSigningTime()).isEqualTo(request.signingTime());
                assertThat(report.signer().subject()).contains("李四");
                ParsedSignedData parsed = ParsedSignedData.parse(cms, attached ? null : CONTENT);
                assertThat(parsed.signedData().getSignedContentTypeOID()).isEqualTo(flavour.dataType().getId());
                assertThat(parsed.signedData().isDetachedSignature()).isEqualTo(!attached);
                assertThat(request.completed()).isTrue();
            }
        }
    }

    @Test
    void withTheSameSignatureTheCmsIsByteForByteWhatTheOnePhaseSignerMakes() {
        // the joint private key, which exists nowhere in the product: d = (d1·d2)⁻¹ − 1
        BigInteger n = CollabParameters.order();
        BigInteger d = BigIntegers.modOddInverse(n, key.client().d1().multiply(key.server().d2()).mod(n))
                .subtract(BigInteger.ONE).mod(n);
        SoftwareSigningKey whole = SoftwareSigningKey.of("joint", Sm2.keyPairOf(d));
        assertThat(whole.publicKey().getQ()).isEqualTo(key.server().publicKey().getQ());
        Clock clock = Clock.fixed(Instant.parse("2026-12-07T08:30:15Z"), ZoneOffset.UTC);
        HandwritingAttribute handwriting = HandwritingAttribute.ofPng(utf8("a PNG stands here"));
        for (CmsFlavour flavour : CmsFlavour.values()) {
            for (boolean attached : new boolean[] {false, true}) {
                CmsSigner.Builder settings = builder().flavour(flavour).attached(attached).handwriting(handwriting)
                        .crls(List.of(pki.ca.generateCrl())).clock(clock);
                CmsSigner onePhase = settings.key(whole).build();
                byte[] reference = onePhase.sign(CONTENT);
                SignerInformation referenceSigner = ParsedSignedData.parse(reference, attached ? null : CONTENT)
                        .signedData().getSignerInfos().getSigners().iterator().next();

                TwoPhaseCmsSigner twoPhase = settings.buildTwoPhase();
                CmsSignatureRequest request = twoPhase.prepare(CONTENT);
                byte[] completed = twoPhase.encode(twoPhase.complete(request, referenceSigner.getSignature()));

                assertThat(completed).as(flavour + " attached=" + attached).isEqualTo(reference);
            }
        }
    }

    @Test
    void theHandwritingAttributeIsSignedLikeInTheOnePhaseCms() {
        HandwritingAttribute handwriting = HandwritingAttribute.ofPng(utf8("strokes"));
        TwoPhaseCmsSigner signer = builder().handwriting(handwriting).buildTwoPhase();
        CmsSignatureRequest request = signer.prepare(CONTENT);

        byte[] cms = signer.encode(signer.complete(request, jointSignature(collab, key, request)));

        assertThat(verify(cms, CONTENT).valid()).isTrue();
        assertThat(HandwritingAttribute.of(cms, CONTENT).digest()).isEqualTo(handwriting.digest());
    }

    @Test
    void signatureTimestampsAreAddedBySourceOrAfterwards() {
        TwoPhaseCmsSigner stamping = builder().timestamps(pki.tsa).buildTwoPhase();
        CmsSignatureRequest first = stamping.prepare(CONTENT);
        CMSSignedData stamped = stamping.complete(first, jointSignature(collab, key, first));

        TwoPhaseCmsSigner plain = builder().buildTwoPhase();
        CmsSignatureRequest second = plain.prepare(CONTENT);
        CMSSignedData later = SignatureTimestamps.addTo(plain.complete(second, jointSignature(collab, key, second)),
                pki.tsa);

        for (CMSSignedData signed : List.of(stamped, later)) {
            SignerInformation signerInfo = signed.getSignerInfos().getSigners().iterator().next();
            assertThat(SignatureTimestamps.of(signerInfo)).isNotNull();
            VerificationReport report = verify(plain.encode(signed), CONTENT);
            assertThat(report.valid()).as(report.toText()).isTrue();
            assertThat(report.timestampTime()).isNotNull();
        }
    }

    @Test
    void refusesASignatureByAnotherKeyOverTheSameBytes() {
        TwoPhaseCmsSigner signer = builder().buildTwoPhase();
        CmsSignatureRequest request = signer.prepare(CONTENT);
        InProcessCollab.Key other = collab.keygen();
        byte[] wrong = collab.sign(other, request.signedAttributes()).toDer();

        assertThatThrownBy(() -> signer.complete(request, wrong))
                .isInstanceOf(ExternalSignatureInvalidException.class)
                .hasMessageStartingWith("the SM2 signature does not verify over the prepared signed attributes");
        assertThat(request.completed()).isFalse();
        // the request stays open: the right signature still completes it
        assertThat(verify(signer.encode(signer.complete(request, jointSignature(collab, key, request))), CONTENT)
                .valid()).isTrue();
    }

    @Test
    void refusesAJointSignatureOverOtherBytes() {
        TwoPhaseCmsSigner signer = builder().buildTwoPhase();
        CmsSignatureRequest request = signer.prepare(CONTENT);
        CmsSignatureRequest another = signer.prepare(utf8("另一份文书"));
        byte[] overContent = collab.sign(key, CONTENT).toDer();
        byte[] overOtherAttributes = jointSignature(collab, key, another);

        assertThatThrownBy(() -> signer.complete(request, overContent))
                .isInstanceOf(ExternalSignatureInvalidException.class);
        assertThatThrownBy(() -> signer.complete(request, overOtherAttributes))
                .isInstanceOf(ExternalSignatureInvalidException.class);
        assertThat(request.completed()).isFalse();
    }

    @Test
    void refusesMalformedAndNonDerSignatures() {
        TwoPhaseCmsSigner signer = builder().buildTwoPhase();
        CmsSignatureRequest request = signer.prepare(CONTENT);
        CollabSignature good = collab.sign(key, request.signedAttributes());
        byte[] der = good.toDer();
        byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);

        for (byte[] bad : List.of(new byte[0], new byte[] {0x30, 0x00}, good.toPlain(), trailing)) {
            assertThatThrownBy(() -> signer.complete(request, bad))
                    .isInstanceOf(ExternalSignatureInvalidException.class);
        }
        assertThat(request.completed()).isFalse();
    }

    @Test
    void aRequestCompletesOnce() {
        TwoPhaseCmsSigner signer = builder().buildTwoPhase();
        CmsSignatureRequest request = signer.prepare(CONTENT);
        byte[] signature = jointSignature(collab, key, request);
        signer.complete(request, signature);

        assertThatThrownBy(() -> signer.complete(request, signature))
                .isInstanceOf(SignatureRequestCompletedException.class).hasMessageContaining("already completed");
        byte[] anotherValid = jointSignature(collab, key, request);
        assertThatThrownBy(() -> signer.complete(request, anotherValid))
                .isInstanceOf(SignatureRequestCompletedException.class);
    }

    @Test
    void aSignerBuiltAgainFromTheSameSettingsCompletesTheRequest() {
        CmsSignatureRequest request = builder().attached(true).buildTwoPhase().prepare(CONTENT);
        byte[] signature = jointSignature(collab, key, request);

        TwoPhaseCmsSigner again = builder().attached(true).buildTwoPhase();
        assertThat(verify(again.encode(again.complete(request, signature)), null).valid()).isTrue();
    }

    @Test
    void refusesARequestPreparedWithOtherSettings() {
        CmsSignatureRequest withHandwriting = builder().handwriting(HandwritingAttribute.ofPng(utf8("x")))
                .buildTwoPhase().prepare(CONTENT);
        byte[] signature = jointSignature(collab, key, withHandwriting);
        TwoPhaseCmsSigner without = builder().buildTwoPhase();
        assertThatThrownBy(() -> without.complete(withHandwriting, signature))
                .isInstanceOf(SignatureRequestMismatchException.class)
                .hasMessageContaining("rebuilt by this signer differ");

        TwoPhaseCmsSigner otherCertificate = CmsSigner.builder()
                .certificate(issueForJointKey(pki, key)).buildTwoPhase();
        assertThatThrownBy(() -> otherCertificate.complete(withHandwriting, signature))
                .isInstanceOf(SignatureRequestMismatchException.class);
        TwoPhaseCmsSigner otherId = builder().signerId(SignerId.EMPTY).buildTwoPhase();
        assertThatThrownBy(() -> otherId.complete(withHandwriting, signature))
                .isInstanceOf(SignatureRequestMismatchException.class);
        assertThat(withHandwriting.completed()).isFalse();
    }

    @Test
    void theHubOpensItsSessionOverThePreparedBytesAndRefusesAClientDigestOfOtherBytes() {
        CmsSignatureRequest request = builder().buildTwoPhase().prepare(CONTENT);
        ServerSigningSession session = collab.server.openSession(key.server(), request.signerId(),
                request.signedAttributes());
        CollabClient.Signing signing = collab.client.startSigning(key.client(), session.id(), SignerId.DEFAULT,
                CONTENT);

        assertThatThrownBy(() -> session.respond(SignRequest.fromBytes(signing.request().toBytes())))
                .isInstanceOf(CollabProtocolException.class)
                .extracting(e -> ((CollabProtocolException) e).reason())
                .isEqualTo(CollabProtocolException.Reason.DIGEST_MISMATCH);
    }
}
