package org.medsign.adapters.route;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The one error handling of the adapters' inbound routes (route configuration {@value #ID}, which every inbound
 * template opts into): a step that throws is answered by the edge's {@link ErrorAnswer}, armed by the route's first
 * step, so that the system gets its error answer in its own protocol. A failure the edge does not answer (a file the
 * hub cannot take now) goes back to the consumer unhandled.
 */
public final class AdapterErrors extends RouteConfigurationBuilder {

    /** Route configuration id the inbound templates name. */
    public static final String ID = "adapter-errors";

    @Override
    public void configuration() {
        EdgeAnswerStep step = new EdgeAnswerStep();
        routeConfiguration(ID)
                .onException(Exception.class)
                .handled(step)
                .process(step)
                .id("adapter-errors.answer");
    }

    /** Hands the failure to the armed answer; handled when that answer takes it. */
    static final class EdgeAnswerStep implements Processor, Predicate {

        @Override
        public void process(Exchange exchange) {
            ErrorAnswer answer = ErrorAnswer.armed(exchange);
            Throwable failure = failure(exchange);
            if (answer != null && answer.answers(failure)) {
                answer.answer(exchange, failure);
            }
        }

        @Override
        public boolean matches(Exchange exchange) {
            ErrorAnswer answer = ErrorAnswer.armed(exchange);
            return answer != null && answer.answers(failure(exchange));
        }

        private static Throwable failure(Exchange exchange) {
            Throwable failure = exchange.getException();
            return failure != null ? failure : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        }
    }
}
