package org.medsign.hub.api;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.ca.CertificateStatus;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Gmt0015;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.crypto.verify.CertificatePathValidator;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.crypto.verify.KeyPurpose;
import org.medsign.crypto.verify.RevocationData;
import org.medsign.crypto.verify.TimestampVerifier;
import org.medsign.crypto.verify.VerificationReport;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.pki.HubTls;
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
 * ExportCert, ParseCert) and timestamps (GM/T 0033 CreateTSRequest/Response, VerifyTSValidity, GetTSInfo). Trust
 * anchor: the hub's root; revocation: the hub CA's current CRL.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "verification", description = "Verify signatures, certificates and timestamps")
public class VerificationApiController {

    /** Verify-message request. */
    public record VerifyMessageRequest(@NotBlank String cms, String content) {
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

    /** A verification answer: valid, and the full report. */
    public record VerifyResponse(boolean valid, String indication, String reason, VerificationReport report) {
        static VerifyResponse of(VerificationReport report) {
            return new VerifyResponse(report.valid(), report.indication().name(),
                    report.reason() == null ? null : report.reason().name(), report);
        }
    }

    private final HubPki pki;
    private final HubTls tls;

    public VerificationApiController(HubPki pki, HubTls tls) {
        this.pki = pki;
        this.tls = tls;
    }

    @Operation(summary = "Verify a CMS SignedData (detached content given separately); returns the report")
    @PostMapping(path = "/verify/message", consumes = MediaType.APPLICATION_JSON_VALUE)
    public VerifyResponse verifyMessage(@Valid @RequestBody VerifyMessageRequest body) {
        byte[] cms = Base64Field.decode("cms", body.cms());
        byte[] content = body.content() == null ? null : Base64Field.decode("content", body.content());
        VerificationReport report = CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root()))
                .extraCertificates(pki.chain()).revocation(RevocationData.ofCrls(List.of(pki.currentCrl())))
                .build().verify(cms, content);
        return VerifyResponse.of(report);
    }

    @Operation(summary = "Verify a raw SM2 signature (DER or r‖s) over data with a certificate's key")
    @PostMapping(path = "/verify/data", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> verifyData(@Valid @RequestBody VerifyDataRequest body) {
        X509CertificateHolder certificate = certificate(body.certificate());
        byte[] data = Base64Field.decode("data", body.data());
        byte[] signature = Base64Field.decode("signature", body.signature());
        SignerId id = body.signerId() == null ? SignerId.DEFAULT : SignerId.of(body.signerId());
        Sm2SignatureEncoding encoding = Sm2.detectEncoding(signature);
        boolean valid = Sm2.verify(Sm2.fromSubjectPublicKeyInfo(certificate.getSubjectPublicKeyInfo()), id, data,
                signature, encoding);
        VerificationReport path = validator().validate(certificate, pki.chain(), Instant.now(), KeyPurpose.SIGNING);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("valid", valid && path.valid());
        result.put("signatureValid", valid);
        result.put("encoding", encoding.name());
        result.put("certificate", VerifyResponse.of(path));
        return result;
    }

    @Operation(summary = "Validate a certificate: chain, validity and revocation (state 0 good, 1 revoked, 2 unknown)")
    @PostMapping(path = "/certificates/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> validate(@Valid @RequestBody CertificateRequest body) {
        X509CertificateHolder certificate = certificate(body.certificate());
        VerificationReport report = validator().validate(certificate, pki.chain(), Instant.now(), KeyPurpose.ANY);
        CertificateStatus status = pki.authority().status(certificate.getSerialNumber());
        boolean issuedHere = certificate.getIssuer().equals(pki.issuing().getSubject());
        int state = !issuedHere || status.state() == CertificateStatus.State.UNKNOWN ? 2
                : status.state() == CertificateStatus.State.GOOD ? 0 : 1;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("state", state);
        result.put("status", issuedHere ? status.state().name() : "UNKNOWN");
        result.put("valid", report.valid());
        result.put("report", report);
        return result;
    }

    @Operation(summary = "Parse a certificate into its fields")
    @PostMapping(path = "/certificates/parse", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> parse(@Valid @RequestBody CertificateRequest body) {
        return fields(certificate(body.certificate()));
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
    public Map<String, Object> timestamp(@RequestBody TimestampRequest body) {
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
        TimeStampToken token = pki.embeddedTsa().timestamp(algorithm, imprint);
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            result.put("token", Base64.getEncoder().encodeToString(token.getEncoded()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        result.put("serial", token.getTimeStampInfo().getSerialNumber().toString());
        result.put("genTime", token.getTimeStampInfo().getGenTime().toInstant());
        result.put("policy", token.getTimeStampInfo().getPolicy().getId());
        result.put("hashAlgorithm", Digests.name(algorithm.getAlgorithm()));
        return result;
    }

    @Operation(summary = "Verify a timestamp token (or response) against the data")
    @PostMapping(path = "/timestamps/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    public VerifyResponse verifyTimestamp(@Valid @RequestBody VerifyTimestampRequest body) {
        VerificationReport report = new TimestampVerifier(List.of(pki.root()),
                RevocationData.ofCrls(List.of(pki.currentCrl())), Clock.systemUTC())
                .verifyResponse(Base64Field.decode("token", body.token()), Base64Field.decode("data", body.data()));
        return VerifyResponse.of(report);
    }

    private CertificatePathValidator validator() {
        return new CertificatePathValidator(List.of(pki.root()), RevocationData.ofCrls(List.of(pki.currentCrl())),
                false, Clock.systemUTC());
    }

    private static X509CertificateHolder certificate(String text) {
        byte[] bytes = text.contains("-----BEGIN") ? text.getBytes(StandardCharsets.US_ASCII)
                : Base64Field.decode("certificate", text);
        return Pem.parseCertificate(bytes);
    }

    private static Map<String, Object> fields(X509CertificateHolder certificate) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("serial", SerialNumbers.hex(certificate.getSerialNumber()));
        fields.put("subject", DistinguishedNames.toText(certificate.getSubject()));
        fields.put("issuer", DistinguishedNames.toText(certificate.getIssuer()));
        fields.put("commonName", DistinguishedNames.commonName(certificate.getSubject()));
        fields.put("organizationalUnit", DistinguishedNames.first(certificate.getSubject(), BCStyle.OU));
        fields.put("title", DistinguishedNames.first(certificate.getSubject(), BCStyle.T));
        fields.put("staffId", DistinguishedNames.first(certificate.getSubject(), BCStyle.SERIALNUMBER));
        fields.put("notBefore", certificate.getNotBefore().toInstant());
        fields.put("notAfter", certificate.getNotAfter().toInstant());
        fields.put("signatureAlgorithm", certificate.getSignatureAlgorithm().getAlgorithm().getId());
        fields.put("hasIdentityExtension", Gmt0015.identityNumber(certificate) != null);
        List<String> extensions = new ArrayList<>();
        certificate.getExtensionOIDs().forEach(oid -> extensions.add(((org.bouncycastle.asn1.ASN1ObjectIdentifier) oid).getId()));
        fields.put("extensions", extensions);
        return fields;
    }
}
