package org.medsign.hub.mobile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.medsign.crypto.audit.AuditRecord;
import org.medsign.hub.evidence.AuditSearch;
import org.springframework.stereotype.Component;

/**
 * Recent lost-phone reports (挂失) as the audit chain records them ({@code APP_LOST}, written by {@link LostPhones}):
 * whose phone, who reported it (the holder {@code staff:<id>} or an administrator), when, and how many sessions and
 * windows it ended. The audit chain is the record, so reports survive session clean-ups.
 */
@Component
public class LostPhoneReports {

    /** One report. */
    public record Reported(String staffId, String reportedBy, String role, Instant at, Integer sessionsEnded,
                           Integer windowsClosed) {
    }

    /** How far back reports are looked for. */
    public static final Duration HORIZON = Duration.ofDays(90);

    // the detail LostPhones writes: "<n> sessions ended, <m> windows closed"
    private static final Pattern COUNTS = Pattern.compile("(\\d+) sessions ended, (\\d+) windows closed");
    private static final String TARGET_PREFIX = "staff/";

    private final AuditSearch search;

    public LostPhoneReports(AuditSearch search) {
        this.search = search;
    }

    /** The latest reports of the last 90 days, newest first, at most {@code limit} (1 … 1,000). */
    public List<Reported> recent(int limit) {
        int size = Math.max(1, Math.min(limit, 1_000));
        AuditSearch.Filter filter = new AuditSearch.Filter(null, "APP_LOST", null, null, "SUCCESS",
                Instant.now().minus(HORIZON), null);
        long total = search.find(filter, 0, 1).total();
        if (total == 0) {
            return List.of();
        }
        // pages run oldest first: the newest are on the last page and, when that is short, the one before it
        int last = (int) ((total - 1) / size);
        List<AuditRecord> events = new ArrayList<>();
        if (last > 0) {
            events.addAll(search.find(filter, last - 1, size).events());
        }
        events.addAll(search.find(filter, last, size).events());
        Collections.reverse(events);
        return events.stream().limit(size).map(LostPhoneReports::reported).toList();
    }

    private static Reported reported(AuditRecord event) {
        String target = event.target() == null ? "" : event.target();
        String staffId = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
        Matcher counts = COUNTS.matcher(event.detail() == null ? "" : event.detail());
        boolean found = counts.find();
        return new Reported(staffId, event.actor(), event.role(), event.time(),
                found ? Integer.valueOf(counts.group(1)) : null, found ? Integer.valueOf(counts.group(2)) : null);
    }
}
