package org.medsign.adapters.fhir;

import org.apache.camel.builder.RouteBuilder;
import org.medsign.adapters.http.SyncHttpRoute;
import org.medsign.adapters.model.TemplateParameters;

/**
 * Route template for FHIR R4 systems, served on the hub's own HTTP port (platform-http).
 *
 * <p>{@code fhir-r4-inbound}: {@code system}, {@code path} (default {@code /fhir}), {@code maxBytes} (default
 * 14000000, about 10 MiB of document in base64). Offers {@code POST <path>/DocumentReference/$sign} and
 * {@code POST <path>/Bundle/$sign}; with {@code pdfSignature: visible} a DocumentReference whose attachment is
 * {@code application/pdf} is signed as a visible PDF signature with the seal {@code pdfSeal} at {@code pdfPlacement} (as the HL7 template; default the
 * signer's personal signature image at page 1, x 140 mm, y 20 mm); callers authenticate with the system's API key ({@code X-Medsign-Api-Key}).
 * Waits for the signature (the hub's synchronous timeout) and answers 200 with a Provenance; 202 with an
 * informational OperationOutcome while the request waits for its signer's confirmation or the signature is still
 * being made (send the same request again: it is idempotent; that answer is also the final answer of a request
 * that failed after acceptance); errors as OperationOutcome with the HTTP status and issue code of their category
 * ({@code HttpOutcomes}, {@link FhirOutcomes}), {@code Retry-After} when transient. Route id
 * {@code <system>.inbound.fhir}, steps as in {@link SyncHttpRoute} with {@link FhirTranslateStep} and
 * {@link FhirProtocol}.
 */
public final class FhirRouteTemplates extends RouteBuilder {

    /** Template id. */
    public static final String INBOUND = "fhir-r4-inbound";

    @Override
    public void configure() {
        SyncHttpRoute.complete(routeTemplate(INBOUND)
                        .templateParameter("system")
                        .templateParameter("path", "/fhir")
                        .templateParameter("maxBytes", "14000000")
                        .templateParameter("pdfSignature", "cms")
                        .templateParameter("pdfSeal", "")
                        .templateParameter("pdfPlacement", ""),
                "fhir", FhirProtocol.INSTANCE, FhirTranslateStep.class,
                rtc -> new FhirTranslateStep(TemplateParameters.text(rtc, "system"),
                        TemplateParameters.text(rtc, "pdfSignature"), TemplateParameters.text(rtc, "pdfSeal"), TemplateParameters.text(rtc, "pdfPlacement")));
    }
}
