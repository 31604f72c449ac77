package org.medsign.benchmarks;

import java.time.Clock;
import java.time.Duration;

import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.medsign.crypto.collab.ClientShare;
import org.medsign.crypto.collab.CollabClient;
import org.medsign.crypto.collab.CollabServer;
import org.medsign.crypto.collab.CollabSessions;
import org.medsign.crypto.collab.KeygenRequest;
import org.medsign.crypto.collab.KeygenResponse;
import org.medsign.crypto.collab.ServerShare;
import org.medsign.crypto.collab.ServerSigningSession;
import org.medsign.crypto.collab.SessionId;
import org.medsign.crypto.collab.SignRequest;
import org.medsign.crypto.collab.SignResponse;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2KeyPair;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Two-party SM2 signing (collaborative keys, 协同签名) over 32 bytes beside single-party SM2 signing in the same run.
 * Here "raw" is the single-party signature the issue compares against (BouncyCastle's SM2Signer initialised once, as
 * in {@link Sm2SignBenchmark}); {@code medsign} is one whole two-party signature with the Java client and server in
 * process, every message passed as bytes ({@code toBytes}/{@code fromBytes}) through the hub's
 * {@link CollabSessions}; {@code medsignServerRound} is the hub's share alone (open and register a session, parse the
 * client's request, answer), since the phone's work runs on the phone. {@code rawBouncyCastleVerify} is a reference:
 * the SM2 verification the client makes before it releases a signature.
 */
public class CollabSignBenchmark extends ThroughputBenchmark {

    /** Both shares of one joint key, a single-party key, the message, and a client request to replay server-side. */
    @State(Scope.Benchmark)
    public static class Keys {
        CollabClient client;
        CollabServer server;
        CollabSessions sessions;
        ClientShare clientShare;
        ServerShare serverShare;
        Sm2KeyPair single;
        byte[] message;
        byte[] requestTemplate;
        byte[] jointSignature;
        ECPublicKeyParameters jointKeyOnBcCurve;

        @Setup
        public void setUp() {
            client = new CollabClient(BenchmarkPki.newRandom());
            server = new CollabServer(BenchmarkPki.newRandom());
            sessions = new CollabSessions(Clock.systemUTC(), Duration.ofMinutes(5), 10_000);
            CollabClient.Keygen keygen = client.startKeygen();
            CollabServer.Keygen answer = server.keygen(KeygenRequest.fromBytes(keygen.request().toBytes()));
            clientShare = keygen.finish(KeygenResponse.fromBytes(answer.response().toBytes()));
            serverShare = answer.share();
            single = Sm2.generateKeyPair(BenchmarkPki.newRandom());
            message = BenchmarkPki.bytes(32, 1);
            // a real client request (Q1, e over the message); each server round patches its own session id in
            ServerSigningSession session = server.openSession(serverShare, SignerId.DEFAULT, message);
            CollabClient.Signing signing = client.startSigning(clientShare, session.id(), SignerId.DEFAULT, message);
            requestTemplate = signing.request().toBytes();
            jointSignature = signing.finish(session.respond(signing.request())).toDer();
            jointKeyOnBcCurve = BenchmarkPki.onBcCurve(clientShare.publicKey());
        }
    }

    private SM2Signer initialisedOnce;
    private final SM2Signer verifier = new SM2Signer();

    @Setup
    public void setUp(Keys keys) {
        initialisedOnce = new SM2Signer();
        initialisedOnce.init(true, new ParametersWithID(new ParametersWithRandom(
                BenchmarkPki.onBcCurve(keys.single.privateKey()), BenchmarkPki.newRandom()),
                ReusedSm2ContentSigner.DEFAULT_ID));
    }

    /** Single-party SM2 signature, DER (the baseline of the ratio). */
    @Benchmark
    public byte[] rawBouncyCastle(Keys keys) throws CryptoException {
        initialisedOnce.update(keys.message, 0, keys.message.length);
        return initialisedOnce.generateSignature();
    }

    /** Reference: the client's final check, an SM2 verification of the joint signature (SM2Signer, key reused). */
    @Benchmark
    public boolean rawBouncyCastleVerify(Keys keys) {
        verifier.init(false, new ParametersWithID(keys.jointKeyOnBcCurve, ReusedSm2ContentSigner.DEFAULT_ID));
        verifier.update(keys.message, 0, keys.message.length);
        return verifier.verifySignature(keys.jointSignature);
    }

    /** One two-party signature, client and server in process, messages as bytes, DER out. */
    @Benchmark
    public byte[] medsign(Keys keys) {
        ServerSigningSession session = keys.sessions.register(
                keys.server.openSession(keys.serverShare, SignerId.DEFAULT, keys.message));
        byte[] sessionId = session.id().bytes();
        CollabClient.Signing signing = keys.client.startSigning(keys.clientShare, SessionId.of(sessionId),
                SignerId.DEFAULT, keys.message);
        byte[] response = keys.sessions.respond(SignRequest.fromBytes(signing.request().toBytes())).toBytes();
        return signing.finish(SignResponse.fromBytes(response)).encode(Sm2SignatureEncoding.DER);
    }

    /** The hub's share alone: open and register a session (e computed from the message), parse, answer, encode. */
    @Benchmark
    public byte[] medsignServerRound(Keys keys) {
        ServerSigningSession session = keys.sessions.register(
                keys.server.openSession(keys.serverShare, SignerId.DEFAULT, keys.message));
        byte[] request = keys.requestTemplate.clone();
        System.arraycopy(session.id().bytes(), 0, request, 1, SessionId.LENGTH);
        return keys.sessions.respond(SignRequest.fromBytes(request)).toBytes();
    }
}
