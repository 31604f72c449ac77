package org.medsign.hub.console;

import java.util.ArrayList;
import java.util.List;

import org.medsign.hub.security.AdminRole;
import org.springframework.security.core.Authentication;

/**
 * The console's menu for one administrator (三员分立): the security administrator manages certificates and
 * administrator accounts, the audit administrator reads the inventory and the audit log and approves account
 * requests, the system administrator runs the systems. Pages outside a role's menu are
 * also refused by the console's security chain.
 */
public final class ConsoleMenu {

    /** One menu entry: its id (for the active highlight), the page path and the message key of its label. */
    public record Item(String id, String path, String label) {
    }

    private ConsoleMenu() {
    }

    /** The entries for the roles of {@code user}, dashboard first. */
    public static List<Item> of(Authentication user) {
        List<Item> items = new ArrayList<>();
        items.add(new Item("dashboard", "/console", "menu.dashboard"));
        if (has(user, AdminRole.SECURITY_ADMIN)) {
            items.add(new Item("ledger", "/console/ledger", "menu.ledger"));
            items.add(new Item("inventory", "/console/inventory", "menu.inventory"));
            items.add(new Item("expiry", "/console/expiry", "menu.expiry"));
            items.add(new Item("campaigns", "/console/campaigns", "menu.campaigns"));
            items.add(new Item("approvals", "/console/approvals", "menu.approvals"));
            items.add(new Item("administrators", "/console/administrators", "admin.menu"));
            items.add(new Item("mobile", "/console/mobile", "mobileAdmin.menu"));
            items.add(new Item("deviceCampaign", "/console/device-campaign", "deviceCampaign.menu"));
            items.add(new Item("seals", "/console/seals", "seals.menu"));
            items.add(new Item("sealUsage", "/console/seal-usage", "sealUsage.menu"));
            items.add(new Item("permissions", "/console/ledger/permissions", "permissions.menu"));
        }
        if (has(user, AdminRole.AUDIT_ADMIN)) {
            items.add(new Item("inventory", "/console/inventory", "menu.inventory"));
            items.add(new Item("audit", "/console/audit", "menu.audit"));
            items.add(new Item("sealUsage", "/console/seal-usage", "sealUsage.menu"));
            items.add(new Item("administrators", "/console/administrators", "admin.menu"));
        }
        if (has(user, AdminRole.SYSTEM_ADMIN)) {
            items.add(new Item("systems", "/console/systems", "menu.systems"));
            items.add(new Item("rejections", "/console/systems/rejections", "menu.rejections"));
            items.add(new Item("deadLetters", "/console/systems/dead-letters", "menu.deadLetters"));
            items.add(new Item("alerts", "/console/systems/alerts", "menu.alerts"));
        }
        return items;
    }

    /** Whether {@code user} has {@code role}. */
    public static boolean has(Authentication user, AdminRole role) {
        return user != null && user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(role.authority()));
    }

    /** The message key of the user's role name. */
    public static String roleLabel(Authentication user) {
        for (AdminRole role : AdminRole.values()) {
            if (has(user, role)) {
                return "role." + role.name();
            }
        }
        return "role.none";
    }
}
