package org.medsign.hub.ops.alerts;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alert rules and their channels ({@code medsign.ops.alerts.*}, docs/operations.md "Alerts").
 *
 * @param interval                time between evaluations of every rule (default 30 s; one node evaluates)
 * @param initialDelay            the first evaluation after start (default 30 s)
 * @param repeatInterval          a FIRING alert is notified again this often while it lasts (default 1 h)
 * @param webhookUrl              where alerts and escalations are posted (WeCom or DingTalk group robot), or none
 * @param webhookStyle            the body's shape: {@code WECOM} ({@code markdown.content}) or {@code DINGTALK}
 *                                ({@code markdown.title}, {@code markdown.text})
 * @param emails                  who receives alerts and escalations by e-mail (SMTP: {@code spring.mail.*})
 * @param deadLettersThreshold    {@code dead-letters} fires while the dead-letter queue holds more messages than this
 *                                (default 0)
 * @param certificateExpiringDays {@code certificate-expiring} looks this many days ahead (default 30)
 * @param backupMaxAge            {@code backup-overdue} fires when the last successful backup is older (default P1D;
 *                                only with {@code medsign.ops.backup.required=true})
 * @param diskLowPercent          {@code disk-low} fires below this share of the data directory's store free (10)
 * @param diskLowBytes            ... or below this many usable bytes (default 1 GiB)
 * @param diskSeverePercent       {@code disk-critical} (SEVERE) below this share (default 3)
 * @param diskSevereBytes         ... or below this many usable bytes (default 256 MiB)
 * @param routeErrorsWindow       {@code route-errors} looks at a system's traffic over this window (default PT15M)
 * @param routeErrorsRate         ... and fires when the share of rejected, failed and dead-lettered messages is above
 *                                this (default 0.2)
 * @param routeErrorsMin          ... and at least this many errors (default 5)
 * @param silentAfter             {@code system-silent}: a system that sent nothing for this long (default PT6H)
 * @param silentHistory           ... although it sent in the preceding period of this length (default P7D)
 * @param silentMinHistory        ... at least this many messages; fewer (a new or seldom used system) is not watched
 *                                (default 50)
 * @param batchFailureWindow      {@code batch-signing-failing}: signing failures recorded over this window (PT15M)
 * @param batchFailureMin         ... at least this many failed or dead-lettered requests, all systems (default 10)
 * @param batchFailureRatio       ... making at least this share of the requests that ended (default 0.5)
 * @param latencyObjective        {@code signing-latency}: p99 intake to signature above this (default PT2S)
 * @param latencyWindow           ... over the signatures of this window (the latest 1000 per system; PT15M)
 * @param latencyMinSamples       ... of a system with at least this many signatures in it (default 20)
 * @param clockDriftMax           {@code clock-drift}: local clock against the external TSA's genTime (default PT5S)
 * @param disabled                rule names not evaluated
 * @param zone                    time zone of the times in notification texts (default Asia/Shanghai)
 */
@ConfigurationProperties("medsign.ops.alerts")
public record AlertProperties(@DefaultValue("PT30S") Duration interval,
                              @DefaultValue("PT30S") Duration initialDelay,
                              @DefaultValue("PT1H") Duration repeatInterval,
                              URI webhookUrl,
                              @DefaultValue("WECOM") WebhookStyle webhookStyle,
                              List<String> emails,
                              @DefaultValue("0") int deadLettersThreshold,
                              @DefaultValue("30") int certificateExpiringDays,
                              @DefaultValue("P1D") Duration backupMaxAge,
                              @DefaultValue("10") double diskLowPercent,
                              @DefaultValue("1073741824") long diskLowBytes,
                              @DefaultValue("3") double diskSeverePercent,
                              @DefaultValue("268435456") long diskSevereBytes,
                              @DefaultValue("PT15M") Duration routeErrorsWindow,
                              @DefaultValue("0.2") double routeErrorsRate,
                              @DefaultValue("5") int routeErrorsMin,
                              @DefaultValue("PT6H") Duration silentAfter,
                              @DefaultValue("P7D") Duration silentHistory,
                              @DefaultValue("50") int silentMinHistory,
                              @DefaultValue("PT15M") Duration batchFailureWindow,
                              @DefaultValue("10") int batchFailureMin,
                              @DefaultValue("0.5") double batchFailureRatio,
                              @DefaultValue("PT2S") Duration latencyObjective,
                              @DefaultValue("PT15M") Duration latencyWindow,
                              @DefaultValue("20") int latencyMinSamples,
                              @DefaultValue("PT5S") Duration clockDriftMax,
                              List<String> disabled,
                              @DefaultValue("Asia/Shanghai") ZoneId zone) {

    public AlertProperties {
        emails = emails == null ? List.of() : emails.stream().filter(e -> !e.isBlank()).toList();
        disabled = disabled == null ? List.of() : List.copyOf(disabled);
        if (interval.isNegative() || interval.isZero() || repeatInterval.isNegative() || repeatInterval.isZero()) {
            throw new IllegalArgumentException("medsign.ops.alerts.interval and repeat-interval must be positive");
        }
        if (backupMaxAge.isNegative() || backupMaxAge.isZero() || diskLowPercent < 0 || diskSeverePercent < 0
                || diskLowBytes < 0 || diskSevereBytes < 0) {
            throw new IllegalArgumentException("medsign.ops.alerts.backup-max-age must be positive and the disk "
                    + "thresholds must not be negative");
        }
        if (deadLettersThreshold < 0 || certificateExpiringDays <= 0) {
            throw new IllegalArgumentException("medsign.ops.alerts.dead-letters-threshold must not be negative and "
                    + "certificate-expiring-days must be positive");
        }
        for (Duration d : List.of(routeErrorsWindow, silentAfter, silentHistory, batchFailureWindow, latencyObjective,
                latencyWindow, clockDriftMax)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("medsign.ops.alerts: the windows, route-errors/silent/batch/latency "
                        + "durations and clock-drift-max must be positive");
            }
        }
        if (routeErrorsRate < 0 || routeErrorsRate > 1 || batchFailureRatio < 0 || batchFailureRatio > 1
                || routeErrorsMin < 1 || batchFailureMin < 1 || silentMinHistory < 1 || latencyMinSamples < 1) {
            throw new IllegalArgumentException("medsign.ops.alerts: route-errors-rate and batch-failure-ratio must be "
                    + "within 0..1, the minimum counts at least 1");
        }
    }

    /** The shape of the webhook body. */
    public enum WebhookStyle {
        /** WeCom (企业微信) group robot: {@code {"msgtype":"markdown","markdown":{"content":…}}}. */
        WECOM,
        /** DingTalk (钉钉) group robot: {@code {"msgtype":"markdown","markdown":{"title":…,"text":…}}}. */
        DINGTALK
    }
}
