package org.medsign.hub.api;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.pki.HubPki;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The PKI protocol endpoints relying parties call without credentials: the CRL (DER), the OCSP responder
 * (RFC 6960) and the TSA (RFC 3161 over HTTP, RFC 3161 §3.4).
 */
@RestController
@Tag(name = "pki", description = "CRL, OCSP and RFC 3161 timestamping")
public class PkiProtocolController {

    static final String TIMESTAMP_QUERY = "application/timestamp-query";
    static final String TIMESTAMP_REPLY = "application/timestamp-reply";
    static final String OCSP_REQUEST = "application/ocsp-request";
    static final String OCSP_RESPONSE = "application/ocsp-response";

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

    @Operation(summary = "OCSP responder (POST, DER request)")
    @PostMapping(path = "/ocsp", consumes = OCSP_REQUEST, produces = OCSP_RESPONSE)
    public ResponseEntity<byte[]> ocsp(@RequestBody(required = false) byte[] request) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(OCSP_RESPONSE))
                .body(pki.authority().respondOcsp(request == null ? new byte[0] : request));
    }

    @Operation(summary = "RFC 3161 time-stamp authority: SM3 or SHA-256 imprints; others get badAlg")
    @PostMapping(path = "/tsa", consumes = TIMESTAMP_QUERY, produces = TIMESTAMP_REPLY)
    public ResponseEntity<byte[]> tsa(@RequestBody(required = false) byte[] request) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(TIMESTAMP_REPLY))
                .body(pki.embeddedTsa().respond(request == null ? new byte[0] : request));
    }
}
