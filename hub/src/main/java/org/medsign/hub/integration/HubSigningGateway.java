package org.medsign.hub.integration;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.PeerRefusal;
import org.medsign.adapters.model.Rejection;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.RequestOutcome;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRefusedException;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.ledger.HospitalSystems;
import org.medsign.hub.security.AuthenticationFailures;
import org.medsign.hub.signing.SignerResolver;
import org.medsign.hub.signing.SigningException;
import org.medsign.hub.signing.SigningIntake;
import org.medsign.hub.signing.SigningMetrics;
import org.medsign.hub.signing.SigningOutcome;
import org.springframework.stereotype.Component;

/**
 * The hub behind every adapter: checks the signer at once (so that an HL7 system learns about an unknown code or a
 * frozen certificate in its ACK), then hands the request to the durable intake. Returns only after the request is
 * persisted and queued. Also authenticates the callers of HTTP adapters and records what adapters refused (messages,
 * and connections refused at accept time).
 */
@Component(SigningGateway.BEAN_NAME)
public class HubSigningGateway implements SigningGateway {

    private final SignerResolver resolver;
    private final SigningIntake intake;
    private final Replies replies;
    private final HospitalSystems systems;
    private final AuthenticationFailures failures;
    private final AuditLog audit;
    private final InboundRejections rejections;
    private final SigningMetrics metrics;
    private final MllpPeerRefusals peerRefusals;

    public HubSigningGateway(SignerResolver resolver, SigningIntake intake, Replies replies, HospitalSystems systems,
                             AuthenticationFailures failures, AuditLog audit, InboundRejections rejections,
                             SigningMetrics metrics, MllpPeerRefusals peerRefusals) {
        this.resolver = resolver;
        this.intake = intake;
        this.replies = replies;
        this.systems = systems;
        this.failures = failures;
        this.audit = audit;
        this.rejections = rejections;
        this.metrics = metrics;
        this.peerRefusals = peerRefusals;
    }

    @Override
    public RequestStatus accept(SigningRequest request, ReplyContext reply) {
        // the reply context commits with the request: an accepted (AA) request always has its answer's address
        return checked(request, r -> intake.submit(r, replies.companion(reply))).status();
    }

    @Override
    public RequestStatus accept(SigningRequest request) {
        return submit(request).status();
    }

    @Override
    public RequestOutcome acceptAndWait(SigningRequest request) {
        SigningOutcome outcome = checked(request, intake::submitAndWait);
        return new RequestOutcome(outcome.status(), outcome.artifact(), outcome.errorCode(), outcome.errorDetail());
    }

    @Override
    public Optional<String> authenticate(String apiKey, String clientAddress) {
        // one throttle for every credential check (docs/security.md): a valid key always passes; wrong keys count
        // against the address as "unknown key" and are audited in aggregate; a missing key guesses nothing
        if (apiKey == null || apiKey.isBlank()) {
            return Optional.empty();
        }
        String address = clientAddress == null ? "unknown" : clientAddress;
        Optional<String> system = systems.systemForKey(apiKey.trim());
        if (system.isPresent()) {
            return system;
        }
        Optional<java.time.Duration> wait = failures.refusal(AuthenticationFailures.UNKNOWN_API_KEY, address);
        if (wait.isPresent()) {
            throw new SigningRefusedException(ErrorCode.AUTHENTICATION_LOCKED_OUT,
                    "too many failed authentications from "
                    + "this address; try again in " + org.medsign.hub.CredentialThrottledException.seconds(wait.get())
                    + " s");
        }
        failures.failedLogin("adapter", "api-key", "SYSTEM", AuthenticationFailures.UNKNOWN_API_KEY, address);
        return Optional.empty();
    }

    @Override
    public void rejected(Rejection rejection) {
        rejections.record(rejection);
        metrics.outcome(rejection.systemId(), "rejected");
    }

    @Override
    public void peerRefused(PeerRefusal refusal) {
        peerRefusals.record(refusal);
    }

    private SigningOutcome submit(SigningRequest request) {
        return checked(request, intake::submit);
    }

    /** Checks the signer at once, then runs the intake step; hub refusals become {@link SigningRefusedException}. */
    private SigningOutcome checked(SigningRequest request, Function<SigningRequest, SigningOutcome> step) {
        try {
            resolver.resolve(request.systemId(), request.signer(), Instant.now());
            return step.apply(request);
        } catch (SigningException e) {
            throw new SigningRefusedException(e.code(), e.getMessage());
        }
    }
}
