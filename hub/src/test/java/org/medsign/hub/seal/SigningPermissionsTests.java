package org.medsign.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.medsign.hub.lifecycle.ledger.StaffRepository;

/**
 * The matching semantics of the permission matrix, table-driven over the defaults of V31 (the same rules; the
 * integration test checks that the hub lists exactly these): a rule restricts the documents and action it names, the
 * system and who are what it permits, a document no rule names stays allowed (unless deny by default), and the roster
 * is read only for a request some rule names.
 */
class SigningPermissionsTests {

    /** The defaults of V31 (the integration test checks that the hub lists exactly these). */
    static final List<PermissionRule> DEFAULTS = DefaultPermissionRules.ALL;

    /** Staff as the roster knows them: the demo posts, and a laboratory. */
    static final Map<String, StaffRepository.Holder> ROSTER = Map.of(
            "D0001", holder("D0001", "演示科室", "主任医师"),
            "D0002", holder("D0002", "演示科室", "副主任医师"),
            "D0003", holder("D0003", "演示科室", "主治医师"),
            "D0004", holder("D0004", "演示科室", "住院医师"),
            "D0005", holder("D0005", "演示科室", "主管护师"),
            "L0001", holder("L0001", "检验科", "主管技师"),
            "L0002", holder("L0002", "检验科", "住院医师"),
            "L0003", holder("L0003", "检验科", "主管护师"),
            "X0001", holder("X0001", "演示科室", null));

