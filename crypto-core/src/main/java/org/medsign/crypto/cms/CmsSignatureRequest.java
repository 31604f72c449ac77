package org.medsign.crypto.cms;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.sm.SignerId;

/**
 * The first phase of a {@link TwoPhaseCmsSigner}: the exact DER of the signed attributes (the message M that SM2
 * signs, e = SM3(Z_A ‖ M) with {@link #signerId()}), the signing time fixed in them, and the content kept to rebuild
 * the same SignerInfo. Completes at most once; a refused signature or a failure leaves it open. Held in memory
 * between the two phases (like the protocol's server sessions); {@link #toString()} shows no content. Thread-safe.
 */
public final class CmsSignatureRequest {

    private final byte[] content;
    private final Instant signingTime;
    private final byte[] signedAttributes;
    private final SignerId signerId;
    private final X509CertificateHolder certificate;
    private final AtomicBoolean completed = new AtomicBoolean();

    CmsSignatureRequest(byte[] content, Instant signingTime, byte[] signedAttributes, SignerId signerId,
                        X509CertificateHolder certificate) {
        this.content = content;
        this.signingTime = signingTime;
        this.signedAttributes = signedAttributes;
        this.signerId = signerId;
        this.certificate = certificate;
    }

    /** DER of the signed attributes (a SET OF Attribute): the bytes to sign with SM3withSM2 (a copy). */
    public byte[] signedAttributes() {
        return signedAttributes.clone();
    }

    /** The signing time in the signed attributes (whole seconds, as UTCTime carries it). */
    public Instant signingTime() {
        return signingTime;
    }

    /** The SM2 signer ID that enters Z_A; the signature must be made with it. */
    public SignerId signerId() {
        return signerId;
    }

    /** The signer certificate, whose public key the signature must verify under. */
    public X509CertificateHolder certificate() {
        return certificate;
    }

    /** Whether a CMS was already produced from this request. */
    public boolean completed() {
        return completed.get();
    }

    byte[] content() {
        return content;
    }

    byte[] signedAttributesInternal() {
        return signedAttributes;
    }

    boolean markCompleted() {
        return completed.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return "CmsSignatureRequest[serial=" + certificate.getSerialNumber().toString(16) + ", signingTime="
                + signingTime + (completed.get() ? ", completed" : "") + "]";
    }
}
