package org.medsign.hub.ops.alerts;

/** How grave a fault is, as the service contract grades it: the grade sets the incident's deadlines. */
public enum Severity {
    /** An ordinary fault: respond within 30 minutes, restore (remotely) within 2 hours. */
    ORDINARY,
    /** A severe fault (the system or batch signing unavailable): respond 15 minutes, restore 4 hours, on site 24 hours. */
    SEVERE
}
