package org.medsign.hub.lifecycle.ledger;

import org.medsign.hub.lifecycle.KeyCustody;
import org.medsign.hub.lifecycle.RosterChanged;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.keys.KeyEncryptionKey;
import org.medsign.hub.lifecycle.ledger.LedgerImportReport.Counts;
import org.medsign.hub.lifecycle.internal.CsvRows;
import org.medsign.hub.lifecycle.internal.ParsedCertificate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports the roster, the system accounts, certificates from any issuer and their last use into the ledger, in that
 * order, in one transaction. Each row is validated on its own: a bad row is reported with file, line and reason and
 * the others go on. Rows are compared with what the ledger holds and only differences are written, so importing the
 * same files again changes nothing (the import itself is still audited). Rows and files absent from an import are
 * left as they are: an import adds and corrects, it never deletes.
 */
@Component
public class LedgerImport {

    /** The header of staff.csv (contract). */
    public static final List<String> STAFF_HEADER =
            List.of("staff_id", "name", "id_card_no", "department", "post", "employment_status", "mobile");
    /** The header of accounts.csv (contract). */
    public static final List<String> ACCOUNTS_HEADER = List.of("system", "account", "staff_id");
    /** The header of usage.csv (contract). */
    public static final List<String> USAGE_HEADER = List.of("serial", "last_used_at");
    /** Local time of offset-less usage times. */
    public static final ZoneId HOSPITAL_ZONE = ZoneId.of("Asia/Shanghai");

    static final String ID_CARD_CONTEXT = "staff.id_card";
    private static final Pattern STAFF_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern MOBILE = Pattern.compile("[0-9+ -]{3,32}");
    private static final Map<String, String> STATUSES = Map.of("active", "active", "on_leave", "on_leave",
            "left", "left", "在职", "active", "停职", "on_leave", "离职", "left");

    private final JdbcClient jdbc;
    private final KeyEncryptionKey kek;
    private final CertificateHistory history;
    private final AuditLog audit;
    private final org.springframework.context.ApplicationEventPublisher publisher;

    public LedgerImport(JdbcClient jdbc, KeyEncryptionKey kek, CertificateHistory history, AuditLog audit,
                        org.springframework.context.ApplicationEventPublisher publisher) {
        this.jdbc = jdbc;
        this.kek = kek;
        this.history = history;
        this.audit = audit;
        this.publisher = publisher;
    }

    /** Runs an import for {@code operator} (recorded in history and audit). */
    @Transactional
    public LedgerImportReport run(LedgerImportRequest request, String operator, String role) {
        Run run = new Run(operator);
        Counts staff = run.staff(request.staffCsv());
        Counts accounts = run.accounts(request.accountsCsv());
        Counts certificates = run.certificates(request.certificates(), request.keyCustody());
        run.refreshBindings();
        Counts usage = request.usageCsv() == null ? new Counts(0, 0, 0, 0) : run.usage(request.usageCsv());
        List<ImportRejection> rejections = new ArrayList<>(run.rejections);
        LedgerImportReport report = new LedgerImportReport(staff, accounts, certificates, usage, run.systemsCreated,
                run.weakMatches, run.unmatched, run.bindingsChanged, rejections);
        audit.append(AuditEvent.success(operator, role, "LEDGER_IMPORT", "ledger", String.format(Locale.ROOT,
                "staff %s; accounts %s; certificates %s; usage %s; systems +%d; weak %d; unmatched %d; bindings %d",
                summary(staff), summary(accounts), summary(certificates), summary(usage), run.systemsCreated,
                run.weakMatches, run.unmatched, run.bindingsChanged)));
        if (staff.created() + staff.updated() > 0) {
            publisher.publishEvent(new RosterChanged());
        }
        return report;
    }

    private static String summary(Counts counts) {
        return String.format(Locale.ROOT, "+%d ~%d =%d !%d", counts.created(), counts.updated(), counts.unchanged(),
                counts.rejected());
    }

    /** The roster as stored: what matching and comparison need (no clear identity numbers). */
    private record StaffRow(String staffId, String name, String department, String post, String status, String mobile,
                            String idIndex) {
    }

