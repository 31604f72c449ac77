package org.medsign.hub.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.medsign.hub.SpreadsheetCsv;
import org.medsign.hub.lifecycle.inventory.InventoryCategory;
import org.medsign.hub.lifecycle.inventory.InventoryReport;
import org.medsign.hub.lifecycle.ledger.LedgerMessages;
import org.springframework.web.util.HtmlUtils;

/** The inventory report as JSON (contract keys), CSV (UTF-8 with BOM, for spreadsheets) and HTML, in one language. */
final class InventoryExports {

    private final LedgerMessages messages;
    private final Locale locale;

    InventoryExports(LedgerMessages messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
    }

    Map<String, Object> json(InventoryReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("generatedAt", report.generatedAt().toString());
        body.put("expiringDays", report.expiringDays());
        body.put("idleDays", report.idleDays());
        body.put("certificates", report.certificates());
        body.put("counts", counts(report.counts()));
        Map<String, Object> departments = new LinkedHashMap<>();
        report.departments().forEach((department, counts) -> departments.put(department, counts(counts)));
        body.put("departments", departments);
        List<Map<String, Object>> items = new ArrayList<>();
        for (InventoryReport.Item item : report.items()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("category", item.category().key());
            entry.put("serial", item.serial());
            entry.put("staffId", item.staffId());
            entry.put("name", item.name());
            entry.put("department", item.department());
            entry.put("holderMatch", item.holderMatch());
            entry.put("weakMatch", "NAME_DEPARTMENT".equals(item.holderMatch()));
            entry.put("reasonCode", item.reasonCode());
            entry.put("reason", reason(item));
            entry.put("action", item.action().key());
            items.add(entry);
        }
        body.put("items", items);
        return body;
    }

    private static Map<String, Integer> counts(Map<InventoryCategory, Integer> counts) {
        Map<String, Integer> result = new LinkedHashMap<>();
        counts.forEach((category, count) -> result.put(category.key(), count));
        return result;
    }

    String csv(InventoryReport report) {
        SpreadsheetCsv csv = SpreadsheetCsv.withByteOrderMark()
                .row("category", "serial", "staff_id", "name", "department", "holder_match", "action", "reason");
        for (InventoryReport.Item item : report.items()) {
            csv.row(item.category().key(), item.serial(), item.staffId(), item.name(), item.department(),
                    item.holderMatch(), item.action().key(), reason(item));
        }
        return csv.text();
    }

    String html(InventoryReport report) {
        StringBuilder out = new StringBuilder();
        String lang = locale.getLanguage().equals("en") ? "en" : "zh-CN";
        out.append("<!DOCTYPE html>\n<html lang=\"").append(lang).append("\"><head><meta charset=\"UTF-8\"><title>")
                .append(text("inventory.title")).append("</title><style>body{font-family:sans-serif}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:2px 6px}"
                        + "</style></head><body>\n");
        out.append("<h1>").append(text("inventory.title")).append("</h1>\n<p>")
                .append(text("inventory.summary", report.generatedAt().toString(), report.certificates(),
                        report.expiringDays(), report.idleDays()))
                .append("</p>\n<h2>").append(text("inventory.counts")).append("</h2>\n<table><tr>");
        for (InventoryCategory category : InventoryCategory.values()) {
            out.append("<th>").append(text("inventory.category." + category.key())).append("</th>");
        }
        out.append("</tr><tr>");
        for (InventoryCategory category : InventoryCategory.values()) {
            out.append("<td id=\"count-").append(category.key()).append("\">").append(report.counts().get(category))
                    .append("</td>");
        }
        out.append("</tr></table>\n<h2>").append(text("inventory.departments")).append("</h2>\n<table><tr><th>")
                .append(text("inventory.column.department")).append("</th>");
        for (InventoryCategory category : InventoryCategory.values()) {
            out.append("<th>").append(text("inventory.category." + category.key())).append("</th>");
        }
        out.append("</tr>\n");
        report.departments().forEach((department, counts) -> {
            out.append("<tr><td>").append(escape(department)).append("</td>");
            for (InventoryCategory category : InventoryCategory.values()) {
                out.append("<td>").append(counts.get(category)).append("</td>");
            }
            out.append("</tr>\n");
        });
        out.append("</table>\n<h2>").append(text("inventory.items")).append("</h2>\n<table><tr>");
        for (String column : List.of("category", "serial", "staffId", "name", "department", "action", "reason")) {
            out.append("<th>").append(text("inventory.column." + column)).append("</th>");
        }
        out.append("</tr>\n");
        for (InventoryReport.Item item : report.items()) {
            out.append("<tr><td>").append(text("inventory.category." + item.category().key())).append("</td><td>")
                    .append(escape(item.serial())).append("</td><td>").append(escape(item.staffId())).append("</td><td>")
                    .append(escape(item.name())).append("</td><td>").append(escape(item.department())).append("</td><td>")
                    .append(text("inventory.action." + item.action().key())).append("</td><td>")
                    .append(escape(reason(item))).append("</td></tr>\n");
        }
        out.append("</table>\n</body></html>\n");
        return out.toString();
    }

    /** The item's reason in this language; a weak holder match is said so. */
    String reason(InventoryReport.Item item) {
        return messages.reason(item, locale);
    }

    private String text(String key, Object... args) {
        return escape(messages.text(key, locale, args));
    }

    private static String escape(String value) {
        return value == null ? "" : HtmlUtils.htmlEscape(value, "UTF-8");
    }
}
