package org.medsign.crypto.evidence;

import static org.medsign.crypto.evidence.EvidencePackageFiles.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.audit.AnchorTokenCheck;
import org.medsign.crypto.audit.AuditAnchor;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.cms.ParsedSignedData;
import org.medsign.crypto.cms.SignatureTimestamps;
import org.medsign.crypto.operator.Sm2ContentVerifierProvider;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.crypto.sm.Sm3;
import org.medsign.crypto.verify.CertificateInfo;
import org.medsign.crypto.verify.CertificatePathValidator;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.crypto.verify.KeyPurpose;
import org.medsign.crypto.verify.RevocationData;
import org.medsign.crypto.verify.TimestampVerifier;
import org.medsign.crypto.verify.VerificationReport;

/**
 * Checks an evidence package in Java: document digest, CMS signature (or a raw SM2 signature over the document) and
 * signature timestamp, signer chain at the timestamp's time with the package's CRL (required), the CRL's signature
 * and that it was current at signing time, the audit events (canonical text → SM3 hash, links, consecutive sequence,
 * the SIGN event of this signature) up to the anchored head and the anchor's token, the RFC 4998 evidence record if
 * present, the handwriting image against its signed attribute, and the SM3SUMS list. Stops at the first failure. A
 * ZIP that is not an evidence package is a {@link MalformedInputException}.
 */
public final class EvidencePackageVerifier {

    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_FILES = 1_000_000;
    private static final long MAX_BYTES = 2L * 1024 * 1024 * 1024;

    private final X509CertificateHolder pinnedRoot;
    private final byte[] content;
    private final Clock clock;

    /**
     * @param pinnedRoot the root to trust, or null to trust the package's root (then only integrity is proven)
     * @param content    the signed document when the package does not carry it, or null
     * @param clock      the clock (tests)
     */
    public EvidencePackageVerifier(X509CertificateHolder pinnedRoot, byte[] content, Clock clock) {
        this.pinnedRoot = pinnedRoot;
        this.content = content;
        this.clock = clock;
    }

