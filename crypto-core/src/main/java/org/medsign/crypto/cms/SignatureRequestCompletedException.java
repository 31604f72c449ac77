package org.medsign.crypto.cms;

import org.medsign.crypto.MedsignCryptoException;

/** A {@link CmsSignatureRequest} that already produced its CMS was handed to {@link TwoPhaseCmsSigner#complete} again. */
public class SignatureRequestCompletedException extends MedsignCryptoException {

    public SignatureRequestCompletedException(String message) {
        super(message);
    }
}
