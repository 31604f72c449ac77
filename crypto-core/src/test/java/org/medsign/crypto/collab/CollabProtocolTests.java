package org.medsign.crypto.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medsign.crypto.collab.InProcessCollab.utf8;

import java.math.BigInteger;

import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/** Java client and Java server generate a key together and sign; the result is an ordinary SM2 signature. */
class CollabProtocolTests {

    private final InProcessCollab collab = new InProcessCollab();

    static boolean verifiesWithBouncyCastle(ECPublicKeyParameters key, byte[] message, byte[] der) {
        SM2Signer verifier = new SM2Signer(StandardDSAEncoding.INSTANCE);
        verifier.init(false, new ParametersWithID(key, SignerId.DEFAULT.bytes()));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(der);
    }

    @Test
    void theCurveIsGmNamedCurvesSm2p256v1() {
        var gm = GMNamedCurves.getByName("sm2p256v1");
        assertThat(CollabParameters.order()).isEqualTo(gm.getN());
        assertThat(CollabParameters.generator().getEncoded(false)).isEqualTo(gm.getG().getEncoded(false));
        assertThat(CollabParameters.CURVE.getA().toBigInteger()).isEqualTo(gm.getCurve().getA().toBigInteger());
        assertThat(CollabParameters.CURVE.getB().toBigInteger()).isEqualTo(gm.getCurve().getB().toBigInteger());
    }

    @Test
    void bothSidesAgreeOnThePublicKeyWhichIsTheKeyOfTheProductOfShares() {
        InProcessCollab.Key key = collab.keygen();

        assertThat(key.client().publicKey().getQ()).isEqualTo(key.server().publicKey().getQ());
        // d = (d1·d2)⁻¹ − 1: only a test, holding both shares, can compute it
        BigInteger n = CollabParameters.order();
        BigInteger d = BigIntegers.modOddInverse(n, key.client().d1().multiply(key.server().d2()).mod(n))
                .subtract(BigInteger.ONE);
        assertThat(Sm2.keyPairOf(d).publicKey().getQ()).isEqualTo(key.client().publicKey().getQ());
    }

    @Test
    void aJointSignatureVerifiesWithSm2SignerInDerAndPlainForm() {
        InProcessCollab.Key key = collab.keygen();
        byte[] message = utf8("手术记录：麻醉顺利。");

        CollabSignature signature = collab.sign(key, message);

        assertThat(verifiesWithBouncyCastle(key.client().publicKey(), message, signature.toDer())).isTrue();
        assertThat(Sm2.verify(key.server().publicKey(), SignerId.DEFAULT, message, signature.toPlain(),
                Sm2SignatureEncoding.PLAIN)).isTrue();
        assertThat(verifiesWithBouncyCastle(key.client().publicKey(), utf8("手术记录：麻醉不顺利。"),
                signature.toDer())).isFalse();
        assertThat(signature.encode(Sm2SignatureEncoding.DER)).isEqualTo(signature.toDer());
        assertThat(signature.toPlain()).hasSize(64);
    }

    @Test
    void twoSignaturesOfTheSameMessageUseFreshNonces() {
        InProcessCollab.Key key = collab.keygen();
        byte[] message = utf8("same");

        assertThat(collab.sign(key, message).r()).isNotEqualTo(collab.sign(key, message).r());
    }

    @Test
    void theServerComputesTheSameDigestAsTheClientFromTheMessage() {
        InProcessCollab.Key key = collab.keygen();
        byte[] message = utf8("order 42");
        ServerSigningSession session = collab.server.openSession(key.server(), SignerId.DEFAULT, message);
        CollabClient.Signing signing = collab.client.startSigning(key.client(), session.id(), SignerId.DEFAULT,
                message);

        assertThat(signing.request().e()).isEqualTo(session.digest())
                .isEqualTo(CollabServer.digest(key.server(), SignerId.DEFAULT, message));
    }

    @Test
    void aSessionForADigestTheHubComputedWorksLikeOneForAMessage() {
        InProcessCollab.Key key = collab.keygen();
        byte[] message = utf8("signed attributes");
        ServerSigningSession session = collab.server.openSessionForDigest(key.server(),
                CollabServer.digest(key.server(), SignerId.DEFAULT, message));
        CollabClient.Signing signing = collab.client.startSigning(key.client(), session.id(), SignerId.DEFAULT,
                message);

        CollabSignature signature = signing.finish(session.respond(signing.request()));

        assertThat(verifiesWithBouncyCastle(key.client().publicKey(), message, signature.toDer())).isTrue();
    }

    @Test
    void registeredSessionsAnswerThroughTheRegistry() {
        InProcessCollab.Key key = collab.keygen();
        var sessions = new CollabSessions(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(2), 100);
        byte[] message = utf8("via registry");
        ServerSigningSession session = sessions.register(
                collab.server.openSession(key.server(), SignerId.DEFAULT, message));
        CollabClient.Signing signing = collab.client.startSigning(key.client(), session.id(), SignerId.DEFAULT,
                message);

        CollabSignature signature = signing.finish(sessions.respond(signing.request()));

        assertThat(verifiesWithBouncyCastle(key.client().publicKey(), message, signature.toDer())).isTrue();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void sharesRestoreFromTheirExportedBytes() {
        InProcessCollab.Key key = collab.keygen();
        byte[] publicKey = key.client().publicKey().getQ().getEncoded(false);
        var restored = new InProcessCollab.Key(ClientShare.of(key.client().exportForSealing(), publicKey),
                ServerShare.of(key.server().exportForSealing(), publicKey));
        byte[] message = utf8("after restore");

        CollabSignature signature = collab.sign(restored, message);

        assertThat(verifiesWithBouncyCastle(key.client().publicKey(), message, signature.toDer())).isTrue();
        assertThat(key.client().toString()).doesNotContain(key.client().d1().toString(16));
        assertThat(key.server().toString()).doesNotContain(key.server().d2().toString(16));
    }

    @Test
    void messagesSurviveTheirByteEncodings() {
        InProcessCollab.Key key = collab.keygen();
        ECPoint q = key.client().publicKey().getQ();
        var request = new KeygenRequest(q);
        var response = new KeygenResponse(q, CollabParameters.generator());
        var sessionId = SessionId.random(new java.security.SecureRandom());
        var signRequest = new SignRequest(sessionId, q, new byte[32]);
        var signResponse = new SignResponse(sessionId, BigInteger.ONE, BigInteger.TWO, BigInteger.TEN);

        assertThat(KeygenRequest.fromBytes(request.toBytes())).isEqualTo(request);
        assertThat(KeygenResponse.fromBytes(response.toBytes())).isEqualTo(response);
        assertThat(SignRequest.fromBytes(signRequest.toBytes())).isEqualTo(signRequest);
        assertThat(SignResponse.fromBytes(signResponse.toBytes())).isEqualTo(signResponse);
        assertThat(request.toBytes()).hasSize(KeygenRequest.LENGTH).hasSize(66);
        assertThat(response.toBytes()).hasSize(131);
        assertThat(signRequest.toBytes()).hasSize(114);
        assertThat(signResponse.toBytes()).hasSize(113);
    }
}
