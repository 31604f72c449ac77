package org.medsign.hub.ops.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The fault ledger (故障台账): opens incidents (from a firing alert or by hand) with the contract's deadlines, records
 * response, restoration, on-site and resolution, and escalates deadlines about to be missed. Every change is audited
 * ({@code INCIDENT_OPENED}, {@code INCIDENT_RESPONDED}, {@code INCIDENT_RESTORED}, {@code INCIDENT_ONSITE},
 * {@code INCIDENT_RESOLVED}, target {@code incident/<id>}).
 */
@Component
public class Incidents {

    private static final Logger log = LoggerFactory.getLogger(Incidents.class);
    private static final int TITLE_MAX = 200;
    private static final int TEXT_MAX = 2000;
    private static final int ANALYSIS_MAX = 4000;

    /** An incident opened by hand. */
    public record Report(String severity, String title, String description, Instant detectedAt) {
    }

    private final IncidentRepository incidents;
    private final IncidentProperties deadlines;
    private final AlertNotifier notifier;
    private final AuditLog audit;
    private final Clock clock;

    public Incidents(IncidentRepository incidents, IncidentProperties deadlines, AlertNotifier notifier,
                     AuditLog audit) {
        this.incidents = incidents;
        this.deadlines = deadlines;
        this.notifier = notifier;
        this.audit = audit;
        this.clock = Clock.systemUTC();
    }

    /** Latest incidents, newest first. */
    public List<Incident> list(boolean openOnly, int limit) {
        return incidents.latest(openOnly, limit);
    }

    /** One incident. */
    public Incident find(long id) {
        return incidents.find(id).orElseThrow(() -> new IncidentException.Unknown(String.valueOf(id)));
    }

    /** Opens an incident by hand. */
    @Transactional
    public Incident report(Report report, String operator) {
        if (report == null) {
            throw new IncidentException.Invalid("the body must be {\"severity\", \"title\", \"description\"?}");
        }
        Severity severity = severity(report.severity());
        String title = required("title", report.title(), TITLE_MAX);
        String description = optional("description", report.description(), TEXT_MAX);
        Instant now = clock.instant();
        Instant detected = report.detectedAt() == null ? now : report.detectedAt();
        if (detected.isAfter(now)) {
            throw new IncidentException.Invalid("detectedAt is in the future");
        }
        return open(severity, title, description, null, operator, detected, now);
    }

    /** Opens the incident of an alert that fired (an alert's own transaction). */
    Incident openFromAlert(AlertRule rule, String summary, Instant firedAt) {
        String title = clip(rule.name() + ": " + summary, TITLE_MAX);
        return open(rule.severity(), title, clip(summary, TEXT_MAX), rule.name(), "alert:" + rule.name(), firedAt,
                firedAt);
    }

    private Incident open(Severity severity, String title, String description, String rule, String operator,
                          Instant detected, Instant now) {
        boolean severe = severity == Severity.SEVERE;
        Instant respondBy = now.plus(severe ? deadlines.severeRespond() : deadlines.ordinaryRespond());
        Instant restoreBy = now.plus(severe ? deadlines.severeRestore() : deadlines.ordinaryRestore());
        Instant onsiteBy = severe ? now.plus(deadlines.severeOnsite()) : null;
        long id = incidents.insert(new IncidentRepository.NewIncident(severity, title, description, rule, operator,
                detected, now, respondBy, restoreBy, onsiteBy));
        audit.append(AuditEvent.success(operator, role(operator), "INCIDENT_OPENED", "incident/" + id,
                severity + (rule == null ? "" : " rule=" + rule)));
        log.info("Incident {} opened ({}, {})", id, severity, rule == null ? "by " + operator : "alert " + rule);
        return find(id);
    }

    /** Records the response (响应). */
    @Transactional
    public Incident respond(long id, String note, String operator) {
        Incident incident = find(id);
        if (!incidents.respond(id, operator, note(incident, "respond", note, operator), clock.instant())) {
            throw conflict(incident, "the response is already recorded");
        }
        audit.append(AuditEvent.success(operator, role(operator), "INCIDENT_RESPONDED", "incident/" + id, null));
        return find(id);
    }

