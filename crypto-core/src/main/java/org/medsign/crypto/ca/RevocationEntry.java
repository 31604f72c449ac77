package org.medsign.crypto.ca;

import java.math.BigInteger;
import java.time.Instant;

/** A revocation as recorded by the CA: inserted once; only a certificateHold may later be released. */
public record RevocationEntry(BigInteger serial, Instant revokedAt, RevocationReason reason) {
}
