package org.medsign.hub.lifecycle.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.inventory.Inventory;
import org.medsign.hub.lifecycle.inventory.InventoryCategory;
import org.medsign.hub.lifecycle.inventory.InventoryReport;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.medsign.hub.lifecycle.operations.CertificateReplacement;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Batch renewal campaigns (批量更新): plan a selection (which certificates, which are skipped and why), keep the plan
 * as a dry run or start it, and report progress. The renewing itself is {@link RenewalCampaignRunner}'s. A plan is a
 * snapshot: every item is checked again just before it is renewed.
 */
@Component
public class RenewalCampaigns {

    private final RenewalCampaignRepository campaigns;
    private final StaffCertificateRepository certificates;
    private final StaffRepository staff;
    private final Inventory inventory;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final RenewalCampaignRunner runner;
    private final ObjectMapper json;

    public RenewalCampaigns(RenewalCampaignRepository campaigns, StaffCertificateRepository certificates,
                            StaffRepository staff, Inventory inventory, AuditLog audit, TransactionTemplate transactions,
                            RenewalCampaignRunner runner, ObjectMapper json) {
        this.campaigns = campaigns;
        this.certificates = certificates;
        this.staff = staff;
        this.inventory = inventory;
        this.audit = audit;
        this.transactions = transactions;
        this.runner = runner;
        this.json = json;
    }

    private record Planned(CertificateReplacement.Candidate candidate, String department, RenewalSkipReason skip) {
    }

    /**
     * Plans a campaign and, unless {@code dryRun}, starts it. A dry run writes the plan (campaign PLANNED, items
     * PLANNED or SKIPPED) and changes no certificate; it can be started later.
     */
    public RenewalCampaign create(CampaignSelection selection, boolean dryRun, boolean rekey, String operator,
                                  String role) {
        if (selection.isEmpty()) {
            throw new HubException(ErrorCode.CAMPAIGN_SELECTION_EMPTY, "select certificates: categories, departments, "
                    + "staffIds, serials or expiringBefore");
        }
        Instant now = Instant.now();
        List<Planned> plan = plan(selection, now);
        long id = transactions.execute(status -> {
            long campaignId = campaigns.insertPlanned(dryRun, rekey, write(selection), operator, now, plan.stream()
                    .map(item -> new RenewalCampaignRepository.NewItem(item.candidate().serial(),
                            item.candidate().staffId(), item.department(), item.candidate().notAfter(),
                            item.candidate().keyCustody(), item.skip() == null ? null : item.skip().name()))
                    .toList());
            audit.append(AuditEvent.success(operator, role, "CAMPAIGN_CREATE", "campaign:" + campaignId,
                    "dryRun=" + dryRun + " rekey=" + rekey + " total=" + plan.size() + " skipped="
                            + plan.stream().filter(p -> p.skip() != null).count() + " selection=" + write(selection)));
            return campaignId;
        });
        if (!dryRun) {
            start(id, operator, role);
        }
        return find(id).orElseThrow();
    }

    /** Starts a PLANNED campaign (a reviewed dry run): RUNNING now, renewed in the background. */
    public RenewalCampaign start(long id, String operator, String role) {
        transactions.executeWithoutResult(status -> {
            if (!campaigns.start(id, Instant.now())) {
                find(id).orElseThrow(() -> unknown(id));
                throw new HubException(ErrorCode.CAMPAIGN_STATE_CONFLICT, "campaign " + id + " is not PLANNED");
            }
            audit.append(AuditEvent.success(operator, role, "CAMPAIGN_START", "campaign:" + id, null));
            // items skipped by the plan are audited when the campaign runs, one event each
            campaigns.skipped(id).forEach(skip -> audit.append(AuditEvent.success(operator, role,
                    "CAMPAIGN_ITEM_SKIPPED", skip.oldSerial(), "campaign=" + id + " reason=" + skip.reasonCode())));
        });
        runner.wake();
        return find(id).orElseThrow();
    }

    /** Hands a RUNNING campaign to this node's runner (after a start committed elsewhere, e.g. an approval). */
    public void resume(long id) {
        runner.wake();
    }

    /** A campaign with its counts. */
    public Optional<RenewalCampaign> find(long id) {
        return campaigns.find(id).map(this::campaign);
    }

    /** Campaigns, newest first. */
    public List<RenewalCampaign> list(int limit) {
        return campaigns.latest(limit).stream().map(this::campaign).toList();
    }

    /** A campaign's items in plan order, optionally only those in {@code state}. */
    public List<RenewalCampaign.Item> items(long id, RenewalCampaign.ItemState state) {
        find(id).orElseThrow(() -> unknown(id));
        return campaigns.items(id, state);
    }

    static HubException unknown(long id) {
        return new HubException(ErrorCode.CAMPAIGN_UNKNOWN, "no renewal campaign " + id);
    }

