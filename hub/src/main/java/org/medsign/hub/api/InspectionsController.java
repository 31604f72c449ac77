package org.medsign.hub.api;

import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.ops.inspection.Inspection;
import org.medsign.hub.ops.inspection.InspectionException;
import org.medsign.hub.ops.inspection.InspectionRepository;
import org.medsign.hub.ops.inspection.Inspections;
import org.medsign.hub.ops.inspection.OnsiteChecklist;
import org.springframework.http.HttpHeaders;
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

/** Inspections (巡检) for the system administrator: run one, list them, read one and its report (HTML, PDF). */
@RestController
@RequestMapping(path = "/api/v1/ops/inspections")
@Tag(name = "ops", description = "Alerts and incidents (system administrator)")
public class InspectionsController {

    private final Inspections inspections;

    public InspectionsController(Inspections inspections) {
        this.inspections = inspections;
    }

    /**
     * The body of an on-site run: {@code kind} ONSITE, the engineer and the observations of the on-site checklist.
     * No body (or kind REMOTE without observations) runs the remote inspection.
     */
    public record RunRequest(String kind, String engineer, List<OnsiteChecklist.Answer> observations) {
    }

    @Operation(summary = "Run an inspection now: collects every section, derives the findings, writes the report "
            + "(HTML and PDF) and stores it; answers the inspection with its sections and findings. Without a body "
            + "the quarterly remote inspection; with {\"kind\":\"ONSITE\",\"engineer\",\"observations\":[{\"item\","
            + "\"result\":\"OK|ATTENTION|FAIL\",\"note\"}]} the semi-annual on-site inspection (400 INVALID_REQUEST "
            + "when the engineer or an observation is missing or invalid; nothing is stored then)")
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Inspection run(Authentication user, @RequestBody(required = false) RunRequest body) {
        String kind = body == null || body.kind() == null ? null : body.kind().strip().toUpperCase(Locale.ROOT);
        if (kind == null || kind.equals(Inspection.Kind.REMOTE.name())) {
            if (body != null && (body.engineer() != null || body.observations() != null)) {
                throw new InspectionException.InvalidOnsite("engineer and observations are for kind ONSITE only");
            }
            return inspections.run(user.getName());
        }
        if (!kind.equals(Inspection.Kind.ONSITE.name())) {
            throw new InspectionException.InvalidOnsite("kind must be REMOTE or ONSITE");
        }
        return inspections.runOnsite(user.getName(), body.engineer(), body.observations());
    }

    @Operation(summary = "Inspections, newest first, with their kind (REMOTE, ONSITE), the on-site engineer and the "
            + "number of findings per severity")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public List<InspectionRepository.Listed> list(@RequestParam(defaultValue = "50") int limit) {
        return inspections.list(Paging.limit(limit, 500));
    }

    @Operation(summary = "One inspection with its sections and findings")
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Inspection inspection(@PathVariable String id) {
        return inspections.find(id(id));
    }

    @Operation(summary = "The inspection report as HTML (Chinese, self-contained)")
    @GetMapping(path = "/{id}/report.html", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> html(@PathVariable String id) {
        long inspection = id(id);
        return ResponseEntity.ok().contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .body(inspections.html(inspection));
    }

    @Operation(summary = "The inspection report as PDF (Chinese, with the traffic chart)")
    @GetMapping(path = "/{id}/report.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    public ResponseEntity<byte[]> pdf(@PathVariable String id) {
        long inspection = id(id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"inspection-" + inspection + ".pdf\"")
                .body(inspections.pdf(inspection));
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new InspectionException.Unknown(id.length() > 40 ? id.substring(0, 40) : id);
        }
    }
}
