package org.medsign.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The administrators' password policy, table-driven: each case names the rules it must break (none for ok/…). */
class PasswordPolicyTests {

    private static final PasswordPolicy POLICY = new PasswordPolicy(new PasswordPolicyProperties(12, 3, 5, null));
    /** What the case's holder used before (the history check). */
    private static final Set<String> PREVIOUS = Set.of("Old-password-2025", "Older-password-2024");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ok/three-classes", "zhangsan", "Huashan-hospital", List.of()),
                Arguments.of("ok/digits-lower-other", "zhangsan", "ward-7-night-shift", List.of()),
                Arguments.of("ok/four-classes", "zhangsan", "Ward7!NightShift", List.of()),
                Arguments.of("ok/exactly-twelve", "zhangsan", "Abcdefghij12", List.of()),
                Arguments.of("ok/chinese-counts-as-other", "zhangsan", "病区Night-shift7", List.of()),
                Arguments.of("fail/eleven-characters", "zhangsan", "Abcdefghi12", List.of(PasswordRule.MIN_LENGTH)),
                Arguments.of("fail/empty", "zhangsan", "", List.of(PasswordRule.MIN_LENGTH,
                        PasswordRule.CHARACTER_CLASSES)),
                Arguments.of("fail/null", "zhangsan", null, List.of(PasswordRule.MIN_LENGTH,
                        PasswordRule.CHARACTER_CLASSES)),
                Arguments.of("fail/lower-case-only", "zhangsan", "correcthorsebattery", List.of(
                        PasswordRule.CHARACTER_CLASSES)),
                Arguments.of("fail/letters-and-digits-lower", "zhangsan", "abcdefgh12345", List.of(
                        PasswordRule.CHARACTER_CLASSES)),
                Arguments.of("fail/contains-user-name", "zhangsan", "Zhangsan-2026!", List.of(
                        PasswordRule.CONTAINS_USERNAME)),
                Arguments.of("fail/contains-user-name-upper-case", "secadmin", "My-SECADMIN-pw1", List.of(
                        PasswordRule.CONTAINS_USERNAME)),
                Arguments.of("fail/short-simple-and-user-name", "abc", "abcabc", List.of(PasswordRule.MIN_LENGTH,
                        PasswordRule.CHARACTER_CLASSES, PasswordRule.CONTAINS_USERNAME)),
                Arguments.of("fail/reused", "zhangsan", "Old-password-2025", List.of(PasswordRule.RECENTLY_USED)),
                Arguments.of("fail/reused-older", "zhangsan", "Older-password-2024", List.of(
                        PasswordRule.RECENTLY_USED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checksEveryRule(String name, String user, String candidate, List<PasswordRule> broken) {
        if (broken.isEmpty()) {
            POLICY.check(user, candidate, PREVIOUS::contains);
            return;
        }
        assertThatThrownBy(() -> POLICY.check(user, candidate, PREVIOUS::contains))
                .isInstanceOfSatisfying(WeakPasswordException.class, e -> {
                    assertThat(e.violations()).containsExactlyElementsOf(broken);
                    assertThat(e.code().name()).isEqualTo("ADMIN_PASSWORD_WEAK");
                    if (candidate != null && !candidate.isEmpty()) {
                        assertThat(e.getMessage()).as("never the password").doesNotContain(candidate);
                    }
                });
    }

    @Test
    void explainsTheRulesInTheMessage() {
        assertThatThrownBy(() -> POLICY.check("zhangsan", "zhangsan", p -> false))
                .hasMessage("the password does not meet the policy: it needs at least 12 characters; at least 3 of: "
                        + "upper-case letters, lower-case letters, digits, other characters; not containing the "
                        + "user name");
    }

    @Test
    void settingsChangeTheRules() {
        PasswordPolicy strict = new PasswordPolicy(new PasswordPolicyProperties(16, 4, 0, Duration.ofDays(90)));
        assertThatThrownBy(() -> strict.check("zhangsan", "Huashan-hospital", p -> false))
                .isInstanceOfSatisfying(WeakPasswordException.class, e -> assertThat(e.violations())
                        .containsExactly(PasswordRule.CHARACTER_CLASSES));
        strict.check("zhangsan", "Huashan-hospital7", p -> false);
        assertThat(strict.properties().expires()).isTrue();
        assertThat(POLICY.properties().expires()).isFalse();
    }

    @Test
    void refusesSettingsBelowTheFloor() {
        assertThatThrownBy(() -> new PasswordPolicyProperties(6, 3, 5, null))
                .hasMessageContaining("min-length must be at least 8");
        assertThatThrownBy(() -> new PasswordPolicyProperties(12, 5, 5, null))
                .hasMessageContaining("min-character-classes must be 1 to 4");
    }

    @Test
    void generatedPasswordsMeetThePolicyAndDiffer() {
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            String generated = POLICY.generate("abc");
            POLICY.check("abc", generated, p -> false);
            assertThat(PasswordPolicy.characterClasses(generated)).isEqualTo(4);
            assertThat(generated).hasSize(16).doesNotContain("0", "O", "1", "l", "I");
            seen.add(generated);
        }
        assertThat(seen).hasSize(200);
        assertThat(new PasswordPolicy(new PasswordPolicyProperties(24, 3, 5, null)).generate("zhangsan")).hasSize(24);
    }
}
