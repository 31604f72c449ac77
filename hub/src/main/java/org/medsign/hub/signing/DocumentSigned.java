package org.medsign.hub.signing;

/** Published after a signature record is committed. */
public record DocumentSigned(long requestPk, String signatureId, String systemId) {
}
