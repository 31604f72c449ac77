package org.medsign.hub.pki;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.ca.CaHierarchy;
import org.medsign.crypto.ca.CaSettings;
import org.medsign.crypto.ca.EmbeddedCertificateAuthority;
import org.medsign.crypto.ca.OcspLimits;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.crypto.tsp.EmbeddedTimestampAuthority;
import org.medsign.crypto.tsp.HttpTimestampClient;
import org.medsign.crypto.tsp.TimestampSource;
import org.medsign.hub.HubException;
import org.medsign.hub.keys.HubSettings;
import org.medsign.hub.keys.KeyVault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hub's PKI: the bootstrap CA hierarchy (created on first start, keys in the {@link KeyVault}), the issuing CA
 * over the database store, the embedded TSA (serials from a database sequence) or an external TSA, and a cached CRL
 * that is re-issued whenever revocation changes or it nears its next update.
 */
@Component
public class HubPki {

    private static final Logger log = LoggerFactory.getLogger(HubPki.class);
    static final String ROOT_KEY = "ca-root";
    static final String ISSUING_KEY = "ca-issuing";
    static final String TSA_KEY = "tsa";
    /** Name of the CA chain (TSA, issuing CA, root) in the hub's settings. */
    private static final String CHAIN = "ca.chain";

    private final X509CertificateHolder root;
    private final X509CertificateHolder issuing;
    private final X509CertificateHolder tsaCertificate;
    private final EmbeddedCertificateAuthority authority;
    private final EmbeddedTimestampAuthority embeddedTsa;
    private final TimestampSource timestamps;
    private final AtomicReference<CachedCrl> crl = new AtomicReference<>();
    private final Duration crlValidity;
    private final JdbcCertificateStore store;
    private final SigningKeyRef issuingKey;
    private final SigningKeyRef tsaKey;
    private final KeyVault vault;
    private final int maxProtocolRequestBytes;

    private record CachedCrl(X509CRLHolder crl, long revocationVersion) {
    }

    public HubPki(JdbcClient jdbc, HubSettings hubSettings, KeyVault vault, PkiProperties properties,
                  TransactionTemplate transactions) {
        Clock clock = Clock.systemUTC();
        CaSettings settings = new CaSettings(properties.publicUrl() + "/crl", properties.publicUrl() + "/ocsp",
                properties.crlValidity(), properties.certificateValidity());
        this.store = new JdbcCertificateStore(jdbc);
        transactions.executeWithoutResult(status -> bootstrap(store, hubSettings, vault, properties, settings, clock));
        List<X509CertificateHolder> chain = Pem.parseCertificates(hubSettings.find(CHAIN).orElseThrow());
        this.tsaCertificate = chain.get(0);
        this.issuing = chain.get(1);
        this.root = chain.get(2);
        this.crlValidity = properties.crlValidity();
        this.vault = vault;
        this.issuingKey = vault.find(ISSUING_KEY).orElseThrow(() -> missingKey(ISSUING_KEY));
        this.tsaKey = vault.find(TSA_KEY).orElseThrow(() -> missingKey(TSA_KEY));
        this.authority = EmbeddedCertificateAuthority.builder().issuingKey(issuingKey).issuingCertificate(issuing)
                .issuers(List.of(root)).store(store).settings(settings).clock(clock)
                .ocspLimits(new OcspLimits(properties.protocol().ocspMaxCertIds(),
                        properties.protocol().ocspMaxNonceBytes()))
                .build();
        this.embeddedTsa = EmbeddedTimestampAuthority.builder().key(tsaKey).certificate(tsaCertificate)
                .issuers(List.of(issuing, root)).serials(new DatabaseTimestampSerials(jdbc)).clock(clock)
                .maxNonceOctets(properties.protocol().tsaMaxNonceBytes()).build();
        this.maxProtocolRequestBytes = properties.protocol().maxRequestBytes();
        String external = properties.externalTsaUrl();
        this.timestamps = external == null || external.isBlank() ? embeddedTsa
                : new HttpTimestampClient(URI.create(external), Duration.ofSeconds(5));
        log.info("PKI ready: root {}, issuing CA {}, TSA {}", DistinguishedNames.toText(root.getSubject()),
                DistinguishedNames.toText(issuing.getSubject()),
                external == null || external.isBlank() ? "embedded" : "external " + external);
    }

