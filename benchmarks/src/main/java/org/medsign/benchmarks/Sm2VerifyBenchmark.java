package org.medsign.benchmarks;


import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2KeyPair;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** SM2 verification of a DER signature over 32 bytes: SM2Signer with the key object reused beside Sm2#verify. */
public class Sm2VerifyBenchmark extends ThroughputBenchmark {

    /** One public key object (it caches BouncyCastle's precomputation), a message and its signature. */
    @State(Scope.Benchmark)
    public static class Signed {
        Sm2KeyPair pair;
        ECPublicKeyParameters bcCurvePublicKey;
        byte[] message;
        byte[] signature;

        @Setup
        public void setUp() {
            pair = Sm2.generateKeyPair(BenchmarkPki.newRandom());
            message = BenchmarkPki.bytes(32, 2);
            signature = Sm2.sign(pair.privateKey(), SignerId.DEFAULT, message, Sm2SignatureEncoding.DER,
                    BenchmarkPki.newRandom());
            bcCurvePublicKey = BenchmarkPki.onBcCurve(pair.publicKey());
        }
    }

    private final SM2Signer verifier = new SM2Signer();

    @Benchmark
    public boolean rawBouncyCastle(Signed signed) {
        verifier.init(false, new ParametersWithID(signed.bcCurvePublicKey, ReusedSm2ContentSigner.DEFAULT_ID));
        verifier.update(signed.message, 0, signed.message.length);
        return verifier.verifySignature(signed.signature);
    }

    /** Reference: the same with the key on Sm2.DOMAIN (GMNamedCurves' generic curve). */
    @Benchmark
    public boolean rawBouncyCastleGenericCurve(Signed signed) {
        verifier.init(false, new ParametersWithID(signed.pair.publicKey(), ReusedSm2ContentSigner.DEFAULT_ID));
        verifier.update(signed.message, 0, signed.message.length);
        return verifier.verifySignature(signed.signature);
    }

    @Benchmark
    public boolean medsign(Signed signed) {
        return Sm2.verify(signed.pair.publicKey(), SignerId.DEFAULT, signed.message, signed.signature,
                Sm2SignatureEncoding.DER);
    }
}
