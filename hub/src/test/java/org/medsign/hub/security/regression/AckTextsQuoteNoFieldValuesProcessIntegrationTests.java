package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

/**
 * Issue #11, finding 9 (last item): AE/AR texts quoted field values (the signer code, MSH-9, MSH-12, MSH-18, the ED
 * encoding), although the docs promised they do not. Each message sent to the shipped HIS route plants a marker in
 * the field its refusal used to quote; MSA-3 and the ERR segment of the answer must not contain it.
 */
class AckTextsQuoteNoFieldValuesProcessIntegrationTests {

    private static final String MARK = "QUOTED" + ThreadLocalRandom.current().nextInt(100_000, 999_999);

    static String mdm(String msh9, String controlId, String version, String msh18, String signer, String obx) {
        return "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||" + msh9 + "|" + controlId + "|P|" + version
                + "|||||CHN|" + msh18 + "\r"
                + "PID|1||P123^^^HOSP^MR||ZHANG^SAN\r"
                + "TXA|1|DS|TX|20261127092500|" + signer + "^Wang^Doctor||20261127092500|||||DOC-" + controlId
                + "||||||AU||||" + signer + "^Wang^Doctor\r"
                + obx;
    }

    private static String text(String content) {
        return "OBX|1|TX|DISCHARGE^Discharge summary^L||" + content + "||||||F\r";
    }

    private static String send(String message) {
        return MllpProbe.sendFrom("127.0.0.1", ProbedHub.get().port(2575), message.getBytes(StandardCharsets.UTF_8))
                .orElseThrow(() -> new AssertionError("no answer from the HIS route"));
    }

    private static void assertNoQuote(String ack, String ackCode, String err3) {
        assertThat(MllpProbe.field(ack, "MSA", 1)).as(ack).isEqualTo(ackCode);
        assertThat(MllpProbe.field(ack, "ERR", 3)).startsWith(err3 + "^");
        assertThat(MllpProbe.field(ack, "MSA", 3)).as("MSA-3").isNotBlank().doesNotContain(MARK);
        assertThat(MllpProbe.segment(ack, "ERR")).as("ERR").doesNotContain(MARK);
    }

    @Test
    void anUnknownSignerIsNotQuoted() {
        String ack = send(mdm("MDM^T02", "Q1" + System.nanoTime(), "2.4", "UNICODE UTF-8", MARK, text("x")));
        assertNoQuote(ack, "AE", "204");
        assertThat(MllpProbe.field(ack, "ERR", 8)).isEqualTo("SIGNER_UNKNOWN: the signer is not an account of this "
                + "system");
    }

    @Test
    void aReusedControlIdIsNotQuotedInTheText() {
        String controlId = MARK + System.nanoTime();
        assertThat(MllpProbe.field(send(mdm("MDM^T02", controlId, "2.4", "UNICODE UTF-8", "D0002", text("one"))),
                "MSA", 1)).isEqualTo("AA");
        String ack = send(mdm("MDM^T02", controlId, "2.4", "UNICODE UTF-8", "D0002", text("another content")));
        assertNoQuote(ack, "AE", "205");
        assertThat(MllpProbe.field(ack, "MSA", 2)).as("MSA-2 echoes MSH-10, as HL7 wants").isEqualTo(controlId);
    }

    @Test
    void anUnsupportedVersionIsNotQuoted() {
        assertNoQuote(send(mdm("MDM^T02", "Q3" + System.nanoTime(), "2." + MARK, "UNICODE UTF-8", "D0002",
                text("x"))), "AR", "203");
    }

    @Test
    void anUnacceptedMessageTypeIsNotQuoted() {
        assertNoQuote(send(mdm(MARK + "^T02", "Q4" + System.nanoTime(), "2.4", "UNICODE UTF-8", "D0002",
                text("x"))), "AR", "200");
    }

    @Test
    void anUnknownCharacterSetIsNotQuoted() {
        assertNoQuote(send(mdm("MDM^T02", "Q5" + System.nanoTime(), "2.4", MARK, "D0002", text("x"))), "AR", "103");
    }

    @Test
    void anUnsupportedEdEncodingIsNotQuoted() {
        String ed = "OBX|1|ED|REPORT^Report^L||HIS^Application^PDF^" + MARK + "^"
                + Base64.getEncoder().encodeToString("%PDF-1.7".getBytes(StandardCharsets.US_ASCII)) + "||||||F\r";
        assertNoQuote(send(mdm("MDM^T02", "Q6" + System.nanoTime(), "2.5.1", "UNICODE UTF-8", "D0002", ed)), "AE",
                "102");
    }
}
