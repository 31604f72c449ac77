package org.medsign.hub.lifecycle.ledger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The table {@code system_account} (a hospital system's account code → a staff member): the only class naming it. */
@Component
public class SystemAccountRepository {

    /** One mapping. */
    public record Account(String systemId, String account, String staffId) {
    }

    private final JdbcClient jdbc;

    public SystemAccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The staff id behind a system's account code. */
    public Optional<String> staffFor(String systemId, String account) {
        return jdbc.sql("SELECT staff_id FROM system_account WHERE system_id = ? AND account = ?")
                .params(systemId, account).query(String.class).optional();
    }

    /** Adds a mapping. */
    public void insert(String systemId, String account, String staffId) {
        jdbc.sql("INSERT INTO system_account (system_id, account, staff_id) VALUES (?, ?, ?)")
                .params(systemId, account, staffId).update();
    }

    /** Points an existing account code at another staff member. */
    public void reassign(String systemId, String account, String staffId) {
        jdbc.sql("UPDATE system_account SET staff_id = ? WHERE system_id = ? AND account = ?")
                .params(staffId, systemId, account).update();
    }

    /** Every mapping. */
    public List<Account> all() {
        return jdbc.sql("SELECT system_id, account, staff_id FROM system_account")
                .query((rs, n) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    /** A staff member's accounts as {@code system:account}, sorted. */
    public List<String> accountsOf(String staffId) {
        return jdbc.sql("SELECT system_id, account FROM system_account WHERE staff_id = ? ORDER BY system_id, account")
                .param(staffId).query((rs, n) -> rs.getString(1) + ":" + rs.getString(2)).list();
    }

    /** A staff member's account codes in one system, sorted. */
    public List<String> accountsOf(String staffId, String systemId) {
        return jdbc.sql("SELECT account FROM system_account WHERE system_id = ? AND staff_id = ? ORDER BY account")
                .params(systemId, staffId).query(String.class).list();
    }

    /** The systems a staff member has an account in, sorted. */
    public List<String> systemsOf(String staffId) {
        return jdbc.sql("SELECT DISTINCT system_id FROM system_account WHERE staff_id = ? ORDER BY system_id")
                .param(staffId).query(String.class).list();
    }

    /** Staff ids with at least one account. */
    public Set<String> staffWithAccounts() {
        return new HashSet<>(jdbc.sql("SELECT DISTINCT staff_id FROM system_account").query(String.class).list());
    }

    /** staff id → its systems, sorted. */
    public Map<String, Set<String>> systemsByStaff() {
        Map<String, Set<String>> systems = new TreeMap<>();
        jdbc.sql("SELECT staff_id, system_id FROM system_account").query((rs, n) ->
                systems.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2))).list();
        return systems;
    }

    /** (system, account) → staff id, keyed as {@link #key}. */
    public Map<String, String> staffByAccount() {
        Map<String, String> mapped = new HashMap<>();
        all().forEach(a -> mapped.put(key(a.systemId(), a.account()), a.staffId()));
        return mapped;
    }

    /** The key of {@link #staffByAccount()}. */
    public static String key(String systemId, String account) {
        return systemId + "\u0000" + account;
    }
}
