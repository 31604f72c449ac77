package org.medsign.crypto.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medsign.crypto.collab.InProcessCollab.utf8;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.collab.CollabProtocolException.Reason;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/** Every check of §2 and §3a of the reference sheet: each side refuses malformed or malicious messages. */
class CollabMalformedMessageTests {

    private static final BigInteger N = CollabParameters.order();
    private final InProcessCollab collab = new InProcessCollab();
    private final InProcessCollab.Key key = collab.keygen();
    private final byte[] message = utf8("检验报告 LIS-7");

    private static void refused(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CollabProtocolException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private static byte[] offCurve(byte[] encoding, int pointOffset) {
        byte[] bad = encoding.clone();
        bad[pointOffset + 64] ^= 0x01; // y + 1 (or − 1): off the curve
        return bad;
    }

    private record Round(ServerSigningSession session, CollabClient.Signing signing) {
    }

    private Round round() {
        ServerSigningSession session = collab.server.openSession(key.server(), SignerId.DEFAULT, message);
        return new Round(session, collab.client.startSigning(key.client(), session.id(), SignerId.DEFAULT, message));
    }

    // ---- points --------------------------------------------------------------------------------------------------

    @Test
    void theServerRefusesAP1NotOnTheCurve() {
        byte[] good = collab.client.startKeygen().request().toBytes();
        refused(() -> KeygenRequest.fromBytes(offCurve(good, 1)), Reason.POINT_NOT_ON_CURVE);
        ECPoint notOnCurve = CollabParameters.CURVE.createPoint(BigInteger.ONE, BigInteger.ONE);
        refused(() -> new KeygenRequest(notOnCurve), Reason.POINT_NOT_ON_CURVE);
    }

    @Test
    void thePointAtInfinityIsRefusedAsObjectAndHasNoEncoding() {
        ECPoint infinity = CollabParameters.CURVE.getInfinity();
        refused(() -> new KeygenRequest(infinity), Reason.POINT_AT_INFINITY);
        refused(() -> new KeygenResponse(infinity, CollabParameters.generator()), Reason.POINT_AT_INFINITY);
        refused(() -> new SignRequest(SessionId.random(new SecureRandom()), infinity, new byte[32]),
                Reason.POINT_AT_INFINITY);
        byte[] zeroes = new byte[KeygenRequest.LENGTH];
        zeroes[0] = 0x01;
        refused(() -> KeygenRequest.fromBytes(zeroes), Reason.BAD_ENCODING);
        refused(() -> CollabParameters.decodePoint(new byte[] {0}, "P1"), Reason.BAD_ENCODING);
    }

    @Test
    void onlyUncompressedPointsWithCoordinatesBelowPAreAccepted() {
        byte[] good = collab.client.startKeygen().request().toBytes();
        byte[] compressedTag = good.clone();
        compressedTag[1] = 0x02;
        refused(() -> KeygenRequest.fromBytes(compressedTag), Reason.BAD_ENCODING);
        byte[] compressed = new byte[34];
        compressed[0] = 0x01;
        System.arraycopy(key.client().publicKey().getQ().getEncoded(true), 0, compressed, 1, 33);
        refused(() -> KeygenRequest.fromBytes(compressed), Reason.BAD_ENCODING);
        byte[] xTooBig = good.clone();
        Arrays.fill(xTooBig, 2, 34, (byte) 0xff);
        refused(() -> KeygenRequest.fromBytes(xTooBig), Reason.BAD_ENCODING);
        refused(() -> KeygenRequest.fromBytes(Arrays.copyOf(good, good.length + 1)), Reason.BAD_ENCODING);
        refused(() -> KeygenRequest.fromBytes(Arrays.copyOf(good, good.length - 1)), Reason.BAD_ENCODING);
        byte[] wrongType = good.clone();
        wrongType[0] = Wire.SIGN_REQUEST;
        refused(() -> KeygenRequest.fromBytes(wrongType), Reason.BAD_ENCODING);
    }

    @Test
    void theClientRefusesPOrP2NotOnTheCurve() {
        CollabClient.Keygen keygen = collab.client.startKeygen();
        byte[] answer = collab.server.keygen(keygen.request()).response().toBytes();
        refused(() -> KeygenResponse.fromBytes(offCurve(answer, 1)), Reason.POINT_NOT_ON_CURVE);
        refused(() -> KeygenResponse.fromBytes(offCurve(answer, 66)), Reason.POINT_NOT_ON_CURVE);
    }

    @Test
    void theServerRefusesAQ1NotOnTheCurve() {
        byte[] request = round().signing().request().toBytes();
        refused(() -> SignRequest.fromBytes(offCurve(request, 17)), Reason.POINT_NOT_ON_CURVE);
    }

    // ---- scalars and lengths -------------------------------------------------------------------------------------

    @Test
    void eMustBeExactly32Bytes() {
        SessionId id = SessionId.random(new SecureRandom());
        ECPoint q = CollabParameters.generator();
        refused(() -> new SignRequest(id, q, new byte[31]), Reason.BAD_ENCODING);
        refused(() -> new SignRequest(id, q, new byte[33]), Reason.BAD_ENCODING);
        byte[] request = round().signing().request().toBytes();
        refused(() -> SignRequest.fromBytes(Arrays.copyOf(request, request.length - 1)), Reason.BAD_ENCODING);
        refused(() -> SignRequest.fromBytes(Arrays.copyOf(request, request.length + 1)), Reason.BAD_ENCODING);
    }

    @Test
    void zeroAndOutOfRangeScalarsAreRefused() {
        Round round = round();
        byte[] answer = round.session().respond(round.signing().request()).toBytes();
        for (int field = 0; field < 3; field++) {
            int at = 17 + 32 * field;
            byte[] zero = answer.clone();
            Arrays.fill(zero, at, at + 32, (byte) 0);
            refused(() -> SignResponse.fromBytes(zero), Reason.SCALAR_OUT_OF_RANGE);
            byte[] equalToN = answer.clone();
            System.arraycopy(BigIntegers.asUnsignedByteArray(32, N), 0, equalToN, at, 32);
            refused(() -> SignResponse.fromBytes(equalToN), Reason.SCALAR_OUT_OF_RANGE);
            byte[] allOnes = answer.clone();
            Arrays.fill(allOnes, at, at + 32, (byte) 0xff);
            refused(() -> SignResponse.fromBytes(allOnes), Reason.SCALAR_OUT_OF_RANGE);
        }
        SessionId id = round.session().id();
        refused(() -> new SignResponse(id, BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE), Reason.SCALAR_OUT_OF_RANGE);
        refused(() -> new SignResponse(id, N, BigInteger.ONE, BigInteger.ONE), Reason.SCALAR_OUT_OF_RANGE);
        refused(() -> new SignResponse(id, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE.negate()),
                Reason.SCALAR_OUT_OF_RANGE);
        refused(() -> SignResponse.fromBytes(Arrays.copyOf(answer, 112)), Reason.BAD_ENCODING);
        refused(() -> ServerShare.of(new byte[32], key.server().publicKey().getQ().getEncoded(false)),
                Reason.SCALAR_OUT_OF_RANGE);
        refused(() -> new SessionId("ABCDEF"), Reason.BAD_ENCODING);
    }

    // ---- sessions ------------------------------------------------------------------------------------------------

    @Test
    void aSessionAnswersOnceAndARepliedRequestIsRefused() {
        Round round = round();
        SignRequest request = round.signing().request();
        round.session().respond(request);

        refused(() -> round.session().respond(request), Reason.SESSION_UNKNOWN_OR_USED);
    }

    @Test
    void theRegistryRefusesUnknownReplayedAndExpiredSessions() {
        Instant start = Instant.parse("2026-12-07T08:00:00Z");
        var clock = new java.util.concurrent.atomic.AtomicReference<>(start);
        Clock moving = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock.get();
            }
        };
        var sessions = new CollabSessions(moving, Duration.ofMinutes(2), 10);
        Round first = round();
        sessions.register(first.session());
        SignRequest request = first.signing().request();
        sessions.respond(request);
        refused(() -> sessions.respond(request), Reason.SESSION_UNKNOWN_OR_USED);

