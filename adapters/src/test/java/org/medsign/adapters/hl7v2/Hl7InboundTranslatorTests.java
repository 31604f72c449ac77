package org.medsign.adapters.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class Hl7InboundTranslatorTests {

    private static final Charset GBK = Charset.forName("GBK");

    static String mdmT02(String version, String msh18, String signer, String obx) {
        return "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|MSG00001|P|" + version
                + "||||||" + msh18 + "\r"
                + "EVN|T02|20261127093000\r"
                + "PID|1||P123456^^^HOSP^MR||张^三||19800101|M\r"
                + "PV1|1|I|心内科^301^1\r"
                + "TXA|1|DS|TX|20261127092500|" + signer + "^王^医生||20261127092500|||||DOC-2026-0001||||||AU||||"
                + signer + "^王^医生\r"
                + obx;
    }

    private static final String TEXT_OBX = "OBX|1|TX|DISCHARGE^出院小结^L||患者恢复良好，准予出院。~注意休息，定期复查。||||||F\r";

    @Test
    void msh18IsFoundWhenAGbkCharacterBeforeItHasTheFieldSeparatorAsItsSecondByte() {
        Charset gbk = Charset.forName("GBK");
        assertThat("東".getBytes(gbk)[1]).as("東 in GBK ends in 0x7C, the field separator").isEqualTo((byte) '|');
        byte[] message = ("MSH|^~\\&|HIS|廣東示例醫院|MEDSIGN|HOSP|20261127||MDM^T02|C1|P|2.4|||||CHN|GBK\r")
                .getBytes(gbk);
        assertThat(Msh18Charset.declared(message)).isEqualTo("GBK");
        assertThat(Msh18Charset.of(message, StandardCharsets.UTF_8)).isEqualTo(gbk);
        assertThat(Msh18Charset.declared(("MSH|^~\\&|HIS|东方|M|H|20261127||MDM^T02|C1|P|2.4|||||CHN|UNICODE UTF-8\r")
                .getBytes(StandardCharsets.UTF_8))).isEqualTo("UNICODE UTF-8");
    }

    @Test
    void readsAGbkMdmT02WithChineseTextDeclaredInMsh18() {
        byte[] bytes = mdmT02("2.4", "GBK", "D0003", TEXT_OBX).getBytes(GBK);

        Hl7SigningMessage message = new Hl7InboundTranslator(Hl7Mapping.hisDefault()).translate(bytes);

        assertThat(message.controlId()).isEqualTo("MSG00001");
        assertThat(message.messageType()).isEqualTo("MDM^T02");
        assertThat(message.signer()).isEqualTo("D0003");
        assertThat(message.documentId()).isEqualTo("DOC-2026-0001");
        assertThat(message.documentType()).isEqualTo("DS");
        assertThat(new String(message.content(), StandardCharsets.UTF_8))
                .isEqualTo("患者恢复良好，准予出院。\r注意休息，定期复查。");
        assertThat(message.contentKind()).isEqualTo("TEXT");
        assertThat(message.toString()).doesNotContain("患者");
    }

    @Test
    void gb18030AndUtf8AndTheConfiguredDefaultCharset() {
        Hl7InboundTranslator translator = new Hl7InboundTranslator(Hl7Mapping.hisDefault());
        assertThat(translator.translate(mdmT02("2.5", "GB 18030-2000", "D0001", TEXT_OBX)
                .getBytes(Charset.forName("GB18030"))).signer()).isEqualTo("D0001");
        assertThat(translator.translate(mdmT02("2.5.1", "UNICODE UTF-8", "D0001", TEXT_OBX)
                .getBytes(StandardCharsets.UTF_8)).signer()).isEqualTo("D0001");
        Hl7InboundTranslator gbkDefault = new Hl7InboundTranslator(Hl7Mapping.hisDefault().withCharset(GBK));
        assertThat(new String(gbkDefault.translate(mdmT02("2.3", "", "D0001", TEXT_OBX).getBytes(GBK)).content(),
                StandardCharsets.UTF_8)).startsWith("患者恢复良好");
    }

    @Test
    void fallsBackToTxa5WhenTxa22IsEmpty() {
        String message = mdmT02("2.4", "UNICODE UTF-8", "D0007", TEXT_OBX).replace("||||D0007^王^医生\r", "||||\r");
        assertThat(new Hl7InboundTranslator(Hl7Mapping.hisDefault()).translate(message.getBytes(StandardCharsets.UTF_8))
                .signer()).isEqualTo("D0007");
    }

    @Test
    void signsTheDecodedEdDocumentWhenOneIsPresent() {
        byte[] pdf = "%PDF-1.7 fake report".getBytes(StandardCharsets.US_ASCII);
        String obx = "OBX|1|ED|REPORT^检查报告^L||HIS^Application^PDF^Base64^" + Base64.getEncoder().encodeToString(pdf)
                + "||||||F\r";
        Hl7SigningMessage message = new Hl7InboundTranslator(Hl7Mapping.hisDefault())
                .translate(mdmT02("2.5.1", "UNICODE UTF-8", "D0002", obx).getBytes(StandardCharsets.UTF_8));
        assertThat(message.content()).isEqualTo(pdf);
        assertThat(message.contentKind()).isEqualTo("PDF");
    }

    @Test
    void rejectsWithTheRightCodesAndLocations() {
        Hl7InboundTranslator translator = new Hl7InboundTranslator(Hl7Mapping.hisDefault());
        assertThatThrownBy(() -> translator.translate(mdmT02("2.4", "UNICODE UTF-8", "", TEXT_OBX)
                .replace("|||||DOC", "|||||DOC").replace("20261127092500|^王^医生", "20261127092500|")
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Hl7RejectException.class, e -> {
                    assertThat(e.ackCode()).isEqualTo(AckCode.AE);
                    assertThat(e.errorCode()).isEqualTo(Hl7ErrorCode.REQUIRED_FIELD_MISSING);
                    assertThat(e.location()).isEqualTo("TXA^1^22^1^1");
                });
        assertThatThrownBy(() -> translator.translate(mdmT02("2.4", "UNICODE UTF-8", "D1", TEXT_OBX)
                .replace("MDM^T02^MDM_T02", "ADT^A01^ADT_A01").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Hl7RejectException.class, e -> {
                    assertThat(e.ackCode()).isEqualTo(AckCode.AR);
                    assertThat(e.errorCode()).isEqualTo(Hl7ErrorCode.UNSUPPORTED_MESSAGE_TYPE);
                });
        assertThatThrownBy(() -> translator.translate(mdmT02("2.4", "UNICODE UTF-8", "D1", TEXT_OBX)
                .replace("MDM^T02^MDM_T02", "MDM^T11^MDM_T01").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Hl7RejectException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(Hl7ErrorCode.UNSUPPORTED_EVENT_CODE));
        assertThatThrownBy(() -> translator.translate(mdmT02("2.6", "UNICODE UTF-8", "D1", TEXT_OBX)
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Hl7RejectException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(Hl7ErrorCode.UNSUPPORTED_VERSION_ID));
        assertThatThrownBy(() -> translator.translate("hello world".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Hl7RejectException.class, e -> assertThat(e.ackCode()).isEqualTo(AckCode.AR));
        assertThatThrownBy(() -> translator.translate(mdmT02("2.4", "KOI8-R", "D1", TEXT_OBX)
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Hl7RejectException.class,
                        e -> assertThat(e.location()).isEqualTo("MSH^1^18"));
        assertThatThrownBy(() -> translator.translate(mdmT02("2.4", "UNICODE UTF-8", "D1", TEXT_OBX).getBytes(GBK)))
                .as("GBK bytes declared as UTF-8").isInstanceOfSatisfying(Hl7RejectException.class, e -> {
                    assertThat(e.ackCode()).isEqualTo(AckCode.AE);
                    assertThat(e.getMessage()).contains("not valid UTF-8");
                });
        assertThatThrownBy(() -> translator.translate(mdmT02("2.4", "UNICODE UTF-8", "D1", "")
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Hl7RejectException.class, e -> assertThat(e.location()).isEqualTo("OBX^1^5"));
    }
}
