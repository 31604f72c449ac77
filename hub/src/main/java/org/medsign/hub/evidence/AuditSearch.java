package org.medsign.hub.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.medsign.crypto.audit.AuditRecord;
import org.springframework.stereotype.Component;

/** Search in the audit chain for auditors: exact filters, a time range, pages in chain order within time. */
@Component
public class AuditSearch {

    /** Largest page served. */
    public static final int MAX_PAGE_SIZE = 10_000;

    /**
     * What to look for; null fields do not filter.
     *
     * @param actor   who (user name, system account, "hub")
     * @param action  verb, e.g. SIGN
     * @param target  signature id, certificate serial, request key…
     * @param node    hub node
     * @param outcome SUCCESS, FAILURE, DENIED
     * @param from    event_time at or after
     * @param to      event_time before
     */
    public record Filter(String actor, String action, String target, String node, String outcome, Instant from,
                         Instant to) {

        /** Names of the filters in use (for the audit trail of searches: names, not values). */
        public List<String> used() {
            List<String> used = new ArrayList<>();
            for (var entry : columns().entrySet()) {
                if (entry.getValue() != null) {
                    used.add(entry.getKey());
                }
            }
            if (from != null) {
                used.add("from");
            }
            if (to != null) {
                used.add("to");
            }
            return used;
        }

        Map<String, String> columns() {
            Map<String, String> columns = new LinkedHashMap<>();
            columns.put("actor", actor);
            columns.put("action", action);
            columns.put("target", target);
            columns.put("node", node);
            columns.put("outcome", outcome);
            return columns;
        }
    }

    /** One page of events and how many match in all. */
    public record Page(int page, int size, long total, List<AuditRecord> events) {
    }

    private final AuditEventRepository events;

    public AuditSearch(AuditEventRepository events) {
        this.events = events;
    }

    /** The newest {@code limit} events with one of these actions, oldest first (the operations log of a pack). */
    public List<AuditRecord> latestOf(java.util.Collection<String> actions, int limit) {
        return events.latestOf(actions, limit);
    }

    /** How many events of an action (with an outcome) a period holds. */
    public record ActionCount(String action, String outcome, long count) {
    }

    /** Events in [{@code from}, {@code to}) counted by action and outcome, in SQL (the annual report). */
    public List<ActionCount> countByAction(Instant from, Instant to) {
        return events.countByAction(from, to);
    }

    /** The first {@code limit} events of {@code actions} in [{@code from}, {@code to}), in time order. */
    public List<AuditRecord> between(java.util.Collection<String> actions, Instant from, Instant to, int limit) {
        return events.between(actions, from, to, limit);
    }

    /** The newest event of {@code action} before {@code before}. */
    public java.util.Optional<AuditRecord> lastBefore(String action, Instant before) {
        return events.lastBefore(action, before);
    }

    /** When the chain's oldest event was written. */
    public java.util.Optional<Instant> firstEventTime() {
        return events.firstEventTime();
    }

    /** Page {@code page} (from 0) of {@code size} events matching {@code filter}, oldest first. */
    public Page find(Filter filter, int page, int size) {
        return events.search(filter, page, size);
    }
}
