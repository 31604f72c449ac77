package org.medsign.crypto.cms;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;

/** Which content-type OIDs a SignedData uses. */
public enum CmsFlavour {
    /** RFC 5652: id-data 1.2.840.113549.1.7.1, id-signedData 1.2.840.113549.1.7.2 (what OpenSSL reads). */
    RFC5652(CMSObjectIdentifiers.data, CMSObjectIdentifiers.signedData),
    /** GM/T 0010: data 1.2.156.10197.6.1.4.2.1, signedData 1.2.156.10197.6.1.4.2.2. */
    GMT0010(GMObjectIdentifiers.sm2_pkcs7_data, GMObjectIdentifiers.sm2_pkcs7_signedData);

    private final ASN1ObjectIdentifier dataType;
    private final ASN1ObjectIdentifier signedDataType;

    CmsFlavour(ASN1ObjectIdentifier dataType, ASN1ObjectIdentifier signedDataType) {
        this.dataType = dataType;
        this.signedDataType = signedDataType;
    }

    /** The eContentType of signed data. */
    public ASN1ObjectIdentifier dataType() {
        return dataType;
    }

    /** The outer ContentInfo contentType. */
    public ASN1ObjectIdentifier signedDataType() {
        return signedDataType;
    }

    /** The flavour of an outer content type, or null. */
    public static CmsFlavour ofSignedDataType(ASN1ObjectIdentifier oid) {
        for (CmsFlavour flavour : values()) {
            if (flavour.signedDataType.equals(oid)) {
                return flavour;
            }
        }
        return null;
    }
}
