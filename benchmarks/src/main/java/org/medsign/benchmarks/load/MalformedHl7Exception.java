package org.medsign.benchmarks.load;

import java.io.IOException;

/** A framed payload from the peer is not the HL7 v2 message the driver expects (no MSH, no MSA, unknown code). */
final class MalformedHl7Exception extends IOException {

    MalformedHl7Exception(String message) {
        super(message);
    }
}
