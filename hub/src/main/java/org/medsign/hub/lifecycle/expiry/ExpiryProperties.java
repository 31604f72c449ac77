package org.medsign.hub.lifecycle.expiry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Expiry warnings (到期提醒).
 *
 * @param thresholds   days before expiry at which a certificate is notified, once each (default 60, 30, 15, 7)
 * @param scanInterval time between scans (default one hour)
 * @param initialDelay the first scan after start (default one minute)
 * @param webhookUrl   where warnings are posted as JSON (the hospital's messaging platform), or null for none
 * @param adminEmails  administrators who receive every warning by e-mail (SMTP: {@code spring.mail.*})
 * @param mailFrom     sender address of the e-mails
 * @param locale       language of the notification texts (default zh-CN; en available)
 * @param maxAttempts  delivery attempts per warning before it stays FAILED (default 10, one per scan)
 */
@ConfigurationProperties("medsign.expiry")
public record ExpiryProperties(List<Integer> thresholds, Duration scanInterval, Duration initialDelay, URI webhookUrl,
                               List<String> adminEmails, String mailFrom, Locale locale, Integer maxAttempts) {

    public ExpiryProperties {
        thresholds = thresholds == null || thresholds.isEmpty() ? List.of(60, 30, 15, 7)
                : thresholds.stream().distinct().sorted(java.util.Comparator.reverseOrder()).toList();
        if (thresholds.stream().anyMatch(days -> days <= 0)) {
            throw new IllegalArgumentException("medsign.expiry.thresholds must be positive numbers of days");
        }
        scanInterval = scanInterval == null ? Duration.ofHours(1) : scanInterval;
        initialDelay = initialDelay == null ? Duration.ofMinutes(1) : initialDelay;
        adminEmails = adminEmails == null ? List.of() : adminEmails.stream().filter(a -> !a.isBlank()).toList();
        mailFrom = mailFrom == null || mailFrom.isBlank() ? "medsign-hub@localhost" : mailFrom;
        locale = locale == null ? Locale.SIMPLIFIED_CHINESE : locale;
        maxAttempts = maxAttempts == null ? 10 : maxAttempts;
    }

    /** The largest threshold: how far ahead a scan looks. */
    public int horizonDays() {
        return thresholds.get(0);
    }
}
