package org.medsign.hub.api;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.ops.Backups;
import org.medsign.hub.ops.alerts.Alert;
import org.medsign.hub.ops.alerts.Alerts;
import org.medsign.hub.ops.alerts.Incident;
import org.medsign.hub.ops.alerts.IncidentException;
import org.medsign.hub.ops.alerts.IncidentReports;
import org.medsign.hub.ops.alerts.Incidents;
import org.medsign.hub.ops.alerts.SlaCompliance;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operations for the system administrator: alerts and the fault ledger (故障台账) with its SLA deadlines. */
@RestController
@RequestMapping(path = "/api/v1/ops", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ops", description = "Alerts and incidents (system administrator)")
public class OpsController {

    /** The body of respond, restore and onsite (all optional). */
    public record StepBody(String note, String engineer) {
    }

    /** The body of resolve: all three required. */
    public record ResolveBody(String cause, String review, String advice) {
    }

    private final Alerts alerts;
    private final Incidents incidents;
    private final SlaCompliance sla;
    private final IncidentReports reports;
    private final Backups backups;

    public OpsController(Alerts alerts, Incidents incidents, SlaCompliance sla, IncidentReports reports,
                         Backups backups) {
        this.alerts = alerts;
        this.incidents = incidents;
        this.sla = sla;
        this.reports = reports;
        this.backups = backups;
    }

    @Operation(summary = "Make a backup now: H2 online backup + Artemis journal + secrets in one ZIP with a manifest "
            + "(on PostgreSQL: journal and secrets only, database=false)")
    @PostMapping("/backups")
    public ResponseEntity<Backups.Backup> backup(Authentication user) {
        return ResponseEntity.status(HttpStatus.CREATED).body(backups.make(user.getName()));
    }

    @Operation(summary = "The backup archives (newest first), their directory and the last successful database backup")
    @GetMapping("/backups")
    public Map<String, Object> backups() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("directory", backups.directory().toString());
        body.put("lastSuccess", backups.lastSuccess().map(Instant::toString).orElse(null));
        body.put("database", backups.isH2() ? "h2" : "postgresql");
        body.put("archives", backups.list());
        return body;
    }

    @Operation(summary = "Every alert rule that has fired: FIRING first, then RESOLVED (the last episode)")
    @GetMapping("/alerts")
    public List<Alert> alerts() {
        return alerts.list();
    }

    @Operation(summary = "Incidents, newest first (open=true: unresolved only)")
    @GetMapping("/incidents")
    public List<Map<String, Object>> incidents(@RequestParam(defaultValue = "false") boolean open,
                                               @RequestParam(defaultValue = "200") int limit) {
        Instant now = Clock.systemUTC().instant();
        return incidents.list(open, Paging.limit(limit, 1000)).stream().map(i -> view(i, now)).toList();
    }

    @Operation(summary = "One incident with its deadlines and recorded times")
    @GetMapping("/incidents/{id}")
    public Map<String, Object> incident(@PathVariable String id) {
        return view(incidents.find(id(id)), Clock.systemUTC().instant());
    }

    @Operation(summary = "Open an incident by hand: {severity ORDINARY|SEVERE, title, description?, detectedAt?}")
    @PostMapping(path = "/incidents", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> report(@RequestBody(required = false) Incidents.Report body,
                                                      Authentication user) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(view(incidents.report(body, user.getName()), Clock.systemUTC().instant()));
    }

    @Operation(summary = "Record the response (响应): {note?}")
    @PostMapping("/incidents/{id}/respond")
    public Map<String, Object> respond(@PathVariable String id, @RequestBody(required = false) StepBody body,
                                       Authentication user) {
        return view(incidents.respond(id(id), note(body), user.getName()), Clock.systemUTC().instant());
    }

    @Operation(summary = "Record the restoration of service (恢复): {note?}")
    @PostMapping("/incidents/{id}/restore")
    public Map<String, Object> restore(@PathVariable String id, @RequestBody(required = false) StepBody body,
                                       Authentication user) {
        return view(incidents.restore(id(id), note(body), user.getName()), Clock.systemUTC().instant());
    }

    @Operation(summary = "Record the engineer on site (到场): {engineer?, note?}")
    @PostMapping("/incidents/{id}/onsite")
    public Map<String, Object> onsite(@PathVariable String id, @RequestBody(required = false) StepBody body,
                                      Authentication user) {
        return view(incidents.onsite(id(id), body == null ? null : body.engineer(), note(body), user.getName()),
                Clock.systemUTC().instant());
    }

    @Operation(summary = "Close the incident: {cause (原因分析), review (复盘), advice (优化建议)}, all required")
    @PostMapping("/incidents/{id}/resolve")
    public Map<String, Object> resolve(@PathVariable String id, @RequestBody(required = false) ResolveBody body,
                                       Authentication user) {
        long incident = id(id);
        ResolveBody given = body == null ? new ResolveBody(null, null, null) : body;
        return view(incidents.resolve(incident, given.cause(), given.review(), given.advice(), user.getName()),
                Clock.systemUTC().instant());
    }

    @Operation(summary = "The fault report (故障报告) of one incident as PDF, in Chinese")
    @GetMapping(path = "/incidents/{id}/report.pdf", produces = {MediaType.APPLICATION_PDF_VALUE,
            MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<byte[]> incidentReport(@PathVariable String id) {
        Incident incident = incidents.find(id(id));
        return pdf(reports.incident(incident), "incident-" + incident.id() + ".pdf");
    }

    @Operation(summary = "SLA compliance of a month (period=2026-12) or quarter (period=2026-Q4), hospital's zone")
    @GetMapping("/sla")
    public Map<String, Object> sla(@RequestParam(required = false) String period) {
        SlaCompliance.Report report = sla.report(period);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("period", report.period());
        view.put("zone", report.zone());
        view.put("from", report.from());
        view.put("to", report.to());
        view.put("incidents", report.incidents());
        view.put("bySeverity", report.bySeverity());
        view.put("steps", report.steps());
        view.put("incidentIds", report.ledger().stream().map(Incident::id).toList());
        return view;
    }

    @Operation(summary = "SLA compliance of a month or quarter as PDF (the same figures and the incidents)")
    @GetMapping(path = "/sla/report.pdf", produces = {MediaType.APPLICATION_PDF_VALUE,
            MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<byte[]> slaReport(@RequestParam(required = false) String period) {
        SlaCompliance.Report report = sla.report(period);
        return pdf(reports.sla(report), "sla-" + report.period() + ".pdf");
    }

    private static ResponseEntity<byte[]> pdf(byte[] bytes, String name) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(name).build().toString())
                .body(bytes);
    }

    private static String note(StepBody body) {
        return body == null ? null : body.note();
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IncidentException.Unknown(id.length() > 40 ? id.substring(0, 40) : id);
        }
    }

    /** The incident as the API answers it. */
    static Map<String, Object> view(Incident i, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", i.id());
        view.put("severity", i.severity());
        view.put("state", i.state());
        view.put("title", i.title());
        view.put("description", i.description());
        view.put("rule", i.rule());
        view.put("openedBy", i.openedBy());
        view.put("detectedAt", i.detectedAt());
        view.put("openedAt", i.openedAt());
        view.put("respondBy", i.respondBy());
        view.put("restoreBy", i.restoreBy());
        view.put("onsiteBy", i.onsiteBy());
        view.put("respondedAt", i.respondedAt());
        view.put("responder", i.responder());
        view.put("restoredAt", i.restoredAt());
        view.put("restorer", i.restorer());
        view.put("onsiteAt", i.onsiteAt());
        view.put("onsiteEngineer", i.onsiteEngineer());
        view.put("resolvedAt", i.resolvedAt());
        view.put("resolver", i.resolver());
        view.put("cause", i.cause());
        view.put("review", i.review());
        view.put("advice", i.advice());
        view.put("notes", i.notes());
        view.put("escalated", i.escalated());
        view.put("respondedInTime", i.respondedInTime(now));
        view.put("restoredInTime", i.restoredInTime(now));
        view.put("onsiteInTime", i.onsiteInTime(now));
        return view;
    }
}
