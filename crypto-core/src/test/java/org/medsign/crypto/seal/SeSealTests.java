package org.medsign.crypto.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.TestPki;

class SeSealTests {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3, 4};
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final TestPki pki = new TestPki();
    private final TestPki.Holder maker = pki.issue("CN=Seal Maker,O=Test Hospital,C=CN");
    private final TestPki.Holder hospital = pki.issue("CN=Test Hospital,O=Test Hospital,C=CN");

    private SeSeal seal() {
        return SeSeal.builder().esId("SEAL-1").name("示范医院").type(SealTypes.ORGANISATION)
                .signerCertificate(hospital.certificate()).createDate(START)
                .validity(START, START.plus(365, ChronoUnit.DAYS)).picture(SealPicture.png(PNG, 40, 40))
                .maker(maker.certificate(), maker.key()).build();
    }

    @Test
    void builtSealParsesBackAndVerifiesAgainstItsMaker() throws Exception {
        SeSeal built = seal();

        SeSeal parsed = SeSeal.parse(built.encoded());

        assertThat(parsed.verify(maker.certificate())).isTrue();
        assertThat(parsed.esId()).isEqualTo("SEAL-1");
        assertThat(parsed.name()).isEqualTo("示范医院");
        assertThat(parsed.type()).isEqualTo(SealTypes.ORGANISATION);
        assertThat(parsed.vid()).isEqualTo("MEDSIGN");
        assertThat(parsed.certListType()).isEqualTo(SeSeal.CERT_LIST_CERTIFICATES);
        assertThat(parsed.certList()).singleElement().isEqualTo(hospital.certificate().getEncoded());
        assertThat(parsed.createDate()).isEqualTo(START);
        assertThat(parsed.validStart()).isEqualTo(START);
        assertThat(parsed.validEnd()).isEqualTo(START.plus(365, ChronoUnit.DAYS));
        assertThat(parsed.picture()).isEqualTo(SealPicture.png(PNG, 40, 40));
        assertThat(parsed.signAlgorithm().getId()).isEqualTo("1.2.156.10197.1.501");
        assertThat(parsed.encoded()).isEqualTo(built.encoded());
    }

    @Test
    void layoutIsTheGbt38540V4One() {
        ASN1Sequence seal = ASN1Sequence.getInstance(seal().encoded());
        assertThat(seal.size()).isEqualTo(4);
        ASN1Sequence info = ASN1Sequence.getInstance(seal.getObjectAt(0));
        ASN1Sequence header = ASN1Sequence.getInstance(info.getObjectAt(0));
        assertThat(header.getObjectAt(0)).isInstanceOf(DERIA5String.class);
        assertThat(header.getObjectAt(0).toString()).isEqualTo("ES");
        assertThat(header.getObjectAt(1).toString()).isEqualTo("4");
        ASN1Sequence property = ASN1Sequence.getInstance(info.getObjectAt(2));
        assertThat(property.size()).isEqualTo(7);
        assertThat(property.getObjectAt(4).toASN1Primitive().getClass().getSimpleName()).contains("GeneralizedTime");
    }

    @Test
    void tamperedByteInSealInfoFailsVerification() {
        byte[] der = seal().encoded();
        int at = indexOf(der, "SEAL-1".getBytes());
        der[at + 5] = '2';

        SeSeal tampered = SeSeal.parse(der);

        assertThat(tampered.esId()).isEqualTo("SEAL-2");
        assertThat(tampered.verify(maker.certificate())).isFalse();
    }

    @Test
    void tamperedPictureByteFailsVerification() {
        byte[] der = seal().encoded();
        int at = indexOf(der, PNG);
        der[at + PNG.length - 1] ^= 0x01;

        assertThat(SeSeal.parse(der).verify(maker.certificate())).isFalse();
    }

    @Test
    void anotherMakerCertificateDoesNotVerify() {
        assertThat(seal().verify(hospital.certificate())).isFalse();
    }

    @Test
    void acceptsExtensionDataTaggedExplicitlyAsOfdrwWritesIt() throws Exception {
        ASN1Sequence seal = ASN1Sequence.getInstance(seal().encoded());
        ASN1Sequence info = ASN1Sequence.getInstance(seal.getObjectAt(0));
        ASN1Encodable[] elements = new ASN1Encodable[5];
        for (int i = 0; i < 4; i++) {
            elements[i] = info.getObjectAt(i);
        }
        elements[4] = new DERTaggedObject(true, 0, new DERSequence());
        DERSequence withExt = new DERSequence(new ASN1Encodable[] {new DERSequence(elements), seal.getObjectAt(1),
                seal.getObjectAt(2), seal.getObjectAt(3)});

        SeSeal parsed = SeSeal.parse(withExt.getEncoded());

        assertThat(parsed.name()).isEqualTo("示范医院");
        assertThat(parsed.verify(maker.certificate())).isFalse(); // the signed bytes changed
    }

    @Test
    void refusesWhatIsNotAV4Seal() throws Exception {
        assertThatThrownBy(() -> SeSeal.parse(new byte[] {1, 2, 3})).isInstanceOf(MalformedInputException.class)
                .hasMessage("not a GB/T 38540 v4 SESeal");
        byte[] twoElements = new DERSequence(new ASN1Encodable[] {new DERSequence(), new DERSequence()})
                .getEncoded();
        assertThatThrownBy(() -> SeSeal.parse(twoElements)).isInstanceOf(MalformedInputException.class)
                .hasMessage("not a GB/T 38540 v4 SESeal: 2 elements, expected 4");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
