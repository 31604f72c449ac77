package org.medsign.hub.api;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.mobile.WebTickets;
import org.medsign.hub.security.SystemPrincipal;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Web tickets for the JS SDK (issue #13): a system's backend exchanges its API key for a short-lived ticket that its
 * web page hands to {@code /sdk/medsign.js}; the page never sees the key. Only systems (API key) get tickets.
 */
@RestController
@Tag(name = "sdk", description = "JS SDK for third-party web pages: web tickets and the ticket endpoints (issue #13)")
public class WebTicketsController {

    /** What a ticket may serve: with {@code requestId}, only that request (create, status, its task's QR code). */
    public record TicketRequest(@Size(max = 128) @Pattern(regexp = "[\\p{Alnum}._:\\-/]+") String requestId) {
    }

    /** A new ticket: shown once, valid until {@code expiresAt} for at most {@code uses} requests. */
    public record TicketResponse(String ticket, Instant expiresAt, int uses, String system, String requestId) {
    }

    private final WebTickets tickets;

    public WebTicketsController(WebTickets tickets) {
        this.tickets = tickets;
    }

    @Operation(summary = "A web ticket for a browser page of this system (Authorization: MedSign-Ticket on "
            + "/api/v1/web/**); 403 SYSTEM_REQUIRED for anyone but a system")
    @PostMapping(path = "/api/v1/web-tickets", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TicketResponse> issue(@AuthenticationPrincipal SystemPrincipal system,
                                                @Valid @RequestBody(required = false) TicketRequest body) {
        if (system == null) {
            throw new ApiException(ErrorCode.SYSTEM_REQUIRED, "web tickets are issued to hospital systems (API key)");
        }
        String requestId = body == null ? null : body.requestId();
        WebTickets.Issued issued = tickets.issue(system.systemId(), requestId);
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .body(new TicketResponse(issued.ticket(), issued.expiresAt(), issued.uses(), system.systemId(),
                        issued.requestId()));
    }
}
