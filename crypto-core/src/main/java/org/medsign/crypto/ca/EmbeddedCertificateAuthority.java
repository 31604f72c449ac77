package org.medsign.crypto.ca;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.cert.Gmt0015;
import org.medsign.crypto.key.SigningKeyRef;

/**
 * The hub's own CA: issues SM2 certificates with the issuing CA key, keeps what it did in a
 * {@link CertificateStore}, and answers status with CRLs and OCSP. Thread-safe; revocation of one serial is
 * serialised so that "revoke" and "release" cannot interleave.
 */
public final class EmbeddedCertificateAuthority implements CertificateAuthority {

    private final SigningKeyRef issuingKey;
    private final X509CertificateHolder issuingCertificate;
    private final List<X509CertificateHolder> chain;
    private final CertificateStore store;
    private final CaSettings settings;
    private final Clock clock;
    private final OcspResponder ocsp;

    private EmbeddedCertificateAuthority(Builder builder) {
        this.issuingKey = Objects.requireNonNull(builder.issuingKey, "issuingKey");
        this.issuingCertificate = Objects.requireNonNull(builder.issuingCertificate, "issuingCertificate");
        List<X509CertificateHolder> fullChain = new ArrayList<>();
        fullChain.add(issuingCertificate);
        fullChain.addAll(builder.issuers);
        this.chain = List.copyOf(fullChain);
        this.store = Objects.requireNonNull(builder.store, "store");
        this.settings = builder.settings;
        this.clock = builder.clock;
        this.ocsp = new OcspResponder(issuingCertificate, issuingKey, chain, this::status, clock, builder.ocspLimits);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public X509CertificateHolder issuingCertificate() {
        return issuingCertificate;
    }

    @Override
    public List<X509CertificateHolder> chain() {
        return chain;
    }

    /** The store behind this CA. */
    public CertificateStore store() {
        return store;
    }

    /** The settings. */
    public CaSettings settings() {
        return settings;
    }

    @Override
    public X509CertificateHolder issue(CertificateRequest request) {
        if (request.profile() == CertificateProfile.ROOT_CA) {
            throw new CertificateAuthorityException("an issuing CA cannot issue a root certificate");
        }
        Instant notBefore = request.notBefore() != null ? request.notBefore() : clock.instant();
        Instant notAfter = request.notAfter() != null ? request.notAfter() : notBefore.plus(settings.defaultValidity());
        Instant caEnd = issuingCertificate.getNotAfter().toInstant();
        if (notAfter.isAfter(caEnd)) {
            notAfter = caEnd; // a certificate never outlives its issuer
        }
        BigInteger serial = freshSerial();
        X509CertificateHolder certificate = CertificateMinter.mint(issuingCertificate.getSubject(),
                issuingCertificate.getSubjectPublicKeyInfo(), serial, request.subject(), request.publicKey(),
                notBefore, notAfter, request.profile(), settings, request.identityNumber(),
                issuingKey.contentSigner());
        store.saveIssued(certificate);
        return certificate;
    }

    @Override
    public X509CertificateHolder rekey(BigInteger oldSerial, SubjectPublicKeyInfo newPublicKey, Instant notBefore,
                                       Instant notAfter) {
        X509CertificateHolder old = issued(oldSerial);
        return issue(new CertificateRequest(old.getSubject(), newPublicKey, CertificateProfile.of(old), notBefore,
                notAfter, Gmt0015.identityNumber(old)));
    }

    @Override
    public X509CertificateHolder recertify(BigInteger oldSerial, Instant notBefore, Instant notAfter) {
        X509CertificateHolder old = issued(oldSerial);
        return issue(new CertificateRequest(old.getSubject(), old.getSubjectPublicKeyInfo(), CertificateProfile.of(old),
                notBefore, notAfter, Gmt0015.identityNumber(old)));
    }

    @Override
    public synchronized RevocationEntry revoke(BigInteger serial, RevocationReason reason) {
        issued(serial);
        RevocationEntry existing = store.revocation(serial).orElse(null);
        if (existing != null && !existing.reason().isHold()) {
            throw new CertificateAlreadyRevokedException(serial, existing.reason());
        }
        if (existing != null && reason.isHold()) {
            return existing; // already on hold: holding again changes nothing
        }
        // hold → revoke keeps the original date: the certificate has been unusable since the hold
        Instant when = existing != null ? existing.revokedAt() : clock.instant().truncatedTo(ChronoUnit.SECONDS);
        RevocationEntry entry = new RevocationEntry(serial, when, reason);
        store.saveRevocation(entry);
        return entry;
    }

    @Override
    public synchronized void releaseHold(BigInteger serial) {
        issued(serial);
        RevocationEntry existing = store.revocation(serial).orElse(null);
        if (existing == null || !existing.reason().isHold()) {
            throw new CertificateNotOnHoldException(serial);
        }
        store.releaseHold(serial, clock.instant());
    }

    @Override
    public CertificateStatus status(BigInteger serial) {
        if (!store.isIssued(serial)) {
            return CertificateStatus.UNKNOWN;
        }
        return store.revocation(serial).map(CertificateStatus::of).orElse(CertificateStatus.GOOD);
    }

    @Override
    public X509CRLHolder generateCrl() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509v2CRLBuilder builder = new X509v2CRLBuilder(issuingCertificate.getSubject(), Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(settings.crlValidity())));
        for (RevocationEntry entry : store.revocations().values()) {
            if (entry.reason() == RevocationReason.UNSPECIFIED) {
                builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), (org.bouncycastle.asn1.x509.Extensions) null);
            } else {
                builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reason().code());
            }
        }
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(store.nextCrlNumber()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new BcX509ExtensionUtils().createAuthorityKeyIdentifier(issuingCertificate.getSubjectPublicKeyInfo()));
        } catch (CertIOException e) {
            throw new CryptoOperationException("cannot build CRL", e);
        }
        return builder.build(issuingKey.contentSigner());
    }

    @Override
    public byte[] respondOcsp(byte[] request) {
        return ocsp.respond(request);
    }

    /** An unsigned OCSP response with the status malformedRequest, for requests refused before parsing (too large). */
    public static byte[] ocspMalformedRequest() {
        return OcspResponder.malformedRequest();
    }

    private BigInteger freshSerial() {
        BigInteger serial;
        do {
            serial = SerialNumbers.random();
        } while (store.findIssued(serial).isPresent());
        return serial;
    }

    private X509CertificateHolder issued(BigInteger serial) {
        return store.findIssued(serial).orElseThrow(() -> new UnknownCertificateException(serial));
    }

    /** Builder; setters return this. */
    public static final class Builder {
        private SigningKeyRef issuingKey;
        private X509CertificateHolder issuingCertificate;
        private final List<X509CertificateHolder> issuers = new ArrayList<>();
        private CertificateStore store = new InMemoryCertificateStore();
        private CaSettings settings = CaSettings.defaults();
        private Clock clock = Clock.systemUTC();
        private OcspLimits ocspLimits = OcspLimits.defaults();

        public Builder issuingKey(SigningKeyRef issuingKey) {
            this.issuingKey = issuingKey;
            return this;
        }

        public Builder issuingCertificate(X509CertificateHolder issuingCertificate) {
            this.issuingCertificate = issuingCertificate;
            return this;
        }

        /** Issuers of the issuing certificate, nearest first, ending with the root. */
        public Builder issuers(List<X509CertificateHolder> issuers) {
            this.issuers.clear();
            this.issuers.addAll(issuers);
            return this;
        }

        public Builder store(CertificateStore store) {
            this.store = store;
            return this;
        }

        public Builder settings(CaSettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** What one OCSP request may ask (default {@link OcspLimits#defaults()}). */
        public Builder ocspLimits(OcspLimits ocspLimits) {
            this.ocspLimits = java.util.Objects.requireNonNull(ocspLimits, "ocspLimits");
            return this;
        }

        public EmbeddedCertificateAuthority build() {
            return new EmbeddedCertificateAuthority(this);
        }
    }
}
