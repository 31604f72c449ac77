package org.medsign.hub.ops.alerts;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.medsign.hub.lifecycle.expiry.NotificationChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends alerts and incident escalations through the hub's notification channels ({@link NotificationChannels}): the
 * alerts' webhook ({@code medsign.ops.alerts.webhook-url}, a WeCom or DingTalk group robot body) and e-mail to
 * {@code medsign.ops.alerts.emails}. A channel that fails is logged; the alert's next repeat tries again.
 */
@Component
public class AlertNotifier {

    private static final Logger log = LoggerFactory.getLogger(AlertNotifier.class);

    /** What a notification says about its alert. */
    public enum Kind {
        FIRING,
        REPEAT,
        RESOLVED
    }

    private final NotificationChannels channels;
    private final AlertProperties properties;
    private final DateTimeFormatter times;

    public AlertNotifier(NotificationChannels channels, AlertProperties properties) {
        this.channels = channels;
        this.properties = properties;
        this.times = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(properties.zone());
    }

    /** Whether any channel is configured. */
    public boolean configured() {
        return properties.webhookUrl() != null || !properties.emails().isEmpty() && channels.hasMail();
    }

    /** Notifies an alert's firing, repeat or resolution. */
    public void alert(Kind kind, String rule, Severity severity, Instant since, String summary, Long incidentId) {
        Object[] arguments = {rule, channels.text("alert.rule." + rule), channels.text("severity." + severity.name()),
                channels.text("alert.state." + kind.name()), times.format(since), summary,
                incidentId == null ? channels.text("alert.noIncident") : "#" + incidentId};
        send(channels.text("alert.subject." + kind.name(), arguments), channels.text("alert.body", arguments),
                "alert " + rule + " " + kind);
    }

    /** Notifies that {@code deadline} (respond, restore, onsite) of an incident is about to be missed. */
    public void escalation(Incident incident, String deadline, Instant due) {
        Object[] arguments = {String.valueOf(incident.id()), channels.text("incident.deadline." + deadline), times.format(due),
                channels.text("severity." + incident.severity().name()), incident.title(),
                times.format(incident.openedAt())};
        send(channels.text("incident.escalation.subject", arguments),
                channels.text("incident.escalation.body", arguments), "escalation of incident " + incident.id());
    }

    private void send(String subject, String body, String what) {
        if (properties.webhookUrl() != null) {
            try {
                channels.post(properties.webhookUrl(), webhookBody(subject, body));
            } catch (NotificationChannels.DeliveryException e) {
                log.warn("Webhook for {} not delivered: {}", what, e.getMessage());
            }
        }
        if (!properties.emails().isEmpty()) {
            try {
                channels.mail(properties.emails(), subject, body);
            } catch (NotificationChannels.DeliveryException e) {
                log.warn("E-mail for {} not delivered: {}", what, e.getMessage());
            }
        }
    }

    private Map<String, Object> webhookBody(String subject, String body) {
        String markdown = "### " + subject + "\n" + body.replace("\n", "\n\n");
        Map<String, Object> content = new LinkedHashMap<>();
        if (properties.webhookStyle() == AlertProperties.WebhookStyle.DINGTALK) {
            content.put("title", subject);
            content.put("text", markdown);
        } else {
            content.put("content", markdown);
        }
        return Map.of("msgtype", "markdown", "markdown", content);
    }
}