    /** A ledger certificate as stored. */
    private record LedgerRow(String serial, String staffId, String holderMatch, String boundSystems, String derSm3,
                             String origin, String status) {
    }

    /** One import's working state. */
    private final class Run {
        private final String operator;
        private final List<ImportRejection> rejections = new ArrayList<>();
        private int systemsCreated;
        private int weakMatches;
        private int unmatched;
        private int bindingsChanged;
        private final Set<String> importedSerials = new TreeSet<>();

        Run(String operator) {
            this.operator = operator;
        }

        private void reject(String file, Integer line, String code, String... args) {
            rejections.add(new ImportRejection(file, line, code, List.of(args)));
        }

        private List<CsvRows.Row> rowsWithHeader(String file, String text, List<String> header) {
            List<CsvRows.Row> rows = CsvRows.parse(text == null ? "" : text);
            if (rows.isEmpty() || !rows.get(0).fields().stream().map(f -> f.toLowerCase(Locale.ROOT)).toList()
                    .equals(header)) {
                reject(file, 1, "HEADER", String.join(",", header));
                return null;
            }
            return rows.subList(1, rows.size());
        }

        private boolean checkColumns(String file, CsvRows.Row row, int expected) {
            if (row.fields().size() != expected) {
                reject(file, row.line(), "COLUMNS", Integer.toString(expected), Integer.toString(row.fields().size()));
                return false;
            }
            return true;
        }

        Counts staff(String text) {
            String file = "staff.csv";
            List<CsvRows.Row> rows = rowsWithHeader(file, text, STAFF_HEADER);
            if (rows == null) {
                return new Counts(0, 0, 0, 1);
            }
            Map<String, StaffRow> existing = loadStaff();
            Map<String, String> staffByIdIndex = new HashMap<>();
            existing.values().stream().filter(s -> s.idIndex() != null)
                    .forEach(s -> staffByIdIndex.put(s.idIndex(), s.staffId()));
            Map<String, Integer> seen = new HashMap<>();
            int created = 0;
            int updated = 0;
            int unchanged = 0;
            int rejected = 0;
            for (CsvRows.Row row : rows) {
                if (!checkColumns(file, row, STAFF_HEADER.size())) {
                    rejected++;
                    continue;
                }
                List<String> f = row.fields();
                String staffId = f.get(0);
                String name = f.get(1);
                String idCard = IdentityNumber.normalise(f.get(2));
                String department = emptyToNull(f.get(3));
                String post = emptyToNull(f.get(4));
                String status = STATUSES.get(f.get(5).toLowerCase(Locale.ROOT));
                String mobile = emptyToNull(f.get(6));
                String problem = null;
                String[] args = {};
                if (!STAFF_ID.matcher(staffId).matches()) {
                    problem = "STAFF_ID_INVALID";
                    args = new String[] {staffId};
                } else if (seen.containsKey(staffId)) {
                    problem = "STAFF_ID_DUPLICATE";
                    args = new String[] {staffId, Integer.toString(seen.get(staffId))};
                } else if (name.isEmpty() || name.length() > 100) {
                    problem = "NAME_INVALID";
                } else if (!idCard.isEmpty() && !IdentityNumber.isValid(idCard)) {
                    problem = "ID_CARD_INVALID";
                } else if (status == null) {
                    problem = "STATUS_INVALID";
                    args = new String[] {f.get(5)};
                } else if (department != null && department.length() > 100 || post != null && post.length() > 100) {
                    problem = "FIELD_TOO_LONG";
                } else if (mobile != null && !MOBILE.matcher(mobile).matches()) {
                    problem = "MOBILE_INVALID";
                }
                String idIndex = idCard.isEmpty() ? null : kek.fingerprint(idCard, ID_CARD_CONTEXT);
                if (problem == null && idIndex != null) {
                    String other = staffByIdIndex.get(idIndex);
                    if (other != null && !other.equals(staffId)) {
                        problem = "ID_CARD_DUPLICATE";
                        args = new String[] {other};
                    }
                }
                if (problem != null) {
                    reject(file, row.line(), problem, args);
                    rejected++;
                    continue;
                }
                seen.put(staffId, row.line());
                if (idIndex != null) {
                    staffByIdIndex.put(idIndex, staffId);
                }
                StaffRow wanted = new StaffRow(staffId, name, department, post, status, mobile, idIndex);
                StaffRow current = existing.get(staffId);
                Timestamp now = Timestamp.from(Instant.now());
                if (current == null) {
                    jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, id_card_enc, "
                                    + "id_card_masked, id_card_index, mobile, created_at, updated_at) "
                                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                            .params(staffId, name, department, post, status, sealed(staffId, idCard),
                                    IdentityNumber.mask(emptyToNull(idCard)), idIndex, mobile, now, now)
                            .update();
                    created++;
                } else if (!current.equals(wanted)) {
                    jdbc.sql("UPDATE staff SET name = ?, department = ?, post = ?, employment_status = ?, mobile = ?, "
                                    + "updated_at = ? WHERE staff_id = ?")
                            .params(name, department, post, status, mobile, now, staffId).update();
                    if (!Objects.equals(current.idIndex(), idIndex)) {
                        jdbc.sql("UPDATE staff SET id_card_enc = ?, id_card_masked = ?, id_card_index = ? "
                                        + "WHERE staff_id = ?")
                                .params(sealed(staffId, idCard), IdentityNumber.mask(emptyToNull(idCard)), idIndex,
                                        staffId)
                                .update();
                        if (current.idIndex() != null) {
                            staffByIdIndex.remove(current.idIndex());
                        }
                    }
                    updated++;
                } else {
                    unchanged++;
                }
            }
            return new Counts(created, updated, unchanged, rejected);
        }