    private RenewalCampaign campaign(RenewalCampaignRepository.Campaign c) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (RenewalCampaignRepository.Count count : campaigns.counts(c.id())) {
            counts.merge(count.state(), count.count(), Integer::sum);
            if ("SKIPPED".equals(count.state())) {
                skipped.merge(count.reasonCode(), count.count(), Integer::sum);
            }
        }
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        return new RenewalCampaign(c.id(), RenewalCampaign.State.valueOf(c.state()), c.dryRun(), c.rekey(),
                read(c.selection()), c.createdBy(), c.createdAt(), c.startedAt(), c.finishedAt(), total,
                counts.getOrDefault("PLANNED", 0), counts.getOrDefault("RUNNING", 0), counts.getOrDefault("DONE", 0),
                counts.getOrDefault("SKIPPED", 0), counts.getOrDefault("FAILED", 0), skipped);
    }

    private List<Planned> plan(CampaignSelection selection, Instant now) {
        Set<String> categorySerials = null;
        if (!selection.categories().isEmpty()) {
            Set<InventoryCategory> categories = new HashSet<>();
            for (String name : selection.categories()) {
                InventoryCategory category;
                try {
                    category = InventoryCategory.valueOf(name.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new HubException(ErrorCode.CAMPAIGN_CATEGORY_INVALID,
                            "unknown inventory category '" + name + "'");
                }
                if (category == InventoryCategory.MISSING) {
                    throw new HubException(ErrorCode.CAMPAIGN_CATEGORY_INVALID,
                            "'missing' lists staff without a certificate: issue, there is nothing to renew");
                }
                categories.add(category);
            }
            int expiringDays = selection.expiringDays() == null ? Inventory.DEFAULT_EXPIRING_DAYS
                    : selection.expiringDays();
            int idleDays = selection.idleDays() == null ? Inventory.DEFAULT_IDLE_DAYS : selection.idleDays();
            categorySerials = new HashSet<>();
            for (InventoryReport.Item item : inventory.run(expiringDays, idleDays, now).items()) {
                if (categories.contains(item.category()) && item.serial() != null) {
                    categorySerials.add(item.serial());
                }
            }
        }
        Set<String> busy = campaigns.serialsInRunningCampaigns();
        Map<String, String> units = new HashMap<>();
        List<CertificateReplacement.Candidate> all = candidates(now, !selection.serials().isEmpty(), units);
        Set<String> known = new HashSet<>();
        all.forEach(c -> known.add(c.serial()));
        for (String serial : selection.serials()) {
            if (!known.contains(serial)) {
                throw new HubException(ErrorCode.CERTIFICATE_UNKNOWN, "no certificate " + serial + " in the ledger");
            }
        }
        Set<String> departments = new HashSet<>(selection.departments());
        Set<String> staffIds = new HashSet<>(selection.staffIds());
        Set<String> serials = new HashSet<>(selection.serials());
        List<Planned> plan = new ArrayList<>();
        for (CertificateReplacement.Candidate c : all) {
            String department = c.department() != null && !c.department().isBlank() ? c.department()
                    : units.get(c.serial());
            if ((categorySerials != null && !categorySerials.contains(c.serial()))
                    || (!departments.isEmpty() && !departments.contains(department))
                    || (!staffIds.isEmpty() && (c.staffId() == null || !staffIds.contains(c.staffId())))
                    || (!serials.isEmpty() && !serials.contains(c.serial()))
                    || (selection.expiringBefore() != null && !c.notAfter().isBefore(selection.expiringBefore()))) {
                continue;
            }
            RenewalSkipReason skip = CertificateReplacement.renewalBlocker(c, now).orElse(
                    busy.contains(c.serial()) ? RenewalSkipReason.IN_OTHER_CAMPAIGN : null);
            plan.add(new Planned(c, department == null ? Inventory.NO_DEPARTMENT : department, skip));
        }
        plan.sort(Comparator.comparing(Planned::department)
                .thenComparing(p -> p.candidate().staffId() == null ? "" : p.candidate().staffId())
                .thenComparing(p -> p.candidate().serial()));
        return plan;
    }

    /**
     * Every certificate (in service only, unless {@code all}) with its holder (ledger and roster read once each); OUs
     * into {@code units}.
     */
    private List<CertificateReplacement.Candidate> candidates(Instant now, boolean all, Map<String, String> units) {
        List<StaffCertificateRepository.Replaceable> rows = certificates.replaceables(all);
        Map<String, StaffRepository.Holder> holders = staff.holders();
        Map<String, Integer> validSigning = new HashMap<>();
        for (StaffCertificateRepository.Replaceable row : rows) {
            if (row.staffId() != null && row.validSigning(now)) {
                validSigning.merge(row.staffId(), 1, Integer::sum);
            }
        }
        List<CertificateReplacement.Candidate> candidates = new ArrayList<>();
        for (StaffCertificateRepository.Replaceable row : rows) {
            if (row.subjectUnit() != null && !row.subjectUnit().isBlank()) {
                units.put(row.serial(), row.subjectUnit());
            }
            int others = row.staffId() == null ? 0 : validSigning.getOrDefault(row.staffId(), 0)
                    - (row.validSigning(now) ? 1 : 0);
            candidates.add(CertificateReplacement.Candidate.of(row,
                    row.staffId() == null ? null : holders.get(row.staffId()), others));
        }
        return candidates;
    }

    private String write(CampaignSelection selection) {
        try {
            return json.writeValueAsString(selection);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private CampaignSelection read(String text) {
        try {
            return json.readValue(text, CampaignSelection.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable campaign selection", e);
        }
    }

    /** The skip reasons in a stable order (for reports). */
    static Map<String, Integer> emptyReasons() {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (RenewalSkipReason reason : RenewalSkipReason.values()) {
            reasons.put(reason.name(), 0);
        }
        return reasons;
    }
}
