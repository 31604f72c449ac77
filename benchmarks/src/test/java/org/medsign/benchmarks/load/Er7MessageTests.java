package org.medsign.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Er7MessageTests {

    @Test
    void numbersMshFieldsFromTheFieldSeparator() throws MalformedHl7Exception {
        Er7Message message = new Er7Message("MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127||MDM^T02^MDM_T02|C1|P|2.5.1\r");

        assertThat(message.field("MSH", 1)).isEqualTo("|");
        assertThat(message.field("MSH", 2)).isEqualTo("^~\\&");
        assertThat(message.field("MSH", 3)).isEqualTo("HIS");
        assertThat(message.component("MSH", 9, 2)).isEqualTo("T02");
        assertThat(message.field("MSH", 10)).isEqualTo("C1");
        assertThat(message.field("MSH", 40)).isEmpty();
    }

    @Test
    void readsComponentsOfTheFirstRepetitionAndToleratesLineFeeds() throws MalformedHl7Exception {
        Er7Message message = new Er7Message("MSH|^~\\&|A\r\nTXA|1|||||||||||DOC1^HIS~DOC2^X\nOBX|1\r");

        assertThat(message.component("TXA", 12, 1)).isEqualTo("DOC1");
        assertThat(message.component("TXA", 12, 2)).isEqualTo("HIS");
        assertThat(message.component("TXA", 12, 3)).isEmpty();
        assertThat(message.has("OBX")).isTrue();
        assertThat(message.field("PID", 3)).isEmpty();
    }

    @Test
    void refusesTextThatDoesNotStartWithMsh() {
        assertThatThrownBy(() -> new Er7Message("this is not HL7"))
                .isInstanceOf(MalformedHl7Exception.class)
                .hasMessage("not an HL7 v2 message: it does not start with MSH and its delimiters");
    }
}