        private byte[] sealed(String staffId, String idCard) {
            return idCard.isEmpty() ? null
                    : kek.seal(idCard.getBytes(StandardCharsets.US_ASCII), ID_CARD_CONTEXT + "/" + staffId);
        }

        Counts accounts(String text) {
            String file = "accounts.csv";
            List<CsvRows.Row> rows = rowsWithHeader(file, text, ACCOUNTS_HEADER);
            if (rows == null) {
                return new Counts(0, 0, 0, 1);
            }
            Set<String> staffIds = new java.util.HashSet<>(jdbc.sql("SELECT staff_id FROM staff").query(String.class)
                    .list());
            Set<String> systems = new java.util.HashSet<>(jdbc.sql("SELECT system_id FROM hospital_system")
                    .query(String.class).list());
            Map<String, String> mapped = new HashMap<>();
            jdbc.sql("SELECT system_id, account, staff_id FROM system_account")
                    .query((rs, n) -> mapped.put(rs.getString(1) + "\u0000" + rs.getString(2), rs.getString(3)))
                    .list();
            Map<String, Integer> seen = new HashMap<>();
            int created = 0;
            int updated = 0;
            int unchanged = 0;
            int rejected = 0;
            for (CsvRows.Row row : rows) {
                if (!checkColumns(file, row, ACCOUNTS_HEADER.size())) {
                    rejected++;
                    continue;
                }
                String system = row.fields().get(0);
                String account = row.fields().get(1);
                String staffId = row.fields().get(2);
                String key = system + "\u0000" + account;
                String problem = null;
                String[] args = {};
                if (!CODE.matcher(system).matches()) {
                    problem = "SYSTEM_INVALID";
                    args = new String[] {system};
                } else if (account.isEmpty() || account.length() > 64) {
                    problem = "ACCOUNT_INVALID";
                } else if (!staffIds.contains(staffId)) {
                    problem = "STAFF_UNKNOWN";
                    args = new String[] {staffId};
                } else if (seen.containsKey(key)) {
                    problem = "ACCOUNT_DUPLICATE";
                    args = new String[] {system, account, Integer.toString(seen.get(key))};
                }
                if (problem != null) {
                    reject(file, row.line(), problem, args);
                    rejected++;
                    continue;
                }
                seen.put(key, row.line());
                if (!systems.contains(system)) {
                    jdbc.sql("INSERT INTO hospital_system (system_id, name, api_key_hash, enabled, created_at) "
                            + "VALUES (?, ?, NULL, TRUE, ?)").params(system, system, Timestamp.from(Instant.now()))
                            .update();
                    systems.add(system);
                    systemsCreated++;
                }
                String current = mapped.get(key);
                if (current == null) {
                    jdbc.sql("INSERT INTO system_account (system_id, account, staff_id) VALUES (?, ?, ?)")
                            .params(system, account, staffId).update();
                    created++;
                } else if (!current.equals(staffId)) {
                    jdbc.sql("UPDATE system_account SET staff_id = ? WHERE system_id = ? AND account = ?")
                            .params(staffId, system, account).update();
                    updated++;
                } else {
                    unchanged++;
                }
                mapped.put(key, staffId);
            }
            return new Counts(created, updated, unchanged, rejected);
        }

