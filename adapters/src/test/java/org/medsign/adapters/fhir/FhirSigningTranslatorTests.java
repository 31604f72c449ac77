package org.medsign.adapters.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.medsign.adapters.fhir.FhirSigningTranslator.Document;
import org.medsign.adapters.fhir.FhirSigningTranslator.FhirError;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.SignedArtifact;

class FhirSigningTranslatorTests {

    private static final Path FIXTURES = Path.of("../test-fixtures/physical-exam");

    @Test
    void documentReferenceFixtureNamesItsContainedAuthorAndCarriesThePdf() throws IOException {
        Path file = Files.list(FIXTURES).filter(p -> p.getFileName().toString().startsWith("documentreference"))
                .findFirst().orElseThrow();
        Document document = FhirSigningTranslator.documentReference(Files.readAllBytes(file));
        assertThat(document.signer()).isEqualTo("D0005");
        assertThat(new String(document.content(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(document.contentType()).isEqualTo("application/pdf");
        assertThat(document.requestId()).isNotBlank();
        assertThat(document.target().hasReference() || document.target().hasIdentifier()).isTrue();
    }

    @Test
    void bundleFixtureIsSignedAsReceivedForTheCompositionAuthor() throws IOException {
        Path file = Files.list(FIXTURES).filter(p -> p.getFileName().toString().startsWith("bundle"))
                .findFirst().orElseThrow();
        byte[] body = Files.readAllBytes(file);
        Document document = FhirSigningTranslator.bundle(body);
        assertThat(document.content()).isEqualTo(body);
        assertThat(document.signer()).matches("D00\\d\\d");
    }

    @Test
    void authorMayBeAReferenceWithAnIdentifierOrAPractitionerId() {
        String byIdentifier = """
                {"resourceType":"DocumentReference","status":"current",
                 "identifier":[{"value":"R-1"}],
                 "author":[{"reference":"Practitioner/p9","identifier":{"value":"D0002"}}],
                 "content":[{"attachment":{"data":"aGVsbG8="}}]}""";
        Document document = FhirSigningTranslator.documentReference(byIdentifier.getBytes(StandardCharsets.UTF_8));
        assertThat(document.signer()).isEqualTo("D0002");
        assertThat(document.requestId()).isEqualTo("R-1");
        assertThat(new String(document.content(), StandardCharsets.UTF_8)).isEqualTo("hello");
        String byId = byIdentifier.replace(",\"identifier\":{\"value\":\"D0002\"}", "").replace("p9", "D0009");
        assertThat(FhirSigningTranslator.documentReference(byId.getBytes(StandardCharsets.UTF_8)).signer())
                .isEqualTo("D0009");
    }

    @Test
    void withoutAnyIdentifierTheDocumentBytesAreTheIdempotencyKey() {
        String json = """
                {"resourceType":"DocumentReference","status":"current","author":[{"reference":"Practitioner/D0001"}],
                 "content":[{"attachment":{"data":"aGVsbG8="}}]}""";
        Document first = FhirSigningTranslator.documentReference(json.getBytes(StandardCharsets.UTF_8));
        Document again = FhirSigningTranslator.documentReference(json.getBytes(StandardCharsets.UTF_8));
        assertThat(first.requestId()).startsWith("sm3:").isEqualTo(again.requestId());
    }

    @Test
    void badInputIsAnsweredWithAStatusAndACode() {
        assertError("{not json", 400, "FHIR_PARSE");
        assertError("", 400, "BODY_MISSING");
        assertError("{\"resourceType\":\"Patient\"}", 400, "WRONG_RESOURCE");
        assertError("{\"resourceType\":\"DocumentReference\",\"status\":\"current\",\"author\":[{\"reference\":"
                + "\"Practitioner/D1\"}]}", 400, "DOCUMENT_MISSING");
        assertError("{\"resourceType\":\"DocumentReference\",\"status\":\"current\",\"content\":[{\"attachment\":"
                + "{\"data\":\"aGVsbG8=\"}}]}", 400, "SIGNER_MISSING");
        assertThatThrownBy(() -> FhirSigningTranslator.bundle("{\"resourceType\":\"Bundle\",\"type\":\"collection\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(FhirError.class)
                .extracting(e -> ((FhirError) e).code().name()).isEqualTo("BUNDLE_NOT_DOCUMENT");
    }

    @Test
    void provenanceCarriesTheCmsAsAnAuthorsSignatureTargetingTheDocument() {
        String json = """
                {"resourceType":"DocumentReference","id":"doc-1","status":"current",
                 "author":[{"reference":"Practitioner/D0001"}],
                 "content":[{"attachment":{"contentType":"application/pdf","data":"aGVsbG8="}}]}""";
        Document document = FhirSigningTranslator.documentReference(json.getBytes(StandardCharsets.UTF_8));
        SignedArtifact artifact = new SignedArtifact("sig-1", "physical-exam", document.requestId(), "D0001", "0A",
                Operation.CMS, new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, "ab", Instant.parse("2026-11-27T01:02:03Z"),
                null);
        String provenance = FhirSigningTranslator.provenance(document, artifact);
        assertThat(provenance).contains("\"resourceType\":\"Provenance\"").contains("\"id\":\"sig-1\"")
                .contains("\"reference\":\"DocumentReference/doc-1\"")
                .contains("\"sigFormat\":\"application/pkcs7-signature\"")
                .contains("\"code\":\"1.2.840.10065.1.12.1.1\"").contains("\"data\":\"MAMCAQE=\"");
        assertThat(FhirSigningTranslator.outcome(OperationOutcome.IssueSeverity.ERROR,
                OperationOutcome.IssueType.INVALID, "X", "why")).contains("OperationOutcome").contains("X: why");
    }

    private static void assertError(String body, int status, String code) {
        assertThatThrownBy(() -> FhirSigningTranslator.documentReference(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FhirError.class)
                .satisfies(e -> {
                    assertThat(((FhirError) e).status()).isEqualTo(status);
                    assertThat(((FhirError) e).code().name()).isEqualTo(code);
                });
    }
}
