package org.medsign.adapters.httpjson;

import org.apache.camel.RouteTemplateContext;
import org.apache.camel.builder.RouteBuilder;
import org.medsign.adapters.http.SyncHttpRoute;
import org.medsign.adapters.model.TemplateParameters;

/**
 * Route template for systems that can make an HTTP call with JSON but speak neither HL7 nor FHIR, served on the hub's
 * own HTTP port (platform-http).
 *
 * <p>{@code httpjson-inbound}: {@code system}, {@code path} (default {@code /adapters/<system>}), {@code maxBytes}
 * (default 14000000), and the JSON Pointers of a {@link JsonMapping}: {@code requestIdField} ({@code /requestId}),
 * {@code signerField} ({@code /signer}), {@code documentIdField} ({@code /documentId}), {@code documentTypeField}
 * ({@code /documentType}), {@code scenarioField} ({@code /scenario}), {@code contentField} ({@code /content}, base64)
 * and {@code textField} ({@code /text}); an empty pointer means "not sent". Offers {@code POST <path>/sign}; callers
 * authenticate with the system's API key ({@code X-Medsign-Api-Key}). Waits for the signature (the hub's synchronous
 * timeout); answers as in {@link JsonProtocol}. Route id {@code <system>.inbound.httpjson}, steps as in
 * {@link SyncHttpRoute} with {@link JsonTranslateStep}.
 */
public final class HttpJsonRouteTemplates extends RouteBuilder {

    /** Template id. */
    public static final String INBOUND = "httpjson-inbound";

    @Override
    public void configure() {
        SyncHttpRoute.complete(routeTemplate(INBOUND)
                        .templateParameter("system")
                        .templateParameter("path", "/adapters/{{system}}")
                        .templateParameter("maxBytes", "14000000")
                        .templateParameter("requestIdField", JsonMapping.DEFAULT.requestId())
                        .templateParameter("signerField", JsonMapping.DEFAULT.signer())
                        .templateParameter("documentIdField", JsonMapping.DEFAULT.documentId())
                        .templateParameter("documentTypeField", JsonMapping.DEFAULT.documentType())
                        .templateParameter("scenarioField", JsonMapping.DEFAULT.scenario())
                        .templateParameter("contentField", JsonMapping.DEFAULT.content())
                        .templateParameter("textField", JsonMapping.DEFAULT.text()),
                "httpjson", JsonProtocol.INSTANCE, JsonTranslateStep.class,
                rtc -> new JsonTranslateStep(TemplateParameters.text(rtc, "system"), mapping(rtc)));
    }

    private static JsonMapping mapping(RouteTemplateContext rtc) {
        return new JsonMapping(TemplateParameters.text(rtc, "requestIdField"),
                TemplateParameters.text(rtc, "signerField"), TemplateParameters.text(rtc, "documentIdField"),
                TemplateParameters.text(rtc, "documentTypeField"), TemplateParameters.text(rtc, "scenarioField"),
                TemplateParameters.text(rtc, "contentField"), TemplateParameters.text(rtc, "textField"));
    }
}
