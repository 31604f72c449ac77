package org.medsign.hub.lifecycle.expiry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
 * The hub's notification channels, shared by expiry warnings and signing-task reminders: a JSON webhook (the
 * hospital's messaging platform, which reaches people by SMS or WeChat Work) and e-mail over SMTP
 * ({@code spring.mail.*}). Configured under {@code medsign.expiry} (webhook URL, sender address, language, attempts);
 * texts come from the {@code i18n/notifications} bundle. A failed send throws {@link DeliveryException}; callers
 * record it and try again at their next scan.
 */
@Component
public class NotificationChannels {

    private final ExpiryProperties properties;
    private final ObjectProvider<JavaMailSender> mail;
    private final ObjectMapper json;
    private final ResourceBundleMessageSource texts = new ResourceBundleMessageSource();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public NotificationChannels(ExpiryProperties properties, ObjectProvider<JavaMailSender> mail, ObjectMapper json) {
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

    /** Whether an SMTP server is configured. */
    public boolean hasMail() {
        return mail.getIfAvailable() != null;
    }

    /** Delivery attempts per notification before it stays FAILED. */
    public int maxAttempts() {
        return properties.maxAttempts();
    }

    /** A text of the notification bundle in the configured language. */
    public String text(String key, Object... arguments) {
        return texts.getMessage(key, arguments, properties.locale());
    }

    /** The configured language. */
    public Locale locale() {
        return properties.locale();
    }

    /** Posts a JSON body to the webhook; throws {@link DeliveryException} when the receiver does not answer 2xx. */
    public void post(Map<String, Object> body) {
        if (properties.webhookUrl() == null) {
            throw new DeliveryException("no webhook configured (medsign.expiry.webhook-url)");
        }
        post(properties.webhookUrl(), body);
    }

    /**
     * Posts a JSON body to another webhook (the operations alerts' group robot); throws {@link DeliveryException}
     * when the receiver does not answer 2xx.
     */
    public void post(URI url, Map<String, Object> body) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url)
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

    /** Sends one plain-text e-mail to {@code to}; throws {@link DeliveryException} when SMTP is missing or fails. */
    public void mail(List<String> to, String subject, String body) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new DeliveryException("no SMTP server configured (spring.mail.host)");
        }
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(properties.mailFrom());
            helper.setTo(to.toArray(String[]::new));
            helper.setSubject(subject);
            helper.setText(body);
            sender.send(message);
        } catch (MailException | MessagingException e) {
            throw new DeliveryException("SMTP: " + e.getClass().getSimpleName());
        }
    }

    /** A notification that could not be delivered now (it is tried again at the next scan). */
    public static final class DeliveryException extends RuntimeException {
        public DeliveryException(String message) {
            super(message);
        }
    }
}
