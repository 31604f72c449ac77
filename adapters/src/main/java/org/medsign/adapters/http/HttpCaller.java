package org.medsign.adapters.http;

import java.util.Optional;

import org.apache.camel.Exchange;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRefusedException;

/**
 * Who is calling an HTTP adapter (FHIR, HTTP JSON): the system of the {@value #API_KEY_HEADER} header, checked by
 * the hub (with the same lockout and audit as the REST API), and it must be the system the route belongs to.
 */
public final class HttpCaller {

    /** The header hospital systems send their API key in. */
    public static final String API_KEY_HEADER = "X-Medsign-Api-Key";

    /** Why a caller was turned away: the code (its HTTP status is {@link HttpOutcomes#status}) and a text. */
    public static final class Refused extends HttpRefusal {

        Refused(ErrorCode code, String text) {
            super(code, text);
        }
    }

    private HttpCaller() {
    }

    /** Authenticates the caller of {@code exchange} as {@code system}, or throws {@link Refused}. */
    public static void require(Exchange exchange, SigningGateway gateway, String system) {
        String key = exchange.getMessage().getHeader(API_KEY_HEADER, String.class);
        Optional<String> caller;
        try {
            caller = gateway.authenticate(key, clientAddress(exchange));
        } catch (SigningRefusedException locked) {
            throw new Refused(locked.code(), locked.getMessage());
        }
        if (caller.isEmpty()) {
            throw new Refused(key == null || key.isBlank() ? ErrorCode.AUTHENTICATION_REQUIRED
                    : ErrorCode.AUTHENTICATION_FAILED,
                    key == null || key.isBlank() ? "send the system's API key in the " + API_KEY_HEADER + " header"
                            : "the API key is not valid");
        }
        if (!caller.get().equals(system)) {
            throw new Refused(ErrorCode.WRONG_SYSTEM, "this endpoint belongs to the system '" + system
                    + "'; the API key is another system's");
        }
    }

    /**
     * The client's IP address as the servlet container saw it, or null. Platform HTTP messages expose the servlet
     * request through {@code getRequest()} (Spring Boot engine); other engines give null here.
     */
    public static String clientAddress(Exchange exchange) {
        Object message = exchange.getMessage();
        try {
            Object request = message.getClass().getMethod("getRequest").invoke(message);
            if (request instanceof jakarta.servlet.ServletRequest servlet) {
                return servlet.getRemoteAddr();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
