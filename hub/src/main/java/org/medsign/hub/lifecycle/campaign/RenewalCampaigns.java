package org.medsign.hub.lifecycle.campaign;

import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.inventory.Inventory;
import org.medsign.hub.lifecycle.inventory.InventoryCategory;
import org.medsign.hub.lifecycle.inventory.InventoryReport;
import org.medsign.hub.lifecycle.operations.CertificateReplacement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Batch renewal campaigns (批量更新): plan a selection (which certificates, which are skipped and why), keep the plan
 * as a dry run or start it, and report progress. The renewing itself is {@link RenewalCampaignRunner}'s. A plan is a
 * snapshot: every item is checked again just before it is renewed.
 */
@Component
public class RenewalCampaigns {

    private final JdbcClient jdbc;
    private final Inventory inventory;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final RenewalCampaignRunner runner;
    private final ObjectMapper json;

    public RenewalCampaigns(JdbcClient jdbc, Inventory inventory, AuditLog audit, TransactionTemplate transactions,
                            RenewalCampaignRunner runner, ObjectMapper json) {
        this.jdbc = jdbc;
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
            KeyHolder keys = new GeneratedKeyHolder();
            jdbc.sql("INSERT INTO renewal_campaign (state, dry_run, rekey, selection, created_by, created_at) "
                            + "VALUES ('PLANNED', ?, ?, ?, ?, ?)")
                    .params(dryRun, rekey, write(selection), operator, Timestamp.from(now)).update(keys, "id");
            long campaignId = keys.getKey().longValue();
            int seq = 0;
            for (Planned item : plan) {
                CertificateReplacement.Candidate c = item.candidate();
                jdbc.sql("INSERT INTO renewal_campaign_item (campaign_id, seq, old_serial, staff_id, department, "
                                + "old_not_after, key_custody, state, reason_code, updated_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(campaignId, ++seq, c.serial(), c.staffId(), item.department(),
                                Timestamp.from(c.notAfter()), c.keyCustody(), item.skip() == null ? "PLANNED" : "SKIPPED",
                                item.skip() == null ? null : item.skip().name(), Timestamp.from(now))
                        .update();
            }
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
            int changed = jdbc.sql("UPDATE renewal_campaign SET state = 'RUNNING', started_at = ?, dry_run = FALSE "
                    + "WHERE id = ? AND state = 'PLANNED'").params(Timestamp.from(Instant.now()), id).update();
            if (changed != 1) {
                find(id).orElseThrow(() -> unknown(id));
                throw new HubException(ErrorCode.CAMPAIGN_STATE_CONFLICT, "campaign " + id + " is not PLANNED");
            }
            audit.append(AuditEvent.success(operator, role, "CAMPAIGN_START", "campaign:" + id, null));
            // items skipped by the plan are audited when the campaign runs, one event each
            jdbc.sql("SELECT old_serial, reason_code FROM renewal_campaign_item WHERE campaign_id = ? AND state = "
                            + "'SKIPPED' ORDER BY seq").param(id)
                    .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list()
                    .forEach(skip -> audit.append(AuditEvent.success(operator, role, "CAMPAIGN_ITEM_SKIPPED", skip[0],
                            "campaign=" + id + " reason=" + skip[1])));
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
        return jdbc.sql("SELECT id, state, dry_run, rekey, selection, created_by, created_at, started_at, finished_at "
                        + "FROM renewal_campaign WHERE id = ?").param(id)
                .query(this::campaign).optional();
    }

    /** Campaigns, newest first. */
    public List<RenewalCampaign> list(int limit) {
        return jdbc.sql("SELECT id, state, dry_run, rekey, selection, created_by, created_at, started_at, finished_at "
                        + "FROM renewal_campaign ORDER BY id DESC LIMIT ?").param(limit)
                .query(this::campaign).list();
    }

