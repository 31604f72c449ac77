package org.medsign.hub.console;

import java.util.Locale;

import org.medsign.hub.api.LedgerController;
import org.medsign.hub.api.RenewalCampaignsController;
import org.medsign.hub.lifecycle.inventory.Inventory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's download links (inventory CSV/HTML, campaign report CSV) within the console session, so that an
 * administrator never has to give the browser Basic credentials for the API (which any other site could then ride
 * on). The files are exactly the API's: the API controllers produce them. Roles follow the console's URL rules
 * ({@code /console/inventory/**}: security or audit administrator; {@code /console/campaigns/**}: security
 * administrator).
 */
@Controller
public class ConsoleExportsController {

    private final LedgerController ledger;
    private final RenewalCampaignsController campaigns;

    public ConsoleExportsController(LedgerController ledger, RenewalCampaignsController campaigns) {
        this.ledger = ledger;
        this.campaigns = campaigns;
    }

    @GetMapping("/console/inventory/export.csv")
    ResponseEntity<?> inventoryCsv(@RequestParam(defaultValue = "" + Inventory.DEFAULT_EXPIRING_DAYS) int expiringDays,
                                   @RequestParam(defaultValue = "" + Inventory.DEFAULT_IDLE_DAYS) int idleDays,
                                   Locale locale) {
        return ledger.inventory(expiringDays, idleDays, "csv", lang(locale), null);
    }

    @GetMapping("/console/inventory/export.html")
    ResponseEntity<?> inventoryHtml(@RequestParam(defaultValue = "" + Inventory.DEFAULT_EXPIRING_DAYS) int expiringDays,
                                    @RequestParam(defaultValue = "" + Inventory.DEFAULT_IDLE_DAYS) int idleDays,
                                    Locale locale) {
        // a download: opened from disk it keeps its own styles, which the console's CSP would block inline
        ResponseEntity<?> html = ledger.inventory(expiringDays, idleDays, "html", lang(locale), null);
        return ResponseEntity.status(html.getStatusCode()).headers(html.getHeaders())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"inventory.html\"").body(html.getBody());
    }

    @GetMapping("/console/campaigns/{id}/report.csv")
    ResponseEntity<?> campaignReport(@PathVariable long id, Locale locale) {
        return campaigns.report(id, "csv", lang(locale));
    }

    private static String lang(Locale locale) {
        return "en".equals(locale.getLanguage()) ? "en" : "zh";
    }
}
