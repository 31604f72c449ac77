package org.medsign.adapters.http;

import org.apache.camel.Processor;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.model.RouteTemplateDefinition;
import org.medsign.adapters.model.TemplateParameters;
import org.medsign.adapters.route.AcceptAndWaitStep;
import org.medsign.adapters.route.AdapterErrors;
import org.medsign.adapters.route.InboundSteps;

/**
 * The one synchronous-HTTP route shared by the FHIR and HTTP JSON templates, served on the hub's own HTTP port
 * (platform-http): {@code errors} ({@link HttpErrorAnswer}), {@code filter} ({@link HttpFilterStep}), {@code translate}
 * (the protocol's own step: body to {@code SigningRequest}), {@code handoff} ({@link AcceptAndWaitStep}: accept and
 * wait up to the hub's synchronous timeout), {@code answer} ({@link HttpAnswerStep}); errors through the shared
 * {@link AdapterErrors} configuration. Its steps are template-local beans, as each takes the route's system.
 */
public final class SyncHttpRoute {

    private SyncHttpRoute() {
    }

    /**
     * Completes {@code template} (which declares {@code system}, {@code path}, {@code maxBytes} and its own
     * parameters) into the route {@code <system>.inbound.<suffix>} speaking {@code protocol}.
     */
    public static void complete(RouteTemplateDefinition template, String suffix, SyncHttpProtocol protocol,
                                Class<? extends Processor> translateType,
                                RouteTemplateContext.BeanSupplier<Object> translate) {
        template.templateBean("httpErrors", HttpErrorAnswer.class,
                        rtc -> new HttpErrorAnswer(TemplateParameters.text(rtc, "system"), protocol))
                .templateBean("httpFilter", HttpFilterStep.class,
                        rtc -> new HttpFilterStep(TemplateParameters.text(rtc, "system"), protocol,
                                TemplateParameters.integer(rtc, "maxBytes")))
                .templateBean("translate", translateType, translate)
                .templateBean("acceptAndWait", AcceptAndWaitStep.class, rtc -> new AcceptAndWaitStep())
                .templateBean("httpAnswer", HttpAnswerStep.class, rtc -> new HttpAnswerStep(protocol))
                .from("platform-http:{{path}}?matchOnUriPrefix=true")
                .routeId("{{system}}.inbound." + suffix)
                .routeConfigurationId(AdapterErrors.ID)
                .process("{{httpErrors}}").id(InboundSteps.id(InboundSteps.ERRORS))
                .process("{{httpFilter}}").id(InboundSteps.id(InboundSteps.FILTER))
                .process("{{translate}}").id(InboundSteps.id(InboundSteps.TRANSLATE))
                .process("{{acceptAndWait}}").id(InboundSteps.id(InboundSteps.HAND_OFF))
                .process("{{httpAnswer}}").id(InboundSteps.id(InboundSteps.ANSWER));
    }
}
