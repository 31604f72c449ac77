package org.medsign.adapters.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medsign.adapters.model.ErrorCode;

/**
 * Issue #11, finding 9: AE/AR texts (MSA-3, ERR-8) say what is wrong with codes, field positions and fixed
 * sentences, never with what the sender wrote. Each case plants a marker where the old texts quoted the field (or
 * where the hub's own refusal message quotes it) and runs the message through the inbound route's steps.
 */
class Hl7AckTextsTests {

    private static final String MARK = "ZQX" + "7731";

    private final RecordingGateway gateway = new RecordingGateway();
    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        camel = Hl7InboundRoute.his(gateway);
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    static String mdm(String msh9, String controlId, String version, String msh18, String signer, String obx) {
        return "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||" + msh9 + "|" + controlId + "|P|" + version
                + "||||||" + msh18 + "\r"
                + "PID|1||P123^^^HOSP^MR||ZHANG^SAN\r"
                + "TXA|1|DS|TX|20261127092500|" + signer + "||20261127092500|||||DOC-1||||||AU||||" + signer + "\r"
                + obx;
    }

    private static final String TEXT = "OBX|1|TX|DISCHARGE^x^L||discharged||||||F\r";

    static Stream<Arguments> refusals() {
        String ed = "OBX|1|ED|REPORT^x^L||HIS^Application^PDF^" + MARK + "^"
                + Base64.getEncoder().encodeToString("%PDF".getBytes(StandardCharsets.US_ASCII)) + "||||||F\r";
        return Stream.of(
                Arguments.of("fail/signer-unknown", mdm("MDM^T02", "C1", "2.4", "", MARK, TEXT), "SIGNER_UNKNOWN",
                        "AE", "SIGNER_UNKNOWN: the signer is not an account of this system"),
                Arguments.of("fail/request-id-reused", mdm("MDM^T02", MARK, "2.4", "", "REUSE", TEXT),
                        "REQUEST_ID_REUSED", "AE", "REQUEST_ID_REUSED: MSH-10 was used before for other content"),
                Arguments.of("fail/certificate-frozen", mdm("MDM^T02", "C2", "2.4", "", "FROZEN", TEXT),
                        "SIGNER_CERTIFICATE_FROZEN", "AE", "SIGNER_CERTIFICATE_FROZEN: the signer's certificate is "
                                + "frozen"),
                Arguments.of("fail/content-too-large", mdm("MDM^T02", "C3", "2.4", "", "LARGE", TEXT),
                        "CONTENT_TOO_LARGE", "AR", "CONTENT_TOO_LARGE: the document is larger than the hub accepts"),
                // codes are typed (ErrorCode): an unknown hub code cannot reach the ACK any more; a hub failure of its
                // own gets its fixed sentence, never the hub's message (which quotes the signer)
                Arguments.of("fail/hub-failure", mdm("MDM^T02", "C4", "2.4", "", "ODD", TEXT), "SIGNING_FAILED",
                        "AE", "SIGNING_FAILED: the hub could not make the signature"),
                Arguments.of("fail/version", mdm("MDM^T02", "C5", "2." + MARK, "", "D0001", TEXT), null, "AR",
                        "unsupported HL7 version in MSH-12 (2.3 to 2.5.1 are accepted)"),
                Arguments.of("fail/message-type", mdm(MARK + "^T02", "C6", "2.4", "", "D0001", TEXT), null, "AR",
                        "the message type in MSH-9 is not accepted here (expected MDM^T02)"),
                Arguments.of("fail/charset", mdm("MDM^T02", "C7", "2.4", MARK, "D0001", TEXT), null, "AR",
                        "the character set in MSH-18 is not supported (GB 18030-2000, GBK, GB2312, UNICODE UTF-8, "
                                + "ASCII, 8859/1 are)"),
                Arguments.of("fail/ed-encoding", mdm("MDM^T02", "C8", "2.5.1", "", "D0001", ed), null, "AE",
                        "the ED encoding in OBX-5.4 is not supported (Base64 expected)"),
                Arguments.of("fail/limit", mdm("MDM^T02", "C9", "2.4", "", "D0001",
                        "OBX|1|TX|A||" + (MARK + "&").repeat(200) + "||||||F\r"), null, "AR",
                        "HL7_LIMIT_SUBCOMPONENTS: a component has more than 100 sub-components"),
                Arguments.of("fail/unparsable", "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|2026||MDM^T02|C10|P|2.4\r"
                        + MARK + "\u0001|" + MARK + "\r", null, "AR", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void rejectionTextsQuoteNoFieldValue(String name, String message, String hubCode, String ackCode,
                                         String text) {
        if (hubCode != null) {
            gateway.refuse.put(signerOf(message), ErrorCode.valueOf(hubCode));
        }
        String ack = process(message);

        String[] msa = segment(ack, "MSA");
        String[] err = segment(ack, "ERR");
        assertThat(msa[1]).as(ack).isEqualTo(ackCode);
        if (text != null) {
            assertThat(Er7.unescape(msa[3], Er7.Delimiters.DEFAULT)).isEqualTo(text);
            assertThat(Er7.unescape(err[8], Er7.Delimiters.DEFAULT)).isEqualTo(text);
        }
        assertThat(msa[3]).doesNotContain(MARK);
        assertThat(String.join("|", err)).doesNotContain(MARK);
        assertThat(gateway.rejections).hasSize(1);
        assertThat(gateway.rejections.get(0).detail()).doesNotContain(MARK);
    }

    private static String signerOf(String message) {
        return message.split("\r")[2].split("\\|")[5];
    }

    private String process(String message) {
        Exchange exchange = camel.createProducerTemplate().send(Hl7InboundRoute.ENTRY,
                e -> e.getMessage().setBody(message.getBytes(StandardCharsets.UTF_8)));
        return new String(exchange.getProperty(Hl7AckStep.MLLP_ACKNOWLEDGEMENT, byte[].class),
                StandardCharsets.UTF_8);
    }

    private static String[] segment(String ack, String name) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith(name + "|")) {
                return (segment + "|||||||||").split("\\|", -1);
            }
        }
        throw new AssertionError("no " + name + " in " + ack);
    }
}
