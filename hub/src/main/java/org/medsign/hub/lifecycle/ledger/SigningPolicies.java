package org.medsign.hub.lifecycle.ledger;

import java.time.Instant;
import java.util.List;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The signing policy (签名策略) of each system and document scenario, kept in the ledger: a scenario's own policy, else
 * the system's default (scenario {@code *}), else {@link SigningPolicy#CONFIRM}. Changed only by the security
 * administrator; every change is audited ({@code SIGNING_POLICY_CHANGED}).
 */
@Component
public class SigningPolicies {

    /**
     * What decides a request: the policy, and whether the signer's handwriting is required (手写签名, e.g. for informed
     * consent): such a request is never signed under a window, only on a confirmation that carries the handwriting.
     */
    public record Rule(SigningPolicy policy, boolean handwriting) {

        static final Rule DEFAULT = new Rule(SigningPolicy.CONFIRM, false);
    }

    /** The scenario name of a system's default policy. */
    public static final String DEFAULT_SCENARIO = "*";
    private static final int MAX_SCENARIO_LENGTH = 64;

    private final SigningPolicyRepository policies;
    private final HospitalSystemRepository systems;
    private final StaffRepository staff;
    private final AuditLog audit;

    public SigningPolicies(SigningPolicyRepository policies, HospitalSystemRepository systems, StaffRepository staff,
                           AuditLog audit) {
        this.policies = policies;
        this.systems = systems;
        this.staff = staff;
        this.audit = audit;
    }

    /** The policy that decides a request of {@code systemId} in {@code scenario} (null or blank: none named). */
    public SigningPolicy of(String systemId, String scenario) {
        return rule(systemId, scenario).policy();
    }

    /**
     * The rule that decides a request of {@code systemId} in {@code scenario}: the scenario's own row, else the
     * system's default row, else confirm without handwriting.
     */
    public Rule rule(String systemId, String scenario) {
        if (scenario != null && !scenario.isBlank()) {
            var own = policies.find(systemId, scenario.trim());
            if (own.isPresent()) {
                return own.get();
            }
        }
        return policies.find(systemId, DEFAULT_SCENARIO).orElse(Rule.DEFAULT);
    }

    /** The policies stored for a system (its default and named scenarios); SYSTEM_UNKNOWN for an unknown system. */
    public List<SigningPolicyRepository.Row> ofSystem(String systemId) {
        requireSystem(systemId);
        return policies.ofSystem(systemId);
    }

    /** Every stored policy. */
    public List<SigningPolicyRepository.Row> all() {
        return policies.all();
    }

    /**
     * Sets the policy of a system's scenario ({@code *} or null: the system's default). SYSTEM_UNKNOWN, or
     * SIGNING_POLICY_INVALID for a name other than confirm, window and auto, a scenario longer than 64 characters,
     * or handwriting required under auto (an organisation has no hand). {@code handwriting} null: not required.
     */
    @Transactional
    public SigningPolicy set(String systemId, String scenario, String policyName, Boolean handwriting, String by) {
        requireSystem(systemId);
        String named = scenarioName(scenario);
        SigningPolicy policy = SigningPolicy.parse(policyName).orElseThrow(() -> new HubException(
                ErrorCode.SIGNING_POLICY_INVALID, "a signing policy is confirm, window or auto"));
        boolean hand = Boolean.TRUE.equals(handwriting);
        if (hand && policy == SigningPolicy.AUTO) {
            throw new HubException(ErrorCode.SIGNING_POLICY_INVALID,
                    "handwriting is a person's: it cannot be required where the policy is auto");
        }
        policies.put(systemId, named, policy, hand, by, Instant.now());
        audit.append(AuditEvent.success(by, "SECURITY_ADMIN", "SIGNING_POLICY_CHANGED",
                systemId + "/" + named, policy.label() + (hand ? " handwriting" : "")));
        return policy;
    }

    /** Used at start-up by the demo data: sets a system's default policy as {@code bootstrap}, without an audit row. */
    public void bootstrap(String systemId, SigningPolicy policy) {
        policies.put(systemId, DEFAULT_SCENARIO, policy, false, "bootstrap", Instant.now());
    }

    /** Removes a named scenario's own policy (it follows the system's default again); false when it had none. */
    @Transactional
    public boolean remove(String systemId, String scenario, String by) {
        requireSystem(systemId);
        String named = scenarioName(scenario);
        boolean removed = policies.remove(systemId, named);
        if (removed) {
            audit.append(AuditEvent.success(by, "SECURITY_ADMIN", "SIGNING_POLICY_CHANGED",
                    systemId + "/" + named, "removed"));
        }
        return removed;
    }

    /**
     * Marks a signer as an organisation (a department or hospital certificate held by the hub, which may sign under
     * {@code auto}) or as a person; returns whether it is an organisation now. STAFF_UNKNOWN, SIGNER_KIND_INVALID.
     */
    @Transactional
    public boolean setSignerKind(String staffId, String kind, String by) {
        boolean organisation;
        if ("organisation".equalsIgnoreCase(kind == null ? "" : kind.trim())) {
            organisation = true;
        } else if ("person".equalsIgnoreCase(kind == null ? "" : kind.trim())) {
            organisation = false;
        } else {
            throw new HubException(ErrorCode.SIGNER_KIND_INVALID, "a signer kind is person or organisation");
        }
        if (!staff.setSignerKind(staffId, organisation ? "ORGANISATION" : "PERSON", Instant.now())) {
            throw new HubException(ErrorCode.STAFF_UNKNOWN, "no staff member '" + staffId + "'");
        }
        audit.append(AuditEvent.success(by, "SECURITY_ADMIN", "SIGNER_KIND_CHANGED", "staff/" + staffId,
                organisation ? "organisation" : "person"));
        return organisation;
    }

    private void requireSystem(String systemId) {
        if (systemId == null || !systems.exists(systemId)) {
            throw new HubException(ErrorCode.SYSTEM_UNKNOWN, "no system '" + systemId + "'");
        }
    }

    private static String scenarioName(String scenario) {
        if (scenario == null || scenario.isBlank()) {
            return DEFAULT_SCENARIO;
        }
        String trimmed = scenario.trim();
        if (trimmed.length() > MAX_SCENARIO_LENGTH) {
            throw new HubException(ErrorCode.SIGNING_POLICY_INVALID,
                    "a scenario name has at most " + MAX_SCENARIO_LENGTH + " characters");
        }
        return trimmed;
    }
}
