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
 * (send the same request again: it is idempotent); errors as {@code {"status": "REJECTED", "error": {"code",
 * "message"}}} with 400, 401, 403, 404, 405, 409, 413, 422, 429 or 503.
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

    /** An answer other than 200/202. */
    private static final class Refusal extends RuntimeException {
        private final int status;
        private final String code;

        Refusal(int status, String code, String message) {
            super(message);
            this.status = status;
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
                throw new Refusal(404, "UNKNOWN_OPERATION", "this endpoint offers POST .../sign");
            }
            if (!"POST".equalsIgnoreCase(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class))) {
                throw new Refusal(405, "METHOD_NOT_ALLOWED", "use POST");
            }
            HttpCaller.require(exchange, gateway(exchange.getContext()), system);
            if (body != null && body.length > maxBytes) {
                throw new Refusal(413, "CONTENT_TOO_LARGE", "the request of " + body.length
                        + " bytes exceeds the limit of " + maxBytes);
            }
            SigningRequest request;
            try {
                request = mapping.read(system, body);
            } catch (JsonMapping.InvalidMessageException e) {
                throw new Refusal(400, e.code(), e.getMessage());
            }
            reference = request.requestId();
            RequestOutcome outcome = gateway(exchange.getContext()).acceptAndWait(request);
            if (outcome.isSigned()) {
                respond(exchange, 200, signed(request, outcome.artifact()));
            } else if (outcome.isPendingAuthorization()) {
                respond(exchange, 202, waiting(request, "PENDING_AUTHORIZATION", "the signer has not authorized "
                        + "this system; a pending task was created. Send the same request again once it is authorized"));
            } else if (outcome.isFailed()) {
                throw new Refusal(422, outcome.errorCode(), outcome.errorDetail());
            } else if ("RECEIVED".equals(outcome.status())) {
                respond(exchange, 202, waiting(request, "IN_PROGRESS", "the document is accepted and being signed; "
                        + "send the same request again for the signature"));
            } else {
                throw new Refusal(503, outcome.errorCode() == null ? "UNAVAILABLE" : outcome.errorCode(),
                        "the hub could not sign the document now; an operator was alerted");
            }
        } catch (HttpCaller.Refused e) {
            error(exchange, body, reference, e.status(), e.code(), e.getMessage());
        } catch (Refusal e) {
            error(exchange, body, reference, e.status, e.code, e.getMessage());
        } catch (SigningRefusedException e) {
            int status = e.code().equals("CONTENT_TOO_LARGE") ? 413 : e.code().equals("REQUEST_ID_REUSED") ? 409 : 422;
            error(exchange, body, reference, status, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("JSON request of {} could not be handled: {}", system, e.getClass().getSimpleName());
            log.debug("cause", e);
            error(exchange, body, reference, 503, "HUB_UNAVAILABLE", "the hub could not accept the document now; "
                    + "send it again");
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

    private static Map<String, Object> waiting(SigningRequest request, String status, String message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", status);
        answer.put("requestId", request.requestId());
        answer.put("message", message);
        return answer;
    }

    private void error(Exchange exchange, byte[] body, String reference, int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "REJECTED");
        answer.put("requestId", reference);
        answer.put("error", error);
        respond(exchange, status, answer);
        if (status != 401 && status != 429) {
            try {
                gateway(exchange.getContext()).rejected(new Rejection(system, "httpjson", reference, code, message,
                        body));
            } catch (RuntimeException e) {
                log.warn("Could not record a JSON rejection of {}: {}", system, e.getClass().getSimpleName());
            }
        }
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
