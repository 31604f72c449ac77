package org.medsign.adapters.hl7v2;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;

import org.medsign.adapters.model.ErrorCode;

/**
 * Builds the result message sent back to a system after signing, from the message it sent: for MDM, an MDM^T04
 * with TXA-17 = LA (legally authenticated) and TXA-22 = signer and time; for ORU, the ORU^R01 as received. Both get
 * a new control id, sender and receiver swapped, and an added OBX of type ED whose data component is the base64 CMS
 * SignedData (with its signature timestamp inside). A request the hub could not sign gets a
 * {@link #failureNotice failure notice} of the same type instead.
 */
public final class Hl7ResultBuilder {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private Hl7ResultBuilder() {
    }

    /**
     * The result message.
     *
     * @param original   the decoded inbound message
     * @param cms        DER CMS SignedData
     * @param signer     the signer as the system knows them (TXA-22.1)
     * @param signedAt   time of signing
     * @param controlId  MSH-10 of the result
     */
    public static String build(String original, byte[] cms, String signer, ZonedDateTime signedAt, String controlId) {
        return build(original, cms, false, signer, signedAt, controlId);
    }

    /**
     * The result message of a signed PDF (电子签章): as {@link #build(String, byte[], String, ZonedDateTime, String)},
     * the added OBX of type ED carrying the whole signed PDF ({@code MEDSIGN-PDF^Signed PDF (SM2/SM3)^L},
     * {@code MEDSIGN^Application^PDF^Base64^…}).
     */
    public static String buildPdf(String original, byte[] signedPdf, String signer, ZonedDateTime signedAt,
                                  String controlId) {
        return build(original, signedPdf, true, signer, signedAt, controlId);
    }

    private static String build(String original, byte[] signature, boolean pdf, String signer,
                                ZonedDateTime signedAt, String controlId) {
        Answer answer = new Answer(original);
        String f = answer.field;
        String c = answer.component;
        answer.copy(controlId, (name, fields) -> {
            if (name.equals("TXA") && answer.mdm) {
                String[] txa = extend(fields, 23);
                txa[17] = "LA";
                txa[22] = Er7.escape(signer, answer.delimiters) + c.repeat(14) + signedAt.format(TIME);
                return String.join(f, txa);
            }
            return null;
        });
        String data = Base64.getEncoder().encodeToString(signature);
        String identifier = pdf ? "MEDSIGN-PDF" + c + "Signed PDF (SM2/SM3)" : "MEDSIGN-CMS" + c
                + "CMS SignedData (SM2/SM3)";
        answer.add("OBX" + f + (answer.lastObx + 1) + f + "ED" + f + identifier + c + "L" + f + f + "MEDSIGN" + c
                + "Application" + c + (pdf ? "PDF" : "pkcs7-signature") + c + "Base64" + c + data
                + f + f + f + f + f + f + "F");
        return answer.message();
    }

    /**
     * The failure notice sent instead of the result when the hub could not sign (docs/integration.md, "Failure
     * notices"). MDM: an MDM^T04 whose TXA-17 repeats the completion status the system sent (never LA; {@code DO}
     * "documented, not authenticated" when it sent LA or nothing), TXA-22 as sent, and an NTE after the last OBX. ORU:
     * the ORU^R01 as received with OBR-25 = {@code R} (table 0123: results stored, not yet verified), an added OBX for
     * the signature with OBX-11 = {@code X} (table 0085: results cannot be obtained) and an NTE. NTE-3 is the reason
     * ({@link Hl7Outcomes#noticeText}), NTE-4 {@code CODE^CATEGORY^MEDSIGN}; no field value of the request is quoted.
     *
     * @param original  the decoded inbound message
     * @param code      why the request was not signed
     * @param controlId MSH-10 of the notice
     */
    public static String failureNotice(String original, ErrorCode code, String controlId) {
        Answer answer = new Answer(original);
        String f = answer.field;
        answer.copy(controlId, (name, fields) -> {
            if (name.equals("EVN") && answer.mdm) {
                String[] evn = extend(fields, 2);
                evn[1] = "T04";
                return String.join(f, evn);
            }
            if (name.equals("TXA") && answer.mdm) {
                String[] txa = extend(fields, 18);
                String status = Er7.component(txa[17], 1, answer.delimiters);
                txa[17] = status.isBlank() || status.equals("LA") ? "DO" : txa[17];
                return String.join(f, txa);
            }
            if (name.equals("OBR") && !answer.mdm) {
                String[] obr = extend(fields, 26);
                obr[25] = "R";
                return String.join(f, obr);
            }
            return null;
        });
        if (!answer.mdm) {
            answer.add("OBX" + f + (answer.lastObx + 1) + f + "ST" + f + "MEDSIGN-CMS" + answer.component
                    + "CMS SignedData (SM2/SM3)" + answer.component + "L" + f.repeat(8) + "X");
        }
        answer.add("NTE" + f + "1" + f + "O" + f + Er7.escape(Hl7Outcomes.noticeText(code), answer.delimiters) + f
                + Hl7Outcomes.coded(code, answer.delimiters.component()));
        return answer.message();
    }

    /**
     * An answer built from the system's message: the header turned round (sender and receiver swapped, new time and
     * control id, MDM answered as MDM^T04), each other segment copied or rewritten, the highest OBX set id noted.
     */
    private static final class Answer {

        private final List<String> segments;
        private final Er7.Delimiters delimiters;
        private final String field;
        private final String component;
        private final boolean mdm;
        private final List<String> out = new ArrayList<>();
        private int lastObx;

        Answer(String original) {
            segments = Er7.segments(original);
            delimiters = Er7.delimiters(segments.get(0));
            field = String.valueOf(delimiters.field());
            component = String.valueOf(delimiters.component());
            mdm = Er7.component(Er7.msh(segments.get(0), 9, delimiters), 1, delimiters).equals("MDM");
        }

        /** Copies every segment; {@code rewrite} returns a segment's new text, or null to keep it as received. */
        void copy(String controlId, BiFunction<String, String[], String> rewrite) {
            for (String segment : segments) {
                String[] fields = Er7.fields(segment, delimiters);
                String name = fields[0];
                if (name.equals("MSH")) {
                    String[] msh = extend(fields, 12);
                    swap(msh, 2, 4);
                    swap(msh, 3, 5);
                    msh[6] = ZonedDateTime.now().format(TIME);
                    msh[8] = mdm ? "MDM" + component + "T04" + component + "MDM_T02" : Er7.msh(segment, 9, delimiters);
                    msh[9] = controlId;
                    out.add(String.join(field, msh));
                    continue;
                }
                String rewritten = rewrite.apply(name, fields);
                if (rewritten != null) {
                    out.add(rewritten);
                    continue;
                }
                if (name.equals("OBX")) {
                    lastObx = Math.max(lastObx, parseInt(fields.length > 1 ? fields[1] : ""));
                }
                out.add(segment);
            }
        }

        void add(String segment) {
            out.add(segment);
        }

        String message() {
            return String.join("\r", out) + "\r";
        }
    }

    private static void swap(String[] fields, int a, int b) {
        if (fields.length > Math.max(a, b)) {
            String t = fields[a];
            fields[a] = fields[b];
            fields[b] = t;
        }
    }

    private static String[] extend(String[] fields, int size) {
        if (fields.length >= size) {
            return fields.clone();
        }
        String[] out = new String[size];
        java.util.Arrays.fill(out, "");
        System.arraycopy(fields, 0, out, 0, fields.length);
        return out;
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
