package org.medsign.crypto.cms;

import org.medsign.crypto.MedsignCryptoException;

/**
 * A {@link CmsSignatureRequest} was completed by a {@link TwoPhaseCmsSigner} with other settings than the one that
 * prepared it (another certificate or signer ID, or signed attributes that come out differently: flavour, extra
 * attributes). No CMS was built.
 */
public class SignatureRequestMismatchException extends MedsignCryptoException {

    public SignatureRequestMismatchException(String message) {
        super(message);
    }
}
