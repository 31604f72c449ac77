package org.medsign.hub.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.evidence.AuditCsv;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.evidence.AuditSearch;
import org.medsign.hub.integration.RouteFiles;
import org.medsign.hub.pki.HubPki;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The compliance pack (合规材料包) for 等保, 密评 and audits: one signed ZIP of the sections
 * ({@link ComplianceSections}), the operations log from the audit chain, {@code SM3SUMS} (the SM3 of every other
 * file) and {@code SM3SUMS.p7s}, a detached CMS (SM2/SM3) by the {@link OperationsSigner} with its certificate chain
 * in {@code certs/}, checkable with OpenSSL alone ({@code verify.sh}). Text is scrubbed of every known secret before
 * it is summed. Every export is audited ({@value #EXPORTED}). See docs/operations.md "Compliance pack".
 */
@Component
public class CompliancePack {

    /** Audit action of an export. */
    public static final String EXPORTED = "COMPLIANCE_PACK_EXPORTED";
    /** The manifest's format line. */
    public static final String FORMAT = "medsign-compliance-pack-1";
    /** Most operations-log events in one pack (the newest). */
    static final int MAX_OPERATIONS_EVENTS = 20_000;

    /** The audit actions that make up the operations log: restarts, upgrades, route and configuration changes. */
    public static final List<String> OPERATIONS_ACTIONS = List.of(OperationsEvents.STARTED, OperationsEvents.STOPPED,
            OperationsEvents.MIGRATIONS_APPLIED, RouteFiles.LOADED_AT_START, "ROUTES_RELOAD", "ROUTE_FILE_LOADED",
            "ROUTE_FILE_REFUSED", "SYSTEM_REGISTERED", "SYSTEM_ACCOUNTS_MAPPED", "SIGNING_POLICY_CHANGED",
            "SIGNER_KIND_CHANGED", "PERMISSION_RULE_CREATED", "PERMISSION_RULE_CHANGED", "PERMISSION_RULE_DELETED",
            "ADMIN_CREATED", "ADMIN_DISABLED", "ADMIN_PASSWORD_CHANGED", "TLS_CLIENT_CERTIFICATE_ISSUED",
            "AUDIT_VERIFY", EXPORTED, Backups.AUDIT_ACTION, Retention.AUDIT_ACTION);

    private static final Logger log = LoggerFactory.getLogger(CompliancePack.class);
    private static final HexFormat HEX = HexFormat.of();

    private final ComplianceSections sections;
    private final OperationsSigner signer;
    private final OperationsEvents operations;
    private final AuditSearch auditSearch;
    private final AuditLog audit;
    private final HubPki pki;
    private final org.medsign.hub.ops.inspection.InspectionRepository inspections;
    private final Clock clock = Clock.systemUTC();

    public CompliancePack(ComplianceSections sections, OperationsSigner signer, OperationsEvents operations,
                          AuditSearch auditSearch, AuditLog audit, HubPki pki,
                          org.medsign.hub.ops.inspection.InspectionRepository inspections) {
        this.inspections = inspections;
        this.sections = sections;
        this.signer = signer;
        this.operations = operations;
        this.auditSearch = auditSearch;
        this.audit = audit;
        this.pki = pki;
    }

    /**
     * The pack as ZIP bytes, exported by {@code actor} in {@code role}; {@code attachments} are further text files
     * the edge adds (the certificate inventory CSV), scrubbed and summed like the rest.
     */
    public byte[] export(String actor, String role, Map<String, String> attachments) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        OperationsSigner.Signer current = signer.current();
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("README.md", resource("compliance-README.md").replace("${node}", audit.node())
                .replace("${version}", operations.version()).replace("${createdAt}", now.toString()));
        texts.put("01-algorithms-and-keys.md", sections.algorithmsAndKeys(current));
        texts.put("02-certificate-ledger.md", sections.certificateLedger(now));
        attachments.forEach(texts::put);
        texts.put("03-roles-and-accounts.md", sections.rolesAndAccounts());
        texts.put("04-audit-chain-verification.md", sections.auditVerification());
        ConfigurationSnapshot.Snapshot configuration = sections.configuration();
        texts.put("05-configuration.properties", "# medsign.* and spring.* as this hub runs them; " + configuration
                .redacted() + " values redacted (" + ConfigurationSnapshot.REDACTED + ")\n" + configuration.text());
        texts.put("06-security-settings.md", sections.securitySettings());
        inspections.latestHtml().ifPresentOrElse(html -> texts.put("07-inspection-report.html", html),
                () -> texts.put("07-inspection-report.md", sections.inspectionPlaceholder()));
        var events = auditSearch.latestOf(OPERATIONS_ACTIONS, MAX_OPERATIONS_EVENTS);
        texts.put("08-operations-log.csv", AuditCsv.of(events));

        List<String> secrets = sections.knownSecrets();
        Map<String, byte[]> files = new LinkedHashMap<>();
        texts.forEach((name, text) -> files.put(name, ConfigurationSnapshot.scrub(text, secrets)
                .getBytes(StandardCharsets.UTF_8)));
        files.put("verify.sh", resource("compliance-verify.sh").getBytes(StandardCharsets.UTF_8));
        files.put("certs/signer.pem", ascii(Pem.certificatePem(current.certificate())));
        files.put("certs/issuing-ca.pem", ascii(Pem.certificatePem(pki.issuing())));
        files.put("certs/root-ca.pem", ascii(Pem.certificatePem(pki.root())));
        files.put("manifest.txt", ascii("format=" + FORMAT + "\ncreated_at=" + now + "\nnode=" + audit.node()
                + "\nhub_version=" + operations.version() + "\nexported_by=" + actor + "\nsigner_serial="
                + current.certificate().getSerialNumber().toString(16) + "\noperations_events=" + events.size()
                + "\nfiles=" + (files.size() + 1) + "\n"));
        StringBuilder sums = new StringBuilder();
        files.forEach((name, bytes) -> sums.append(HEX.formatHex(Sm3.digest(bytes))).append("  ").append(name)
                .append('\n'));
        byte[] sumsBytes = ascii(sums.toString());
        byte[] signature = signer.signDetached(sumsBytes);
        files.put("SM3SUMS", sumsBytes);
        files.put("SM3SUMS.p7s", signature);
        byte[] zip = zip(files, now);

        String sumsSm3 = HEX.formatHex(Sm3.digest(sumsBytes));
        audit.append(AuditEvent.success(actor, role, EXPORTED, audit.node(), "files=" + files.size()
                + " operationsEvents=" + events.size() + " sm3sums=" + sumsSm3 + " signer="
                + current.certificate().getSerialNumber().toString(16)));
        log.info("Compliance pack exported by {}: {} files, {} operations events, SM3SUMS {}", actor, files.size(),
                events.size(), sumsSm3);
        return zip;
    }

    private static byte[] zip(Map<String, byte[]> files, Instant time) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTime(time.toEpochMilli());
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the compliance pack", e);
        }
        return out.toByteArray();
    }

    private static String resource(String name) {
        try (InputStream in = CompliancePack.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name, e);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
