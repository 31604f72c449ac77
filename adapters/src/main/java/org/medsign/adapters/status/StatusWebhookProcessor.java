package org.medsign.adapters.status;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.medsign.adapters.model.CertificateStatusEvent;

/**
 * Posts a certificate status change to a system's webhook as JSON; anything but a 2xx answer (or no answer) is an
 * exception, so the hub's status queue retries and finally dead-letters. The body:
 * <pre>{"event": "CERTIFICATE_STATUS_CHANGED", "eventId", "system", "accounts": [...], "staffId", "name",
 *  "department", "serial", "action", "oldStatus", "newStatus", "usable", "reason", "time", "notBefore", "notAfter"}</pre>
 * with header {@code X-Medsign-Event-Id} (the receiver's idempotency key).
 */
public final class StatusWebhookProcessor implements Processor {

    /** Event name in the JSON. */
    public static final String EVENT = "CERTIFICATE_STATUS_CHANGED";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;

    public StatusWebhookProcessor(String url, int timeoutMillis) {
        this.url = URI.create(url.trim());
        if (this.url.getScheme() == null || !this.url.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("url must be an http(s) URL, not '" + url + "'");
        }
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException, IOException, InterruptedException {
        CertificateStatusEvent event = exchange.getMessage().getMandatoryBody(CertificateStatusEvent.class);
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Medsign-Event-Id", Long.toString(event.eventId()))
                .POST(HttpRequest.BodyPublishers.ofString(json(event), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the status webhook of " + event.systemId() + " answered HTTP "
                    + response.statusCode());
        }
    }

    static String json(CertificateStatusEvent event) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", EVENT);
        body.put("eventId", event.eventId());
        body.put("system", event.systemId());
        body.put("accounts", event.accounts());
        body.put("staffId", event.staffId());
        body.put("name", event.name());
        body.put("department", event.department());
        body.put("serial", event.serial());
        body.put("action", event.action());
        body.put("oldStatus", event.oldStatus());
        body.put("newStatus", event.newStatus());
        body.put("usable", event.usable());
        body.put("reason", event.reason());
        body.put("time", event.time().toString());
        body.put("notBefore", event.notBefore() == null ? null : event.notBefore().toString());
        body.put("notAfter", event.notAfter() == null ? null : event.notAfter().toString());
        return JSON.writeValueAsString(body);
    }
}