        Counts certificates(List<LedgerImportRequest.CertificateFile> files, KeyCustody custody) {
            Map<String, StaffRow> staff = loadStaff();
            Map<String, List<StaffRow>> byIdIndex = new HashMap<>();
            Map<String, List<StaffRow>> byNameDepartment = new HashMap<>();
            for (StaffRow row : staff.values()) {
                if (row.idIndex() != null) {
                    byIdIndex.computeIfAbsent(row.idIndex(), k -> new ArrayList<>()).add(row);
                }
                byNameDepartment.computeIfAbsent(row.name() + "\u0000" + row.department(), k -> new ArrayList<>())
                        .add(row);
            }
            Map<String, String> bindings = loadBindings();
            Map<String, LedgerRow> ledger = loadLedger();
            Map<String, String> fileBySerial = new HashMap<>();
            int created = 0;
            int updated = 0;
            int unchanged = 0;
            int rejected = 0;
            List<LedgerImportRequest.CertificateFile> sorted = new ArrayList<>(files);
            sorted.sort(Comparator.comparing(LedgerImportRequest.CertificateFile::name));
            for (LedgerImportRequest.CertificateFile file : sorted) {
                ParsedCertificate certificate;
                try {
                    certificate = ParsedCertificate.read(file.content());
                } catch (ParsedCertificate.UnreadableException e) {
                    if (e.count() == 0) {
                        reject(file.name(), null, "CERTIFICATE_UNREADABLE");
                    } else {
                        reject(file.name(), null, "CERTIFICATE_MULTIPLE", Integer.toString(e.count()));
                    }
                    rejected++;
                    continue;
                }
                if (fileBySerial.containsKey(certificate.serial())) {
                    reject(file.name(), null, "CERTIFICATE_DUPLICATE", fileBySerial.get(certificate.serial()));
                    rejected++;
                    continue;
                }
                LedgerRow current = ledger.get(certificate.serial());
                if (current != null && !certificate.derSm3().equals(current.derSm3())) {
                    reject(file.name(), null, "SERIAL_CONFLICT", certificate.serial());
                    rejected++;
                    continue;
                }
                fileBySerial.put(certificate.serial(), file.name());
                importedSerials.add(certificate.serial());
                if (current != null && "HUB".equals(current.origin())) {
                    // issued here: the hub knows its holder; the import has nothing to add
                    unchanged++;
                    continue;
                }
                String[] holder = holder(certificate, staff, byIdIndex, byNameDepartment);
                String staffId = holder[0];
                String match = holder[1];
                String bound = staffId == null ? null : bindings.get(staffId);
                if ("NAME_DEPARTMENT".equals(match)) {
                    weakMatches++;
                } else if ("NONE".equals(match)) {
                    unmatched++;
                }
                if (current == null) {
                    insert(certificate, staffId, match, bound, custody);
                    history.record(certificate.serial(), operator, "IMPORTED", "ledger import: " + file.name(), null,
                            state("ACTIVE", staffId, match, bound));
                    created++;
                } else if (!Objects.equals(current.staffId(), staffId) || !Objects.equals(current.holderMatch(), match)
                        || !Objects.equals(current.boundSystems(), bound)) {
                    jdbc.sql("UPDATE staff_certificate SET staff_id = ?, holder_match = ?, bound_systems = ?, "
                                    + "updated_at = ? WHERE serial = ?")
                            .params(staffId, match, bound, Timestamp.from(Instant.now()), certificate.serial()).update();
                    history.record(certificate.serial(), operator, "LEDGER_UPDATED", "ledger import: " + file.name(),
                            state(current.status(), current.staffId(), current.holderMatch(), current.boundSystems()),
                            state(current.status(), staffId, match, bound));
                    updated++;
                } else {
                    unchanged++;
                }
            }
            return new Counts(created, updated, unchanged, rejected);
        }

