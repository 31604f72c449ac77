package org.medsign.crypto.cms;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.CollectionStore;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.operator.Digests;

/**
 * Everything of a SignedData except the key: the signer certificate and chain, CRLs, flavour, attached or detached,
 * extra signed attributes. {@link CmsSigner} and {@link TwoPhaseCmsSigner} build through the same
 * {@link #generate} so that a two-phase signature has exactly the structure of a one-phase one. Immutable.
 */
final class SignedDataAssembly {

    private final X509CertificateHolder certificate;
    private final List<X509CertificateHolder> certificates;
    private final List<X509CRLHolder> crls;
    private final CmsFlavour flavour;
    private final boolean attached;
    private final List<Attribute> extraAttributes;

    SignedDataAssembly(X509CertificateHolder certificate, List<X509CertificateHolder> chain, List<X509CRLHolder> crls,
                       CmsFlavour flavour, boolean attached, List<Attribute> extraAttributes) {
        this.certificate = certificate;
        List<X509CertificateHolder> all = new ArrayList<>();
        all.add(certificate);
        for (X509CertificateHolder extra : chain) {
            if (!extra.equals(certificate)) {
                all.add(extra);
            }
        }
        this.certificates = List.copyOf(all);
        this.crls = List.copyOf(crls);
        this.flavour = flavour;
        this.attached = attached;
        this.extraAttributes = List.copyOf(extraAttributes);
    }

    X509CertificateHolder certificate() {
        return certificate;
    }

    CmsFlavour flavour() {
        return flavour;
    }

    /**
     * The SignedData over {@code content} with signed attributes content type, message digest, {@code signingTime},
     * the extra attributes and algorithm protection; {@code signer} receives the DER of the signed attributes.
     */
    CMSSignedData generate(byte[] content, Date signingTime, ContentSigner signer) {
        try {
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(signingTime))));
            extraAttributes.forEach(attributes::add);
            AttributeTable signedAttributes = new AttributeTable(attributes);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(Digests.provider())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(signedAttributes))
                    .build(signer, certificate));
            generator.addCertificates(new CollectionStore<>(certificates));
            if (!crls.isEmpty()) {
                generator.addCRLs(new CollectionStore<>(crls));
            }
            return generator.generate(new CMSProcessableByteArray(flavour.dataType(), content), attached);
        } catch (CMSException | OperatorCreationException e) {
            throw new CryptoOperationException("CMS signing failed", e);
        }
    }
}
