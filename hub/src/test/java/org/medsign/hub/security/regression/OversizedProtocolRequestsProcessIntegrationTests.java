package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.sm.Sm3;

/**
 * Finding 9 (a): the public OCSP responder and TSA took requests of 40,000 CertIDs, 1 MB OCSP nonces and 10 MB TSA
 * nonces, parsed, signed and echoed them. Now each is bounded and refused in the protocol's own words (OCSP
 * {@code malformedRequest}, TSA rejection with {@code badRequest}/{@code badDataFormat} and a status text), on POST
 * and on {@code GET /ocsp/{base64}}, never a 500 — while ordinary requests are still answered.
 */
class OversizedProtocolRequestsProcessIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int MALFORMED_REQUEST = 1;

    private final ProbedHub hub = ProbedHub.get();

    @Test
    void ocspRequestOfFortyThousandCertIdsIsMalformedRequest() {
        assertThat(ocspPost(ocspRequest(40_000, null)).getStatus()).isEqualTo(MALFORMED_REQUEST);
        assertThat(ocspPost(ocspRequest(11, null)).getStatus()).as("one over the default of 10")
                .isEqualTo(MALFORMED_REQUEST);
        OCSPResp ten = ocspPost(ocspRequest(10, null));
        assertThat(ten.getStatus()).as("ten CertIDs are fine").isZero();
    }

    @Test
    void ocspNonceOfOneMegabyteIsMalformedRequestWhileSixteenOctetsAreEchoed() throws Exception {
        assertThat(ocspPost(ocspRequest(1, new byte[1024 * 1024])).getStatus()).isEqualTo(MALFORMED_REQUEST);
        assertThat(ocspPost(ocspRequest(1, new byte[33])).getStatus()).as("RFC 8954: at most 32 octets")
                .isEqualTo(MALFORMED_REQUEST);

        byte[] nonce = "sixteen octets!!".getBytes();
        OCSPResp answered = ocspPost(ocspRequest(1, nonce));
        assertThat(answered.getStatus()).isZero();
        Extension echoed = ((BasicOCSPResp) answered.getResponseObject())
                .getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        assertThat(echoed.getExtnValue().getOctets()).isEqualTo(new DEROctetString(nonce).getEncoded());
    }

    @Test
    void ocspOverGetIsBoundedTheSameWay() {
        assertThat(ocspGet(ocspRequest(1, "sixteen octets!!".getBytes())).getStatus()).isZero();
        assertThat(ocspGet(ocspRequest(11, null)).getStatus()).isEqualTo(MALFORMED_REQUEST);
        assertThat(ocspGet(ocspRequest(1, new byte[2048])).getStatus()).isEqualTo(MALFORMED_REQUEST);
        HttpResponse<byte[]> garbage = get("/ocsp/not%20base64%21");
        assertThat(garbage.statusCode()).isEqualTo(200);
        assertThat(ocspResponse(garbage).getStatus()).isEqualTo(MALFORMED_REQUEST);
    }

    @Test
    void ocspBodyOverTheSizeLimitIsMalformedRequestNotAProblemDocument() throws Exception {
        // a well-formed request of one CertID made 20 KB by a non-critical extension the responder would ignore:
        // larger than medsign.pki.protocol.max-request-bytes (16384)
        OCSPReqBuilder builder = new OCSPReqBuilder();
        builder.addRequest(new CertificateID(new CertID(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1),
                new DEROctetString(new byte[20]), new DEROctetString(new byte[20]), new ASN1Integer(7))));
        builder.setRequestExtensions(new Extensions(new Extension(new org.bouncycastle.asn1.ASN1ObjectIdentifier(
                "2.25.1"), false, new DEROctetString(new byte[20_000]).getEncoded())));
        HttpResponse<byte[]> response = post("/ocsp", "application/ocsp-request", builder.build().getEncoded());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/ocsp-response");
        assertThat(ocspResponse(response).getStatus()).isEqualTo(MALFORMED_REQUEST);
    }

    @Test
    void tsaNonceOfTenMegabytesIsRejectedWithoutBeingSigned() throws Exception {
        TimeStampResponse huge = tsa(BigInteger.ONE.shiftLeft(10 * 1024 * 1024 * 8));
        assertThat(huge.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(huge.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badDataFormat);
        assertThat(huge.getStatusString()).isEqualTo("request larger than 16384 bytes");
        assertThat(huge.getTimeStampToken()).isNull();

        TimeStampResponse kilobyte = tsa(BigInteger.ONE.shiftLeft(1024 * 8));
        assertThat(kilobyte.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(kilobyte.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badRequest);
        assertThat(kilobyte.getStatusString()).isEqualTo("nonce longer than 64 octets");

        TimeStampResponse ordinary = tsa(new BigInteger(64, new java.security.SecureRandom()));
        assertThat(ordinary.getStatus()).isEqualTo(PKIStatus.GRANTED);
    }

    /** {@code count} CertIDs of an unknown issuer (the responder answers "unknown"), optionally with a nonce. */
    private static byte[] ocspRequest(int count, byte[] nonce) {
        try {
            OCSPReqBuilder builder = new OCSPReqBuilder();
            AlgorithmIdentifier sha1 = new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1);
            for (int i = 0; i < count; i++) {
                builder.addRequest(new CertificateID(new CertID(sha1, new DEROctetString(new byte[20]),
                        new DEROctetString(new byte[20]), new ASN1Integer(1000 + i))));
            }
            if (nonce != null) {
                builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
                        false, new DEROctetString(nonce).getEncoded())));
            }
            return builder.build().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private OCSPResp ocspPost(byte[] request) {
        HttpResponse<byte[]> response = post("/ocsp", "application/ocsp-request", request);
        assertThat(response.statusCode()).as("HTTP status of an OCSP answer").isEqualTo(200);
        return ocspResponse(response);
    }

    private OCSPResp ocspGet(byte[] request) {
        String encoded = java.net.URLEncoder.encode(Base64.getEncoder().encodeToString(request),
                java.nio.charset.StandardCharsets.US_ASCII).replace("%2F", "/");
        HttpResponse<byte[]> response = get("/ocsp/" + encoded);
        assertThat(response.statusCode()).isEqualTo(200);
        return ocspResponse(response);
    }

    private static OCSPResp ocspResponse(HttpResponse<byte[]> response) {
        try {
            return new OCSPResp(response.body());
        } catch (IOException e) {
            throw new AssertionError("not an OCSP response: " + response.statusCode(), e);
        }
    }

    private TimeStampResponse tsa(BigInteger nonce) throws Exception {
        byte[] query = new TimeStampRequestGenerator().generate(Sm3.OID, Sm3.digest("x".getBytes()), nonce)
                .getEncoded();
        HttpResponse<byte[]> response = post("/tsa", "application/timestamp-query", query);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/timestamp-reply");
        return new TimeStampResponse(response.body());
    }

    private HttpResponse<byte[]> post(String path, String type, byte[] body) {
        return send(HttpRequest.newBuilder(hub.process().uri(path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private HttpResponse<byte[]> get(String path) {
        return send(HttpRequest.newBuilder(hub.process().uri(path)).GET().build());
    }

    private static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
