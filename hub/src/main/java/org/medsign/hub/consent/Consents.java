package org.medsign.hub.consent;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.ledger.SystemAccountRepository;
import org.medsign.hub.signing.ResolvedSigner;
import org.medsign.hub.signing.SignerResolver;
import org.medsign.hub.signing.SigningProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Patient consents from a system's side and the tablet's list: creation with its checks (the document, the patient,
 * the responsible clinician resolved like any signer), one system's own consent, and what waits on a nurse's tablet.
 * The identity number is reduced to its SM3 here and never stored, logged or returned.
 */
@Component
public class Consents {

    /** Media type of a text document. */
    public static final String TEXT = "text/plain; charset=utf-8";
    /** Media type of a PDF document. */
    public static final String PDF = "application/pdf";
    /** The document scenario of the clinician's co-signature (for policies and windows). */
    public static final String SCENARIO = "知情同意书";
    /** Most consents listed on a tablet at once. */
    static final int MAX_LISTED = 200;

    private static final Pattern REQUEST_ID = Pattern.compile("[\\p{Alnum}._:\\-/]{1,100}");
    private static final Pattern ID_CARD = Pattern.compile("\\d{17}[\\dX]");
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    /** What a system sends; {@link #toString()} never shows the document or the patient. */
    public record NewConsent(String requestId, String title, byte[] content, String patientName,
                             String patientIdNumber, String clinician) {
        @Override
        public String toString() {
            return "NewConsent[" + requestId + "]";
        }
    }

    private final ConsentRepository repository;
    private final SignerResolver signers;
    private final SystemAccountRepository accounts;
    private final SigningProperties signing;
    private final AuditLog audit;

    public Consents(ConsentRepository repository, SignerResolver signers, SystemAccountRepository accounts,
                    SigningProperties signing, AuditLog audit) {
        this.repository = repository;
        this.signers = signers;
        this.accounts = accounts;
        this.signing = signing;
        this.audit = audit;
    }

    /**
     * Creates a consent waiting for the patient. CONSENT_INVALID for a missing or malformed field (request id, title,
     * document, patient name, resident ID card number with its check digit), CONTENT_TOO_LARGE, CONSENT_EXISTS for a
     * request id used already; the clinician must resolve to a signer of the system with a usable certificate (else
     * the signer's refusal, e.g. SIGNER_UNKNOWN) and be a person.
     */
    @Transactional
    public Consent create(String systemId, NewConsent request) {
        String requestId = required(request.requestId(), "requestId");
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw invalid("requestId must be 1 to 100 characters of letters, digits and . _ : - /");
        }
        String title = text(request.title(), "title", 200);
        String patientName = text(request.patientName(), "patientName", 64);
        String idNumber = required(request.patientIdNumber(), "patientIdNumber").toUpperCase(java.util.Locale.ROOT);
        if (!validIdCard(idNumber)) {
            throw invalid("patientIdNumber is not a valid resident ID card number (18 characters with its check "
                    + "digit)");
        }
        byte[] content = request.content();
        if (content == null || content.length == 0) {
            throw invalid("content is required (base64 of the text or PDF the patient reads)");
        }
        if (content.length > signing.maxContentBytes()) {
            throw new HubException(ErrorCode.CONTENT_TOO_LARGE, "content of " + content.length
                    + " bytes exceeds the limit of " + signing.maxContentBytes());
        }
        String mediaType = mediaType(content);
        String clinician = required(request.clinician(), "clinician");
        ResolvedSigner signer = signers.resolve(systemId, clinician, Instant.now());
        if (signer.organisation()) {
            throw invalid("clinician must be a person, not an organisation certificate");
        }
        if (repository.exists(systemId, requestId)) {
            throw new HubException(ErrorCode.CONSENT_EXISTS, "a consent with request id '" + requestId
                    + "' exists already");
        }
        Consent consent = new Consent(UUID.randomUUID().toString(), systemId, requestId, title, mediaType, content,
                sm3(content), patientName, sm3(idNumber.getBytes(StandardCharsets.US_ASCII)), clinician,
                signer.staffId(), Consent.Status.WAITING_PATIENT, Instant.now(), null, null);
        repository.insert(consent);
        audit.append(AuditEvent.success("system:" + systemId, "SYSTEM", "CONSENT_CREATED", "consent/" + consent.id(),
                "request " + systemId + "/" + requestId + " clinician " + signer.staffId() + " sm3 "
                        + consent.contentSm3()));
        return consent;
    }

    /** A system's own consent; CONSENT_UNKNOWN for an unknown id or another system's. */
    public Consent ofSystem(String systemId, String consentId) {
        return repository.find(consentId).filter(c -> c.systemId().equals(systemId))
                .orElseThrow(() -> unknown(consentId));
    }

    /** Consents waiting for the patient in the systems the nurse has an account in, oldest first. */
    public List<Consent> waitingFor(String staffId) {
        return repository.waiting(accounts.systemsOf(staffId), MAX_LISTED);
    }

    /**
     * A consent on a nurse's tablet (of a system the nurse has an account in; else CONSENT_UNKNOWN); the read of the
     * document is audited.
     */
    public Consent open(String staffId, String consentId) {
        Consent consent = visibleTo(staffId, consentId);
        audit.append(AuditEvent.success("staff:" + staffId, "NURSE", "CONSENT_OPENED", "consent/" + consentId,
                "request " + consent.systemId() + "/" + consent.requestId()));
        return consent;
    }

    /**
     * A consent on a nurse's tablet, without a new audit event: for the pages of a document the nurse has opened
     * ({@link #open}, audited). CONSENT_UNKNOWN as there.
     */
    public Consent document(String staffId, String consentId) {
        return visibleTo(staffId, consentId);
    }

    Consent visibleTo(String staffId, String consentId) {
        return repository.find(consentId).filter(c -> accounts.systemsOf(staffId).contains(c.systemId()))
                .orElseThrow(() -> unknown(consentId));
    }

    static HubException unknown(String consentId) {
        return new HubException(ErrorCode.CONSENT_UNKNOWN, "no consent '" + consentId + "'");
    }

    /** GB 11643: 17 digits and a check character (mod 11 of the weighted digits). */
    static boolean validIdCard(String number) {
        if (!ID_CARD.matcher(number).matches()) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (number.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return ID_CHECK.charAt(sum % 11) == number.charAt(17);
    }

    private static String mediaType(byte[] content) {
        if (content.length >= 5 && new String(content, 0, 5, StandardCharsets.US_ASCII).equals("%PDF-")) {
            return PDF;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content));
            return TEXT;
        } catch (CharacterCodingException e) {
            throw invalid("content must be UTF-8 text or a PDF");
        }
    }

    private static String text(String value, String field, int max) {
        String trimmed = required(value, field);
        if (trimmed.length() > max || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field + " must be 1 to " + max + " characters without control characters");
        }
        return trimmed;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required");
        }
        return value.trim();
    }

    private static String sm3(byte[] bytes) {
        return HexFormat.of().formatHex(Sm3.digest(bytes));
    }

    private static HubException invalid(String detail) {
        return new HubException(ErrorCode.CONSENT_INVALID, detail);
    }
}
