package org.medsign.hub.seal;

import java.time.Instant;
import java.util.List;

/** The default permission rules of V31__permission_rules.sql, in id order, for the tests that check them. */
public final class DefaultPermissionRules {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    /** 病程记录: 住院医师+; 出院小结: 主治医师+; 检验检查专用章: 检验科 技师+ or 住院医师+; 院章: through his, physical-exam. */
    public static final List<PermissionRule> ALL = List.of(
            rule(1, null, "住院医师", null, "*", null, "病程记录", PermissionAction.Kind.SIGN, null),
            rule(2, null, "主治医师", null, "*", null, "出院小结", PermissionAction.Kind.SIGN, null),
            rule(3, null, "技师", "检验科", "*", null, null, PermissionAction.Kind.SPECIAL, "检验检查专用章"),
            rule(4, null, "住院医师", "检验科", "*", null, null, PermissionAction.Kind.SPECIAL, "检验检查专用章"),
            rule(5, "*", null, null, "his", null, null, PermissionAction.Kind.HOSPITAL, null),
            rule(6, "*", null, null, "physical-exam", null, null, PermissionAction.Kind.HOSPITAL, null));

    private DefaultPermissionRules() {
    }

    /** A rule as the tests write it. */
    public static PermissionRule rule(long id, String post, String minPost, String department, String system,
                                      String scenario, String documentType, PermissionAction.Kind action,
                                      String specialType) {
        return new PermissionRule(id, post, minPost, department, system, scenario, documentType, action, specialType,
                null, "migration", T);
    }
}
