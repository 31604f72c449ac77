package org.medsign.hub.lifecycle.inventory;

import java.util.Locale;

/** The inventory's findings; a certificate may be in several. {@link #key()} is the JSON and CSV name (contract). */
public enum InventoryCategory {
    /** Past its notAfter. */
    EXPIRED,
    /** notAfter within the expiring window. */
    EXPIRING,
    /** Valid but not used (usage.csv, the hub's signatures) for the idle window. */
    IDLE,
    /** Its holder has more than one valid signing certificate. */
    DUPLICATE,
    /** No holder in the roster, or the holder has left. */
    ORPHANED,
    /** CN, OU or title differ from the holder's name, department or post. */
    MISMATCHED,
    /** An active staff member with system accounts but no valid certificate (counted in staff members). */
    MISSING;

    /** Lower-case name, as in {@code counts}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
