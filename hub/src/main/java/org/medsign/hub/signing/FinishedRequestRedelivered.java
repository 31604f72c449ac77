package org.medsign.hub.signing;

/**
 * Published when the intake delivers a request that had already finished: a redelivery after a broker failover or a
 * node failure, whose first delivery committed the signature but lost its own acknowledgement and whatever it sent
 * in the same broker transaction (the answer to the system). The answer may still be owed.
 */
public record FinishedRequestRedelivered(long requestPk, String systemId) {
}
