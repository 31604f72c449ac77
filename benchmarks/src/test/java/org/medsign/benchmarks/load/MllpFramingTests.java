package org.medsign.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MllpFramingTests {

    private static InputStream bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return new ByteArrayInputStream(out);
    }

    @Test
    void writesStartBlockPayloadEndBlockAndCarriageReturn() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MllpFraming.write(out, "MSH|x\r".getBytes(StandardCharsets.US_ASCII));
        assertThat(out.toByteArray()).containsExactly(0x0b, 'M', 'S', 'H', '|', 'x', 0x0d, 0x1c, 0x0d);
    }

    @Test
    void readsBackToBackFramesAndNullAtACleanClose() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MllpFraming.write(out, "first\r".getBytes(StandardCharsets.UTF_8));
        MllpFraming.write(out, "第二\r".getBytes(StandardCharsets.UTF_8));
        InputStream in = new ByteArrayInputStream(out.toByteArray());

        assertThat(new String(MllpFraming.read(in), StandardCharsets.UTF_8)).isEqualTo("first\r");
        assertThat(new String(MllpFraming.read(in), StandardCharsets.UTF_8)).isEqualTo("第二\r");
        assertThat(MllpFraming.read(in)).isNull();
    }

    @Test
    void keepsAnEndBlockThatIsNotFollowedByCarriageReturn() throws IOException {
        assertThat(MllpFraming.read(bytes(0x0b, 'a', 0x1c, 'b', 0x1c, 0x1c, 0x0d)))
                .containsExactly('a', 0x1c, 'b', 0x1c);
    }

    @Test
    void refusesDataWithoutStartBlock() {
        assertThatThrownBy(() -> MllpFraming.read(bytes('M', 'S', 'H')))
                .isInstanceOf(MllpFramingException.class)
                .hasMessage("expected the MLLP start block 0x0b, got 0x4d");
    }

    @Test
    void refusesAConnectionClosedInsideAFrame() {
        assertThatThrownBy(() -> MllpFraming.read(bytes(0x0b, 'a', 'b', 0x1c)))
                .isInstanceOf(MllpFramingException.class)
                .hasMessage("connection closed inside an MLLP frame after 2 bytes");
    }
}
