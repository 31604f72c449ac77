package org.medsign.hub.api;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.pdf.EncryptedPdfException;
import org.medsign.crypto.pdf.NotAPdfException;
import org.medsign.crypto.sm.SignerId;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.pki.HubTls;
import org.medsign.hub.pki.TrustServices;
import org.medsign.hub.seal.SealRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Verification and certificate services (GM/T 0029 VerifySignedMessage, VerifySignedData, ValidateCert,
 * ExportCert, ParseCert) and timestamps (GM/T 0033 CreateTSRequest/Response, VerifyTSValidity, GetTSInfo) over HTTP:
 * decodes the requests and returns the typed answers of {@link TrustServices} (trust anchor: the hub's root;
 * revocation: the hub CA's current CRL), and the signatures of a PDF.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "verification", description = "Verify signatures, certificates and timestamps")
public class VerificationApiController {

    /** Verify-message request. */
    public record VerifyMessageRequest(@NotBlank String cms, String content) {
    }

    /** Verify-PDF request: the whole PDF file, base64. */
    public record VerifyPdfRequest(@NotBlank String pdf) {
    }

    /** Verify-data request: a raw SM2 signature over data, by a certificate. */
    public record VerifyDataRequest(@NotBlank String certificate, @NotBlank String data, @NotBlank String signature,
                                    String signerId) {
    }

    /** A certificate in PEM or base64 DER. */
    public record CertificateRequest(@NotBlank String certificate) {
    }

    /** Timestamp request: the data (base64) or its hash (base64) with the algorithm (SM3 default, or SHA256). */
    public record TimestampRequest(String data, String digest, String hashAlgorithm) {
    }

    /** Timestamp verification request. */
    public record VerifyTimestampRequest(@NotBlank String token, @NotBlank String data) {
    }

    private final HubPki pki;
    private final HubTls tls;
    private final TrustServices trust;
    private final SealRegistry seals;

    public VerificationApiController(HubPki pki, HubTls tls, TrustServices trust, SealRegistry seals) {
        this.pki = pki;
        this.tls = tls;
        this.trust = trust;
        this.seals = seals;
    }

    @Operation(summary = "Verify a CMS SignedData (detached content given separately); returns the report")
    @PostMapping(path = "/verify/message", consumes = MediaType.APPLICATION_JSON_VALUE)
    public TrustServices.Verdict verifyMessage(@Valid @RequestBody VerifyMessageRequest body) {
        byte[] cms = Base64Field.decode("cms", body.cms());
        byte[] content = body.content() == null ? null : Base64Field.decode("content", body.content());
        return trust.verifyMessage(cms, content);
    }

    @Operation(summary = "Verify every signature of a PDF (base64 in JSON): byte-range coverage, revision, signer, "
            + "seal, timestamp, chain and revocation; valid when it has signatures and all are valid")
    @PostMapping(path = "/verify/pdf", consumes = MediaType.APPLICATION_JSON_VALUE)
    public PdfVerificationAnswer verifyPdf(@Valid @RequestBody VerifyPdfRequest body) {
        return verifyPdf(Base64Field.decode("pdf", body.pdf()));
    }

    @Operation(summary = "Verify every signature of a PDF sent as the raw body (Content-Type: application/pdf)")
    @PostMapping(path = "/verify/pdf", consumes = MediaType.APPLICATION_PDF_VALUE)
    public PdfVerificationAnswer verifyRawPdf(@RequestBody byte[] pdf) {
        return verifyPdf(pdf);
    }

    private PdfVerificationAnswer verifyPdf(byte[] pdf) {
        TrustServices.PdfVerdict verdict;
        try {
            verdict = trust.verifyPdf(pdf);
        } catch (NotAPdfException e) {
            throw ApiException.badRequest(ErrorCode.PDF_INVALID, e.getMessage());
        } catch (EncryptedPdfException e) {
            throw ApiException.badRequest(ErrorCode.PDF_ENCRYPTED, e.getMessage());
        }
        return PdfVerificationAnswer.of(verdict, verdict.signatures().isEmpty() ? List.of() : seals.all());
    }

    @Operation(summary = "Verify a raw SM2 signature (DER or r‖s) over data with a certificate's key")
    @PostMapping(path = "/verify/data", consumes = MediaType.APPLICATION_JSON_VALUE)
    public TrustServices.DataVerdict verifyData(@Valid @RequestBody VerifyDataRequest body) {
        X509CertificateHolder certificate = certificate(body.certificate());
        byte[] data = Base64Field.decode("data", body.data());
        byte[] signature = Base64Field.decode("signature", body.signature());
        SignerId id = body.signerId() == null ? SignerId.DEFAULT : SignerId.of(body.signerId());
        return trust.verifyData(certificate, data, signature, id);
    }

    @Operation(summary = "Validate a certificate: chain, validity and revocation (state 0 good, 1 revoked, 2 unknown)")
    @PostMapping(path = "/certificates/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
    public TrustServices.CertificateValidation validate(@Valid @RequestBody CertificateRequest body) {
        return trust.validate(certificate(body.certificate()));
    }

    @Operation(summary = "Parse a certificate into its fields")
    @PostMapping(path = "/certificates/parse", consumes = MediaType.APPLICATION_JSON_VALUE)
    public TrustServices.CertificateFields parse(@Valid @RequestBody CertificateRequest body) {
        return trust.parse(certificate(body.certificate()));
    }

    @Operation(summary = "Export a certificate issued by the hub, as PEM")
    @GetMapping(path = "/certificates/{serial}", produces = "application/x-pem-file")
    public ResponseEntity<String> export(@PathVariable String serial) {
        BigInteger parsed;
        try {
            parsed = SerialNumbers.parseHex(serial);
        } catch (RuntimeException e) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "serial must be hexadecimal");
        }
        X509CertificateHolder certificate = pki.authority().store().findIssued(parsed)
                .orElseThrow(() -> ApiException.notFound(ErrorCode.CERTIFICATE_UNKNOWN, "no certificate " + serial));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-pem-file"))
                .body(Pem.certificatePem(certificate));
    }

    @Operation(summary = "The CA chain as PEM: issuing CA, then root")
    @GetMapping(path = "/ca/chain", produces = "application/x-pem-file")
    public ResponseEntity<String> chain() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-pem-file"))
                .body(Pem.certificatesPem(pki.chain()));
    }

    @Operation(summary = "The hub's TLS CA as PEM (self-signed, ECDSA P-256): the trust anchor for HTTPS and MLLP over "
            + "TLS in clients that cannot check SM2 (curl, browsers, Java's default trust manager)")
    @GetMapping(path = "/ca/tls", produces = "application/x-pem-file")
    public ResponseEntity<String> tlsCa() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-pem-file"))
                .body(Pem.certificatePem(tls.ca()));
    }

    @Operation(summary = "Create an RFC 3161 timestamp token (SM3 default) over data or a given hash")
    @PostMapping(path = "/timestamps", consumes = MediaType.APPLICATION_JSON_VALUE)
    public TrustServices.IssuedTimestamp timestamp(@RequestBody TimestampRequest body) {
        var algorithm = body.hashAlgorithm() == null || body.hashAlgorithm().equalsIgnoreCase("SM3") ? Digests.SM3
                : body.hashAlgorithm().replace("-", "").equalsIgnoreCase("SHA256") ? Digests.SHA256 : null;
        if (algorithm == null) {
            throw ApiException.badRequest(ErrorCode.UNSUPPORTED_HASH, "hashAlgorithm must be SM3 or SHA256");
        }
        byte[] imprint;
        if (body.digest() != null) {
            imprint = Base64Field.decode("digest", body.digest());
            int expected = 32;
            if (imprint.length != expected) {
                throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "digest must be " + expected + " bytes");
            }
        } else if (body.data() != null) {
            imprint = Digests.digest(algorithm, Base64Field.decode("data", body.data()));
        } else {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "give data or digest (base64)");
        }
        return trust.timestamp(algorithm, imprint);
    }

    @Operation(summary = "Verify a timestamp token (or response) against the data")
    @PostMapping(path = "/timestamps/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    public TrustServices.Verdict verifyTimestamp(@Valid @RequestBody VerifyTimestampRequest body) {
        return trust.verifyTimestamp(Base64Field.decode("token", body.token()), Base64Field.decode("data", body.data()));
    }

    private static X509CertificateHolder certificate(String text) {
        byte[] bytes = text.contains("-----BEGIN") ? text.getBytes(StandardCharsets.US_ASCII)
                : Base64Field.decode("certificate", text);
        return Pem.parseCertificate(bytes);
    }
}
