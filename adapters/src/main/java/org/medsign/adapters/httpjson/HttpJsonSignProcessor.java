package org.medsign.adapters.httpjson;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.medsign.adapters.http.HttpCaller;
import org.medsign.adapters.http.HttpOutcomes;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.OutcomeCategory;
import org.medsign.adapters.model.Rejection;
import org.medsign.adapters.model.RequestOutcome;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRefusedException;
import org.medsign.adapters.model.SigningRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON endpoint of a system that speaks neither HL7 nor FHIR: {@code POST <path>/sign} with the system's API key
 * and its own JSON (read through a {@link JsonMapping}). Waits for the signature (the hub's synchronous timeout) and
 * answers 200 {@code SIGNED} with the base64 CMS SignedData; 202 {@code PENDING_AUTHORIZATION} or {@code IN_PROGRESS}
 * (send the same request again: it is idempotent; that answer is also the final answer of a request that failed after
 * acceptance); errors as {@code {"status": "REJECTED", "error": {"code", "category", "message"}}} with the HTTP status
 * of the code's category ({@link HttpOutcomes}), {@code Retry-After} when transient.
 */
public final class HttpJsonSignProcessor implements Processor {

    private static final Logger log = LoggerFactory.getLogger(HttpJsonSignProcessor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String system;
    private final JsonMapping mapping;
    private final int maxBytes;
    private SigningGateway gateway;

    public HttpJsonSignProcessor(String system, JsonMapping mapping, int maxBytes) {
        this.system = system;
        this.mapping = mapping;
        this.maxBytes = maxBytes;
    }

    /** An answer other than 200/202: the code (its status is {@link HttpOutcomes#status}) and a message. */
    private static final class Refusal extends RuntimeException {
        private final ErrorCode code;

        Refusal(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }
    }

    @Override
    public void process(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        String reference = null;
        try {
            if (path == null || !path.endsWith("/sign")) {
                throw new Refusal(ErrorCode.UNKNOWN_OPERATION, "this endpoint offers POST .../sign");
            }
            if (!"POST".equalsIgnoreCase(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class))) {
                throw new Refusal(ErrorCode.METHOD_NOT_ALLOWED, "use POST");
            }
            HttpCaller.require(exchange, gateway(exchange.getContext()), system);
            if (body != null && body.length > maxBytes) {
                throw new Refusal(ErrorCode.CONTENT_TOO_LARGE, "the request of " + body.length
                        + " bytes exceeds the limit of " + maxBytes);
            }
            SigningRequest request;
            try {
                request = mapping.read(system, body);
            } catch (JsonMapping.InvalidMessageException e) {
                throw new Refusal(e.code(), e.getMessage());
            }
            reference = request.requestId();
            RequestOutcome outcome = gateway(exchange.getContext()).acceptAndWait(request);
            if (outcome.isSigned()) {
                respond(exchange, 200, signed(request, outcome.artifact()));
            } else if (outcome.isPendingAuthorization()) {
                respond(exchange, 202, waiting(request, ErrorCode.PENDING_AUTHORIZATION, "the signer has not "
                        + "authorized this system; a pending task was created. Send the same request again once it "
                        + "is authorized"));
            } else if (outcome.isFailed()) {
                // the final answer of an accepted request (the polling answer): refused, or failed after its retries
                answer(exchange, reference, "FAILED", outcome.errorCode(), outcome.errorDetail());
            } else {
                respond(exchange, 202, waiting(request, ErrorCode.IN_PROGRESS, "the document is accepted and being "
                        + "signed; send the same request again for the signature"));
            }
        } catch (HttpCaller.Refused e) {
            error(exchange, body, reference, e.code(), e.getMessage());
        } catch (Refusal e) {
            error(exchange, body, reference, e.code, e.getMessage());
        } catch (SigningRefusedException e) {
            error(exchange, body, reference, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("JSON request of {} could not be handled: {}", system, e.getClass().getSimpleName());
            log.debug("cause", e);
            error(exchange, body, reference, ErrorCode.HUB_UNAVAILABLE, "the hub could not accept the document now; "
                    + "send it again later");
        }
    }

    private static Map<String, Object> signed(SigningRequest request, SignedArtifact artifact) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "SIGNED");
        answer.put("requestId", request.requestId());
        answer.put("documentId", request.documentId());
        answer.put("signer", request.signer());
        answer.put("signatureId", artifact.signatureId());
        answer.put("staffId", artifact.staffId());
        answer.put("certificateSerial", artifact.certificateSerial());
        answer.put("signedAt", artifact.signedAt().toString());
        answer.put("timestampTime", artifact.timestampTime() == null ? null : artifact.timestampTime().toString());
        answer.put("contentSm3", artifact.contentSm3());
        answer.put("format", "application/pkcs7-signature");
        answer.put("signature", Base64.getEncoder().encodeToString(artifact.signature()));
        return answer;
    }

    private static Map<String, Object> waiting(SigningRequest request, ErrorCode status, String message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", status.name());
        answer.put("requestId", request.requestId());
        answer.put("category", status.category().name());
        answer.put("message", message);
        return answer;
    }

    /** A refusal at intake: answered, and recorded for operators unless it is about credentials. */
    private void error(Exchange exchange, byte[] body, String reference, ErrorCode code, String message) {
        answer(exchange, reference, "REJECTED", code, message);
        OutcomeCategory category = code.category();
        if (category != OutcomeCategory.AUTHENTICATION && category != OutcomeCategory.THROTTLED) {
            try {
                gateway(exchange.getContext()).rejected(new Rejection(system, "httpjson", reference, code, message,
                        body));
            } catch (RuntimeException e) {
                log.warn("Could not record a JSON rejection of {}: {}", system, e.getClass().getSimpleName());
            }
        }
    }

    /**
     * {@code {"status": "REJECTED" (at intake) or "FAILED" (after acceptance), "requestId", "error": {"code",
     * "category", "message"}}} with the code's HTTP status and, when transient, {@code Retry-After}.
     */
    private static void answer(Exchange exchange, String reference, String status, ErrorCode code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("category", code.category().name());
        error.put("message", message == null ? code.sentence() : message);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", status);
        answer.put("requestId", reference);
        answer.put("error", error);
        respond(exchange, HttpOutcomes.status(code), answer);
        HttpOutcomes.retryAfter(code).ifPresent(seconds -> exchange.getMessage().setHeader("Retry-After", seconds));
    }

    private static void respond(Exchange exchange, int status, Map<String, Object> answer) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
        try {
            exchange.getMessage().setBody(JSON.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private SigningGateway gateway(CamelContext context) {
        if (gateway == null) {
            gateway = SigningGateway.from(context);
        }
        return gateway;
    }
}
