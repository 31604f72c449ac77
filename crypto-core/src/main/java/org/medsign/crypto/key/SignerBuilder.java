package org.medsign.crypto.key;

import java.time.Clock;
import java.util.Objects;

import org.bouncycastle.cert.X509CertificateHolder;

/**
 * What every builder of a signing component in crypto-core takes: the key, its certificate and the clock.
 *
 * @param <B> the concrete builder, returned by each setter
 */
public abstract class SignerBuilder<B extends SignerBuilder<B>> {

    private SigningKeyRef key;
    private X509CertificateHolder certificate;
    private Clock clock = Clock.systemUTC();

    /** The signing key. */
    public B key(SigningKeyRef key) {
        this.key = key;
        return self();
    }

    /** The certificate of the signing key. */
    public B certificate(X509CertificateHolder certificate) {
        this.certificate = certificate;
        return self();
    }

    /** The clock signing times come from (default: UTC system clock). */
    public B clock(Clock clock) {
        this.clock = clock;
        return self();
    }

    /** The key; fails when none was given. */
    public SigningKeyRef requiredKey() {
        return Objects.requireNonNull(key, "key");
    }

    /** The certificate; fails when none was given. */
    public X509CertificateHolder requiredCertificate() {
        return Objects.requireNonNull(certificate, "certificate");
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
