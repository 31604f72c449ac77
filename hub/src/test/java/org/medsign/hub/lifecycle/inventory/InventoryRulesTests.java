package org.medsign.hub.lifecycle.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.medsign.hub.lifecycle.ledger.StaffRepository.Holder;

/** Each inventory rule on a snapshot built in memory (no database): what it finds, why, and what it proposes. */
class InventoryRulesTests {

    private static final Instant NOW = Instant.parse("2026-06-01T04:00:00Z");
    private static final Holder ACTIVE = new Holder("S1", "张伟", "心内科", "主治医师", "active");
    private static final Holder LEFT = new Holder("S2", "王芳", "检验科", "技师", "left");
    private static final Holder AWAY = new Holder("S3", "李娜", "放射科", "医师", "on_leave");

    private static InventorySnapshot.Certificate certificate(String serial, Holder holder, String status,
                                                             int startedDaysAgo, int endsInDays, Instant lastUsed) {
        return new InventorySnapshot.Certificate(serial, holder == null ? null : holder.staffId(), status,
                NOW.minus(Duration.ofDays(startedDaysAgo)), NOW.plus(Duration.ofDays(endsInDays)),
                holder == null ? "无名" : holder.name(), holder == null ? null : holder.department(),
                holder == null ? null : holder.post(), holder == null ? "NONE" : "SERIAL_NUMBER", true, lastUsed);
    }

    private static InventorySnapshot snapshot(Set<String> withAccounts, InventorySnapshot.Certificate... certificates) {
        Map<String, Holder> staff = new HashMap<>();
        for (Holder holder : List.of(ACTIVE, LEFT, AWAY)) {
            staff.put(holder.staffId(), holder);
        }
        return new InventorySnapshot(NOW, 60, 90, staff, withAccounts, List.of(certificates));
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    @Test
    void expiredIsRenewedOnlyForAnActiveHolder() {
        InventorySnapshot snapshot = snapshot(Set.of(), certificate("01", ACTIVE, "ACTIVE", 400, -1, daysAgo(1)),
                certificate("02", LEFT, "ACTIVE", 400, -1, daysAgo(1)),
                certificate("03", ACTIVE, "ACTIVE", 10, 100, daysAgo(1)));

        assertThat(new ExpiredRule().findings(snapshot))
                .extracting(InventoryReport.Item::serial, InventoryReport.Item::reasonCode, InventoryReport.Item::action)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("01", "EXPIRED", ProposedAction.RENEW),
                        org.assertj.core.groups.Tuple.tuple("02", "EXPIRED", ProposedAction.NONE));
    }

    @Test
    void expiringCountsWholeDaysLeftWithinTheWindow() {
        InventorySnapshot snapshot = snapshot(Set.of(), certificate("01", ACTIVE, "ACTIVE", 10, 30, daysAgo(1)),
                certificate("02", ACTIVE, "ACTIVE", 10, 61, daysAgo(1)),
                certificate("03", ACTIVE, "ACTIVE", 400, -1, daysAgo(1)));

        List<InventoryReport.Item> items = new ExpiringRule().findings(snapshot);

        assertThat(items).extracting(InventoryReport.Item::serial).containsExactly("01");
        assertThat(items.get(0).reasonArgs()).containsExactly("2026-07-01", "30");
        assertThat(items.get(0).action()).isEqualTo(ProposedAction.RENEW);
    }

