package org.medsign.hub.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Routine operations (常规运维).
 *
 * @param dualControl        operations that need a second security administrator's approval (双人复核): any of
 *                           {@code REVOKE}, {@code BULK} (bulk operations: renewal campaigns, bulk freeze/revoke),
 *                           {@code FREEZE}, {@code SEAL} (creating an organisation seal); empty by default (the
 *                           embedded default leaves dual control off)
 * @param departureGrace     how long after a staff member is marked {@code left} their frozen certificates are
 *                           revoked (default 30 days)
 * @param rosterScanInterval how often the roster is checked for leavers (default one minute; imports check at once)
 * @param approvalValidity   how long an approval request may wait before it expires (default 7 days)
 * @param pinMaxAttempts     wrong signing PINs in a row before the PIN locks (default 5)
 */
@ConfigurationProperties("medsign.lifecycle")
public record LifecycleProperties(List<String> dualControl, Duration departureGrace, Duration rosterScanInterval,
                                  Duration approvalValidity, Integer pinMaxAttempts) {

    /** Operations dual control may cover. */
    public static final Set<String> CONTROLLABLE = Set.of("REVOKE", "BULK", "FREEZE", "SEAL");

    public LifecycleProperties {
        dualControl = dualControl == null ? List.of() : dualControl.stream().map(String::trim)
                .filter(s -> !s.isEmpty()).map(s -> s.toUpperCase(Locale.ROOT)).toList();
        for (String operation : dualControl) {
            if (!CONTROLLABLE.contains(operation)) {
                throw new IllegalArgumentException("medsign.lifecycle.dual-control: unknown operation '" + operation
                        + "' (use " + CONTROLLABLE.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
        departureGrace = departureGrace == null ? Duration.ofDays(30) : departureGrace;
        rosterScanInterval = rosterScanInterval == null ? Duration.ofMinutes(1) : rosterScanInterval;
        approvalValidity = approvalValidity == null ? Duration.ofDays(7) : approvalValidity;
        pinMaxAttempts = pinMaxAttempts == null ? 5 : pinMaxAttempts;
    }

    /** Whether {@code operation} needs a second administrator. */
    public boolean needsApproval(String operation) {
        return dualControl.contains(operation);
    }
}
