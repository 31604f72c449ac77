package org.medsign.crypto.cms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import javax.imageio.ImageIO;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.Sm3;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.crypto.verify.VerificationReport;

/** The handwriting digest as a signed attribute: its ASN.1 form, binding by the signature, strict parsing. */
class HandwritingAttributeTests {

    private static final byte[] CONSENT = "知情同意书：手术风险已告知。".getBytes(StandardCharsets.UTF_8);

    private final TestPki pki = new TestPki();
    private final TestPki.Holder patient = pki.issue("CN=张三,OU=患者,O=Test Hospital,C=CN");

    /** A small PNG with one stroke, as a tablet canvas exports it. */
    static byte[] png(int width, int height, int seed) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        var graphics = image.createGraphics();
        graphics.setColor(Color.BLACK);
        graphics.setStroke(new BasicStroke(3));
        graphics.drawLine(10, 10 + seed, width - 10, height - 10);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private byte[] sign(byte[] png) {
        return CmsSigner.builder().key(patient.key()).certificate(patient.certificate()).chain(pki.chain())
                .handwriting(HandwritingAttribute.ofPng(png)).timestamps(pki.tsa).build().sign(CONSENT);
    }

    private static SignerInformation signerOf(byte[] cms) {
        return ParsedSignedData.parse(cms, CONSENT).signedData().getSignerInfos().getSigners().iterator().next();
    }

    @Test
    void signedAttributeCarriesTheSm3OfThePngAndTheSignatureVerifies() throws Exception {
        byte[] png = png(300, 120, 0);
        byte[] cms = sign(png);

        HandwritingAttribute attribute = HandwritingAttribute.of(cms, CONSENT);
        assertThat(attribute).isEqualTo(HandwritingAttribute.ofPng(png));
        assertThat(attribute.matches(png)).isTrue();
        assertThat(attribute.matches(png(300, 120, 5))).isFalse();
        assertThat(attribute.digestHex()).isEqualTo(HexFormat.of().formatHex(Sm3.digest(png)));
        assertThat(attribute.mediaType()).isEqualTo("image/png");
        // a signed attribute (covered by the signature value), not an unsigned one
        assertThat(signerOf(cms).getSignedAttributes().get(HandwritingAttribute.OID)).isNotNull();
        assertThat(signerOf(cms).getUnsignedAttributes().get(HandwritingAttribute.OID)).isNull();
        VerificationReport report = CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build()
                .verify(cms, CONSENT);
        assertThat(report.valid()).as(report.toText()).isTrue();
        assertThat(report.timestampTime()).isNotNull();
    }

    @Test
    void valueIsASequenceOfSm3AlgorithmIdentifierDigestAndMediaType() throws Exception {
        byte[] png = png(200, 80, 1);
        ASN1Sequence value = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(
                HandwritingAttribute.ofPng(png).valueDer()));

        assertThat(value.size()).isEqualTo(3);
        AlgorithmIdentifier algorithm = AlgorithmIdentifier.getInstance(value.getObjectAt(0));
        assertThat(algorithm.getAlgorithm().getId()).isEqualTo("1.2.156.10197.1.401");
        assertThat(algorithm.getParameters()).isNull();
        assertThat(ASN1OctetString.getInstance(value.getObjectAt(1)).getOctets()).isEqualTo(Sm3.digest(png));
        assertThat(ASN1UTF8String.getInstance(value.getObjectAt(2)).getString()).isEqualTo("image/png");
        assertThat(HandwritingAttribute.OID.getId())
                .isEqualTo("2.25.14544688885188277567187530668926569061.2.1")
                .startsWith("2.25.14544688885188277567187530668926569061."); // the project's private arc
    }

    @Test
    void changedDigestInTheSignedAttributesBreaksTheSignature() throws Exception {
        byte[] png = png(300, 120, 0);
        byte[] cms = sign(png);
        byte[] digest = Sm3.digest(png);
        int at = indexOf(cms, digest);
        assertThat(at).isPositive();
        cms[at + 3] ^= 0x01;

        VerificationReport report = CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build()
                .verify(cms, CONSENT);
        assertThat(report.valid()).isFalse();
    }

    @Test
    void signatureWithoutHandwritingHasNoAttribute() {
        byte[] cms = CmsSigner.builder().key(patient.key()).certificate(patient.certificate()).build().sign(CONSENT);

        assertThat(HandwritingAttribute.of(cms, CONSENT)).isNull();
    }

    @Test
    void malformedValuesAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> HandwritingAttribute.parse(new DERSequence(new DEROctetString(new byte[32]))))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("handwriting attribute: a SEQUENCE of 3 fields expected, found 1");
        assertThatThrownBy(() -> HandwritingAttribute.parse(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                Digests.SM3, new DEROctetString(new byte[20]), new org.bouncycastle.asn1.DERUTF8String("image/png")})))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("handwriting attribute: an SM3 digest has 32 bytes, found 20");
        assertThatThrownBy(() -> HandwritingAttribute.parse(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                Digests.SM3, new DEROctetString(new byte[32]), new DERIA5String("image/png")})))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith("handwriting attribute: malformed value");
    }

    @Test
    void builderRefusesAttributesTheSignerSetsItselfAndDuplicates() throws Exception {
        CmsSigner.Builder builder = CmsSigner.builder();
        assertThatThrownBy(() -> builder.signedAttribute(new Attribute(CMSAttributes.messageDigest,
                new DERSet(new DEROctetString(new byte[32])))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the signer sets");
        builder.handwriting(HandwritingAttribute.ofPng(png(50, 50, 0)));
        assertThatThrownBy(() -> builder.handwriting(HandwritingAttribute.ofPng(png(50, 50, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(HandwritingAttribute.OID.getId() + " given twice");
        assertThat(new ASN1ObjectIdentifier(HandwritingAttribute.OID.getId())).isEqualTo(HandwritingAttribute.OID);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