    /** A campaign's items in plan order, optionally only those in {@code state}. */
    public List<RenewalCampaign.Item> items(long id, RenewalCampaign.ItemState state) {
        find(id).orElseThrow(() -> unknown(id));
        return jdbc.sql("SELECT seq, old_serial, staff_id, department, old_not_after, key_custody, state, mode, "
                        + "reason_code, detail, new_serial, new_not_before, updated_at FROM renewal_campaign_item "
                        + "WHERE campaign_id = ? AND (? IS NULL OR state = ?) ORDER BY seq")
                .params(id, state == null ? null : state.name(), state == null ? null : state.name())
                .query((rs, n) -> new RenewalCampaign.Item(rs.getInt(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), instant(rs, 5), rs.getString(6),
                        RenewalCampaign.ItemState.valueOf(rs.getString(7)), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), instant(rs, 12), instant(rs, 13)))
                .list();
    }

    static HubException unknown(long id) {
        return new HubException(ErrorCode.CAMPAIGN_UNKNOWN, "no renewal campaign " + id);
    }

    private RenewalCampaign campaign(ResultSet rs, int row) throws SQLException {
        long id = rs.getLong(1);
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> skipped = new TreeMap<>();
        jdbc.sql("SELECT state, reason_code, COUNT(*) FROM renewal_campaign_item WHERE campaign_id = ? "
                        + "GROUP BY state, reason_code").param(id)
                .query((r, n) -> {
                    counts.merge(r.getString(1), r.getInt(3), Integer::sum);
                    if ("SKIPPED".equals(r.getString(1))) {
                        skipped.merge(r.getString(2), r.getInt(3), Integer::sum);
                    }
                    return null;
                }).list();
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        return new RenewalCampaign(id, RenewalCampaign.State.valueOf(rs.getString(2)), rs.getBoolean(3),
                rs.getBoolean(4), read(rs.getString(5)), rs.getString(6), instant(rs, 7), instant(rs, 8),
                instant(rs, 9), total, counts.getOrDefault("PLANNED", 0), counts.getOrDefault("RUNNING", 0),
                counts.getOrDefault("DONE", 0), counts.getOrDefault("SKIPPED", 0), counts.getOrDefault("FAILED", 0),
                skipped);
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
        Set<String> busy = new HashSet<>(jdbc.sql("SELECT i.old_serial FROM renewal_campaign_item i JOIN "
                + "renewal_campaign c ON c.id = i.campaign_id WHERE c.state = 'RUNNING' AND i.state IN ('PLANNED', "
                + "'RUNNING')").query(String.class).list());
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

    /** Every certificate (in service only, unless {@code all}) with its holder, in one query; OUs into {@code units}. */
    private List<CertificateReplacement.Candidate> candidates(Instant now, boolean all, Map<String, String> units) {
        List<Object[]> rows = jdbc.sql("SELECT c.serial, c.staff_id, c.status, c.key_alias, c.key_custody, c.signing, "
                        + "c.not_before, c.not_after, s.employment_status, s.name, s.department, s.post, c.subject_ou "
                        + "FROM staff_certificate c LEFT JOIN staff s ON s.staff_id = c.staff_id"
                        + (all ? "" : " WHERE c.status IN ('ACTIVE', 'FROZEN')"))
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6), instant(rs, 7), instant(rs, 8), rs.getString(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13)})
                .list();
        Map<String, Integer> validSigning = new HashMap<>();
        for (Object[] row : rows) {
            if (row[1] != null && validSigning(row, now)) {
                validSigning.merge((String) row[1], 1, Integer::sum);
            }
        }
        List<CertificateReplacement.Candidate> candidates = new ArrayList<>();
        for (Object[] row : rows) {
            if (row[12] != null && !((String) row[12]).isBlank()) {
                units.put((String) row[0], (String) row[12]);
            }
            int others = row[1] == null ? 0 : validSigning.getOrDefault((String) row[1], 0)
                    - (validSigning(row, now) ? 1 : 0);
            candidates.add(new CertificateReplacement.Candidate((String) row[0], (String) row[1],
                    CertificateState.valueOf((String) row[2]), (String) row[3], (String) row[4], (Boolean) row[5],
                    (Instant) row[6], (Instant) row[7], null, (String) row[8], (String) row[9], (String) row[10],
                    (String) row[11], others));
        }
        return candidates;
    }

    private static boolean validSigning(Object[] row, Instant now) {
        return "ACTIVE".equals(row[2]) && (Boolean) row[5] && !now.isBefore((Instant) row[6])
                && !now.isAfter((Instant) row[7]);
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

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
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
