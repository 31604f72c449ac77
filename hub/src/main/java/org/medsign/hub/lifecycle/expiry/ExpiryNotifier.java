package org.medsign.hub.lifecycle.expiry;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Delivers expiry warnings: a JSON webhook (the hospital's messaging platform, which reaches the holder by SMS or
 * WeChat Work) and e-mail over SMTP to the holder (when the roster has an address) and the administrators. Texts come
 * from the {@code i18n/notifications} bundle (Simplified Chinese by default, English available).
 */
@Component
public class ExpiryNotifier {

    /** Event name in the webhook JSON. */
    public static final String EVENT = "CERTIFICATE_EXPIRING";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.of("Asia/Shanghai"));

    private final ExpiryProperties properties;
    private final ObjectProvider<JavaMailSender> mail;
    private final ObjectMapper json;
    private final ResourceBundleMessageSource texts = new ResourceBundleMessageSource();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ExpiryNotifier(ExpiryProperties properties, ObjectProvider<JavaMailSender> mail, ObjectMapper json) {
        this.properties = properties;
        this.mail = mail;
        this.json = json;
        texts.setBasename("i18n/notifications");
        texts.setDefaultEncoding("UTF-8");
        texts.setFallbackToSystemLocale(false);
    }

    /** Whether a webhook is configured. */
    public boolean hasWebhook() {
        return properties.webhookUrl() != null;
    }

    /** Whether this warning has anyone to e-mail (and SMTP is configured). */
    public boolean hasEmail(String holderEmail) {
        return mail.getIfAvailable() != null && (!properties.adminEmails().isEmpty()
                || holderEmail != null && !holderEmail.isBlank());
    }

    /** Posts the warning; throws {@link DeliveryException} when the receiver does not answer 2xx. */
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
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(properties.webhookUrl())
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8))
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new DeliveryException("webhook answered HTTP " + response.statusCode());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new DeliveryException("webhook unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted");
        }
    }

    /** E-mails the holder (when an address is known) and the administrators. */
    public void email(ExpiryWarning warning, String holderEmail) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new DeliveryException("no SMTP server configured (spring.mail.host)");
        }
        try {
            if (holderEmail != null && !holderEmail.isBlank()) {
                send(sender, List.of(holderEmail), text("expiry.holder.subject", warning),
                        text("expiry.holder.body", warning));
            }
            if (!properties.adminEmails().isEmpty()) {
                send(sender, properties.adminEmails(), text("expiry.admin.subject", warning),
                        text("expiry.admin.body", warning));
            }
        } catch (MailException | MessagingException e) {
            throw new DeliveryException("SMTP: " + e.getClass().getSimpleName());
        }
    }

    private void send(JavaMailSender sender, List<String> to, String subject, String body) throws MessagingException {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom(properties.mailFrom());
        helper.setTo(to.toArray(String[]::new));
        helper.setSubject(subject);
        helper.setText(body);
        sender.send(message);
    }

    private String text(String key, ExpiryWarning warning) {
        return texts.getMessage(key, new Object[] {warning.name(), warning.department(), warning.serial(),
                DATE.format(warning.notAfter()), warning.daysLeft(), warning.staffId()}, properties.locale());
    }

    /** A notification that could not be delivered now (it is tried again at the next scan). */
    public static final class DeliveryException extends RuntimeException {
        public DeliveryException(String message) {
            super(message);
        }
    }
}
