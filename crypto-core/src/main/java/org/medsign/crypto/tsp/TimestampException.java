package org.medsign.crypto.tsp;

import org.medsign.crypto.MedsignCryptoException;

/** A timestamp could not be obtained (TSA unreachable, rejected the request, or answered nonsense). */
public class TimestampException extends MedsignCryptoException {

    public TimestampException(String message) {
        super(message);
    }

    public TimestampException(String message, Throwable cause) {
        super(message, cause);
    }
}
