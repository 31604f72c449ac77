package org.medsign.hub.ops.inspection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.medsign.adapters.model.ErrorCode;

/**
 * The semi-annual on-site checklist (半年度现场巡检): what a service engineer checks on site that the hub cannot see
 * itself. Each {@link Item} has a stable key, the Chinese name the report and the request use, and the advice a
 * finding carries when the engineer answers {@link Result#ATTENTION} (中) or {@link Result#FAIL} (高).
 * {@link #validate} refuses an engineer or observation list the report could not stand on, with
 * {@link ErrorCode#INVALID_REQUEST}; nothing is run or stored then.
 */
public final class OnsiteChecklist {

    /** Longest engineer name and note accepted. */
    public static final int MAX_ENGINEER = 64;
    public static final int MAX_NOTE = 500;

    /** The checklist, in report order. */
    public enum Item {
        ROOM("机房环境", "机房温湿度、消防、门禁与机柜（含线缆标识、机柜上锁）",
                "改善机房环境（温湿度、消防、门禁），机柜上锁并整理标识，必要时报医院信息科与后勤处理。"),
        HARDWARE("服务器硬件与UPS", "服务器硬件告警灯、磁盘与电源冗余，UPS 电池与切换",
                "更换告警部件，安排 UPS 电池检测与断电切换演练，确保签名服务器不因断电中断。"),
        OS("操作系统补丁与时间同步", "操作系统与 JDK 安全补丁，NTP 时间同步",
                "按变更流程安装安全补丁，配置并核对 NTP 时间同步（时间偏差会使时间戳与审计时间失准）。"),
        NETWORK("网络防火墙与负载均衡", "网络连通、防火墙策略、负载均衡与证书",
                "收紧防火墙策略（仅开放所需端口），核对负载均衡健康检查与 TLS 证书有效期。"),
        BACKUP_MEDIA("备份介质异地保存", "备份介质的异地保存与恢复抽查",
                "将备份介质异地保存并登记，按 docs/operations.md 做一次恢复抽查。"),
        SIGNING_DEVICES("UKey与签名设备保管", "USB Key（UKey）、签名板等签名设备的保管与领用登记",
                "清点 UKey 与签名设备，补全保管与领用登记，遗失设备立即冻结或吊销其证书。"),
        TRAINING("人员培训", "三员、科室管理员与医护人员的使用培训",
                "安排培训（三员职责、签名窗口与 UKey 使用），并保存签到与培训记录。"),
        DRILL("应急演练", "故障应急预案与演练记录",
                "按应急预案组织一次演练（签名服务中断、数据库故障），记录并复盘。"),
        DOCUMENTS("文档资料", "运维手册、台账、变更与巡检记录的完整性",
                "补齐运维文档与台账（变更、故障、巡检记录），交医院信息科存档。");

        private final String title;
        private final String scope;
        private final String advice;

        Item(String title, String scope, String advice) {
            this.title = title;
            this.scope = scope;
            this.advice = advice;
        }

        /** The Chinese name (request and report). */
        public String title() {
            return title;
        }

        /** What the engineer looks at (report). */
        public String scope() {
            return scope;
        }

        /** The advice of a finding when the item needs attention or failed. */
        public String advice() {
            return advice;
        }

        /** The item named by its Chinese name or its key (case-insensitive), if any. */
        public static Optional<Item> named(String name) {
            if (name == null) {
                return Optional.empty();
            }
            String trimmed = name.strip();
            for (Item item : values()) {
                if (item.title.equals(trimmed) || item.name().equalsIgnoreCase(trimmed.replace('-', '_'))) {
                    return Optional.of(item);
                }
            }
            return Optional.empty();
        }
    }

    /** The engineer's answer to one item. */
    public enum Result {
        OK("正常"), ATTENTION("需关注"), FAIL("不合格");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One observation as stored and returned: the item's key and Chinese name, the result and the note. */
    public record Observation(Item item, String title, Result result, String note) {
    }

    /** One observation as sent: item by name or key, result as text; {@link #validate} checks it. */
    public record Answer(String item, String result, String note) {
    }

    private OnsiteChecklist() {
    }

    /**
     * The engineer's answers checked against the checklist: an engineer is named (at most {@value #MAX_ENGINEER}
     * characters), there is at least one observation, each names a checklist item once, its result is OK, ATTENTION
     * or FAIL, a note is at most {@value #MAX_NOTE} characters and says what is wrong when the result is not OK.
     * Returns the observations in checklist order.
     *
     * @throws InspectionException.InvalidOnsite naming the first problem
     */
    public static List<Observation> validate(String engineer, List<Answer> answers) {
        if (engineer == null || engineer.isBlank()) {
            throw new InspectionException.InvalidOnsite("engineer is required for an on-site inspection");
        }
        if (engineer.strip().length() > MAX_ENGINEER) {
            throw new InspectionException.InvalidOnsite("engineer is longer than " + MAX_ENGINEER + " characters");
        }
        if (answers == null || answers.isEmpty()) {
            throw new InspectionException.InvalidOnsite("observations are required for an on-site inspection");
        }
        Set<Item> seen = new HashSet<>();
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            String where = "observations[" + i + "]";
            if (answer == null) {
                throw new InspectionException.InvalidOnsite(where + " is empty");
            }
            Item item = Item.named(answer.item()).orElseThrow(() -> new InspectionException.InvalidOnsite(where
                    + ".item is not a checklist item (one of " + titles() + ")"));
            if (!seen.add(item)) {
                throw new InspectionException.InvalidOnsite(where + ".item " + item.title() + " is given twice");
            }
            Result result;
            try {
                result = Result.valueOf(answer.result() == null ? "" : answer.result().strip()
                        .toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InspectionException.InvalidOnsite(where + ".result must be OK, ATTENTION or FAIL");
            }
            String note = answer.note() == null ? "" : answer.note().strip();
            if (note.length() > MAX_NOTE) {
                throw new InspectionException.InvalidOnsite(where + ".note is longer than " + MAX_NOTE
                        + " characters");
            }
            if (result != Result.OK && note.isEmpty()) {
                throw new InspectionException.InvalidOnsite(where + ".note must say what is wrong when the result is "
                        + result);
            }
            observations.add(new Observation(item, item.title(), result, note));
        }
        observations.sort(java.util.Comparator.comparing(Observation::item));
        return List.copyOf(observations);
    }

    private static String titles() {
        List<String> titles = new ArrayList<>();
        for (Item item : Item.values()) {
            titles.add(item.title());
        }
        return String.join("、", titles);
    }
}
