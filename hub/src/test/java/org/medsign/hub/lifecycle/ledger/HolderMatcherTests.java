package org.medsign.hub.lifecycle.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medsign.hub.lifecycle.internal.ParsedCertificate;

/** The match step of the ledger import: which roster entry holds an imported certificate, and how sure that is. */
class HolderMatcherTests {

    private static final String ID_CARD = "11010519491231002X";

    private static final List<StaffRepository.RosterEntry> ROSTER = List.of(
            new StaffRepository.RosterEntry("S1", "张伟", "心内科", null, "active", null, "index:" + ID_CARD),
            new StaffRepository.RosterEntry("S2", "王芳", "检验科", null, "active", null, null),
            new StaffRepository.RosterEntry("S3", "李娜", "放射科", null, "active", null, null),
            new StaffRepository.RosterEntry("S4", "李娜", "放射科", null, "left", null, null));

    private static ParsedCertificate certificate(String cn, String ou, String subjectSerialNumber, String idNumber) {
        return new ParsedCertificate("01", "CN=" + cn, "CN=CA", cn, ou, null, subjectSerialNumber, idNumber,
                Instant.EPOCH, Instant.EPOCH, true, new byte[0], "00");
    }

    static Stream<Arguments> certificates() {
        return Stream.of(
                Arguments.of("ok/serial-number-is-staff-id", certificate("别人", null, "S2", null), "S2", "SERIAL_NUMBER"),
                Arguments.of("ok/serial-number-before-identity-number", certificate("张伟", "心内科", "S2", ID_CARD),
                        "S2", "SERIAL_NUMBER"),
                Arguments.of("ok/identity-number", certificate("别人", null, "X9", ID_CARD), "S1", "IDENTITY_NUMBER"),
                Arguments.of("ok/identity-number-lower-x", certificate("别人", null, null, "11010519491231002x"), "S1",
                        "IDENTITY_NUMBER"),
                Arguments.of("weak/name-and-department", certificate("王芳", "检验科", null, null), "S2",
                        "NAME_DEPARTMENT"),
                Arguments.of("weak/unknown-identity-number-falls-back", certificate("王芳", "检验科", null,
                        "110105194912310039"), "S2", "NAME_DEPARTMENT"),
                Arguments.of("none/name-in-other-department", certificate("王芳", "急诊科", null, null), null, "NONE"),
                Arguments.of("none/two-staff-with-name-and-department", certificate("李娜", "放射科", null, null), null,
                        "NONE"),
                Arguments.of("none/nothing-to-go-by", certificate(null, null, null, null), null, "NONE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("certificates")
    void findsTheHolder(String name, ParsedCertificate certificate, String staffId, String kind) {
        Map<String, StaffRepository.RosterEntry> roster = new HashMap<>();
        ROSTER.forEach(entry -> roster.put(entry.staffId(), entry));
        HolderMatcher matcher = new HolderMatcher(roster, number -> "index:" + number);

        assertThat(matcher.holder(certificate)).as(name).isEqualTo(new HolderMatcher.Match(staffId, kind));
    }
}
