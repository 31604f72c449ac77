package org.medsign.crypto.collab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.SplittableRandom;

import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.sm.SignerId;

/** 10,000 jointly made signatures over random messages, each checked by a fresh BouncyCastle SM2Signer. */
class CollabBulkSignatureTests {

    private static final int SIGNATURES = 10_000;
    private static final int KEYS = 4;

    @Test
    void tenThousandRandomSignaturesVerifyWithBouncyCastle() {
        InProcessCollab collab = new InProcessCollab();
        InProcessCollab.Key[] keys = new InProcessCollab.Key[KEYS];
        SM2Signer[] verifiers = new SM2Signer[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = collab.keygen();
            verifiers[i] = new SM2Signer(StandardDSAEncoding.INSTANCE);
            verifiers[i].init(false, new ParametersWithID(keys[i].client().publicKey(), SignerId.DEFAULT.bytes()));
        }
        SplittableRandom lengths = new SplittableRandom(new SecureRandom().nextLong());
        SecureRandom content = new SecureRandom();
        int verified = 0;
        for (int i = 0; i < SIGNATURES; i++) {
            byte[] message = new byte[lengths.nextInt(0, 300)];
            content.nextBytes(message);
            if (message.length >= 4) {
                ByteBuffer.wrap(message).putInt(i); // distinct messages
            }
            int k = i % KEYS;
            byte[] der = collab.sign(keys[k], message).toDer();
            verifiers[k].update(message, 0, message.length);
            if (verifiers[k].verifySignature(der)) { // verifySignature resets the signer to "Z_A absorbed"
                verified++;
            }
        }
        assertThat(verified).isEqualTo(SIGNATURES);
    }
}
