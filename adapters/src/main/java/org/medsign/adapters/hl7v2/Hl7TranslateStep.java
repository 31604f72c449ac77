package org.medsign.adapters.hl7v2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.medsign.adapters.model.PdfOptions;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.route.InboundSteps;

/**
 * The translate step of an inbound MLLP route ({@code <system>.inbound.translate}): reads the received bytes (within
 * the route's {@link Hl7Limits}) into the canonical {@link SigningRequest}, which becomes the body, with the
 * {@link ReplyContext} of the result message when the route has a {@code replyEndpoint}. Keeps what the ACK needs
 * (the bytes as received, the charset to answer in, the decoded message) in exchange properties. Throws
 * {@link Hl7RejectException} for what it cannot accept; never logs message content.
 */
public final class Hl7TranslateStep implements Processor {

    /** Exchange property with the bytes as received. */
    static final String RECEIVED = "MedsignHl7Received";
    /** Exchange property with the charset the ACK is written in (MSH-18, else the route's). */
    static final String ACK_CHARSET = "MedsignHl7AckCharset";
    /** Exchange property with the decoded message, once translated. */
    static final String DECODED = "MedsignHl7Decoded";
    /** The content kind of an OBX of type ED with data subtype PDF (OBX-5.3). */
    static final String PDF_KIND = "PDF";

    private final String system;
    private final Hl7InboundTranslator translator;
    private final Charset fallback;
    private final String replyEndpoint;
    private final PdfOptions pdf;

    /**
     * A step for {@code system} with the named default mapping ({@code his} or {@code result}), the charset of
     * messages without MSH-18, and where signed results go ({@code direct:his.outbound.result}; empty for none).
     */
    public Hl7TranslateStep(String system, String mapping, String charset, String replyEndpoint, Hl7Limits limits) {
        this(system, mapping, charset, replyEndpoint, limits, "", "", "");
    }

    /**
     * As {@link #Hl7TranslateStep(String, String, String, String, Hl7Limits)}; with {@code pdfSignature}
     * {@code visible} ({@link PdfOptions#visible}) a PDF carried in an OBX of type ED (subtype PDF) gets a visible
     * signature with the seal and placement of route parameters {@code pdfSeal} and {@code pdfPlacement}
     * ({@link PdfOptions#fromRoute}), else a CMS over its bytes.
     */
    public Hl7TranslateStep(String system, String mapping, String charset, String replyEndpoint, Hl7Limits limits,
                            String pdfSignature, String pdfSeal, String pdfPlacement) {
        this.pdf = PdfOptions.visible(pdfSignature) ? PdfOptions.fromRoute(pdfSeal, pdfPlacement) : null;
        this.system = system;
        this.replyEndpoint = replyEndpoint == null ? "" : replyEndpoint.trim();
        Hl7Mapping base = mapping.equalsIgnoreCase("his") ? Hl7Mapping.hisDefault() : Hl7Mapping.resultDefault();
        this.fallback = charset == null || charset.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(charset);
        this.translator = new Hl7InboundTranslator(base.withCharset(fallback), limits);
    }

    @Override
    public void process(Exchange exchange) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        exchange.setProperty(RECEIVED, bytes);
        // the route's charset until MSH-18 is read: a message whose MSH-18 is refused is answered in it
        exchange.setProperty(ACK_CHARSET, fallback);
        exchange.setProperty(ACK_CHARSET, Msh18Charset.of(bytes == null ? new byte[0] : bytes, fallback));
        Hl7SigningMessage message = translator.translate(bytes);
        exchange.setProperty(DECODED, message.decoded());
        if (!replyEndpoint.isEmpty()) {
            exchange.setProperty(InboundSteps.REPLY,
                    new ReplyContext(replyEndpoint, message.signer(), message.decoded()));
        }
        boolean isPdf = pdf != null && PDF_KIND.equals(message.contentKind());
        if (isPdf) {
            checkPdf(message.content());
        }
        exchange.getMessage().setBody(new SigningRequest(system, message.controlId(),
                isPdf ? Operation.PDF : Operation.CMS, message.signer(), message.scenario(), message.documentId(),
                message.documentType(), message.content(), isPdf ? SigningOptions.pdf(pdf, true)
                : SigningOptions.DEFAULT));
    }

    /**
     * Refuses (AE, before the request is accepted) a PDF that cannot take the route's placement: not a PDF,
     * encrypted, locked, the page or the keyword missing.
     */
    private void checkPdf(byte[] document) {
        PdfOptions.Problem problem = pdf.problem(document);
        if (problem != null) {
            throw new Hl7RejectException(AckCode.AE, Hl7ErrorCode.DATA_TYPE_ERROR, "OBX",
                    "the PDF cannot be signed: " + problem.reason(), problem.code());
        }
    }
}
