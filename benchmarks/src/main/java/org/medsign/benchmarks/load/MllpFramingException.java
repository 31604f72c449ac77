package org.medsign.benchmarks.load;

import java.io.IOException;

/** The peer's bytes are not one well-formed MLLP frame (0x0b, payload, 0x1c 0x0d). */
final class MllpFramingException extends IOException {

    MllpFramingException(String message) {
        super(message);
    }
}
