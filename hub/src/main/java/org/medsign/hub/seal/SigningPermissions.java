package org.medsign.hub.seal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.ledger.HospitalSystems;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The post-based permission matrix (岗位权限, issue #15 point 2): who — post, grade and above ({@link PostGrades}),
 * department — may sign or apply a seal of which kind, to which documents (scenario, document type), through which
 * system. The rules that name a request's document and action restrict it: the request is allowed when one of them
 * permits the signer through the request's system, refused otherwise; what no rule names stays allowed unless
 * {@link PermissionProperties#denyByDefault()}. The signing path asks {@link #refusal} on every request: the matrix is
 * held in memory (re-read after each change here and every {@link PermissionProperties#refresh()} for changes on other
 * nodes), so a request no rule names costs no statement, and one a rule names costs one (the signer's post and
 * department, read fresh from the roster). Rules are changed by the security administrator only, each change audited
 * ({@code PERMISSION_RULE_CREATED}, {@code _CHANGED}, {@code _DELETED}).
 */
@Component
public class SigningPermissions {

    private static final Logger log = LoggerFactory.getLogger(SigningPermissions.class);
    private static final int MAX_NAME = 100;
    private static final int MAX_SCENARIO = 64;
    private static final int MAX_NOTE = 200;

    /** A rule as an administrator writes it: strings as typed, checked by {@link #create} and {@link #change}. */
    public record RuleRequest(String post, String minPost, String department, String system, String scenario,
                              String documentType, String action, String specialType, String note) {
    }

    /**
     * The answer for one staff member and request: allowed or the reason; the rules that name the request (its
     * scope; empty: no rule restricts it), and the post and department it was decided with.
     */
    public record Decision(boolean allowed, String reason, List<PermissionRule> scope, String post,
                           String department) {
    }

    private final PermissionRuleRepository rules;
    private final StaffRepository staff;
    private final HospitalSystems systems;
    private final SealProperties seals;
    private final PermissionProperties properties;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private volatile List<PermissionRule> matrix;

    public SigningPermissions(PermissionRuleRepository rules, StaffRepository staff, HospitalSystems systems,
                              SealProperties seals, PermissionProperties properties, AuditLog audit,
                              TransactionTemplate transactions) {
        this.rules = rules;
        this.staff = staff;
        this.systems = systems;
        this.seals = seals;
        this.properties = properties;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * Why {@code staffId} may not do {@code action} to this document through {@code systemId}, or empty when they
     * may. {@code scenario} and {@code documentType} as the request carries them (null: none).
     */
    public Optional<String> refusal(String systemId, String scenario, String documentType, String staffId,
                                    PermissionAction action) {
        Decision decision = decide(systemId, scenario, documentType, staffId, action);
        return decision.allowed() ? Optional.empty() : Optional.of(decision.reason());
    }

    /** The decision for a request, with its scope (for the administrator's check). */
    public Decision decide(String systemId, String scenario, String documentType, String staffId,
                           PermissionAction action) {
        return decide(matrix(), properties.denyByDefault(), systemId, scenario, documentType, staffId, action,
                staff::holder);
    }

    /**
     * The decision over {@code matrix}: the rules that name the document and action (its scope) restrict it; the
     * staff member's post and department are looked up (by {@code roster}) only when some rule does.
     */
    static Decision decide(List<PermissionRule> matrix, boolean denyByDefault, String systemId, String scenario,
                           String documentType, String staffId, PermissionAction action,
                           Function<String, Optional<StaffRepository.Holder>> roster) {
        List<PermissionRule> scope = matrix.stream().filter(rule -> rule.covers(scenario, documentType, action))
                .toList();
        if (scope.isEmpty()) {
            return denyByDefault
                    ? new Decision(false, "no permission rule names " + action.label() + " for "
                    + document(scenario, documentType) + " and medsign.permissions.deny-by-default is on", scope,
                    null, null)
                    : new Decision(true, null, scope, null, null);
        }
        Optional<StaffRepository.Holder> holder = roster.apply(staffId);
        String post = holder.map(StaffRepository.Holder::post).orElse(null);
        String department = holder.map(StaffRepository.Holder::department).orElse(null);
        for (PermissionRule rule : scope) {
            if (rule.permits(systemId, post, department)) {
                return new Decision(true, null, scope, post, department);
            }
        }
        String permitted = scope.stream().map(r -> "#" + r.id() + " " + r.who() + " via " + r.systemId())
                .collect(Collectors.joining("; "));
        return new Decision(false, staffId + " (post " + (post == null ? "none" : post) + ", department "
                + (department == null ? "none" : department) + ") may not " + action.label() + " "
                + document(scenario, documentType) + " through " + systemId + "; the permission rules allow: "
                + permitted, scope, post, department);
    }

    /** Every rule, by id (from memory). */
    public List<PermissionRule> all() {
        return matrix();
    }

    /** One rule. */
    public PermissionRule find(long id) {
        return rules.find(id).orElseThrow(() -> new PermissionException.RuleUnknown(id));
    }

    /** Adds a rule after checking every field; audited. */
    public PermissionRule create(RuleRequest request, String actor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PermissionRule checked = checked(0, request, actor, now);
        requireNew(checked, 0);
        PermissionRule stored = transactions.execute(status -> {
            PermissionRule rule = checked.stored(rules.insert(checked), actor, now);
            audit.append(AuditEvent.success(actor, "SECURITY_ADMIN", "PERMISSION_RULE_CREATED",
                    "permission/" + rule.id(), rule.describe()));
            return rule;
        });
        reload();
        return stored;
    }

    /** Replaces a rule after checking every field; audited with the rule before and after. */
    public PermissionRule change(long id, RuleRequest request, String actor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PermissionRule checked = checked(id, request, actor, now);
        requireNew(checked, id);
        PermissionRule changed = transactions.execute(status -> {
            PermissionRule before = find(id);
            if (!rules.update(checked)) {
                throw new PermissionException.RuleUnknown(id);
            }
            audit.append(AuditEvent.success(actor, "SECURITY_ADMIN", "PERMISSION_RULE_CHANGED", "permission/" + id,
                    before.describe() + " -> " + checked.describe()));
            return checked;
        });
        reload();
        return changed;
    }

    /** Deletes a rule; audited with what it said. */
    public PermissionRule delete(long id, String actor) {
        PermissionRule deleted = transactions.execute(status -> {
            PermissionRule before = find(id);
            if (!rules.delete(id)) {
                throw new PermissionException.RuleUnknown(id);
            }
            audit.append(AuditEvent.success(actor, "SECURITY_ADMIN", "PERMISSION_RULE_DELETED", "permission/" + id,
                    before.describe()));
            return before;
        });
        reload();
        return deleted;
    }

    /** Re-reads the rules, so that a change made on another node applies here too. */
    @Scheduled(fixedDelayString = "${medsign.permissions.refresh:PT10S}",
            initialDelayString = "${medsign.permissions.refresh:PT10S}")
    void refresh() {
        try {
            reload();
        } catch (RuntimeException e) {
            // the previous matrix stays in force; the next refresh tries again
            log.warn("Could not re-read the permission rules: {}", e.getClass().getSimpleName());
        }
    }

    private void reload() {
        matrix = List.copyOf(rules.all());
    }

    private List<PermissionRule> matrix() {
        List<PermissionRule> current = matrix;
        if (current == null) {
            synchronized (this) {
                if (matrix == null) {
                    reload();
                }
                current = matrix;
            }
        }
        return current;
    }

    private void requireNew(PermissionRule rule, long exceptId) {
        for (PermissionRule existing : rules.all()) {
            if (existing.id() != exceptId && existing.sameAs(rule)) {
                throw new PermissionException.RuleInvalid("the same rule exists already: #" + existing.id());
            }
        }
    }

    /** The request as a rule, or RuleInvalid with the first thing wrong. */
    private PermissionRule checked(long id, RuleRequest request, String actor, Instant now) {
        if (request == null) {
            throw new PermissionException.RuleInvalid("the rule is missing");
        }
        PermissionAction.Kind action = PermissionAction.Kind.parse(request.action()).orElseThrow(() ->
                new PermissionException.RuleInvalid("action must be one of SIGN, PERSONAL, DEPARTMENT, HOSPITAL, "
                        + "SPECIAL"));
        String post = text("post", request.post(), MAX_NAME);
        String minPost = text("minPost", request.minPost(), MAX_NAME);
        String department = text("department", request.department(), MAX_NAME);
        if (post == null && minPost == null && department == null) {
            throw new PermissionException.RuleInvalid("name who: a post (or * for any staff member), a minPost "
                    + "(grade and above) or a department");
        }
        if (minPost != null && !PostGrades.known(minPost)) {
            throw new PermissionException.RuleInvalid("minPost '" + minPost + "' is on no title ladder; one of "
                    + PostGrades.all());
        }
        if (PermissionRule.ANY.equals(minPost) || PermissionRule.ANY.equals(department)) {
            throw new PermissionException.RuleInvalid("* stands for any staff member only as the post");
        }
        String system = text("system", request.system(), MAX_SCENARIO);
        if (system == null) {
            system = PermissionRule.ANY;
        } else if (!PermissionRule.ANY.equals(system) && !systems.exists(system)) {
            throw new PermissionException.RuleInvalid("no system '" + system + "' (or * for any)");
        }
        String scenario = any(text("scenario", request.scenario(), MAX_SCENARIO));
        String documentType = any(text("documentType", request.documentType(), MAX_NAME));
        String specialType = text("specialType", request.specialType(), MAX_SCENARIO);
        if (specialType != null && action != PermissionAction.Kind.SPECIAL) {
            throw new PermissionException.RuleInvalid("specialType is only for the SPECIAL action");
        }
        if (specialType != null && !seals.specialTypes().contains(specialType)) {
            throw new PermissionException.RuleInvalid("specialType must be one of " + seals.specialTypes());
        }
        String note = text("note", request.note(), MAX_NOTE);
        return new PermissionRule(id, post, minPost, department, system, scenario, documentType, action, specialType,
                note, actor, now);
    }

    private static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > max) {
            throw new PermissionException.RuleInvalid(field + " has more than " + max + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new PermissionException.RuleInvalid(field + " contains control characters");
        }
        return trimmed;
    }

    /** A scenario or document type of "*" means any, as none does. */
    private static String any(String value) {
        return PermissionRule.ANY.equals(value) ? null : value;
    }

    private static String document(String scenario, String documentType) {
        return "scenario " + (scenario == null || scenario.isBlank() ? "-" : scenario.trim()) + " / document type "
                + (documentType == null || documentType.isBlank() ? "-" : documentType.trim());
    }

    /** The staff member's existence, for the administrator's check (STAFF_UNKNOWN otherwise). */
    public void requireStaff(String staffId) {
        if (staffId == null || staff.holder(staffId).isEmpty()) {
            throw new HubException(ErrorCode.STAFF_UNKNOWN, "no staff member '" + staffId + "'");
        }
    }
}
