package org.medsign.adapters.httpjson;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.medsign.adapters.http.HttpOutcomes;
import org.medsign.adapters.http.HttpRefusal;
import org.medsign.adapters.http.SyncHttpProtocol;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.adapters.model.SigningRequest;

/**
 * The HTTP JSON words of the synchronous HTTP route: {@code POST <path>/sign}; 200 {@code SIGNED} with the base64 CMS
 * SignedData; 202 {@code PENDING} or {@code IN_PROGRESS}; errors as {@code {"status": "REJECTED" (at
 * intake) or "FAILED" (after acceptance), "requestId", "error": {"code", "category", "message"}}} with the HTTP status
 * of the code's category ({@link HttpOutcomes}).
 */
public final class JsonProtocol implements SyncHttpProtocol {

    /** The one instance; it holds nothing per route. */
    public static final JsonProtocol INSTANCE = new JsonProtocol();

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonProtocol() {
    }

    @Override
    public String channel() {
        return "httpjson";
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public String resultName() {
        return "signature";
    }

    @Override
    public void checkOperation(String method, String path) {
        if (path == null || !path.endsWith("/sign")) {
            throw new HttpRefusal(ErrorCode.UNKNOWN_OPERATION, "this endpoint offers POST .../sign");
        }
        if (!"POST".equalsIgnoreCase(method)) {
            throw new HttpRefusal(ErrorCode.METHOD_NOT_ALLOWED, "use POST");
        }
    }

    @Override
    public String signed(SigningRequest request, SignedArtifact artifact, Object translated) {
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
        return write(answer);
    }

    @Override
    public String waiting(SigningRequest request, ErrorCode status, String message) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", status.name());
        answer.put("requestId", request.requestId());
        answer.put("category", status.category().name());
        answer.put("message", message);
        return write(answer);
    }

    @Override
    public String error(String reference, boolean afterAcceptance, ErrorCode code, String text) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("category", code.category().name());
        error.put("message", text);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", afterAcceptance ? "FAILED" : "REJECTED");
        answer.put("requestId", reference);
        answer.put("error", error);
        return write(answer);
    }

    private static String write(Map<String, Object> answer) {
        try {
            return JSON.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
