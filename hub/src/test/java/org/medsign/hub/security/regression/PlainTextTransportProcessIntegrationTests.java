package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.operator.Sm2ContentVerifierProvider;
import org.medsign.hub.HubProcess;

/**
 * Finding 5, no TLS anywhere: the packaged hub now answers HTTPS with a server certificate from its TLS CA (leading
 * to the root of {@code GET /api/v1/ca/chain}), keeps plain HTTP on loopback, sends HSTS and Secure cookies over
 * HTTPS, and refuses to start with plain HTTP on another interface unless told so explicitly.
 */
class PlainTextTransportProcessIntegrationTests {

    private final ProbedHub hub = ProbedHub.get();

    @Test
    void httpsServesACertificateFromTheHubsTlsCaThatLeadsToTheRootOfTheCaChain() throws Exception {
        List<X509CertificateHolder> chain = Pem.parseCertificates(get("/api/v1/ca/chain"));
        X509CertificateHolder root = chain.get(chain.size() - 1);
        X509CertificateHolder tlsCa = Pem.parseCertificates(get("/api/v1/ca/tls")).get(0);

        try (SSLSocket socket = (SSLSocket) trusting(tlsCa).getSocketFactory().createSocket("localhost",
                hub.process().tlsPort())) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
            Certificate[] served = socket.getSession().getPeerCertificates();
            assertThat(served).hasSize(2);
            X509CertificateHolder leaf = new X509CertificateHolder(served[0].getEncoded());
            X509CertificateHolder intermediate = new X509CertificateHolder(served[1].getEncoded());

            assertThat(((X509Certificate) served[0]).getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
            assertThat(leaf.getIssuer()).isEqualTo(tlsCa.getSubject());
            assertThat(leaf.isSignatureValid(new JcaContentVerifierProviderBuilder().build(tlsCa))).isTrue();
            // the TLS CA as the hub's SM2 root certified it: same key, signed by the root of /api/v1/ca/chain
            assertThat(intermediate.getSubjectPublicKeyInfo()).isEqualTo(tlsCa.getSubjectPublicKeyInfo());
            assertThat(intermediate.getIssuer()).isEqualTo(root.getSubject());
            assertThat(intermediate.isSignatureValid(Sm2ContentVerifierProvider.of(root))).isTrue();
        }
    }