        Round unregistered = round();
        refused(() -> sessions.respond(unregistered.signing().request()), Reason.SESSION_UNKNOWN_OR_USED);
        refused(() -> sessions.register(first.session()), Reason.SESSION_UNKNOWN_OR_USED);

        Round late = round();
        sessions.register(late.session());
        clock.set(start.plus(Duration.ofMinutes(3)));
        refused(() -> sessions.respond(late.signing().request()), Reason.SESSION_UNKNOWN_OR_USED);
    }

    @Test
    void aSessionRefusesARequestForAnotherSessionAndIsSpent() {
        Round mine = round();
        Round other = round();
        refused(() -> mine.session().respond(other.signing().request()), Reason.SESSION_UNKNOWN_OR_USED);
        refused(() -> mine.session().respond(mine.signing().request()), Reason.SESSION_UNKNOWN_OR_USED);
    }

    @Test
    void theServerRefusesToCoSignADigestOfAnotherMessage() {
        ServerSigningSession session = collab.server.openSession(key.server(), SignerId.DEFAULT, message);
        CollabClient.Signing other = collab.client.startSigning(key.client(), session.id(), SignerId.DEFAULT,
                utf8("something else"));
        refused(() -> session.respond(other.request()), Reason.DIGEST_MISMATCH);
    }

    @Test
    void theClientRefusesAnAnswerForAnotherSessionAndNeverReusesItsNonce() {
        Round mine = round();
        Round other = round();
        SignResponse otherAnswer = other.session().respond(other.signing().request());
        refused(() -> mine.signing().finish(otherAnswer), Reason.SESSION_UNKNOWN_OR_USED);
        SignResponse myAnswer = mine.session().respond(mine.signing().request());
        refused(() -> mine.signing().finish(myAnswer), Reason.ALREADY_USED);
    }

    @Test
    void keyGenerationFinishesOnce() {
        CollabClient.Keygen keygen = collab.client.startKeygen();
        KeygenResponse answer = collab.server.keygen(keygen.request()).response();
        keygen.finish(answer);
        refused(() -> keygen.finish(answer), Reason.ALREADY_USED);
    }

    // ---- malicious server ----------------------------------------------------------------------------------------

    @Test
    void aKeySubstitutedByTheServerIsRefused() {
        CollabClient.Keygen keygen = collab.client.startKeygen();
        KeygenResponse honest = collab.server.keygen(keygen.request()).response();
        ECPoint serversOwnKey = Sm2.generateKeyPair(new SecureRandom()).publicKey().getQ();

        refused(() -> keygen.finish(new KeygenResponse(serversOwnKey, honest.p2())), Reason.PEER_KEY_MISMATCH);
        CollabClient.Keygen second = collab.client.startKeygen();
        refused(() -> second.finish(new KeygenResponse(serversOwnKey,
                serversOwnKey.add(CollabParameters.generator()).normalize())), Reason.PEER_KEY_MISMATCH);
    }

    @Test
    void aWrongRFromTheServerGivesNoSignature() {
        Round round = round();
        SignResponse honest = round.session().respond(round.signing().request());
        var forged = new SignResponse(honest.sessionId(), honest.r().add(BigInteger.ONE).mod(N), honest.s2(),
                honest.s3());
        refused(() -> round.signing().finish(forged), Reason.SIGNATURE_INVALID);
    }

    @Test
    void wrongS2OrS3FromTheServerGiveNoSignature() {
        Round a = round();
        SignResponse honestA = a.session().respond(a.signing().request());
        refused(() -> a.signing().finish(new SignResponse(honestA.sessionId(), honestA.r(),
                honestA.s2().add(BigInteger.ONE), honestA.s3())), Reason.SIGNATURE_INVALID);
        Round b = round();
        SignResponse honestB = b.session().respond(b.signing().request());
        refused(() -> b.signing().finish(new SignResponse(honestB.sessionId(), honestB.r(), honestB.s2(),
                honestB.s3().add(BigInteger.ONE))), Reason.SIGNATURE_INVALID);
    }

    /**
     * §3a: a server that uses k3 = 0 sends s2 = 0; the client's s = d1·s3 − r would be a VALID signature (so final
     * verification cannot catch it) from which the server computes d1 = (s + r)·s3⁻¹ and, with its d2, the whole key.
     * The client refuses s2 = 0 before computing anything.
     */
    @Test
    void theZeroS2AttackWouldLeakTheDeviceShareAndIsRefused() {
        byte[] e = CollabServer.digest(key.server(), SignerId.DEFAULT, message);
        BigInteger k2 = CollabParameters.randomScalar(new SecureRandom());
        ECPoint kG = CollabParameters.multiplyG(k2); // k3 = 0: [k3]Q1 + [k2]G = [k2]G
        BigInteger r = new BigInteger(1, e).add(kG.getAffineXCoord().toBigInteger()).mod(N);
        BigInteger d2 = key.server().d2();
        BigInteger s3 = d2.multiply(r.add(k2)).mod(N);

        // what would happen without the check: the signature is valid and reveals d1
        BigInteger d1 = key.client().d1();
        BigInteger s = d1.multiply(s3).subtract(r).mod(N);
        assertThat(Sm2.verify(key.client().publicKey(), SignerId.DEFAULT, message,
                new CollabSignature(r, s).toPlain(), Sm2SignatureEncoding.PLAIN)).isTrue();
        assertThat(s.add(r).multiply(s3.modInverse(N)).mod(N)).isEqualTo(d1);

        // with the check: the malicious answer cannot even be parsed, so nothing is computed or signed
        Round round = round();
        round.session().respond(round.signing().request());
        byte[] malicious = new byte[SignResponse.LENGTH];
        malicious[0] = Wire.SIGN_RESPONSE;
        System.arraycopy(round.session().id().bytes(), 0, malicious, 1, 16);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, malicious, 17, 32);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, s3), 0, malicious, 81, 32);
        refused(() -> SignResponse.fromBytes(malicious), Reason.SCALAR_OUT_OF_RANGE);
    }

    @Test
    void aDegenerateSIsRetriedWithAFreshNonceNotReleased() {
        // a test that knows d1 and k1 can force s = 0 and s = n − r; the client must not release either
        SecureRandom fixedK1 = new FixedRandom(
                "0000000000000000000000000000000000000000000000000000000000000007",
                "0000000000000000000000000000000000000000000000000000000000000007");
        CollabClient client = new CollabClient(fixedK1);
        BigInteger k1 = BigInteger.valueOf(7);
        BigInteger d1 = key.client().d1();
        for (boolean sIsZero : new boolean[] {true, false}) {
            ServerSigningSession session = collab.server.openSession(key.server(), SignerId.DEFAULT, message);
            CollabClient.Signing signing = client.startSigning(key.client(), session.id(), SignerId.DEFAULT, message);
            SignResponse honest = session.respond(signing.request());
            BigInteger r = honest.r();
            BigInteger s2 = honest.s2();
            // s = d1·k1·s2 + d1·s3 − r; choose s3 so that s = 0, or s + r = 0
            BigInteger target = sIsZero ? r : BigInteger.ZERO;
            BigInteger s3 = target.subtract(d1.multiply(k1).multiply(s2)).multiply(d1.modInverse(N)).mod(N);
            refused(() -> signing.finish(new SignResponse(honest.sessionId(), r, s2, s3)),
                    Reason.RETRY_WITH_FRESH_NONCE);
        }
    }
}
