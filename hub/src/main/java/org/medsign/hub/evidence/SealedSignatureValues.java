package org.medsign.hub.evidence;

import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.cms.ParsedSignedData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Signature values at rest ({@code signature_record.signature_value}): an attached or enveloping CMS carries the
 * signed document, so every value is sealed with SM4-GCM under the key-encryption key, bound to its signature id
 * (a sealed value copied to another row does not open), like request contents; {@link SignatureRecordRepository}
 * seals on write and opens on read. {@code value_sealed} tells the sealed rows from those written before V14, which
 * {@link #sealExisting()} seals in the background after start.
 * Every read of document content through an API is audited {@code DOCUMENT_CONTENT_READ} by its edge.
 */
@Component
public class SealedSignatureValues {

    /** The audit action of a read of document content (a CMS with its content, or the document itself). */
    public static final String CONTENT_READ = "DOCUMENT_CONTENT_READ";

    private static final Logger log = LoggerFactory.getLogger(SealedSignatureValues.class);
    private static final int BATCH = 500;

    private final SignatureRecordRepository records;

    public SealedSignatureValues(SignatureRecordRepository records) {
        this.records = records;
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
            SignatureRecordRepository.SealingRound round = records.sealClearValues(BATCH);
            total += round.sealed();
            if (round.found() < BATCH || round.sealed() == 0) {
                return total;
            }
        }
    }
}
