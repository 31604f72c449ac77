package org.medsign.hub.mobile;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.annotation.JsonValue;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.evidence.SignedDocuments;
import org.medsign.hub.signing.SigningRequestRepository;
import org.medsign.hub.signing.SigningTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The preview of a task's document for its signer (任务详情的文档预览): the content the system sent, opened from the
 * request it waits on (sealed at rest), shown as text (UTF-8, cut at a bound), an image (PNG/JPEG as a data: URL, up
 * to a size) or a PDF (page count and the first page rendered to PNG by {@link PdfFirstPage}); anything else, a
 * purged content or a PDF that cannot be rendered is {@code unavailable} with a reason. Only the task's own signer
 * gets it (another signer's task is {@code TASK_UNKNOWN}); each preview is audited {@code TASK_VIEWED}, never with
 * the content.
 */
@Component
public class DocumentPreviews implements DisposableBean {

    /** What the preview shows; its JSON name is the lower-case {@link #label()}. */
    public enum Kind {
        TEXT, IMAGE, PDF, UNAVAILABLE;

        /** The name in the app's JSON: text, image, pdf, unavailable. */
        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A preview. Fields that do not apply to its kind are null.
     *
     * @param taskId     the task
     * @param kind       text, image, pdf or unavailable
     * @param mediaType  the content's type as recognised from its bytes, or null when unknown or purged
     * @param size       the content's size in bytes (null when purged)
     * @param text       text: the content, at most {@link InboxProperties#previewTextChars()} characters
     * @param truncated  text: whether it was cut
     * @param image      image: {@code data:image/png;base64,…} or {@code data:image/jpeg;base64,…}
     * @param pages      pdf: the page count (also when unavailable, where it could be counted)
     * @param page       pdf: the first page (or the one asked for) as {@code data:image/png;base64,…}
     * @param pageWidth  pdf: the rendered page's width in pixels
     * @param pageHeight pdf: its height in pixels
     * @param reason     unavailable: why (PURGED, UNSUPPORTED_TYPE, IMAGE_TOO_LARGE, PDF_TOO_LARGE, PDF_ENCRYPTED,
     *                   PDF_UNREADABLE, PDF_NO_PAGES, PDF_NO_SUCH_PAGE, PDF_PAGE_INVALID, PDF_TOO_COMPLEX,
     *                   PDF_RENDER_TIMEOUT)
     */
    public record Preview(long taskId, Kind kind, String mediaType, Integer size, String text, Boolean truncated,
                          String image, Integer pages, String page, Integer pageWidth, Integer pageHeight,
                          String reason) {

        static Preview unavailable(long taskId, String mediaType, Integer size, Integer pages, String reason) {
            return new Preview(taskId, Kind.UNAVAILABLE, mediaType, size, null, null, null, pages, null, null, null,
                    reason);
        }

        @Override
        public String toString() {
            // never the content
            return "Preview[task " + taskId + ", " + kind + ", " + mediaType + ", " + size + " bytes"
                    + (reason == null ? "" : ", " + reason) + "]";
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DocumentPreviews.class);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] PDF = {'%', 'P', 'D', 'F', '-'};

    private final SigningTasks tasks;
    private final SigningRequestRepository requests;
    private final AuditLog audit;
    private final InboxProperties properties;
    /** Renders PDFs: at most two at a time, so that a burst of previews cannot take every CPU. */
    private final ExecutorService renderers = Executors.newFixedThreadPool(2, run -> {
        Thread thread = new Thread(run, "medsign-pdf-preview");
        thread.setDaemon(true);
        return thread;
    });

    public DocumentPreviews(SigningTasks tasks, SigningRequestRepository requests, AuditLog audit,
                            InboxProperties properties) {
        this.tasks = tasks;
        this.requests = requests;
        this.audit = audit;
        this.properties = properties;
    }

    /** The preview of {@code staffId}'s task {@code taskId}, audited; another signer's task is TASK_UNKNOWN. */
    public Preview preview(String staffId, long taskId) {
        SigningTasks.Task task = tasks.find(staffId, taskId)
                .orElseThrow(() -> new HubException(ErrorCode.TASK_UNKNOWN, "no task " + taskId + " of this signer"));
        byte[] content = requests.pkOf(task.systemId(), task.requestId()).flatMap(requests::signedDocument)
                .map(SignedDocuments.SignedDocument::content).orElse(null);
        Preview preview = content == null ? Preview.unavailable(taskId, null, null, null, "PURGED")
                : describe(taskId, content);
        audit.append(AuditEvent.success("staff:" + staffId, "SIGNER", "TASK_VIEWED",
                task.systemId() + "/" + task.requestId(), "task " + taskId + " preview " + preview.kind().label()
                        + (preview.reason() == null ? "" : " " + preview.reason())));
        return preview;
    }

    /** The preview of a content by what its bytes are. */
    Preview describe(long taskId, byte[] content) {
        int size = content.length;
        if (startsWith(content, PNG) || startsWith(content, JPEG)) {
            String mediaType = startsWith(content, PNG) ? "image/png" : "image/jpeg";
            if (size > properties.previewImageBytes()) {
                return Preview.unavailable(taskId, mediaType, size, null, "IMAGE_TOO_LARGE");
            }
            return new Preview(taskId, Kind.IMAGE, mediaType, size, null, null, dataUrl(mediaType, content), null,
                    null, null, null, null);
        }
        if (startsWith(content, PDF)) {
            return pdf(taskId, content);
        }
        String text = utf8(content);
        if (text == null) {
            return Preview.unavailable(taskId, null, size, null, "UNSUPPORTED_TYPE");
        }
        boolean truncated = text.length() > properties.previewTextChars();
        if (truncated) {
            int end = properties.previewTextChars();
            if (Character.isHighSurrogate(text.charAt(end - 1))) {
                end--; // never half a character
            }
            text = text.substring(0, end);
        }
        return new Preview(taskId, Kind.TEXT, textType(text), size, text, truncated, null, null, null, null, null,
                null);
    }

    /**
     * One page of a PDF (0-based {@code index}), rendered as the app's preview renders the first page: for documents
     * shown outside a task, such as a consent on the patient tablet ({@code taskId} 0). A page beyond the last is
     * unavailable with PDF_NO_SUCH_PAGE and the page count.
     */
    public Preview pdfPage(byte[] content, int index) {
        return pdf(0, content, index);
    }

    private Preview pdf(long taskId, byte[] content) {
        return pdf(taskId, content, 0);
    }

    private Preview pdf(long taskId, byte[] content, int index) {
        String mediaType = "application/pdf";
        if (content.length > properties.previewPdfBytes()) {
            return Preview.unavailable(taskId, mediaType, content.length, null, "PDF_TOO_LARGE");
        }
        Future<PdfFirstPage.Rendered> rendering = renderers.submit(() -> PdfFirstPage.render(content, index,
                properties.previewPageWidth(), properties.previewPageMaxHeight(), properties.previewPdfMemoryBytes()));
        try {
            PdfFirstPage.Rendered page = rendering.get(properties.previewRenderTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            return new Preview(taskId, Kind.PDF, mediaType, content.length, null, null, null, page.pages(),
                    dataUrl("image/png", page.png()), page.width(), page.height(), null);
        } catch (TimeoutException e) {
            rendering.cancel(true);
            log.warn("PDF preview of task {} not rendered within {}", taskId, properties.previewRenderTimeout());
            return Preview.unavailable(taskId, mediaType, content.length, null, "PDF_RENDER_TIMEOUT");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PdfFirstPage.NotRendered refused) {
                log.info("PDF preview of task {} not rendered: {} ({})", taskId, refused.reason(),
                        refused.getCause() == null ? "-" : refused.getCause().getClass().getSimpleName());
                return Preview.unavailable(taskId, mediaType, content.length, refused.pages(), refused.reason());
            }
            log.warn("PDF preview of task {} failed: {}", taskId, String.valueOf(e.getCause()));
            return Preview.unavailable(taskId, mediaType, content.length, null, "PDF_UNREADABLE");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rendering.cancel(true);
            return Preview.unavailable(taskId, mediaType, content.length, null, "PDF_RENDER_TIMEOUT");
        }
    }

    /** The content as UTF-8 text (a BOM dropped), or null when it is not text: invalid UTF-8 or control bytes. */
    static String utf8(byte[] content) {
        String text;
        try {
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
            text = decoded.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // tabs, line ends, form feed, and HL7's segment and escape characters are text; other controls are not
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0b && c != 0x1c && c != 0x1b) {
                return null;
            }
        }
        return text;
    }

    private static String textType(String text) {
        String start = text.stripLeading();
        if (start.startsWith("<")) {
            return "application/xml";
        }
        if (start.startsWith("{") || start.startsWith("[")) {
            return "application/json";
        }
        return "text/plain";
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        if (content.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (content[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String dataUrl(String mediaType, byte[] bytes) {
        return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void destroy() {
        renderers.shutdownNow();
    }
}
