package org.medsign.hub.evidence;

import java.util.Optional;

import org.medsign.crypto.sm.Sm2SignatureEncoding;

/**
 * What an evidence package needs from the request a signature was made for: the document and how a raw signature is
 * laid out. The signing module keeps the requests and implements this; evidence owns the interface so that it never
 * depends on signing (signing already depends on evidence for the audit chain and signature records).
 */
public interface SignedDocuments {

    /**
     * The document of a request, opened (null once the retention clean-up purged it: the package then carries the
     * digest only), and the encoding of its raw signature; empty when the request is unknown.
     */
    Optional<SignedDocument> signedDocument(long requestPk);

    /** The document (null when purged) and the raw signature encoding its request asked for. */
    record SignedDocument(byte[] content, Sm2SignatureEncoding rawEncoding) {
    }
}
