package org.medsign.hub.ops;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.medsign.hub.DataDirectory;
import org.medsign.hub.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the data directory owner-only after start (see {@link DataDirectory}): sweeps once every bean is created
 * (the database and broker files exist by then), again when the hub is ready, and then every
 * {@code medsign.data-directory.permission-check}. Health {@code dataDirectory}: UP when nothing is open to group or
 * others, DOWN when something is and cannot be changed (not the hub's own files), UNKNOWN without POSIX permissions.
 */
@Component("dataDirectory")
public class DataDirectoryPermissions implements HealthIndicator, SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DataDirectoryPermissions.class);

    private final HubProperties hub;
    private final AtomicReference<DataDirectory.Report> last = new AtomicReference<>();
    private final AtomicLong tightenedSinceStart = new AtomicLong();

    public DataDirectoryPermissions(HubProperties hub) {
        this.hub = hub;
    }

    @Override
    public void afterSingletonsInstantiated() {
        sweep();
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        sweep();
    }

    /** Tightens what was created since the last sweep; returns what it found (also every node's scheduled job). */
    public DataDirectory.Report sweep() {
        DataDirectory.Report report;
        try {
            report = DataDirectory.tighten(hub.home());
        } catch (RuntimeException e) {
            log.warn("Data directory permissions not checked: {}", e.toString());
            return last.get();
        }
        if (!report.tightened().isEmpty()) {
            tightenedSinceStart.addAndGet(report.tightened().size());
            log.info("Data directory: made {} new paths owner-only (e.g. {})", report.tightened().size(),
                    report.tightened().stream().limit(3).toList());
        }
        DataDirectory.Report previous = last.getAndSet(report);
        if (!report.stillOpen().isEmpty() && (previous == null || !previous.stillOpen().equals(report.stillOpen()))) {
            log.warn("Data directory: {} paths stay open to group or others and cannot be changed by the hub (e.g. {}); "
                    + "give them to the hub's user or make them owner-only", report.stillOpen().size(),
                    report.stillOpen().stream().limit(5).toList());
        }
        return report;
    }

    @Override
    public Health health() {
        DataDirectory.Report report = last.get();
        if (report == null) {
            return Health.unknown().withDetail("reason", "not checked yet").build();
        }
        if (!report.posix()) {
            return Health.unknown().withDetail("reason", "no POSIX permissions on this file system").build();
        }
        Health.Builder health = report.stillOpen().isEmpty() ? Health.up() : Health.down();
        return health.withDetail("openToOthers", report.stillOpen().size())
                .withDetail("tightenedSinceStart", tightenedSinceStart.get()).build();
    }
}
