package org.medsign.crypto.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.WrongPasswordException;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

class KeyFilesTests {

    private static final char[] PASSWORD = "correct horse".toCharArray();

    @Test
    void encryptedPemRoundTripsAndSignsWithTheSameKey() {
        SoftwareSigningKey key = SoftwareSigningKey.generate("k");
        String pem = KeyFiles.encryptedPem(key.exportPrivateKeyInfo(), PASSWORD, 1000);

        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        SoftwareSigningKey loaded = SoftwareSigningKey.of("k", Sm2.fromPrivateKeyInfo(KeyFiles.parsePrivateKey(pem, PASSWORD)));
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        byte[] signature = loaded.sign(data, SignerId.DEFAULT, Sm2SignatureEncoding.DER);
        assertThat(Sm2.verify(key.publicKey(), SignerId.DEFAULT, data, signature, Sm2SignatureEncoding.DER)).isTrue();
    }

    @Test
    void wrongPasswordIsReportedAsSuch() {
        String pem = KeyFiles.encryptedPem(SoftwareSigningKey.generate("k").exportPrivateKeyInfo(), PASSWORD, 1000);
        assertThatThrownBy(() -> KeyFiles.parsePrivateKey(pem, "wrong".toCharArray()))
                .isInstanceOf(WrongPasswordException.class).hasMessageContaining("wrong password");
        assertThatThrownBy(() -> KeyFiles.parsePrivateKey(pem, null))
                .isInstanceOf(WrongPasswordException.class).hasMessageContaining("no password");
    }

    @Test
    void garbageIsMalformedInput() {
        assertThatThrownBy(() -> KeyFiles.parsePrivateKey("not a key", PASSWORD))
                .isInstanceOf(MalformedInputException.class);
        assertThatThrownBy(() -> KeyFiles.parsePrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                PASSWORD)).isInstanceOf(MalformedInputException.class);
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        SoftwareSigningKey key = SoftwareSigningKey.generate("staff-D0001");
        String d = Sm2.toPrivateKeyInfo(Sm2.keyPairOf(java.math.BigInteger.TEN).privateKey()).toString();
        assertThat(key.toString()).contains("staff-D0001").doesNotContain(d);
    }
}
