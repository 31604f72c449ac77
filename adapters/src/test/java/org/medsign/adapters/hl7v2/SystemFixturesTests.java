package org.medsign.adapters.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-system fixtures of {@code test-fixtures/} (see its README): every HL7 message goes through the real
 * translator with its system's default mapping and must give what {@code expected.csv} says; the anesthesia
 * intermediate-table rows and the physical-exam FHIR documents must decode. Regenerate the fixtures with
 * {@code test-fixtures/generate_fixtures.py}, never by hand (GBK and GB18030 bytes do not survive editors).
 */
class SystemFixturesTests {

    private static final Path FIXTURES = Path.of("../test-fixtures");
    private static final List<String> HL7_SYSTEMS = List.of("his", "lis", "pacs");
    private static final Pattern STAFF_CODE = Pattern.compile("D00(0[1-9]|10)");

    /**
     * Chinese text that must come out of each HL7 fixture: in the signed content for text fixtures, in the decoded
     * message for ED fixtures (whose content is a PDF). Decoding with a wrong charset cannot produce it.
     */
    private static final Map<String, String> CHINESE_TEXT = Map.ofEntries(
            Map.entry("his/mdm-t02_v2.5.1_utf8_discharge-summary.hl7", "冠状动脉粥样硬化性心脏病"),
            // FT: the \.br\ escape must become a line break
            Map.entry("his/mdm-t02_v2.4_gbk_progress-note.hl7", "日常病程记录\r患者诉夜间睡眠可"),
            // U+20BB7 exists only in GB18030 (four bytes), not in GBK
            Map.entry("his/mdm-t02_v2.5_gb18030_admission-record.hl7", "患者周\uD842\uDFB7，男"),
            Map.entry("his/mdm-t02_v2.3_gbk_preop-summary_fallback-signer.hl7", "腹腔镜下胆囊切除术"),
            Map.entry("his/mdm-t02_v2.5.1_utf8_discharge-summary_ed-pdf.hl7", "18842-5^出院小结^LN"),
            Map.entry("his/mdm-t02_v2.4_no-msh18_operation-note.hl7", "解剖胆囊三角"),
            Map.entry("lis/oru-r01_v2.5.1_utf8_blood-count.hl7", "HGB^血红蛋白^L||108|g/L|115-150|L"),
            Map.entry("lis/oru-r01_v2.4_gbk_liver-function.hl7", "γ-谷氨酰转移酶"),
            Map.entry("lis/oru-r01_v2.3_gbk_urinalysis_fallback-signer.hl7", "BLD^隐血^L||1+||阴性|A"),
            Map.entry("lis/oru-r01_v2.5_utf8_coagulation_ed-pdf.hl7", "LAB-RPT^检验报告单^L"),
            Map.entry("pacs/oru-r01_v2.5.1_utf8_ct-chest.hl7", "右肺上叶尖段磨玻璃结节"),
            Map.entry("pacs/oru-r01_v2.4_gbk_ct-head.hl7", "头颅CT平扫未见明显异常"),
            Map.entry("pacs/oru-r01_v2.3_utf8_dr-chest_fallback-signer.hl7", "双肺纹理增多"),
            Map.entry("pacs/oru-r01_v2.5_gbk_ct-chest_ed-pdf_placer-id.hl7", "PACS-RPT^影像报告^L"));

    /** One row of expected.csv. */
    record Expected(String file, String system, String charset, String signer, String documentId,
                    String contentKind) {

        @Override
        public String toString() {
            return file;
        }
    }

