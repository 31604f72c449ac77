package org.medsign.crypto.cms;

import org.medsign.crypto.MedsignCryptoException;

/**
 * A signature handed to {@link TwoPhaseCmsSigner#complete} does not verify over the prepared signed attributes under
 * the certificate's public key (wrong key, other bytes, another signer ID, not strict DER). No CMS was built.
 */
public class ExternalSignatureInvalidException extends MedsignCryptoException {

    public ExternalSignatureInvalidException(String message) {
        super(message);
    }
}
