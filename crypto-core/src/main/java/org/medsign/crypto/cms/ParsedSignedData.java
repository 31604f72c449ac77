package org.medsign.crypto.cms;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.cert.Pem;

/**
 * A SignedData parsed from DER, in either flavour. GM/T 0010 input is rewrapped with the RFC 5652 outer OID so that
 * BouncyCastle's CMS classes accept it; {@link #flavour()} remembers what came in.
 *
 * @param signedData the parsed SignedData (with detached content attached when given)
 * @param flavour    the flavour of the input
 */
public record ParsedSignedData(CMSSignedData signedData, CmsFlavour flavour) {

    /** Parses DER (or PEM "CMS"/"PKCS7") SignedData; {@code detachedContent} may be null. */
    public static ParsedSignedData parse(byte[] input, byte[] detachedContent) {
        byte[] der = unarmour(input);
        ASN1Primitive primitive = Pem.strictDer(der);
        ContentInfo contentInfo;
        try {
            contentInfo = ContentInfo.getInstance(primitive);
        } catch (RuntimeException e) {
            throw new MalformedInputException("not a CMS ContentInfo", e);
        }
        CmsFlavour flavour = CmsFlavour.ofSignedDataType(contentInfo.getContentType());
        if (flavour == null) {
            throw new MalformedInputException("CMS content type " + contentInfo.getContentType()
                    + " is not SignedData");
        }
        ContentInfo normalized = flavour == CmsFlavour.RFC5652 ? contentInfo
                : new ContentInfo(CMSObjectIdentifiers.signedData, contentInfo.getContent());
        try {
            CMSSignedData signedData = new CMSSignedData(normalized);
            if (detachedContent != null) {
                if (signedData.getSignedContent() == null || signedData.getSignedContent().getContent() == null) {
                    signedData = new CMSSignedData(new CMSProcessableByteArray(
                        signedData.getSignedContentTypeOID() == null ? flavour.dataType()
                                : new org.bouncycastle.asn1.ASN1ObjectIdentifier(signedData.getSignedContentTypeOID()),
                        detachedContent), normalized);
                }
            }
            // BouncyCastle parses lazily: touch every part now so that malformed input fails here
            signedData.getCertificates();
            signedData.getCRLs();
            signedData.getSignerInfos().getSigners().forEach(s -> {
                s.getSignedAttributes();
                s.getUnsignedAttributes();
            });
            return new ParsedSignedData(signedData, flavour);
        } catch (CMSException | RuntimeException e) {
            throw new MalformedInputException("malformed SignedData: " + e.getMessage(), e);
        }
    }

    /** Whether the content is present (attached, or supplied for a detached signature). */
    public boolean hasContent() {
        return signedData.getSignedContent() != null && signedData.getSignedContent().getContent() != null;
    }

    /** Whether the SignedData carried its content inside. */
    public boolean isDetached() {
        return signedData.isDetachedSignature();
    }

    private static byte[] unarmour(byte[] input) {
        String head = new String(input, 0, Math.min(input.length, 64), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!head.contains("-----BEGIN")) {
            return input;
        }
        try (var reader = new org.bouncycastle.util.io.pem.PemReader(new java.io.StringReader(
                new String(input, java.nio.charset.StandardCharsets.US_ASCII)))) {
            var object = reader.readPemObject();
            if (object == null) {
                throw new MalformedInputException("empty PEM input");
            }
            return object.getContent();
        } catch (java.io.IOException e) {
            throw new MalformedInputException("malformed PEM", e);
        }
    }
}
