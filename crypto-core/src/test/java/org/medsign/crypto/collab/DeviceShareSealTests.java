package org.medsign.crypto.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.WrongPasswordException;

/** The device share sealed under PIN + pepper: opens only with both, and any change to the bytes is detected. */
class DeviceShareSealTests {

    private final SecureRandom random = new SecureRandom();
    private final InProcessCollab.Key key = new InProcessCollab().keygen();
    private final byte[] pepper = new byte[DeviceShareSeal.PEPPER_LENGTH];
    private final char[] pin = "246810".toCharArray();

    DeviceShareSealTests() {
        random.nextBytes(pepper);
    }

    @Test
    void aSealedShareOpensWithThePinAndPepperAndStillSigns() {
        byte[] sealed = DeviceShareSeal.seal(key.client(), pin, pepper, random);

        ClientShare opened = DeviceShareSeal.open(sealed, pin, pepper);

        assertThat(sealed).hasSize(DeviceShareSeal.LENGTH);
        assertThat(opened.exportForSealing()).isEqualTo(key.client().exportForSealing());
        assertThat(opened.publicKey().getQ()).isEqualTo(key.client().publicKey().getQ());
        var collab = new InProcessCollab();
        byte[] message = InProcessCollab.utf8("after unlock");
        CollabSignature signature = collab.sign(new InProcessCollab.Key(opened, key.server()), message);
        assertThat(CollabProtocolTests.verifiesWithBouncyCastle(opened.publicKey(), message, signature.toDer()))
                .isTrue();
    }

    @Test
    void aWrongPinOrAWrongPepperFailsAuthentication() {
        byte[] sealed = DeviceShareSeal.seal(key.client(), pin, pepper, random);
        byte[] otherPepper = pepper.clone();
        otherPepper[0] ^= 1;

        assertThatThrownBy(() -> DeviceShareSeal.open(sealed, "246811".toCharArray(), pepper))
                .isInstanceOf(WrongPasswordException.class).hasMessageContaining("wrong PIN or pepper");
        assertThatThrownBy(() -> DeviceShareSeal.open(sealed, pin, otherPepper))
                .isInstanceOf(WrongPasswordException.class);
    }

    @Test
    void anyChangeToTheSealedBytesIsDetected() {
        byte[] sealed = DeviceShareSeal.seal(key.client(), pin, pepper, random);
        // salt, nonce, public key, ciphertext and tag are all authenticated (the iteration count too, see below)
        for (int i : new int[] {9, 25, 37, 60, 102, 120, 140, 149}) {
            byte[] changed = sealed.clone();
            changed[i] ^= 0x01;
            assertThatThrownBy(() -> DeviceShareSeal.open(changed, pin, pepper)).as("byte %d", i)
                    .isInstanceOfAny(WrongPasswordException.class, MalformedInputException.class,
                            CollabProtocolException.class);
        }
        byte[] moreIterations = sealed.clone();
        moreIterations[8] ^= 0x01; // 100,001: allowed count, but authenticated
        assertThatThrownBy(() -> DeviceShareSeal.open(moreIterations, pin, pepper))
                .isInstanceOf(WrongPasswordException.class);
    }

    @Test
    void malformedSealsAndWeakParametersAreRefused() {
        byte[] sealed = DeviceShareSeal.seal(key.client(), pin, pepper, random);
        byte[] badMagic = sealed.clone();
        badMagic[0] = 'X';
        byte[] fewIterations = sealed.clone();
        fewIterations[6] = 0; // 100,000 = 0x000186A0 → 0x000086A0

        assertThatThrownBy(() -> DeviceShareSeal.open(badMagic, pin, pepper))
                .isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> DeviceShareSeal.open(java.util.Arrays.copyOf(sealed, 149), pin, pepper))
                .isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> DeviceShareSeal.open(fewIterations, pin, pepper))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("iteration");
        assertThatThrownBy(() -> DeviceShareSeal.seal(key.client(), pin, pepper, 99_999, random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceShareSeal.seal(key.client(), pin, new byte[16], random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceShareSeal.seal(key.client(), new char[0], pepper, random))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
