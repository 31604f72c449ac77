package org.medsign.hub.api;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.lifecycle.operations.Approvals.Approval;
import org.medsign.hub.lifecycle.operations.Approvals;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pending approvals (双人复核): what dual control is holding back, for a second security administrator to approve or
 * reject.
 */
@RestController
@RequestMapping(path = "/api/v1/ledger/approvals", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ledger", description = "Certificate lifecycle (security administrator)")
public class ApprovalsController {

    /** An optional note with a decision. */
    public record Decision(String note) {
    }

    private final Approvals approvals;

    public ApprovalsController(Approvals approvals) {
        this.approvals = approvals;
    }

    @Operation(summary = "Approval requests, newest first (state PENDING, APPROVED, REJECTED, EXPIRED; default all)")
    @GetMapping
    public List<Approval> list(@RequestParam(required = false) String state) {
        return approvals.list(state == null || state.isBlank() ? null : state.trim().toUpperCase());
    }

    @Operation(summary = "One approval request")
    @GetMapping("/{id}")
    public Approval get(@PathVariable long id) {
        return approvals.find(id);
    }

    @Operation(summary = "Approve and carry out (a security administrator other than the requester)")
    @PostMapping("/{id}/approve")
    public Approval approve(@PathVariable long id, @RequestBody(required = false) Decision body, Authentication user) {
        return approvals.approve(id, user.getName(), body == null ? null : body.note());
    }

    @Operation(summary = "Reject (or withdraw one's own request)")
    @PostMapping("/{id}/reject")
    public Approval reject(@PathVariable long id, @RequestBody(required = false) Decision body, Authentication user) {
        return approvals.reject(id, user.getName(), body == null ? null : body.note());
    }
}
