package org.medsign.hub.evidence;

import java.util.List;

import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.cms.ParsedSignedData;
import org.medsign.hub.keys.KeyEncryptionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signature values at rest ({@code signature_record.signature_value}): an attached or enveloping CMS carries the
 * signed document, so every value is sealed with SM4-GCM under the key-encryption key, bound to its signature id
 * (a sealed value copied to another row does not open), like request contents. {@code value_sealed} tells the
 * sealed rows from those written before V14, which {@link #sealExisting()} seals in the background after start.
 * Every read of document content through an API is audited {@code DOCUMENT_CONTENT_READ} by its edge.
 */
@Component
public class SealedSignatureValues {

    /** The audit action of a read of document content (a CMS with its content, or the document itself). */
    public static final String CONTENT_READ = "DOCUMENT_CONTENT_READ";

    private static final Logger log = LoggerFactory.getLogger(SealedSignatureValues.class);
    private static final int BATCH = 500;

    private final KeyEncryptionKey kek;
    private final JdbcClient jdbc;

    public SealedSignatureValues(KeyEncryptionKey kek, JdbcClient jdbc) {
        this.kek = kek;
        this.jdbc = jdbc;
    }

    /** The stored form of {@code value} (store it with {@code value_sealed = TRUE}). */
    public byte[] seal(String signatureId, byte[] value) {
        return kek.seal(value, context(signatureId));
    }

    /** The signature value of a row, opened if it is sealed. */
    public byte[] open(String signatureId, byte[] stored, boolean sealed) {
        return sealed ? kek.open(stored, context(signatureId)) : stored;
    }

    /** Whether a CMS value carries the signed document inside it (attached or enveloping); false for anything else. */
    public static boolean carriesContent(byte[] cms) {
        try {
            return ParsedSignedData.parse(cms, null).hasContent();
        } catch (MalformedInputException e) {
            return false;
        }
    }

    /** Seals the rows written before values were sealed (V14), in a background thread once the hub is ready. */
    @EventListener(ApplicationReadyEvent.class)
    void sealExistingInBackground() {
        Thread thread = new Thread(() -> {
            try {
                int sealed = sealExisting();
                if (sealed > 0) {
                    log.info("Sealed {} signature values stored in clear before V14", sealed);
                }
            } catch (RuntimeException e) {
                log.warn("Signature values written before V14 not sealed yet, will retry at the next start: {}",
                        e.toString());
            }
        }, "seal-signature-values");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Seals every row still in clear, a batch at a time; returns how many this call sealed. Safe beside other nodes
     * doing the same: a row is only updated while it is still clear.
     */
    public int sealExisting() {
        int total = 0;
        while (true) {
            List<Object[]> clear = jdbc.sql("SELECT signature_id, signature_value FROM signature_record "
                            + "WHERE value_sealed = FALSE ORDER BY signature_id LIMIT ?").param(BATCH)
                    .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2)}).list();
            int sealedNow = 0;
            for (Object[] row : clear) {
                String signatureId = (String) row[0];
                sealedNow += jdbc.sql("UPDATE signature_record SET signature_value = ?, value_sealed = TRUE "
                                + "WHERE signature_id = ? AND value_sealed = FALSE")
                        .params(seal(signatureId, (byte[]) row[1]), signatureId).update();
            }
            total += sealedNow;
            if (clear.size() < BATCH || sealedNow == 0) {
                return total;
            }
        }
    }

    private static String context(String signatureId) {
        return "signature_record/" + signatureId;
    }
}
