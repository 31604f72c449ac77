package org.medsign.hub.api;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.ops.Retention;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Retention and clean-up of operational data (system administrator). */
@RestController
@RequestMapping(path = "/api/v1/admin/retention", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "admin", description = "System administrator operations")
public class RetentionController {

    private final Retention retention;

    public RetentionController(Retention retention) {
        this.retention = retention;
    }

    @Operation(summary = "Retention periods and the latest clean-up reports")
    @GetMapping
    public Map<String, Object> status() {
        return Map.of("policies", retention.policies(), "runs", retention.recent(20));
    }

    @Operation(summary = "Run the clean-up now")
    @PostMapping("/run")
    public Retention.Report run(Authentication user) {
        return retention.run(user.getName());
    }
}