    @Test
    void opensslClientsVerifyTheHttpsCertificateAgainstTheTlsCa() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        Path ca = Files.write(hub.work().resolve("tls-ca.pem"), get("/api/v1/ca/tls"));
        Process curl = new ProcessBuilder("curl", "-sS", "--cacert", ca.toString(), "-o", "/dev/null", "-w",
                "%{http_code} %{ssl_verify_result}", "https://localhost:" + hub.process().tlsPort()
                + "/actuator/health").redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor()).as(out).isZero();
        assertThat(out).isEqualTo("200 0");
    }

    @Test
    void plainHttpAnswersOnLoopbackOnlyWhileHttpsAnswersOnEveryInterface() throws Exception {
        Optional<InetAddress> outside = nonLoopbackAddress();
        Assumptions.assumeTrue(outside.isPresent(), "this machine has no non-loopback IPv4 address");
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(outside.get(), hub.process().port()), 5000))
                    .isInstanceOf(ConnectException.class);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(outside.get(), hub.process().tlsPort()), 5000);
            assertThat(socket.isConnected()).isTrue();
        }
    }

    @Test
    void httpsSendsHstsAndSecureSessionCookiesWhilePlainHttpOnLoopbackSendsNeither() throws Exception {
        X509CertificateHolder tlsCa = Pem.parseCertificates(get("/api/v1/ca/tls")).get(0);
        HttpClient https = HttpClient.newBuilder().sslContext(trusting(tlsCa)).build();

        HttpResponse<String> secure = https.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                + hub.process().tlsPort() + "/console/login")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                hub.process().uri("/console/login")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(secure.statusCode()).isEqualTo(200);
        assertThat(secure.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(
                hsts -> assertThat(hsts).contains("max-age=31536000"));
        assertThat(secure.headers().allValues("Set-Cookie")).anySatisfy(
                cookie -> assertThat(cookie).startsWith("JSESSIONID=").contains("Secure").contains("HttpOnly"));
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(plain.headers().allValues("Set-Cookie")).allSatisfy(
                cookie -> assertThat(cookie).doesNotContain("Secure"));
    }

    @Test
    void aHubAskedForPlainHttpOnEveryInterfaceRefusesToStart() throws Exception {
        Path work = Files.createTempDirectory(hub.work(), "plain-");
        HubProcess refused = new HubProcess(work.resolve("home"),
                Map.of("MEDSIGN_ROUTES_DIR", Files.createDirectories(work.resolve("routes")).toString()))
                .withArgs("--server.address=0.0.0.0");
        try (refused) {
            assertThat(refused.runToExit(Duration.ofMinutes(2))).isNotZero();
        }
        assertThat(Files.readString(refused.log())).contains("plain HTTP would listen on 0.0.0.0")
                .contains("medsign.tls.allow-plain-http-off-loopback");
    }

    @Test
    void theSecurityAdministratorCertifiesASystemsOwnTlsKeyAndNobodyElseCan() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        String csr = csr(key, "CN=pretending-to-be-the-hub");

        HttpResponse<String> bySysadmin = postCsr("sysadmin", "his", csr);
        HttpResponse<String> issued = postCsr("secadmin", "his", csr);
        HttpResponse<String> garbage = postCsr("secadmin", "his", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"
                + "-----END CERTIFICATE REQUEST-----");
        HttpResponse<String> unknown = postCsr("secadmin", "no-such-system", csr);

        assertThat(bySysadmin.statusCode()).isEqualTo(403);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(ProbedAdmins.code(garbage.body())).isEqualTo("CSR_INVALID");
        assertThat(unknown.statusCode()).isEqualTo(404);
        String pem = issued.body().replaceAll("(?s).*\"certificate\":\"(-----BEGIN[^\"]+)\".*", "$1")
                .replace("\\n", "\n");
        X509CertificateHolder certificate = Pem.parseCertificates(pem.getBytes(StandardCharsets.US_ASCII)).get(0);
        X509CertificateHolder tlsCa = Pem.parseCertificates(get("/api/v1/ca/tls")).get(0);
        assertThat(certificate.getSubject().toString()).isEqualTo("CN=his,OU=medsign-system");
        assertThat(certificate.getSubjectPublicKeyInfo().getEncoded()).isEqualTo(key.getPublic().getEncoded());
        assertThat(certificate.isSignatureValid(new JcaContentVerifierProviderBuilder().build(tlsCa))).isTrue();
        assertThat(new JcaX509CertificateConverter().getCertificate(certificate).getExtendedKeyUsage())
                .containsExactly("1.3.6.1.5.5.7.3.2");
    }

    private HttpResponse<String> postCsr(String user, String system, String csr) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(hub.process().uri("/api/v1/ledger/systems/"
                        + system + "/tls-certificate")).header("Authorization", ProbedAdmins.basic(user))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"csr\":\"" + csr.replace("\n", "\\n") + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String csr(KeyPair key, String subject) throws Exception {
        var request = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new org.bouncycastle.asn1.x500.X500Name(subject), key.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .build(key.getPrivate()));
        return Pem.pem("CERTIFICATE REQUEST", request.getEncoded());
    }

    private byte[] get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                hub.process().uri(path)).header("X-Medsign-Api-Key", hub.secret("demo-api-key")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    /** TLS as a standard JSSE client does it, trusting only the hub's TLS CA. */
    private static SSLContext trusting(X509CertificateHolder anchor) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("tls-ca", new JcaX509CertificateConverter().getCertificate(anchor));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
