package org.medsign.hub.console;

import org.medsign.hub.ops.alerts.Alerts;
import org.medsign.hub.ops.alerts.Incident;
import org.medsign.hub.ops.alerts.IncidentException;
import org.medsign.hub.ops.alerts.IncidentReports;
import org.medsign.hub.ops.alerts.Incidents;
import org.medsign.hub.ops.alerts.SlaCompliance;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The system administrator's alerts page: alert rules FIRING or last RESOLVED, the open incidents with their fault
 * reports (PDF), and the current month's SLA compliance; the PDFs are served here too (the console's session).
 */
@Controller
public class ConsoleAlertsController {

    private final Alerts alerts;
    private final Incidents incidents;
    private final SlaCompliance sla;
    private final IncidentReports reports;

    public ConsoleAlertsController(Alerts alerts, Incidents incidents, SlaCompliance sla, IncidentReports reports) {
        this.alerts = alerts;
        this.incidents = incidents;
        this.sla = sla;
        this.reports = reports;
    }

    @GetMapping("/console/systems/alerts")
    String alerts(Model model) {
        model.addAttribute("alerts", alerts.list());
        model.addAttribute("incidents", incidents.list(true, ConsoleSystemsController.LIMIT));
        SlaCompliance.Report month = sla.report(sla.currentMonth());
        model.addAttribute("sla", month);
        model.addAttribute("active", "alerts");
        return "console/alerts";
    }

    @GetMapping("/console/systems/alerts/incidents/{id}/report.pdf")
    ResponseEntity<byte[]> incidentReport(@PathVariable long id) {
        Incident incident = incidents.find(id);
        return pdf(reports.incident(incident), "incident-" + id + ".pdf");
    }

    @GetMapping("/console/systems/alerts/sla.pdf")
    ResponseEntity<byte[]> slaReport(@RequestParam(required = false) String period) {
        SlaCompliance.Report report = sla.report(period == null ? sla.currentMonth() : period);
        return pdf(reports.sla(report), "sla-" + report.period() + ".pdf");
    }

    private static ResponseEntity<byte[]> pdf(byte[] bytes, String name) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(name).build().toString())
                .body(bytes);
    }
}
