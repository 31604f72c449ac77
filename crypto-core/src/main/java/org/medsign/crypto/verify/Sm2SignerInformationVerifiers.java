package org.medsign.crypto.verify;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.operator.Sm2ContentVerifierProvider;
import org.medsign.crypto.sm.Sm2;

/** BouncyCastle {@link SignerInformationVerifier}s for SM2 that accept both SignerInfo algorithm encodings. */
final class Sm2SignerInformationVerifiers {

    private static final AlgorithmIdentifier SM3_WITH_SM2 =
            new DefaultSignatureAlgorithmIdentifierFinder().find("SM3WITHSM2");

    private Sm2SignerInformationVerifiers() {
    }

    static SignerInformationVerifier of(Sm2ContentVerifierProvider provider) {
        // The name generator maps every (SM3, SM2-ish) pair to SM3withSM2; callers check the OIDs beforehand.
        return new SignerInformationVerifier((digest, encryption) -> "SM3WITHSM2",
                name -> SM3_WITH_SM2, provider, Digests.provider());
    }

    static boolean isSm2(String encryptionOid) {
        return Sm2.SM3_WITH_SM2_OID.getId().equals(encryptionOid) || Sm2.SIGN_OID.getId().equals(encryptionOid)
                || Sm2.CURVE_OID.getId().equals(encryptionOid)
                || "1.2.840.10045.2.1".equals(encryptionOid); // id-ecPublicKey, written by some producers
    }

}
