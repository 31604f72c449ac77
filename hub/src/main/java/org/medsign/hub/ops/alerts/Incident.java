package org.medsign.hub.ops.alerts;

import java.time.Instant;
import java.util.List;

/**
 * One fault of the fault ledger (故障台账): its grade, the contract's deadlines fixed at opening, and the times
 * recorded while it was handled.
 *
 * @param id             ledger number
 * @param severity       ORDINARY or SEVERE
 * @param title          one line
 * @param description    what was seen (by hand) or the alert's finding
 * @param rule           the alert rule that opened it, or null when opened by hand
 * @param openedBy       the administrator, or {@code alert:<rule>}
 * @param detectedAt     when the fault was detected (the alert's firing, or as reported)
 * @param openedAt       when the incident was opened: the deadlines count from here
 * @param respondBy      respond by
 * @param restoreBy      restore service by
 * @param onsiteBy       an engineer on site by (SEVERE), else null
 * @param respondedAt    recorded response
 * @param responder      who responded
 * @param restoredAt     recorded restoration (set by the alert's resolution when nobody recorded it first)
 * @param restorer       who restored, or {@code alert:<rule>}
 * @param onsiteAt       engineer on site
 * @param onsiteEngineer who was on site (as recorded)
 * @param resolvedAt     closed with cause analysis, review and advice
 * @param resolver       who closed it
 * @param cause          cause analysis (原因分析)
 * @param review         review (复盘)
 * @param advice         optimisation advice (优化建议)
 * @param notes          the notes of each step, one line each
 * @param escalated      the deadlines already escalated ({@code respond}, {@code restore}, {@code onsite})
 */
public record Incident(long id, Severity severity, String title, String description, String rule, String openedBy,
                       Instant detectedAt, Instant openedAt, Instant respondBy, Instant restoreBy, Instant onsiteBy,
                       Instant respondedAt, String responder, Instant restoredAt, String restorer, Instant onsiteAt,
                       String onsiteEngineer, Instant resolvedAt, String resolver, String cause, String review,
                       String advice, String notes, List<String> escalated) {

    /** OPEN, RESPONDED, RESTORED or RESOLVED: the furthest step recorded. */
    public String state() {
        return resolvedAt != null ? "RESOLVED" : restoredAt != null ? "RESTORED" : respondedAt != null ? "RESPONDED"
                : "OPEN";
    }

    /** Whether the response was (or, still open, can still be) within its deadline; null while open and in time. */
    public Boolean respondedInTime(Instant now) {
        return inTime(respondedAt, respondBy, now);
    }

    /** Whether restoration was within its deadline; null while open and in time. */
    public Boolean restoredInTime(Instant now) {
        return inTime(restoredAt, restoreBy, now);
    }

    /** Whether the engineer was on site in time (SEVERE only; null otherwise or while open and in time). */
    public Boolean onsiteInTime(Instant now) {
        return onsiteBy == null ? null : inTime(onsiteAt, onsiteBy, now);
    }

    private static Boolean inTime(Instant done, Instant deadline, Instant now) {
        if (done != null) {
            return !done.isAfter(deadline);
        }
        return now.isAfter(deadline) ? Boolean.FALSE : null;
    }
}
