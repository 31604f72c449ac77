package org.medsign.crypto.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.cert.X509CertificateHolder;

/** A {@link CertificateStore} in memory, for tests, benchmarks and throw-away CAs. */
public final class InMemoryCertificateStore implements CertificateStore {

    private final Map<BigInteger, X509CertificateHolder> issued = new ConcurrentHashMap<>();
    private final Map<BigInteger, RevocationEntry> revocations = new ConcurrentHashMap<>();
    private final AtomicLong crlNumber = new AtomicLong();

    @Override
    public void saveIssued(X509CertificateHolder certificate) {
        issued.put(certificate.getSerialNumber(), certificate);
    }

    @Override
    public Optional<X509CertificateHolder> findIssued(BigInteger serial) {
        return Optional.ofNullable(issued.get(serial));
    }

    @Override
    public void saveRevocation(RevocationEntry entry) {
        revocations.put(entry.serial(), entry);
    }

    @Override
    public void releaseHold(BigInteger serial, Instant releasedAt) {
        revocations.remove(serial);
    }

    @Override
    public Map<BigInteger, RevocationEntry> revocations() {
        return Map.copyOf(revocations);
    }

    @Override
    public BigInteger nextCrlNumber() {
        return BigInteger.valueOf(crlNumber.incrementAndGet());
    }
}
