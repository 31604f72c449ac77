package org.medsign.hub.api;

import java.io.IOException;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.medsign.hub.mobile.DocumentPreviews;
import org.medsign.hub.mobile.MobileProperties;
import org.medsign.hub.mobile.SignatureHistory;
import org.medsign.hub.mobile.TaskFeed;
import org.medsign.hub.security.AppPrincipal;
import org.medsign.hub.security.AppSessionFilter;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The app's live inbox, document previews and signature history: a server-sent-event stream of the signer's task
 * changes ({@link TaskFeed}), the preview of a task's document ({@link DocumentPreviews}) and the signer's signatures
 * with their verification ({@link SignatureHistory}). Needs the app's bearer session (the stream too: the app reads it
 * with {@code fetch()}, which can send {@code Authorization}, unlike {@code EventSource}).
 */
@RestController
@Tag(name = "mobile", description = "The clinician's mobile app (issue #13)")
public class MobileInboxController {

    private final TaskFeed feed;
    private final DocumentPreviews previews;
    private final SignatureHistory history;
    private final MobileProperties mobile;

    public MobileInboxController(TaskFeed feed, DocumentPreviews previews, SignatureHistory history,
                                 MobileProperties mobile) {
        this.feed = feed;
        this.previews = previews;
        this.history = history;
        this.mobile = mobile;
    }

    @Operation(summary = "Live inbox: server-sent events (ready, task, end) and heartbeat comments; ends when the "
            + "session does")
    @GetMapping(path = "/api/v1/m/tasks/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter stream(@AuthenticationPrincipal AppPrincipal signer, HttpServletRequest request,
                             HttpServletResponse response) {
        // a stream outlives no session: the heartbeat ends it earlier when the session ends
        SseEmitter emitter = new SseEmitter(mobile.sessionMaximum().toMillis());
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no"); // nginx in front: pass events on at once
        TaskFeed.Subscription subscription = feed.subscribe(signer.staffId(),
                AppSessionFilter.bearer(request.getHeader("Authorization")), new EmitterSink(emitter));
        emitter.onCompletion(() -> feed.unsubscribe(subscription));
        emitter.onTimeout(() -> {
            feed.unsubscribe(subscription);
            emitter.complete();
        });
        emitter.onError(error -> feed.unsubscribe(subscription));
        return emitter;
    }

    @Operation(summary = "Preview of one of your tasks' document: text, image, first PDF page, or unavailable with a "
            + "reason; 404 TASK_UNKNOWN")
    @GetMapping(path = "/api/v1/m/tasks/{id}/preview", produces = MediaType.APPLICATION_JSON_VALUE)
    public DocumentPreviews.Preview preview(@AuthenticationPrincipal AppPrincipal signer, @PathVariable long id) {
        return previews.preview(signer.staffId(), id);
    }

    @Operation(summary = "Your signatures, newest first, with their certificate's status now (limit 1…500, "
            + "default 50)")
    @GetMapping(path = "/api/v1/m/history", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<SignatureHistory.Entry> history(@AuthenticationPrincipal AppPrincipal signer,
                                                @RequestParam(required = false) Integer limit) {
        // the API's one paging rule: out of range or not a number is 400 BAD_PAGE
        return history.of(signer.staffId(), limit == null ? null : Paging.limit(limit, SignatureHistory.MAX_LIMIT));
    }

    @Operation(summary = "One of your signatures verified now; 404 SIGNATURE_UNKNOWN")
    @GetMapping(path = "/api/v1/m/history/{signatureId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public SignatureHistory.Detail signature(@AuthenticationPrincipal AppPrincipal signer,
                                             @PathVariable String signatureId) {
        return history.verify(signer.staffId(), signatureId);
    }

    /**
     * A stream the phone left (or that timed out) is no error to answer: the response is an event stream already
     * under way, and the hub's catch-all would log it as unexpected and try to write JSON into it.
     */
    @ExceptionHandler({AsyncRequestNotUsableException.class, AsyncRequestTimeoutException.class})
    void streamGone(HttpServletResponse response) {
        // nothing to answer
    }

    /** The server-sent-event stream of one app session, as the feed writes to it. */
    private record EmitterSink(SseEmitter emitter) implements TaskFeed.Sink {

        @Override
        public void event(String name, Object data) throws IOException {
            emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
        }

        @Override
        public void heartbeat() throws IOException {
            emitter.send(SseEmitter.event().comment("heartbeat"));
        }

        @Override
        public void complete() {
            emitter.complete();
        }
    }
}
