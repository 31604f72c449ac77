package org.medsign.crypto.cert;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * GM/T 0015 certificate extensions for personal identity. We write the 2023 form (resident ID card number as a
 * PrintableString under 1.2.156.10260.4.1.1.1) and read both it and the 2012 {@code IdentityCode} SEQUENCE under
 * 1.2.156.10260.4.1.1. An identity number is personal data: never log it.
 */
public final class Gmt0015 {

    /** GM/T 0015-2012 IdentityCode. */
    public static final ASN1ObjectIdentifier IDENTITY_CODE = new ASN1ObjectIdentifier("1.2.156.10260.4.1.1");
    /** GM/T 0015-2023 resident identity card number. */
    public static final ASN1ObjectIdentifier RESIDENT_ID_CARD_NUMBER = IDENTITY_CODE.branch("1");
    /** GM/T 0015-2023 passport number. */
    public static final ASN1ObjectIdentifier PASSPORT_NUMBER = IDENTITY_CODE.branch("2");
    /** GM/T 0015 social insurance number. */
    public static final ASN1ObjectIdentifier SOCIAL_INSURANCE_NUMBER = new ASN1ObjectIdentifier("1.2.156.10260.4.1.2");

    private Gmt0015() {
    }

    /** The non-critical extension carrying a resident ID card number. */
    public static Extension residentIdCardExtension(String idCardNumber) {
        try {
            return new Extension(RESIDENT_ID_CARD_NUMBER, false, new DERPrintableString(idCardNumber, true).getEncoded());
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new org.medsign.crypto.MalformedInputException("identity number is not a printable string");
        }
    }

    /** The identity number carried by a certificate (2023 or 2012 form), or null. */
    public static String identityNumber(X509CertificateHolder certificate) {
        Extension modern = certificate.getExtension(RESIDENT_ID_CARD_NUMBER);
        if (modern != null) {
            return stringOf(modern.getParsedValue());
        }
        Extension legacy = certificate.getExtension(IDENTITY_CODE);
        if (legacy != null) {
            ASN1Primitive value = legacy.getParsedValue().toASN1Primitive();
            if (value instanceof ASN1Sequence sequence) {
                for (ASN1Encodable element : sequence) {
                    if (element instanceof ASN1TaggedObject tagged && tagged.getTagNo() == 0) {
                        return stringOf(tagged.getBaseObject());
                    }
                }
            }
            return stringOf(value);
        }
        return null;
    }

    private static String stringOf(ASN1Encodable value) {
        ASN1Primitive primitive = value.toASN1Primitive();
        return primitive instanceof ASN1String s ? s.getString() : null;
    }
}
