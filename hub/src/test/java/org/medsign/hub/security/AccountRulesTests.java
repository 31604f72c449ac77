package org.medsign.hub.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medsign.hub.HubException;
import org.medsign.hub.security.AccountRules.Actor;

/**
 * Who may do what to administrator accounts (三员), table-driven: each case is one check and the code it must refuse
 * with ({@code null}: allowed).
 */
class AccountRulesTests {

    private static final Actor SYSADMIN = new Actor("sysadmin", AdminRole.SYSTEM_ADMIN);
    private static final Actor SECADMIN = new Actor("secadmin", AdminRole.SECURITY_ADMIN);
    private static final Actor AUDITADMIN = new Actor("auditadmin", AdminRole.AUDIT_ADMIN);
    private static final Actor AUDITOR2 = new Actor("auditor2", AdminRole.AUDIT_ADMIN);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ok/secadmin-manages", (Executable) () -> AccountRules.mayManage(SECADMIN), null),
                Arguments.of("fail/sysadmin-manages", (Executable) () -> AccountRules.mayManage(SYSADMIN),
                        "ADMIN_ROLE_NOT_PERMITTED"),
                Arguments.of("fail/auditadmin-manages", (Executable) () -> AccountRules.mayManage(AUDITADMIN),
                        "ADMIN_ROLE_NOT_PERMITTED"),
                Arguments.of("ok/secadmin-resets-sysadmin",
                        (Executable) () -> AccountRules.mayRequestFor(SECADMIN, "sysadmin"), null),
                Arguments.of("fail/secadmin-resets-own-account",
                        (Executable) () -> AccountRules.mayRequestFor(SECADMIN, "secadmin"), "ADMIN_OWN_ACCOUNT"),
                Arguments.of("fail/secadmin-resets-own-account-other-case",
                        (Executable) () -> AccountRules.mayRequestFor(SECADMIN, "SecAdmin"), "ADMIN_OWN_ACCOUNT"),
                Arguments.of("fail/sysadmin-requests-reset",
                        (Executable) () -> AccountRules.mayRequestFor(SYSADMIN, "auditadmin"),
                        "ADMIN_ROLE_NOT_PERMITTED"),
                Arguments.of("ok/auditadmin-approves-new-account",
                        (Executable) () -> AccountRules.mayDecide(AUDITADMIN, "auditor2", "secadmin"), null),
                Arguments.of("fail/new-account-approves-its-own-creation",
                        (Executable) () -> AccountRules.mayDecide(AUDITOR2, "auditor2", "secadmin"),
                        "ADMIN_SELF_APPROVAL"),
                Arguments.of("fail/auditadmin-approves-reset-of-own-password",
                        (Executable) () -> AccountRules.mayDecide(AUDITADMIN, "auditadmin", "secadmin"),
                        "ADMIN_SELF_APPROVAL"),
                Arguments.of("fail/auditadmin-approves-own-request",
                        (Executable) () -> AccountRules.mayDecide(AUDITADMIN, "sysadmin", "auditadmin"),
                        "ADMIN_SELF_APPROVAL"),
                Arguments.of("fail/secadmin-approves",
                        (Executable) () -> AccountRules.mayDecide(SECADMIN, "auditor2", "secadmin2"),
                        "ADMIN_ROLE_NOT_PERMITTED"),
                Arguments.of("fail/sysadmin-approves",
                        (Executable) () -> AccountRules.mayDecide(SYSADMIN, "auditor2", "secadmin"),
                        "ADMIN_ROLE_NOT_PERMITTED"),
                Arguments.of("ok/disable-one-of-two", (Executable) () -> AccountRules.mayDisable(true, 2), null),
                Arguments.of("fail/disable-last-of-role", (Executable) () -> AccountRules.mayDisable(true, 1),
                        "ADMIN_LAST_OF_ROLE"),
                Arguments.of("fail/disable-disabled", (Executable) () -> AccountRules.mayDisable(false, 3),
                        "ADMIN_STATE_CONFLICT"),
                Arguments.of("ok/name", (Executable) () -> AccountRules.validName("wang.wei-2"), null),
                Arguments.of("fail/name-upper-case", (Executable) () -> AccountRules.validName("WangWei"),
                        "ADMIN_NAME_INVALID"),
                Arguments.of("fail/name-too-short", (Executable) () -> AccountRules.validName("ww"),
                        "ADMIN_NAME_INVALID"),
                Arguments.of("fail/name-null", (Executable) () -> AccountRules.validName(null), "ADMIN_NAME_INVALID"),
                Arguments.of("fail/name-with-quote", (Executable) () -> AccountRules.validName("wang'--"),
                        "ADMIN_NAME_INVALID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void appliesTheRule(String name, Executable check, String refusal) {
        if (refusal == null) {
            assertThatCode(check::execute).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(check::execute).isInstanceOf(HubException.class)
                    .extracting(e -> ((HubException) e).code().name()).isEqualTo(refusal);
        }
    }
}
