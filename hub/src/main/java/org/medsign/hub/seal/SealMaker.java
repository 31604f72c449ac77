package org.medsign.hub.seal;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.pki.CaConnector;
import org.medsign.hub.pki.HubPki;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hub's seal maker (制章者): a dedicated hub-held SM2 key whose certificate the embedded CA issues on first use,
 * kept apart from the CA's issuing key so that a seal signature never looks like a certificate signature. The newest
 * row of {@code seal_maker} is the current maker; a seal names its maker by the certificate it embeds.
 */
@Component
public class SealMaker {

    /** The current maker's certificate and key. */
    public record Maker(X509CertificateHolder certificate, SigningKeyRef key) {
    }

    private final JdbcClient jdbc;
    private final KeyVault vault;
    private final CaConnector ca;
    private final HubPki pki;
    private Maker cached;

    public SealMaker(JdbcClient jdbc, KeyVault vault, CaConnector ca, HubPki pki) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.ca = ca;
        this.pki = pki;
    }

    /** The maker's certificate (issued on first use). */
    public X509CertificateHolder certificate() {
        return current().certificate();
    }

    /** The current maker, issuing its key and certificate when the hub has none yet. */
    synchronized Maker current() {
        if (cached != null) {
            return cached;
        }
        Optional<Maker> stored = stored();
        if (stored.isPresent()) {
            cached = stored.get();
            return cached;
        }
        String alias = "seal-maker-" + Long.toHexString(System.nanoTime());
        SigningKeyRef key = vault.generate(alias);
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN");
        String organisation = DistinguishedNames.first(pki.root().getSubject(), BCStyle.O);
        if (organisation != null) {
            subject.addRDN(BCStyle.O, organisation);
        }
        subject.addRDN(BCStyle.CN, "电子印章制章者 (seal maker)");
        Instant now = Instant.now();
        X509CertificateHolder certificate = ca.issue("seal-maker/" + alias, subject.build(), key.publicKeyInfo(),
                now, null);
        try {
            jdbc.sql("INSERT INTO seal_maker (key_alias, certificate, created_at) VALUES (?, ?, ?)")
                    .params(alias, certificate.getEncoded(), Timestamp.from(now)).update();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the seal maker certificate", e);
        }
        cached = new Maker(certificate, key);
        return cached;
    }

    private record StoredMaker(String alias, X509CertificateHolder certificate) {
    }

    private Optional<Maker> stored() {
        return jdbc.sql("SELECT key_alias, certificate FROM seal_maker ORDER BY created_at DESC").query((rs, n) -> {
            try {
                return new StoredMaker(rs.getString(1), new X509CertificateHolder(rs.getBytes(2)));
            } catch (IOException e) {
                throw new IllegalStateException("stored seal maker certificate is not DER", e);
            }
        }).list().stream().findFirst()
                .flatMap(row -> vault.find(row.alias()).map(key -> new Maker(row.certificate(), key)));
    }
}
