package org.medsign.adapters.hl7v2;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

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
        List<String> segments = Er7.segments(original);
        Er7.Delimiters d = Er7.delimiters(segments.get(0));
        String f = String.valueOf(d.field());
        String c = String.valueOf(d.component());
        String type = Er7.component(Er7.msh(segments.get(0), 9, d), 1, d);
        boolean mdm = type.equals("MDM");
        List<String> out = new ArrayList<>();
        int lastObx = 0;
        for (String segment : segments) {
            String[] fields = Er7.fields(segment, d);
            String name = fields[0];
            if (name.equals("MSH")) {
                String[] msh = extend(fields, 12);
                swap(msh, 2, 4);
                swap(msh, 3, 5);
                msh[6] = ZonedDateTime.now().format(TIME);
                msh[8] = mdm ? "MDM" + c + "T04" + c + "MDM_T02" : Er7.msh(segment, 9, d);
                msh[9] = controlId;
                out.add(String.join(f, msh));
            } else if (name.equals("TXA") && mdm) {
                String[] txa = extend(fields, 23);
                txa[17] = "LA";
                txa[22] = Er7.escape(signer, d) + c.repeat(14) + signedAt.format(TIME);
                out.add(String.join(f, txa));
            } else {
                if (name.equals("OBX")) {
                    lastObx = Math.max(lastObx, parseInt(fields.length > 1 ? fields[1] : ""));
                }
                out.add(segment);
            }
        }
        String data = Base64.getEncoder().encodeToString(cms);
        out.add("OBX" + f + (lastObx + 1) + f + "ED" + f + "MEDSIGN-CMS" + c + "CMS SignedData (SM2/SM3)" + c + "L" + f
                + f + "MEDSIGN" + c + "Application" + c + "pkcs7-signature" + c + "Base64" + c + data + f + f + f + f
                + f + f + "F");
        return String.join("\r", out) + "\r";
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
        List<String> segments = Er7.segments(original);
        Er7.Delimiters d = Er7.delimiters(segments.get(0));
        String f = String.valueOf(d.field());
        String c = String.valueOf(d.component());
        boolean mdm = Er7.component(Er7.msh(segments.get(0), 9, d), 1, d).equals("MDM");
        List<String> out = new ArrayList<>();
        int lastObx = 0;
        for (String segment : segments) {
            String[] fields = Er7.fields(segment, d);
            String name = fields[0];
            if (name.equals("MSH")) {
                String[] msh = extend(fields, 12);
                swap(msh, 2, 4);
                swap(msh, 3, 5);
                msh[6] = ZonedDateTime.now().format(TIME);
                msh[8] = mdm ? "MDM" + c + "T04" + c + "MDM_T02" : Er7.msh(segment, 9, d);
                msh[9] = controlId;
                out.add(String.join(f, msh));
            } else if (name.equals("EVN") && mdm) {
                String[] evn = extend(fields, 2);
                evn[1] = "T04";
                out.add(String.join(f, evn));
            } else if (name.equals("TXA") && mdm) {
                String[] txa = extend(fields, 18);
                String status = Er7.component(txa[17], 1, d);
                txa[17] = status.isBlank() || status.equals("LA") ? "DO" : txa[17];
                out.add(String.join(f, txa));
            } else if (name.equals("OBR") && !mdm) {
                String[] obr = extend(fields, 26);
                obr[25] = "R";
                out.add(String.join(f, obr));
            } else {
                if (name.equals("OBX")) {
                    lastObx = Math.max(lastObx, parseInt(fields.length > 1 ? fields[1] : ""));
                }
                out.add(segment);
            }
        }
        if (!mdm) {
            out.add("OBX" + f + (lastObx + 1) + f + "ST" + f + "MEDSIGN-CMS" + c + "CMS SignedData (SM2/SM3)" + c + "L"
                    + f.repeat(8) + "X");
        }
        out.add("NTE" + f + "1" + f + "O" + f + Er7.escape(Hl7Outcomes.noticeText(code), d) + f
                + Hl7Outcomes.coded(code, d.component()));
        return String.join("\r", out) + "\r";
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