    @Test
    void idleNamesTheLastUseOrTheStartWhenNeverUsed() {
        InventorySnapshot snapshot = snapshot(Set.of(), certificate("01", ACTIVE, "ACTIVE", 200, 100, daysAgo(91)),
                certificate("02", ACTIVE, "ACTIVE", 200, 100, null),
                certificate("03", ACTIVE, "ACTIVE", 200, 100, daysAgo(89)),
                certificate("04", ACTIVE, "FROZEN", 200, 100, null));

        assertThat(new IdleRule().findings(snapshot))
                .extracting(InventoryReport.Item::serial, InventoryReport.Item::reasonCode)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("01", "IDLE"),
                        org.assertj.core.groups.Tuple.tuple("02", "IDLE_NEVER_USED"));
    }

    @Test
    void duplicateKeepsTheCertificateEndingLast() {
        InventorySnapshot snapshot = snapshot(Set.of(), certificate("0A", ACTIVE, "ACTIVE", 10, 300, daysAgo(1)),
                certificate("0B", ACTIVE, "ACTIVE", 10, 700, daysAgo(1)),
                certificate("0C", LEFT, "ACTIVE", 10, 700, daysAgo(1)));

        assertThat(new DuplicateRule().findings(snapshot))
                .extracting(InventoryReport.Item::serial, InventoryReport.Item::reasonCode, InventoryReport.Item::action)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("0B", "DUPLICATE_KEPT", ProposedAction.NONE),
                        org.assertj.core.groups.Tuple.tuple("0A", "DUPLICATE", ProposedAction.REVOKE));
    }

    @Test
    void orphanedWithoutHolderOrWhenTheHolderLeft() {
        InventorySnapshot snapshot = snapshot(Set.of(), certificate("01", null, "ACTIVE", 10, 300, null),
                certificate("02", LEFT, "FROZEN", 10, 300, null), certificate("03", AWAY, "FROZEN", 10, 300, null));

        List<InventoryReport.Item> items = new OrphanedRule().findings(snapshot);

        assertThat(items).extracting(InventoryReport.Item::serial, InventoryReport.Item::reasonCode)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("01", "NO_HOLDER"),
                        org.assertj.core.groups.Tuple.tuple("02", "HOLDER_LEFT"));
        assertThat(items).filteredOn(i -> "01".equals(i.serial())).singleElement()
                .satisfies(i -> assertThat(i.department()).isEqualTo(Inventory.NO_DEPARTMENT));
    }

    @Test
    void mismatchedListsEachDifferingField() {
        InventorySnapshot.Certificate moved = new InventorySnapshot.Certificate("01", "S1", "ACTIVE", daysAgo(10),
                NOW.plus(Duration.ofDays(300)), "张伟", "急诊科", null, "SERIAL_NUMBER", true, null);
        InventorySnapshot snapshot = snapshot(Set.of(), moved, certificate("02", ACTIVE, "ACTIVE", 10, 300, null));

        List<InventoryReport.Item> items = new MismatchedRule().findings(snapshot);

        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.serial()).isEqualTo("01");
            assertThat(item.reasonArgs()).containsExactly("department\u001f急诊科\u001f心内科");
            assertThat(item.action()).isEqualTo(ProposedAction.REISSUE);
        });
    }

    @Test
    void missingIsAnActiveStaffMemberWithAccountsAndNoValidSigningCertificate() {
        InventorySnapshot snapshot = snapshot(Set.of("S1", "S2", "S3"),
                certificate("01", ACTIVE, "FROZEN", 10, 300, null));

        assertThat(new MissingRule().findings(snapshot)).singleElement().satisfies(item -> {
            assertThat(item.staffId()).isEqualTo("S1");
            assertThat(item.serial()).isNull();
            assertThat(item.action()).isEqualTo(ProposedAction.ISSUE);
        });
        assertThat(new MissingRule().findings(snapshot(Set.of("S1"), certificate("01", ACTIVE, "ACTIVE", 10, 300,
                null)))).isEmpty();
    }

    @Test
    void reportSortsAndCountsEveryRulesFindings() {
        InventorySnapshot snapshot = snapshot(Set.of("S1"), certificate("01", LEFT, "ACTIVE", 400, -1, null),
                certificate("02", null, "ACTIVE", 10, 30, daysAgo(1)));

        InventoryReport report = Inventory.report(snapshot);

        assertThat(report.certificates()).isEqualTo(2);
        assertThat(report.items()).extracting(InventoryReport.Item::category).containsExactly(
                InventoryCategory.EXPIRED, InventoryCategory.EXPIRING, InventoryCategory.ORPHANED,
                InventoryCategory.ORPHANED, InventoryCategory.MISSING);
        assertThat(report.counts()).containsEntry(InventoryCategory.ORPHANED, 2)
                .containsEntry(InventoryCategory.IDLE, 0).hasSize(InventoryCategory.values().length);
        assertThat(report.departments()).containsKeys("检验科", Inventory.NO_DEPARTMENT, "心内科");
    }
}
