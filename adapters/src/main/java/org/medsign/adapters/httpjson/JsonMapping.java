package org.medsign.adapters.httpjson;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRequest;

/**
 * Where a system's own JSON keeps what the hub needs: JSON Pointers (RFC 6901) to the request id, the signer's staff
 * code, the document id and type, the scenario, and the content (base64 bytes, or text signed as its UTF-8 bytes).
 * The defaults read the hub's plain shape:
 * <pre>{"requestId": "…", "signer": "D0003", "documentId": "…", "documentType": "…", "scenario": "…",
 *  "content": "&lt;base64&gt;"}   (or "text": "…")</pre>
 *
 * @param requestId    pointer to the idempotency key (required in the message)
 * @param signer       pointer to the signer's staff code (required)
 * @param documentId   pointer to the document id (optional in the message)
 * @param documentType pointer to the document type (optional)
 * @param scenario     pointer to the business scenario (optional)
 * @param content      pointer to base64 content
 * @param text         pointer to text content, used when there is no base64 content
 */
public record JsonMapping(String requestId, String signer, String documentId, String documentType, String scenario,
                          String content, String text) {

    /** The hub's plain shape. */
    public static final JsonMapping DEFAULT = new JsonMapping("/requestId", "/signer", "/documentId",
            "/documentType", "/scenario", "/content", "/text");

    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonMapping {
        for (String pointer : new String[] {requestId, signer, documentId, documentType, scenario, content, text}) {
            Objects.requireNonNull(pointer, "pointer");
            if (!pointer.isEmpty()) {
                JsonPointer.compile(pointer); // throws IllegalArgumentException naming the bad pointer
            }
        }
    }

    /** A message the system sent that cannot be signed, with a stable code and a reason to send back. */
    public static final class InvalidMessageException extends Exception {
        private final ErrorCode code;

        InvalidMessageException(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }

    /** Reads a message of {@code system} into the canonical request. */
    public SigningRequest read(String system, byte[] body) throws InvalidMessageException {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new InvalidMessageException(ErrorCode.JSON_PARSE,
                    "the body is not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidMessageException(ErrorCode.JSON_PARSE, "the body must be a JSON object");
        }
        String id = required(root, requestId, "request id");
        if (id.length() > 128) {
            throw new InvalidMessageException(ErrorCode.INVALID_FIELD, "the request id at " + requestId
                    + " is longer than 128 characters");
        }
        String signerCode = required(root, signer, "signer");
        return new SigningRequest(system, id, Operation.CMS, signerCode, optional(root, scenario),
                optional(root, documentId), optional(root, documentType), content(root), SigningOptions.DEFAULT);
    }

    private byte[] content(JsonNode root) throws InvalidMessageException {
        String base64 = optional(root, content);
        if (base64 != null) {
            try {
                byte[] bytes = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
                if (bytes.length > 0) {
                    return bytes;
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidMessageException(ErrorCode.INVALID_FIELD,
                        "the content at " + content + " is not base64");
            }
        }
        String plain = optional(root, text);
        if (plain != null) {
            return plain.getBytes(StandardCharsets.UTF_8);
        }
        throw new InvalidMessageException(ErrorCode.MISSING_FIELD,
                "no content: put the document in base64 at " + content
                + (text.isEmpty() ? "" : " or its text at " + text));
    }

    private static String required(JsonNode root, String pointer, String what) throws InvalidMessageException {
        String value = optional(root, pointer);
        if (value == null) {
            throw new InvalidMessageException(ErrorCode.MISSING_FIELD, "no " + what + " at " + pointer);
        }
        return value;
    }

    private static String optional(JsonNode root, String pointer) throws InvalidMessageException {
        if (pointer.isEmpty()) {
            return null;
        }
        JsonNode node = root.at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new InvalidMessageException(ErrorCode.INVALID_FIELD, "the value at " + pointer + " must be text, not "
                    + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        String value = node.asText().trim();
        return value.isEmpty() ? null : value;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
