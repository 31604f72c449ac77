package org.medsign.crypto.tsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.Sm3;
import org.medsign.crypto.verify.ReasonCode;
import org.medsign.crypto.verify.TimestampVerifier;
import org.medsign.crypto.verify.VerificationReport;
import org.medsign.crypto.verify.RevocationData;

class EmbeddedTimestampAuthorityTests {

    private static final byte[] DATA = "检查报告".getBytes(StandardCharsets.UTF_8);

    private final TestPki pki = new TestPki();

    private TimeStampResponse ask(TimeStampRequestGenerator generator, org.bouncycastle.asn1.ASN1ObjectIdentifier alg,
                                  byte[] imprint, BigInteger nonce) throws Exception {
        byte[] der = pki.tsa.respond(generator.generate(alg, imprint, nonce).getEncoded());
        return new TimeStampResponse(der);
    }

    @Test
    void grantsSm3RequestWithNonceCertificatesPolicyAndAccuracy() throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampResponse response = ask(generator, Sm3.OID, Sm3.digest(DATA), BigInteger.valueOf(777));

        assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
        TimeStampToken token = response.getTimeStampToken();
        assertThat(token.getTimeStampInfo().getNonce()).isEqualTo(BigInteger.valueOf(777));
        assertThat(token.getTimeStampInfo().getPolicy()).isEqualTo(EmbeddedTimestampAuthority.DEFAULT_POLICY);
        assertThat(token.getTimeStampInfo().getGenTimeAccuracy().getSeconds()).isEqualTo(1);
        assertThat(token.getCertificates().getMatches(null)).hasSize(3);
        VerificationReport report = new TimestampVerifier(List.of(pki.root()), RevocationData.NONE, pki.clock)
                .verifyToken(token, DATA);
        assertThat(report.valid()).as(report.toText()).isTrue();
    }

    @Test
    void honoursCertReqFalse() throws Exception {
        TimeStampResponse response = ask(new TimeStampRequestGenerator(), Sm3.OID, Sm3.digest(DATA), null);
        assertThat(response.getTimeStampToken().getCertificates().getMatches(null)).isEmpty();
    }

    @Test
    void acceptsSha256() throws Exception {
        TimeStampResponse response = ask(new TimeStampRequestGenerator(), NISTObjectIdentifiers.id_sha256,
                Digests.digest(Digests.SHA256, DATA), null);
        assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
    }

    @Test
    void rejectsSha1WithBadAlg() throws Exception {
        TimeStampResponse response = ask(new TimeStampRequestGenerator(), OIWObjectIdentifiers.idSHA1, new byte[20], null);
        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badAlg);
    }

    @Test
    void garbageRequestGetsBadDataFormat() throws Exception {
        TimeStampResponse response = new TimeStampResponse(pki.tsa.respond("hello".getBytes()));
        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badDataFormat);
    }

    @Test
    void nonceOverTheLimitIsRefusedWithBadRequest() throws Exception {
        BigInteger sixtyFourOctets = BigInteger.ONE.shiftLeft(510); // 511 bits and a sign bit: 64 octets
        assertThat(ask(new TimeStampRequestGenerator(), Sm3.OID, Sm3.digest(DATA), sixtyFourOctets).getStatus())
                .isEqualTo(PKIStatus.GRANTED);

        BigInteger tenMegabytes = BigInteger.ONE.shiftLeft(10 * 1024 * 1024 * 8);
        TimeStampResponse response = ask(new TimeStampRequestGenerator(), Sm3.OID, Sm3.digest(DATA), tenMegabytes);
        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badRequest);
        assertThat(response.getStatusString()).isEqualTo("nonce longer than 64 octets");
        assertThat(ask(new TimeStampRequestGenerator(), Sm3.OID, Sm3.digest(DATA), sixtyFourOctets.shiftLeft(1))
                .getStatus()).as("65 octets").isEqualTo(PKIStatus.REJECTION);
    }

    @Test
    void serialsAreUniqueAndIncreasing() throws Exception {
        List<BigInteger> serials = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            serials.add(pki.tsa.timestamp(Digests.SM3, Sm3.digest(DATA)).getTimeStampInfo().getSerialNumber());
        }
        for (int i = 1; i < serials.size(); i++) {
            assertThat(serials.get(i)).isGreaterThan(serials.get(i - 1));
        }
    }

    @Test
    void tokensOneAfterTheOtherAndFromManyThreadsAreEachValidForTheirOwnData() throws Exception {
        // one generator per thread is reused (issue #18): no state may leak from one token into the next
        TimestampVerifier verifier = new TimestampVerifier(List.of(pki.root()), RevocationData.NONE, pki.clock);
        TimeStampRequestGenerator withCertificates = new TimeStampRequestGenerator();
        withCertificates.setCertReq(true);
        for (int i = 0; i < 4; i++) {
            byte[] data = ("报告 " + i).getBytes(StandardCharsets.UTF_8);
            TimeStampToken token = i % 2 == 0
                    ? pki.tsa.timestamp(Digests.SM3, Sm3.digest(data))
                    : ask(i == 1 ? withCertificates : new TimeStampRequestGenerator(), Sm3.OID, Sm3.digest(data),
                            BigInteger.valueOf(i)).getTimeStampToken();
            if (i == 3) {
                // asked without certReq right after a token with certificates: none (and so not verifiable alone)
                assertThat(token.getCertificates().getMatches(null)).isEmpty();
                assertThat(token.getTimeStampInfo().getNonce()).isEqualTo(BigInteger.valueOf(3));
            } else {
                assertThat(verifier.verifyToken(token, data).valid()).as("token %d", i).isTrue();
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] data = ("并发 " + i).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> verifier.verifyToken(pki.tsa.timestamp(Digests.SM3, Sm3.digest(data)),
                        data).valid()));
            }
            for (java.util.concurrent.Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fileSerialsPersistAcrossInstances(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        BigInteger first = new FileTimestampSerials(dir.resolve("s")).next();
        BigInteger second = new FileTimestampSerials(dir.resolve("s")).next();
        assertThat(second).isEqualTo(first.add(BigInteger.ONE));
    }

    @Test
    void tokenOverOtherDataIsAnImprintMismatch() {
        TimeStampToken token = pki.tsa.timestamp(Digests.SM3, Sm3.digest(DATA));
        VerificationReport report = new TimestampVerifier(List.of(pki.root()), RevocationData.NONE, pki.clock)
                .verifyToken(token, "other".getBytes());
        assertThat(report.reason()).isEqualTo(ReasonCode.TIMESTAMP_IMPRINT_MISMATCH);
    }

    @Test
    void tokenFromAnUntrustedTsaIsRejected() {
        TimeStampToken token = new TestPki().tsa.timestamp(Digests.SM3, Sm3.digest(DATA));
        VerificationReport report = new TimestampVerifier(List.of(pki.root()), RevocationData.NONE, pki.clock)
                .verifyToken(token, DATA);
        assertThat(report.valid()).isFalse();
        assertThat(report.reason()).isEqualTo(ReasonCode.TIMESTAMP_CERTIFICATE_INVALID);
    }
}
