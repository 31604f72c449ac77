package org.medsign.adapters.fhir;

import org.apache.camel.builder.RouteBuilder;
import org.medsign.adapters.model.TemplateParameters;

/**
 * Route template for FHIR R4 systems, served on the hub's own HTTP port (platform-http).
 *
 * <p>{@code fhir-r4-inbound}: {@code system}, {@code path} (default {@code /fhir}), {@code maxBytes} (default
 * 14000000, about 10 MiB of document in base64). Offers {@code POST <path>/DocumentReference/$sign} and
 * {@code POST <path>/Bundle/$sign}; callers authenticate with the system's API key ({@code X-Medsign-Api-Key}).
 * Route id {@code <system>.inbound.fhir}.
 */
public final class FhirRouteTemplates extends RouteBuilder {

    /** Template id. */
    public static final String INBOUND = "fhir-r4-inbound";

    @Override
    public void configure() {
        routeTemplate(INBOUND)
                .templateParameter("system")
                .templateParameter("path", "/fhir")
                .templateParameter("maxBytes", "14000000")
                .templateBean("fhirProcessor", FhirSignProcessor.class,
                        rtc -> new FhirSignProcessor(TemplateParameters.text(rtc, "system"),
                                TemplateParameters.integer(rtc, "maxBytes")))
                .from("platform-http:{{path}}?matchOnUriPrefix=true")
                .routeId("{{system}}.inbound.fhir")
                .process("{{fhirProcessor}}");
    }
}
