package org.medsign.hub.lifecycle.expiry;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Delivers expiry warnings through the {@link NotificationChannels}: a JSON webhook (the hospital's messaging
 * platform, which reaches the holder by SMS or WeChat Work) and e-mail over SMTP to the holder (when the roster has an
 * address) and the administrators. Texts come from the {@code i18n/notifications} bundle (Simplified Chinese by
 * default, English available).
 */
@Component
public class ExpiryNotifier {

    /** Event name in the webhook JSON. */
    public static final String EVENT = "CERTIFICATE_EXPIRING";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.of("Asia/Shanghai"));

    private final ExpiryProperties properties;
    private final NotificationChannels channels;

    public ExpiryNotifier(ExpiryProperties properties, NotificationChannels channels) {
        this.properties = properties;
        this.channels = channels;
    }

    /** Whether a webhook is configured. */
    public boolean hasWebhook() {
        return channels.hasWebhook();
    }

    /** Whether this warning has anyone to e-mail (and SMTP is configured). */
    public boolean hasEmail(String holderEmail) {
        return channels.hasMail() && (!properties.adminEmails().isEmpty()
                || holderEmail != null && !holderEmail.isBlank());
    }

    /** Posts the warning; throws {@link NotificationChannels.DeliveryException} when the receiver does not answer 2xx. */
    public void webhook(ExpiryWarning warning) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", EVENT);
        body.put("serial", warning.serial());
        body.put("thresholdDays", warning.thresholdDays());
        body.put("daysLeft", warning.daysLeft());
        body.put("notAfter", warning.notAfter().toString());
        Map<String, Object> holder = new LinkedHashMap<>();
        holder.put("staffId", warning.staffId());
        holder.put("name", warning.name());
        holder.put("department", warning.department());
        body.put("holder", holder);
        body.put("message", text("expiry.holder.body", warning));
        channels.post(body);
    }

    /** E-mails the holder (when an address is known) and the administrators. */
    public void email(ExpiryWarning warning, String holderEmail) {
        if (!channels.hasMail()) {
            throw new NotificationChannels.DeliveryException("no SMTP server configured (spring.mail.host)");
        }
        if (holderEmail != null && !holderEmail.isBlank()) {
            channels.mail(List.of(holderEmail), text("expiry.holder.subject", warning),
                    text("expiry.holder.body", warning));
        }
        if (!properties.adminEmails().isEmpty()) {
            channels.mail(properties.adminEmails(), text("expiry.admin.subject", warning),
                    text("expiry.admin.body", warning));
        }
    }

    private String text(String key, ExpiryWarning warning) {
        return channels.text(key, warning.name(), warning.department(), warning.serial(),
                DATE.format(warning.notAfter()), warning.daysLeft(), warning.staffId());
    }
}
