package org.medsign.hub.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.Pem;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.ledger.HospitalSystems;
import org.medsign.hub.pki.HubTls;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Client certificates for systems that connect to an MLLP listener over mutual TLS, for the security
 * administrator: the system sends a PKCS#10 request for a key it generated and keeps; the hub's TLS CA certifies
 * it with a subject that names the system.
 */
@RestController
@RequestMapping(path = "/api/v1/ledger/systems", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "systems", description = "Connected hospital systems, their staff codes and statistics")
public class SystemTlsCertificatesController {

    /** A PKCS#10 certificate request in PEM. */
    public record CertificateRequest(@NotBlank @Size(max = 20000) String csr) {
    }

    /** The issued certificate, and the chain to give the system's TLS client (leaf, then the TLS CA). */
    public record IssuedCertificate(String systemId, String serial, String subject, Instant notAfter,
                                    String certificate, String chain) {
    }

    private final HubTls tls;
    private final HospitalSystems systems;
    private final AuditLog audit;

    public SystemTlsCertificatesController(HubTls tls, HospitalSystems systems, AuditLog audit) {
        this.tls = tls;
        this.systems = systems;
        this.audit = audit;
    }

    @Operation(summary = "Certify a system's TLS client key (PKCS#10 request) for mutual TLS on its MLLP listener")
    @PostMapping(path = "/{systemId}/tls-certificate", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public IssuedCertificate issue(@PathVariable String systemId, @Valid @RequestBody CertificateRequest body,
                                   Authentication user) {
        if (!systems.exists(systemId)) {
            throw ApiException.notFound(ErrorCode.SYSTEM_UNKNOWN, "no system " + systemId);
        }
        X509CertificateHolder certificate;
        try {
            certificate = tls.certifyClient(systemId, body.csr().getBytes(StandardCharsets.US_ASCII));
        } catch (MalformedInputException e) {
            audit.append(AuditEvent.failure(user.getName(), "SECURITY_ADMIN", "TLS_CLIENT_CERTIFICATE_ISSUED",
                    systemId, "request refused"));
            throw ApiException.badRequest(ErrorCode.CSR_INVALID, e.getMessage());
        }
        String serial = SerialNumbers.hex(certificate.getSerialNumber());
        audit.append(AuditEvent.success(user.getName(), "SECURITY_ADMIN", "TLS_CLIENT_CERTIFICATE_ISSUED", systemId,
                "serial " + serial));
        return new IssuedCertificate(systemId, serial, certificate.getSubject().toString(),
                certificate.getNotAfter().toInstant(), Pem.certificatePem(certificate),
                Pem.certificatesPem(List.of(certificate, tls.ca())));
    }
}
