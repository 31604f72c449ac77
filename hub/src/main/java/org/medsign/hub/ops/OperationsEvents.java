package org.medsign.hub.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.medsign.hub.MedsignHubApplication;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The hub's own life in the audit chain, for the operations log of the compliance pack: {@value #STARTED} when the
 * hub is ready (version, node, Java), {@value #MIGRATIONS_APPLIED} when this start applied Flyway migrations
 * (their versions), and {@value #STOPPED} on an orderly stop (uptime). A crash or SIGKILL leaves no stop event:
 * a start without a stop before it is how an auditor sees one.
 */
@Component
public class OperationsEvents {

    /** The hub is ready and serving. */
    public static final String STARTED = "HUB_STARTED";
    /** The hub stops in order (context closed: SIGTERM, shutdown). */
    public static final String STOPPED = "HUB_STOPPED";
    /** Flyway applied migrations at this start. */
    public static final String MIGRATIONS_APPLIED = "MIGRATIONS_APPLIED";

    private static final Logger log = LoggerFactory.getLogger(OperationsEvents.class);

    private final AuditLog audit;
    private final AppliedMigrations migrations;
    private final ApplicationContext context;
    private final String version;
    private final Clock clock = Clock.systemUTC();
    private volatile Instant startedAt;

    public OperationsEvents(AuditLog audit, AppliedMigrations migrations, ApplicationContext context,
                            ObjectProvider<BuildProperties> build) {
        this.audit = audit;
        this.migrations = migrations;
        this.context = context;
        this.version = version(build.getIfAvailable());
    }

    /** The hub's version: the build's, the jar manifest's, or {@code development} when run from classes. */
    public String version() {
        return version;
    }

    /** When this hub became ready, if it has. */
    public Instant startedAt() {
        return startedAt;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready(ApplicationReadyEvent event) {
        if (event.getApplicationContext() != context) {
            return;
        }
        startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<String> applied = migrations.versions();
        record(AuditEvent.success("hub", "SYSTEM", STARTED, audit.node(), "version=" + version + " node="
                + audit.node() + " java=" + Runtime.version() + " migrationsApplied=" + applied.size()));
        if (!applied.isEmpty()) {
            record(AuditEvent.success("hub", "SYSTEM", MIGRATIONS_APPLIED, audit.node(), "count=" + applied.size()
                    + " first=" + applied.get(0) + " last=" + applied.get(applied.size() - 1) + " versions="
                    + abbreviated(applied)));
        }
    }

    @EventListener(ContextClosedEvent.class)
    void closed(ContextClosedEvent event) {
        if (event.getApplicationContext() != context || startedAt == null) {
            return;
        }
        Duration uptime = Duration.between(startedAt, clock.instant()).truncatedTo(ChronoUnit.SECONDS);
        record(AuditEvent.success("hub", "SYSTEM", STOPPED, audit.node(), "version=" + version + " node="
                + audit.node() + " uptime=" + uptime));
    }

    private void record(AuditEvent event) {
        try {
            audit.append(event);
        } catch (RuntimeException e) {
            // the database may already be going away on stop; the log still says it
            log.warn("Could not write {} to the audit chain: {}", event.action(), e.toString());
        }
    }

    /** The versions, listed in full up to 60, else the first and last 20 around a count. */
    private static String abbreviated(List<String> versions) {
        if (versions.size() <= 60) {
            return String.join(",", versions);
        }
        return String.join(",", versions.subList(0, 20)) + ",…(" + (versions.size() - 40) + " more)…,"
                + String.join(",", versions.subList(versions.size() - 20, versions.size()));
    }

    private static String version(BuildProperties build) {
        if (build != null && build.getVersion() != null) {
            return build.getVersion();
        }
        String manifest = MedsignHubApplication.class.getPackage().getImplementationVersion();
        return manifest != null ? manifest : "development";
    }
}
