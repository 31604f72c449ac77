package org.medsign.hub.signing;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.adapters.model.Operation;

import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;

import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.medsign.crypto.cms.CmsSignatureRequest;
import org.medsign.crypto.cms.TwoPhaseCmsSigner;
import org.medsign.crypto.collab.CollabDelegation;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import java.security.SecureRandom;
import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.crypto.cms.CmsSigner;
import org.medsign.crypto.cms.SignatureTimestamps;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.HandwritingImages;
import org.medsign.hub.evidence.RevocationSnapshots;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.seal.SealProperties;
import org.medsign.hub.seal.SealUses;
import org.medsign.adapters.model.PdfOptions;
import org.medsign.crypto.pdf.EncryptedPdfException;
import org.medsign.crypto.pdf.FieldNotFoundException;
import org.medsign.crypto.pdf.KeywordNotFoundException;
import org.medsign.crypto.pdf.NotAPdfException;
import org.medsign.crypto.pdf.PageOutOfRangeException;
import org.medsign.crypto.pdf.PdfPlacement;
import org.medsign.crypto.pdf.PdfSignatureContent;
import org.medsign.crypto.pdf.PdfSignatures;
import org.medsign.crypto.pdf.PdfSigner;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The cryptography of a signature: CMS or raw SM2 with the signer's hub-held key, with a collaborative key's
 * delegation under a window, or completed from a collaborative signing round; plus the signature timestamp.
 */
@Component
public class SignatureMaker {

    /**
     * A made signature, its timestamp token (DER) if any, and the SM3 of the revocation snapshot (CRL) current when
     * it was made.
     */
    public record Made(SignedArtifact artifact, byte[] timestampToken, String revocationSnapshot,
                       SealUses.Chosen seal, String signedRangeSm3) {

        public Made(SignedArtifact artifact, byte[] timestampToken, String revocationSnapshot) {
            this(artifact, timestampToken, revocationSnapshot, null, null);
        }
    }

    private final KeyVault vault;
    private final HubPki pki;
    private final RevocationSnapshots revocations;
    private final SealProperties sealProperties;
    private final SecureRandom random = org.medsign.crypto.sm.PerThreadRandom.INSTANCE;

    public SignatureMaker(KeyVault vault, HubPki pki, RevocationSnapshots revocations, SealProperties sealProperties) {
        this.sealProperties = sealProperties;
        this.vault = vault;
        this.pki = pki;
        this.revocations = revocations;
    }

    /** Signs {@code request} as {@code signer}. */
    public Made sign(SigningRequest request, ResolvedSigner signer) {
        return sign(request, signer, null);
    }

    /**
     * Signs {@code request} as {@code signer} with the signer's hub-held key; a CMS signature with a
     * {@code handwriting} (null: none) carries the image's SM3 as a signed attribute
     * ({@link org.medsign.crypto.cms.HandwritingAttribute}).
     */
    public Made sign(SigningRequest request, ResolvedSigner signer, HandwritingImages.Checked handwriting) {
        SigningKeyRef key = vault.find(signer.credential().keyAlias())
                .orElseThrow(() -> new HubException(ErrorCode.SIGNER_KEY_MISSING, "key of certificate "
                        + signer.credential().serial() + " is missing from the vault"));
        Instant signedAt = Instant.now();
        if (request.operation() == Operation.RAW) {
            return raw(request, signer, key.sign(request.content(), SignerId.DEFAULT, request.options().encoding()),
                    signedAt);
        }
        CmsSigner.Builder builder = cmsBuilder(request, signer, handwriting).key(key);
        CmsSigner cms = builder.build();
        return cms(request, signer, cms.signToCms(request.content()), signedAt);
    }