        /** Certificates not in this import whose holder's systems changed with accounts.csv. */
        void refreshBindings() {
            Map<String, String> bindings = loadBindings();
            for (LedgerRow row : loadLedger().values()) {
                if (row.staffId() == null || importedSerials.contains(row.serial())) {
                    continue;
                }
                String bound = bindings.get(row.staffId());
                if (!Objects.equals(bound, row.boundSystems())) {
                    jdbc.sql("UPDATE staff_certificate SET bound_systems = ?, updated_at = ? WHERE serial = ?")
                            .params(bound, Timestamp.from(Instant.now()), row.serial()).update();
                    history.record(row.serial(), operator, "BINDINGS_CHANGED", "ledger import: accounts.csv",
                            state(row.status(), row.staffId(), row.holderMatch(), row.boundSystems()),
                            state(row.status(), row.staffId(), row.holderMatch(), bound));
                    bindingsChanged++;
                }
            }
        }

        Counts usage(String text) {
            String file = "usage.csv";
            List<CsvRows.Row> rows = rowsWithHeader(file, text, USAGE_HEADER);
            if (rows == null) {
                return new Counts(0, 0, 0, 1);
            }
            Map<String, Instant> lastUse = new HashMap<>();
            Set<String> serials = new java.util.HashSet<>();
            jdbc.sql("SELECT serial, last_used_at FROM staff_certificate").query((rs, n) -> {
                serials.add(rs.getString(1));
                if (rs.getTimestamp(2) != null) {
                    lastUse.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
                return null;
            }).list();
            Instant latestAllowed = Instant.now().plusSeconds(86_400);
            int updated = 0;
            int unchanged = 0;
            int rejected = 0;
            for (CsvRows.Row row : rows) {
                if (!checkColumns(file, row, USAGE_HEADER.size())) {
                    rejected++;
                    continue;
                }
                String serial;
                try {
                    serial = SerialNumbers.hex(SerialNumbers.parseHex(row.fields().get(0)));
                } catch (MalformedInputException e) {
                    reject(file, row.line(), "SERIAL_INVALID", row.fields().get(0));
                    rejected++;
                    continue;
                }
                if (!serials.contains(serial)) {
                    reject(file, row.line(), "SERIAL_UNKNOWN", serial);
                    rejected++;
                    continue;
                }
                Instant time = parseTime(row.fields().get(1));
                if (time == null) {
                    reject(file, row.line(), "TIME_INVALID", row.fields().get(1));
                    rejected++;
                    continue;
                }
                if (time.isAfter(latestAllowed)) {
                    reject(file, row.line(), "TIME_IN_FUTURE", row.fields().get(1));
                    rejected++;
                    continue;
                }
                Instant current = lastUse.get(serial);
                if (current == null || time.isAfter(current)) {
                    jdbc.sql("UPDATE staff_certificate SET last_used_at = ? WHERE serial = ?")
                            .params(Timestamp.from(time), serial).update();
                    lastUse.put(serial, time);
                    updated++;
                } else {
                    unchanged++;
                }
            }
            return new Counts(0, updated, unchanged, rejected);
        }

        private void insert(ParsedCertificate c, String staffId, String match, String bound, KeyCustody custody) {
            Timestamp now = Timestamp.from(Instant.now());
            jdbc.sql("INSERT INTO staff_certificate (serial, staff_id, status, key_alias, subject, issuer, not_before, "
                            + "not_after, der, created_at, updated_at, key_custody, origin, subject_cn, subject_ou, "
                            + "subject_title, subject_serial_number, holder_match, signing, bound_systems, der_sm3) "
                            + "VALUES (?, ?, 'ACTIVE', NULL, ?, ?, ?, ?, ?, ?, ?, ?, 'IMPORT', ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(c.serial(), staffId, truncate(c.subject(), 1000), truncate(c.issuer(), 1000),
                            Timestamp.from(c.notBefore()), Timestamp.from(c.notAfter()), c.der(), now, now,
                            custody.name(), truncate(c.commonName(), 200), truncate(c.unit(), 200),
                            truncate(c.title(), 200), truncate(c.subjectSerialNumber(), 64), match, c.signing(), bound,
                            c.derSm3())
                    .update();
        }
    }

