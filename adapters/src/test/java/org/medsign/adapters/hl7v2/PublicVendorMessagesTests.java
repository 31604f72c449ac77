package org.medsign.adapters.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Robustness with real-world vendor messages (../shared/fixtures/hl7-public, CDCgov/trusted-intermediary examples):
 * every one is either translated or rejected with a clear code, and every one gets a parseable ACK echoing MSH-10.
 */
class PublicVendorMessagesTests {

    private static final Path FIXTURES = Path.of("../../shared/fixtures/hl7-public");

    @Test
    void everyVendorMessageGetsAnAckAndNothingCrashes() throws Exception {
        if (!Files.isDirectory(FIXTURES)) {
            System.err.println("SKIPPED: " + FIXTURES.toAbsolutePath() + " not found (public HL7 fixtures)");
        }
        Assumptions.assumeTrue(Files.isDirectory(FIXTURES), "public HL7 fixtures not found");
        List<Path> files;
        try (Stream<Path> list = Files.list(FIXTURES)) {
            files = list.filter(p -> p.toString().endsWith(".hl7")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        // the US messages name no responsible observer (OBR-32/OBX-16): fall back to the ordering provider as signer
        Hl7Mapping defaults = Hl7Mapping.resultDefault();
        Hl7InboundTranslator translator = new Hl7InboundTranslator(new Hl7Mapping(defaults.messageTypes(),
                List.of("OBR-32.1", "OBX-16.1", "OBR-16.1", "ORC-12.1"), defaults.documentId(), defaults.documentType(),
                defaults.scenario(), defaults.content(), defaults.charset()));
        var context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        int translated = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String decoded = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            String ack;
            try {
                Hl7SigningMessage message = translator.translate(bytes);
                assertThat(message.content()).as(file.getFileName().toString()).isNotEmpty();
                ack = Hl7Acks.accept(decoded);
                translated++;
            } catch (Hl7RejectException e) {
                assertThat(e.getMessage()).as(file.getFileName().toString()).isNotBlank();
                System.out.println(file.getFileName() + ": " + e.ackCode() + " " + e.errorCode().code() + " "
                        + e.location() + " " + e.getMessage());
                if (file.getFileName().toString().contains("ORU_R01") && !file.getFileName().toString().contains("2.8")) {
                    assertThat(e.errorCode()).as(file.getFileName() + " is an ORU^R01 we should read")
                            .isNotEqualTo(Hl7ErrorCode.DATA_TYPE_ERROR);
                }
                ack = Hl7Acks.reject(decoded, e);
            }
            Terser terser = new Terser(context.getPipeParser().parse(ack));
            assertThat(terser.get("/MSA-1")).as(file.getFileName().toString()).isIn("AA", "AE", "AR");
            String controlId = Er7.msh(Er7.segments(decoded).get(0), 10, Er7.delimiters(Er7.segments(decoded).get(0)));
            assertThat(terser.get("/MSA-2")).as(file.getFileName().toString()).isEqualTo(controlId);
        }
        assertThat(translated).as("ORU^R01 vendor messages translated").isPositive();
    }
}
