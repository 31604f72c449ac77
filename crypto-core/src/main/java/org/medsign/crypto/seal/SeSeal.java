package org.medsign.crypto.seal;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/**
 * A GB/T 38540-2020 (v4) electronic seal, {@code SESeal}: the seal information ({@code SES_SealInfo}: header
 * "ES"/4/vid, esID, properties, picture, optional extension data) signed with SM3withSM2 by the seal maker
 * (制章者), whose certificate travels in the structure.
 *
 * <p>Invariants: an instance is immutable; {@link #encoded()} returns exactly the bytes it was built or parsed
 * from; {@link #verify(X509CertificateHolder)} recomputes the signature over the DER of {@code SES_SealInfo} as
 * encoded, so a change to any byte of the seal information makes it fail. Parsing is strict about the v4 layout
 * but accepts {@code extDatas} both untagged and EXPLICIT [0], as producers differ.
 */
public final class SeSeal {

    /** The header id every seal carries. */
    public static final String HEADER_ID = "ES";
    /** The header version of GB/T 38540-2020. */
    public static final int VERSION = 4;
    /** {@code certListType}: the certificate list holds whole certificates. */
    public static final int CERT_LIST_CERTIFICATES = 1;
    /** {@code certListType}: the certificate list holds certificate digests. */
    public static final int CERT_LIST_DIGESTS = 2;
    /** The signature algorithm of the seal maker, SM3withSM2 (1.2.156.10197.1.501). */
    public static final ASN1ObjectIdentifier SM3_WITH_SM2 = Sm2.SM3_WITH_SM2_OID;

    private final byte[] encoded;
    private final byte[] sealInfoDer;
    private final String vid;
    private final String esId;
    private final int type;
    private final String name;
    private final int certListType;
    private final List<byte[]> certList;
    private final Instant createDate;
    private final Instant validStart;
    private final Instant validEnd;
    private final SealPicture picture;
    private final byte[] makerCertificate;
    private final ASN1ObjectIdentifier signAlgorithm;
    private final byte[] signedValue;

