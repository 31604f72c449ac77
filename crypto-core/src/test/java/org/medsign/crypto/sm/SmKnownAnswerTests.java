package org.medsign.crypto.sm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.bouncycastle.util.test.TestRandomBigInteger;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.MalformedInputException;

/** Known-answer vectors from ../shared/STANDARDS.md: GB/T 32918.5 Annex A, SM3, SM4. */
class SmKnownAnswerTests {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void sm2SignatureMatchesGbt32918AnnexA() {
        Sm2KeyPair pair = Sm2.keyPairOf(new BigInteger(
                "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8", 16));
        SecureRandom fixedK = new TestRandomBigInteger(
                "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21", 16);

        byte[] signature = Sm2.sign(pair.privateKey(), SignerId.DEFAULT,
                "message digest".getBytes(StandardCharsets.US_ASCII), Sm2SignatureEncoding.PLAIN, fixedK);

        assertThat(HEX.formatHex(signature).toUpperCase()).isEqualTo(
                "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
                        + "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA");
        assertThat(Sm2.verify(pair.publicKey(), SignerId.DEFAULT, "message digest".getBytes(StandardCharsets.US_ASCII),
                signature, Sm2SignatureEncoding.PLAIN)).isTrue();
    }

    @Test
    void pooledSignerProducesTheSameAnswerWithTheSameNonce() {
        Sm2KeyPair pair = Sm2.keyPairOf(new BigInteger(
                "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8", 16));
        Sm2PrivateKeySigner pooled = new Sm2PrivateKeySigner(pair.privateKey(), new TestRandomBigInteger(
                "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21", 16));
        byte[] message = "message digest".getBytes(StandardCharsets.US_ASCII);

        byte[] signature = pooled.sign(message, 0, message.length, SignerId.DEFAULT, Sm2SignatureEncoding.PLAIN);

        assertThat(HEX.formatHex(signature, 0, 32).toUpperCase())
                .isEqualTo("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3");
    }

    @Test
    void pooledSignerIsReusableAcrossSignatures() {
        Sm2KeyPair pair = Sm2.generateKeyPair(new SecureRandom());
        Sm2PrivateKeySigner pooled = new Sm2PrivateKeySigner(pair.privateKey(), new SecureRandom());
        for (int i = 0; i < 5; i++) {
            byte[] message = ("document " + i).getBytes(StandardCharsets.UTF_8);
            byte[] der = pooled.sign(message, 0, message.length, SignerId.DEFAULT, Sm2SignatureEncoding.DER);
            assertThat(Sm2.verify(pair.publicKey(), SignerId.DEFAULT, message, der, Sm2SignatureEncoding.DER)).isTrue();
            assertThat(Sm2.verify(pair.publicKey(), SignerId.EMPTY, message, der, Sm2SignatureEncoding.DER)).isFalse();
        }
    }

    @Test
    void signerIdEntersTheSignature() {
        Sm2KeyPair pair = Sm2.generateKeyPair(new SecureRandom());
        byte[] message = "m".getBytes(StandardCharsets.UTF_8);
        byte[] signature = Sm2.sign(pair.privateKey(), SignerId.of("ALICE123@YAHOO.COM"), message,
                Sm2SignatureEncoding.DER, new SecureRandom());

        assertThat(Sm2.verify(pair.publicKey(), SignerId.of("ALICE123@YAHOO.COM"), message, signature,
                Sm2SignatureEncoding.DER)).isTrue();
        assertThat(Sm2.verify(pair.publicKey(), SignerId.DEFAULT, message, signature, Sm2SignatureEncoding.DER))
                .isFalse();
    }

    @Test
    void sm3MatchesPublishedVectors() {
        assertThat(HEX.formatHex(Sm3.digest("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assertThat(HEX.formatHex(Sm3.digest("abcd".repeat(16).getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    @Test
    void hmacSm3DependsOnKeyAndData() {
        byte[] a = Sm3.hmac("k1".getBytes(), "data".getBytes());
        assertThat(a).hasSize(32).isEqualTo(Sm3.hmac("k1".getBytes(), "data".getBytes()));
        assertThat(a).isNotEqualTo(Sm3.hmac("k2".getBytes(), "data".getBytes()));
    }

    @Test
    void sm4MatchesPublishedVector() {
        byte[] key = HEX.parseHex("0123456789abcdeffedcba9876543210");
        byte[] cipher = Sm4.encryptBlock(key, key);
        assertThat(HEX.formatHex(cipher)).isEqualTo("681edf34d206965e86b3e94f536e4246");
        assertThat(Sm4.decryptBlock(key, cipher)).isEqualTo(key);
    }

    @Test
    void sm4CbcAndGcmRoundTripAndDetectTampering() {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        byte[] iv = new byte[16];
        byte[] secret = "病历签名密钥".getBytes(StandardCharsets.UTF_8);
        assertThat(Sm4.decryptCbc(key, iv, Sm4.encryptCbc(key, iv, secret))).isEqualTo(secret);

        byte[] wrapped = Sm4.wrap(key, secret, "alias".getBytes(), new SecureRandom());
        assertThat(Sm4.unwrap(key, wrapped, "alias".getBytes())).isEqualTo(secret);
        wrapped[wrapped.length - 1] ^= 1;
        assertThatThrownBy(() -> Sm4.unwrap(key, wrapped, "alias".getBytes()))
                .isInstanceOf(MalformedInputException.class).hasMessageContaining("authentication failed");
    }
}
