package org.medsign.crypto.evidence;

import static org.medsign.crypto.evidence.EvidencePackageFiles.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.audit.AuditChainHash;
import org.medsign.crypto.audit.AuditRecord;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.cms.HandwritingAttribute;
import org.medsign.crypto.sm.Sm3;

/**
 * Writes an {@link EvidencePackage} as a ZIP: the primary files, {@code manifest.txt}, the audit events as their
 * canonical hashed text (one file each, byte-exact, so that {@code openssl dgst -sm3} recomputes their hashes),
 * {@code README.md}, {@code verify.sh} (OpenSSL and POSIX shell only) and {@code SM3SUMS}.
 */
public final class EvidencePackageWriter {

    private static final HexFormat HEX = HexFormat.of();

    private EvidencePackageWriter() {
    }

    /** The ZIP bytes. */
    public static byte[] zip(EvidencePackage evidence, Instant createdAt) {
        Map<String, byte[]> files = files(evidence, createdAt);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTime(createdAt.toEpochMilli());
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new CryptoOperationException("cannot write the evidence package", e);
        }
        return out.toByteArray();
    }

    /** The files of the package, in ZIP order. */
    public static Map<String, byte[]> files(EvidencePackage evidence, Instant createdAt) {
        List<AuditRecord> events = evidence.auditEvents();
        if (events.isEmpty() || evidence.anchor() == null) {
            throw new IllegalArgumentException("an evidence package needs the audit events up to an anchor");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MANIFEST, ascii(manifest(evidence, createdAt)));
        files.put(README, utf8(readme(evidence)));
        files.put(VERIFY_SH, verifyScript());
        if (evidence.document() != null) {
            files.put(DOCUMENT, evidence.document());
        }
        boolean raw = evidence.format() != EvidencePackage.SignatureFormat.CMS;
        files.put(raw ? RAW_SIGNATURE : CMS, evidence.cms());
        if (evidence.handwriting() != null) {
            files.put(HANDWRITING, evidence.handwriting());
        }
        files.put(SIGNER, ascii(Pem.certificatePem(evidence.signer())));
        files.put(ISSUING_CA, ascii(Pem.certificatePem(evidence.issuingCa())));
        files.put(ROOT, ascii(Pem.certificatePem(evidence.root())));
        // the token exactly as inside the CMS (the TSA's own encoding of the same token may differ in length forms
        // and certificate order; the signed bytes do not); a raw signature's token is kept beside it
        byte[] token = raw ? null : embeddedToken(evidence.cms(), evidence.document());
        if (token == null && evidence.timestampToken() != null) {
            token = der(evidence.timestampToken());
        }
        if (token != null) {
            files.put(TSA, ascii(Pem.certificatePem(tsaCertificate(token))));
            files.put(TOKEN, token);
        }
        files.put(CRL, evidence.crl());
        StringBuilder chain = new StringBuilder();
        for (AuditRecord event : events) {
            chain.append(event.seq()).append(' ').append(event.hash()).append('\n');
            files.put(event(event.seq()), utf8(AuditChainHash.canonical(event.prevHash(), event.node(), event.seq(),
                    event.time(), event.actor(), event.role(), event.action(), event.target(), event.outcome(),
                    event.detail())));
        }
        files.put(CHAIN, ascii(chain.toString()));
        files.put(ANCHOR_HEADS, utf8(evidence.anchor().heads()));
        files.put(ANCHOR_TOKEN, der(evidence.anchor().token()));
        files.put(ANCHOR_TSA, ascii(Pem.certificatePem(tsaCertificate(evidence.anchor().token()))));
        if (evidence.evidenceRecord() != null) {
            files.put(EVIDENCE_RECORD, evidence.evidenceRecord());
            // the TSA certificate of every archive timestamp, for verify.sh (the tokens carry them; OpenSSL cannot
            // cut them out of a token with shell tools)
            try {
                var chains = EvidenceRecords.chains(evidence.evidenceRecord());
                for (int c = 0; c < chains.length; c++) {
                    var stamps = chains[c].getArchiveTimestamps();
                    for (int i = 0; i < stamps.length; i++) {
                        files.put(archiveTsa(c + 1, i + 1), ascii(Pem.certificatePem(
                                tsaCertificate(stamps[i].getTimeStamp().getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER)))));
                    }
                }
            } catch (Exception e) {
                throw new CryptoOperationException("cannot read the evidence record's archive timestamps", e);
            }
        }
        StringBuilder sums = new StringBuilder();
        files.forEach((name, bytes) -> sums.append(HEX.formatHex(Sm3.digest(bytes))).append("  ").append(name)
                .append('\n'));
        files.put(SUMS, ascii(sums.toString()));
        return files;
    }

    private static String manifest(EvidencePackage e, Instant createdAt) {
        List<AuditRecord> events = e.auditEvents();
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("format", FORMAT);
        lines.put("created_at", createdAt.toString());
        lines.put("signature_id", e.signatureId());
        lines.put("system_id", e.systemId());
        lines.put("request_id", e.requestId());
        lines.put("document_id", e.documentId() == null ? "" : e.documentId());
        lines.put("signed_at", e.signedAt().toString());
        lines.put("content_sm3", e.contentSm3());
        lines.put("document", e.document() == null ? "none" : DOCUMENT);
        lines.put("signature", e.format() == EvidencePackage.SignatureFormat.CMS ? CMS : RAW_SIGNATURE);
        lines.put("signature_format", e.format().label());
        lines.put("timestamp", e.timestampToken() == null ? "none" : TOKEN);
        lines.put("revocation", e.revocationSource().label());
        lines.put("revocation_file", CRL);
        lines.put("audit_node", events.get(0).node());
        lines.put("audit_first_seq", Long.toString(events.get(0).seq()));
        lines.put("audit_last_seq", Long.toString(events.get(events.size() - 1).seq()));
        lines.put("audit_anchor_id", Long.toString(e.anchor().id()));
        lines.put("evidence_record", e.evidenceRecord() == null ? "none" : EVIDENCE_RECORD);
        lines.put("handwriting", e.handwriting() == null ? "none" : HANDWRITING);
        StringBuilder text = new StringBuilder();
        lines.forEach((key, value) -> {
            if (value == null || value.contains("\n") || value.contains("\r")) {
                throw new IllegalArgumentException("manifest value of " + key + " is missing or has a line break");
            }
            text.append(key).append('=').append(value).append('\n');
        });
        return text.toString();
    }

    private static String readme(EvidencePackage e) {
        String template = resource("README.template.md");
        if (e.format() != EvidencePackage.SignatureFormat.CMS) {
            boolean rs = e.format() == EvidencePackage.SignatureFormat.SM2_RS;
            template = template.replace("| `signature.p7s` | the CMS SignedData (DER) the hub returned: SM2 with SM3, "
                            + "signed attributes, signature timestamp |",
                    "| `signature.sig` | the raw SM2 signature the hub returned (" + (rs ? "r‖s, 64 bytes"
                            : "DER SEQUENCE of r and s") + "): SM3 with the standard signer ID over the document itself |")
                    .replace("## Checking by hand with OpenSSL 3", """
                            ## A raw SM2 signature

                            This signature is not CMS: steps 2 and 3 below become
                            `openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678 -pubin -inkey signer.pub -in document.bin -sigfile signature.sig`%s
                            (the document is needed: SM2 hashes it together with the signer's ID), and the signature
                            timestamp `timestamp/token.tst`, when the system asked for one, has SM3 of `signature.sig`
                            as its imprint. Without a timestamp the signing time is the hub's `signed_at`
                            (manifest.txt), and the audit anchor proves the signature was recorded by the anchor's time.

                            ## Checking by hand with OpenSSL 3""".formatted(rs ? " after re-encoding r‖s as a DER "
                            + "SEQUENCE of two INTEGERs (verify.sh does)" : ""));
        }
        if (e.handwriting() != null) {
            template = template.replace("signed attributes, signature timestamp |\n", "signed attributes, signature "
                    + "timestamp |\n| `handwriting.png` | the handwritten signature the signer drew; its SM3 is the signed "
                    + "attribute " + HandwritingAttribute.OID.getId() + " (HandwritingDigest) of `signature.p7s` |\n")
                    .replace("   equals the document's SM3.\n", "   equals the document's SM3. The first `OCTET STRING` after the OID "
                    + HandwritingAttribute.OID.getId() + " in the same attributes equals `openssl dgst -sm3 handwriting.png`.\n");
        }
        List<AuditRecord> events = e.auditEvents();
        return template.replace("${signatureId}", e.signatureId())
                .replace("${system}", e.systemId() + " / " + e.requestId())
                .replace("${document}", e.document() == null
                        ? "not included (the hub did not keep it); `content_sm3` in manifest.txt is its SM3"
                        : "`document.bin`, the signed bytes exactly as the system sent them")
                .replace("${contentSm3}", e.contentSm3())
                .replace("${revocation}", e.revocationSource() == EvidencePackage.RevocationSource.SIGNING_TIME
                        ? "the CRL that was current when the hub signed"
                        : "**the CRL current at export** — this signature predates the hub keeping revocation "
                                + "data at signing time, so the CRL proves only that the certificate is not revoked now")
                .replace("${audit}", events.get(0).node() + " seq " + events.get(0).seq() + " to "
                        + events.get(events.size() - 1).seq() + " (" + events.size() + " events), anchor "
                        + e.anchor().id())
                .replace("${firstSeq}", Long.toString(events.get(0).seq()));
    }

    static byte[] verifyScript() {
        return resource("verify.sh").getBytes(StandardCharsets.UTF_8);
    }

    private static String resource(String name) {
        try (InputStream in = EvidencePackageWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }

    @SuppressWarnings("unchecked")
    static X509CertificateHolder tsaCertificate(byte[] tokenDer) {
        try {
            TimeStampToken token = new TimeStampToken(new CMSSignedData(tokenDer));
            var matches = token.getCertificates().getMatches(token.getSID());
            if (matches.isEmpty()) {
                throw new IllegalArgumentException("the timestamp token does not carry its TSA certificate");
            }
            return (X509CertificateHolder) matches.iterator().next();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("not an RFC 3161 timestamp token", e);
        }
    }

    /** The DER bytes of the first signer's signature timestamp token as they appear inside the CMS, or null. */
    static byte[] embeddedToken(byte[] cms, byte[] content) {
        try {
            org.bouncycastle.cms.SignerInformation signer = org.medsign.crypto.cms.ParsedSignedData.parse(cms, content)
                    .signedData().getSignerInfos().getSigners().iterator().next();
            if (signer.getUnsignedAttributes() == null) {
                return null;
            }
            org.bouncycastle.asn1.cms.Attribute attribute = signer.getUnsignedAttributes()
                    .get(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
            return attribute == null || attribute.getAttrValues().size() == 0 ? null
                    : attribute.getAttrValues().getObjectAt(0).toASN1Primitive()
                            .getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode the signature timestamp", e);
        }
    }

    static byte[] der(byte[] encoded) {
        try {
            return org.bouncycastle.asn1.ASN1Primitive.fromByteArray(encoded).getEncoded(
                    org.bouncycastle.asn1.ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalArgumentException("not ASN.1", e);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
