package org.medsign.crypto.tsp;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.tsp.TimeStampToken;

/** Something that timestamps a hash: the embedded TSA or an external one over HTTP. */
public interface TimestampSource {

    /** A token over {@code imprint}, the hash of the data made with {@code hashAlgorithm} (SM3 or SHA-256). */
    TimeStampToken timestamp(AlgorithmIdentifier hashAlgorithm, byte[] imprint);
}
