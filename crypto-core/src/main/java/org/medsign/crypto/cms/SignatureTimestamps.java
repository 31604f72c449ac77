package org.medsign.crypto.cms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.tsp.TimestampSource;

/**
 * The CAdES signature-timestamp (id-aa-signatureTimeStampToken, 1.2.840.113549.1.9.16.2.14): an RFC 3161 token
 * over the SignerInfo's signature value, carried as an unsigned attribute.
 */
public final class SignatureTimestamps {

    private SignatureTimestamps() {
    }

    /** Adds an SM3 signature timestamp to every SignerInfo. */
    public static CMSSignedData addTo(CMSSignedData signedData, TimestampSource tsa) {
        List<SignerInformation> stamped = new ArrayList<>();
        for (SignerInformation signer : signedData.getSignerInfos().getSigners()) {
            byte[] imprint = Digests.digest(Digests.SM3, signer.getSignature());
            TimeStampToken token = tsa.timestamp(Digests.SM3, imprint);
            ASN1Primitive tokenAsn1 = token.toCMSSignedData().toASN1Structure().toASN1Primitive();
            AttributeTable unsigned = signer.getUnsignedAttributes();
            ASN1EncodableVector attributes = unsigned == null ? new ASN1EncodableVector() : unsigned.toASN1EncodableVector();
            attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken, new DERSet(tokenAsn1)));
            stamped.add(SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(attributes)));
        }
        return CMSSignedData.replaceSigners(signedData, new SignerInformationStore(stamped));
    }

    /** The signature timestamp of a SignerInfo, or null when there is none. */
    public static TimeStampToken of(SignerInformation signer) {
        AttributeTable unsigned = signer.getUnsignedAttributes();
        if (unsigned == null) {
            return null;
        }
        Attribute attribute = unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        if (attribute == null || attribute.getAttrValues().size() == 0) {
            return null;
        }
        try {
            ContentInfo contentInfo = ContentInfo.getInstance(attribute.getAttrValues().getObjectAt(0));
            return new TimeStampToken(contentInfo);
        } catch (TSPException | IOException | IllegalArgumentException | IllegalStateException e) {
            throw new MalformedInputException("malformed signature timestamp token", e);
        } catch (RuntimeException e) {
            throw new MalformedInputException("malformed signature timestamp token", e);
        }
    }

}
