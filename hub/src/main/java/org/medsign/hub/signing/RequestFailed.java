package org.medsign.hub.signing;

/** Published after a request was finally refused by the worker (FAILED), e.g. its certificate was frozen meanwhile. */
public record RequestFailed(long requestPk, String systemId, String errorCode, String errorDetail) {
}
