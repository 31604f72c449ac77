package org.medsign.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medsign.adapters.fhir.FhirOutcomes;
import org.medsign.adapters.fhir.FhirSigningTranslator;
import org.medsign.adapters.file.FileOutcomes;
import org.medsign.adapters.hl7v2.AckCode;
import org.medsign.adapters.hl7v2.Hl7Acks;
import org.medsign.adapters.hl7v2.Hl7Outcomes;
import org.medsign.adapters.hl7v2.Hl7RejectException;
import org.medsign.adapters.hl7v2.Hl7ResultBuilder;
import org.medsign.adapters.http.HttpOutcomes;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.OutcomeCategory;
import org.medsign.adapters.sqltable.SqlTableOutcomes;
import org.medsign.cli.ProblemCategory;
import org.medsign.hub.security.ProblemResponses;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Every code of the outcome catalogue through every edge: HTTP problem details, HL7 ACK/ERR and the HL7 failure
 * notices (MDM and ORU), FHIR OperationOutcome, the intermediate table, the file adapter's error file, the CLI's exit
 * code, the console's labels (Chinese and English) and the code table of docs/api.md, which outside clients rely on.
 * A code or category some edge cannot answer fails the first test with the list of gaps.
 */
class OutcomeEdgesTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MDM = "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|C1|P|2.4\r"
            + "EVN|T02|20261127093000\rPID|1||P1^^^HOSP^MR||ZHANG^SAN\r"
            + "TXA|1|DS|TX|20261127092500|D0003||20261127092500|||||DOC-1|||||AU|||||D0003\r"
            + "OBX|1|TX|NOTE^note^L||text||||||F\r";
    private static final String ORU = "MSH|^~\\&|LIS|HOSP|MEDSIGN|HOSP|20261127090000||ORU^R01^ORU_R01|L1|P|2.5.1\r"
            + "PID|1||P2^^^HOSP^MR||LI^SI\rOBR|1|ORD-1|LAB-1|CBC^CBC^L|||20261127080000\r"
            + "OBX|1|NM|WBC^WBC^L||6.2|10*9/L|||||F\r";
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `([A-Z][A-Z0-9_]+)` \\| ([A-Z_]+) \\| (\\d{3}) \\|",
            Pattern.MULTILINE);

    static Properties chinese;
    static Properties english;
    static Map<ErrorCode, String[]> documented;

    @BeforeAll
    static void load() throws IOException {
        chinese = bundle("messages.properties");
        english = bundle("messages_en.properties");
        documented = new EnumMap<>(ErrorCode.class);
        Matcher row = DOC_ROW.matcher(Files.readString(Path.of("../docs/api.md"), StandardCharsets.UTF_8));
        while (row.find()) {
            for (ErrorCode code : ErrorCode.values()) {
                if (code.name().equals(row.group(1))) {
                    documented.put(code, new String[] {row.group(2), row.group(3)});
                }
            }
        }
    }

    private static Properties bundle(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = OutcomeEdgesTests.class.getClassLoader().getResourceAsStream(name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void noCodeIsComparedWithAString() throws IOException {
        // ErrorCode.equals("SOME_CODE") compiles and is always false: the console once lost its messages that way
        Pattern compared = Pattern.compile("code\\(\\)\\.equals\\(\"|\"[A-Z_]+\"\\.equals\\([a-z]+\\.code\\(\\)\\)");
        List<String> found = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("../adapters/src/main/java"))) {
            try (var files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    List<String> lines = Files.readAllLines(file);
                    for (int n = 0; n < lines.size(); n++) {
                        if (compared.matcher(lines.get(n)).find()) {
                            found.add(file.getFileName() + ":" + (n + 1) + " " + lines.get(n).trim());
                        }
                    }
                }
            }
        }
        assertThat(found).as("compare ErrorCode values with ==, not with strings").isEmpty();
    }

    @Test
    void everyCodeHasAnAnswerOnEveryEdge() {
        List<String> gaps = new ArrayList<>();
        for (ErrorCode code : ErrorCode.values()) {
            edges(code, gaps);
        }
        for (OutcomeCategory category : OutcomeCategory.values()) {
            label(gaps, category.name(), "outcome.category." + category.name());
            try {
                ProblemCategory.valueOf(category.name());
            } catch (IllegalArgumentException e) {
                gaps.add(category + " × CLI: no ProblemCategory." + category + " (exit code)");
            }
        }
        assertThat(gaps).as("codes or categories without an answer on some edge").isEmpty();
    }

    private static void edges(ErrorCode code, List<String> gaps) {
        // HTTP problem details
        ResponseEntity<ProblemDetail> problem = ProblemResponses.entity(code, code.category(), "detail", "/x");
        if (problem.getStatusCode().value() != HttpOutcomes.status(code)
                || !code.name().equals(problem.getBody().getProperties().get("code"))
                || !code.category().name().equals(problem.getBody().getProperties().get("category"))) {
            gaps.add(code + " × problem details: " + problem.getStatusCode() + " " + problem.getBody().getProperties());
        }
        String[] doc = documented.get(code);
        if (doc == null) {
            gaps.add(code + " × docs/api.md: not in the code table");
        } else if (!doc[0].equals(code.category().name()) || Integer.parseInt(doc[1]) != HttpOutcomes.status(code)) {
            gaps.add(code + " × docs/api.md: documents " + doc[0] + " " + doc[1] + ", the hub answers "
                    + code.category() + " " + HttpOutcomes.status(code));
        }
        // HL7: the ACK of a refusal, and the failure notices of an accepted request
        String ack = Hl7Acks.reject(MDM, Hl7RejectException.refusedByHub(code));
        Hl7Outcomes.Ack expected = Hl7Outcomes.ack(code);
        String coded = code.name() + "^" + code.category() + "^MEDSIGN";
        if (!field(ack, "MSA", 1).equals(expected.msa1().name())
                || expected.err3() != null && !field(ack, "ERR", 4).equals(expected.err4().name())
                || expected.err3() != null && !field(ack, "ERR", 5).equals(coded)) {
            gaps.add(code + " × HL7 ACK: " + ack.replace('\r', '\n'));
        }
        for (String original : List.of(MDM, ORU)) {
            String notice = Hl7ResultBuilder.failureNotice(original, code, "N1");
            if (!segment(notice, "NTE").contains(code.name() + "^" + code.category() + "^MEDSIGN")) {
                gaps.add(code + " × HL7 failure notice: " + notice.replace('\r', '\n'));
            }
        }
        // FHIR
        try {
            JsonNode outcome = JSON.readTree(FhirSigningTranslator.outcome(code, "text"));
            if (!FhirOutcomes.issueType(code).toCode().equals(outcome.at("/issue/0/code").asText())
                    || !code.category().name().equals(outcome.at("/issue/0/details/coding/1/code").asText())) {
                gaps.add(code + " × FHIR: " + outcome);
            }
        } catch (IOException | RuntimeException e) {
            gaps.add(code + " × FHIR: " + e);
        }
        // intermediate table, file adapter, CLI
        String row = SqlTableOutcomes.rowStatus(code);
        if (!List.of(SqlTableOutcomes.FAILED, SqlTableOutcomes.RETRY, SqlTableOutcomes.PENDING).contains(row)) {
            gaps.add(code + " × table: row status " + row);
        }
        Map<String, String> errorFile = FileOutcomes.errorFile("f.pdf", code, null);
        if (errorFile.get("action") == null || !code.name().equals(errorFile.get("code"))) {
            gaps.add(code + " × file: " + errorFile);
        }
        // console (zh default, en bundle)
        label(gaps, code.name(), "outcome.code." + code.name());
    }

    private static void label(List<String> gaps, String what, String key) {
        if (chinese.getProperty(key, "").isBlank()) {
            gaps.add(what + " × console (zh): no " + key + " in messages.properties");
        }
        if (english.getProperty(key, "").isBlank()) {
            gaps.add(what + " × console (en): no " + key + " in messages_en.properties");
        }
    }

    @Test
    void aFrozenOrRevokedCertificateIsAFinalRefusalOnEveryEdge() {
        for (ErrorCode code : List.of(ErrorCode.SIGNER_CERTIFICATE_FROZEN, ErrorCode.SIGNER_CERTIFICATE_REVOKED)) {
            assertThat(code.category()).isEqualTo(OutcomeCategory.FINAL_REFUSAL);
            ResponseEntity<ProblemDetail> problem = ProblemResponses.entity(code, code.category(), "d", "/x");
            assertThat(problem.getStatusCode().value()).isEqualTo(422);
            assertThat(problem.getHeaders().containsKey(HttpHeaders.RETRY_AFTER)).isFalse();
            String ack = Hl7Acks.reject(MDM, Hl7RejectException.refusedByHub(code));
            assertThat(field(ack, "MSA", 1)).isEqualTo(AckCode.AE.name());
            assertThat(field(ack, "ERR", 4)).isEqualTo("E");
            assertThat(field(ack, "ERR", 8)).doesNotContain("again");
            assertThat(segment(Hl7ResultBuilder.failureNotice(MDM, code, "N"), "NTE")).contains("final: do not send");
            assertThat(FhirOutcomes.issueType(code)).isEqualTo(IssueType.BUSINESSRULE);
            assertThat(SqlTableOutcomes.rowStatus(code)).isEqualTo("FAILED");
            assertThat(FileOutcomes.errorFile("f", code, null)).containsEntry("action", "DO_NOT_RESEND");
            assertThat(ProblemCategory.exitCode(code.category().name())).as("an error answer, not 'retry later'")
                    .isEqualTo(6);
        }
    }

    @Test
    void aTimestampAuthorityOutageIsTransientOnEveryEdge() {
        for (ErrorCode code : List.of(ErrorCode.INFRASTRUCTURE_FAILURE, ErrorCode.HUB_UNAVAILABLE)) {
            assertThat(code.category()).isEqualTo(OutcomeCategory.TRANSIENT);
            ResponseEntity<ProblemDetail> problem = ProblemResponses.entity(code, code.category(), "d", "/x");
            assertThat(problem.getStatusCode().value()).isEqualTo(503);
            assertThat(problem.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("60");
            String ack = Hl7Acks.reject(MDM, Hl7RejectException.refusedByHub(code));
            assertThat(field(ack, "MSA", 1)).isEqualTo(AckCode.AE.name());
            assertThat(field(ack, "ERR", 4)).as("table 0516: application or network failure").isEqualTo("F");
            assertThat(field(ack, "ERR", 8)).endsWith("send it again later");
            assertThat(segment(Hl7ResultBuilder.failureNotice(ORU, code, "N"), "NTE"))
                    .contains("transient: send it again later");
            assertThat(FhirOutcomes.issueType(code)).isEqualTo(IssueType.TRANSIENT);
            assertThat(SqlTableOutcomes.rowStatus(code)).isEqualTo("RETRY");
            assertThat(FileOutcomes.errorFile("f", code, null)).containsEntry("action", "RESEND_LATER");
            assertThat(ProblemCategory.exitCode(code.category().name())).isEqualTo(8);
        }
    }

    private static String segment(String message, String name) {
        for (String segment : message.split("\r")) {
            if (segment.startsWith(name + "|")) {
                return segment;
            }
        }
        return "";
    }

    private static String field(String message, String segment, int n) {
        String[] fields = segment(message, segment).split("\\|", -1);
        return fields.length > n ? fields[n] : "";
    }
}
