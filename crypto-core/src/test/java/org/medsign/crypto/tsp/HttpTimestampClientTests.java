package org.medsign.crypto.tsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.Sm3;
import org.medsign.crypto.verify.RevocationData;
import org.medsign.crypto.verify.TimestampVerifier;

/** The RFC 3161 HTTP client against a real HTTP server (a stand-in for an external TSA, outside the hub). */
class HttpTimestampClientTests {

    private final TestPki pki = new TestPki();
    private final AtomicReference<String> mode = new AtomicReference<>("ok");
    private HttpServer server;
    private URI uri;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tsa", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            byte[] body;
            int status = 200;
            switch (mode.get()) {
                case "ok" -> body = "application/timestamp-query".equals(contentType) ? pki.tsa.respond(request)
                        : new byte[0];
                case "garbage" -> body = "not a response".getBytes();
                case "error" -> {
                    status = 503;
                    body = new byte[0];
                }
                case "other-token" -> body = new TestPki().tsa.respond(new org.bouncycastle.tsp.TimeStampRequestGenerator()
                        .generate(Digests.SM3, new byte[32]).getEncoded());
                default -> throw new IllegalStateException();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void obtainsAVerifiableTokenWithNonce() {
        byte[] imprint = Sm3.digest("外部时间戳".getBytes());
        TimeStampToken token = new HttpTimestampClient(uri, Duration.ofSeconds(5)).timestamp(Digests.SM3, imprint);

        assertThat(token.getTimeStampInfo().getNonce()).isNotNull();
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(imprint);
        assertThat(new TimestampVerifier(List.of(pki.root()), RevocationData.NONE, pki.clock)
                .verifyToken(token, "外部时间戳".getBytes()).valid()).isTrue();
    }

    @Test
    void failuresAreTimestampExceptionsWithTheReason() {
        HttpTimestampClient client = new HttpTimestampClient(uri, Duration.ofSeconds(5));
        mode.set("error");
        assertThatThrownBy(() -> client.timestamp(Digests.SM3, new byte[32])).isInstanceOf(TimestampException.class)
                .hasMessageContaining("HTTP 503");
        mode.set("garbage");
        assertThatThrownBy(() -> client.timestamp(Digests.SM3, new byte[32])).isInstanceOf(TimestampException.class)
                .hasMessageContaining("invalid response");
        mode.set("other-token");
        assertThatThrownBy(() -> client.timestamp(Digests.SM3, Sm3.digest("x".getBytes())))
                .isInstanceOf(TimestampException.class);
        assertThatThrownBy(() -> new HttpTimestampClient(URI.create("http://127.0.0.1:1/tsa"), Duration.ofSeconds(2))
                .timestamp(Digests.SM3, new byte[32])).isInstanceOf(TimestampException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    void rejectionIsReported() {
        assertThatThrownBy(() -> new HttpTimestampClient(uri, Duration.ofSeconds(5))
                .timestamp(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
                        org.bouncycastle.asn1.oiw.OIWObjectIdentifiers.idSHA1), new byte[20]))
                .isInstanceOf(TimestampException.class).hasMessageContaining("refused");
    }
}