    /** Reads the files of an evidence package ZIP; throws {@link MalformedInputException} if it is not one. */
    public static Map<String, byte[]> read(byte[] zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (name.startsWith("/") || name.contains("..") || name.contains("\\")) {
                    throw new MalformedInputException("not a MedSign evidence package: unsafe entry name " + name);
                }
                byte[] bytes = in.readAllBytes();
                total += bytes.length;
                if (files.size() >= MAX_FILES || total > MAX_BYTES) {
                    throw new MalformedInputException("not a MedSign evidence package: too many or too large entries");
                }
                if (files.put(name, bytes) != null) {
                    throw new MalformedInputException("not a MedSign evidence package: duplicate entry " + name);
                }
            }
        } catch (ZipException e) {
            throw new MalformedInputException("not a MedSign evidence package: not a ZIP file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new MalformedInputException("not a MedSign evidence package: unreadable ZIP (" + e.getMessage() + ")");
        }
        byte[] manifest = files.get(MANIFEST);
        if (manifest == null) {
            throw new MalformedInputException("not a MedSign evidence package: no " + MANIFEST
                    + (files.isEmpty() ? " (empty or not a ZIP file)" : ""));
        }
        if (!FORMAT.equals(manifest(files).get("format"))) {
            throw new MalformedInputException("not a MedSign evidence package: " + MANIFEST + " is not format " + FORMAT);
        }
        return files;
    }

    static Map<String, String> manifest(Map<String, byte[]> files) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : new String(files.get(MANIFEST), StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    /** Verifies the package (see the class comment). */
    public EvidenceVerification verify(byte[] zip) {
        Map<String, byte[]> files = read(zip);
        Run run = new Run(files, manifest(files));
        try {
            run.all();
        } catch (Stop stop) { // the first failure is recorded
        } catch (RuntimeException e) {
            run.checks.add(new EvidenceVerification.Item("format", false, "malformed package content: " + e.getMessage()));
        }
        return new EvidenceVerification(run.checks);
    }

    private static final class Stop extends RuntimeException {
        Stop() { super(null, null, false, false); }
    }

    private final class Run {
        final Map<String, byte[]> files;
        final Map<String, String> manifest;
        final List<EvidenceVerification.Item> checks = new ArrayList<>();

        Run(Map<String, byte[]> files, Map<String, String> manifest) {
            this.files = files;
            this.manifest = manifest;
        }

        void pass(String name, String detail) {
            checks.add(new EvidenceVerification.Item(name, true, detail));
        }

        void require(boolean condition, String name, String failure) {
            if (!condition) {
                checks.add(new EvidenceVerification.Item(name, false, failure));
                throw new Stop();
            }
        }

        byte[] file(String name, String check) {
            byte[] bytes = files.get(name);
            require(bytes != null, check, name + " is missing from the package");
            return bytes;
        }

        String value(String key) {
            String value = manifest.get(key);
            require(value != null, "manifest", MANIFEST + " has no " + key);
            return value;
        }

        void all() {
            String signatureId = value("signature_id");
            String contentSm3 = value("content_sm3");

            // trust
            X509CertificateHolder root = Pem.parseCertificate(file(ROOT, "chain"));
            if (pinnedRoot != null) {
                require(pinnedRoot.equals(root), "trust", ROOT + " is not the pinned root");
            }
            X509CertificateHolder trusted = pinnedRoot != null ? pinnedRoot : root; // else only integrity is proven
            X509CertificateHolder issuing = Pem.parseCertificate(file(ISSUING_CA, "chain"));
            X509CertificateHolder signer = Pem.parseCertificate(file(SIGNER, "chain"));
            pass("trust", pinnedRoot != null ? "root pinned" : "root taken from the package (not pinned)");
            // document
            byte[] document = content;
            if (document == null && !"none".equals(value("document"))) {
                document = file(value("document"), "document");
            }
            require(document != null, "document", "the document is not in the package: give it with --content FILE");
            require(HEX.formatHex(Sm3.digest(document)).equals(contentSm3), "document",
                    "the document's SM3 is not content_sm3 " + contentSm3);
            pass("document", "SM3 " + contentSm3);

            // CRL
            X509CRLHolder crl;
            try {
                crl = Pem.crl(file(value("revocation_file"), "revocation"));
            } catch (RuntimeException e) {
                require(false, "revocation", value("revocation_file") + " is not a CRL");
                return;
            }
            boolean crlSigned;
            try {
                crlSigned = crl.isSignatureValid(Sm2ContentVerifierProvider.of(issuing));
            } catch (Exception e) {
                crlSigned = false;
            }
            require(crlSigned && crl.getIssuer().equals(issuing.getSubject()), "revocation",
                    "the CRL is not signed by the issuing CA");

            EvidencePackage.SignatureFormat format;
            try {
                format = EvidencePackage.SignatureFormat.ofLabel(manifest.get("signature_format"));
            } catch (IllegalArgumentException e) {
                require(false, "signature", MANIFEST + ": " + e.getMessage());
                return;
            }
            Instant signedAt = format == EvidencePackage.SignatureFormat.CMS
                    ? cmsSignature(document, signer, issuing, trusted, crl)
                    : rawSignature(format, document, signer, issuing, trusted, crl);

            // the CRL's time
            Instant thisUpdate = crl.getThisUpdate().toInstant();
            Instant nextUpdate = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
            if ("signing-time".equals(value("revocation"))) {
                require(!thisUpdate.isAfter(signedAt) && (nextUpdate == null || !signedAt.isAfter(nextUpdate)),
                        "revocation", "the CRL was not current at the signing time (" + thisUpdate + " .. "
                                + nextUpdate + ")");
                pass("revocation", "CRL of " + thisUpdate + " (current at signing), signer not revoked");
            } else {
                pass("revocation", "CRL of " + thisUpdate + " is the one current at export (no revocation data "
                        + "was kept at signing time), signer not revoked");
            }

            audit(signatureId, contentSm3, signedAt, trusted);
            evidenceRecord(trusted);
            sums();
        }

        /** CMS signature, its timestamp, chain at the timestamp's time, revocation from the package's CRL. */
        Instant cmsSignature(byte[] document, X509CertificateHolder signer, X509CertificateHolder issuing,
                             X509CertificateHolder trusted, X509CRLHolder crl) {
            byte[] cms = file(CMS, "signature");
            VerificationReport report = CmsSignatureVerifier.builder().trustAnchors(List.of(trusted))
                    .extraCertificates(List.of(issuing)).revocation(RevocationData.ofCrls(List.of(crl)))
                    .revocationRequired(true).clock(clock).build().verify(cms, document);
            require(report.valid(), "signature", report.firstProblem());
            CMSSignedData signedData = ParsedSignedData.parse(cms, document).signedData();
            SignerInformation signerInfo = signedData.getSignerInfos().getSigners().iterator().next();
            require(signedData.getCertificates().getMatches(signerInfo.getSID()).contains(signer), "signature",
                    "the certificate inside " + CMS + " is not " + SIGNER);
            require(report.timestampTime() != null, "timestamp", "the signature has no valid signature timestamp");
            Instant signedAt = report.timestampTime();
            pass("signature", "SM2 signature by " + report.signer().subject() + ", chain valid and not revoked at "
                    + signedAt + " (timestamp time)");
            EvidenceVerification.Item handwriting = HandwritingEvidence.check(files, manifest, cms, document);
            if (handwriting != null) {
                require(handwriting.passed(), handwriting.name(), handwriting.detail());
                checks.add(handwriting);
            }

            TimeStampToken embedded = SignatureTimestamps.of(signerInfo);
            require(embedded != null && Arrays.equals(EvidencePackageWriter.embeddedToken(cms, document),
                            file(value("timestamp"), "timestamp")),
                    "timestamp", value("timestamp") + " is not the timestamp token inside " + CMS);
            pass("timestamp", "RFC 3161 token over the signature value, time " + signedAt);
            return signedAt;
        }

        /**
         * Raw SM2 signature over the document (standard signer ID); its timestamp token, if any, has SM3 of the
         * signature bytes as imprint and gives the signing time, else the hub's {@code signed_at} does; the signer's
         * chain is valid and not revoked (package CRL) at that time.
         */
        Instant rawSignature(EvidencePackage.SignatureFormat format, byte[] document, X509CertificateHolder signer,
                             X509CertificateHolder issuing, X509CertificateHolder trusted, X509CRLHolder crl) {
            byte[] signature = file(RAW_SIGNATURE, "signature");
            boolean verified;
            try {
                verified = Sm2.verify(Sm2.fromSubjectPublicKeyInfo(signer.getSubjectPublicKeyInfo()), SignerId.DEFAULT,
                        document, signature, format == EvidencePackage.SignatureFormat.SM2_RS
                                ? Sm2SignatureEncoding.PLAIN : Sm2SignatureEncoding.DER);
            } catch (RuntimeException e) {
                verified = false;
            }
            require(verified, "signature", "the SM2 signature in " + RAW_SIGNATURE + " does not verify over the "
                    + "document under " + SIGNER);
            Instant signedAt;
            String tokenFile = value("timestamp");
            if (!"none".equals(tokenFile)) {
                VerificationReport token;
                try {
                    token = new TimestampVerifier(List.of(trusted), RevocationData.ofCrls(List.of(crl)), clock)
                            .verifyTokenOverImprint(new TimeStampToken(new CMSSignedData(file(tokenFile, "timestamp"))),
                                    Sm3.digest(signature));
                } catch (Exception e) {
                    require(false, "timestamp", tokenFile + " is not a timestamp token");
                    return null;
                }
                require(token.valid() && token.timestampTime() != null, "timestamp",
                        tokenFile + ": " + token.firstProblem());
                signedAt = token.timestampTime();
                pass("timestamp", "RFC 3161 token over SM3 of the signature, time " + signedAt);
            } else {
                signedAt = Instant.parse(value("signed_at"));
                pass("timestamp", "no signature timestamp (not requested): signing time " + signedAt
                        + " from the hub's record, bounded by the audit anchor");
            }
            VerificationReport path = new CertificatePathValidator(List.of(trusted),
                    RevocationData.ofCrls(List.of(crl)), true, clock).validate(signer, List.of(issuing), signedAt,
                    KeyPurpose.SIGNING);
            require(path.valid(), "signature", "the signer's certificate path at " + signedAt + ": "
                    + path.firstProblem());
            pass("signature", "raw SM2 signature (" + format.label() + ") by " + CertificateInfo.of(signer).subject()
                    + " over the document, chain valid and not revoked at " + signedAt);
            return signedAt;
        }

        void audit(String signatureId, String contentSm3, Instant signedAt, X509CertificateHolder trusted) {
            String node = value("audit_node");
            long firstSeq = Long.parseLong(value("audit_first_seq"));
            String[] lines = new String(file(CHAIN, "audit"), StandardCharsets.US_ASCII).split("\n");
            String previous = null;
            long previousSeq = -1;
            for (String line : lines) {
                String[] parts = line.split(" ");
                require(parts.length == 2, "audit", CHAIN + ": malformed line '" + line + "'");
                long seq = Long.parseLong(parts[0]);
                String hash = parts[1];
                String name = EvidencePackageFiles.event(seq);
                byte[] text = file(name, "audit");
                String where = "audit event " + node + "/" + seq;
                require(HEX.formatHex(Sm3.digest(text)).equals(hash), "audit",
                        where + ": its text does not give its hash (changed)");
                String[] fields = new String(text, StandardCharsets.UTF_8).split("\\|", 10);
                require(fields.length == 10 && fields[1].equals(node) && fields[2].equals(Long.toString(seq)),
                        "audit", name + " is not the event " + node + "/" + seq);
                if (previous == null) {
                    require(seq == firstSeq, "audit", "the audit chain does not start at the signature's event " + firstSeq);
                    require(fields[6].equals("SIGN") && fields[7].equals(signatureId), "audit",
                            name + " is not the SIGN event of " + signatureId);
                    require(fields[9].contains("sm3 " + contentSm3), "audit", name + " does not record the content SM3");
                } else {
                    require(seq == previousSeq + 1, "audit", where + " follows " + previousSeq + " (missing)");
                    require(fields[0].equals(previous), "audit", where + " does not link to " + previousSeq);
                }
                previous = hash;
                previousSeq = seq;
            }
            AuditAnchor anchor = new AuditAnchor(Long.parseLong(value("audit_anchor_id")), node, signedAt,
                    new String(file(ANCHOR_HEADS, "anchor"), StandardCharsets.UTF_8), file(ANCHOR_TOKEN, "anchor"));
            List<AuditAnchor.Head> heads;
            try {
                heads = anchor.parsedHeads();
            } catch (MalformedInputException e) {
                require(false, "anchor", e.getMessage());
                return;
            }
            String head = previous;
            long headSeq = previousSeq;
            require(heads.contains(new AuditAnchor.Head(node, headSeq, head)), "anchor",
                    "the anchor does not cover " + node + "/" + headSeq + " with hash " + head);
            var problem = new AnchorTokenCheck(List.of(trusted), clock).problem(anchor);
            require(problem.isEmpty(), "anchor", problem.orElse(""));
            pass("audit", "events " + node + "/" + firstSeq + ".." + headSeq + ": hashes and links recomputed, head "
                    + "anchored (anchor " + anchor.id() + ")");
        }

        void evidenceRecord(X509CertificateHolder trusted) {
            String name = manifest.getOrDefault("evidence_record", "none");
            if ("none".equals(name)) {
                return;
            }
            String signature = manifest.getOrDefault("signature", CMS);
            var problem = EvidenceRecords.problem(file(name, "evidence-record"), file(signature, "signature"),
                    List.of(trusted), clock);
            require(problem.isEmpty(), "evidence-record", problem.orElse(""));
            pass("evidence-record", "RFC 4998 evidence record (SM3 hash tree, archive timestamp) covers " + signature);
        }

        void sums() {
            String[] lines = new String(file(SUMS, "sums"), StandardCharsets.US_ASCII).split("\n");
            int listed = 0;
            for (String line : lines) {
                int gap = line.indexOf("  ");
                require(gap == 64, "sums", SUMS + ": malformed line");
                String name = line.substring(66);
                byte[] bytes = file(name, "sums");
                require(HEX.formatHex(Sm3.digest(bytes)).equals(line.substring(0, 64)), "sums",
                        name + " differs from its SM3 in " + SUMS);
                listed++;
            }
            require(listed == files.size() - 1, "sums", "the package has files not listed in " + SUMS);
            pass("sums", listed + " files match " + SUMS);
        }
    }
}
