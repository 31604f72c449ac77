package org.medsign.adapters.fhir;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Signature;
import org.medsign.adapters.http.HttpOutcomes;
import org.medsign.adapters.http.HttpRefusal;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.crypto.sm.Sm3;

/**
 * FHIR R4 in and out, without the hub: reads a DocumentReference or a document Bundle into what is to be signed
 * (signer account, idempotency key, document bytes, target reference), and writes the Provenance with its Signature
 * and the OperationOutcomes for errors. HAPI FHIR parses; nothing here logs content.
 */
public final class FhirSigningTranslator {

    /** ASTM E1762 signature type system and the author's signature code (FHIR R4 signature-type value set). */
    static final String SIGNATURE_TYPE_SYSTEM = "urn:iso-astm:E1762-95:2013";
    static final String AUTHORS_SIGNATURE = "1.2.840.10065.1.12.1.1";
    /** The MIME type of a CMS SignedData in Signature.sigFormat. */
    public static final String SIG_FORMAT = "application/pkcs7-signature";
    /** FHIR JSON media type. */
    public static final String FHIR_JSON = "application/fhir+json";

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    /**
     * What a FHIR request asks to sign.
     *
     * @param requestId    idempotency key (the document's identifier, else its id, else the SM3 of its bytes)
     * @param signer       the author's account code (Practitioner identifier value)
     * @param author       the author reference to repeat in the Provenance
     * @param target       the reference of the signed resource
     * @param content      the bytes signed
     * @param contentType  their MIME type
     * @param documentId   document id for the hub's records
     * @param documentType document type code, or null
     */
    public record Document(String requestId, String signer, Reference author, Reference target, byte[] content,
                           String contentType, String documentId, String documentType) {
    }

    /** A request the hub answers with an OperationOutcome; status and issue type follow from the code. */
    public static final class FhirError extends HttpRefusal {

        public FhirError(ErrorCode code, String text) {
            super(code, text);
        }

        /** The HTTP status ({@link HttpOutcomes}). */
        public int status() {
            return HttpOutcomes.status(code());
        }

        /** The issue type ({@link FhirOutcomes}). */
        public OperationOutcome.IssueType type() {
            return FhirOutcomes.issueType(code());
        }
    }

    private FhirSigningTranslator() {
    }

    /** Reads a DocumentReference ($sign on DocumentReference). */
    public static Document documentReference(byte[] body) {
        DocumentReference document = parse(body, DocumentReference.class);
        if (document.getContent().isEmpty() || !document.getContentFirstRep().getAttachment().hasData()) {
            throw invalid(ErrorCode.DOCUMENT_MISSING,
                    "DocumentReference.content[0].attachment.data must carry the document");
        }
        Attachment attachment = document.getContentFirstRep().getAttachment();
        if (!document.hasAuthor()) {
            throw invalid(ErrorCode.SIGNER_MISSING, "DocumentReference.author must name the signing Practitioner");
        }
        Reference author = document.getAuthorFirstRep();
        String signer = account(author, document.getContained());
        String key = identifierValue(document.hasMasterIdentifier() ? document.getMasterIdentifier()
                : document.hasIdentifier() ? document.getIdentifierFirstRep() : null);
        String id = document.getIdElement().getIdPart();
        byte[] content = attachment.getData();
        String requestId = requestId(key, id, content);
        Reference target = new Reference();
        if (id != null) {
            target.setReference("DocumentReference/" + id);
        }
        if (key != null) {
            target.setIdentifier(document.hasMasterIdentifier() ? document.getMasterIdentifier().copy()
                    : document.getIdentifierFirstRep().copy());
        }
        if (!target.hasReference() && !target.hasIdentifier()) {
            target.setDisplay("DocumentReference " + requestId);
        }
        String type = document.hasType() && document.getType().hasCoding()
                ? document.getType().getCodingFirstRep().getCode() : null;
        return new Document(requestId, signer, author.copy(), target, content,
                attachment.hasContentType() ? attachment.getContentType() : "application/octet-stream",
                key != null ? key : id, type);
    }

