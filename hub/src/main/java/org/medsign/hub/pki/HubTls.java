package org.medsign.hub.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.tls.TlsCertificates;
import org.medsign.hub.HubException;
import org.medsign.hub.HubProperties;
import org.medsign.hub.keys.HubSettings;
import org.medsign.hub.keys.KeyVault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hub's TLS certification authority and this node's server certificate. The TLS CA (ECDSA P-256, self-signed,
 * created on first start, key in the {@link KeyVault}) is published with the signing chain at
 * {@code GET /api/v1/ca/chain}; it issues the HTTPS server certificate of every node and the client certificates of
 * systems that connect over mutual TLS. Document signatures never use it: it secures the channel only.
 */
@Component
public class HubTls {

    /** Alias of the TLS CA key in the vault and name of its certificate in {@code hub_setting}. */
    static final String CA = "tls-ca";
    /** Name of the TLS CA's cross-certificate from the hub's root in {@code hub_setting}. */
    static final String CROSS = "tls-ca.cross";
    private static final String SERVER = "tls-server-";
    private static final Logger log = LoggerFactory.getLogger(HubTls.class);

    private final HubSettings settings;
    private final KeyVault vault;
    private final TlsProperties properties;
    private final TransactionTemplate transactions;
    private final String node;
    private final X509CertificateHolder ca;
    private final X509CertificateHolder cross;

    /** A key and its certificate, issued by the TLS CA. */
    public record Credential(KeyPair key, X509CertificateHolder certificate) {
        @Override
        public String toString() {
            return "Credential[" + DistinguishedNames.toText(certificate.getSubject()) + "]";
        }
    }

    public HubTls(HubSettings settings, KeyVault vault, TlsProperties properties, HubProperties hub,
                  TransactionTemplate transactions, HubPki pki) {
        this.settings = settings;
        this.vault = vault;
        this.properties = properties;
        this.transactions = transactions;
        this.node = hub.node();
        this.ca = bootstrapCa();
        this.cross = crossCertificate(pki);
    }

    /** The TLS CA certificate (the trust anchor for the hub's HTTPS and MLLP-over-TLS listeners). */
    public X509CertificateHolder ca() {
        return ca;
    }

    /**
     * The TLS CA certified by the hub's SM2 root: sent with the server certificate, so that the HTTPS chain leads to
     * the root of {@code GET /api/v1/ca/chain} for validators that check SM2.
     */
    public X509CertificateHolder crossCertificate() {
        return cross;
    }