    private SeSeal(byte[] encoded) {
        this.encoded = encoded.clone();
        try {
            ASN1Sequence seal = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(encoded));
            if (seal.size() != 4) {
                throw new MalformedInputException("not a GB/T 38540 v4 SESeal: " + seal.size() + " elements, expected 4");
            }
            ASN1Sequence info = ASN1Sequence.getInstance(seal.getObjectAt(0));
            this.sealInfoDer = info.getEncoded(ASN1Encoding.DER);
            if (info.size() < 4 || info.size() > 5) {
                throw new MalformedInputException("SES_SealInfo has " + info.size() + " elements, expected 4 or 5");
            }
            ASN1Sequence header = ASN1Sequence.getInstance(info.getObjectAt(0));
            String id = string(header.getObjectAt(0));
            int version = ASN1Integer.getInstance(header.getObjectAt(1)).intValueExact();
            if (!HEADER_ID.equals(id) || version != VERSION) {
                throw new MalformedInputException("SES_Header is " + id + "/" + version + ", expected ES/4");
            }
            this.vid = string(header.getObjectAt(2));
            this.esId = string(info.getObjectAt(1));
            ASN1Sequence property = ASN1Sequence.getInstance(info.getObjectAt(2));
            if (property.size() != 7) {
                throw new MalformedInputException("SES_ESPropertyInfo has " + property.size() + " elements, expected 7");
            }
            this.type = ASN1Integer.getInstance(property.getObjectAt(0)).intValueExact();
            this.name = string(property.getObjectAt(1));
            this.certListType = ASN1Integer.getInstance(property.getObjectAt(2)).intValueExact();
            List<byte[]> certs = new ArrayList<>();
            for (ASN1Encodable element : ASN1Sequence.getInstance(property.getObjectAt(3))) {
                certs.add(certListType == CERT_LIST_CERTIFICATES
                        ? ASN1OctetString.getInstance(element).getOctets()
                        : element.toASN1Primitive().getEncoded(ASN1Encoding.DER));
            }
            this.certList = List.copyOf(certs);
            this.createDate = time(property.getObjectAt(4));
            this.validStart = time(property.getObjectAt(5));
            this.validEnd = time(property.getObjectAt(6));
            ASN1Sequence pic = ASN1Sequence.getInstance(info.getObjectAt(3));
            if (pic.size() != 4) {
                throw new MalformedInputException("SES_ESPictrueInfo has " + pic.size() + " elements, expected 4");
            }
            this.picture = new SealPicture(string(pic.getObjectAt(0)), ASN1OctetString.getInstance(pic.getObjectAt(1)).getOctets(),
                    ASN1Integer.getInstance(pic.getObjectAt(2)).intValueExact(),
                    ASN1Integer.getInstance(pic.getObjectAt(3)).intValueExact());
            if (info.size() == 5) {
                ASN1Encodable ext = info.getObjectAt(4);
                ASN1Sequence.getInstance(ext instanceof ASN1TaggedObject tagged ? tagged.getExplicitBaseObject() : ext);
            }
            this.makerCertificate = ASN1OctetString.getInstance(seal.getObjectAt(1)).getOctets();
            this.signAlgorithm = ASN1ObjectIdentifier.getInstance(seal.getObjectAt(2));
            this.signedValue = DERBitString.getInstance(seal.getObjectAt(3)).getOctets();
        } catch (MalformedInputException e) {
            throw e;
        } catch (IOException | java.text.ParseException | RuntimeException e) {
            throw new MalformedInputException("not a GB/T 38540 v4 SESeal", e);
        }
    }

    /** Parses the DER of a v4 SESeal; throws {@link MalformedInputException} on any other layout. */
    public static SeSeal parse(byte[] der) {
        Objects.requireNonNull(der, "der");
        return new SeSeal(der);
    }

    /** A builder of a new seal signed by a seal maker. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * True when the seal is signed by {@code maker}: the embedded maker certificate is {@code maker}, the
     * algorithm is SM3withSM2 and the SM2 signature (default ID) over DER(SES_SealInfo) verifies with its key.
     * Validity dates and the maker's chain are the caller's business.
     */
    public boolean verify(X509CertificateHolder maker) {
        Objects.requireNonNull(maker, "maker");
        try {
            if (!Arrays.equals(maker.getEncoded(), makerCertificate) || !SM3_WITH_SM2.equals(signAlgorithm)) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        return Sm2.verify(Sm2.fromSubjectPublicKeyInfo(maker.getSubjectPublicKeyInfo()), SignerId.DEFAULT,
                sealInfoDer, signedValue, Sm2.detectEncoding(signedValue));
    }

    /** The DER of the whole SESeal. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The DER of SES_SealInfo, the bytes the maker signed. */
    public byte[] sealInfoDer() {
        return sealInfoDer.clone();
    }

    /** The vendor id of the header ({@code vid}). */
    public String vid() {
        return vid;
    }

    /** The seal identifier ({@code esID}). */
    public String esId() {
        return esId;
    }

    /** The seal type ({@code property.type}; user-defined, see {@link SealTypes}). */
    public int type() {
        return type;
    }

    /** The seal name. */
    public String name() {
        return name;
    }

    /** {@link #CERT_LIST_CERTIFICATES} or {@link #CERT_LIST_DIGESTS}. */
    public int certListType() {
        return certListType;
    }

    /** The certificates (DER) allowed to sign with the seal, or the DER of each CertDigestObj. */
    public List<byte[]> certList() {
        return certList.stream().map(byte[]::clone).toList();
    }

    public Instant createDate() {
        return createDate;
    }

    public Instant validStart() {
        return validStart;
    }

    public Instant validEnd() {
        return validEnd;
    }

    /** The seal picture. */
    public SealPicture picture() {
        return picture;
    }

    /** The DER of the seal maker's certificate as embedded. */
    public byte[] makerCertificate() {
        return makerCertificate.clone();
    }

    public ASN1ObjectIdentifier signAlgorithm() {
        return signAlgorithm;
    }

    /** The maker's signature as carried in {@code signedValue}. */
    public byte[] signedValue() {
        return signedValue.clone();
    }

    private static String string(ASN1Encodable value) {
        if (value instanceof ASN1String s) {
            return s.getString();
        }
        throw new MalformedInputException("expected a string, found " + value.getClass().getSimpleName());
    }

    private static Instant time(ASN1Encodable value) throws java.text.ParseException {
        if (value instanceof ASN1GeneralizedTime g) {
            return g.getDate().toInstant();
        }
        if (value instanceof ASN1UTCTime u) { // GM/T 0031-2014 producers
            return u.getAdjustedDate().toInstant();
        }
        throw new MalformedInputException("expected GeneralizedTime, found " + value.getClass().getSimpleName());
    }

    /** Builds and signs a v4 SESeal; setters return {@code this}, {@link #build()} throws on a missing field. */
    public static final class Builder {
        private String vid = "MEDSIGN";
        private String esId;
        private int type = SealTypes.ORGANISATION;
        private String name;
        private final List<byte[]> certificates = new ArrayList<>();
        private Instant createDate;
        private Instant validStart;
        private Instant validEnd;
        private SealPicture picture;
        private X509CertificateHolder makerCertificate;
        private SigningKeyRef makerKey;

        private Builder() {
        }

        /** The vendor id in the header (default {@code MEDSIGN}). */
        public Builder vid(String vid) {
            this.vid = vid;
            return this;
        }

        public Builder esId(String esId) {
            this.esId = esId;
            return this;
        }

        /** The seal type, see {@link SealTypes}. */
        public Builder type(int type) {
            this.type = type;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** A certificate allowed to sign with the seal (certListType 1). */
        public Builder signerCertificate(X509CertificateHolder certificate) {
            try {
                this.certificates.add(certificate.getEncoded());
            } catch (IOException e) {
                throw new MalformedInputException("cannot encode certificate", e);
            }
            return this;
        }

        public Builder createDate(Instant createDate) {
            this.createDate = createDate;
            return this;
        }

        public Builder validity(Instant validStart, Instant validEnd) {
            this.validStart = validStart;
            this.validEnd = validEnd;
            return this;
        }

        public Builder picture(SealPicture picture) {
            this.picture = picture;
            return this;
        }

        /** The seal maker (制章者): its certificate is embedded and its key signs SES_SealInfo. */
        public Builder maker(X509CertificateHolder certificate, SigningKeyRef key) {
            this.makerCertificate = certificate;
            this.makerKey = key;
            return this;
        }

        /** Encodes SES_SealInfo, signs its DER with the maker key and returns the parsed-back seal. */
        public SeSeal build() {
            Objects.requireNonNull(esId, "esId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(picture, "picture");
            Objects.requireNonNull(validStart, "validStart");
            Objects.requireNonNull(validEnd, "validEnd");
            Objects.requireNonNull(makerCertificate, "maker certificate");
            Objects.requireNonNull(makerKey, "maker key");
            if (!validEnd.isAfter(validStart)) {
                throw new IllegalArgumentException("seal validity must end after it starts");
            }
            Instant created = createDate == null ? Instant.now() : createDate;
            ASN1EncodableVector certs = new ASN1EncodableVector();
            certificates.forEach(c -> certs.add(new DEROctetString(c)));
            DERSequence info = new DERSequence(new ASN1Encodable[] {
                    new DERSequence(new ASN1Encodable[] {new DERIA5String(HEADER_ID), new ASN1Integer(VERSION),
                            new DERIA5String(vid)}),
                    new DERIA5String(esId),
                    new DERSequence(new ASN1Encodable[] {new ASN1Integer(type), new DERUTF8String(name),
                            new ASN1Integer(CERT_LIST_CERTIFICATES), new DERSequence(certs), generalized(created),
                            generalized(validStart), generalized(validEnd)}),
                    new DERSequence(new ASN1Encodable[] {new DERIA5String(picture.type()),
                            new DEROctetString(picture.data()), new ASN1Integer(BigInteger.valueOf(picture.widthMm())),
                            new ASN1Integer(BigInteger.valueOf(picture.heightMm()))})});
            try {
                byte[] infoDer = info.getEncoded(ASN1Encoding.DER);
                byte[] signature = makerKey.sign(infoDer, SignerId.DEFAULT, Sm2SignatureEncoding.DER);
                DERSequence seal = new DERSequence(new ASN1Encodable[] {info,
                        new DEROctetString(makerCertificate.getEncoded()), SM3_WITH_SM2, new DERBitString(signature)});
                return new SeSeal(seal.getEncoded(ASN1Encoding.DER));
            } catch (IOException e) {
                throw new MalformedInputException("cannot encode SESeal", e);
            }
        }

        private static DERGeneralizedTime generalized(Instant instant) {
            // whole seconds, "Z": the DER form GB/T 38540 producers write
            return new DERGeneralizedTime(Date.from(instant.truncatedTo(ChronoUnit.SECONDS)));
        }
    }
}
