package org.medsign.hub.api;

import java.nio.charset.StandardCharsets;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.ops.annual.AnnualReport;
import org.medsign.hub.ops.annual.AnnualReports;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The annual maintenance summary and health assessment (年度运维总结与系统健康评估) for the system administrator:
 * computed from the year's data on each call, as JSON, HTML or PDF.
 */
@RestController
@RequestMapping(path = "/api/v1/ops")
@Tag(name = "ops", description = "Alerts and incidents (system administrator)")
public class AnnualReportController {

    private final AnnualReports reports;

    public AnnualReportController(AnnualReports reports) {
        this.reports = reports;
    }

    @Operation(summary = "The annual report of a year (year=2026, hospital's zone): availability, signatures per "
            + "system and month, incidents and SLA per quarter, renewals and certificate changes, inspections and "
            + "findings, upgrades and changes, health score with its components; 400 INVALID_REQUEST for a bad year")
    @GetMapping(path = "/annual-report", produces = MediaType.APPLICATION_JSON_VALUE)
    public AnnualReport report(@RequestParam String year) {
        return reports.report(year);
    }

    @Operation(summary = "The annual report as HTML (Chinese, self-contained, charts inline)")
    @GetMapping(path = "/annual-report.html", produces = {MediaType.TEXT_HTML_VALUE, MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<String> html(@RequestParam String year) {
        String html = reports.html(year);
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(html);
    }

    @Operation(summary = "The annual report as PDF (Chinese, with the charts)")
    @GetMapping(path = "/annual-report.pdf", produces = {MediaType.APPLICATION_PDF_VALUE,
            MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<byte[]> pdf(@RequestParam String year) {
        byte[] pdf = reports.pdf(year);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("annual-report-" + reports.year(year) + ".pdf").build().toString())
                .body(pdf);
    }
}
