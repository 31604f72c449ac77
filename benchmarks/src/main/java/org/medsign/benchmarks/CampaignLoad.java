package org.medsign.benchmarks;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.medsign.crypto.ca.CaHierarchy;
import org.medsign.crypto.ca.CertificateRequest;
import org.medsign.crypto.ca.EmbeddedCertificateAuthority;
import org.medsign.crypto.ca.InMemoryCertificateStore;
import org.medsign.crypto.sm.Sm2;

/**
 * Renewal campaign benchmark against a running hub: imports N staff (default 1,400) whose certificates from another CA
 * expire in 20 days, runs a campaign over the inventory's {@code expiring} category, and reports its rate (renewed
 * certificates per second between the campaign's start and finish, as the hub records them) beside the raw rate of
 * what each renewal must at least do, measured in the same run: BouncyCastle SM2 key generation + a bare certificate
 * signed by a reused SM2 signer, one thread.
 *
 * <pre>java -cp benchmarks/target/medsign-load.jar org.medsign.benchmarks.CampaignLoad --url http://localhost:8080
 *     [--user secadmin] [--count 1400]   (password in MEDSIGN_PASSWORD)</pre>
 */
public final class CampaignLoad {

    private CampaignLoad() {
    }

    public static void main(String[] args) throws Exception {
        String url = "http://localhost:8080";
        String user = "secadmin";
        int count = 1400;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--user" -> user = args[++i];
                case "--count" -> count = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: CampaignLoad --url URL [--user secadmin] [--count 1400]");
                    System.exit(2);
                }
            }
        }
        String password = System.getenv("MEDSIGN_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("set MEDSIGN_PASSWORD to the security administrator's password");
            System.exit(2);
        }
        Client hub = new Client(URI.create(url), user, password);
        String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        HttpResponse<String> imported = hub.post("/api/v1/ledger/import", importBody(run, count));
        if (imported.statusCode() != 200) {
            throw new IllegalStateException("import failed: HTTP " + imported.statusCode() + " " + imported.body());
        }
        System.out.printf("imported %d staff with expiring certificates (run %s)%n", count, run);

        double raw = rawRate(count);
        HttpResponse<String> created = hub.post("/api/v1/ledger/campaigns", "{\"categories\":[\"expiring\"],"
                + "\"departments\":[\"压测科-" + run + "\"],\"dryRun\":false}");
        if (created.statusCode() != 200) {
            throw new IllegalStateException("campaign refused: HTTP " + created.statusCode() + " " + created.body());
        }
        long id = ((Number) object(created.body()).get("id")).longValue();
        Map<String, Object> campaign;
        while (true) {
            campaign = object(hub.get("/api/v1/ledger/campaigns/" + id).body());
            if (!"RUNNING".equals(campaign.get("state"))) {
                break;
            }
            // once a second: every poll authenticates with HTTP Basic, a BCrypt hash (≈ 80 ms of CPU on the cores the
            // campaign runs on; at five polls a second they took 60 % as much CPU as the campaign's own thread). The
            // rate comes from the hub's startedAt/finishedAt, so the poll interval does not change what is measured.
            LockSupport.parkNanos(1_000_000_000L);
        }
        int done = ((Number) campaign.get("done")).intValue();
        double seconds = Duration.between(Instant.parse((String) campaign.get("startedAt")),
                Instant.parse((String) campaign.get("finishedAt"))).toNanos() / 1e9;
        double rate = done / seconds;
        System.out.printf(Locale.ROOT, "campaign %d %s: %d renewed, %d skipped, %d failed in %.2f s%n", id,
                campaign.get("state"), done, ((Number) campaign.get("skipped")).intValue(),
                ((Number) campaign.get("failed")).intValue(), seconds);
        System.out.println("| renewals | campaign renewals/s | raw keygen + issue/s (same run) | ratio |");
        System.out.println("|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| %,d | %,.0f | %,.0f | %.1f %% |%n", done, rate, raw, 100 * rate / raw);
    }

    /** Raw BouncyCastle: SM2 key pair + bare certificate (reused signer), one thread; best of three passes of N. */
    static double rawRate(int count) {
        CaHierarchy hierarchy = new BenchmarkPki().hierarchy();
        ReusedSm2ContentSigner signer = new ReusedSm2ContentSigner(
                BenchmarkPki.rawPrivateKeyOf(hierarchy.issuingKey()), BenchmarkPki.newRandom());
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(BenchmarkPki.BC_DOMAIN, new SecureRandom()));
        X500Name issuer = hierarchy.issuing().getSubject();
        double best = 0;
        long serial = 0;
        for (int pass = 0; pass < 3; pass++) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                AsymmetricCipherKeyPair pair = generator.generateKeyPair();
                try {
                    SubjectPublicKeyInfo key = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                            (ECPublicKeyParameters) pair.getPublic());
                    Instant now = Instant.now();
                    new X509v3CertificateBuilder(issuer, BigInteger.valueOf(++serial), Date.from(now),
                            Date.from(now.plus(Duration.ofDays(730))), BenchmarkPki.DOCTOR, key).build(signer);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            best = Math.max(best, count / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    private static String importBody(String run, int count) throws java.io.IOException {
        CaHierarchy other = CaHierarchy.create(new X500Name("CN=Other CA " + run + ",O=Bench,C=CN"),
                BenchmarkPki.SETTINGS, Clock.systemUTC());
        EmbeddedCertificateAuthority ca = EmbeddedCertificateAuthority.builder().issuingKey(other.issuingKey())
                .issuingCertificate(other.issuing()).issuers(List.of(other.root())).store(new InMemoryCertificateStore())
                .settings(BenchmarkPki.SETTINGS).clock(Clock.systemUTC()).build();
        SubjectPublicKeyInfo key = Sm2.toSubjectPublicKeyInfo(Sm2.generateKeyPair(new SecureRandom()).publicKey());
        Instant now = Instant.now();
        String department = "压测科-" + run;
        StringBuilder staff = new StringBuilder("staff_id,name,id_card_no,department,post,employment_status,mobile\\n");
        StringBuilder certificates = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String staffId = "B" + run + String.format("%05d", i);
            String name = "压测" + i;
            staff.append(staffId).append(',').append(name).append(",,").append(department).append(",医师,active,\\n");
            byte[] der = ca.issue(CertificateRequest.builder()
                    .subject(new X500Name("C=CN,OU=" + department + ",CN=" + name + ",SERIALNUMBER=" + staffId))
                    .publicKey(key).validity(now.minus(Duration.ofDays(700)), now.plus(Duration.ofDays(20))).build())
                    .getEncoded();
            certificates.append(certificates.length() == 0 ? "" : ",").append("{\"name\":\"").append(staffId)
                    .append(".der\",\"content\":\"").append(Base64.getEncoder().encodeToString(der)).append("\"}");
        }
        return "{\"staffCsv\":\"" + staff + "\",\"accountsCsv\":\"system,account,staff_id\\n\",\"certificates\":["
                + certificates + "]}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return (Map<String, Object>) new RatioReport.JsonReader(json).value();
    }

    /** HTTP Basic calls to the hub. */
    private record Client(URI hub, String user, String password) {

        HttpResponse<String> post(String path, String body) throws Exception {
            return send(HttpRequest.newBuilder(hub.resolve(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(hub.resolve(path)).GET());
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return HttpClient.newHttpClient().send(request.header("Authorization", "Basic " + basic)
                    .timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }
}
