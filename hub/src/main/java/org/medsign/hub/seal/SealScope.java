package org.medsign.hub.seal;

/** One (system, document scenario) pair a seal may be used for; {@code *} matches any. */
public record SealScope(String system, String scenario) {
}