    /** {staff id or null, match kind}: serialNumber, then GM/T 0015 identity number, then CN + OU (weak). */
    private String[] holder(ParsedCertificate certificate, Map<String, StaffRow> staff,
                            Map<String, List<StaffRow>> byIdIndex, Map<String, List<StaffRow>> byNameDepartment) {
        if (certificate.subjectSerialNumber() != null && staff.containsKey(certificate.subjectSerialNumber())) {
            return new String[] {certificate.subjectSerialNumber(), "SERIAL_NUMBER"};
        }
        if (certificate.identityNumber() != null) {
            String index = kek.fingerprint(IdentityNumber.normalise(certificate.identityNumber()), ID_CARD_CONTEXT);
            List<StaffRow> found = byIdIndex.getOrDefault(index, List.of());
            if (found.size() == 1) {
                return new String[] {found.get(0).staffId(), "IDENTITY_NUMBER"};
            }
        }
        if (certificate.commonName() != null) {
            List<StaffRow> found = byNameDepartment.getOrDefault(certificate.commonName() + "\u0000"
                    + certificate.unit(), List.of());
            if (found.size() == 1) {
                return new String[] {found.get(0).staffId(), "NAME_DEPARTMENT"};
            }
        }
        return new String[] {null, "NONE"};
    }

    /** The history's text form of a ledger state. */
    static String state(String status, String staffId, String match, String bound) {
        return "status=" + status + "; holder=" + (staffId == null ? "-" : staffId) + "; match=" + match
                + "; systems=" + (bound == null ? "-" : bound);
    }

    private Map<String, StaffRow> loadStaff() {
        Map<String, StaffRow> staff = new HashMap<>();
        jdbc.sql("SELECT staff_id, name, department, post, employment_status, mobile, id_card_index FROM staff")
                .query((rs, n) -> new StaffRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)))
                .list().forEach(row -> staff.put(row.staffId(), row));
        return staff;
    }

    /** staff id → its systems, sorted and comma-separated. */
    private Map<String, String> loadBindings() {
        Map<String, Set<String>> systems = new TreeMap<>();
        jdbc.sql("SELECT staff_id, system_id FROM system_account").query((rs, n) ->
                systems.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2))).list();
        Map<String, String> result = new HashMap<>();
        systems.forEach((staffId, ids) -> result.put(staffId, truncate(String.join(",", ids), 1000)));
        return result;
    }

    private Map<String, LedgerRow> loadLedger() {
        Map<String, LedgerRow> ledger = new HashMap<>();
        jdbc.sql("SELECT serial, staff_id, holder_match, bound_systems, der_sm3, origin, status, der "
                        + "FROM staff_certificate")
                .query((rs, n) -> new LedgerRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5) != null ? rs.getString(5)
                                : java.util.HexFormat.of().formatHex(org.medsign.crypto.sm.Sm3.digest(rs.getBytes(8))),
                        rs.getString(6), rs.getString(7)))
                .list().forEach(row -> ledger.put(row.serial(), row));
        return ledger;
    }

    /** ISO-8601 instant, offset date-time, local date-time or date (local ones in the hospital's zone), to µs. */
    static Instant parseTime(String text) {
        Instant time = parseIso(text.trim());
        // the databases keep microseconds: compare what they can store, or a re-import would look like a change
        return time == null ? null : time.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static Instant parseIso(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(value).atZone(HOSPITAL_ZONE).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDate.parse(value).atStartOfDay(HOSPITAL_ZONE).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
