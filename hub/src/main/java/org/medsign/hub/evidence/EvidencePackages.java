package org.medsign.hub.evidence;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import java.util.HexFormat;
import org.medsign.crypto.pdf.PdfSignatureContent;
import org.medsign.crypto.pdf.PdfSignatures;
import org.medsign.crypto.sm.Sm3;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.audit.AuditAnchor;
import org.medsign.crypto.audit.AuditRecord;
import org.medsign.crypto.evidence.EvidencePackage;
import org.medsign.crypto.evidence.EvidencePackageWriter;
import org.medsign.crypto.interop.OpensslRecipe;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.hub.HubException;
import org.medsign.hub.pki.HubPki;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Assembles the evidence package of one signature (ZIP, see docs/evidence.md "Evidence packages"): the signature
 * record, the document the hub keeps (sealed at rest with its request; opened only into the package, through
 * {@link SignedDocuments}), the CMS
 * (or a raw SM2 signature with the certificate the hub's CA issued for it), chain, the CRL of the signing time (or the current one for signatures made before the hub kept it), the
 * timestamp, and the audit events from the signature's SIGN event up to the first anchor that covers it — making
 * an anchor now when none does yet, and the RFC 4998 evidence record once {@link EvidenceRecordJob} has covered the
 * signature; for a signature with a handwriting image, the image ({@link HandwritingImages}). Signatures made
 * outside signing requests (a patient's) come from {@link StandaloneSignatures}. Every export is itself audited ({@code EVIDENCE_EXPORT}), and so is the read of the document's content
 * it amounts to ({@code DOCUMENT_CONTENT_READ}) when the package carries the document or an attached CMS.
 */
@Component
public class EvidencePackages {

    private static final Logger log = LoggerFactory.getLogger(EvidencePackages.class);
    /** Audit events per package at most: a SIGN event further than this from an anchor is refused. */
    static final int MAX_EVENTS = 200_000;

    private final JdbcClient jdbc;
    private final SignatureRecordRepository signatures;
    private final AuditEventRepository auditEvents;
    private final SignedDocuments documents;
    private final HubPki pki;
    private final AuditAnchors anchors;
    private final AuditLog audit;
    private final RevocationSnapshots revocations;
    private final EvidenceRecordJob evidenceRecords;
    private final HandwritingImages handwritings;
    private final List<StandaloneSignatures> standalone;
    private final Clock clock = Clock.systemUTC();

    public EvidencePackages(JdbcClient jdbc, SignatureRecordRepository signatures, AuditEventRepository auditEvents,
                            SignedDocuments documents, HubPki pki, AuditAnchors anchors, AuditLog audit,
                            RevocationSnapshots revocations, EvidenceRecordJob evidenceRecords,
                            HandwritingImages handwritings, List<StandaloneSignatures> standalone) {
        this.handwritings = handwritings;
        this.standalone = standalone;
        this.jdbc = jdbc;
        this.signatures = signatures;
        this.auditEvents = auditEvents;
        this.documents = documents;
        this.pki = pki;
        this.anchors = anchors;
        this.audit = audit;
        this.revocations = revocations;
        this.evidenceRecords = evidenceRecords;
    }

    /** The package of {@code signatureId} as a ZIP, exported by {@code actor} in {@code role}; empty if unknown. */
    public Optional<byte[]> export(String signatureId, String actor, String role) {
        Optional<Source> found = signatures.packaged(signatureId).map(this::fromRecord)
                .or(() -> standalone.stream().map(s -> s.standalone(signatureId)).flatMap(Optional::stream)
                        .findFirst().map(s -> fromStandalone(signatureId, s)));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Source row = found.get();
        byte[] document = row.document();
        boolean raw = "RAW".equals(row.operation());
        X509CertificateHolder signer = raw ? issuedCertificate(row.certificateSerial(), signatureId)
                : OpensslRecipe.signerCertificate(row.cms(), document);
        EvidencePackage.SignatureFormat format = !raw ? EvidencePackage.SignatureFormat.CMS
                : row.rawEncoding() == Sm2SignatureEncoding.PLAIN ? EvidencePackage.SignatureFormat.SM2_RS
                : EvidencePackage.SignatureFormat.SM2_DER;
        Optional<byte[]> atSigning = row.crlAtSigning();
        EvidencePackage.RevocationSource source = atSigning.isPresent() ? EvidencePackage.RevocationSource.SIGNING_TIME
                : EvidencePackage.RevocationSource.CURRENT;
        byte[] crl = atSigning.orElseGet(() -> encoded(pki.currentCrl()));
        byte[] handwriting = raw ? null : handwritings.imageOf(signatureId).orElse(null);

        AuditRecord signEvent = auditEvents.signEventOf(signatureId)
                .orElseThrow(() -> new HubException(ErrorCode.EVIDENCE_AUDIT_MISSING,
                        "no SIGN audit event for signature "
                        + signatureId));
        AuditAnchor anchor = coveringAnchor(signEvent).or(() -> {
            anchors.anchorNow();
            return coveringAnchor(signEvent);
        }).orElseThrow(() -> new HubException(ErrorCode.EVIDENCE_NOT_ANCHORED,
                "no audit anchor covers the SIGN event of "
                + signatureId + " (is the TSA reachable?)"));
        long headSeq = anchor.parsedHeads().stream().filter(h -> h.node().equals(signEvent.node())).findFirst()
                .orElseThrow().seq();
        List<AuditRecord> events = auditEvents.range(signEvent.node(), signEvent.seq(), headSeq);

        EvidencePackage evidence = new EvidencePackage(signatureId, row.systemId(), row.requestId(), row.documentId(),
                row.signedAt(), row.contentSm3(), document, row.cms(), signer, pki.issuing(), pki.root(), crl, source,
                row.token(), events, anchor, evidenceRecords.recordOf(signatureId).orElse(null), format, handwriting);
        byte[] zip = EvidencePackageWriter.zip(evidence, clock.instant());
        boolean attached = !raw && SealedSignatureValues.carriesContent(row.cms());
        if (document != null || attached) {
            // the package hands out the document (document.bin, or inside the CMS): a read of its content
            audit.append(AuditEvent.success(actor, role, SealedSignatureValues.CONTENT_READ, signatureId,
                    "via evidence package, request " + row.systemId() + "/" + row.requestId()
                            + (document != null ? " document" : "") + (attached ? " cms-attached" : "")));
        }
        audit.append(AuditEvent.success(actor, role, "EVIDENCE_EXPORT", signatureId, "revocation=" + source.label()
                + " events=" + events.size() + " anchor=" + anchor.id() + " document=" + (document != null)
                + " evidenceRecord=" + (evidence.evidenceRecord() != null) + " format=" + format.label()
                + (handwriting != null ? " handwriting=true" : "")));
        log.info("Evidence package of signature {} exported: {} audit events, anchor {}", signatureId, events.size(),
                anchor.id());
        return Optional.of(zip);
    }

    /** What a package is made of, from a signature record or a standalone signature. */
    private record Source(String systemId, String requestId, String documentId, String operation, String contentSm3,
                          byte[] cms, byte[] token, Instant signedAt, String certificateSerial, byte[] document,
                          Sm2SignatureEncoding rawEncoding, Optional<byte[]> crlAtSigning) {
    }

    private Source fromRecord(SignatureRecordRepository.PackagedSignature row) {
        Optional<SignedDocuments.SignedDocument> request = documents.signedDocument(row.requestPk());
        // null when the retention clean-up purged it: the package then carries the digest only
        byte[] document = request.map(SignedDocuments.SignedDocument::content).orElse(null);
        if ("PDF".equals(row.operation())) {
            // a visible PDF signature: its CMS (detached) over the signed PDF's byte ranges, which are the document
            // of the package (the SIGN audit event records their SM3 as pdf-range-sm3); the signed PDF itself is
            // GET /api/v1/signatures/{id}
            List<PdfSignatureContent> contents = PdfSignatures.contents(row.cms());
            PdfSignatureContent added = contents.get(contents.size() - 1);
            return new Source(row.systemId(), row.requestId(), row.documentId(), "CMS",
                    HexFormat.of().formatHex(Sm3.digest(added.signedBytes())), added.cms(), row.token(),
                    row.signedAt(), row.certificateSerial(), added.signedBytes(), Sm2SignatureEncoding.DER,
                    revocations.atSigning(row.signatureId()));
        }
        return new Source(row.systemId(), row.requestId(), row.documentId(), row.operation(), row.contentSm3(),
                row.cms(), row.token(), row.signedAt(), row.certificateSerial(), document,
                request.map(SignedDocuments.SignedDocument::rawEncoding).orElse(Sm2SignatureEncoding.DER),
                revocations.atSigning(row.signatureId()));
    }

    private Source fromStandalone(String signatureId, StandaloneSignatures.Standalone s) {
        return new Source(s.systemId(), s.requestId(), null, "CMS", s.contentSm3(), s.cms(), s.token(), s.signedAt(),
                null, s.document(), Sm2SignatureEncoding.DER,
                s.crlSnapshot() == null ? Optional.empty() : revocations.snapshot(s.crlSnapshot()));
    }

    /** The certificate of a raw signature (the CMS carries its own): one the hub's CA issued. */
    private X509CertificateHolder issuedCertificate(String serial, String signatureId) {
        return pki.issuedCertificate(serial)
                .orElseThrow(() -> new HubException(ErrorCode.EVIDENCE_UNSUPPORTED, "the certificate " + serial
                        + " of raw signature " + signatureId + " was not issued by the hub's CA"));
    }

    /** The first anchor whose heads include the SIGN event's node at or after its seq. */
    private Optional<AuditAnchor> coveringAnchor(AuditRecord signEvent) {
        // anchors are made after the events they cover; a minute of slack for clocks of other nodes
        Instant from = signEvent.time().minus(1, ChronoUnit.MINUTES);
        List<long[]> candidates = new java.util.ArrayList<>();
        jdbc.sql("SELECT id, heads FROM audit_anchor WHERE created_at >= ? ORDER BY id").param(Timestamp.from(from))
                .query(rs -> {
                    AuditAnchor probe = new AuditAnchor(rs.getLong(1), "", Instant.EPOCH, rs.getString(2), new byte[0]);
                    for (AuditAnchor.Head head : probe.parsedHeads()) {
                        if (head.node().equals(signEvent.node()) && head.seq() >= signEvent.seq()
                                && head.seq() - signEvent.seq() < MAX_EVENTS && candidates.isEmpty()) {
                            candidates.add(new long[] {rs.getLong(1)});
                        }
                    }
                });
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT " + AuditRows.ANCHOR_COLUMNS + " FROM audit_anchor WHERE id = ?")
                .param(candidates.get(0)[0]).query((rs, n) -> AuditRows.anchor(rs)).optional();
    }

    private static byte[] encoded(org.bouncycastle.cert.X509CRLHolder crl) {
        try {
            return crl.getEncoded();
        } catch (java.io.IOException e) {
            throw new HubException(ErrorCode.CRL_ENCODING, "cannot encode the CRL", e);
        }
    }
}
