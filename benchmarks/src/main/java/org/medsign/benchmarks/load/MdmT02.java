package org.medsign.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The document the driver sends to the HIS route: an MDM^T02 in UTF-8 as the hub's HIS mapping reads it
 * (Hl7Mapping.hisDefault): signer in TXA-22.1 and TXA-5.1, document id in TXA-12.1, content in OBX-5 (TX).
 *
 * @param controlId   MSH-10, the hub's idempotency key
 * @param signer      staff code, e.g. {@code D0003}
 * @param documentId  TXA-12.1; the driver matches the signed MDM^T04 by it
 * @param text        OBX-5; must not contain HL7 delimiters or CR
 */
record MdmT02(String controlId, String signer, String documentId, String text) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    MdmT02 {
        if (text.chars().anyMatch(c -> "|^~\\&\r\n".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("OBX-5 text must not contain HL7 delimiters or line ends");
        }
    }

    /** The message in ER7, segments ended by CR. */
    String er7() {
        String now = LocalDateTime.now().format(TIME);
        String[] txa = new String[23];
        Arrays.fill(txa, "");
        txa[0] = "TXA";
        txa[1] = "1";
        txa[2] = "PN";
        txa[3] = "TX";
        txa[4] = now;
        txa[5] = signer + "^负载^测试";
        txa[12] = documentId + "^HIS";
        txa[17] = "AU";
        txa[22] = signer + "^负载^测试";
        return "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|" + now + "||MDM^T02^MDM_T02|" + controlId
                + "|P|2.5.1|||||CHN|UNICODE UTF-8\r"
                + "EVN|T02|" + now + "\r"
                + "PID|1||P0001^^^HOSP^MR||张^三\r"
                + "PV1|1|I\r"
                + String.join("|", txa) + "\r"
                + "OBX|1|TX|REPORT^病程记录||" + text + "||||||F\r";
    }

    /** The message as UTF-8 bytes (MSH-18 says UNICODE UTF-8). */
    byte[] bytes() {
        return er7().getBytes(StandardCharsets.UTF_8);
    }

    /** OBX-5 text of about {@code size} UTF-8 bytes: Chinese clinical prose, no HL7 delimiters. */
    static String textOfSize(int size) {
        String prose = "患者一般情况可，生命体征平稳，继续观察。";
        StringBuilder text = new StringBuilder(size);
        int bytes = 0;
        for (int i = 0; bytes < size; i++) {
            char c = prose.charAt(i % prose.length());
            int length = String.valueOf(c).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + length > size) {
                text.append('.');
                bytes++;
                continue;
            }
            text.append(c);
            bytes += length;
        }
        return text.toString();
    }
}
