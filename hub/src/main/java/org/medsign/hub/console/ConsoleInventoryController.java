package org.medsign.hub.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.medsign.hub.lifecycle.inventory.Inventory;
import org.medsign.hub.lifecycle.inventory.InventoryCategory;
import org.medsign.hub.lifecycle.inventory.InventoryReport;
import org.medsign.hub.lifecycle.ledger.LedgerMessages;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The inventory report (清查) for the security administrator and, read-only, the audit administrator: counts per
 * category and department, each finding with its reason and proposed action, links to the CSV/HTML exports (the
 * files of {@code GET /api/v1/ledger/inventory}, downloaded within the console session: {@link ConsoleExportsController}).
 * Category, action and reason texts come from the ledger's bundle, so the page says exactly what the exports say.
 */
@Controller
public class ConsoleInventoryController {

    /** A finding as shown: texts already in the page's language. */
    public record Finding(String category, String serial, String staffId, String name, String department,
                         String action, String reason) {
    }

    private final Inventory inventory;
    private final LedgerMessages messages;

    public ConsoleInventoryController(Inventory inventory, LedgerMessages messages) {
        this.inventory = inventory;
        this.messages = messages;
    }

    @GetMapping("/console/inventory")
    String inventory(@RequestParam(defaultValue = "" + Inventory.DEFAULT_EXPIRING_DAYS) int expiringDays,
                     @RequestParam(defaultValue = "" + Inventory.DEFAULT_IDLE_DAYS) int idleDays, Locale locale,
                     Model model) {
        int expiring = Math.max(0, Math.min(expiringDays, 3650));
        int idle = Math.max(0, Math.min(idleDays, 3650));
        InventoryReport report = inventory.run(expiring, idle, Instant.now());
        Map<String, String> categories = new LinkedHashMap<>();
        for (InventoryCategory category : InventoryCategory.values()) {
            categories.put(category.key(), messages.text("inventory.category." + category.key(), locale));
        }
        List<Finding> findings = new ArrayList<>();
        for (InventoryReport.Item item : report.items()) {
            findings.add(new Finding(categories.get(item.category().key()), item.serial(), item.staffId(), item.name(),
                    item.department(), messages.text("inventory.action." + item.action().key(), locale),
                    messages.reason(item, locale)));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        report.counts().forEach((category, count) -> counts.put(category.key(), count));
        Map<String, Map<String, Integer>> departments = new LinkedHashMap<>();
        report.departments().forEach((department, perCategory) -> {
            Map<String, Integer> row = new LinkedHashMap<>();
            perCategory.forEach((category, count) -> row.put(category.key(), count));
            departments.put(department, row);
        });
        String query = "?expiringDays=" + expiring + "&idleDays=" + idle;
        model.addAttribute("report", report);
        model.addAttribute("categories", categories);
        model.addAttribute("counts", counts);
        model.addAttribute("departments", departments);
        model.addAttribute("findings", findings);
        model.addAttribute("csvExport", "/console/inventory/export.csv" + query);
        model.addAttribute("htmlExport", "/console/inventory/export.html" + query);
        model.addAttribute("active", "inventory");
        return "console/inventory";
    }
}
