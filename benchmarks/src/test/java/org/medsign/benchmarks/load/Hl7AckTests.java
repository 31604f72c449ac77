package org.medsign.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Hl7AckTests {

    private static final String MSH = "MSH|^~\\&|MEDSIGN|HOSP|HIS|HOSP|20261127||ACK^T02^ACK|ACK1|P|2.5.1\r";

    @Test
    void readsAnAaWithTheControlIdItAcknowledges() throws MalformedHl7Exception {
        Hl7Ack ack = Hl7Ack.parse(MSH + "MSA|AA|CTRL0001\r");

        assertThat(ack).isEqualTo(new Hl7Ack("AA", "CTRL0001", ""));
        assertThat(ack.outcome()).isEqualTo(Hl7Ack.Outcome.ACCEPTED);
    }

    @Test
    void readsTheReasonOfAnAeFromErr8() throws MalformedHl7Exception {
        Hl7Ack ack = Hl7Ack.parse(MSH + "MSA|AE|C2|SIGNER_UNKNOWN: no such signer\r"
                + "ERR|^^^204&Unknown key identifier||204^Unknown key identifier^HL70357|E||||SIGNER_UNKNOWN: x\r");

        assertThat(ack.outcome()).isEqualTo(Hl7Ack.Outcome.ERROR);
        assertThat(ack.reason()).isEqualTo("SIGNER_UNKNOWN: x");
    }

    @Test
    void fallsBackToErr3AndMsa3WhenErr8IsEmpty() throws MalformedHl7Exception {
        Hl7Ack ack = Hl7Ack.parse(MSH + "MSA|AR|C3|unsupported\rERR|||200^Unsupported message type^HL70357|E\r");

        assertThat(ack.outcome()).isEqualTo(Hl7Ack.Outcome.REJECTED);
        assertThat(ack.reason()).isEqualTo("200 unsupported");
    }

    @Test
    void mapsEnhancedModeCodesLikeOriginalModeCodes() throws MalformedHl7Exception {
        assertThat(Hl7Ack.parse(MSH + "MSA|CA|C\r").outcome()).isEqualTo(Hl7Ack.Outcome.ACCEPTED);
        assertThat(Hl7Ack.parse(MSH + "MSA|CE|C\r").outcome()).isEqualTo(Hl7Ack.Outcome.ERROR);
        assertThat(Hl7Ack.parse(MSH + "MSA|CR|C\r").outcome()).isEqualTo(Hl7Ack.Outcome.REJECTED);
    }

    @Test
    void refusesAnAcknowledgmentWithoutMsa() {
        assertThatThrownBy(() -> Hl7Ack.parse(MSH))
                .isInstanceOf(MalformedHl7Exception.class)
                .hasMessage("acknowledgment without an MSA segment");
    }

    @Test
    void refusesAnUnknownCode() {
        assertThatThrownBy(() -> Hl7Ack.parse(MSH + "MSA|OK|C\r"))
                .isInstanceOf(MalformedHl7Exception.class)
                .hasMessage("unknown acknowledgment code MSA-1 'OK'");
    }

    @Test
    void acceptsAResultWithSenderAndReceiverSwappedAndItsControlIdInMsa2() throws MalformedHl7Exception {
        Er7Message result = new Er7Message("MSH|^~\\&|MEDSIGN|HOSP|HIS|WARD|20261127||MDM^T04^MDM_T02|R42|P|2.5.1\r"
                + "TXA|1\r");

        Er7Message ack = new Er7Message(Hl7Ack.accepting(result));

        assertThat(ack.field("MSH", 3)).isEqualTo("HIS");
        assertThat(ack.field("MSH", 4)).isEqualTo("WARD");
        assertThat(ack.field("MSH", 5)).isEqualTo("MEDSIGN");
        assertThat(ack.field("MSH", 9)).isEqualTo("ACK^T04");
        assertThat(ack.field("MSH", 12)).isEqualTo("2.5.1");
        assertThat(Hl7Ack.parse(Hl7Ack.accepting(result))).isEqualTo(new Hl7Ack("AA", "R42", ""));
    }
}