    private static void bootstrap(JdbcCertificateStore store, HubSettings hubSettings, KeyVault vault,
                                  PkiProperties properties, CaSettings settings, Clock clock) {
        if (hubSettings.exists(CHAIN)) {
            return;
        }
        CaHierarchy hierarchy = CaHierarchy.create(DistinguishedNames.parse(properties.subject()), settings, clock);
        vault.store(ROOT_KEY, hierarchy.rootKey());
        vault.store(ISSUING_KEY, hierarchy.issuingKey());
        vault.store(TSA_KEY, hierarchy.tsaKey());
        store.saveIssued(hierarchy.tsa());
        hubSettings.insert(CHAIN, Pem.certificatesPem(List.of(hierarchy.tsa(), hierarchy.issuing(), hierarchy.root()))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII), Instant.now());
        log.info("Created the bootstrap CA hierarchy ({})", properties.subject());
    }

    private static HubException missingKey(String alias) {
        return new HubException(ErrorCode.PKI_KEY_MISSING, "key '" + alias + "' is missing from the key vault");
    }

    /** Signs a probe with the issuing CA and TSA keys and verifies it (health check); false if either fails. */
    public boolean probeKeys() {
        byte[] probe = "medsign-health-probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (SigningKeyRef key : List.of(issuingKey, tsaKey)) {
            byte[] signature = key.sign(probe, org.medsign.crypto.sm.SignerId.DEFAULT,
                    org.medsign.crypto.sm.Sm2SignatureEncoding.DER);
            if (!org.medsign.crypto.sm.Sm2.verify(key.publicKey(), org.medsign.crypto.sm.SignerId.DEFAULT, probe,
                    signature, org.medsign.crypto.sm.Sm2SignatureEncoding.DER)) {
                return false;
            }
        }
        return true;
    }

    /** The issuing CA. */
    public EmbeddedCertificateAuthority authority() {
        return authority;
    }

    /** Largest OCSP or TSA request accepted from relying parties, in bytes ({@code medsign.pki.protocol}). */
    public int maxProtocolRequestBytes() {
        return maxProtocolRequestBytes;
    }

    /** The embedded TSA (answers /tsa whatever the signing timestamps use). */
    public EmbeddedTimestampAuthority embeddedTsa() {
        return embeddedTsa;
    }

    /** Where signature timestamps come from: the embedded TSA or the configured external one. */
    public TimestampSource timestamps() {
        return timestamps;
    }

    /** The root certificate (the trust anchor). */
    public X509CertificateHolder root() {
        return root;
    }

    /** The root CA key, for the rare certificates the root signs itself (the TLS CA's cross-certificate). */
    SigningKeyRef rootKey() {
        return vault.find(ROOT_KEY).orElseThrow(() -> missingKey(ROOT_KEY));
    }

    /** The issuing CA certificate. */
    public X509CertificateHolder issuing() {
        return issuing;
    }

    /** A certificate the hub's CA issued, by its serial as signature records name it (hex). */
    public Optional<X509CertificateHolder> issuedCertificate(String serial) {
        return store.findIssued(serial);
    }

    /** Issuing CA then root. */
    public List<X509CertificateHolder> chain() {
        return List.of(issuing, root);
    }

    /**
     * The current CRL. Re-issued when any node changed a revocation (the version is the newest revocation event id,
     * so every node sees changes at once) or half its validity has passed.
     */
    public X509CRLHolder currentCrl() {
        long version = store.revocationVersion();
        CachedCrl current = crl.get();
        if (current != null && current.revocationVersion() == version && Instant.now().isBefore(
                current.crl().getThisUpdate().toInstant().plus(crlValidity.dividedBy(2)))) {
            return current.crl();
        }
        synchronized (crl) {
            current = crl.get();
            if (current == null || current.revocationVersion() != version || !Instant.now().isBefore(
                    current.crl().getThisUpdate().toInstant().plus(crlValidity.dividedBy(2)))) {
                current = new CachedCrl(authority.generateCrl(), version);
                crl.set(current);
            }
            return current.crl();
        }
    }

}