    static final PermissionAction LAB_SEAL = new PermissionAction(PermissionAction.Kind.SPECIAL, "检验检查专用章");
    static final PermissionAction HOSPITAL_SEAL = new PermissionAction(PermissionAction.Kind.HOSPITAL, null);

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, system, scenario, document type, staff, action, allowed
                Arguments.of("ok/no-rule-names-a-scenario-of-that-name", "demo", "出院小结", null, "D0004",
                        PermissionAction.SIGN, true),
                Arguments.of("ok/no-rule-names-the-document", "his", null, "DS", "D0005", PermissionAction.SIGN, true),
                Arguments.of("ok/attending-signs-discharge-summary", "his", null, "出院小结", "D0003",
                        PermissionAction.SIGN, true),
                Arguments.of("ok/chief-signs-discharge-summary", "demo", "discharge", "出院小结", "D0001",
                        PermissionAction.SIGN, true),
                Arguments.of("fail/resident-signs-discharge-summary", "his", null, "出院小结", "D0004",
                        PermissionAction.SIGN, false),
                Arguments.of("fail/nurse-signs-discharge-summary", "his", null, "出院小结", "D0005",
                        PermissionAction.SIGN, false),
                Arguments.of("fail/no-post-signs-discharge-summary", "his", null, "出院小结", "X0001",
                        PermissionAction.SIGN, false),
                Arguments.of("fail/unknown-staff-signs-discharge-summary", "his", null, "出院小结", "NOBODY",
                        PermissionAction.SIGN, false),
                Arguments.of("ok/resident-signs-progress-note", "his", null, "病程记录", "D0004",
                        PermissionAction.SIGN, true),
                Arguments.of("ok/vice-chief-signs-progress-note", "his", null, "病程记录", "D0002",
                        PermissionAction.SIGN, true),
                Arguments.of("fail/nurse-signs-progress-note", "his", null, "病程记录", "D0005",
                        PermissionAction.SIGN, false),
                Arguments.of("ok/lab-technician-applies-lab-seal", "lis", null, "BLOOD", "L0001", LAB_SEAL, true),
                Arguments.of("ok/lab-physician-applies-lab-seal", "lis", null, null, "L0002", LAB_SEAL, true),
                Arguments.of("fail/lab-nurse-applies-lab-seal", "lis", null, null, "L0003", LAB_SEAL, false),
                Arguments.of("fail/chief-of-another-department-applies-lab-seal", "lis", null, null, "D0001",
                        LAB_SEAL, false),
                Arguments.of("ok/another-special-type-is-named-by-no-rule",
                        "lis", null, null, "D0001", new PermissionAction(PermissionAction.Kind.SPECIAL, "病历专用章"),
                        true),
                Arguments.of("ok/hospital-seal-through-his", "his", null, "出院小结", "D0005", HOSPITAL_SEAL, true),
                Arguments.of("ok/hospital-seal-through-physical-exam", "physical-exam", null, null, "D0003",
                        HOSPITAL_SEAL, true),
                Arguments.of("fail/hospital-seal-through-lis", "lis", null, null, "D0001", HOSPITAL_SEAL, false),
                Arguments.of("ok/department-seal-is-named-by-no-rule", "lis", null, null, "D0005",
                        new PermissionAction(PermissionAction.Kind.DEPARTMENT, null), true),
                Arguments.of("ok/document-type-is-trimmed", "his", null, " 出院小结 ", "D0003", PermissionAction.SIGN,
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesAsTheDefaultsSay(String name, String system, String scenario, String documentType, String staffId,
                                 PermissionAction action, boolean allowed) {
        SigningPermissions.Decision decision = SigningPermissions.decide(DEFAULTS, false, system, scenario,
                documentType, staffId, action, id -> Optional.ofNullable(ROSTER.get(id)));
        assertThat(decision.allowed()).as(name + ": " + decision.reason()).isEqualTo(allowed);
        if (!allowed) {
            assertThat(decision.reason()).startsWith(staffId + " (post ").contains(" through " + system)
                    .contains("the permission rules allow: #");
        }
    }

    @Test
    void theRosterIsReadOnlyForARequestSomeRuleNames() {
        AtomicInteger reads = new AtomicInteger();
        SigningPermissions.decide(DEFAULTS, false, "his", "病程记录", "DS", "D0004", PermissionAction.SIGN, id -> {
            reads.incrementAndGet();
            return Optional.ofNullable(ROSTER.get(id));
        });
        assertThat(reads).hasValue(0);
        SigningPermissions.decide(DEFAULTS, false, "his", null, "病程记录", "D0004", PermissionAction.SIGN, id -> {
            reads.incrementAndGet();
            return Optional.ofNullable(ROSTER.get(id));
        });
        assertThat(reads).hasValue(1);
    }

    @Test
    void denyByDefaultRefusesWhatNoRuleNamesButNotWhatARulePermits() {
        SigningPermissions.Decision unnamed = SigningPermissions.decide(DEFAULTS, true, "his", null, "DS", "D0001",
                PermissionAction.SIGN, id -> Optional.ofNullable(ROSTER.get(id)));
        assertThat(unnamed.allowed()).isFalse();
        assertThat(unnamed.reason()).contains("deny-by-default");
        assertThat(SigningPermissions.decide(DEFAULTS, true, "his", null, "出院小结", "D0001", PermissionAction.SIGN,
                id -> Optional.ofNullable(ROSTER.get(id))).allowed()).isTrue();
    }

    @Test
    void aRuleNamingScenarioAndDocumentTypeRestrictsOnlyRequestsWithBoth() {
        List<PermissionRule> matrix = List.of(rule(9, null, null, "心内科", "*", "门诊", "处方",
                PermissionAction.Kind.SIGN, null));
        assertThat(SigningPermissions.decide(matrix, false, "his", "门诊", "处方", "D0001", PermissionAction.SIGN,
                id -> Optional.ofNullable(ROSTER.get(id))).allowed()).isFalse();
        assertThat(SigningPermissions.decide(matrix, false, "his", "住院", "处方", "D0001", PermissionAction.SIGN,
                id -> Optional.ofNullable(ROSTER.get(id))).allowed()).isTrue();
        assertThat(SigningPermissions.decide(matrix, false, "his", "门诊", null, "D0001", PermissionAction.SIGN,
                id -> Optional.ofNullable(ROSTER.get(id))).allowed()).isTrue();
    }

    @Test
    void everyGivenConditionOfARuleMustHold() {
        PermissionRule both = rule(9, "主治医师", null, "心内科", "his", null, "出院小结", PermissionAction.Kind.SIGN, null);
        assertThat(both.permits("his", "主治医师", "心内科")).isTrue();
        assertThat(both.permits("his", "主治医师", "演示科室")).isFalse();
        assertThat(both.permits("his", "主任医师", "心内科")).as("post is exact, not a grade").isFalse();
        assertThat(both.permits("lis", "主治医师", "心内科")).isFalse();
    }

    @Test
    void gradesCompareOnlyOnOneLadder() {
        assertThat(PostGrades.atLeast("主任医师", "主治医师")).isTrue();
        assertThat(PostGrades.atLeast("主治医师", "主治医师")).isTrue();
        assertThat(PostGrades.atLeast("住院医师", "主治医师")).isFalse();
        assertThat(PostGrades.atLeast("主任护师", "住院医师")).as("a nurse is on another ladder").isFalse();
        assertThat(PostGrades.atLeast("主管技师", "技师")).isTrue();
        assertThat(PostGrades.atLeast(null, "技师")).isFalse();
        assertThat(PostGrades.atLeast("院长", "住院医师")).isFalse();
        assertThat(PostGrades.known("副主任药师")).isTrue();
        assertThat(PostGrades.known("院长")).isFalse();
    }

    @Test
    void aSealActionCarriesItsSpecialTypeOnlyForSpecialSeals() {
        assertThat(PermissionAction.seal(SealKind.HOSPITAL, "检验检查专用章").specialType()).isNull();
        assertThat(PermissionAction.seal(SealKind.SPECIAL, "检验检查专用章").label()).isEqualTo("SPECIAL:检验检查专用章");
        assertThat(PermissionAction.Kind.parse(" sign ")).hasValue(PermissionAction.Kind.SIGN);
        assertThat(PermissionAction.Kind.parse("STAMP")).isEmpty();
    }

    static PermissionRule rule(long id, String post, String minPost, String department, String system, String scenario,
                               String documentType, PermissionAction.Kind action, String specialType) {
        return DefaultPermissionRules.rule(id, post, minPost, department, system, scenario, documentType, action,
                specialType);
    }

    static StaffRepository.Holder holder(String staffId, String department, String post) {
        return new StaffRepository.Holder(staffId, "姓名", department, post, "active");
    }
}
