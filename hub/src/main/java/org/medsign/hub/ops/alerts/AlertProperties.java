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
    }

    /** The shape of the webhook body. */
    public enum WebhookStyle {
        /** WeCom (企业微信) group robot: {@code {"msgtype":"markdown","markdown":{"content":…}}}. */
        WECOM,
        /** DingTalk (钉钉) group robot: {@code {"msgtype":"markdown","markdown":{"title":…,"text":…}}}. */
        DINGTALK
    }
}
