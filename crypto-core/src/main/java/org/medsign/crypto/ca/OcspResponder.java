package org.medsign.crypto.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.crypto.operator.Digests;

/**
 * RFC 6960 OCSP responses signed by the issuing CA itself (no delegated responder). Requests for other issuers are
 * answered "unknown"; malformed requests, and requests beyond the {@link OcspLimits} (too many CertIDs, a nonce that
 * is empty or too long), get the status malformedRequest, never an exception.
 */
final class OcspResponder {

    private final X509CertificateHolder issuer;
    private final SigningKeyRef key;
    private final X509CertificateHolder[] responderChain;
    private final Function<BigInteger, org.medsign.crypto.ca.CertificateStatus> statusLookup;
    private final Clock clock;
    private final RespID responderId;
    private final OcspLimits limits;

    OcspResponder(X509CertificateHolder issuer, SigningKeyRef key, List<X509CertificateHolder> chain,
                  Function<BigInteger, org.medsign.crypto.ca.CertificateStatus> statusLookup, Clock clock,
                  OcspLimits limits) {
        this.issuer = issuer;
        this.limits = limits;
        this.key = key;
        this.responderChain = new X509CertificateHolder[] {issuer};
        this.statusLookup = statusLookup;
        this.clock = clock;
        try {
            DigestCalculator sha1 = Digests.provider().get(CertificateID.HASH_SHA1);
            this.responderId = new RespID(issuer.getSubjectPublicKeyInfo(), sha1);
        } catch (OperatorCreationException | OCSPException e) {
            throw new CryptoOperationException("cannot set up OCSP responder", e);
        }
    }

    byte[] respond(byte[] requestBytes) {
        OCSPReq request;
        try {
            request = new OCSPReq(requestBytes);
            int certIds = request.getRequestList().length;
            if (certIds == 0 || certIds > limits.maxCertIds() || !acceptableNonce(request)) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
        } catch (IOException | RuntimeException e) {
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(responderId);
            Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                builder.setResponseExtensions(new Extensions(nonce));
            }
            for (Req req : request.getRequestList()) {
                CertificateID id = req.getCertID();
                builder.addResponse(id, statusOf(id), Date.from(now), Date.from(now.plus(1, ChronoUnit.HOURS)), null);
            }
            BasicOCSPResp basic = builder.build(key.contentSigner(), responderChain, Date.from(now));
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (OCSPException | IOException e) {
            return status(OCSPRespBuilder.INTERNAL_ERROR);
        }
    }

    /**
     * No nonce, or one of 1 to {@code maxNonceOctets} octets. The nonce is the OCTET STRING inside the extension value
     * (RFC 8954); a value that is not one is measured as it stands.
     */
    private boolean acceptableNonce(OCSPReq request) {
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce == null) {
            return true;
        }
        byte[] value = nonce.getExtnValue().getOctets();
        int length;
        try {
            length = ASN1OctetString.getInstance(value).getOctets().length;
        } catch (RuntimeException e) {
            length = value.length;
        }
        return length >= 1 && length <= limits.maxNonceOctets();
    }

    private CertificateStatus statusOf(CertificateID id) throws OCSPException {
        boolean ours;
        try {
            ours = id.matchesIssuer(issuer, Digests.provider());
        } catch (OCSPException e) {
            ours = false; // a hash algorithm we cannot compute: not something we can vouch for
        }
        if (!ours) {
            return new UnknownStatus();
        }
        org.medsign.crypto.ca.CertificateStatus status = statusLookup.apply(id.getSerialNumber());
        return switch (status.state()) {
            case GOOD -> CertificateStatus.GOOD;
            case UNKNOWN -> new UnknownStatus();
            case REVOKED, ON_HOLD -> new RevokedStatus(Date.from(status.revocation().revokedAt()),
                    status.revocation().reason().code());
        };
    }

    static byte[] malformedRequest() {
        return status(OCSPRespBuilder.MALFORMED_REQUEST);
    }

    private static byte[] status(int code) {
        try {
            return new OCSPRespBuilder().build(code, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new CryptoOperationException("cannot encode OCSP status", e);
        }
    }
}
