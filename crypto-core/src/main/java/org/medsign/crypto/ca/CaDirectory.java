package org.medsign.crypto.ca;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.key.KeyFiles;
import org.medsign.crypto.key.SoftwareSigningKey;
import org.medsign.crypto.tsp.EmbeddedTimestampAuthority;
import org.medsign.crypto.tsp.FileTimestampSerials;

/**
 * A CA kept in a directory (the CLI's offline CA): {@code root.pem}, {@code issuing.pem}, {@code tsa.pem} and their
 * encrypted keys {@code *.key}, {@code ca.properties}, and the {@link DirectoryCertificateStore} files. Keys are
 * decrypted only when an operation needs them.
 */
public final class CaDirectory {

    public static final String ROOT_CERT = "root.pem";
    public static final String ROOT_KEY = "root.key";
    public static final String ISSUING_CERT = "issuing.pem";
    public static final String ISSUING_KEY = "issuing.key";
    public static final String TSA_CERT = "tsa.pem";
    public static final String TSA_KEY = "tsa.key";
    public static final String SETTINGS = "ca.properties";
    public static final String TSA_SERIAL = "tsa-serial";

    private final Path dir;
    private final char[] password;
    private final Clock clock;
    private final X509CertificateHolder root;
    private final X509CertificateHolder issuing;
    private final X509CertificateHolder tsa;
    private final CaSettings settings;
    private final ASN1ObjectIdentifier tsaPolicy;
    private EmbeddedCertificateAuthority authority;
    private EmbeddedTimestampAuthority timestampAuthority;

    private CaDirectory(Path dir, char[] password, Clock clock) {
        this.dir = dir;
        this.password = password;
        this.clock = clock;
        this.root = certificate(ROOT_CERT);
        this.issuing = certificate(ISSUING_CERT);
        this.tsa = certificate(TSA_CERT);
        Properties properties = loadProperties(dir.resolve(SETTINGS));
        this.settings = new CaSettings(blankToNull(properties.getProperty("crl.url")),
                blankToNull(properties.getProperty("ocsp.url")),
                Duration.parse(properties.getProperty("crl.validity", "P1D")),
                Duration.parse(properties.getProperty("certificate.validity", "P730D")));
        this.tsaPolicy = new ASN1ObjectIdentifier(properties.getProperty("tsa.policy",
                EmbeddedTimestampAuthority.DEFAULT_POLICY.getId()));
    }

    /** Creates a new CA in {@code dir} (which must not already hold one). */
    public static CaDirectory create(Path dir, X500Name rootSubject, char[] password, CaSettings settings, Clock clock) {
        if (Files.exists(dir.resolve(ROOT_CERT))) {
            throw new CertificateAuthorityException("a CA already exists in " + dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot create " + dir, e);
        }
        CaHierarchy hierarchy = CaHierarchy.create(rootSubject, settings, clock);
        KeyFiles.writeEncrypted(dir.resolve(ROOT_KEY), hierarchy.rootKey().exportPrivateKeyInfo(), password);
        KeyFiles.writeEncrypted(dir.resolve(ISSUING_KEY), hierarchy.issuingKey().exportPrivateKeyInfo(), password);
        KeyFiles.writeEncrypted(dir.resolve(TSA_KEY), hierarchy.tsaKey().exportPrivateKeyInfo(), password);
        write(dir.resolve(ROOT_CERT), Pem.certificatePem(hierarchy.root()));
        write(dir.resolve(ISSUING_CERT), Pem.certificatePem(hierarchy.issuing()));
        write(dir.resolve(TSA_CERT), Pem.certificatesPem(List.of(hierarchy.tsa(), hierarchy.issuing())));
        Properties properties = new Properties();
        properties.setProperty("crl.url", settings.crlUrl() == null ? "" : settings.crlUrl());
        properties.setProperty("ocsp.url", settings.ocspUrl() == null ? "" : settings.ocspUrl());
        properties.setProperty("crl.validity", settings.crlValidity().toString());
        properties.setProperty("certificate.validity", settings.defaultValidity().toString());
        properties.setProperty("tsa.policy", EmbeddedTimestampAuthority.DEFAULT_POLICY.getId());
        try (Writer writer = Files.newBufferedWriter(dir.resolve(SETTINGS), StandardCharsets.UTF_8)) {
            properties.store(writer, "MedSign directory CA");
        } catch (IOException e) {
            throw new CryptoOperationException("cannot write " + SETTINGS, e);
        }
        new DirectoryCertificateStore(dir).saveIssued(hierarchy.tsa());
        return new CaDirectory(dir, password, clock);
    }

    /** Opens an existing CA; the password is used only when a key is needed. */
    public static CaDirectory open(Path dir, char[] password, Clock clock) {
        if (!Files.isRegularFile(dir.resolve(ROOT_CERT)) || !Files.isRegularFile(dir.resolve(ISSUING_CERT))) {
            throw new CertificateAuthorityException("no CA in " + dir + " (expected " + ROOT_CERT + " and "
                    + ISSUING_CERT + "; run 'medsign ca init')");
        }
        return new CaDirectory(dir, password, clock);
    }

    public Path dir() {
        return dir;
    }

    public X509CertificateHolder root() {
        return root;
    }

    public X509CertificateHolder issuing() {
        return issuing;
    }

    public X509CertificateHolder tsa() {
        return tsa;
    }

    public CaSettings settings() {
        return settings;
    }

    /** The issuing CA (decrypts its key on first use). */
    public synchronized EmbeddedCertificateAuthority authority() {
        if (authority == null) {
            authority = EmbeddedCertificateAuthority.builder()
                    .issuingKey(KeyFiles.readPrivateKey(dir.resolve(ISSUING_KEY), password))
                    .issuingCertificate(issuing).issuers(List.of(root))
                    .store(new DirectoryCertificateStore(dir)).settings(settings).clock(clock).build();
        }
        return authority;
    }

    /** The TSA (decrypts its key on first use); serials persist in {@code tsa-serial}. */
    public synchronized EmbeddedTimestampAuthority timestampAuthority() {
        if (timestampAuthority == null) {
            SoftwareSigningKey key = KeyFiles.readPrivateKey(dir.resolve(TSA_KEY), password);
            timestampAuthority = EmbeddedTimestampAuthority.builder().key(key).certificate(tsa)
                    .issuers(List.of(issuing, root)).policy(tsaPolicy)
                    .serials(new FileTimestampSerials(dir.resolve(TSA_SERIAL))).clock(clock).build();
        }
        return timestampAuthority;
    }

    private X509CertificateHolder certificate(String name) {
        return Pem.readCertificates(dir.resolve(name)).get(0);
    }

    private static Properties loadProperties(Path file) {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new MalformedInputException("cannot read " + file, e);
            }
        }
        return properties;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot write " + file, e);
        }
    }
}
