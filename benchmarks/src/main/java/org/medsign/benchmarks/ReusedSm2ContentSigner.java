package org.medsign.benchmarks;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * The raw BouncyCastle baseline's content signer: SM3withSM2 (1.2.156.10197.1.501) over one SM2Signer initialised
 * once, which resets itself to "Z_A absorbed" after every signature. One per thread; written with BouncyCastle only.
 */
public final class ReusedSm2ContentSigner implements ContentSigner {

    /** The GM/T 0009 default signer ID. */
    public static final byte[] DEFAULT_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    private static final AlgorithmIdentifier SM3_WITH_SM2 =
            new AlgorithmIdentifier(GMObjectIdentifiers.sm2sign_with_sm3);

    private final SM2Signer signer = new SM2Signer();
    private final OutputStream stream = new OutputStream() {
        @Override
        public void write(int b) {
            signer.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            signer.update(b, off, len);
        }
    };

    /** Initialises the signer once for the key, with the default ID. */
    public ReusedSm2ContentSigner(ECPrivateKeyParameters privateKey, SecureRandom random) {
        signer.init(true, new ParametersWithID(new ParametersWithRandom(privateKey, random), DEFAULT_ID));
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return SM3_WITH_SM2;
    }

    @Override
    public OutputStream getOutputStream() {
        return stream;
    }

    @Override
    public byte[] getSignature() {
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new RuntimeOperatorException("SM2 signature failed", e);
        }
    }
}
