package org.medsign.crypto.audit;

import java.util.Optional;

/**
 * The outcome of verifying an audit chain.
 *
 * @param events  events checked (up to and including the first bad one)
 * @param nodes   node chains seen
 * @param anchors anchors whose token and heads were checked
 * @param problem the first problem, or empty when the chain is intact
 */
public record AuditVerification(long events, int nodes, int anchors, Optional<AuditProblem> problem) {

    /** Whether nothing is wrong. */
    public boolean intact() {
        return problem.isEmpty();
    }

    /** One line for people: the count when intact, else the problem. */
    public String summary() {
        return problem.map(AuditProblem::describe).orElse("audit chain intact: " + events + " events checked ("
                + nodes + (nodes == 1 ? " node" : " nodes") + ", " + anchors + (anchors == 1 ? " anchor" : " anchors")
                + " verified)");
    }
}
