package org.medsign.adapters.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.Base64;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.junit.jupiter.api.Test;

class Hl7AcksAndResultTests {

    private static Terser parse(String er7) throws Exception {
        var context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        Message message = context.getPipeParser().parse(er7);
        return new Terser(message);
    }

    private static final String MESSAGE = Hl7InboundTranslatorTests.mdmT02("2.4", "UNICODE UTF-8", "D0003",
            "OBX|1|TX|X||text||||||F\r");

    @Test
    void acceptEchoesTheControlIdAndSwapsSenderAndReceiver() throws Exception {
        Terser ack = parse(Hl7Acks.accept(MESSAGE));
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        assertThat(ack.get("/MSA-2")).isEqualTo("MSG00001");
        assertThat(ack.get("/MSH-3")).isEqualTo("MEDSIGN");
        assertThat(ack.get("/MSH-5")).isEqualTo("HIS");
        assertThat(ack.get("/MSH-9-1")).isEqualTo("ACK");
        assertThat(ack.get("/MSH-9-2")).isEqualTo("T02");
        assertThat(ack.get("/MSH-12")).isEqualTo("2.4");
    }

    @Test
    void rejectionCarriesAnErrSegmentWithEscapedText() throws Exception {
        String ack = Hl7Acks.reject(MESSAGE, new Hl7RejectException(AckCode.AE, Hl7ErrorCode.UNKNOWN_KEY_IDENTIFIER,
                "TXA^1^22", "signer 'X|Y' is unknown"));
        Terser terser = parse(ack);
        assertThat(terser.get("/MSA-1")).isEqualTo("AE");
        assertThat(terser.get("/ERR-2-1")).isEqualTo("TXA");
        assertThat(terser.get("/ERR-2-3")).isEqualTo("22");
        assertThat(terser.get("/ERR-3-1")).isEqualTo("204");
        assertThat(terser.get("/ERR-3-3")).isEqualTo("HL70357");
        assertThat(terser.get("/ERR-4")).isEqualTo("E");
        assertThat(terser.get("/ERR-8")).isEqualTo("signer 'X|Y' is unknown");
        assertThat(ack).contains("X\\F\\Y");
    }

    @Test
    void garbageStillGetsAnAck() throws Exception {
        String ack = Hl7Acks.reject("\u0000garbage", new Hl7RejectException(AckCode.AR,
                Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, null, "the message does not start with an MSH segment"));
        Terser terser = parse(ack);
        assertThat(terser.get("/MSA-1")).isEqualTo("AR");
        assertThat(terser.get("/ERR-3-1")).isEqualTo("100");
    }

    @Test
    void mdmResultIsAT04WithLegalAuthenticationAndTheCmsInAnEdObx() throws Exception {
        byte[] cms = {0x30, (byte) 0x82, 1, 2, 3};
        String result = Hl7ResultBuilder.build(MESSAGE, cms, "D0003", ZonedDateTime.parse("2026-11-27T09:31:00+08:00"),
                "MEDSIGN-1");
        Terser terser = parse(result);
        assertThat(terser.get("/MSH-9-1")).isEqualTo("MDM");
        assertThat(terser.get("/MSH-9-2")).isEqualTo("T04");
        assertThat(terser.get("/MSH-10")).isEqualTo("MEDSIGN-1");
        assertThat(terser.get("/MSH-3")).isEqualTo("MEDSIGN");
        assertThat(terser.get("/MSH-5")).isEqualTo("HIS");
        assertThat(terser.get("/TXA-17")).isEqualTo("LA");
        assertThat(terser.get("/TXA-22-1")).isEqualTo("D0003");
        assertThat(result).contains("20261127093100+0800");
        assertThat(result).contains("|ED|MEDSIGN-CMS^");
        String edSegment = result.lines().flatMap(l -> java.util.Arrays.stream(l.split("\r")))
                .filter(s -> s.startsWith("OBX|2|ED")).findFirst().orElseThrow();
        String data = edSegment.split("\\|")[5].split("\\^")[4];
        assertThat(Base64.getDecoder().decode(data)).isEqualTo(cms);
        assertThat(result.getBytes(StandardCharsets.UTF_8)).isNotEmpty();
    }
}
