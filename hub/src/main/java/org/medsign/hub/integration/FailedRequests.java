package org.medsign.hub.integration;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.hub.signing.SigningRequestRepository;
import org.springframework.stereotype.Component;

/**
 * Accepted requests that ended without a signature (refused meanwhile, or failed after their retries) and whether
 * their system has its failure notice: the console's failed view and its counts.
 */
@Component
public class FailedRequests {

    /** How a failed request was answered. */
    public enum Answer {
        /** The failure notice went to the system's outbound route. */
        SENT,
        /** The notice is queued or being retried (the system's listener does not take it yet). */
        NOT_YET_SENT,
        /** The system has no outbound route: it reads the failure from the status endpoint (polling). */
        BY_STATUS_ENDPOINT
    }

    /**
     * One failed request.
     *
     * @param requestPk   internal request id
     * @param systemId    calling system
     * @param requestId   the system's request id
     * @param status      FAILED or DEAD_LETTER
     * @param code        why
     * @param detail      the hub's detail (no personal data)
     * @param failedAt    when it failed
     * @param answer      how the system was answered
     * @param answeredAt  when the notice was sent, or null
     */
    public record Entry(long requestPk, String systemId, String requestId, RequestStatus status, ErrorCode code,
                        String detail, Instant failedAt, Answer answer, Instant answeredAt) {

        /** Whether an operator may replay it (the cause was transient). */
        public boolean replayable() {
            return status == RequestStatus.DEAD_LETTER;
        }
    }

    private final SigningRequestRepository requests;
    private final ReplyContextRepository contexts;

    public FailedRequests(SigningRequestRepository requests, ReplyContextRepository contexts) {
        this.requests = requests;
        this.contexts = contexts;
    }

    /** The newest failed requests, optionally of one system. */
    public List<Entry> find(String systemId, int limit) {
        List<SigningRequestRepository.Failed> failed = requests.newestFailed(systemId, Math.max(1, Math.min(limit, 1000)));
        Map<Long, ReplyContextRepository.Answer> answers = contexts.answers(failed.stream()
                .map(SigningRequestRepository.Failed::pk).toList());
        return failed.stream().map(request -> {
            ReplyContextRepository.Answer reply = answers.get(request.pk());
            boolean route = reply != null;
            boolean answered = route && request.status().name().equals(reply.answeredStatus());
            return new Entry(request.pk(), request.systemId(), request.requestId(), request.status(),
                    request.errorCode() == null ? ErrorCode.INTERNAL_ERROR : request.errorCode(),
                    request.errorDetail(), request.failedAt(),
                    !route ? Answer.BY_STATUS_ENDPOINT : answered ? Answer.SENT : Answer.NOT_YET_SENT,
                    answered && reply.sentAt() != null ? reply.sentAt() : null);
        }).toList();
    }
}