    /** Reads a document Bundle ($sign on Bundle): signs the Bundle as received, for the Composition's author. */
    public static Document bundle(byte[] body) {
        Bundle bundle = parse(body, Bundle.class);
        if (bundle.getType() != Bundle.BundleType.DOCUMENT) {
            throw invalid(ErrorCode.BUNDLE_NOT_DOCUMENT, "Bundle.type must be 'document'");
        }
        if (bundle.getEntry().isEmpty() || !(bundle.getEntryFirstRep().getResource() instanceof Composition composition)) {
            throw invalid(ErrorCode.COMPOSITION_MISSING,
                    "the first entry of a document Bundle must be its Composition");
        }
        if (!composition.hasAuthor()) {
            throw invalid(ErrorCode.SIGNER_MISSING, "Composition.author must name the signing Practitioner");
        }
        Reference author = composition.getAuthorFirstRep();
        List<Resource> entries = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r != null).toList();
        String signer = account(author, entries);
        String key = identifierValue(bundle.hasIdentifier() ? bundle.getIdentifier() : null);
        String id = bundle.getIdElement().getIdPart();
        String requestId = requestId(key, id, body);
        Reference target = new Reference();
        if (id != null) {
            target.setReference("Bundle/" + id);
        }
        if (key != null) {
            target.setIdentifier(bundle.getIdentifier().copy());
        }
        if (!target.hasReference() && !target.hasIdentifier()) {
            target.setDisplay("Bundle " + requestId);
        }
        String type = composition.hasType() && composition.getType().hasCoding()
                ? composition.getType().getCodingFirstRep().getCode() : null;
        return new Document(requestId, signer, author.copy(), target, body, FHIR_JSON, key != null ? key : id, type);
    }

    /**
     * The Provenance answering a signed document; for a PDF ({@code application/pdf} attachment) its
     * {@code signature.data} is the whole signed PDF with {@code sigFormat} {@code application/pdf}.
     */
    public static String provenance(Document document, SignedArtifact artifact) {
        Date signedAt = Date.from(artifact.signedAt());
        Provenance provenance = new Provenance();
        provenance.setId(artifact.signatureId());
        provenance.addTarget(document.target());
        provenance.setRecorded(signedAt);
        provenance.addAgent().setType(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author")))
                .setWho(document.author());
        Signature signature = provenance.addSignature();
        signature.addType(new Coding(SIGNATURE_TYPE_SYSTEM, AUTHORS_SIGNATURE, "Author's Signature"));
        signature.setWhen(signedAt);
        signature.setWho(document.author());
        signature.setTargetFormat(document.contentType());
        // a PDF signature lives in the PDF (incremental update): the signed PDF is the signature's data
        signature.setSigFormat(artifact.operation() == org.medsign.adapters.model.Operation.PDF
                ? FhirTranslateStep.PDF : SIG_FORMAT);
        signature.setData(artifact.signature());
        provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference().setDisplay("SM3 " + artifact.contentSm3()));
        return FHIR.newJsonParser().encodeResourceToString(provenance);
    }

    /** An OperationOutcome with one issue. */
    public static String outcome(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType type,
                                 String code, String text) {
        return FHIR.newJsonParser().encodeResourceToString(issue(severity, type, code, text));
    }

    /**
     * The OperationOutcome of a hub code: severity and issue code by {@link FhirOutcomes}, the code and its category
     * as codings of {@code details}.
     */
    public static String outcome(ErrorCode code, String text) {
        OperationOutcome outcome = issue(FhirOutcomes.severity(code.category()), FhirOutcomes.issueType(code),
                code.name(), text);
        outcome.getIssueFirstRep().getDetails().addCoding(new Coding(FhirOutcomes.CATEGORY_SYSTEM,
                code.category().name(), null));
        return FHIR.newJsonParser().encodeResourceToString(outcome);
    }

    private static OperationOutcome issue(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType type,
                                          String code, String text) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(severity).setCode(type)
                .setDetails(new CodeableConcept(new Coding(FhirOutcomes.CODE_SYSTEM, code, null)).setText(text))
                .setDiagnostics(code + ": " + text);
        return outcome;
    }

    private static <T extends IBaseResource> T parse(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw invalid(ErrorCode.BODY_MISSING,
                    "the request has no body; send a " + type.getSimpleName() + " as FHIR JSON");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        IParser parser = text.stripLeading().startsWith("<") ? FHIR.newXmlParser() : FHIR.newJsonParser();
        IBaseResource resource;
        try {
            resource = parser.parseResource(text);
        } catch (DataFormatException | ClassCastException e) {
            throw invalid(ErrorCode.FHIR_PARSE, "the body is not a valid FHIR R4 resource: " + shorten(e.getMessage()));
        }
        if (!type.isInstance(resource)) {
            throw invalid(ErrorCode.WRONG_RESOURCE, "expected a " + type.getSimpleName() + ", got a "
                    + resource.fhirType());
        }
        return type.cast(resource);
    }

    /** The account code of an author: the Practitioner's identifier value (contained, in the bundle, or on the reference). */
    private static String account(Reference author, List<Resource> resources) {
        if (author.hasIdentifier() && author.getIdentifier().hasValue()) {
            return author.getIdentifier().getValue().trim();
        }
        Practitioner practitioner = author.getResource() instanceof Practitioner p ? p : null;
        String reference = author.getReference();
        // "#author" (contained), "urn:uuid:…" (a bundle entry's fullUrl) or "…Practitioner/xyz": match the id
        String localId = reference == null ? null : reference.startsWith("#") ? reference.substring(1)
                : reference.substring(reference.lastIndexOf('/') + 1);
        if (practitioner == null && reference != null) {
            practitioner = resources.stream().filter(Practitioner.class::isInstance).map(Practitioner.class::cast)
                    .filter(candidate -> reference.equals(candidate.getIdElement().getValue())
                            || localId.equals(candidate.getIdElement().getIdPart()))
                    .findFirst().orElse(null);
        }
        if (practitioner != null && practitioner.hasIdentifier() && practitioner.getIdentifierFirstRep().hasValue()) {
            return practitioner.getIdentifierFirstRep().getValue().trim();
        }
        if (reference != null && reference.startsWith("Practitioner/") && reference.length() > 13) {
            return reference.substring(13);
        }
        throw invalid(ErrorCode.SIGNER_MISSING,
                "the author must be a Practitioner with an identifier (the staff account)");
    }

    private static String identifierValue(Identifier identifier) {
        return identifier != null && identifier.hasValue() && !identifier.getValue().isBlank()
                ? identifier.getValue().trim() : null;
    }

    private static String requestId(String key, String id, byte[] content) {
        String candidate = key != null ? key : id != null ? "id:" + id : null;
        if (candidate == null) {
            return "sm3:" + HexFormat.of().formatHex(Sm3.digest(content)).substring(0, 40);
        }
        return candidate.length() <= 128 ? candidate
                : "sm3:" + HexFormat.of().formatHex(Sm3.digest(candidate.getBytes(StandardCharsets.UTF_8)));
    }

    private static FhirError invalid(ErrorCode code, String text) {
        return new FhirError(code, text);
    }

    private static String shorten(String text) {
        String value = text == null ? "" : text.replaceAll("\\s+", " ");
        return value.length() <= 300 ? value : value.substring(0, 300);
    }
}
