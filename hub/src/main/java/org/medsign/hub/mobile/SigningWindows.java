package org.medsign.hub.mobile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.ledger.SigningPolicies;
import org.medsign.hub.lifecycle.ledger.SystemAccountRepository;
import org.medsign.hub.signing.SigningAuthorizations;
import org.medsign.hub.signing.WindowDelegations;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signing windows (时段授权): a clinician lets chosen systems sign in their name without a prompt for 1 hour to 30
 * days, for every document scenario or for named ones. A window is a {@code signing_authorization} row created by
 * {@code staff:<id>} ({@link SigningAuthorizations}), so the signing worker honours it at once; only systems the
 * clinician has an account in may be chosen. The clinician sees and closes only their own windows.
 */
@Component
public class SigningWindows {

    /** The shortest and longest window, in hours. */
    public static final int MIN_HOURS = 1;
    public static final int MAX_HOURS = 720;
    private static final int MAX_SCENARIO_LENGTH = 64;

    private final SigningAuthorizations authorizations;
    private final SystemAccountRepository accounts;
    private final AuditLog audit;
    private final SigningPolicies policies;
    private final WindowDelegations delegations;

    public SigningWindows(SigningAuthorizations authorizations, SystemAccountRepository accounts, AuditLog audit,
                          SigningPolicies policies, WindowDelegations delegations) {
        this.delegations = delegations;
        this.authorizations = authorizations;
        this.accounts = accounts;
        this.audit = audit;
        this.policies = policies;
    }

    /** Who a signer's own windows are created by. */
    static String creator(String staffId) {
        return "staff:" + staffId;
    }

    /**
     * Opens one window per system (and per scenario when scenarios are named, else one for every scenario), all
     * ending {@code hours} from now. WINDOW_INVALID when the length is outside 1…720 h, no system is named, a system
     * is not one the signer has an account in, or a scenario is blank or too long.
     */
    public List<SigningAuthorizations.Window> open(String staffId, List<String> systems, List<String> scenarios,
                                                   Integer hours) {
        return open(staffId, systems, scenarios, hours, null);
    }

    /**
     * Opens windows as {@link #open(String, List, List, Integer)}; a clinician with a collaborative key (协同签名) must
     * hand over the device share {@code delegation} (32 bytes) for them, checked against the key and kept by
     * {@link WindowDelegations} in memory until the windows close (WINDOW_INVALID without it, COLLAB_MESSAGE_INVALID
     * when it does not belong to the key, DEVICE_NOT_ACTIVATED when one is given without a collaborative key).
     */
    @Transactional
    public List<SigningAuthorizations.Window> open(String staffId, List<String> systems, List<String> scenarios,
                                                   Integer hours, byte[] delegation) {
        WindowDelegations.Accepted accepted = null;
        if (delegation != null) {
            accepted = delegations.accept(staffId, delegation);
        } else if (delegations.collaborativeOf(staffId, Instant.now()).isPresent()) {
            throw invalid("your key is collaborative (协同签名): the hub cannot sign in a window without your device's "
                    + "delegation; open the window from the app or `medsign device window`");
        }
        if (hours == null || hours < MIN_HOURS || hours > MAX_HOURS) {
            throw invalid("hours must be between " + MIN_HOURS + " and " + MAX_HOURS + " (30 days)");
        }
        if (systems == null || systems.isEmpty()) {
            throw invalid("name at least one system");
        }
        Set<String> own = new LinkedHashSet<>(accounts.systemsOf(staffId));
        Set<String> chosen = new LinkedHashSet<>();
        for (String system : systems) {
            if (system == null || !own.contains(system.trim())) {
                throw invalid("'" + system + "' is not a system you have an account in (yours: "
                        + String.join(", ", own) + ")");
            }
            chosen.add(system.trim());
        }
        List<String> perScenario = new ArrayList<>();
        if (scenarios == null || scenarios.isEmpty()) {
            perScenario.add(null);
        } else {
            for (String scenario : new LinkedHashSet<>(scenarios)) {
                if (scenario == null || scenario.isBlank() || scenario.trim().length() > MAX_SCENARIO_LENGTH) {
                    throw invalid("a scenario must be a name of 1 to " + MAX_SCENARIO_LENGTH + " characters");
                }
                perScenario.add(scenario.trim());
            }
        }
        Instant now = Instant.now();
        Instant until = now.plus(Duration.ofHours(hours));
        List<SigningAuthorizations.Window> opened = new ArrayList<>();
        for (String system : chosen) {
            for (String scenario : perScenario) {
                SigningAuthorizations.Window window = authorizations.open(staffId, system, scenario, now, until,
                        creator(staffId));
                opened.add(window);
                audit.append(AuditEvent.success(creator(staffId), "SIGNER", "WINDOW_OPENED", "window/" + window.id(),
                        "system " + system + (scenario == null ? "" : ", scenario " + scenario) + ", until " + until
                                + (accepted != null ? ", delegated collaborative key " + accepted.serial() : "")));
            }
        }
        if (accepted != null) {
            delegations.register(accepted, opened);
        }
        return opened;
    }

    /** A system the signer has an account in, with the signing policy that decides its requests. */
    public record SignerSystem(String system, String policy) {
    }

    /** The systems the signer has an account in (the only ones a window may name), with their default policy. */
    public List<SignerSystem> systemsOf(String staffId) {
        return accounts.systemsOf(staffId).stream().distinct().sorted()
                .map(system -> new SignerSystem(system, policies.of(system, null).label())).toList();
    }

    /** The signer's windows in force now. */
    public List<SigningAuthorizations.Window> openOf(String staffId) {
        return authorizations.openOf(staffId, creator(staffId), Instant.now());
    }

    /** Closes one of the signer's own windows in force; WINDOW_UNKNOWN otherwise. */
    @Transactional
    public void close(String staffId, long windowId) {
        if (!authorizations.close(windowId, staffId, creator(staffId), Instant.now())) {
            throw new HubException(ErrorCode.WINDOW_UNKNOWN, "no open signing window " + windowId + " of yours");
        }
        delegations.forget(windowId);
        audit.append(AuditEvent.success(creator(staffId), "SIGNER", "WINDOW_CLOSED", "window/" + windowId, null));
    }

    private static HubException invalid(String detail) {
        return new HubException(ErrorCode.WINDOW_INVALID, detail);
    }
}
