package org.medsign.adapters.model;

import java.util.Locale;

import org.medsign.crypto.cms.CmsFlavour;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/**
 * How to sign. Serialised into one short text column ({@link #encode()}/{@link #decode}) so the durable request
 * carries it.
 *
 * @param detached  CMS: content outside the SignedData
 * @param flavour   CMS: RFC 5652 or GM/T 0010 OIDs
 * @param encoding  RAW: DER or r‖s
 * @param timestamp add a signature timestamp
 */
public record SigningOptions(boolean detached, CmsFlavour flavour, Sm2SignatureEncoding encoding, boolean timestamp) {

    /** Detached RFC 5652 CMS with a timestamp. */
    public static final SigningOptions DEFAULT = new SigningOptions(true, CmsFlavour.RFC5652,
            Sm2SignatureEncoding.DER, true);

    public String encode() {
        return "detached=" + detached + ";flavour=" + flavour + ";encoding=" + encoding + ";timestamp=" + timestamp;
    }

    public static SigningOptions decode(String text) {
        boolean detached = true;
        CmsFlavour flavour = CmsFlavour.RFC5652;
        Sm2SignatureEncoding encoding = Sm2SignatureEncoding.DER;
        boolean timestamp = true;
        for (String part : text.split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0]) {
                case "detached" -> detached = Boolean.parseBoolean(kv[1]);
                case "flavour" -> flavour = CmsFlavour.valueOf(kv[1].toUpperCase(Locale.ROOT));
                case "encoding" -> encoding = Sm2SignatureEncoding.valueOf(kv[1].toUpperCase(Locale.ROOT));
                case "timestamp" -> timestamp = Boolean.parseBoolean(kv[1]);
                default -> {
                }
            }
        }
        return new SigningOptions(detached, flavour, encoding, timestamp);
    }
}
