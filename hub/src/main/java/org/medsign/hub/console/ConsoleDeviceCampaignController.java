package org.medsign.hub.console;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.medsign.hub.api.ActivationController;
import org.medsign.hub.mobile.DeviceCampaign;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * 协同签名激活 for the security administrator (issue #14 point 4): how far the move to collaborative keys has come (holders,
 * activated, waiting; who, by department and state) and the button that issues fresh activation codes to everyone in
 * the chosen department who has not activated, as the API's CSV ({@link ActivationController#campaignCodes}: the same
 * service, file and audit). The codes are in that download only, never in the page, the session or a redirect.
 */
@Controller
public class ConsoleDeviceCampaignController {

    /** Holders listed at most (the counts cover all). */
    static final int LISTED = DeviceCampaign.LISTED;

    /** Which holders the list shows. */
    public enum StateFilter {
        ALL, WAITING, ACTIVATED;

        static StateFilter of(String value) {
            try {
                return value == null || value.isBlank() ? ALL : valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return ALL;
            }
        }

        boolean shows(DeviceCampaign.Holder holder) {
            return this == ALL || holder.activated() == (this == ACTIVATED);
        }
    }

    private final DeviceCampaign campaign;
    private final ActivationController api;

    public ConsoleDeviceCampaignController(DeviceCampaign campaign, ActivationController api) {
        this.campaign = campaign;
        this.api = api;
    }

    @GetMapping("/console/device-campaign")
    String page(@RequestParam(required = false) String department, @RequestParam(required = false) String state,
                Model model) {
        String chosen = department == null || department.isBlank() ? null : department.strip();
        StateFilter filter = StateFilter.of(state);
        List<DeviceCampaign.Holder> everyone = campaign.holders(null);
        List<DeviceCampaign.Holder> inScope = everyone.stream()
                .filter(holder -> chosen == null || chosen.equals(holder.department())).toList();
        int activated = (int) inScope.stream().filter(DeviceCampaign.Holder::activated).count();
        List<DeviceCampaign.Holder> shown = inScope.stream().filter(filter::shows).toList();
        model.addAttribute("departments", everyone.stream().map(DeviceCampaign.Holder::department)
                .filter(Objects::nonNull).distinct().sorted().toList());
        model.addAttribute("department", chosen);
        model.addAttribute("state", filter.name());
        model.addAttribute("holders", inScope.size());
        model.addAttribute("activated", activated);
        model.addAttribute("waiting", inScope.size() - activated);
        model.addAttribute("percent", inScope.isEmpty() ? 0 : activated * 100 / inScope.size());
        model.addAttribute("shown", shown.stream().limit(LISTED).toList());
        model.addAttribute("matching", shown.size());
        model.addAttribute("listed", LISTED);
        model.addAttribute("active", "deviceCampaign");
        return "console/device-campaign";
    }

    /** The codes as the API's CSV download (UTF-8 with BOM, {@code no-store}); audited DEVICE_CAMPAIGN_CODES. */
    @PostMapping("/console/device-campaign/codes")
    ResponseEntity<String> codes(@RequestParam(required = false) String department, Authentication user) {
        return api.campaignCodes(department, user);
    }
}
