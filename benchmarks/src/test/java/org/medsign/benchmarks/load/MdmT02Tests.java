package org.medsign.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MdmT02Tests {

    @Test
    void putsEachValueWhereTheHisMappingReadsIt() throws MalformedHl7Exception {
        Er7Message message = new Er7Message(new MdmT02("C7", "D0003", "DOC-C7", "病程记录").er7());

        assertThat(message.field("MSH", 9)).isEqualTo("MDM^T02^MDM_T02");
        assertThat(message.field("MSH", 10)).isEqualTo("C7");
        assertThat(message.field("MSH", 18)).isEqualTo("UNICODE UTF-8");
        assertThat(message.component("TXA", 22, 1)).isEqualTo("D0003");
        assertThat(message.component("TXA", 5, 1)).isEqualTo("D0003");
        assertThat(message.component("TXA", 12, 1)).isEqualTo("DOC-C7");
        assertThat(message.field("TXA", 17)).isEqualTo("AU");
        assertThat(message.field("OBX", 2)).isEqualTo("TX");
        assertThat(message.field("OBX", 5)).isEqualTo("病程记录");
    }

    @Test
    void refusesTextWithHl7Delimiters() {
        assertThatThrownBy(() -> new MdmT02("C", "D0001", "DOC", "a|b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OBX-5 text must not contain HL7 delimiters or line ends");
    }

    @Test
    void makesTextOfExactlyTheRequestedUtf8Size() {
        for (int size : new int[] {1, 2, 3, 1024, 1025}) {
            assertThat(MdmT02.textOfSize(size).getBytes(StandardCharsets.UTF_8)).as("size " + size).hasSize(size);
        }
    }
}
