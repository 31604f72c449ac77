package org.medsign.crypto.tsp;

import java.math.BigInteger;

/** Source of TSA serial numbers: unique and strictly increasing for one TSA, across restarts. */
public interface TimestampSerials {

    /** The next serial. */
    BigInteger next();
}
