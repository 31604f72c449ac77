package org.medsign.hub.lifecycle.campaign;

import java.time.Instant;
import java.util.List;

/**
 * Which certificates a renewal campaign takes: those matching every criterion given (at least one). Without
 * {@code serials} only certificates in service (ACTIVE or FROZEN) are considered.
 *
 * @param categories     inventory categories (e.g. {@code expiring}), with the windows below; not {@code missing}
 * @param expiringDays   the inventory's expiring window (default 60)
 * @param idleDays       the inventory's idle window (default 90)
 * @param departments    the holder's department (else the certificate's OU)
 * @param staffIds       holders
 * @param serials        certificates (hexadecimal)
 * @param expiringBefore notAfter before this time
 */
public record CampaignSelection(List<String> categories, Integer expiringDays, Integer idleDays,
                                List<String> departments, List<String> staffIds, List<String> serials,
                                Instant expiringBefore) {

    public CampaignSelection {
        categories = categories == null ? List.of() : List.copyOf(categories);
        departments = departments == null ? List.of() : List.copyOf(departments);
        staffIds = staffIds == null ? List.of() : List.copyOf(staffIds);
        serials = serials == null ? List.of() : serials.stream().map(s -> s.replace(":", "").trim()
                .toUpperCase(java.util.Locale.ROOT)).toList();
    }

    /** Whether no criterion was given (a campaign over "everything" must be asked for explicitly, with a filter). */
    public boolean isEmpty() {
        return categories.isEmpty() && departments.isEmpty() && staffIds.isEmpty() && serials.isEmpty()
                && expiringBefore == null;
    }
}
