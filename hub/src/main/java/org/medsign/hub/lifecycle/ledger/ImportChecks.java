package org.medsign.hub.lifecycle.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.ca.SerialNumbers;

/**
 * The parse and validate step of a ledger import: each row of staff.csv, accounts.csv and usage.csv read into its
 * typed form and checked on its own, in the order whose first failure names the rejection. No database: what the
 * checks compare with (rows seen before, known staff and serials) is handed in.
 */
final class ImportChecks {

    private static final Pattern STAFF_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern MOBILE = Pattern.compile("[0-9+ -]{3,32}");
    private static final Map<String, String> STATUSES = Map.of("active", "active", "on_leave", "on_leave",
            "left", "left", "在职", "active", "停职", "on_leave", "离职", "left");

    private ImportChecks() {
    }

    /** A staff.csv row: the identity number normalised (empty when absent), status mapped (null when unknown). */
    record StaffLine(String staffId, String name, String idCard, String department, String post, String status,
                     String rawStatus, String mobile) {

        static StaffLine of(List<String> f) {
            return new StaffLine(f.get(0), f.get(1), IdentityNumber.normalise(f.get(2)), emptyToNull(f.get(3)),
                    emptyToNull(f.get(4)), STATUSES.get(f.get(5).toLowerCase(Locale.ROOT)), f.get(5),
                    emptyToNull(f.get(6)));
        }
    }

    /** What is wrong with a staff row, given the staff ids accepted before (→ their line). */
    static Optional<ImportProblem> staff(StaffLine s, Map<String, Integer> seen) {
        if (!STAFF_ID.matcher(s.staffId()).matches()) {
            return Optional.of(ImportProblem.of("STAFF_ID_INVALID", s.staffId()));
        } else if (seen.containsKey(s.staffId())) {
            return Optional.of(ImportProblem.of("STAFF_ID_DUPLICATE", s.staffId(),
                    Integer.toString(seen.get(s.staffId()))));
        } else if (s.name().isEmpty() || s.name().length() > 100) {
            return Optional.of(ImportProblem.of("NAME_INVALID"));
        } else if (!s.idCard().isEmpty() && !IdentityNumber.isValid(s.idCard())) {
            return Optional.of(ImportProblem.of("ID_CARD_INVALID"));
        } else if (s.status() == null) {
            return Optional.of(ImportProblem.of("STATUS_INVALID", s.rawStatus()));
        } else if (s.department() != null && s.department().length() > 100
                || s.post() != null && s.post().length() > 100) {
            return Optional.of(ImportProblem.of("FIELD_TOO_LONG"));
        } else if (s.mobile() != null && !MOBILE.matcher(s.mobile()).matches()) {
            return Optional.of(ImportProblem.of("MOBILE_INVALID"));
        }
        return Optional.empty();
    }

    /** What is wrong with an accounts.csv row, given the roster's staff ids and the rows accepted before. */
    static Optional<ImportProblem> account(String system, String account, String staffId, Set<String> staffIds,
                                           Map<String, Integer> seen) {
        String key = SystemAccountRepository.key(system, account);
        if (!CODE.matcher(system).matches()) {
            return Optional.of(ImportProblem.of("SYSTEM_INVALID", system));
        } else if (account.isEmpty() || account.length() > 64) {
            return Optional.of(ImportProblem.of("ACCOUNT_INVALID"));
        } else if (!staffIds.contains(staffId)) {
            return Optional.of(ImportProblem.of("STAFF_UNKNOWN", staffId));
        } else if (seen.containsKey(key)) {
            return Optional.of(ImportProblem.of("ACCOUNT_DUPLICATE", system, account,
                    Integer.toString(seen.get(key))));
        }
        return Optional.empty();
    }

    /** A usage.csv row read: the serial (canonical hex) and time, or the problem. */
    record UsageLine(String serial, Instant time, ImportProblem problem) {
    }

    /** Reads a usage row: a serial the ledger knows and a time no later than {@code latestAllowed}. */
    static UsageLine usage(List<String> fields, Set<String> knownSerials, Instant latestAllowed) {
        String serial;
        try {
            serial = SerialNumbers.hex(SerialNumbers.parseHex(fields.get(0)));
        } catch (MalformedInputException e) {
            return new UsageLine(null, null, ImportProblem.of("SERIAL_INVALID", fields.get(0)));
        }
        if (!knownSerials.contains(serial)) {
            return new UsageLine(serial, null, ImportProblem.of("SERIAL_UNKNOWN", serial));
        }
        Instant time = parseTime(fields.get(1));
        if (time == null) {
            return new UsageLine(serial, null, ImportProblem.of("TIME_INVALID", fields.get(1)));
        }
        if (time.isAfter(latestAllowed)) {
            return new UsageLine(serial, time, ImportProblem.of("TIME_IN_FUTURE", fields.get(1)));
        }
        return new UsageLine(serial, time, null);
    }

    /** ISO-8601 instant, offset date-time, local date-time or date (local ones in the hospital's zone), to µs. */
    static Instant parseTime(String text) {
        Instant time = parseIso(text.trim());
        // the databases keep microseconds: compare what they can store, or a re-import would look like a change
        return time == null ? null : time.truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant parseIso(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(value).atZone(LedgerImport.HOSPITAL_ZONE).toInstant();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDate.parse(value).atStartOfDay(LedgerImport.HOSPITAL_ZONE).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
