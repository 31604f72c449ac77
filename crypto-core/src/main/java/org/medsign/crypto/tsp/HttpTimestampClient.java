package org.medsign.crypto.tsp;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * RFC 3161 client for an external TSA over HTTP ({@code application/timestamp-query}). Sends a random nonce and
 * certReq, and checks that the reply matches the request (status, imprint, nonce) before returning the token.
 */
public final class HttpTimestampClient implements TimestampSource {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI uri;
    private final Duration timeout;
    private final HttpClient http;

    /** A client for the TSA at {@code uri}. */
    public HttpTimestampClient(URI uri, Duration timeout) {
        this.uri = uri;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public TimeStampToken timestamp(AlgorithmIdentifier hashAlgorithm, byte[] imprint) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(hashAlgorithm, imprint, new BigInteger(64, RANDOM));
        byte[] body;
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new TimestampException("TSA " + uri + " answered HTTP " + response.statusCode());
            }
            body = response.body();
        } catch (IOException e) {
            throw new TimestampException("TSA " + uri + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimestampException("interrupted while waiting for TSA " + uri, e);
        }
        try {
            TimeStampResponse response = new TimeStampResponse(body);
            response.validate(request);
            if (response.getTimeStampToken() == null) {
                throw new TimestampException("TSA " + uri + " refused: status " + response.getStatus() + " "
                        + response.getStatusString() + " failInfo " + response.getFailInfo());
            }
            return response.getTimeStampToken();
        } catch (TSPException | IOException | RuntimeException e) {
            if (e instanceof TimestampException t) {
                throw t;
            }
            throw new TimestampException("TSA " + uri + " sent an invalid response: " + e.getMessage(), e);
        }
    }
}