    /**
     * This node's server credential: the stored one while it is valid beyond {@code renewBefore} and names every
     * configured host, else a new one (new key) issued now and stored in place of the old.
     */
    public Credential serverCredential() {
        String alias = SERVER + node;
        List<String> names = serverNames();
        Credential current = settings.find(alias)
                .flatMap(pem -> vault.findTransportKey(alias)
                        .map(key -> new Credential(key, Pem.parseCertificates(pem).get(0))))
                .orElse(null);
        if (current != null && current.certificate().getNotAfter().toInstant()
                .isAfter(Instant.now().plus(properties.renewBefore())) && namesOf(current.certificate())
                .containsAll(names)) {
            return current;
        }
        Credential issued = issueServer(new org.bouncycastle.asn1.x500.X500NameBuilder()
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, names.get(names.size() - 1))
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.OU, "MedSign Hub node " + node).build(), names);
        transactions.executeWithoutResult(status -> {
            vault.deleteTransportKey(alias);
            settings.delete(alias);
            vault.storeTransportKey(alias, issued.key());
            settings.insert(alias, Pem.certificatePem(issued.certificate()).getBytes(StandardCharsets.US_ASCII),
                    Instant.now());
        });
        log.info("Issued the HTTPS server certificate of node {} for {} (valid until {})", node, names,
                issued.certificate().getNotAfter().toInstant());
        return issued;
    }

    /**
     * A client certificate for a hospital system connecting over mutual TLS, for the key in its PKCS#10 request
     * (the system keeps its private key; the hub never sees it). The subject names the system
     * ({@code CN=<systemId>,OU=medsign-system}) whatever the request asked for; MLLP listeners compare it with the
     * route's system.
     */
    public X509CertificateHolder certifyClient(String systemId, byte[] request) {
        java.security.PublicKey key = TlsCertificates.requestedKey(request);
        Instant now = Instant.now();
        return TlsCertificates.issue(caKey(), ca, key, clientSubject(systemId), List.of(),
                TlsCertificates.Purpose.CLIENT, now.minusSeconds(60), notAfter(now));
    }

    /** The subject of a system's client certificate. */
    public static org.bouncycastle.asn1.x500.X500Name clientSubject(String systemId) {
        return new org.bouncycastle.asn1.x500.X500NameBuilder()
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, systemId)
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.OU, "medsign-system").build();
    }

    /**
     * A key store holding {@code credential} under alias {@code key} with its chain: the leaf, then the TLS CA as
     * certified by the hub's root (clients that trust the self-signed TLS CA stop at it; clients that check SM2 reach
     * the root).
     */
    public KeyStore keyStore(Credential credential, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            X509Certificate leaf = converter.getCertificate(credential.certificate());
            X509Certificate issuer = converter.getCertificate(credential.certificate().getIssuer().equals(
                    cross.getSubject()) ? cross : ca);
            store.setKeyEntry("key", credential.key().getPrivate(), password, new Certificate[] {leaf, issuer});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new HubException(ErrorCode.TLS_KEYSTORE, "cannot build the TLS key store", e);
        }
    }

    /** A trust store holding the TLS CA (for listeners that require client certificates from it). */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("medsign-tls-ca", new JcaX509CertificateConverter().getCertificate(ca));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new HubException(ErrorCode.TLS_KEYSTORE, "cannot build the TLS trust store", e);
        }
    }

    /** localhost, 127.0.0.1, ::1, the configured names, and this machine's host name (last: it becomes the CN). */
    List<String> serverNames() {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.addAll(properties.names());
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            log.debug("no local host name: {}", e.getMessage());
        }
        return names.stream().map(HubTls::normalised).distinct().collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    /** IP literals in the form a certificate's names come back in ({@code ::1} → {@code 0:0:0:0:0:0:0:1}). */
    private static String normalised(String name) {
        if (name.matches("[0-9.]+") || name.contains(":")) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (IOException e) {
                throw new HubException(ErrorCode.TLS_NAME_INVALID, "not an IP address: " + name, e);
            }
        }
        return name;
    }

    private Credential issueServer(org.bouncycastle.asn1.x500.X500Name subject, List<String> names) {
        KeyPair key = TlsCertificates.generateKeyPair();
        Instant now = Instant.now();
        return new Credential(key, TlsCertificates.issue(caKey(), ca, key.getPublic(), subject, names,
                TlsCertificates.Purpose.SERVER, now.minusSeconds(60), notAfter(now)));
    }

    private KeyPair caKey() {
        return vault.findTransportKey(CA).orElseThrow(() -> new HubException(ErrorCode.PKI_KEY_MISSING,
                "key '" + CA + "' is missing from the key vault"));
    }

    private Instant notAfter(Instant now) {
        Instant end = now.plus(properties.serverValidity());
        return end.isAfter(ca.getNotAfter().toInstant()) ? ca.getNotAfter().toInstant() : end;
    }

    private X509CertificateHolder bootstrapCa() {
        byte[] stored = storedCa();
        if (stored != null) {
            return Pem.parseCertificates(stored).get(0);
        }
        KeyPair key = TlsCertificates.generateKeyPair();
        Instant now = Instant.now();
        X509CertificateHolder certificate = TlsCertificates.selfSignedCa(key,
                DistinguishedNames.parse(properties.caSubject()), now.minusSeconds(60),
                now.plus(java.time.Duration.ofDays(3650)));
        try {
            transactions.executeWithoutResult(status -> {
                vault.storeTransportKey(CA, key);
                settings.insert(CA, Pem.certificatePem(certificate).getBytes(StandardCharsets.US_ASCII), now);
            });
            log.info("Created the TLS CA ({})", properties.caSubject());
            return certificate;
        } catch (DuplicateKeyException e) {
            // another node created it first
            return Pem.parseCertificates(storedCa()).get(0);
        }
    }

    private X509CertificateHolder crossCertificate(HubPki pki) {
        byte[] stored = setting(CROSS);
        if (stored != null) {
            return Pem.parseCertificates(stored).get(0);
        }
        X509CertificateHolder certificate = TlsCertificates.crossCertify(ca, pki.root(),
                pki.rootKey().contentSigner(), ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()
                        .isAfter(pki.root().getNotAfter().toInstant()) ? pki.root().getNotAfter().toInstant()
                        : ca.getNotAfter().toInstant());
        try {
            settings.insert(CROSS, Pem.certificatePem(certificate).getBytes(StandardCharsets.US_ASCII),
                    Instant.now());
            return certificate;
        } catch (DuplicateKeyException e) {
            return Pem.parseCertificates(setting(CROSS)).get(0);
        }
    }

    private byte[] setting(String name) {
        return settings.find(name).orElse(null);
    }

    private byte[] storedCa() {
        return setting(CA);
    }

    private static Set<String> namesOf(X509CertificateHolder certificate) {
        Set<String> names = new LinkedHashSet<>();
        Extension extension = certificate.getExtension(Extension.subjectAlternativeName);
        if (extension == null) {
            return names;
        }
        for (GeneralName name : GeneralNames.getInstance(extension.getParsedValue()).getNames()) {
            if (name.getTagNo() == GeneralName.dNSName) {
                names.add(name.getName().toString());
            } else if (name.getTagNo() == GeneralName.iPAddress) {
                try {
                    byte[] address = org.bouncycastle.asn1.ASN1OctetString.getInstance(name.getName()).getOctets();
                    names.add(InetAddress.getByAddress(address).getHostAddress());
                } catch (IOException e) {
                    log.debug("unreadable IP address in a server certificate");
                }
            }
        }
        return names;
    }
}
