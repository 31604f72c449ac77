package org.medsign.adapters.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Hl7LimitsTests {

    private static final Hl7Limits SMALL = new Hl7Limits(2_000, 8, 3, 4, 3, Duration.ofSeconds(5));
    private static final String MSH = "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02|C1|P|2.4\r";

    static String message(String... segments) {
        return MSH + String.join("\r", segments) + "\r";
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ok/plain", message("PID|1||P1^^^H~P2||ZHANG^SAN", "OBX|1|TX|A^B^L||text"), null,
                        null),
                Arguments.of("ok/at-every-limit", message("PID|1||A~B~C", "OBX|1|CE|A^B^C^D||x&y&z"), null, null),
                Arguments.of("ok/msh-encoding-characters-are-not-separators",
                        "MSH|^~\\&|A|B|C|D|20261127||ADT|C1|P|2.4\r", null, null),
                Arguments.of("ok/lf-and-crlf-line-ends", MSH.replace("\r", "\r\n") + "PID|1\nPV1|1\n", null, null),
                Arguments.of("fail/segments", message("NTE|1", "NTE|2", "NTE|3", "NTE|4", "NTE|5", "NTE|6", "NTE|7",
                        "NTE|8"), Hl7LimitExceededException.Limit.SEGMENTS, null),
                Arguments.of("ok/blank-lines-are-not-segments", message("PID|1", "", "", "", "", "", "", "", "PV1|1"),
                        null, null),
                Arguments.of("fail/repetitions", message("PID|1||A~B~C~D"), Hl7LimitExceededException.Limit.REPETITIONS,
                        "PID^1^3"),
                Arguments.of("fail/components-of-one-repetition", message("PID|1||A^B^C^D^E"),
                        Hl7LimitExceededException.Limit.COMPONENTS, "PID^1^3"),
                Arguments.of("ok/components-count-per-repetition", message("PID|1||A^B^C^D~A^B^C^D~A^B^C^D"), null,
                        null),
                Arguments.of("fail/sub-components", message("OBX|1|TX|A||a&b&c&d"),
                        Hl7LimitExceededException.Limit.SUBCOMPONENTS, "OBX^1^5"),
                Arguments.of("fail/sub-components-in-the-second-obx", message("OBX|1|TX|A||x", "OBX|2|TX|A||a&b&c&d"),
                        Hl7LimitExceededException.Limit.SUBCOMPONENTS, "OBX^2^5"),
                Arguments.of("fail/msh-fields-are-numbered-from-msh-1",
                        "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127||A^B^C^D^E|C1|P|2.4\r",
                        Hl7LimitExceededException.Limit.COMPONENTS, "MSH^1^9"),
                Arguments.of("fail/other-separators-declared-in-msh",
                        "MSH|#~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127||MDM#T02|C1|P|2.4\rPID|1||A#B#C#D#E\r",
                        Hl7LimitExceededException.Limit.COMPONENTS, "PID^1^3"),
                Arguments.of("fail/text-cut-by-a-line-break-is-not-named", message("OBX|1|TX|A||x", "张三的病历&a&b&c"),
                        Hl7LimitExceededException.Limit.SUBCOMPONENTS, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checksEveryLimitInOnePass(String name, String message, Hl7LimitExceededException.Limit limit,
                                   String location) {
        if (limit == null) {
            assertThatCode(() -> SMALL.check(message)).doesNotThrowAnyException();
            return;
        }
        assertThatThrownBy(() -> SMALL.check(message)).isInstanceOfSatisfying(Hl7LimitExceededException.class, e -> {
            assertThat(e.limit()).isEqualTo(limit);
            assertThat(e.ackCode()).isEqualTo(AckCode.AR);
            assertThat(e.location()).isEqualTo(location);
            assertThat(e.code().name()).isEqualTo("HL7_LIMIT_" + limit.name());
            assertThat(e.getMessage()).startsWith(e.code() + ": ").doesNotContain("张三");
        });
    }

    @Test
    void sizeIsCheckedOnTheBytesReceived() {
        assertThatCode(() -> SMALL.checkSize(new byte[2_000])).doesNotThrowAnyException();
        assertThatThrownBy(() -> SMALL.checkSize(new byte[2_001]))
                .isInstanceOfSatisfying(Hl7LimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(Hl7LimitExceededException.Limit.MESSAGE_BYTES);
                    assertThat(e.getMessage()).isEqualTo("HL7_LIMIT_MESSAGE_BYTES: the message is larger than 2000 "
                            + "bytes");
                });
    }

    @Test
    void refusesNonsensicalSettings() {
        assertThatThrownBy(() -> new Hl7Limits(0, 1, 1, 1, 1, Duration.ofSeconds(1)))
                .hasMessageContaining("maxMessageBytes must be at least 1");
        assertThatThrownBy(() -> new Hl7Limits(1, 1, 1, 1, 1, Duration.ZERO))
                .hasMessageContaining("parseTimeout must be positive");
    }

    /** The attack of issue #11, finding 7: tens of thousands of '&' in one OBX-5. */
    static String pathologicalObx5(int separators) {
        return Hl7InboundTranslatorTests.mdmT02("2.4", "UNICODE UTF-8", "D0001",
                "OBX|1|TX|DISCHARGE^x^L||" + "a&".repeat(separators) + "||||||F\r");
    }

    @Test
    void thePathologicalObx5IsRefusedBeforeHapiSeesIt() {
        byte[] attack = pathologicalObx5(40_000).getBytes(StandardCharsets.UTF_8);
        Hl7InboundTranslator translator = new Hl7InboundTranslator(Hl7Mapping.hisDefault());
        long start = System.nanoTime();
        assertThatThrownBy(() -> translator.translate(attack))
                .isInstanceOfSatisfying(Hl7LimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(Hl7LimitExceededException.Limit.SUBCOMPONENTS);
                    assertThat(e.location()).isEqualTo("OBX^1^5");
                });
        System.out.printf("40,000 '&' in OBX-5 (%d bytes) refused by the pre-parse check in %d ms%n", attack.length,
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void aParseOverItsBudgetIsRefusedWithoutWaitingForHapi() {
        Hl7Limits loose = new Hl7Limits(Hl7Limits.DEFAULT_MAX_MESSAGE_BYTES, 5_000, 1_000, 100, 100_000,
                Duration.ofMillis(50));
        byte[] slow = pathologicalObx5(8_000).getBytes(StandardCharsets.UTF_8);
        Hl7InboundTranslator translator = new Hl7InboundTranslator(Hl7Mapping.hisDefault(), loose);
        long start = System.nanoTime();
        assertThatThrownBy(() -> translator.translate(slow))
                .isInstanceOfSatisfying(Hl7LimitExceededException.class, e -> {
                    assertThat(e.limit()).isEqualTo(Hl7LimitExceededException.Limit.PARSE_TIME);
                    assertThat(e.getMessage()).isEqualTo("HL7_LIMIT_PARSE_TIME: the message could not be parsed "
                            + "within 50 ms");
                });
        System.out.printf("8,000 '&' in OBX-5 given to HAPI with a 50 ms budget: AR after %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
    }
}
