package org.medsign.hub.lifecycle.inventory;

import java.util.List;

/** One inventory category's rule: its findings in a loaded snapshot (in any order; the report sorts them). */
interface InventoryRule {

    /** The findings; a certificate may also be found by other rules. */
    List<InventoryReport.Item> findings(InventorySnapshot snapshot);
}
