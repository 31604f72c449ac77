package org.medsign.hub.signing;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.adapters.model.Operation;

import java.io.IOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import org.bouncycastle.cms.CMSSignedData;
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
import org.springframework.stereotype.Component;

/** The cryptography of a signature: CMS or raw SM2 with the signer's hub-held key, plus the signature timestamp. */
@Component
public class SignatureMaker {

    /**
     * A made signature, its timestamp token (DER) if any, and the SM3 of the revocation snapshot (CRL) current when
     * it was made.
     */
    public record Made(SignedArtifact artifact, byte[] timestampToken, String revocationSnapshot) {
    }

    private final KeyVault vault;
    private final HubPki pki;
    private final RevocationSnapshots revocations;

    public SignatureMaker(KeyVault vault, HubPki pki, RevocationSnapshots revocations) {
        this.vault = vault;
        this.pki = pki;
        this.revocations = revocations;
    }

    /** Signs {@code request} as {@code signer}. */
    public Made sign(SigningRequest request, ResolvedSigner signer) {
        return sign(request, signer, null);
    }

    /**
     * Signs {@code request} as {@code signer}; a CMS signature with a {@code handwriting} (null: none) carries the
     * image's SM3 as a signed attribute ({@link org.medsign.crypto.cms.HandwritingAttribute}).
     */
    public Made sign(SigningRequest request, ResolvedSigner signer, HandwritingImages.Checked handwriting) {
        SigningKeyRef key = vault.find(signer.credential().keyAlias())
                .orElseThrow(() -> new HubException(ErrorCode.SIGNER_KEY_MISSING, "key of certificate "
                        + signer.credential().serial() + " is missing from the vault"));
        Instant signedAt = Instant.now();
        String contentSm3 = HexFormat.of().formatHex(Sm3.digest(request.content()));
        byte[] signature;
        byte[] tokenDer = null;
        Instant timestampTime = null;
        if (request.operation() == Operation.RAW) {
            signature = key.sign(request.content(), SignerId.DEFAULT, request.options().encoding());
            if (request.options().timestamp()) {
                TimeStampToken token = pki.timestamps().timestamp(Digests.SM3, Sm3.digest(signature));
                tokenDer = encoded(token);
                timestampTime = token.getTimeStampInfo().getGenTime().toInstant();
            }
        } else {
            CmsSigner.Builder builder = CmsSigner.builder().key(key).certificate(signer.credential().certificate())
                    .chain(pki.chain()).attached(!request.options().detached()).flavour(request.options().flavour());
            if (handwriting != null) {
                builder.handwriting(handwriting.attribute());
            }
            CmsSigner cms = builder.build();
            CMSSignedData signed = cms.signToCms(request.content());
            if (request.options().timestamp()) {
                signed = SignatureTimestamps.addTo(signed, pki.timestamps());
                TimeStampToken token = SignatureTimestamps.of(signed.getSignerInfos().getSigners().iterator().next());
                tokenDer = encoded(token);
                timestampTime = token.getTimeStampInfo().getGenTime().toInstant();
            }
            signature = cms.encode(signed);
        }
        SignedArtifact artifact = new SignedArtifact(UUID.randomUUID().toString(), request.systemId(),
                request.requestId(), signer.staffId(), signer.credential().serial(), request.operation(), signature,
                contentSm3, signedAt, timestampTime);
        // the revocation data of the signing time, kept for evidence packages (the same CRL is stored once)
        return new Made(artifact, tokenDer, revocations.capture(pki.currentCrl()));
    }

    private static byte[] encoded(TimeStampToken token) {
        try {
            return token.getEncoded();
        } catch (IOException e) {
            throw new HubException(ErrorCode.TIMESTAMP_ENCODING, "cannot encode timestamp token", e);
        }
    }
}
