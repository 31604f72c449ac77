package org.medsign.adapters.hl7v2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.Rejection;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRefusedException;
import org.medsign.adapters.model.SigningRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step of an inbound MLLP route: translate the message (within the route's {@link Hl7Limits}), hand it to the
 * {@link SigningGateway}, and set the ACK the MLLP consumer sends back on the same connection: AA only after the
 * gateway accepted it durably, AE/AR with an ERR segment for anything refused. Who may connect is decided before, at
 * accept time ({@code mllp-guarded} listeners). Never logs message content; ACK texts quote no field value.
 */
public final class Hl7InboundProcessor implements Processor, CamelContextAware {

    /** Exchange property camel-mllp sends as the acknowledgment. */
    static final String MLLP_ACKNOWLEDGEMENT = "CamelMllpAcknowledgement";
    /** Header with the outcome, for metrics and tests: ACCEPTED, REJECTED. */
    public static final String OUTCOME_HEADER = "MedsignHl7Outcome";

    private static final Logger log = LoggerFactory.getLogger(Hl7InboundProcessor.class);

    private final String system;
    private final Hl7InboundTranslator translator;
    private final Charset ackCharset;
    private CamelContext camelContext;
    private SigningGateway gateway;

    private final String replyEndpoint;

    /** A processor for {@code system} with the named default mapping ({@code his} or {@code result}). */
    public Hl7InboundProcessor(String system, String mapping, String charset) {
        this(system, mapping, charset, "");
    }

    /**
     * A processor whose signed results go to {@code replyEndpoint} (e.g. {@code direct:his.outbound.result}); empty
     * for no result message.
     */
    public Hl7InboundProcessor(String system, String mapping, String charset, String replyEndpoint) {
        this(system, mapping, charset, replyEndpoint, Hl7Limits.DEFAULTS);
    }

    /** A processor that refuses messages over {@code limits} (AR) before parsing them. */
    public Hl7InboundProcessor(String system, String mapping, String charset, String replyEndpoint,
                               Hl7Limits limits) {
        this.system = system;
        this.replyEndpoint = replyEndpoint == null ? "" : replyEndpoint.trim();
        Hl7Mapping base = mapping.equalsIgnoreCase("his") ? Hl7Mapping.hisDefault() : Hl7Mapping.resultDefault();
        Charset fallback = charset == null || charset.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(charset);
        this.translator = new Hl7InboundTranslator(base.withCharset(fallback), limits);
        this.ackCharset = fallback;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        String decoded = bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
        String ack;
        Charset charset = ackCharset;
        try {
            charset = Msh18Charset.of(bytes == null ? new byte[0] : bytes, ackCharset);
            Hl7SigningMessage message = translator.translate(bytes);
            decoded = message.decoded();
            SigningRequest request = new SigningRequest(system, message.controlId(), Operation.CMS, message.signer(),
                    message.scenario(), message.documentId(), message.documentType(), message.content(),
                    SigningOptions.DEFAULT);
            RequestStatus status = replyEndpoint.isEmpty() ? gateway(exchange.getContext()).accept(request)
                    : gateway(exchange.getContext()).accept(request,
                    new ReplyContext(replyEndpoint, message.signer(), message.decoded()));
            exchange.getMessage().setHeader("MedsignRequestStatus", status.name());
            exchange.getMessage().setHeader(OUTCOME_HEADER, "ACCEPTED");
            ack = Hl7Acks.accept(decoded);
        } catch (Hl7RejectException e) {
            exchange.getMessage().setHeader(OUTCOME_HEADER, "REJECTED");
            log.info("HL7 message from {} rejected: {} {}", system, e.ackCode(), e.code());
            String text = decodedOrRaw(bytes, charset, decoded);
            ack = Hl7Acks.reject(text, e);
            report(exchange, bytes, text, e.code(), e.getMessage());
        } catch (SigningRefusedException e) {
            exchange.getMessage().setHeader(OUTCOME_HEADER, "REJECTED");
            // MSA-1, ERR-3 and ERR-4 by the code's category (Hl7Outcomes); the hub's own message is not passed on
            log.info("HL7 message from {} refused by the hub: {}", system, e.code());
            Hl7RejectException refusal = Hl7RejectException.refusedByHub(e.code());
            ack = Hl7Acks.reject(decoded, refusal);
            report(exchange, bytes, decoded, e.code(), refusal.getMessage());
        } catch (RuntimeException e) {
            exchange.getMessage().setHeader(OUTCOME_HEADER, "REJECTED");
            // exception messages may quote what was received: class names only
            log.warn("HL7 message from {} could not be accepted: {}", system, causes(e));
            ack = Hl7Acks.reject(decoded, Hl7RejectException.refusedByHub(ErrorCode.HUB_UNAVAILABLE));
            report(exchange, bytes, decoded, ErrorCode.HUB_UNAVAILABLE, e.getClass().getSimpleName());
        }
        exchange.setProperty(MLLP_ACKNOWLEDGEMENT, ack.getBytes(charset));
    }

    /** The class names of an exception and its causes, e.g. {@code CannotCreateTransactionException <- SQLException}. */
    static String causes(Throwable e) {
        StringBuilder out = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            out.append(out.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName());
        }
        return out.toString();
    }
    /** Leaves a record of the refusal for operators; a failure to record never changes the ACK. */
    private void report(Exchange exchange, byte[] bytes, String text, ErrorCode code, String detail) {
        try {
            gateway(exchange.getContext()).rejected(new Rejection(system, "hl7v2", Hl7Acks.controlId(text), code,
                    detail, bytes));
        } catch (RuntimeException e) {
            log.warn("Could not record the rejection of a message from {}: {}", system, e.getClass().getSimpleName());
        }
    }

    private static String decodedOrRaw(byte[] bytes, Charset charset, String fallback) {
        if (bytes == null) {
            return fallback;
        }
        try {
            return Msh18Charset.decode(bytes, charset);
        } catch (Hl7RejectException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private SigningGateway gateway(CamelContext context) {
        if (gateway == null) {
            gateway = SigningGateway.from(context);
        }
        return gateway;
    }
}
