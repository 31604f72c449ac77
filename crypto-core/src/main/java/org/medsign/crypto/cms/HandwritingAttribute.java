package org.medsign.crypto.cms;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.SignerInformation;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.Sm3;

/**
 * The handwritten-signature digest (手写签名摘要), a signed attribute that binds a handwriting image to a CMS signature:
 * <pre>
 * id-medsign-handwriting OBJECT IDENTIFIER ::= { 2 25 14544688885188277567187530668926569061 2 1 }
 * HandwritingDigest ::= SEQUENCE {
 *     hashAlgorithm  AlgorithmIdentifier,   -- SM3, 1.2.156.10197.1.401, parameters absent
 *     digest         OCTET STRING,          -- SM3 of the image file's bytes
 *     mediaType      UTF8String }           -- "image/png"
 * </pre>
 * The OID sits under the project's private UUID arc (2.25 needs no registration; {@code .1} holds the TSA policy,
 * {@code .2} CMS attributes). The image itself is not in the CMS: it is kept beside the signature and in its evidence
 * package; any verifier that does not know the attribute still verifies the signature, since it is just another
 * signed attribute covered by the signature value.
 *
 * @param hashAlgorithm the digest algorithm (always SM3 when made here)
 * @param digest        the digest of the image
 * @param mediaType     the image's media type
 */
public record HandwritingAttribute(AlgorithmIdentifier hashAlgorithm, byte[] digest, String mediaType) {

    /** The attribute type. */
    public static final ASN1ObjectIdentifier OID =
            new ASN1ObjectIdentifier("2.25.14544688885188277567187530668926569061.2.1");
    /** The only media type made and accepted. */
    public static final String PNG = "image/png";

    public HandwritingAttribute {
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The attribute for a PNG image: its SM3. */
    public static HandwritingAttribute ofPng(byte[] png) {
        return new HandwritingAttribute(Digests.SM3, Sm3.digest(png), PNG);
    }

    /** The digest in lower-case hex. */
    public String digestHex() {
        return HexFormat.of().formatHex(digest);
    }

    /** Whether {@code image} is the image this attribute names (same SM3, media type PNG). */
    public boolean matches(byte[] image) {
        return Sm3.OID.equals(hashAlgorithm.getAlgorithm()) && PNG.equals(mediaType)
                && Arrays.equals(digest, Sm3.digest(image));
    }

    /** The CMS attribute (one value). */
    public Attribute toAttribute() {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        fields.add(hashAlgorithm);
        fields.add(new DEROctetString(digest));
        fields.add(new DERUTF8String(mediaType));
        return new Attribute(OID, new DERSet(new DERSequence(fields)));
    }

    /** The DER of the value (the HandwritingDigest SEQUENCE). */
    public byte[] valueDer() {
        try {
            return toAttribute().getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the handwriting attribute", e);
        }
    }

    /** Parses an attribute value strictly: a SEQUENCE of exactly the three fields. */
    public static HandwritingAttribute parse(ASN1Encodable value) {
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(value);
            if (sequence.size() != 3) {
                throw new MalformedInputException("handwriting attribute: a SEQUENCE of 3 fields expected, found "
                        + sequence.size());
            }
            AlgorithmIdentifier algorithm = AlgorithmIdentifier.getInstance(sequence.getObjectAt(0));
            byte[] digest = ASN1OctetString.getInstance(sequence.getObjectAt(1)).getOctets();
            String mediaType = ASN1UTF8String.getInstance(sequence.getObjectAt(2)).getString();
            if (Sm3.OID.equals(algorithm.getAlgorithm()) && digest.length != 32) {
                throw new MalformedInputException("handwriting attribute: an SM3 digest has 32 bytes, found "
                        + digest.length);
            }
            return new HandwritingAttribute(algorithm, digest, mediaType);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MalformedInputException("handwriting attribute: malformed value (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The handwriting attribute among a SignerInfo's signed attributes, or null without one; more than one, or one
     * with several values, is malformed.
     */
    public static HandwritingAttribute of(SignerInformation signer) {
        AttributeTable signed = signer.getSignedAttributes();
        if (signed == null) {
            return null;
        }
        var all = signed.getAll(OID);
        if (all.size() == 0) {
            return null;
        }
        if (all.size() > 1) {
            throw new MalformedInputException("handwriting attribute: present " + all.size() + " times");
        }
        ASN1Set values = Attribute.getInstance(all.get(0)).getAttrValues();
        if (values.size() != 1) {
            throw new MalformedInputException("handwriting attribute: exactly one value expected, found "
                    + values.size());
        }
        return parse(values.getObjectAt(0));
    }

    /** The handwriting attribute of the first SignerInfo of a CMS SignedData (DER, either flavour), or null. */
    public static HandwritingAttribute of(byte[] cms, byte[] detachedContent) {
        SignerInformation signer = ParsedSignedData.parse(cms, detachedContent).signedData().getSignerInfos()
                .getSigners().iterator().next();
        return of(signer);
    }

    @Override
    public String toString() {
        return "HandwritingAttribute[" + mediaType + ", " + Digests.name(hashAlgorithm.getAlgorithm()) + " " + digestHex() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HandwritingAttribute that && hashAlgorithm.equals(that.hashAlgorithm)
                && Arrays.equals(digest, that.digest) && mediaType.equals(that.mediaType);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }
}
