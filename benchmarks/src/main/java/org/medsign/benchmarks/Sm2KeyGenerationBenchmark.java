package org.medsign.benchmarks;

import java.security.SecureRandom;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2KeyPair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** SM2 key generation: BouncyCastle's ECKeyPairGenerator on sm2p256v1 beside Sm2#generateKeyPair. */
public class Sm2KeyGenerationBenchmark extends ThroughputBenchmark {

    private SecureRandom random;
    private ECKeyPairGenerator generator;
    private ECKeyPairGenerator genericCurveGenerator;

    @Setup
    public void setUp() {
        random = BenchmarkPki.newRandom();
        generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(BenchmarkPki.BC_DOMAIN, random));
        genericCurveGenerator = new ECKeyPairGenerator();
        genericCurveGenerator.init(new ECKeyGenerationParameters(Sm2.DOMAIN, random));
    }

    @Benchmark
    public AsymmetricCipherKeyPair rawBouncyCastle() {
        return generator.generateKeyPair();
    }

    /** Reference: the same generator over Sm2.DOMAIN (GMNamedCurves' generic curve). */
    @Benchmark
    public AsymmetricCipherKeyPair rawBouncyCastleGenericCurve() {
        return genericCurveGenerator.generateKeyPair();
    }

    @Benchmark
    public Sm2KeyPair medsign() {
        return Sm2.generateKeyPair(random);
    }
}
