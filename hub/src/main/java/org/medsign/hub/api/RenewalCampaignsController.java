package org.medsign.hub.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.SpreadsheetCsv;
import org.medsign.hub.lifecycle.campaign.CampaignSelection;
import org.medsign.hub.lifecycle.campaign.RenewalCampaign;
import org.medsign.hub.lifecycle.campaign.RenewalCampaigns;
import org.medsign.hub.lifecycle.ledger.LedgerImport;
import org.medsign.hub.lifecycle.ledger.LedgerMessages;
import org.medsign.hub.lifecycle.operations.ControlledOperations;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Batch renewal campaigns (批量更新) for the security administrator: plan (dry run), run, watch, report. */
@RestController
@RequestMapping(path = "/api/v1/ledger/campaigns", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ledger", description = "Certificate lifecycle (security administrator)")
public class RenewalCampaignsController {

    /**
     * A campaign request: selectors (all given ones must match), {@code dryRun} (default false) and {@code rekey}
     * (default true: new keys; false re-certifies keys the hub holds). {@code expiringBefore}: ISO date or instant.
     */
    public record CreateRequest(List<String> categories, Integer expiringDays, Integer idleDays, List<String> departments,
                                List<String> staffIds, List<String> serials, String expiringBefore, Boolean dryRun,
                                Boolean rekey) {
    }

    private final RenewalCampaigns campaigns;
    private final LedgerMessages messages;
    private final ControlledOperations controlled;

    public RenewalCampaignsController(RenewalCampaigns campaigns, LedgerMessages messages,
                                      ControlledOperations controlled) {
        this.campaigns = campaigns;
        this.messages = messages;
        this.controlled = controlled;
    }

    @Operation(summary = "Create a renewal campaign from inventory categories and/or filters; dryRun keeps it PLANNED "
            + "(the plan, with what is skipped and why, changes nothing); otherwise it starts at once")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> create(@RequestBody CreateRequest body, @RequestParam(required = false) String lang,
                                      Authentication user) {
        if (body == null) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "a JSON body is required");
        }
        if ((body.expiringDays() != null && (body.expiringDays() < 0 || body.expiringDays() > 3650))
                || (body.idleDays() != null && (body.idleDays() < 0 || body.idleDays() > 3650))) {
            throw ApiException.badRequest(ErrorCode.INVENTORY_WINDOW_INVALID,
                    "expiringDays and idleDays must be 0…3650");
        }
        CampaignSelection selection = new CampaignSelection(body.categories(), body.expiringDays(), body.idleDays(),
                body.departments(), body.staffIds(), body.serials(), instant(body.expiringBefore()));
        if (selection.isEmpty()) {
            throw ApiException.badRequest(ErrorCode.CAMPAIGN_SELECTION_EMPTY,
                    "select certificates: categories, departments, staffIds, serials or expiringBefore");
        }
        boolean dryRun = Boolean.TRUE.equals(body.dryRun());
        // with dual control of bulk operations the campaign is planned and waits for a second administrator
        ControlledOperations.CreatedCampaign created = controlled.createCampaign(selection, dryRun,
                body.rekey() == null || body.rekey(), user.getName());
        RenewalCampaign campaign = created.campaign();
        Map<String, Object> answer = view(campaign);
        created.approvalId().ifPresent(approval -> answer.put("approvalId", approval));
        if (dryRun) {
            answer.put("items", items(campaign.id(), LedgerMessages.locale(lang)));
        }
        return answer;
    }

    @Operation(summary = "Campaigns, newest first")
    @GetMapping
    public List<Map<String, Object>> list(@RequestParam(defaultValue = "50") int limit) {
        List<Map<String, Object>> list = new ArrayList<>();
        campaigns.list(Paging.limit(limit, 500)).forEach(c -> list.add(view(c)));
        return list;
    }

    @Operation(summary = "A campaign's state (PLANNED, RUNNING, DONE, FAILED) and counts: total, done, skipped, failed")
    @GetMapping("/{id}")
    public Map<String, Object> get(@PathVariable long id) {
        return view(find(id));
    }

    @Operation(summary = "Start a PLANNED campaign (a reviewed dry run)")
    @PostMapping("/{id}/start")
    public Map<String, Object> start(@PathVariable long id, Authentication user) {
        OptionalLong filed = controlled.startCampaign(id, user.getName());
        Map<String, Object> answer = view(find(id));
        filed.ifPresent(approval -> answer.put("approvalId", approval));
        return answer;
    }

    @Operation(summary = "A campaign's items with state, reason and new serial; state=… filters")
    @GetMapping("/{id}/items")
    public List<Map<String, Object>> items(@PathVariable long id, @RequestParam(required = false) String state,
                                           @RequestParam(required = false) String lang) {
        return items(id, itemState(state), LedgerMessages.locale(lang));
    }

    @Operation(summary = "Final report: the campaign and every item, as JSON (default) or CSV (format=csv)")
    @GetMapping("/{id}/report")
    public ResponseEntity<?> report(@PathVariable long id, @RequestParam(required = false) String format,
                                    @RequestParam(required = false) String lang) {
        RenewalCampaign campaign = find(id);
        Locale locale = LedgerMessages.locale(lang);
        if ("csv".equalsIgnoreCase(format)) {
            SpreadsheetCsv csv = SpreadsheetCsv.withByteOrderMark().row("seq", "old_serial", "staff_id", "department",
                    "old_not_after", "key_custody", "state", "mode", "new_serial", "new_not_before", "reason_code",
                    "reason");
            for (RenewalCampaign.Item item : campaigns.items(id, null)) {
                csv.row(item.seq(), item.oldSerial(), item.staffId(), item.department(), item.oldNotAfter(),
                        item.keyCustody(), item.state(), item.mode(), item.newSerial(), item.newNotBefore(),
                        item.reasonCode(), messages.campaignItem(item, locale));
            }
            return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"campaign-" + id + ".csv\"")
                    .body(csv.text());
        }
        if (format != null && !"json".equalsIgnoreCase(format)) {
            throw ApiException.badRequest(ErrorCode.FORMAT_UNSUPPORTED, "format must be json or csv");
        }
        Map<String, Object> body = view(campaign);
        body.put("items", items(id, null, locale));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private RenewalCampaign find(long id) {
        return campaigns.find(id).orElseThrow(() -> ApiException.notFound(ErrorCode.CAMPAIGN_UNKNOWN,
                "no renewal campaign " + id));
    }

    private List<Map<String, Object>> items(long id, Locale locale) {
        return items(id, null, locale);
    }

    private List<Map<String, Object>> items(long id, RenewalCampaign.ItemState state, Locale locale) {
        find(id);
        List<Map<String, Object>> items = new ArrayList<>();
        for (RenewalCampaign.Item item : campaigns.items(id, state)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("seq", item.seq());
            entry.put("serial", item.oldSerial());
            entry.put("staffId", item.staffId());
            entry.put("department", item.department());
            entry.put("notAfter", item.oldNotAfter());
            entry.put("keyCustody", item.keyCustody());
            entry.put("state", item.state());
            entry.put("mode", item.mode());
            entry.put("newSerial", item.newSerial());
            entry.put("newNotBefore", item.newNotBefore());
            entry.put("reasonCode", item.reasonCode());
            entry.put("reason", messages.campaignItem(item, locale));
            entry.put("updatedAt", item.updatedAt());
            items.add(entry);
        }
        return items;
    }

    static Map<String, Object> view(RenewalCampaign c) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", c.id());
        view.put("state", c.state());
        view.put("dryRun", c.dryRun());
        view.put("rekey", c.rekey());
        view.put("total", c.total());
        view.put("planned", c.planned());
        view.put("running", c.running());
        view.put("done", c.done());
        view.put("skipped", c.skipped());
        view.put("failed", c.failed());
        view.put("skippedByReason", c.skippedByReason());
        view.put("selection", c.selection());
        view.put("createdBy", c.createdBy());
        view.put("createdAt", c.createdAt());
        view.put("startedAt", c.startedAt());
        view.put("finishedAt", c.finishedAt());
        return view;
    }

    private static RenewalCampaign.ItemState itemState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return RenewalCampaign.ItemState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST,
                    "state must be PLANNED, RUNNING, DONE, SKIPPED or FAILED");
        }
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.length() <= 10 ? LocalDate.parse(text).atStartOfDay(LedgerImport.HOSPITAL_ZONE).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "expiringBefore must be an ISO date or instant");
        }
    }
}
