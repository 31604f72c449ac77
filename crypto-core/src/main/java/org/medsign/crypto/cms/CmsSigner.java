package org.medsign.crypto.cms;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.key.SignerBuilder;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.tsp.TimestampSource;

/**
 * Produces CMS SignedData with SM2/SM3: signed attributes (content type, message digest, signing time, algorithm
 * protection), the signer certificate and chain, optional CRLs, attached or detached content, RFC 5652 or GM/T 0010
 * OIDs, extra signed attributes (e.g. {@link HandwritingAttribute}), and optionally the signature timestamp.
 * Immutable and thread-safe once built. For a signature made outside the process (collaborative keys) the same
 * builder gives a {@link TwoPhaseCmsSigner}.
 */
public final class CmsSigner {

    private final SigningKeyRef key;
    private final SignedDataAssembly assembly;
    private final SignerId signerId;
    private final Clock clock;
    private final TimestampSource timestamps;

    private CmsSigner(Builder builder) {
        this.key = builder.requiredKey();
        this.assembly = builder.assembly();
        this.signerId = builder.signerId;
        this.clock = builder.clock();
        this.timestamps = builder.timestamps;
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
        CMSSignedData signed = assembly.generate(content, Date.from(clock.instant()), key.contentSigner(signerId));
        return timestamps == null ? signed : SignatureTimestamps.addTo(signed, timestamps);
    }

    /** DER of the ContentInfo with this signer's outer content type. */
    public byte[] encode(CMSSignedData signed) {
        return encode(signed, assembly.flavour());
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

        /**
         * A signer whose SM2 signature is made elsewhere (the two-party protocol of collaborative keys, an external
         * device): same attributes, flavour, chain, CRLs, attachment, signer ID and timestamps as {@link #build()},
         * but no key; a key given to this builder is not used.
         */
        public TwoPhaseCmsSigner buildTwoPhase() {
            return new TwoPhaseCmsSigner(assembly(), signerId, clock(), timestamps);
        }

        private SignedDataAssembly assembly() {
            return new SignedDataAssembly(requiredCertificate(), chain, crls, flavour, attached, extraAttributes);
        }
    }
}
