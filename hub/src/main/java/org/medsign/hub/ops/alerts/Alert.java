package org.medsign.hub.ops.alerts;

import java.time.Instant;

/**
 * The state of one alert rule: its current (FIRING) or last (RESOLVED) episode.
 *
 * @param rule           rule name
 * @param severity       the rule's grade
 * @param state          FIRING or RESOLVED
 * @param since          when it entered this state
 * @param firedAt        when the episode began
 * @param summary        what the rule found (when it fired, or the latest evaluation while FIRING)
 * @param lastNotifiedAt the latest notification of this episode
 * @param notifications  notifications sent in this episode (fired, repeats, resolved)
 * @param incidentId     the incident the episode opened
 * @param evaluatedAt    the latest evaluation
 */
public record Alert(String rule, Severity severity, State state, Instant since, Instant firedAt, String summary,
                    Instant lastNotifiedAt, int notifications, Long incidentId, Instant evaluatedAt) {

    /** An alert's state. */
    public enum State {
        FIRING,
        RESOLVED
    }
}
