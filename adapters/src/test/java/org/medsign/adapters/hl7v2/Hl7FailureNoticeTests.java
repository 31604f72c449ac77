package org.medsign.adapters.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.adapters.model.SigningResult;

/**
 * The failure notices an HL7 system gets when the hub accepted its message (AA) but could not sign it: an MDM^T04
 * whose TXA-17 is not LA, or the ORU^R01 with OBR-25 R and a signature OBX with OBX-11 X; the reason in an NTE, with
 * the hub's code and category, and no field value of the request. HAPI parses both as HL7 2.5.1.
 */
class Hl7FailureNoticeTests {

    private static final String MDM = Hl7InboundTranslatorTests.mdmT02("2.4", "UNICODE UTF-8", "D0003",
            "OBX|1|TX|X||text||||||F\r");
    private static final String ORU = "MSH|^~\\&|LIS|HOSP|MEDSIGN|HOSP|20261127090000||ORU^R01^ORU_R01|LAB-7|P|2.5.1\r"
            + "PID|1||P7788^^^HOSP^MR||LI^SI\r"
            + "OBR|1|ORD-7|LAB-7|BLOOD^CBC^L|||20261127080000" + "|".repeat(18) + "F" + "|".repeat(7) + "D0004\r"
            + "OBX|1|NM|WBC^WBC^L||6.2|10*9/L|3.5-9.5||||F\r"
            + "OBX|2|NM|HGB^HGB^L||135|g/L|130-175||||F\r";

    private static Terser parse(String er7) throws Exception {
        var context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        Message message = context.getPipeParser().parse(er7);
        return new Terser(message);
    }

    @Test
    void anMdmNoticeIsAT04WithoutLegalAuthenticationAndTheReasonInAnNte() throws Exception {
        String notice = Hl7ResultBuilder.failureNotice(MDM, ErrorCode.SIGNER_CERTIFICATE_FROZEN, "MEDSIGNFMSG00001");
        Terser terser = parse(notice);
        assertThat(terser.get("/MSH-9-1")).isEqualTo("MDM");
        assertThat(terser.get("/MSH-9-2")).isEqualTo("T04");
        assertThat(terser.get("/MSH-10")).isEqualTo("MEDSIGNFMSG00001");
        assertThat(terser.get("/MSH-5")).isEqualTo("HIS");
        assertThat(terser.get("/EVN-1")).isEqualTo("T04");
        assertThat(terser.get("/TXA-12-1")).isEqualTo("DOC-2026-0001");
        assertThat(terser.get("/TXA-17")).as("none sent: documented, not authenticated").isEqualTo("DO");
        assertThat(notice).doesNotContain("|ED|").doesNotContain("MEDSIGN-CMS");
        String nte = segment(notice, "NTE");
        assertThat(nte).isEqualTo("NTE|1|O|SIGNER_CERTIFICATE_FROZEN: the signer's certificate is frozen (final: do "
                + "not send it again unchanged)|SIGNER_CERTIFICATE_FROZEN^FINAL_REFUSAL^MEDSIGN");
        assertThat(notice.split("\r")[notice.split("\r").length - 1]).as("the NTE follows the last OBX").startsWith("NTE");
    }

    @Test
    void anMdmKeepsTheCompletionStatusItCameWithUnlessThatClaimedLegalAuthentication() {
        String preAuthenticated = Hl7ResultBuilder.failureNotice(MDM.replace("||||||AU||||", "|||||PA|AU||||"),
                ErrorCode.SIGNER_UNKNOWN, "N0");
        assertThat(Er7.fields(segment(preAuthenticated, "TXA"), Er7.Delimiters.DEFAULT)[17]).isEqualTo("PA");
        String notice = Hl7ResultBuilder.failureNotice(MDM.replace("||||||AU||||", "|||||LA|AU||||"),
                ErrorCode.INFRASTRUCTURE_FAILURE, "N1");
        assertThat(Er7.fields(segment(notice, "TXA"), Er7.Delimiters.DEFAULT)[17]).isEqualTo("DO");
        assertThat(segment(notice, "NTE")).contains("INFRASTRUCTURE_FAILURE^TRANSIENT^MEDSIGN")
                .contains("transient: send it again later");
    }

    @Test
    void anOruNoticeMarksTheResultsUnverifiedAndTheSignatureAsNotObtainable() throws Exception {
        String notice = Hl7ResultBuilder.failureNotice(ORU, ErrorCode.INFRASTRUCTURE_FAILURE, "MEDSIGNFLAB-7");
        Terser terser = parse(notice);
        assertThat(terser.get("/MSH-9-1")).isEqualTo("ORU");
        assertThat(terser.get("/MSH-9-2")).isEqualTo("R01");
        assertThat(terser.get("/MSH-10")).isEqualTo("MEDSIGNFLAB-7");
        assertThat(terser.get("/.OBR-25")).as("table 0123: results stored, not yet verified").isEqualTo("R");
        assertThat(terser.get("/.OBSERVATION(2)/OBX-3-1")).isEqualTo("MEDSIGN-CMS");
        assertThat(terser.get("/.OBSERVATION(2)/OBX-11")).as("table 0085: results cannot be obtained").isEqualTo("X");
        assertThat(terser.get("/.OBSERVATION(2)/NTE-3")).startsWith("INFRASTRUCTURE_FAILURE: ");
        assertThat(terser.get("/.OBSERVATION(2)/NTE-4-2")).isEqualTo("TRANSIENT");
        assertThat(terser.get("/.OBSERVATION(0)/OBX-5")).as("the results as received").isEqualTo("6.2");
    }

    @Test
    void theResultStepSendsTheNoticeForAFailedResultAndTheSignedResultOtherwise() throws Exception {
        Hl7ResultProcessor step = new Hl7ResultProcessor("UTF-8");
        ReplyContext reply = new ReplyContext("direct:lis.outbound.result", "D0004", ORU);

        Exchange failed = new DefaultExchange(new DefaultCamelContext());
        failed.getMessage().setBody(new SigningResult(RequestStatus.DEAD_LETTER, null, ErrorCode.INFRASTRUCTURE_FAILURE,
                "timestamp authority unavailable (TimestampException: Connection refused)", reply));
        step.process(failed);
        String notice = new String(failed.getMessage().getBody(byte[].class), StandardCharsets.UTF_8);
        assertThat(failed.isRouteStop()).isFalse();
        assertThat(segment(notice, "MSH")).contains("|MEDSIGNFLAB-7|");
        assertThat(notice).contains("|X\r").doesNotContain("Connection refused");

        Exchange signed = new DefaultExchange(new DefaultCamelContext());
        signed.getMessage().setBody(SigningResult.signed(new SignedArtifact("S1", "lis", "LAB-7", "D0004", "0A",
                Operation.CMS, new byte[] {0x30, 0x00}, "ab", Instant.parse("2026-11-27T01:00:00Z"), null), reply));
        step.process(signed);
        assertThat(new String(signed.getMessage().getBody(byte[].class), StandardCharsets.UTF_8)).contains("|ED|")
                .doesNotContain("NTE|");
    }

    static String segment(String message, String name) {
        for (String segment : message.split("\r")) {
            if (segment.startsWith(name + "|")) {
                return segment;
            }
        }
        throw new AssertionError("no " + name + " in " + message);
    }
}
