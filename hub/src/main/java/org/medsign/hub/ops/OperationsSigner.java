package org.medsign.hub.ops;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.cms.CmsSigner;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.hub.keys.HubSettings;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.pki.CaConnector;
import org.medsign.hub.pki.HubPki;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The hub's operations signer (运维签名): a dedicated hub-held SM2 key, certificate issued by the hub's CA on first
 * use, that signs what the hub itself attests — the compliance pack's SM3SUMS today, inspection reports later.
 * Kept apart from the CA, TSA and seal-maker keys so that none of their signatures can be passed off as another's.
 * The key is in the {@link KeyVault} (alias {@code ops-signer-…}); the alias and certificate are the hub setting
 * {@value #SETTING}, so every node uses the same signer.
 */
@Component
public class OperationsSigner {

    /** The hub setting holding the alias (first line) and the certificate (PEM). */
    static final String SETTING = "ops.signer";

    /** The signer's key and certificate. */
    public record Signer(X509CertificateHolder certificate, SigningKeyRef key) {
    }

    private final KeyVault vault;
    private final HubSettings settings;
    private final CaConnector ca;
    private final HubPki pki;
    private Signer cached;

    public OperationsSigner(KeyVault vault, HubSettings settings, CaConnector ca, HubPki pki) {
        this.vault = vault;
        this.settings = settings;
        this.ca = ca;
        this.pki = pki;
    }

    /** The signer, created (key and certificate) when the hub has none yet. */
    public synchronized Signer current() {
        Instant renewBy = Instant.now().plus(java.time.Duration.ofDays(30));
        if (cached == null || cached.certificate().getNotAfter().toInstant().isBefore(renewBy)) {
            Optional<Signer> stored = stored();
            if (stored.isPresent() && stored.get().certificate().getNotAfter().toInstant().isBefore(renewBy)) {
                // nearly expired: a new key and certificate (packs signed before stay verifiable at their time)
                settings.delete(SETTING);
                stored = Optional.empty();
            }
            cached = stored.orElseGet(this::create);
        }
        return cached;
    }

    /** A detached CMS SignedData (SM2 with SM3, signed attributes, the chain) over {@code content}. */
    public byte[] signDetached(byte[] content) {
        Signer signer = current();
        return CmsSigner.builder().key(signer.key()).certificate(signer.certificate())
                .chain(List.of(pki.issuing(), pki.root())).attached(false).build().sign(content);
    }

    private Optional<Signer> stored() {
        return settings.find(SETTING).map(value -> {
            String text = new String(value, StandardCharsets.US_ASCII);
            int newline = text.indexOf('\n');
            String alias = text.substring(0, newline);
            X509CertificateHolder certificate = Pem.parseCertificates(text.substring(newline + 1).getBytes(StandardCharsets.US_ASCII)).get(0);
            SigningKeyRef key = vault.find(alias).orElseThrow(() -> new IllegalStateException(
                    "the operations signer's key " + alias + " is missing from the key vault"));
            return new Signer(certificate, key);
        });
    }

    private Signer create() {
        String alias = "ops-signer-" + Long.toHexString(System.nanoTime());
        SigningKeyRef key = vault.generate(alias);
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN");
        String organisation = DistinguishedNames.first(pki.root().getSubject(), BCStyle.O);
        if (organisation != null) {
            subject.addRDN(BCStyle.O, organisation);
        }
        subject.addRDN(BCStyle.CN, "MedSign Hub 运维签名 (operations signer)");
        X509CertificateHolder certificate = ca.issue("ops-signer/" + alias, subject.build(), key.publicKeyInfo(),
                Instant.now(), null);
        try {
            settings.insert(SETTING, (alias + "\n" + Pem.certificatePem(certificate))
                    .getBytes(StandardCharsets.US_ASCII), Instant.now());
        } catch (DuplicateKeyException e) {
            // another node made one at the same moment: use theirs (this key stays unused in the vault)
            return stored().orElseThrow(() -> e);
        }
        return new Signer(certificate, key);
    }
}
