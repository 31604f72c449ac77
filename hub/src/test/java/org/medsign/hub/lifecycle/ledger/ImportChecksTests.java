package org.medsign.hub.lifecycle.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parse and validate step of the ledger import, row by row: which rows pass and the first problem of the others. */
class ImportChecksTests {

    private static final String ID_CARD = "11010519491231002X";
    private static final Map<String, Integer> SEEN = Map.of("S9", 4);

    static Stream<Arguments> staffRows() {
        return Stream.of(
                Arguments.of("ok/all-fields", List.of("S1", "张伟", ID_CARD, "心内科", "主治医师", "active", "138 0000 0000"),
                        null),
                Arguments.of("ok/chinese-status-and-lower-x", List.of("S1", "张伟", "11010519491231002x", "", "", "离职",
                        ""), null),
                Arguments.of("ok/no-identity-number", List.of("S1", "张伟", "", "", "", "on_leave", ""), null),
                Arguments.of("fail/staff-id-invalid", List.of("S 1", "张伟", "", "", "", "active", ""),
                        "STAFF_ID_INVALID:S 1"),
                Arguments.of("fail/staff-id-seen-before", List.of("S9", "张伟", "", "", "", "active", ""),
                        "STAFF_ID_DUPLICATE:S9,4"),
                Arguments.of("fail/name-empty", List.of("S1", "", "", "", "", "active", ""), "NAME_INVALID:"),
                Arguments.of("fail/name-too-long", List.of("S1", "名".repeat(101), "", "", "", "active", ""),
                        "NAME_INVALID:"),
                Arguments.of("fail/identity-number-check-character", List.of("S1", "张伟", "110105194912310021", "", "",
                        "active", ""), "ID_CARD_INVALID:"),
                Arguments.of("fail/status-unknown", List.of("S1", "张伟", "", "", "", "retired", ""),
                        "STATUS_INVALID:retired"),
                Arguments.of("fail/department-too-long", List.of("S1", "张伟", "", "科".repeat(101), "", "active", ""),
                        "FIELD_TOO_LONG:"),
                Arguments.of("fail/mobile-letters", List.of("S1", "张伟", "", "", "", "active", "call me"),
                        "MOBILE_INVALID:"),
                Arguments.of("fail/first-problem-wins", List.of("S9", "", "bad", "", "", "retired", "x"),
                        "STAFF_ID_DUPLICATE:S9,4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staffRows")
    void checksStaffRows(String name, List<String> fields, String expected) {
        assertThat(ImportChecks.staff(ImportChecks.StaffLine.of(fields), SEEN).map(ImportChecksTests::text))
                .as(name).isEqualTo(java.util.Optional.ofNullable(expected));
    }

    static Stream<Arguments> accountRows() {
        return Stream.of(
                Arguments.of("ok/new-account", "his", "zhang", "S1", null),
                Arguments.of("ok/same-account-other-system", "lis", "dup", "S1", null),
                Arguments.of("fail/system-invalid", "h i s", "zhang", "S1", "SYSTEM_INVALID:h i s"),
                Arguments.of("fail/account-empty", "his", "", "S1", "ACCOUNT_INVALID:"),
                Arguments.of("fail/account-too-long", "his", "a".repeat(65), "S1", "ACCOUNT_INVALID:"),
                Arguments.of("fail/staff-unknown", "his", "zhang", "S404", "STAFF_UNKNOWN:S404"),
                Arguments.of("fail/account-seen-before", "his", "dup", "S1", "ACCOUNT_DUPLICATE:his,dup,3"),
                Arguments.of("fail/unknown-staff-before-duplicate", "his", "dup", "S404", "STAFF_UNKNOWN:S404"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accountRows")
    void checksAccountRows(String name, String system, String account, String staffId, String expected) {
        Map<String, Integer> seen = Map.of(SystemAccountRepository.key("his", "dup"), 3);
        assertThat(ImportChecks.account(system, account, staffId, Set.of("S1"), seen).map(ImportChecksTests::text))
                .as(name).isEqualTo(java.util.Optional.ofNullable(expected));
    }

    static Stream<Arguments> usageRows() {
        return Stream.of(
                Arguments.of("ok/offset-time", "0a1b", "2026-05-01T08:00:00+08:00", "0A1B@2026-05-01T00:00:00Z"),
                Arguments.of("ok/local-time-in-hospital-zone", "0A1B", "2026-05-01T08:00", "0A1B@2026-05-01T00:00:00Z"),
                Arguments.of("ok/date-only", "0A1B", "2026-05-01", "0A1B@2026-04-30T16:00:00Z"),
                Arguments.of("ok/nanoseconds-cut-to-micros", "0A1B", "2026-05-01T00:00:00.123456789Z",
                        "0A1B@2026-05-01T00:00:00.123456Z"),
                Arguments.of("fail/serial-not-hex", "XYZ", "2026-05-01", "SERIAL_INVALID:XYZ"),
                Arguments.of("fail/serial-unknown", "0C", "2026-05-01", "SERIAL_UNKNOWN:0C"),
                Arguments.of("fail/time-unreadable", "0A1B", "yesterday", "TIME_INVALID:yesterday"),
                Arguments.of("fail/time-in-future", "0A1B", "2026-06-03", "TIME_IN_FUTURE:2026-06-03"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageRows")
    void readsUsageRows(String name, String serial, String time, String expected) {
        ImportChecks.UsageLine line = ImportChecks.usage(List.of(serial, time), Set.of("0A1B"),
                Instant.parse("2026-06-02T00:00:00Z"));
        String actual = line.problem() != null ? text(line.problem()) : line.serial() + "@" + line.time();
        assertThat(actual).as(name).isEqualTo(expected);
    }

    private static String text(ImportProblem problem) {
        return problem.code() + ":" + String.join(",", problem.args());
    }
}
