package org.medsign.hub.lifecycle.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of an inventory (清查).
 *
 * @param generatedAt  when it was computed
 * @param expiringDays the expiring window in days
 * @param idleDays     the idle window in days
 * @param certificates certificates examined (ACTIVE or FROZEN in the ledger)
 * @param counts       per category: certificates, or staff members for MISSING (all categories present, in order)
 * @param departments  the same counts per department (holder's department, else the certificate's OU)
 * @param items        one per finding, ordered by category, department, staff id, serial
 */
public record InventoryReport(Instant generatedAt, int expiringDays, int idleDays, int certificates,
                              Map<InventoryCategory, Integer> counts,
                              Map<String, Map<InventoryCategory, Integer>> departments, List<Item> items) {

    /**
     * One finding.
     *
     * @param category    what was found
     * @param serial      the certificate (null for MISSING)
     * @param staffId     the holder, or null when none matched
     * @param name        holder's name, else the certificate's CN
     * @param department  holder's department, else the certificate's OU
     * @param holderMatch how the holder was found (ISSUED, SERIAL_NUMBER, IDENTITY_NUMBER, NAME_DEPARTMENT = weak, NONE)
     * @param reasonCode  the reason's bundle key suffix ({@code inventory.reason.<code>})
     * @param reasonArgs  values for the reason text (no identity numbers)
     * @param action      the proposed action
     */
    public record Item(InventoryCategory category, String serial, String staffId, String name, String department,
                       String holderMatch, String reasonCode, List<String> reasonArgs, ProposedAction action) {
    }
}
