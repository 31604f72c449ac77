package org.medsign.hub.ops.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.medsign.hub.jobs.ClusterLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Evaluates every {@link AlertRule} on a schedule (one node at a time, {@value #JOB}): a rule that finds a problem
 * fires once (notification, incident opened), is notified again every {@code repeat-interval} while it lasts, and
 * resolves by itself when the rule finds nothing (notification, the incident's restoration recorded if nobody did).
 * Then the open incidents' deadlines are escalated. The state is the table {@code ops_alert}, exported on every
 * node as the gauge {@code medsign.alerts.firing{rule,severity}} (1 while FIRING, else 0; NaN when the database
 * cannot be read) for Prometheus (docs/monitoring/medsign-alerts.rules.yml).
 */
@Component
public class Alerts {

    /** The job and lock name. */
    public static final String JOB = "ops-alerts";

    /** A run that hangs (a TSA that never answers) loses its lock after this. */
    public static final Duration LOCK_AT_MOST_FOR = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    private static final int SUMMARY_MAX = 1000;

    private final List<AlertRule> rules;
    private final AlertRepository alerts;
    private final Incidents incidents;
    private final AlertNotifier notifier;
    private final AlertProperties properties;
    private final Clock clock = Clock.systemUTC();

    public Alerts(List<AlertRule> rules, AlertRepository alerts, Incidents incidents, AlertNotifier notifier,
                  AlertProperties properties, MeterRegistry meters) {
        this.rules = rules.stream().filter(rule -> !properties.disabled().contains(rule.name())).toList();
        for (AlertRule rule : this.rules) {
            Gauge.builder("medsign.alerts.firing", alerts, repository -> repository.find(rule.name())
                            .map(a -> a.state() == Alert.State.FIRING ? 1.0 : 0.0).orElse(0.0))
                    .description("1 while the hub's alert rule is FIRING").tag("rule", rule.name())
                    .tag("severity", rule.severity().name()).register(meters);
        }
        this.alerts = alerts;
        this.incidents = incidents;
        this.notifier = notifier;
        this.properties = properties;
    }

    /** The rules evaluated (configured ones minus {@code medsign.ops.alerts.disabled}). */
    public List<AlertRule> rules() {
        return rules;
    }

    /** Every rule that has fired at least once: FIRING first. */
    public List<Alert> list() {
        return alerts.all();
    }

    /** The scheduled run (under the cluster lock). */
    public void scheduled() {
        ClusterLocks.assertHeld();
        evaluate();
    }

    /** One evaluation of every rule, then the incidents' escalations. */
    public void evaluate() {
        for (AlertRule rule : rules) {
            Optional<String> finding;
            try {
                finding = rule.check();
            } catch (RuntimeException e) {
                log.warn("Alert rule {} could not be evaluated: {}", rule.name(), e.toString());
                continue;
            }
            try {
                apply(rule, finding.map(Alerts::clip));
            } catch (RuntimeException e) {
                log.warn("Alert rule {}: state not recorded: {}", rule.name(), e.toString());
            }
        }
        try {
            incidents.escalate();
        } catch (RuntimeException e) {
            log.warn("Incident escalation failed, will run again: {}", e.toString());
        }
    }

    private void apply(AlertRule rule, Optional<String> finding) {
        Instant now = clock.instant();
        Optional<Alert> current = alerts.find(rule.name());
        boolean firing = current.map(a -> a.state() == Alert.State.FIRING).orElse(false);
        if (finding.isPresent() && !firing) {
            alerts.fired(rule.name(), rule.severity(), finding.get(), now);
            log.warn("Alert {} FIRING: {}", rule.name(), finding.get());
            Incident incident = incidents.openFromAlert(rule, finding.get(), now);
            alerts.linkIncident(rule.name(), incident.id());
            notifier.alert(AlertNotifier.Kind.FIRING, rule.name(), rule.severity(), now, finding.get(), incident.id());
            alerts.notified(rule.name(), now);
        } else if (finding.isPresent()) {
            Alert alert = current.get();
            alerts.stillFiring(rule.name(), finding.get(), now);
            Instant last = alert.lastNotifiedAt() == null ? alert.firedAt() : alert.lastNotifiedAt();
            if (!now.isBefore(last.plus(properties.repeatInterval()))) {
                notifier.alert(AlertNotifier.Kind.REPEAT, rule.name(), rule.severity(), alert.firedAt(),
                        finding.get(), alert.incidentId());
                alerts.notified(rule.name(), now);
            }
        } else if (firing) {
            Alert alert = current.get();
            alerts.resolved(rule.name(), now);
            log.info("Alert {} RESOLVED", rule.name());
            if (alert.incidentId() != null) {
                incidents.alertResolved(alert.incidentId(), rule.name(), now);
            }
            notifier.alert(AlertNotifier.Kind.RESOLVED, rule.name(), rule.severity(), now, alert.summary(),
                    alert.incidentId());
            alerts.notified(rule.name(), now);
        } else if (current.isPresent()) {
            alerts.evaluated(rule.name(), now);
        }
    }

    private static String clip(String text) {
        return text.length() <= SUMMARY_MAX ? text : text.substring(0, SUMMARY_MAX - 1) + "…";
    }
}
