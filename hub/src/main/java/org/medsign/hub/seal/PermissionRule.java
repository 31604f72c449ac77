package org.medsign.hub.seal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One permit of the permission matrix (岗位权限): who may do what to which documents through which system. Who: each
 * of {@code post} (exact; {@value #ANY} = any staff member), {@code minPost} (that grade and above on its title ladder,
 * {@link PostGrades}) and {@code department} that is given must hold. Which documents: {@code scenario} and
 * {@code documentType}, each null for any. System: {@code systemId}, {@value #ANY} for any.
 *
 * @param id           rule id
 * @param post         exact post, {@value #ANY}, or null
 * @param minPost      grade threshold ("role"), or null
 * @param department   department, or null
 * @param systemId     system id or {@value #ANY}
 * @param scenario     business scenario, or null for any
 * @param documentType document type, or null for any
 * @param action       signing or a seal kind
 * @param specialType  with SPECIAL: the special seal type, or null for every special seal
 * @param note         the administrator's note, or null
 * @param updatedBy    who created or last changed it ({@code migration} for the defaults)
 * @param updatedAt    when
 */
public record PermissionRule(long id, String post, String minPost, String department, String systemId,
                             String scenario, String documentType, PermissionAction.Kind action, String specialType,
                             String note, String updatedBy, Instant updatedAt) {

    /** Any system, or (as a post) any staff member. */
    public static final String ANY = "*";

    /**
     * Whether the rule names this request's document and action, i.e. restricts it: same action (a rule for every
     * special seal covers each special type), and its scenario and document type, where given, equal the request's.
     */
    boolean covers(String requestScenario, String requestDocumentType, PermissionAction requested) {
        if (action != requested.kind()) {
            return false;
        }
        if (specialType != null && !specialType.equals(requested.specialType())) {
            return false;
        }
        return (scenario == null || scenario.equals(trim(requestScenario)))
                && (documentType == null || documentType.equals(trim(requestDocumentType)));
    }

    /** Whether the rule lets a staff member with this post and department act through {@code requestSystem}. */
    boolean permits(String requestSystem, String staffPost, String staffDepartment) {
        if (!ANY.equals(systemId) && !systemId.equals(requestSystem)) {
            return false;
        }
        if (post != null && !ANY.equals(post) && !post.equals(trim(staffPost))) {
            return false;
        }
        if (minPost != null && !PostGrades.atLeast(staffPost, minPost)) {
            return false;
        }
        return department == null || department.equals(trim(staffDepartment));
    }

    /** Who, in the hospital's words: "主治医师及以上 · 检验科", "任何人员". */
    public String who() {
        List<String> parts = new ArrayList<>();
        if (post != null && !ANY.equals(post)) {
            parts.add(post);
        }
        if (minPost != null) {
            parts.add(minPost + "及以上");
        }
        if (department != null) {
            parts.add(department);
        }
        return parts.isEmpty() ? "任何人员" : String.join(" · ", parts);
    }

    /** The rule in one line, for audit details and refusal reasons. */
    public String describe() {
        return "#" + id + " " + (specialType == null ? action.name() : action.name() + ":" + specialType)
                + " scenario=" + (scenario == null ? ANY : scenario)
                + " documentType=" + (documentType == null ? ANY : documentType)
                + " system=" + systemId
                + (post != null ? " post=" + post : "") + (minPost != null ? " minPost=" + minPost : "")
                + (department != null ? " department=" + department : "");
    }

    /** The same rule with another id and author (as stored). */
    PermissionRule stored(long newId, String by, Instant at) {
        return new PermissionRule(newId, post, minPost, department, systemId, scenario, documentType, action,
                specialType, note, by, at);
    }

    /** Whether the two rules say the same (ignoring id, note and author). */
    boolean sameAs(PermissionRule other) {
        return java.util.Objects.equals(post, other.post) && java.util.Objects.equals(minPost, other.minPost)
                && java.util.Objects.equals(department, other.department) && systemId.equals(other.systemId)
                && java.util.Objects.equals(scenario, other.scenario)
                && java.util.Objects.equals(documentType, other.documentType) && action == other.action
                && java.util.Objects.equals(specialType, other.specialType);
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
