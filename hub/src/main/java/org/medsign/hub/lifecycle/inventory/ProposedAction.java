package org.medsign.hub.lifecycle.inventory;

import java.util.Locale;

/** What the inventory proposes for a finding. */
public enum ProposedAction {
    /** A new certificate for the same holder before (or since) the old one ends. */
    RENEW,
    /** Revoke: not needed, not anyone's, or one too many. */
    REVOKE,
    /** Reissue with the roster's corrected name, department or post. */
    REISSUE,
    /** Issue a first certificate. */
    ISSUE,
    /** Nothing to do (kept, or informational). */
    NONE;

    /** Lower-case name. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
