package org.medsign.hub;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner per table: every table the migrations create is named in SQL by exactly one class, its repository, in the
 * module that owns it; every other class calls that repository or listens to its events. The check reads the hub's
 * sources (string literals and text blocks that look like SQL) against the owner table below, which docs/architecture.md
 * repeats as "Tables and their owners".
 */
class TableOwnershipTests {

    /** Table → the one class (path under {@code org/medsign/hub/}) whose SQL may name it. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            // security
            entry("admin_user", "security/AdminUsers.java"),
            entry("admin_password_history", "security/AdminUsers.java"),
            entry("admin_account_request", "security/AdministratorAccounts.java"),
            // keys
            entry("hub_key", "keys/KeyVault.java"),
            entry("hub_setting", "keys/HubSettings.java"),
            // pki
            entry("ca_certificate", "pki/JdbcCertificateStore.java"),
            entry("ca_revocation", "pki/JdbcCertificateStore.java"),
            entry("ca_revocation_event", "pki/JdbcCertificateStore.java"),
            // lifecycle
            entry("staff", "lifecycle/ledger/StaffRepository.java"),
            entry("staff_certificate", "lifecycle/ledger/StaffCertificateRepository.java"),
            entry("system_account", "lifecycle/ledger/SystemAccountRepository.java"),
            entry("hospital_system", "lifecycle/ledger/HospitalSystemRepository.java"),
            entry("signing_policy", "lifecycle/ledger/SigningPolicyRepository.java"),
            entry("certificate_history", "lifecycle/ledger/CertificateHistory.java"),
            entry("certificate_event", "lifecycle/ledger/CertificateEvents.java"),
            entry("staff_pin", "lifecycle/operations/StaffPinRepository.java"),
            entry("approval_request", "lifecycle/operations/ApprovalRepository.java"),
            entry("expiry_warning", "lifecycle/expiry/ExpiryWarningRepository.java"),
            entry("renewal_campaign", "lifecycle/campaign/RenewalCampaignRepository.java"),
            entry("renewal_campaign_item", "lifecycle/campaign/RenewalCampaignRepository.java"),
            // signing
            entry("signing_request", "signing/SigningRequestRepository.java"),
            entry("signing_authorization", "signing/SigningAuthorizations.java"),
            entry("signing_task", "signing/SigningTaskRepository.java"),
            entry("signing_task_reminder", "signing/TaskReminderRepository.java"),
            // evidence
            entry("signature_record", "evidence/SignatureRecordRepository.java"),
            entry("audit_event", "evidence/AuditEventRepository.java"),
            entry("evidence_record", "evidence/SignatureRecordRepository.java"),
            entry("evidence_record_batch", "evidence/SignatureRecordRepository.java"),
            entry("revocation_snapshot", "evidence/RevocationSnapshots.java"),
            entry("signature_revocation", "evidence/RevocationSnapshots.java"),
            entry("signature_handwriting", "evidence/HandwritingImages.java"),
            // consent
            entry("patient_consent", "consent/ConsentRepository.java"),
            // integration
            entry("reply_context", "integration/ReplyContextRepository.java"),
            entry("inbound_rejection", "integration/InboundRejections.java"),
            entry("certificate_event_delivery", "integration/StatusSyncDeliveries.java"),
            // mobile
            entry("mobile_activation", "mobile/ActivationCodeRepository.java"),
            entry("mobile_session", "mobile/AppSessionRepository.java"),
            entry("login_challenge", "mobile/LoginChallengeRepository.java"),
            entry("web_ticket", "mobile/WebTicketRepository.java"),
            entry("collab_key", "mobile/DeviceKeyRepository.java"),
            entry("device_pepper", "mobile/DeviceKeyRepository.java"),
            // seal
            entry("seal", "seal/SealRepository.java"),
            entry("seal_scope", "seal/SealRepository.java"),
            entry("seal_maker", "seal/SealMaker.java"),
            entry("seal_usage", "seal/SealUsageRepository.java"),
            entry("permission_rule", "seal/PermissionRuleRepository.java"),
            entry("seal_history", "seal/SealHistoryRepository.java"),
            // ops
            entry("retention_run", "ops/Retention.java"),
            entry("ops_alert", "ops/alerts/AlertRepository.java"),
            entry("ops_incident", "ops/alerts/IncidentRepository.java"),
            entry("ops_inspection", "ops/inspection/InspectionRepository.java"),
            // jobs: ShedLock's JDBC provider writes it; no hub class names it
            entry("shedlock", "jobs/ClusterLocks.java"));

    private static final Path SOURCES = Path.of("src/main/java/org/medsign/hub");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
    private static final Pattern LITERAL = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Pattern SQL = Pattern.compile("(?i)\\b(select|insert\\s+into|update|delete\\s+from|merge\\s+into)\\b");

    @Test
    void everyTableHasOneOwner() {
        assertThat(OWNERS.keySet()).containsExactlyInAnyOrderElementsOf(tables(MIGRATIONS));
        OWNERS.values().stream().filter(owner -> !owner.startsWith("jobs/"))
                .forEach(owner -> assertThat(SOURCES.resolve(owner)).as("owner class").exists());
    }

    @Test
    void onlyTheOwnerNamesItsTableInSql() {
        assertThat(violations(SOURCES, OWNERS)).isEmpty();
    }

    @Test
    void aTableNamedOutsideItsOwnerIsReported(@TempDir Path sources) throws IOException {
        Files.createDirectories(sources.resolve("api"));
        Files.writeString(sources.resolve("api/StaffShortcut.java"),
                "class StaffShortcut { String sql = \"select name from staff where id = ?\"; }");

        assertThat(violations(sources, OWNERS)).containsExactly(
                "api/StaffShortcut.java names table staff in SQL; its owner is lifecycle/ledger/StaffRepository.java");
    }

    static List<String> violations(Path sources, Map<String, String> owners) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                String name = sources.relativize(file).toString().replace('\\', '/');
                for (String table : tablesNamedInSql(Files.readString(file), owners.keySet())) {
                    if (!owners.get(table).equals(name)) {
                        found.add(name + " names table " + table + " in SQL; its owner is " + owners.get(table));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static Set<String> tablesNamedInSql(String source, Set<String> tables) {
        Set<String> named = new TreeSet<>();
        Matcher literal = LITERAL.matcher(source);
        while (literal.find()) {
            String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
            if (!SQL.matcher(text).find() && !text.toLowerCase(Locale.ROOT).matches("(?s).*\\b(from|into|join)\\b.*")) {
                continue;
            }
            for (String table : tables) {
                if (Pattern.compile("(?i)\\b" + table + "\\b").matcher(text).find()) {
                    named.add(table);
                }
            }
        }
        return named;
    }

    private static Set<String> tables(Path migrations) {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path file : files.toList()) {
                Matcher create = CREATE_TABLE.matcher(Files.readString(file));
                while (create.find()) {
                    tables.add(create.group(1).toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }
}
