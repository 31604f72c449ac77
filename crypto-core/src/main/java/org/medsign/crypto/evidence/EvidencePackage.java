package org.medsign.crypto.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.audit.AuditAnchor;
import org.medsign.crypto.audit.AuditRecord;

/**
 * What an evidence package proves about one signature: the signed document (where the hub stores it) and its SM3,
 * the CMS signature, the signer's chain, the revocation data of the signing time, the signature timestamp, and the
 * audit events from the signature's own event up to the anchored chain head, with that anchor.
 *
 * @param signatureId      the hub's signature id
 * @param systemId         the hospital system that asked for the signature
 * @param requestId        that system's request id
 * @param documentId       the system's document id, or null
 * @param signedAt         when the hub signed (its clock; the timestamp's time is the trusted one)
 * @param contentSm3       SM3 of the signed content, 64 lower-case hex digits
 * @param document         the signed content, or null when not included
 * @param cms              the signature as the hub returned it: DER CMS SignedData, or for a raw signature the SM2
 *                         signature value (see {@code format})
 * @param signer           the signer's certificate
 * @param issuingCa        the certificate that issued {@code signer} (and the TSA certificate)
 * @param root             the root certificate
 * @param crl              DER CRL of the issuing CA
 * @param revocationSource whether {@code crl} was captured at signing time or is the current one
 * @param timestampToken   DER RFC 3161 signature timestamp token, or null
 * @param auditEvents      consecutive events of one node: first the signature's SIGN event, last the anchored head
 * @param anchor           the anchor whose heads include the last of {@code auditEvents}
 * @param evidenceRecord   DER RFC 4998 EvidenceRecord covering this signature, or null
 * @param format           what {@code cms} is: a CMS SignedData or a raw SM2 signature (DER or r‖s) over the document
 * @param handwriting      the handwriting PNG whose SM3 the CMS carries as a signed attribute
 *                         ({@link org.medsign.crypto.cms.HandwritingAttribute}), or null
 */
public record EvidencePackage(String signatureId, String systemId, String requestId, String documentId,
                              Instant signedAt, String contentSm3, byte[] document, byte[] cms,
                              X509CertificateHolder signer, X509CertificateHolder issuingCa,
                              X509CertificateHolder root, byte[] crl, RevocationSource revocationSource,
                              byte[] timestampToken, List<AuditRecord> auditEvents, AuditAnchor anchor,
                              byte[] evidenceRecord, SignatureFormat format, byte[] handwriting) {

    /** A package without a handwriting image. */
    public EvidencePackage(String signatureId, String systemId, String requestId, String documentId, Instant signedAt,
                           String contentSm3, byte[] document, byte[] cms, X509CertificateHolder signer,
                           X509CertificateHolder issuingCa, X509CertificateHolder root, byte[] crl,
                           RevocationSource revocationSource, byte[] timestampToken, List<AuditRecord> auditEvents,
                           AuditAnchor anchor, byte[] evidenceRecord, SignatureFormat format) {
        this(signatureId, systemId, requestId, documentId, signedAt, contentSm3, document, cms, signer, issuingCa, root,
                crl, revocationSource, timestampToken, auditEvents, anchor, evidenceRecord, format, null);
    }

    /** A package of a CMS signature. */
    public EvidencePackage(String signatureId, String systemId, String requestId, String documentId, Instant signedAt,
                           String contentSm3, byte[] document, byte[] cms, X509CertificateHolder signer,
                           X509CertificateHolder issuingCa, X509CertificateHolder root, byte[] crl,
                           RevocationSource revocationSource, byte[] timestampToken, List<AuditRecord> auditEvents,
                           AuditAnchor anchor, byte[] evidenceRecord) {
        this(signatureId, systemId, requestId, documentId, signedAt, contentSm3, document, cms, signer, issuingCa, root,
                crl, revocationSource, timestampToken, auditEvents, anchor, evidenceRecord, SignatureFormat.CMS, null);
    }

    /** What kind of signature a package carries (manifest {@code signature_format}). */
    public enum SignatureFormat {
        /** CMS SignedData ({@code signature.p7s}); its signature timestamp is inside it. */
        CMS("cms"),
        /** Raw SM2 signature, DER SEQUENCE of r and s ({@code signature.sig}), standard signer ID, over the document. */
        SM2_DER("sm2-der"),
        /** Raw SM2 signature as r‖s, 64 bytes ({@code signature.sig}). */
        SM2_RS("sm2-rs");

        private final String label;

        SignatureFormat(String label) {
            this.label = label;
        }

        /** The manifest label. */
        public String label() {
            return label;
        }

        /** The format of a manifest label; packages without one are CMS. */
        public static SignatureFormat ofLabel(String label) {
            if (label == null) {
                return CMS;
            }
            for (SignatureFormat format : values()) {
                if (format.label.equals(label)) {
                    return format;
                }
            }
            throw new IllegalArgumentException("unknown signature format " + label);
        }
    }

    /** Where the revocation data comes from. */
    public enum RevocationSource {
        /** The CRL that was current when the hub signed (kept since the evidence module's V10 migration). */
        SIGNING_TIME("signing-time"),
        /** The CRL current at export: for signatures made before the hub kept revocation data at signing time. */
        CURRENT("current");

        private final String label;

        RevocationSource(String label) {
            this.label = label;
        }

        /** The manifest label. */
        public String label() {
            return label;
        }

        static RevocationSource ofLabel(String label) {
            for (RevocationSource source : values()) {
                if (source.label.equals(label)) {
                    return source;
                }
            }
            throw new IllegalArgumentException(label);
        }
    }

    public EvidencePackage {
        Objects.requireNonNull(signatureId, "signatureId");
        Objects.requireNonNull(contentSm3, "contentSm3");
        Objects.requireNonNull(cms, "cms");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(issuingCa, "issuingCa");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(crl, "crl");
        Objects.requireNonNull(revocationSource, "revocationSource");
        Objects.requireNonNull(format, "format");
        if (handwriting != null && format != SignatureFormat.CMS) {
            throw new IllegalArgumentException("a handwriting image belongs to a CMS signature (its signed attribute)");
        }
        auditEvents = List.copyOf(auditEvents);
    }
}
