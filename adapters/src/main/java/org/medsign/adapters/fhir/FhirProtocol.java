package org.medsign.adapters.fhir;

import org.medsign.adapters.fhir.FhirSigningTranslator.Document;
import org.medsign.adapters.fhir.FhirSigningTranslator.FhirError;
import org.medsign.adapters.http.SyncHttpProtocol;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.adapters.model.SigningRequest;

/**
 * The FHIR R4 words of the synchronous HTTP route: {@code POST <path>/DocumentReference/$sign} and
 * {@code POST <path>/Bundle/$sign}; 200 with a Provenance; 202 and every error as an OperationOutcome with the issue
 * code of its category ({@link FhirOutcomes}).
 */
public final class FhirProtocol implements SyncHttpProtocol {

    /** The one instance; it holds nothing per route. */
    public static final FhirProtocol INSTANCE = new FhirProtocol();

    private FhirProtocol() {
    }

    /** The operation path with {@code %24} read as {@code $}; "" when absent. */
    static String operation(String path) {
        return path == null ? "" : path.replace("%24", "$");
    }

    /** Whether the path asks for {@code DocumentReference/$sign} (else {@code Bundle/$sign}). */
    static boolean isDocumentReference(String path) {
        return operation(path).endsWith("/DocumentReference/$sign");
    }

    @Override
    public String channel() {
        return "fhir";
    }

    @Override
    public String contentType() {
        return FhirSigningTranslator.FHIR_JSON;
    }

    @Override
    public String resultName() {
        return "Provenance";
    }

    @Override
    public void checkOperation(String method, String path) {
        if (!"POST".equalsIgnoreCase(method)) {
            throw new FhirError(ErrorCode.METHOD_NOT_ALLOWED, "use POST on DocumentReference/$sign or Bundle/$sign");
        }
        if (!isDocumentReference(path) && !operation(path).endsWith("/Bundle/$sign")) {
            throw new FhirError(ErrorCode.UNKNOWN_OPERATION,
                    "this FHIR endpoint offers POST DocumentReference/$sign and Bundle/$sign");
        }
    }

    @Override
    public String signed(SigningRequest request, SignedArtifact artifact, Object translated) {
        return FhirSigningTranslator.provenance((Document) translated, artifact);
    }

    @Override
    public String waiting(SigningRequest request, ErrorCode status, String message) {
        return FhirSigningTranslator.outcome(status, message);
    }

    @Override
    public String error(String reference, boolean afterAcceptance, ErrorCode code, String text) {
        return FhirSigningTranslator.outcome(code, text);
    }
}
