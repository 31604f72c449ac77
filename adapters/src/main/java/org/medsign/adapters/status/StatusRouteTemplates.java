package org.medsign.adapters.status;

import org.apache.camel.builder.RouteBuilder;
import org.medsign.adapters.model.TemplateParameters;

/**
 * Route template for systems that learn about certificate status changes (状态同步) through a webhook.
 *
 * <p>{@code status-webhook-outbound}: {@code system}, {@code url} (http or https), {@code timeout} (ms, default 10000).
 * Consumes {@code direct:<system>.outbound.status}; route id {@code <system>.status.webhook}. (HL7 systems use
 * {@code hl7v2-mfn-outbound}.)
 */
public final class StatusRouteTemplates extends RouteBuilder {

    /** Template id. */
    public static final String WEBHOOK = "status-webhook-outbound";

    @Override
    public void configure() {
        routeTemplate(WEBHOOK)
                .templateParameter("system")
                .templateParameter("url")
                .templateParameter("timeout", "10000")
                .templateBean("statusWebhook", StatusWebhookProcessor.class,
                        rtc -> new StatusWebhookProcessor(TemplateParameters.text(rtc, "url"),
                                TemplateParameters.integer(rtc, "timeout")))
                .from("direct:{{system}}.outbound.status")
                .routeId("{{system}}.status.webhook")
                .process("{{statusWebhook}}");
    }
}
