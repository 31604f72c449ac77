package org.medsign.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.crypto.verify.VerificationReport;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.pki.HubTls;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import java.security.cert.X509Certificate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * LIS over MLLP with mutual TLS in both directions, configured by a route file only
 * ({@code hl7v2-mllp-tls-inbound} / {@code hl7v2-mllp-tls-outbound}): a client with a trusted certificate gets AA
 * and the signed ORU^R01 reaches the LIS's TLS listener, which in turn checks the hub's client certificate; a client
 * without a certificate, with an untrusted one, or speaking plain TCP gets no HL7 answer and leaves nothing behind;
 * even a trusted client is reset before the handshake when its address is not allowed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MllpTlsIntegrationTests extends HubTestSupport {

    static Path home;
    static int tlsPort;
    static int hubMaterialPort;
    static TlsFiles.Identity hubIdentity;
    static TlsFiles.Identity lisIdentity;
    static MllpPeer.Listener lisListener;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HubPki pki;

    @Autowired
    HubTls tls;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        home = freshHome(registry);
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        Path tls = Files.createDirectories(home.resolve("tls"));
        hubIdentity = TlsFiles.identity("medsign-hub");
        lisIdentity = TlsFiles.identity("lis");
        Path keystore = TlsFiles.write(TlsFiles.keyStore(hubIdentity), tls.resolve("hub.p12"));
        Path truststore = TlsFiles.write(TlsFiles.trustStore(lisIdentity.certificate()), tls.resolve("lis-trust.p12"));

        // the LIS's own result listener: TLS, and it requires the hub's client certificate
        SSLServerSocket server = (SSLServerSocket) TlsFiles.context(lisIdentity, hubIdentity.certificate())
                .getServerSocketFactory().createServerSocket(0);
        server.setNeedClientAuth(true);
        lisListener = new MllpPeer.Listener(StandardCharsets.UTF_8, server);
        try (ServerSocket socket = new ServerSocket(0); ServerSocket other = new ServerSocket(0)) {
            tlsPort = socket.getLocalPort();
            hubMaterialPort = other.getLocalPort();
        }
        // PACS over mutual TLS with the hub's own material: its HTTPS credential, and only client certificates the
        // hub's TLS CA issued to pacs
        Files.writeString(routes.resolve("pacs.yaml"), """
                - templatedRoute:
                    routeTemplateRef: hl7v2-mllp-tls-inbound
                    routeId: pacs.inbound.mllps
                    parameters:
                      - {name: system, value: pacs}
                      - {name: port, value: "%d"}
                      - {name: mapping, value: result}
                      - {name: keystore, value: hub}
                      - {name: truststore, value: hub}
                """.formatted(hubMaterialPort));
        Files.writeString(routes.resolve("lis.yaml"), """
                - templatedRoute:
                    routeTemplateRef: hl7v2-mllp-tls-inbound
                    routeId: lis.inbound.mllps
                    parameters:
                      - {name: system, value: lis}
                      - {name: port, value: "%d"}
                      - {name: mapping, value: result}
                      - {name: replyEndpoint, value: "direct:lis.outbound.result"}
                      - {name: keystore, value: "%s"}
                      - {name: keystorePassword, value: "{{env:MEDSIGN_TEST_TLS_PASSWORD:changeit}}"}
                      - {name: truststore, value: "%s"}
                      - {name: truststorePassword, value: changeit}
                - templatedRoute:
                    routeTemplateRef: hl7v2-mllp-tls-outbound
                    routeId: lis.outbound.mllps
                    parameters:
                      - {name: system, value: lis}
                      - {name: host, value: 127.0.0.1}
                      - {name: port, value: "%d"}
                      - {name: keystore, value: "%s"}
                      - {name: keystorePassword, value: changeit}
                      - {name: truststore, value: "%s"}
                      - {name: truststorePassword, value: changeit}
                """.formatted(tlsPort, keystore, truststore, lisListener.port(), keystore, truststore));
        registry.add("medsign.routes.dir", routes::toString);
    }

    @Override
    protected Path home() {
        return home;
    }

    static String oru(String controlId, String obr, String obx) {
        return "MSH|^~\\&|LIS|HOSP|MEDSIGN|HOSP|20261127090000||ORU^R01^ORU_R01|" + controlId
                + "|P|2.5.1|||||CHN|UNICODE UTF-8\rPID|1||P7788^^^HOSP^MR||李^四\r" + obr + "\r" + obx + "\r";
    }

    static String obr(String controlId) {
        String[] fields = new String[33];
        java.util.Arrays.fill(fields, "");
        fields[0] = "OBR";
        fields[1] = "1";
        fields[2] = controlId;
        fields[3] = "RPT-" + controlId;
        fields[4] = "BLOOD^血常规^L";
        fields[7] = "20261127080000";
        fields[25] = "F";
        fields[32] = "D0004&李&检验师";
        return String.join("|", fields);
    }

    static Socket tlsClient(SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", tlsPort);
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return socket;
    }

    @Test
    void aTrustedClientIsAnsweredAndTheSignedResultGoesBackOverMutualTls() throws Exception {
        String controlId = "LISTLS" + System.nanoTime();
        String obr = obr(controlId);
        String obx = "OBX|1|NM|WBC^白细胞^L||6.2|10*9/L|3.5-9.5||||F";
        String ack = MllpPeer.send(tlsClient(TlsFiles.context(lisIdentity, hubIdentity.certificate())),
                oru(controlId, obr, obx).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(MllpPeer.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        assertThat(MllpPeer.field(ack, "MSA", 2)).isEqualTo(controlId);

        String result = Awaitility.await("signed ORU^R01 at the LIS TLS listener").atMost(Duration.ofSeconds(30))
                .until(() -> lisListener.received().stream().filter(m -> m.contains(controlId)).findFirst()
                        .orElse(null), Objects::nonNull);
        VerificationReport report = CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build()
                .verify(MllpPeer.cmsOf(result), String.join("\r", obr, obx).getBytes(StandardCharsets.UTF_8));
        assertThat(report.valid()).as(report.toText()).isTrue();
        assertThat(report.signer().subject()).contains("SERIALNUMBER=D0004");
    }

    @Test
    void aListenerOnTheHubsOwnTlsMaterialAdmitsOnlyTheClientCertificateIssuedToItsSystem() throws Exception {
        X509Certificate tlsCa = new JcaX509CertificateConverter().getCertificate(tls.ca());
        TlsFiles.Identity pacs = issuedByTheHub("pacs");
        TlsFiles.Identity lis = issuedByTheHub("lis");
        String controlId = "PACSTLS" + System.nanoTime();
        byte[] message = oru(controlId, obr(controlId), "OBX|1|ST|IMP^印象^L||未见异常||||||F")
                .getBytes(StandardCharsets.UTF_8);

        String ack = MllpPeer.send(hubMaterialClient(TlsFiles.context(pacs, tlsCa)), message, StandardCharsets.UTF_8);
        assertThat(MllpPeer.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        // the LIS's certificate from the same CA, a stranger's, or none: no handshake, no HL7 answer
        for (TlsFiles.Identity wrong : new TlsFiles.Identity[] {lis, TlsFiles.identity("pacs"), null}) {
            assertThatThrownBy(() -> MllpPeer.send(hubMaterialClient(TlsFiles.context(wrong, tlsCa)),
                    oru("PACSBAD" + System.nanoTime(), obr("X"), "OBX|1|ST|N^N^L||x||||||F")
                            .getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                    .isInstanceOf(IOException.class);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_request WHERE request_id LIKE 'PACSBAD%'")
                .query(Integer.class).single()).isZero();
    }

    private TlsFiles.Identity issuedByTheHub(String system) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair key = generator.generateKeyPair();
        byte[] csr = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new org.bouncycastle.asn1.x500.X500Name("CN=" + system), key.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .build(key.getPrivate())).getEncoded();
        return new TlsFiles.Identity(key, new JcaX509CertificateConverter().getCertificate(
                tls.certifyClient(system, csr)));
    }

    static Socket hubMaterialClient(SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", hubMaterialPort);
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return socket;
    }

    @Test
    void clientsWithoutATrustedCertificateOrWithoutTlsGetNoHl7Answer() throws Exception {
        byte[] message = oru("LISBAD" + System.nanoTime(), obr("X"), "OBX|1|ST|N^N^L||x||||||F")
                .getBytes(StandardCharsets.UTF_8);
        // no client certificate
        assertThatThrownBy(() -> MllpPeer.send(tlsClient(TlsFiles.context(null, hubIdentity.certificate())),
                message, StandardCharsets.UTF_8)).isInstanceOf(IOException.class);
        // a certificate the hub does not trust
        TlsFiles.Identity stranger = TlsFiles.identity("lis");
        assertThatThrownBy(() -> MllpPeer.send(tlsClient(TlsFiles.context(stranger, hubIdentity.certificate())),
                message, StandardCharsets.UTF_8)).isInstanceOf(IOException.class);
        // plain TCP to the TLS port
        assertThatThrownBy(() -> MllpPeer.send(new Socket("127.0.0.1", tlsPort), message, StandardCharsets.UTF_8))
                .isInstanceOf(IOException.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_request WHERE request_id LIKE 'LISBAD%'")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aTrustedClientFromAnAddressOutsideTheAllowlistIsResetBeforeTheHandshake() throws Exception {
        SSLSocket socket = (SSLSocket) TlsFiles.context(lisIdentity, hubIdentity.certificate()).getSocketFactory()
                .createSocket();
        try (socket) {
            socket.bind(new java.net.InetSocketAddress("127.0.0.7", 0));
            socket.setSoTimeout(20_000);
            assertThatThrownBy(() -> {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", tlsPort), 5_000);
                socket.startHandshake();
            }).as("the route file names no allowedAddresses: loopback 127.0.0.1 only").isInstanceOf(IOException.class);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM audit_event WHERE action = 'MLLP_PEER_REFUSED' AND target = 'lis' "
                        + "AND detail = '127.0.0.7'").query(Integer.class).single() == 1);
    }
}
