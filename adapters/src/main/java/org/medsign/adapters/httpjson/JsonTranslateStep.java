package org.medsign.adapters.httpjson;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.medsign.adapters.http.HttpRefusal;
import org.medsign.adapters.model.SigningRequest;

/**
 * The translate step of an HTTP JSON route ({@code <system>.inbound.translate}): the system's own JSON, read through
 * the route's {@link JsonMapping}, becomes the canonical {@link SigningRequest}; a message it cannot read is an
 * {@link HttpRefusal} with the mapping's code.
 */
public final class JsonTranslateStep implements Processor {

    private final String system;
    private final JsonMapping mapping;

    public JsonTranslateStep(String system, JsonMapping mapping) {
        this.system = system;
        this.mapping = mapping;
    }

    @Override
    public void process(Exchange exchange) {
        SigningRequest request;
        try {
            request = mapping.read(system, exchange.getMessage().getBody(byte[].class));
        } catch (JsonMapping.InvalidMessageException e) {
            throw new HttpRefusal(e.code(), e.getMessage());
        }
        exchange.getMessage().setBody(request);
    }
}
