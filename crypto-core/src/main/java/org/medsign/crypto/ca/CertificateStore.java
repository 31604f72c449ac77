package org.medsign.crypto.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Where a CA keeps what it issued and revoked. Implementations: {@link InMemoryCertificateStore},
 * {@link DirectoryCertificateStore} (the CLI's directory CA), and the hub's database store. Implementations are
 * thread-safe.
 */
public interface CertificateStore {

    /** Records an issued certificate. */
    void saveIssued(X509CertificateHolder certificate);

    /** An issued certificate by serial. */
    Optional<X509CertificateHolder> findIssued(BigInteger serial);

    /** Records a revocation; replaces an existing hold entry for the same serial (hold → revoke). */
    void saveRevocation(RevocationEntry entry);

    /** Removes a hold entry (release of certificateHold). */
    void releaseHold(BigInteger serial, Instant releasedAt);

    /** The current revocations by serial. */
    Map<BigInteger, RevocationEntry> revocations();

    /** The current revocation of one serial (stores with many entries override this with a direct lookup). */
    default Optional<RevocationEntry> revocation(BigInteger serial) {
        return Optional.ofNullable(revocations().get(serial));
    }

    /** Whether a serial was issued here (stores override this to avoid parsing the certificate). */
    default boolean isIssued(BigInteger serial) {
        return findIssued(serial).isPresent();
    }

    /** The next CRL number (monotonic). */
    BigInteger nextCrlNumber();
}
