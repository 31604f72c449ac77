package org.medsign.crypto.cms;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.CollectionStore;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.key.SignerBuilder;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.tsp.TimestampSource;

/**
 * Produces CMS SignedData with SM2/SM3: signed attributes (content type, message digest, signing time, algorithm
 * protection), the signer certificate and chain, optional CRLs, attached or detached content, RFC 5652 or GM/T 0010
 * OIDs, extra signed attributes (e.g. {@link HandwritingAttribute}), and optionally the signature timestamp.
 * Immutable and thread-safe once built.
 */
public final class CmsSigner {

    private final SigningKeyRef key;
    private final X509CertificateHolder certificate;
    private final List<X509CertificateHolder> certificates;
    private final List<X509CRLHolder> crls;
    private final CmsFlavour flavour;
    private final boolean attached;
    private final SignerId signerId;
    private final Clock clock;
    private final TimestampSource timestamps;
    private final List<Attribute> extraAttributes;

    private CmsSigner(Builder builder) {
        this.key = builder.requiredKey();
        this.certificate = builder.requiredCertificate();
        List<X509CertificateHolder> all = new ArrayList<>();
        all.add(certificate);
        for (X509CertificateHolder extra : builder.chain) {
            if (!extra.equals(certificate)) {
                all.add(extra);
            }
        }
        this.certificates = List.copyOf(all);
        this.crls = List.copyOf(builder.crls);
        this.flavour = builder.flavour;
        this.attached = builder.attached;
        this.signerId = builder.signerId;
        this.clock = builder.clock();
        this.timestamps = builder.timestamps;
        this.extraAttributes = List.copyOf(builder.extraAttributes);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Signs {@code content}; returns the DER ContentInfo. */
    public byte[] sign(byte[] content) {
        return encode(signToCms(content));
    }

    /** Signs {@code content}; returns BouncyCastle's object (RFC 5652 outer type, whatever the flavour). */
    public CMSSignedData signToCms(byte[] content) {
        try {
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(clock.instant())))));
            extraAttributes.forEach(attributes::add);
            AttributeTable signedAttributes = new AttributeTable(attributes);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(Digests.provider())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(signedAttributes))
                    .build(key.contentSigner(signerId), certificate));
            generator.addCertificates(new CollectionStore<>(certificates));
            if (!crls.isEmpty()) {
                generator.addCRLs(new CollectionStore<>(crls));
            }
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(flavour.dataType(), content), attached);
            return timestamps == null ? signed : SignatureTimestamps.addTo(signed, timestamps);
        } catch (CMSException | OperatorCreationException e) {
            throw new CryptoOperationException("CMS signing failed", e);
        }
    }

    /** DER of the ContentInfo with this signer's outer content type. */
    public byte[] encode(CMSSignedData signed) {
        return encode(signed, flavour);
    }

    /** DER of a SignedData's ContentInfo with the flavour's outer content type. */
    public static byte[] encode(CMSSignedData signed, CmsFlavour flavour) {
        try {
            ContentInfo contentInfo = signed.toASN1Structure();
            if (flavour != CmsFlavour.RFC5652) {
                contentInfo = new ContentInfo(flavour.signedDataType(), contentInfo.getContent());
            }
            return contentInfo.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot encode SignedData", e);
        }
    }

    /** Builder; setters return this. */
    public static final class Builder extends SignerBuilder<Builder> {
        private final List<X509CertificateHolder> chain = new ArrayList<>();
        private final List<X509CRLHolder> crls = new ArrayList<>();
        private CmsFlavour flavour = CmsFlavour.RFC5652;
        private boolean attached;
        private SignerId signerId = SignerId.DEFAULT;
        private TimestampSource timestamps;
        private final List<Attribute> extraAttributes = new ArrayList<>();

        /**
         * Adds a signed attribute besides content type, message digest, signing time and algorithm protection (which
         * the signer sets itself and which cannot be given here).
         */
        public Builder signedAttribute(Attribute attribute) {
            var type = attribute.getAttrType();
            if (type.equals(CMSAttributes.contentType) || type.equals(CMSAttributes.messageDigest)
                    || type.equals(CMSAttributes.signingTime) || type.equals(CMSAttributes.cmsAlgorithmProtect)) {
                throw new IllegalArgumentException("the signer sets " + type + " itself");
            }
            for (Attribute existing : extraAttributes) {
                if (existing.getAttrType().equals(type)) {
                    throw new IllegalArgumentException("signed attribute " + type + " given twice");
                }
            }
            extraAttributes.add(attribute);
            return this;
        }

        /** Adds the handwriting attribute (SM3 of the PNG a signer drew) as a signed attribute. */
        public Builder handwriting(HandwritingAttribute handwriting) {
            return signedAttribute(handwriting.toAttribute());
        }

        /** Certificates to include besides the signer's (its issuers). */
        public Builder chain(List<X509CertificateHolder> chain) {
            this.chain.clear();
            this.chain.addAll(chain);
            return this;
        }

        public Builder crls(List<X509CRLHolder> crls) {
            this.crls.clear();
            this.crls.addAll(crls);
            return this;
        }

        public Builder flavour(CmsFlavour flavour) {
            this.flavour = flavour;
            return this;
        }

        public Builder attached(boolean attached) {
            this.attached = attached;
            return this;
        }

        public Builder signerId(SignerId signerId) {
            this.signerId = signerId;
            return this;
        }

        /** Adds a signature timestamp from this source to every signature. */
        public Builder timestamps(TimestampSource timestamps) {
            this.timestamps = timestamps;
            return this;
        }

        public CmsSigner build() {
            return new CmsSigner(this);
        }
    }
}
