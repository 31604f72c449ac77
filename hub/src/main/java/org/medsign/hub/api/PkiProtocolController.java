package org.medsign.hub.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.medsign.crypto.ca.EmbeddedCertificateAuthority;
import org.medsign.crypto.tsp.EmbeddedTimestampAuthority;
import org.medsign.hub.pki.HubPki;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * The PKI protocol endpoints relying parties call without credentials: the CRL (DER), the OCSP responder
 * (RFC 6960, POST and GET) and the TSA (RFC 3161 over HTTP, RFC 3161 §3.4). Request sizes are bounded here
 * ({@code medsign.pki.protocol.max-request-bytes}); a request over the bound, like any malformed one, gets the
 * protocol's own refusal (OCSP {@code malformedRequest}, TSA rejection with {@code badDataFormat}), never a problem
 * document or a 500.
 */
@RestController
@Tag(name = "pki", description = "CRL, OCSP and RFC 3161 timestamping")
public class PkiProtocolController {

    static final String TIMESTAMP_QUERY = "application/timestamp-query";
    static final String TIMESTAMP_REPLY = "application/timestamp-reply";
    static final String OCSP_REQUEST = "application/ocsp-request";
    static final String OCSP_RESPONSE = "application/ocsp-response";
    private static final String OCSP_GET_PREFIX = "/ocsp/";

    private final HubPki pki;

    public PkiProtocolController(HubPki pki) {
        this.pki = pki;
    }

    @Operation(summary = "The current full CRL of the issuing CA (DER)")
    @GetMapping(path = "/crl", produces = "application/pkix-crl")
    public ResponseEntity<byte[]> crl() throws IOException {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/pkix-crl"))
                .body(pki.currentCrl().getEncoded());
    }

    @Operation(summary = "OCSP responder (POST, DER request; at most medsign.pki.protocol.* CertIDs, nonce and bytes)")
    @PostMapping(path = "/ocsp", consumes = OCSP_REQUEST, produces = OCSP_RESPONSE)
    public ResponseEntity<byte[]> ocsp(HttpServletRequest request) throws IOException {
        return ocspAnswer(boundedBody(request).map(der -> pki.authority().respondOcsp(der))
                .orElseGet(EmbeddedCertificateAuthority::ocspMalformedRequest));
    }

    @Operation(summary = "OCSP responder (GET /ocsp/{url-encoded base64 of the DER request}, RFC 6960 A.1)")
    @GetMapping(path = "/ocsp/**", produces = OCSP_RESPONSE)
    public ResponseEntity<byte[]> ocspGet(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String encoded = path.length() > OCSP_GET_PREFIX.length() ? path.substring(OCSP_GET_PREFIX.length()) : "";
        return ocspAnswer(decodeGetRequest(encoded).map(der -> pki.authority().respondOcsp(der))
                .orElseGet(EmbeddedCertificateAuthority::ocspMalformedRequest));
    }

    @Operation(summary = "RFC 3161 time-stamp authority: SM3 or SHA-256 imprints; others get badAlg")
    @PostMapping(path = "/tsa", consumes = TIMESTAMP_QUERY, produces = TIMESTAMP_REPLY)
    public ResponseEntity<byte[]> tsa(HttpServletRequest request) throws IOException {
        byte[] reply = boundedBody(request).map(der -> pki.embeddedTsa().respond(der))
                .orElseGet(() -> EmbeddedTimestampAuthority.rejection(PKIFailureInfo.badDataFormat,
                        "request larger than " + pki.maxProtocolRequestBytes() + " bytes"));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(TIMESTAMP_REPLY)).body(reply);
    }

    private static ResponseEntity<byte[]> ocspAnswer(byte[] response) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(OCSP_RESPONSE)).body(response);
    }

    /** The body if it is within the bound (announced or read), else empty; never reads more than bound + 1 bytes. */
    private Optional<byte[]> boundedBody(HttpServletRequest request) throws IOException {
        int limit = pki.maxProtocolRequestBytes();
        if (request.getContentLengthLong() > limit) {
            return Optional.empty();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            return body.length > limit ? Optional.empty() : Optional.of(body);
        }
    }

    /** The DER request of an OCSP GET: URL-decoded, then base64 (standard, or URL-safe as some clients send it). */
    private Optional<byte[]> decodeGetRequest(String encoded) {
        int limit = pki.maxProtocolRequestBytes();
        // base64 is 4/3 of the DER; URL-encoding at most triples it
        if (encoded.isEmpty() || encoded.length() > (limit * 4L / 3 + 4) * 3) {
            return Optional.empty();
        }
        try {
            String base64 = UriUtils.decode(encoded, StandardCharsets.US_ASCII);
            byte[] der = base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(base64) : Base64.getDecoder().decode(base64);
            return der.length > limit ? Optional.empty() : Optional.of(der);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