    static List<Expected> expectedRows() throws Exception {
        List<String> lines = Files.readAllLines(FIXTURES.resolve("expected.csv"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("file,system,charset,signer,document_id,content_kind");
        return lines.stream().skip(1).filter(line -> !line.isBlank()).map(line -> {
            String[] c = line.split(",", -1);
            assertThat(c).as(line).hasSize(6);
            return new Expected(c[0], c[1], c[2], c[3], c[4], c[5]);
        }).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectedRows")
    void translatesEachHl7FixtureAsItsSystemDoes(Expected expected) throws Exception {
        byte[] bytes = Files.readAllBytes(FIXTURES.resolve(expected.file()));
        Hl7Mapping mapping = expected.system().equals("his") ? Hl7Mapping.hisDefault() : Hl7Mapping.resultDefault();
        Charset charset = Charset.forName(expected.charset());
        String chinese = CHINESE_TEXT.get(expected.file());

        assertThat(Msh18Charset.of(bytes, mapping.charset())).isEqualTo(charset);
        Hl7SigningMessage message = new Hl7InboundTranslator(mapping).translate(bytes);

        assertThat(message.signer()).isEqualTo(expected.signer());
        assertThat(STAFF_CODE.matcher(message.signer()).matches()).isTrue();
        assertThat(message.documentId()).isEqualTo(expected.documentId());
        assertThat(message.messageType()).isEqualTo(expected.system().equals("his") ? "MDM^T02" : "ORU^R01");
        assertThat(message.decoded()).doesNotContain("\uFFFD").contains("TEST9000");
        switch (expected.contentKind()) {
            case "ed" -> {
                byte[] pdf = Files.readAllBytes(FIXTURES.resolve(expected.file().replaceAll("\\.hl7$", ".pdf")));
                assertThat(message.contentKind()).isEqualTo("PDF");
                assertThat(new String(message.content(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
                assertThat(message.content()).isEqualTo(pdf);
                assertThat(message.decoded()).contains(chinese);
            }
            case "text" -> {
                String content = new String(message.content(), StandardCharsets.UTF_8);
                assertThat(content).contains(chinese);
                if (expected.system().equals("his")) {
                    assertThat(message.contentKind()).isEqualTo("TEXT");
                } else {
                    // the OBR and OBX segments exactly as received, CR-separated
                    String received = Arrays.stream(new String(bytes, charset).split("\r"))
                            .filter(s -> s.startsWith("OBR|") || s.startsWith("OBX|"))
                            .collect(Collectors.joining("\r"));
                    assertThat(message.contentKind()).isEqualTo("SEGMENTS");
                    assertThat(content).isEqualTo(received);
                }
            }
            default -> throw new AssertionError("content_kind must be text or ed: " + expected);
        }
    }

    @Test
    void everyHl7FixtureIsListedInExpectedCsvAndCoversItsSystem() throws Exception {
        Set<String> onDisk = new HashSet<>();
        for (String system : HL7_SYSTEMS) {
            try (Stream<Path> files = Files.list(FIXTURES.resolve(system))) {
                files.filter(p -> p.toString().endsWith(".hl7")).forEach(p -> onDisk.add(system + "/" + p.getFileName()));
            }
        }
        List<Expected> rows = expectedRows();
        assertThat(rows).extracting(Expected::file).containsExactlyInAnyOrderElementsOf(onDisk);
        assertThat(CHINESE_TEXT.keySet()).containsExactlyInAnyOrderElementsOf(onDisk);
        for (String system : HL7_SYSTEMS) {
            List<Expected> ofSystem = rows.stream().filter(r -> r.system().equals(system)).toList();
            assertThat(ofSystem).as(system).extracting(Expected::charset).contains("UTF-8", "GBK");
            assertThat(ofSystem).as(system).extracting(Expected::contentKind).contains("text", "ed");
            assertThat(ofSystem).as(system).extracting(r -> version(r.file()))
                    .contains("2.3", "2.4", "2.5", "2.5.1");
            assertThat(ofSystem).as(system).anyMatch(r -> r.file().contains("fallback-signer"));
        }
        assertThat(rows).extracting(Expected::charset).contains("GB18030");
    }

    @Test
    void hl7FixturesUseCrOnlyAndAreReallyEncodedInTheirCharset() throws Exception {
        for (Expected row : expectedRows()) {
            byte[] bytes = Files.readAllBytes(FIXTURES.resolve(row.file()));
            assertThat(bytes).as(row.file()).doesNotContain((byte) '\n').endsWith((byte) '\r');
            assertThat(bytes.length).as(row.file()).isLessThan(10 * 1024);
            if (!row.charset().equals("UTF-8")) {
                // a fixture that is secretly UTF-8 would not test the MSH-18 path
                assertThatThrownBy(() -> strictDecode(bytes, StandardCharsets.UTF_8)).as(row.file())
                        .isInstanceOf(CharacterCodingException.class);
            }
            if (row.charset().equals("GB18030")) {
                assertThatThrownBy(() -> strictDecode(bytes, Charset.forName("GBK"))).as(row.file())
                        .isInstanceOf(CharacterCodingException.class);
            }
        }
    }

    @Test
    void fixturePdfsAreSmallAndTheirXrefTablesPointAtTheirObjects() throws Exception {
        List<Path> pdfs;
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            pdfs = files.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
        }
        assertThat(pdfs).hasSizeGreaterThanOrEqualTo(5);
        for (Path pdf : pdfs) {
            byte[] bytes = Files.readAllBytes(pdf);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(bytes.length).as(pdf.toString()).isLessThan(10 * 1024);
            assertThat(text).as(pdf.toString()).startsWith("%PDF-1.").endsWith("%%EOF\n").contains("/Type /Page ");
            Matcher startxref = Pattern.compile("startxref\\n(\\d+)\\n%%EOF\\n$").matcher(text);
            assertThat(startxref.find()).as(pdf.toString()).isTrue();
            int xref = Integer.parseInt(startxref.group(1));
            assertThat(text.substring(xref)).as(pdf.toString()).startsWith("xref\n0 ");
            Matcher entries = Pattern.compile("(\\d{10}) 00000 n \\n").matcher(text.substring(xref));
            int object = 0;
            while (entries.find()) {
                object++;
                assertThat(text.substring(Integer.parseInt(entries.group(1)))).as(pdf + " object " + object)
                        .startsWith(object + " 0 obj\n");
            }
            assertThat(object).as(pdf.toString()).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void anesthesiaSignQueueRowsDecodeToTextOrPdf() throws Exception {
        List<String> lines = Files.readAllLines(FIXTURES.resolve("anesthesia/sign_queue-rows.csv"),
                StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("id,signer,document_id,document_type,content_base64");
        Set<String> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        int pdfs = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            assertThat(c).as(line).hasSize(5);
            assertThat(ids.add(c[0])).as("unique id " + c[0]).isTrue();
            assertThat(STAFF_CODE.matcher(c[1]).matches()).as(c[1]).isTrue();
            assertThat(c[2]).startsWith("ANES-");
            assertThat(c[3]).startsWith("ANES_");
            byte[] content = Base64.getDecoder().decode(c[4]);
            if (new String(content, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-")) {
                assertThat(content).isEqualTo(Files.readAllBytes(
                        FIXTURES.resolve("anesthesia/anesthesia-record_" + c[2] + ".pdf")));
                pdfs++;
            } else {
                String text = strictDecode(content, StandardCharsets.UTF_8);
                assertThat(text).contains("麻醉医师：李明");
                titles.add(text.lines().findFirst().orElseThrow());
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(3);
        assertThat(titles).contains("麻醉记录单", "麻醉知情同意书");
        assertThat(pdfs).isEqualTo(1);
    }

    @Test
    void physicalExamDocumentReferenceNamesItsAuthorByStaffCodeAndCarriesThePdf() throws Exception {
        JsonObject reference = json("physical-exam/documentreference_health-checkup-report.json");
        assertThat(reference.getString("resourceType")).isEqualTo("DocumentReference");
        assertThat(object(array(reference, "identifier").get(0)).getString("value")).isEqualTo("PE-RPT-20251103-000789");

        String author = object(array(reference, "author").get(0)).getString("reference");
        assertThat(author).startsWith("#");
        JsonObject practitioner = array(reference, "contained").stream().map(SystemFixturesTests::object)
                .filter(r -> author.substring(1).equals(r.getString("id"))).findFirst().orElseThrow();
        assertThat(practitioner.getString("resourceType")).isEqualTo("Practitioner");
        assertThat(object(array(practitioner, "identifier").get(0)).getString("value")).isEqualTo("D0005");

        JsonObject attachment = object(object(array(reference, "content").get(0)).get("attachment"));
        assertThat(attachment.getString("contentType")).isEqualTo("application/pdf");
        byte[] pdf = Base64.getDecoder().decode(attachment.getString("data"));
        assertThat(pdf).isEqualTo(Files.readAllBytes(
                FIXTURES.resolve("physical-exam/health-checkup-report_PE-RPT-20251103-000789.pdf")));
        assertThat(attachment.getInteger("size")).isEqualTo(pdf.length);
        assertThat(attachment.getString("hash")).isEqualTo(
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(pdf)));
    }

    @Test
    void physicalExamBundleIsADocumentWithTheCompositionFirstAndAStaffCodeAuthor() throws Exception {
        JsonObject bundle = json("physical-exam/bundle-document_health-checkup-summary.json");
        assertThat(bundle.getString("resourceType")).isEqualTo("Bundle");
        assertThat(bundle.getString("type")).isEqualTo("document");
        assertThat(object(bundle.get("identifier")).getString("value")).isEqualTo("PE-SUM-20251103-000790");
        assertThat(bundle.getString("timestamp")).isNotBlank();

        List<JsonObject> entries = array(bundle, "entry").stream().map(SystemFixturesTests::object).toList();
        JsonObject composition = object(entries.get(0).get("resource"));
        assertThat(composition.getString("resourceType")).isEqualTo("Composition");
        assertThat(composition.getString("status")).isEqualTo("final");
        String author = object(array(composition, "author").get(0)).getString("reference");
        JsonObject practitioner = entries.stream().filter(e -> author.equals(e.getString("fullUrl")))
                .map(e -> object(e.get("resource"))).findFirst().orElseThrow();
        assertThat(practitioner.getString("resourceType")).isEqualTo("Practitioner");
        assertThat(object(array(practitioner, "identifier").get(0)).getString("value")).isEqualTo("D0005");
        String subject = object(composition.get("subject")).getString("reference");
        assertThat(entries).anyMatch(e -> subject.equals(e.getString("fullUrl"))
                && "Patient".equals(object(e.get("resource")).getString("resourceType")));
        assertThat(array(composition, "section")).isNotEmpty().allSatisfy(section ->
                assertThat(object(object(section).get("text")).getString("div"))
                        .startsWith("<div xmlns=\"http://www.w3.org/1999/xhtml\">"));
        assertThat(Files.readString(FIXTURES.resolve("physical-exam/bundle-document_health-checkup-summary.json")))
                .contains("轻度脂肪肝");
    }

    private static String version(String file) {
        Matcher m = Pattern.compile("_v([0-9.]+)_").matcher(file);
        return m.find() ? m.group(1) : "";
    }

    private static String strictDecode(byte[] bytes, Charset charset) throws CharacterCodingException {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static JsonObject json(String file) throws Exception {
        return object(Jsoner.deserialize(Files.readString(FIXTURES.resolve(file), StandardCharsets.UTF_8)));
    }

    private static JsonObject object(Object value) {
        assertThat(value).isInstanceOf(JsonObject.class);
        return (JsonObject) value;
    }

    private static JsonArray array(JsonObject object, String key) {
        Object value = object.get(key);
        assertThat(value).as(key).isInstanceOf(JsonArray.class);
        return (JsonArray) value;
    }
}
