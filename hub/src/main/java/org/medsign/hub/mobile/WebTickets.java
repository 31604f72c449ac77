package org.medsign.hub.mobile;

import java.time.Duration;
import java.time.Instant;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.springframework.stereotype.Component;

/**
 * Web tickets (issue #13, JS SDK): a browser page must never hold its system's API key, so the system's backend asks
 * for a ticket — 256 random bits, only the SM3 hash stored — and hands that to the page. A ticket acts for its one
 * system (optionally only for one request id the backend names), lasts {@link SdkProperties#ticketValidity()} and
 * serves at most {@link SdkProperties#ticketUses()} requests. Issuing is audited; uses are not (the signing requests
 * they make are).
 */
@Component
public class WebTickets {

    /** A ticket just issued: handed to the system once, never stored in clear. */
    public record Issued(String ticket, Instant expiresAt, int uses, String requestId) {
        @Override
        public String toString() {
            return "Issued[***, " + expiresAt + ", " + uses + "]";
        }
    }

    /** The outcome of presenting a ticket: its system (and request id, if pinned), or the refusal. */
    public record Use(String systemId, String requestId, ErrorCode refusal) {

        static Use refused(ErrorCode code) {
            return new Use(null, null, code);
        }

        /** Whether the ticket was accepted (and one of its uses taken). */
        public boolean accepted() {
            return refusal == null;
        }
    }

    private final WebTicketRepository tickets;
    private final AuditLog audit;
    private final SdkProperties properties;

    public WebTickets(WebTicketRepository tickets, AuditLog audit, SdkProperties properties) {
        this.tickets = tickets;
        this.audit = audit;
        this.properties = properties;
    }

    /** Issues a ticket for {@code systemId}; with {@code requestId} it serves that request only. */
    public Issued issue(String systemId, String requestId) {
        String ticket = MobileSecrets.sessionToken();
        Instant now = Instant.now();
        Instant expiresAt = now.plus(properties.ticketValidity());
        tickets.deleteExpired(now.minus(Duration.ofDays(1)));
        tickets.insert(MobileSecrets.hash(ticket), systemId, requestId, now, expiresAt, properties.ticketUses());
        audit.append(AuditEvent.success("system:" + systemId, "SYSTEM", "WEB_TICKET_ISSUED", "system/" + systemId,
                "valid until " + expiresAt + ", " + properties.ticketUses() + " uses"
                        + (requestId == null ? "" : ", request " + requestId)));
        return new Issued(ticket, expiresAt, properties.ticketUses(), requestId);
    }

    /**
     * Presents a ticket without using it: its system, or WEB_TICKET_INVALID (unknown, malformed), WEB_TICKET_EXPIRED,
     * WEB_TICKET_USED_UP.
     */
    public Use check(String ticket) {
        if (ticket == null || ticket.isBlank() || ticket.length() > 128) {
            return Use.refused(ErrorCode.WEB_TICKET_INVALID);
        }
        var row = tickets.find(MobileSecrets.hash(ticket.trim()));
        if (row.isEmpty()) {
            return Use.refused(ErrorCode.WEB_TICKET_INVALID);
        }
        if (!row.get().expiresAt().isAfter(Instant.now())) {
            return Use.refused(ErrorCode.WEB_TICKET_EXPIRED);
        }
        if (row.get().usesLeft() <= 0) {
            return Use.refused(ErrorCode.WEB_TICKET_USED_UP);
        }
        return new Use(row.get().systemId(), row.get().requestId(), null);
    }

    /** Takes one use of a ticket {@link #check} accepted; WEB_TICKET_USED_UP when another request took the last. */
    public Use use(String ticket) {
        Use checked = check(ticket);
        if (!checked.accepted()) {
            return checked;
        }
        return tickets.takeUse(MobileSecrets.hash(ticket.trim()), Instant.now()) ? checked
                : Use.refused(ErrorCode.WEB_TICKET_USED_UP);
    }
}
