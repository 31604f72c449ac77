package org.medsign.crypto.cms;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.operator.ContentSigner;
import org.medsign.crypto.operator.Sm2ContentSigner;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.crypto.tsp.TimestampSource;

/**
 * {@link CmsSigner} split in two for a SignerInfo signature made outside the process, e.g. by the two-party protocol
 * of collaborative keys (协同签名): {@link #prepare} fixes the signing time and returns the exact signed-attribute
 * bytes to sign; {@link #complete} checks a DER SM3withSM2 signature over them under the certificate's public key
 * and builds the same SignedData {@link CmsSigner} would (same attributes, flavour, chain, CRLs, attachment,
 * handwriting attribute, signature timestamp), with that signature. It never outputs a CMS whose signature does not
 * verify. Built by {@link CmsSigner.Builder#buildTwoPhase()}; immutable and thread-safe. A signer built again from the
 * same settings (e.g. in the next HTTP request) completes a request prepared by another.
 */
public final class TwoPhaseCmsSigner {

    private final SignedDataAssembly assembly;
    private final ECPublicKeyParameters publicKey;
    private final SignerId signerId;
    private final Clock clock;
    private final TimestampSource timestamps;

    TwoPhaseCmsSigner(SignedDataAssembly assembly, SignerId signerId, Clock clock, TimestampSource timestamps) {
        this.assembly = assembly;
        this.publicKey = Sm2.fromSubjectPublicKeyInfo(assembly.certificate().getSubjectPublicKeyInfo());
        this.signerId = signerId;
        this.clock = clock;
        this.timestamps = timestamps;
    }

    /** Phase one: fixes the signing time (now, whole seconds) and returns the signed attributes to sign. */
    public CmsSignatureRequest prepare(byte[] content) {
        Instant signingTime = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        byte[] copy = content.clone();
        FixedSignature capture = new FixedSignature(new byte[0]);
        assembly.generate(copy, Date.from(signingTime), capture);
        return new CmsSignatureRequest(copy, signingTime, capture.signed(), signerId, assembly.certificate());
    }

    /**
     * Phase two: the SignedData with {@code derSignature} (SM3withSM2 over {@link CmsSignatureRequest#signedAttributes()}
     * with the request's signer ID, strict DER), timestamped if this signer has a source.
     *
     * @throws ExternalSignatureInvalidException the signature does not verify under the certificate's public key
     * @throws SignatureRequestCompletedException the request already produced its CMS
     * @throws SignatureRequestMismatchException the request was prepared with other settings
     */
    public CMSSignedData complete(CmsSignatureRequest request, byte[] derSignature) {
        if (!request.certificate().equals(assembly.certificate()) || !request.signerId().equals(signerId)) {
            throw new SignatureRequestMismatchException(
                    "the request was prepared for another certificate or signer ID than this signer's");
        }
        if (request.completed()) {
            throw new SignatureRequestCompletedException("the signature request " + request + " was already completed");
        }
        byte[] signature = derSignature.clone();
        if (!Sm2.verify(publicKey, signerId, request.signedAttributesInternal(), signature,
                Sm2SignatureEncoding.DER)) {
            throw new ExternalSignatureInvalidException("the SM2 signature does not verify over the prepared signed "
                    + "attributes under the public key of certificate " + request.certificate().getSerialNumber()
                    .toString(16));
        }
        FixedSignature fixed = new FixedSignature(signature);
        CMSSignedData signed = assembly.generate(request.content(), Date.from(request.signingTime()), fixed);
        if (!MessageDigest.isEqual(fixed.signed(), request.signedAttributesInternal())) {
            throw new SignatureRequestMismatchException(
                    "the signed attributes rebuilt by this signer differ from the prepared ones (flavour or extra "
                            + "attributes differ)");
        }
        CMSSignedData result = timestamps == null ? signed : SignatureTimestamps.addTo(signed, timestamps);
        if (!request.markCompleted()) {
            throw new SignatureRequestCompletedException("the signature request " + request + " was already completed");
        }
        return result;
    }

    /** DER of the ContentInfo with this signer's outer content type (as {@link CmsSigner#encode}). */
    public byte[] encode(CMSSignedData signed) {
        return CmsSigner.encode(signed, assembly.flavour());
    }

    /** Records what BouncyCastle asks to sign and answers with a signature given in advance. */
    private static final class FixedSignature implements ContentSigner {
        private final byte[] signature;
        private final ByteArrayOutputStream signed = new ByteArrayOutputStream();

        FixedSignature(byte[] signature) {
            this.signature = signature;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return Sm2ContentSigner.ALGORITHM;
        }

        @Override
        public OutputStream getOutputStream() {
            signed.reset();
            return signed;
        }

        @Override
        public byte[] getSignature() {
            return signature.clone();
        }

        byte[] signed() {
            return signed.toByteArray();
        }
    }
}
