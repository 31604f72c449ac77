package org.medsign.hub.ops.alerts;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.medsign.hub.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code database-down} (SEVERE: nothing can be received, signed or recorded). The {@code ops-alerts} job takes its
 * cluster lock in the database and keeps its state there, so it cannot see this one: every node checks the database
 * itself, on a thread of its own (not Spring's scheduler, whose threads hang on the database too), every
 * {@code medsign.ops.alerts.interval} after {@code initial-delay}. A connection that cannot be taken and checked
 * within the probe timeout (the interval, at least 2 s and at most 10 s; a pool that hangs counts too) is an outage: the node notifies at once by webhook and e-mail (each
 * node of a cluster sends its own, naming itself), again every {@code repeat-interval}, and exports
 * {@code medsign.alerts.firing{rule=database-down}} = 1 from memory. When the database answers again the node records
 * the episode — the alert row fired at the first failed check and resolved now, a SEVERE incident detected then with
 * its restoration recorded — unless another node recorded the same outage already, and notifies the recovery.
 */
@Component
public class DatabaseWatch {

    /** The rule name. */
    public static final String RULE = "database-down";

    private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);
    private static final int VALID_SECONDS = 5;

    private static final AlertRule AS_RULE = new AlertRule() {
        @Override
        public String name() {
            return RULE;
        }

        @Override
        public Severity severity() {
            return Severity.SEVERE;
        }

        @Override
        public Optional<String> check() {
            return Optional.empty();
        }
    };

    private final DataSource dataSource;
    private final AlertRepository alerts;
    private final Incidents incidents;
    private final AlertNotifier notifier;
    private final AlertProperties properties;
    private final String node;
    private final Duration probeTimeout;
    private ScheduledExecutorService executor;
    private ExecutorService probes;
    private Future<Optional<String>> pending;
    private volatile Instant downSince;
    private Instant notifiedAt;
    private String finding;

    public DatabaseWatch(DataSource dataSource, AlertRepository alerts, Incidents incidents, AlertNotifier notifier,
                         AlertProperties properties, HubProperties hub, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.alerts = alerts;
        this.incidents = incidents;
        this.notifier = notifier;
        this.properties = properties;
        this.node = hub.node();
        this.probeTimeout = Duration.ofSeconds(Math.max(2, Math.min(10, properties.interval().toSeconds())));
        Gauge.builder("medsign.alerts.firing", this, watch -> watch.downSince == null ? 0 : 1)
                .description("1 while the hub's alert rule is FIRING").tag("rule", RULE)
                .tag("severity", Severity.SEVERE.name()).register(meters);
    }

    @PostConstruct
    void start() {
        if (properties.disabled().contains(RULE)) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "medsign-database-watch"));
        probes = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "medsign-database-probe"));
        executor.scheduleWithFixedDelay(this::check, properties.initialDelay().toMillis(),
                properties.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
            probes.shutdownNow();
        }
    }

    /** One check (the watch's thread). */
    void check() {
        try {
            Optional<String> problem = probeWithinTimeout();
            Instant now = Instant.now();
            if (problem.isPresent()) {
                down(problem.get(), now);
            } else if (downSince != null) {
                up(now);
            }
        } catch (RuntimeException e) {
            log.warn("Database watch: {}", e.toString());
        }
    }

    /** The probe, on its own thread: a pool that hangs (no timeout of its own) is an outage too. */
    private Optional<String> probeWithinTimeout() {
        if (pending == null || pending.isDone()) {
            pending = probes.submit(this::probe);
        }
        try {
            return pending.get(probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the probe keeps waiting; the next check waits for the same one
            return Optional.of("no database connection within " + probeTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Optional.of("no database connection: " + e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Optional<String> probe() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALID_SECONDS) ? Optional.empty()
                    : Optional.of("a database connection is not valid");
        } catch (SQLException | RuntimeException e) {
            return Optional.of("no database connection: " + e.getClass().getSimpleName());
        }
    }

    private void down(String problem, Instant now) {
        if (downSince == null) {
            downSince = now;
            finding = problem + " (node " + node + ")";
            log.error("Alert {} FIRING: {}", RULE, finding);
            notifier.alert(AlertNotifier.Kind.FIRING, RULE, Severity.SEVERE, downSince, finding, null);
            notifiedAt = now;
        } else if (!now.isBefore(notifiedAt.plus(properties.repeatInterval()))) {
            notifier.alert(AlertNotifier.Kind.REPEAT, RULE, Severity.SEVERE, downSince, finding, null);
            notifiedAt = now;
        }
    }

    private void up(Instant now) {
        Instant since = downSince;
        Long incidentId = null;
        Optional<Alert> recorded = alerts.find(RULE);
        if (recorded.isPresent() && recorded.get().firedAt().isAfter(since.minus(properties.interval().multipliedBy(2)
                .plusMinutes(1)))) {
            // another node recorded this outage
            incidentId = recorded.get().incidentId();
        } else {
            alerts.fired(RULE, Severity.SEVERE, finding, since);
            Incident incident = incidents.openFromAlert(AS_RULE, finding, since);
            incidentId = incident.id();
            alerts.linkIncident(RULE, incidentId);
            alerts.resolved(RULE, now);
            incidents.alertResolved(incidentId, RULE, now);
            alerts.notified(RULE, now);
        }
        downSince = null;
        log.info("Alert {} RESOLVED (down since {})", RULE, since);
        notifier.alert(AlertNotifier.Kind.RESOLVED, RULE, Severity.SEVERE, now, finding, incidentId);
    }
}
