package org.medsign.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.adapters.model.SigningResult;

class FileAdapterTests {

    @TempDir
    Path folder;

    @Test
    void theDefaultNameIsSignerUnderscoreDocument() {
        FileNaming naming = new FileNaming(FileNaming.DEFAULT_PATTERN);
        assertThat(naming.parse("XD0003_ECG-20261127-0042.pdf"))
                .isEqualTo(new FileNaming.Parsed("XD0003", "ECG-20261127-0042"));
        assertThat(naming.parse("XD0003_心电报告")).isEqualTo(new FileNaming.Parsed("XD0003", "心电报告"));
        assertThatThrownBy(() -> naming.parse("report.pdf")).hasMessageContaining("does not match");
        assertThatThrownBy(() -> naming.parse("a_" + "b".repeat(130) + ".pdf"))
                .hasMessage("the file name is longer than 128 characters");
    }

    @Test
    void aSystemsOwnNamingIsAPatternWithASignerGroup() {
        FileNaming naming = new FileNaming("ECG-(?<document>\\d+)-(?<signer>[A-Z]+\\d+)\\.xml");
        assertThat(naming.parse("ECG-0042-XD0005.xml")).isEqualTo(new FileNaming.Parsed("XD0005", "0042"));
        assertThat(new FileNaming("(?<signer>[^.]+)\\.pdf").parse("XD0001.pdf"))
                .isEqualTo(new FileNaming.Parsed("XD0001", null));
        assertThatThrownBy(() -> new FileNaming("(?<doc>.+)")).hasMessageContaining("group named signer");
        assertThatThrownBy(() -> new FileNaming("(?<signer>[")).hasMessageStartingWith("namePattern is not");
    }

    @Test
    void aSignedFileArrivesWithItsSignatureAndReceiptAndLeavesTheAcceptedFolder() throws IOException {
        Path accepted = Files.createDirectories(folder.resolve("in").resolve(FileIntake.ACCEPTED))
                .resolve("XD0003_ECG-1.pdf");
        Files.writeString(accepted, "%PDF-1.7 心电图报告");
        Path out = folder.resolve("out");
        SignedArtifact artifact = new SignedArtifact("SIG-1", "ecg", "XD0003_ECG-1.pdf", "D0003", "0A1B",
                Operation.CMS, new byte[] {0x30, 0x03, 1, 2, 3}, "ab".repeat(32), Instant.parse("2026-11-27T08:00:00Z"),
                Instant.parse("2026-11-27T08:00:01Z"));
        new SignedFileWriter("ecg", out).write(SigningResult.signed(artifact,
                new ReplyContext("direct:ecg.outbound.result", "XD0003", accepted.toString())));

        assertThat(out.resolve("XD0003_ECG-1.pdf")).hasContent("%PDF-1.7 心电图报告");
        assertThat(Files.readAllBytes(out.resolve("XD0003_ECG-1.pdf.p7s"))).containsExactly(0x30, 0x03, 1, 2, 3);
        JsonNode receipt = new ObjectMapper().readTree(out.resolve("XD0003_ECG-1.pdf.receipt.json").toFile());
        assertThat(receipt.path("signatureId").asText()).isEqualTo("SIG-1");
        assertThat(receipt.path("signer").asText()).isEqualTo("XD0003");
        assertThat(receipt.path("certificateSerial").asText()).isEqualTo("0A1B");
        assertThat(receipt.path("timestampTime").asText()).isEqualTo("2026-11-27T08:00:01Z");
        assertThat(accepted).doesNotExist();
        try (var listing = Files.list(out)) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void aFailedFileIsReportedInTheOutputFolderAndMovedToErrors() throws IOException {
        Path accepted = Files.createDirectories(folder.resolve("in").resolve(FileIntake.ACCEPTED))
                .resolve("XD0009_ECG-2.pdf");
        Files.writeString(accepted, "%PDF-1.7");
        Path out = folder.resolve("out");
        new SignedFileWriter("ecg", out).write(SigningResult.failed(ErrorCode.SIGNER_CERTIFICATE_FROZEN, "证书已冻结",
                new ReplyContext("direct:ecg.outbound.result", "XD0009", accepted.toString())));

        JsonNode error = new ObjectMapper().readTree(out.resolve("XD0009_ECG-2.pdf.error.json").toFile());
        assertThat(error.path("code").asText()).isEqualTo("SIGNER_CERTIFICATE_FROZEN");
        assertThat(error.path("message").asText()).isEqualTo("证书已冻结");
        Path errors = folder.resolve("in").resolve(FileIntake.ERROR);
        assertThat(errors.resolve("XD0009_ECG-2.pdf")).hasContent("%PDF-1.7");
        assertThat(Files.readString(errors.resolve("XD0009_ECG-2.pdf.error.json"), StandardCharsets.UTF_8))
                .contains("SIGNER_CERTIFICATE_FROZEN");
        assertThat(accepted).doesNotExist();
    }
}
