package org.medsign.hub.mobile;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The app's live inbox, document previews and signature history (docs/mobile.md "Live inbox, previews and history").
 *
 * @param streamHeartbeat     a comment line on every open task stream this often; the session is checked then too
 *                            and the stream ended when it is no longer live (default 25 s)
 * @param streamsPerSigner    open task streams per signer at most; a further one ends the oldest (default 5)
 * @param previewTextChars    characters of a text document shown at most; more is cut and flagged (default 20 000)
 * @param previewImageBytes   largest PNG/JPEG sent as a data: URL (default 2 MiB)
 * @param previewPdfBytes     largest PDF rendered (default 10 MiB)
 * @param previewPdfMemoryBytes main memory PDFBox may use for one PDF (default 64 MiB); more → not previewed
 * @param previewPageWidth    width in pixels of the rendered first page (default 720, a phone's screen)
 * @param previewPageMaxHeight height in pixels a rendered page may reach at most (default 4 × the width); a taller
 *                            page is rendered smaller
 * @param previewRenderTimeout how long rendering one page may take (default 10 s)
 */
@ConfigurationProperties("medsign.mobile.inbox")
public record InboxProperties(Duration streamHeartbeat, Integer streamsPerSigner, Integer previewTextChars,
                              Integer previewImageBytes, Integer previewPdfBytes, Long previewPdfMemoryBytes,
                              Integer previewPageWidth, Integer previewPageMaxHeight, Duration previewRenderTimeout) {

    public InboxProperties {
        streamHeartbeat = positive(streamHeartbeat, Duration.ofSeconds(25), "stream-heartbeat");
        streamsPerSigner = atLeastOne(streamsPerSigner, 5, "streams-per-signer");
        previewTextChars = atLeastOne(previewTextChars, 20_000, "preview-text-chars");
        previewImageBytes = atLeastOne(previewImageBytes, 2 * 1024 * 1024, "preview-image-bytes");
        previewPdfBytes = atLeastOne(previewPdfBytes, 10 * 1024 * 1024, "preview-pdf-bytes");
        previewPdfMemoryBytes = previewPdfMemoryBytes == null ? 64L * 1024 * 1024 : previewPdfMemoryBytes;
        if (previewPdfMemoryBytes < 1024 * 1024) {
            throw new IllegalArgumentException("medsign.mobile.inbox.preview-pdf-memory-bytes must be at least 1 MiB");
        }
        previewPageWidth = atLeastOne(previewPageWidth, 720, "preview-page-width");
        if (previewPageWidth > 4096) {
            throw new IllegalArgumentException("medsign.mobile.inbox.preview-page-width must be at most 4096");
        }
        previewPageMaxHeight = atLeastOne(previewPageMaxHeight, 4 * previewPageWidth, "preview-page-max-height");
        previewRenderTimeout = positive(previewRenderTimeout, Duration.ofSeconds(10), "preview-render-timeout");
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("medsign.mobile.inbox." + name + " must be positive");
        }
        return value;
    }

    private static Integer atLeastOne(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException("medsign.mobile.inbox." + name + " must be at least 1");
        }
        return value;
    }
}
