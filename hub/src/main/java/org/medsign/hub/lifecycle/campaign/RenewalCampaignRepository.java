package org.medsign.hub.lifecycle.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/** The tables {@code renewal_campaign} and {@code renewal_campaign_item}: the only class naming them. */
@Component
public class RenewalCampaignRepository {

    /** A campaign row as stored; {@code selection} is its JSON. */
    public record Campaign(long id, String state, boolean dryRun, boolean rekey, String selection, String createdBy,
                           Instant createdAt, Instant startedAt, Instant finishedAt) {
    }

    /** An item to plan: the certificate, its holder and department, and the skip reason (null: PLANNED). */
    public record NewItem(String oldSerial, String staffId, String department, Instant oldNotAfter, String keyCustody,
                          String skipReason) {
    }

    /** Items of a campaign counted by state and reason (reason null unless skipped or failed). */
    public record Count(String state, String reasonCode, int count) {
    }

    /** An item the plan skipped and why. */
    public record Skipped(String oldSerial, String reasonCode) {
    }

    /** The work left for an item: its position and certificate. */
    public record Work(int seq, String oldSerial) {
    }

    private final JdbcClient jdbc;

    public RenewalCampaignRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes a PLANNED campaign and its items (in plan order); returns its id. */
    public long insertPlanned(boolean dryRun, boolean rekey, String selection, String operator, Instant now,
                              List<NewItem> items) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO renewal_campaign (state, dry_run, rekey, selection, created_by, created_at) "
                        + "VALUES ('PLANNED', ?, ?, ?, ?, ?)")
                .params(dryRun, rekey, selection, operator, Timestamp.from(now)).update(keys, "id");
        long campaignId = keys.getKey().longValue();
        int seq = 0;
        for (NewItem item : items) {
            jdbc.sql("INSERT INTO renewal_campaign_item (campaign_id, seq, old_serial, staff_id, department, "
                            + "old_not_after, key_custody, state, reason_code, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(campaignId, ++seq, item.oldSerial(), item.staffId(), item.department(),
                            Timestamp.from(item.oldNotAfter()), item.keyCustody(),
                            item.skipReason() == null ? "PLANNED" : "SKIPPED", item.skipReason(), Timestamp.from(now))
                    .update();
        }
        return campaignId;
    }

    /** Moves a PLANNED campaign to RUNNING; false when it is not PLANNED. */
    public boolean start(long id, Instant now) {
        return jdbc.sql("UPDATE renewal_campaign SET state = 'RUNNING', started_at = ?, dry_run = FALSE "
                + "WHERE id = ? AND state = 'PLANNED'").params(Timestamp.from(now), id).update() == 1;
    }

    /** The items the plan skipped, in plan order. */
    public List<Skipped> skipped(long id) {
        return jdbc.sql("SELECT old_serial, reason_code FROM renewal_campaign_item WHERE campaign_id = ? AND state = "
                        + "'SKIPPED' ORDER BY seq").param(id)
                .query((rs, n) -> new Skipped(rs.getString(1), rs.getString(2))).list();
    }

    /** A campaign. */
    public Optional<Campaign> find(long id) {
        return jdbc.sql(CAMPAIGN + " WHERE id = ?").param(id).query(RenewalCampaignRepository::campaign).optional();
    }

    /** Campaigns, newest first. */
    public List<Campaign> latest(int limit) {
        return jdbc.sql(CAMPAIGN + " ORDER BY id DESC LIMIT ?").param(limit).query(RenewalCampaignRepository::campaign)
                .list();
    }

    /** A campaign's item counts by state and reason. */
    public List<Count> counts(long id) {
        return jdbc.sql("SELECT state, reason_code, COUNT(*) FROM renewal_campaign_item WHERE campaign_id = ? "
                        + "GROUP BY state, reason_code").param(id)
                .query((rs, n) -> new Count(rs.getString(1), rs.getString(2), rs.getInt(3))).list();
    }

    /** The campaigns (not dry runs) started in [{@code from}, {@code to}), counted by state (the annual report). */
    public java.util.Map<String, Integer> startedBetween(Instant from, Instant to) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        jdbc.sql("SELECT state, COUNT(*) FROM renewal_campaign WHERE started_at >= ? AND started_at < ? "
                        + "GROUP BY state").params(Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> counts.put(rs.getString(1), rs.getInt(2))).list();
        return counts;
    }

    /** The items of the campaigns started in [{@code from}, {@code to}), counted by item state. */
    public java.util.Map<String, Integer> itemsOfCampaignsStartedBetween(Instant from, Instant to) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        jdbc.sql("SELECT i.state, COUNT(*) FROM renewal_campaign_item i JOIN renewal_campaign c ON c.id = i.campaign_id "
                        + "WHERE c.started_at >= ? AND c.started_at < ? GROUP BY i.state")
                .params(Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> counts.put(rs.getString(1), rs.getInt(2))).list();
        return counts;
    }

    /** A campaign's items in plan order, optionally only those in {@code state}. */
    public List<RenewalCampaign.Item> items(long id, RenewalCampaign.ItemState state) {
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

    /**
     * Whether a started campaign (not a dry run still PLANNED) left {@code serial} to its holder's device: an item
     * SKIPPED with {@code WAITS_FOR_DEVICE} (a collaborative key, which only the device can re-key).
     */
    public boolean waitsForDevice(String serial) {
        return jdbc.sql("SELECT COUNT(*) FROM renewal_campaign_item i JOIN renewal_campaign c ON c.id = i.campaign_id "
                        + "WHERE i.old_serial = ? AND i.state = 'SKIPPED' AND i.reason_code = ? AND c.state <> 'PLANNED'")
                .params(serial, RenewalSkipReason.WAITS_FOR_DEVICE.name()).query(Integer.class).single() > 0;
    }

    /** Serials planned or being renewed by a RUNNING campaign. */
    public Set<String> serialsInRunningCampaigns() {
        return new HashSet<>(jdbc.sql("SELECT i.old_serial FROM renewal_campaign_item i JOIN "
                + "renewal_campaign c ON c.id = i.campaign_id WHERE c.state = 'RUNNING' AND i.state IN ('PLANNED', "
                + "'RUNNING')").query(String.class).list());
    }

    /** Serials planned or being renewed by a PLANNED or RUNNING campaign (the certificate-expiring alert). */
    public Set<String> serialsInOpenCampaigns() {
        return new HashSet<>(jdbc.sql("SELECT i.old_serial FROM renewal_campaign_item i JOIN "
                + "renewal_campaign c ON c.id = i.campaign_id WHERE c.state IN ('PLANNED', 'RUNNING') AND i.state IN "
                + "('PLANNED', 'RUNNING')").query(String.class).list());
    }

    /** The oldest RUNNING campaign. */
    public Optional<Long> oldestRunning() {
        return jdbc.sql("SELECT id FROM renewal_campaign WHERE state = 'RUNNING' ORDER BY id LIMIT 1")
                .query(Long.class).optional();
    }

    /** Records {@code node} as the runner of a RUNNING campaign; false when it is no longer RUNNING. */
    public boolean claim(long id, String node) {
        return jdbc.sql("UPDATE renewal_campaign SET runner = ? WHERE id = ? AND state = 'RUNNING'").params(node, id)
                .update() == 1;
    }

    /** Whether any item has left PLANNED (the campaign was begun before). */
    public boolean begun(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM renewal_campaign_item WHERE campaign_id = ? AND state <> 'PLANNED'")
                .param(id).query(Integer.class).single() > 0;
    }

    /** The next items still PLANNED or RUNNING, in plan order. */
    public List<Work> openItems(long id, int limit) {
        return jdbc.sql("SELECT seq, old_serial FROM renewal_campaign_item WHERE campaign_id = ? AND "
                        + "state IN ('PLANNED', 'RUNNING') ORDER BY seq LIMIT ?").params(id, limit)
                .query((rs, n) -> new Work(rs.getInt(1), rs.getString(2))).list();
    }

    /** Marks the PLANNED items from {@code fromSeq} to {@code toSeq} RUNNING. */
    public void markRunning(long id, int fromSeq, int toSeq, Instant now) {
        jdbc.sql("UPDATE renewal_campaign_item SET state = 'RUNNING', updated_at = ? WHERE campaign_id = ? "
                        + "AND seq BETWEEN ? AND ? AND state = 'PLANNED'")
                .params(Timestamp.from(now), id, fromSeq, toSeq).update();
    }

    /** Ends an open item SKIPPED; false when it was finished meanwhile. */
    public boolean skip(long id, int seq, String reason, Instant now) {
        return finishItem(id, seq, "state = 'SKIPPED', reason_code = ?", reason, Timestamp.from(now));
    }

    /** Ends an open item DONE; false when it was finished meanwhile. */
    public boolean done(long id, int seq, String mode, String newSerial, Instant newNotBefore, Instant now) {
        return finishItem(id, seq, "state = 'DONE', mode = ?, new_serial = ?, new_not_before = ?", mode, newSerial,
                Timestamp.from(newNotBefore), Timestamp.from(now));
    }

    /** Ends an open item FAILED; false when it was finished meanwhile. */
    public boolean failed(long id, int seq, String code, String detail, Instant now) {
        return finishItem(id, seq, "state = 'FAILED', reason_code = ?, detail = ?", code, detail, Timestamp.from(now));
    }

    private boolean finishItem(long id, int seq, String set, Object... valuesThenTime) {
        Object[] params = new Object[valuesThenTime.length + 2];
        System.arraycopy(valuesThenTime, 0, params, 0, valuesThenTime.length);
        params[valuesThenTime.length] = id;
        params[valuesThenTime.length + 1] = seq;
        return jdbc.sql("UPDATE renewal_campaign_item SET " + set + ", updated_at = ? WHERE campaign_id = ? "
                + "AND seq = ? AND state IN ('PLANNED', 'RUNNING')").params(params).update() == 1;
    }

    /** Items of a campaign in one state. */
    public int itemsIn(long id, String state) {
        return jdbc.sql("SELECT COUNT(*) FROM renewal_campaign_item WHERE campaign_id = ? AND state = ?")
                .params(id, state).query(Integer.class).single();
    }

    /** Ends a RUNNING campaign in {@code state}; false when it was no longer RUNNING. */
    public boolean finish(long id, String state, Instant now) {
        return jdbc.sql("UPDATE renewal_campaign SET state = ?, finished_at = ? WHERE id = ? AND state = 'RUNNING'")
                .params(state, Timestamp.from(now), id).update() == 1;
    }

    private static final String CAMPAIGN = "SELECT id, state, dry_run, rekey, selection, created_by, created_at, "
            + "started_at, finished_at FROM renewal_campaign";

    private static Campaign campaign(ResultSet rs, int row) throws SQLException {
        return new Campaign(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4), rs.getString(5),
                rs.getString(6), instant(rs, 7), instant(rs, 8), instant(rs, 9));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
