package org.medsign.crypto.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.tsp.EmbeddedTimestampAuthority;
import org.medsign.crypto.tsp.TimestampSource;
import org.medsign.crypto.verify.CmsSignatureVerifier;

/**
 * The room reserved for the CMS in {@code /Contents}: estimated from what the CMS will carry instead of a fixed
 * 32 KiB, exact in the written file, and never a cut CMS — a fixed reservation that is too small is refused with the
 * sizes in the message, an estimate that turns out short is signed again with room.
 */
class PdfSignatureSizeTests {

    private final TestPki pki = new TestPki();
    private final TestPki.Holder doctor = pki.issue("CN=Wang Fang,OU=Laboratory,O=Test Hospital,C=CN");

    private PdfSigner.Builder signer(TimestampSource timestamps) {
        return PdfSigner.builder().key(doctor.key()).certificate(doctor.certificate()).chain(pki.chain())
                .timestamps(timestamps).sealImage(PdfFixtures.sealPng(Color.RED));
    }

    @Test
    void theAutomaticReservationIsTheChainTheTsaChainAndAllowancesInWholeKiB() throws IOException {
        int certificates = doctor.certificate().getEncoded().length + size(pki.chain());
        assertThat(pki.tsa.expectedTokenSize()).isEqualTo(2048 + size(pki.tsa.chain()));
        int expected = roundUpToKiB(PdfSigner.CMS_STRUCTURE_ALLOWANCE + certificates + pki.tsa.expectedTokenSize());

        PdfSigner timestamped = signer(pki.tsa).build();
        PdfSigner plain = signer(null).build();
        assertThat(timestamped.signatureSize()).isEqualTo(expected).isLessThanOrEqualTo(12 * 1024);
        assertThat(plain.signatureSize()).isEqualTo(roundUpToKiB(PdfSigner.CMS_STRUCTURE_ALLOWANCE + certificates));

        byte[] signed = timestamped.sign(PdfFixtures.onePage(), PdfPlacement.onPage(1, 20, 20, 30, 30));
        PdfSignatureReport report = verify(signed).get(0);
        assertThat(report.valid()).as(report.cms().toText()).isTrue();
        assertThat(report.timestampValid()).isTrue();
        PdfByteRange range = report.byteRange();
        assertThat(range.offset2() - range.offset1() - range.length1()).as("the hex string with its brackets")
                .isEqualTo(2L * expected + 2);
        assertThat(PdfSignatures.contents(signed).get(0).cms().length).isLessThanOrEqualTo(expected);
    }

    @Test
    void aCmsLargerThanAFixedReservationIsRefusedWithBothSizesAndNothingIsReturned() {
        CountingTimestamps timestamps = new CountingTimestamps(pki.tsa, pki.tsa.expectedTokenSize());
        PdfSigner tooSmall = signer(timestamps).signatureSize(2048).build();
        assertThat(tooSmall.signatureSize()).isEqualTo(2048);

        assertThatThrownBy(() -> tooSmall.sign(PdfFixtures.onePage(), PdfPlacement.onPage(1, 20, 20, 30, 30)))
                .isInstanceOf(CryptoOperationException.class)
                .hasMessageMatching("the CMS signature \\(\\d{4} bytes\\) does not fit the 2048 bytes reserved; "
                        + "raise signatureSize");
        assertThat(timestamps.calls).as("a fixed reservation is not retried").hasValue(1);
        assertThatThrownBy(() -> PdfSigner.builder().signatureSize(2047)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTimestampTokenLargerThanItsSourceExpectedIsSignedAgainWithRoomForIt() {
        // a TSA whose tokens carry eight more certificates than usual, and which claims its tokens are tiny
        List<X509CertificateHolder> issuers = new ArrayList<>(pki.chain());
        for (int i = 0; i < 8; i++) {
            issuers.add(pki.issue("CN=Extra " + i + ",O=Test Hospital,C=CN").certificate());
        }
        EmbeddedTimestampAuthority bulky = EmbeddedTimestampAuthority.builder().key(pki.hierarchy.tsaKey())
                .certificate(pki.hierarchy.tsa()).issuers(issuers).clock(pki.clock).build();
        CountingTimestamps understated = new CountingTimestamps(bulky, 1);
        PdfSigner signer = signer(understated).build();

        byte[] signed = signer.sign(PdfFixtures.onePage(), PdfPlacement.onPage(1, 20, 20, 30, 30));

        assertThat(understated.calls).as("the first CMS did not fit: signed once more").hasValue(2);
        int cms = PdfSignatures.contents(signed).get(0).cms().length;
        assertThat(cms).isGreaterThan(signer.signatureSize());
        PdfSignatureReport report = verify(signed).get(0);
        assertThat(report.valid()).as(report.cms().toText()).isTrue();
        assertThat(report.timestampValid()).isTrue();
        assertThat(report.revisionEnd()).isEqualTo(signed.length);
    }

    private List<PdfSignatureReport> verify(byte[] signed) {
        return new PdfSignatures(CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build())
                .verify(signed);
    }

    private static int size(List<X509CertificateHolder> certificates) throws IOException {
        int size = 0;
        for (X509CertificateHolder certificate : certificates) {
            size += certificate.getEncoded().length;
        }
        return size;
    }

    private static int roundUpToKiB(int bytes) {
        return (bytes + 1023) / 1024 * 1024;
    }

    /** A timestamp source that counts its tokens and states the expected token size it is given. */
    private static final class CountingTimestamps implements TimestampSource {
        private final TimestampSource delegate;
        private final int expectedTokenSize;
        private final AtomicInteger calls = new AtomicInteger();

        CountingTimestamps(TimestampSource delegate, int expectedTokenSize) {
            this.delegate = delegate;
            this.expectedTokenSize = expectedTokenSize;
        }

        @Override
        public TimeStampToken timestamp(AlgorithmIdentifier hashAlgorithm, byte[] imprint) {
            calls.incrementAndGet();
            return delegate.timestamp(hashAlgorithm, imprint);
        }

        @Override
        public int expectedTokenSize() {
            return expectedTokenSize;
        }
    }
}
