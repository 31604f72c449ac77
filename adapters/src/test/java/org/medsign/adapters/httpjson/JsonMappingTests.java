package org.medsign.adapters.httpjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.medsign.adapters.httpjson.JsonMapping.InvalidMessageException;
import org.medsign.adapters.model.SigningRequest;

class JsonMappingTests {

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultShapeReadsBase64Content() throws InvalidMessageException {
        String pdf = Base64.getEncoder().encodeToString("%PDF-1.7 护理记录".getBytes(StandardCharsets.UTF_8));
        SigningRequest request = JsonMapping.DEFAULT.read("nursing", json("{\"requestId\":\"NR-1\",\"signer\":\"HL0003\","
                + "\"documentId\":\"DOC-9\",\"documentType\":\"nursing-record\",\"content\":\"" + pdf + "\"}"));
        assertThat(request.systemId()).isEqualTo("nursing");
        assertThat(request.requestId()).isEqualTo("NR-1");
        assertThat(request.signer()).isEqualTo("HL0003");
        assertThat(request.documentId()).isEqualTo("DOC-9");
        assertThat(request.documentType()).isEqualTo("nursing-record");
        assertThat(request.scenario()).isNull();
        assertThat(new String(request.content(), StandardCharsets.UTF_8)).isEqualTo("%PDF-1.7 护理记录");
    }

    @Test
    void textIsSignedAsItsUtf8BytesWhenThereIsNoBase64Content() throws InvalidMessageException {
        SigningRequest request = JsonMapping.DEFAULT.read("nursing",
                json("{\"requestId\":\"NR-2\",\"signer\":\"HL0003\",\"text\":\"体温 36.8℃，神志清楚\"}"));
        assertThat(new String(request.content(), StandardCharsets.UTF_8)).isEqualTo("体温 36.8℃，神志清楚");
    }

    @Test
    void aSystemsOwnShapeIsReadThroughItsPointers() throws InvalidMessageException {
        JsonMapping mapping = new JsonMapping("/header/msgId", "/record/nurse/code", "/record/no", "", "", "",
                "/record/body");
        SigningRequest request = mapping.read("nursing", json("{\"header\":{\"msgId\":42},\"record\":{\"no\":\"R7\","
                + "\"nurse\":{\"code\":\"HL0004\",\"name\":\"王芳\"},\"body\":\"夜班交接\"}}"));
        assertThat(request.requestId()).isEqualTo("42");
        assertThat(request.signer()).isEqualTo("HL0004");
        assertThat(request.documentId()).isEqualTo("R7");
        assertThat(request.documentType()).isNull();
        assertThat(new String(request.content(), StandardCharsets.UTF_8)).isEqualTo("夜班交接");
    }

    @Test
    void badMessagesAreRefusedWithACodeAndTheFieldConcerned() {
        assertThatThrownBy(() -> JsonMapping.DEFAULT.read("nursing", json("{\"requestId\":")))
                .isInstanceOf(InvalidMessageException.class).hasMessageStartingWith("the body is not JSON")
                .extracting(e -> ((InvalidMessageException) e).code().name()).isEqualTo("JSON_PARSE");
        assertThatThrownBy(() -> JsonMapping.DEFAULT.read("nursing", json("[1,2]")))
                .hasMessage("the body must be a JSON object");
        assertThatThrownBy(() -> JsonMapping.DEFAULT.read("nursing", new byte[0]))
                .hasMessage("the body must be a JSON object");
        assertThatThrownBy(() -> JsonMapping.DEFAULT.read("nursing", json("{\"signer\":\"HL0003\",\"text\":\"x\"}")))
                .hasMessage("no request id at /requestId")
                .extracting(e -> ((InvalidMessageException) e).code().name()).isEqualTo("MISSING_FIELD");
        assertThatThrownBy(() -> JsonMapping.DEFAULT.read("nursing", json("{\"requestId\":\"1\",\"text\":\"x\"}")))
                .hasMessage("no signer at /signer");
        assertThatThrownBy(() -> JsonMapping.DEFAULT.read("nursing", json("{\"requestId\":\"1\",\"signer\":\"a\"}")))
                .hasMessage("no content: put the document in base64 at /content or its text at /text");
        assertThatThrownBy(() -> JsonMapping.DEFAULT.read("nursing",
                json("{\"requestId\":\"1\",\"signer\":\"a\",\"content\":\"%%%\"}")))
                .hasMessage("the content at /content is not base64")
                .extracting(e -> ((InvalidMessageException) e).code().name()).isEqualTo("INVALID_FIELD");
        assertThatThrownBy(() -> JsonMapping.DEFAULT.read("nursing",
                json("{\"requestId\":\"1\",\"signer\":{\"code\":\"a\"},\"text\":\"x\"}")))
                .hasMessage("the value at /signer must be text, not object");
        assertThatThrownBy(() -> JsonMapping.DEFAULT.read("nursing",
                json("{\"requestId\":\"" + "x".repeat(129) + "\",\"signer\":\"a\",\"text\":\"x\"}")))
                .hasMessage("the request id at /requestId is longer than 128 characters");
    }

    @Test
    void aPointerThatIsNotOneIsRefusedWhenTheRouteIsBuilt() {
        assertThatThrownBy(() -> new JsonMapping("requestId", "/signer", "", "", "", "/content", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