    /** Records the restoration of service (恢复). */
    @Transactional
    public Incident restore(long id, String note, String operator) {
        Incident incident = find(id);
        if (!incidents.restore(id, operator, note(incident, "restore", note, operator), clock.instant())) {
            throw conflict(incident, "the restoration is already recorded");
        }
        audit.append(AuditEvent.success(operator, role(operator), "INCIDENT_RESTORED", "incident/" + id, null));
        return find(id);
    }

    /** Records the engineer on site (到场); {@code engineer} defaults to the operator. */
    @Transactional
    public Incident onsite(long id, String engineer, String note, String operator) {
        Incident incident = find(id);
        String who = engineer == null || engineer.isBlank() ? operator : required("engineer", engineer, 128);
        if (!incidents.onsite(id, who, note(incident, "onsite", note, operator), clock.instant())) {
            throw conflict(incident, "the engineer on site is already recorded");
        }
        audit.append(AuditEvent.success(operator, role(operator), "INCIDENT_ONSITE", "incident/" + id, null));
        return find(id);
    }

    /** Closes the incident with cause analysis (原因分析), review (复盘) and advice (优化建议), all required. */
    @Transactional
    public Incident resolve(long id, String cause, String review, String advice, String operator) {
        Incident incident = find(id);
        String c = required("cause", cause, ANALYSIS_MAX);
        String r = required("review", review, ANALYSIS_MAX);
        String a = required("advice", advice, ANALYSIS_MAX);
        if (!incidents.resolve(id, operator, c, r, a, clock.instant())) {
            throw conflict(incident, "the incident is already resolved");
        }
        audit.append(AuditEvent.success(operator, role(operator), "INCIDENT_RESOLVED", "incident/" + id, null));
        return find(id);
    }

    /** The alert that opened the incident resolved: restoration recorded at {@code at} unless already recorded. */
    void alertResolved(long id, String rule, Instant at) {
        if (incidents.restore(id, "alert:" + rule, null, at)) {
            audit.append(AuditEvent.success("alert:" + rule, "SYSTEM", "INCIDENT_RESTORED", "incident/" + id,
                    "alert resolved"));
        }
    }

    /**
     * Escalates every unmet deadline of an open incident that falls within the escalation lead time, once per
     * deadline (the alert job runs this after its rules).
     */
    void escalate() {
        Instant now = clock.instant();
        Instant horizon = now.plus(deadlines.escalationLead());
        for (Incident incident : incidents.open()) {
            escalate(incident, "respond", incident.respondedAt() == null ? incident.respondBy() : null, horizon);
            Incident current = incidents.find(incident.id()).orElse(incident);
            escalate(current, "restore", current.restoredAt() == null ? current.restoreBy() : null, horizon);
            current = incidents.find(incident.id()).orElse(current);
            escalate(current, "onsite", current.onsiteAt() == null ? current.onsiteBy() : null, horizon);
        }
    }

    private void escalate(Incident incident, String deadline, Instant due, Instant horizon) {
        if (due == null || due.isAfter(horizon) || incident.escalated().contains(deadline)) {
            return;
        }
        if (incidents.escalated(incident.id(), incident.escalated(), deadline)) {
            log.warn("Incident {}: the {} deadline {} is near or missed, escalating", incident.id(), deadline, due);
            notifier.escalation(incident, deadline, due);
        }
    }

    private String note(Incident incident, String step, String note, String operator) {
        if (note == null || note.isBlank()) {
            return null;
        }
        return "[" + step + " " + clock.instant() + " " + operator + "] " + optional("note", note, TEXT_MAX);
    }

    private static IncidentException conflict(Incident incident, String reason) {
        return new IncidentException.StepConflict(incident.resolvedAt() != null
                ? "incident " + incident.id() + " is resolved" : reason);
    }

    private static Severity severity(String value) {
        if (value == null || value.isBlank()) {
            throw new IncidentException.Invalid("severity is required (ORDINARY or SEVERE)");
        }
        try {
            return Severity.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IncidentException.Invalid("severity must be ORDINARY or SEVERE");
        }
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IncidentException.Invalid(field + " is required");
        }
        return optional(field, value, max);
    }

    private static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            throw new IncidentException.Invalid(field + " is longer than " + max + " characters");
        }
        return value.strip();
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String role(String operator) {
        return operator.startsWith("alert:") ? "SYSTEM" : "SYSTEM_ADMIN";
    }

}