    /**
     * Signs the PDF of {@code request} ({@link Operation#PDF}) as {@code signer} with the signer's hub-held key: one
     * visible signature with {@code seal}'s image where the request's options place it, in an incremental update; the
     * made artifact's signature is the whole signed PDF, its timestamp the one in the new signature's CMS.
     *
     * @throws HubException {@link ErrorCode#PDF_INVALID} when the PDF cannot take the signature as asked (not a PDF,
     *                      encrypted, keyword not found, page out of range, form field missing or not an empty
     *                      signature field, certification not possible)
     */
    public Made signPdf(SigningRequest request, ResolvedSigner signer, SealUses.Chosen seal) {
        SigningKeyRef key = vault.find(signer.credential().keyAlias())
                .orElseThrow(() -> new HubException(ErrorCode.SIGNER_KEY_MISSING, "key of certificate "
                        + signer.credential().serial() + " is missing from the vault"));
        Instant signedAt = Instant.now();
        PdfOptions options = request.options().pdf();
        double width = options.widthMm() != null ? options.widthMm() : seal.seal().widthMm();
        double height = options.heightMm() != null ? options.heightMm() : seal.seal().heightMm();
        PdfPlacement placement = options.placement(width, height);
        PdfSigner.Builder builder = PdfSigner.builder().key(key).certificate(signer.credential().certificate())
                .chain(pki.chain()).sealImage(seal.png()).certify(options.certify());
        if (request.options().timestamp()) {
            builder.timestamps(pki.timestamps());
        }
        if (request.scenario() != null) {
            builder.reason(request.scenario());
        }
        if (sealProperties.pdfText() && java.nio.file.Files.isReadable(java.nio.file.Path.of(sealProperties.pdfFont()))) {
            builder.text(java.nio.file.Path.of(sealProperties.pdfFont()));
        }
        byte[] signedPdf;
        try {
            signedPdf = builder.build().sign(request.content(), placement);
        } catch (EncryptedPdfException e) {
            throw new HubException(ErrorCode.PDF_ENCRYPTED, e.getMessage(), e);
        } catch (NotAPdfException | KeywordNotFoundException | PageOutOfRangeException | FieldNotFoundException e) {
            throw new HubException(ErrorCode.PDF_INVALID, e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new HubException(ErrorCode.PDF_INVALID, e.getMessage(), e);
        }
        byte[] tokenDer = null;
        Instant timestampTime = null;
        List<PdfSignatureContent> contents = PdfSignatures.contents(signedPdf);
        PdfSignatureContent added = contents.get(contents.size() - 1);
        if (request.options().timestamp()) {
            try {
                CMSSignedData cms = new CMSSignedData(added.cms());
                TimeStampToken token = SignatureTimestamps.of(cms.getSignerInfos().getSigners().iterator().next());
                tokenDer = encoded(token);
                timestampTime = token.getTimeStampInfo().getGenTime().toInstant();
            } catch (CMSException e) {
                throw new HubException(ErrorCode.SIGNING_FAILED, "the new PDF signature's CMS is unreadable", e);
            }
        }
        Made made = made(request, signer, signedPdf, signedAt, tokenDer, timestampTime);
        return new Made(made.artifact(), made.timestampToken(), made.revocationSnapshot(), seal,
                HexFormat.of().formatHex(Sm3.digest(added.signedBytes())));
    }

    /**
     * Signs {@code request} under a signing window with the joint key the signer's device delegated for it
     * ({@link WindowDelegations}, collaborative keys): the same CMS or raw signature as {@link #sign}.
     */
    public Made signDelegated(SigningRequest request, ResolvedSigner signer, CollabDelegation delegated) {
        Instant signedAt = Instant.now();
        if (request.operation() == Operation.RAW) {
            return raw(request, signer, delegated.sign(SignerId.DEFAULT, request.content(),
                    request.options().encoding(), random), signedAt);
        }
        TwoPhaseCmsSigner cms = twoPhase(request, signer, null);
        CmsSignatureRequest prepared = cms.prepare(request.content());
        byte[] der = delegated.sign(prepared.signerId(), prepared.signedAttributes(), Sm2SignatureEncoding.DER,
                random);
        return cms(request, signer, cms.complete(prepared, der), signedAt);
    }

    /**
     * The signature the signer's device and the hub made together in the signing round ({@link CollaborativeRounds}):
     * a SignedData without its signature timestamp ({@link #cosignedBytes}), or a raw signature; timestamped here.
     */
    public Made completeCosigned(SigningRequest request, ResolvedSigner signer, byte[] cosigned) {
        Instant signedAt = Instant.now();
        if (request.operation() == Operation.RAW) {
            return raw(request, signer, cosigned.clone(), signedAt);
        }
        CMSSignedData signed;
        try {
            signed = new CMSSignedData(cosigned);
        } catch (CMSException e) {
            throw new HubException(ErrorCode.SIGNING_FAILED, "the co-signed SignedData kept with the task is unreadable",
                    e);
        }
        return cms(request, signer, signed, signedAt);
    }

    /** The bytes of a co-signed SignedData as {@link #completeCosigned} reads them back. */
    public static byte[] cosignedBytes(CMSSignedData signed) {
        try {
            return signed.getEncoded();
        } catch (IOException e) {
            throw new HubException(ErrorCode.SIGNING_FAILED, "cannot encode the co-signed SignedData", e);
        }
    }

    /**
     * The two-phase CMS signer for a collaborative key: the CMS the hub-held path makes (flavour, attachment, chain,
     * handwriting attribute), without a timestamp (added when the signature is recorded).
     */
    public TwoPhaseCmsSigner twoPhase(SigningRequest request, ResolvedSigner signer,
                                      HandwritingImages.Checked handwriting) {
        return cmsBuilder(request, signer, handwriting).buildTwoPhase();
    }

    private CmsSigner.Builder cmsBuilder(SigningRequest request, ResolvedSigner signer,
                                         HandwritingImages.Checked handwriting) {
        CmsSigner.Builder builder = CmsSigner.builder().certificate(signer.credential().certificate())
                .chain(pki.chain()).attached(!request.options().detached()).flavour(request.options().flavour());
        if (handwriting != null) {
            builder.handwriting(handwriting.attribute());
        }
        return builder;
    }

    private Made raw(SigningRequest request, ResolvedSigner signer, byte[] signature, Instant signedAt) {
        byte[] tokenDer = null;
        Instant timestampTime = null;
        if (request.options().timestamp()) {
            TimeStampToken token = pki.timestamps().timestamp(Digests.SM3, Sm3.digest(signature));
            tokenDer = encoded(token);
            timestampTime = token.getTimeStampInfo().getGenTime().toInstant();
        }
        return made(request, signer, signature, signedAt, tokenDer, timestampTime);
    }

    private Made cms(SigningRequest request, ResolvedSigner signer, CMSSignedData signed, Instant signedAt) {
        byte[] tokenDer = null;
        Instant timestampTime = null;
        if (request.options().timestamp()) {
            signed = SignatureTimestamps.addTo(signed, pki.timestamps());
            TimeStampToken token = SignatureTimestamps.of(signed.getSignerInfos().getSigners().iterator().next());
            tokenDer = encoded(token);
            timestampTime = token.getTimeStampInfo().getGenTime().toInstant();
        }
        return made(request, signer, CmsSigner.encode(signed, request.options().flavour()), signedAt, tokenDer,
                timestampTime);
    }

    private Made made(SigningRequest request, ResolvedSigner signer, byte[] signature, Instant signedAt,
                      byte[] tokenDer, Instant timestampTime) {
        String contentSm3 = HexFormat.of().formatHex(Sm3.digest(request.content()));
        // to the microsecond, as the database keeps it: the waiting caller answers with this artifact, not its copy
        SignedArtifact artifact = new SignedArtifact(org.medsign.crypto.sm.PerThreadRandom.uuid().toString(), request.systemId(),
                request.requestId(), signer.staffId(), signer.credential().serial(), request.operation(), signature,
                contentSm3, signedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS), timestampTime);
        // the revocation data of the signing time, kept for evidence packages (the same CRL is stored once)
        return new Made(artifact, tokenDer, revocations.capture(pki.currentCrl()), null, null);
    }

    private static byte[] encoded(TimeStampToken token) {
        try {
            return token.getEncoded();
        } catch (IOException e) {
            throw new HubException(ErrorCode.TIMESTAMP_ENCODING, "cannot encode timestamp token", e);
        }
    }
}
