package org.medsign.hub.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medsign.hub.HubException;
import org.medsign.hub.lifecycle.campaign.CampaignSelection;
import org.medsign.hub.lifecycle.campaign.RenewalCampaign;
import org.medsign.hub.lifecycle.campaign.RenewalCampaigns;
import org.medsign.hub.lifecycle.ledger.LedgerMessages;
import org.medsign.hub.lifecycle.operations.ControlledOperations;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Renewal campaigns (续期批次) for the security administrator: the list, a new campaign from inventory categories
 * (a dry run by default: the plan with what is skipped and why), starting a planned one (through dual control when
 * bulk operations need a second administrator) and its live progress (the page reloads itself every 2 seconds while
 * the campaign runs; no JavaScript).
 */
@Controller
public class ConsoleCampaignsController {

    /** Items shown on a campaign's page. */
    static final int ITEMS = 500;
    /** Inventory categories a campaign can select from the console. */
    static final List<String> CATEGORIES = List.of("expiring", "expired", "idle", "mismatched");

    private final RenewalCampaigns campaigns;
    private final ControlledOperations controlled;
    private final LedgerMessages messages;

    public ConsoleCampaignsController(RenewalCampaigns campaigns, ControlledOperations controlled,
                                      LedgerMessages messages) {
        this.campaigns = campaigns;
        this.controlled = controlled;
        this.messages = messages;
    }

    /** An item as the page shows it, with its reason in the page's language. */
    public record ItemView(RenewalCampaign.Item item, String reason) {
    }

    @GetMapping("/console/campaigns")
    String list(Model model) {
        model.addAttribute("campaigns", campaigns.list(100));
        model.addAttribute("categories", CATEGORIES);
        model.addAttribute("active", "campaigns");
        return "console/campaigns";
    }

    @PostMapping("/console/campaigns")
    String create(@RequestParam(required = false) List<String> categories,
                  @RequestParam(required = false) String department,
                  @RequestParam(defaultValue = "false") boolean dryRun, Authentication user,
                  RedirectAttributes redirect) {
        List<String> chosen = categories == null ? List.of() : categories.stream().filter(CATEGORIES::contains).toList();
        List<String> departments = department == null || department.isBlank() ? null : List.of(department.trim());
        CampaignSelection selection = new CampaignSelection(chosen.isEmpty() ? null : chosen, null, null, departments,
                null, null, null);
        if (selection.isEmpty()) {
            redirect.addFlashAttribute("failed", "campaigns.selectionEmpty");
            return "redirect:/console/campaigns";
        }
        try {
            ControlledOperations.CreatedCampaign created = controlled.createCampaign(selection, dryRun, true,
                    user.getName());
            ConsoleOperationsController.outcome(redirect, created.approvalId(), null);
            return "redirect:/console/campaigns/" + created.campaign().id();
        } catch (HubException e) {
            redirect.addFlashAttribute("failedText", e.getMessage());
            return "redirect:/console/campaigns";
        }
    }

    @GetMapping("/console/campaigns/{id}")
    String campaign(@PathVariable long id, Model model, Locale locale) {
        RenewalCampaign campaign = campaigns.find(id).orElseThrow(() -> new ConsoleModel.NotFound("campaign"));
        List<ItemView> items = new ArrayList<>();
        for (RenewalCampaign.Item item : campaigns.items(id, null)) {
            if (items.size() >= ITEMS) {
                break;
            }
            items.add(new ItemView(item, messages.campaignItem(item, locale)));
        }
        model.addAttribute("campaign", campaign);
        model.addAttribute("items", items);
        model.addAttribute("finished", campaign.done() + campaign.skipped() + campaign.failed());
        if (campaign.state() == RenewalCampaign.State.RUNNING) {
            model.addAttribute("refresh", "2");
        }
        model.addAttribute("active", "campaigns");
        return "console/campaign";
    }

    @PostMapping("/console/campaigns/{id}/start")
    String start(@PathVariable long id, Authentication user, RedirectAttributes redirect) {
        try {
            ConsoleOperationsController.outcome(redirect, controlled.startCampaign(id, user.getName()), null);
        } catch (HubException e) {
            redirect.addFlashAttribute("failedText", e.getMessage());
        }
        return "redirect:/console/campaigns/" + id;
    }
}
