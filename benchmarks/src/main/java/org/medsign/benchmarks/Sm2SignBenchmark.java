package org.medsign.benchmarks;


import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.medsign.crypto.key.SoftwareSigningKey;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2KeyPair;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** SM2 signature over 32 bytes: BouncyCastle's SM2Signer initialised once beside SoftwareSigningKey#sign. */
public class Sm2SignBenchmark extends ThroughputBenchmark {

    /** The key pair and message, shared by all threads (the wrapper's signer pool is shared too). */
    @State(Scope.Benchmark)
    public static class Keys {
        Sm2KeyPair pair;
        SoftwareSigningKey key;
        byte[] message;

        @Setup
        public void setUp() {
            pair = Sm2.generateKeyPair(BenchmarkPki.newRandom());
            key = SoftwareSigningKey.of("bench", pair);
            message = BenchmarkPki.bytes(32, 1);
        }
    }

    private SM2Signer initialisedOnce;
    private ParametersWithID parameters;
    private SM2Signer genericCurveInitialisedOnce;

    @Setup
    public void setUp(Keys keys) {
        parameters = new ParametersWithID(new ParametersWithRandom(BenchmarkPki.onBcCurve(keys.pair.privateKey()),
                BenchmarkPki.newRandom()), ReusedSm2ContentSigner.DEFAULT_ID);
        initialisedOnce = new SM2Signer();
        initialisedOnce.init(true, parameters);
        genericCurveInitialisedOnce = new SM2Signer();
        genericCurveInitialisedOnce.init(true, new ParametersWithID(new ParametersWithRandom(keys.pair.privateKey(),
                BenchmarkPki.newRandom()), ReusedSm2ContentSigner.DEFAULT_ID));
    }

    @Benchmark
    public byte[] rawBouncyCastle(Keys keys) throws CryptoException {
        initialisedOnce.update(keys.message, 0, keys.message.length);
        return initialisedOnce.generateSignature();
    }

    /** Reference: what every signature costs without pooling (init derives the public key and Z_A each time). */
    @Benchmark
    public byte[] rawBouncyCastleInitPerSignature(Keys keys) throws CryptoException {
        SM2Signer signer = new SM2Signer();
        signer.init(true, parameters);
        signer.update(keys.message, 0, keys.message.length);
        return signer.generateSignature();
    }

    /** Reference: the signer initialised once, but the key on Sm2.DOMAIN (GMNamedCurves' generic curve). */
    @Benchmark
    public byte[] rawBouncyCastleGenericCurve(Keys keys) throws CryptoException {
        genericCurveInitialisedOnce.update(keys.message, 0, keys.message.length);
        return genericCurveInitialisedOnce.generateSignature();
    }

    @Benchmark
    public byte[] medsign(Keys keys) {
        return keys.key.sign(keys.message, SignerId.DEFAULT, Sm2SignatureEncoding.DER);
    }
}
