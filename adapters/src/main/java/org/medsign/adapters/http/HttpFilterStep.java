package org.medsign.adapters.http;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.SigningGateway;

/**
 * The filter step of a synchronous HTTP route ({@code <system>.inbound.filter}): the operation (method and path, by
 * the protocol), the caller's API key ({@link HttpCaller}: it must be this route's system), and the size limit, in
 * that order. Keeps the body as received in {@link #RECEIVED} for the rejection record.
 */
public final class HttpFilterStep implements Processor {

    /** Exchange property with the request body as received. */
    public static final String RECEIVED = "MedsignHttpReceived";

    private final String system;
    private final SyncHttpProtocol protocol;
    private final int maxBytes;

    public HttpFilterStep(String system, SyncHttpProtocol protocol, int maxBytes) {
        this.system = system;
        this.protocol = protocol;
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        exchange.setProperty(RECEIVED, body);
        protocol.checkOperation(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class),
                exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class));
        HttpCaller.require(exchange, SigningGateway.from(exchange.getContext()), system);
        if (body != null && body.length > maxBytes) {
            throw new HttpRefusal(ErrorCode.CONTENT_TOO_LARGE, "the request of " + body.length
                    + " bytes exceeds the limit of " + maxBytes);
        }
    }
}
