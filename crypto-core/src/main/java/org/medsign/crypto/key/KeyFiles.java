package org.medsign.crypto.key;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PBKDF2Config;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.WrongPasswordException;
import org.medsign.crypto.operator.BouncyCastle;
import org.medsign.crypto.sm.Sm2;

/**
 * PEM files for SM2 keys. Private keys are written as PKCS#8 {@code ENCRYPTED PRIVATE KEY}: PBES2 with
 * PBKDF2-HMAC-SHA256 (random 16-byte salt, {@value #DEFAULT_ITERATIONS} iterations) and AES-256-CBC, the form
 * OpenSSL 3 reads ({@code openssl pkey -in key.pem -passin env:VAR}); BouncyCastle's JCE offers no PBES2 with SM4,
 * and files must stay readable by standard tools. Keys kept by the hub are wrapped with SM4-GCM instead
 * ({@link org.medsign.crypto.sm.Sm4#wrap}). Reading also accepts unencrypted PKCS#8 and SEC1
 * {@code EC PRIVATE KEY} for import.
 */
public final class KeyFiles {

    /** PBKDF2 iteration count for new files. */
    public static final int DEFAULT_ITERATIONS = 200_000;

    private KeyFiles() {
    }

    /** PEM text of the private key, encrypted under the password. */
    public static String encryptedPem(PrivateKeyInfo privateKey, char[] password) {
        return encryptedPem(privateKey, password, DEFAULT_ITERATIONS);
    }

    /** PEM text of the private key, encrypted under the password with a chosen iteration count. */
    public static String encryptedPem(PrivateKeyInfo privateKey, char[] password, int iterations) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("a non-empty password is required to write a private key");
        }
        try {
            var encryptor = new JcePKCSPBEOutputEncryptorBuilder(
                    new PBKDF2Config.Builder().withIterationCount(iterations).withPRF(PBKDF2Config.PRF_SHA256)
                            .withSaltLength(16).build(),
                    NISTObjectIdentifiers.id_aes256_CBC)
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(password);
            PKCS8EncryptedPrivateKeyInfo encrypted = new PKCS8EncryptedPrivateKeyInfoBuilder(privateKey).build(encryptor);
            return pem(new PemObject("ENCRYPTED PRIVATE KEY", encrypted.getEncoded()));
        } catch (OperatorCreationException | IOException e) {
            throw new CryptoOperationException("cannot encrypt private key", e);
        }
    }

    /** Writes an encrypted key file readable by the owner only (where the file system supports POSIX modes). */
    public static void writeEncrypted(Path file, PrivateKeyInfo privateKey, char[] password) {
        writeOwnerOnly(file, encryptedPem(privateKey, password).getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads a private key file; encrypted files need the password. */
    public static SoftwareSigningKey readPrivateKey(Path file, char[] password) {
        return SoftwareSigningKey.of(file.getFileName().toString(), Sm2.fromPrivateKeyInfo(
                parsePrivateKey(readText(file), password)));
    }

    /** Parses PEM text of a private key (encrypted PKCS#8, PKCS#8, or SEC1). */
    public static PrivateKeyInfo parsePrivateKey(String pem, char[] password) {
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new MalformedInputException("not a PEM private key", e);
        }
        if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            if (password == null || password.length == 0) {
                throw new WrongPasswordException("the private key is encrypted and no password was given", null);
            }
            try {
                return encrypted.decryptPrivateKeyInfo(new JcePKCSPBEInputDecryptorProviderBuilder()
                        .setProvider(BouncyCastle.PROVIDER).build(password));
            } catch (PKCSException | RuntimeException e) {
                throw new WrongPasswordException("cannot decrypt the private key: wrong password", e);
            }
        }
        if (object instanceof PrivateKeyInfo info) {
            return info;
        }
        if (object instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (object instanceof ECPrivateKey sec1) {
            try {
                return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, Sm2.CURVE_OID),
                        sec1);
            } catch (IOException e) {
                throw new MalformedInputException("malformed EC private key", e);
            }
        }
        throw new MalformedInputException("the file holds no private key");
    }

    /** PEM text of a public key (SubjectPublicKeyInfo). */
    public static String publicKeyPem(ECPublicKeyParameters publicKey) {
        SubjectPublicKeyInfo info = Sm2.toSubjectPublicKeyInfo(publicKey);
        try {
            return pem(new PemObject("PUBLIC KEY", info.getEncoded()));
        } catch (IOException e) {
            throw new CryptoOperationException("cannot encode public key", e);
        }
    }

    /** Parses PEM text of a public key. */
    public static ECPublicKeyParameters parsePublicKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object instanceof SubjectPublicKeyInfo info) {
                return Sm2.fromSubjectPublicKeyInfo(info);
            }
        } catch (IOException | RuntimeException e) {
            throw new MalformedInputException("not a PEM public key", e);
        }
        throw new MalformedInputException("the text holds no public key");
    }

    static String pem(PemObject object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new MalformedInputException("cannot read key file " + file.getFileName(), e);
        }
    }

    /** Writes bytes to a new file with mode 600 where POSIX permissions exist. */
    public static void writeOwnerOnly(Path file, byte[] bytes) {
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot write " + file.getFileName(), e);
        }
    }
}
