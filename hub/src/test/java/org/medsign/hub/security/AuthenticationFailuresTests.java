package org.medsign.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The one credential throttle: per credential and source, per credential from all sources, trust and memory. */
class AuthenticationFailuresTests {

    static final String SYSADMIN = AuthenticationFailures.user("sysadmin");
    static final String SECADMIN = AuthenticationFailures.user("secadmin");

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    final TestClock clock = new TestClock();

    /** 3 per pair in 1 min → 5 min; 6 per credential in 15 min → 1 min; trust 7 days; room for 100 entries. */
    AuthenticationFailures throttle(int capacity) {
        return new AuthenticationFailures(new SecurityProperties(3, Duration.ofMinutes(1), Duration.ofMinutes(5), 6,
                Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofDays(7), capacity, Duration.ofMinutes(1), 50,
                false, List.of()), new SimpleMeterRegistry(), null, clock);
    }

    @Test
    void guesserIsRefusedAfterTheLimitOnlyForThatCredentialFromThatSource() {
        AuthenticationFailures throttle = throttle(100);
        assertThat(throttle.failed(SYSADMIN, "10.0.0.9")).isEmpty();
        assertThat(throttle.failed(SYSADMIN, "10.0.0.9")).isEmpty();
        assertThat(throttle.failed(SYSADMIN, "10.0.0.9")).contains(Duration.ofMinutes(5));
        assertThat(throttle.refusal(SYSADMIN, "10.0.0.9")).contains(Duration.ofMinutes(5));
        assertThat(throttle.refusal(SECADMIN, "10.0.0.9")).as("another account from the same address").isEmpty();
        assertThat(throttle.refusal(SYSADMIN, "10.0.0.7")).as("the same account from elsewhere").isEmpty();
    }

    @Test
    void refusalEndsAfterTheLockoutAndFailuresOutsideTheWindowDoNotAddUp() {
        AuthenticationFailures throttle = throttle(100);
        throttle.failed(SYSADMIN, "10.0.0.9");
        throttle.failed(SYSADMIN, "10.0.0.9");
        clock.advance(Duration.ofSeconds(61));
        assertThat(throttle.failed(SYSADMIN, "10.0.0.9")).as("two of three fell out of the window").isEmpty();
        throttle.failed(SYSADMIN, "10.0.0.9");
        throttle.failed(SYSADMIN, "10.0.0.9");
        clock.advance(Duration.ofMinutes(4));
        assertThat(throttle.refusal(SYSADMIN, "10.0.0.9")).contains(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.refusal(SYSADMIN, "10.0.0.9")).isEmpty();
    }

    @Test
    void successForgetsTheSourcesFailures() {
        AuthenticationFailures throttle = throttle(100);
        throttle.failed(SYSADMIN, "10.0.0.9");
        throttle.failed(SYSADMIN, "10.0.0.9");
        throttle.succeeded(SYSADMIN, "10.0.0.9");
        assertThat(throttle.failed(SYSADMIN, "10.0.0.9")).isEmpty();
        assertThat(throttle.failed(SYSADMIN, "10.0.0.9")).isEmpty();
    }

    @Test
    void distributedGuessIsSlowedForUntrustedSourcesButNeverForGood() {
        AuthenticationFailures throttle = throttle(100);
        throttle.succeeded(SYSADMIN, "10.0.0.1");
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.failed(SYSADMIN, "192.0.2." + i)).isEmpty();
        }
        assertThat(throttle.failed(SYSADMIN, "192.0.2.5")).as("sixth failure from all sources").isPresent();
        assertThat(throttle.refusal(SYSADMIN, "192.0.2.77")).as("a new source").contains(Duration.ofMinutes(1));
        assertThat(throttle.refusal(SYSADMIN, "10.0.0.1")).as("where the owner logged in").isEmpty();
        assertThat(throttle.refusal(SECADMIN, "192.0.2.77")).as("other accounts").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(throttle.refusal(SYSADMIN, "192.0.2.77")).as("a short refusal, not a lock").isEmpty();
        assertThat(throttle.failed(SYSADMIN, "192.0.2.78")).as("but while the guessing goes on it is renewed")
                .isPresent();
        clock.advance(Duration.ofMinutes(16));
        assertThat(throttle.refusal(SYSADMIN, "192.0.2.79")).isEmpty();
        assertThat(throttle.failed(SYSADMIN, "192.0.2.79")).as("the window has passed").isEmpty();
    }

    @Test
    void anAdministratorsResetClearsTheCredentialEverywhere() {
        AuthenticationFailures throttle = throttle(100);
        for (int i = 0; i < 6; i++) {
            throttle.failed("pin:D0009", "system:demo");
        }
        assertThat(throttle.refusal("pin:D0009", "system:demo")).isPresent();
        throttle.cleared("pin:D0009");
        assertThat(throttle.refusal("pin:D0009", "system:demo")).isEmpty();
        assertThat(throttle.refusal("pin:D0009", "system:his")).isEmpty();
    }

    @Test
    void trustExpires() {
        AuthenticationFailures throttle = throttle(100);
        throttle.succeeded(SYSADMIN, "10.0.0.1");
        clock.advance(Duration.ofDays(8));
        for (int i = 0; i < 6; i++) {
            throttle.failed(SYSADMIN, "192.0.2." + i);
        }
        assertThat(throttle.refusal(SYSADMIN, "10.0.0.1")).isPresent();
    }

    @Test
    void whenFullNewPairsAreNotTrackedButTheCredentialLimitStillHolds() {
        AuthenticationFailures throttle = throttle(2);
        throttle.failed(AuthenticationFailures.user("a"), "10.0.0.1");
        throttle.failed(AuthenticationFailures.user("b"), "10.0.0.1");
        for (int i = 0; i < 3; i++) {
            throttle.failed(AuthenticationFailures.user("a"), "10.0.0.2");
        }
        assertThat(throttle.refusal(AuthenticationFailures.user("a"), "10.0.0.2")).as("pair not tracked").isEmpty();
        clock.advance(Duration.ofMinutes(20));
        throttle.purge();
        for (int i = 0; i < 3; i++) {
            throttle.failed(AuthenticationFailures.user("a"), "10.0.0.2");
        }
        assertThat(throttle.refusal(AuthenticationFailures.user("a"), "10.0.0.2")).as("room again after expiry")
                .isPresent();
    }

    @Test
    void userNamesAreCaseInsensitiveAndClipped() {
        assertThat(AuthenticationFailures.user(" SysAdmin ")).isEqualTo(SYSADMIN);
        assertThat(AuthenticationFailures.user("x".repeat(500))).hasSize(5 + 64);
        assertThat(AuthenticationFailures.clip("a\nb")).isEqualTo("a?b");
    }
}
