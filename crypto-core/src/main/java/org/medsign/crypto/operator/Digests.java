package org.medsign.crypto.operator;

import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.UnsupportedAlgorithmException;
import org.medsign.crypto.sm.Sm3;

/** Digest calculators for the hash algorithms the hub accepts: SM3 (always) and SHA-256 (timestamp imprints). */
public final class Digests {

    /** SM3 algorithm identifier (parameters absent). */
    public static final AlgorithmIdentifier SM3 = new AlgorithmIdentifier(Sm3.OID);
    /** SHA-256 algorithm identifier. */
    public static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
    /** OIDs of the accepted hash algorithms. */
    public static final Set<ASN1ObjectIdentifier> ACCEPTED = Set.of(Sm3.OID, NISTObjectIdentifiers.id_sha256);

    private static final DigestCalculatorProvider PROVIDER = new BcDigestCalculatorProvider();

    private Digests() {
    }

    /** The BouncyCastle digest calculator provider (lightweight API). */
    public static DigestCalculatorProvider provider() {
        return PROVIDER;
    }

    /** A fresh calculator for an accepted algorithm. */
    public static DigestCalculator calculator(AlgorithmIdentifier algorithm) {
        if (!ACCEPTED.contains(algorithm.getAlgorithm())) {
            throw new UnsupportedAlgorithmException("unsupported hash algorithm " + algorithm.getAlgorithm());
        }
        try {
            return PROVIDER.get(algorithm);
        } catch (OperatorCreationException e) {
            throw new CryptoOperationException("no digest for " + algorithm.getAlgorithm(), e);
        }
    }

    /** Hashes data with an accepted algorithm. */
    public static byte[] digest(AlgorithmIdentifier algorithm, byte[] data) {
        DigestCalculator calculator = calculator(algorithm);
        try (var out = calculator.getOutputStream()) {
            out.write(data);
        } catch (java.io.IOException e) {
            throw new CryptoOperationException("digest failed", e);
        }
        return calculator.getDigest();
    }

    /** A human name for an accepted algorithm ("SM3", "SHA-256"). */
    public static String name(ASN1ObjectIdentifier oid) {
        if (Sm3.OID.equals(oid)) {
            return "SM3";
        }
        if (NISTObjectIdentifiers.id_sha256.equals(oid)) {
            return "SHA-256";
        }
        return oid.getId();
    }
}
