package org.medsign.crypto.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.cert.Pem;

/**
 * A {@link CertificateStore} in a directory, for the CLI's offline CA: {@code issued/SERIAL.pem} per certificate,
 * an append-only {@code revocations.log} ({@code REVOKE serial time reason} / {@code RELEASE serial time}) whose
 * replay gives the current state, and {@code crlnumber}. Writes go through a temporary file and an atomic move.
 */
public final class DirectoryCertificateStore implements CertificateStore {

    private final Path issuedDir;
    private final Path revocationLog;
    private final Path crlNumberFile;

    public DirectoryCertificateStore(Path dir) {
        this.issuedDir = dir.resolve("issued");
        this.revocationLog = dir.resolve("revocations.log");
        this.crlNumberFile = dir.resolve("crlnumber");
        try {
            Files.createDirectories(issuedDir);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot create " + issuedDir, e);
        }
    }

    @Override
    public synchronized void saveIssued(X509CertificateHolder certificate) {
        writeAtomically(issuedDir.resolve(SerialNumbers.hex(certificate.getSerialNumber()) + ".pem"),
                Pem.certificatePem(certificate));
    }

    @Override
    public Optional<X509CertificateHolder> findIssued(BigInteger serial) {
        Path file = issuedDir.resolve(SerialNumbers.hex(serial) + ".pem");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(Pem.readCertificates(file).get(0));
    }

    @Override
    public synchronized void saveRevocation(RevocationEntry entry) {
        append("REVOKE " + SerialNumbers.hex(entry.serial()) + " " + entry.revokedAt() + " " + entry.reason().code());
    }

    @Override
    public synchronized void releaseHold(BigInteger serial, Instant releasedAt) {
        append("RELEASE " + SerialNumbers.hex(serial) + " " + releasedAt);
    }

    @Override
    public synchronized Map<BigInteger, RevocationEntry> revocations() {
        Map<BigInteger, RevocationEntry> state = new LinkedHashMap<>();
        if (!Files.exists(revocationLog)) {
            return state;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(revocationLog, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot read " + revocationLog, e);
        }
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.trim().split(" ");
            try {
                BigInteger serial = SerialNumbers.parseHex(fields[1]);
                if (fields[0].equals("REVOKE")) {
                    state.put(serial, new RevocationEntry(serial, Instant.parse(fields[2]),
                            RevocationReason.ofCode(Integer.parseInt(fields[3]))));
                } else if (fields[0].equals("RELEASE")) {
                    state.remove(serial);
                } else {
                    throw new IllegalArgumentException(fields[0]);
                }
            } catch (RuntimeException e) {
                throw new MalformedInputException(revocationLog.getFileName() + " line " + number + " is corrupt", e);
            }
        }
        return state;
    }

    @Override
    public synchronized BigInteger nextCrlNumber() {
        BigInteger next = BigInteger.ONE;
        try {
            if (Files.exists(crlNumberFile)) {
                next = new BigInteger(Files.readString(crlNumberFile, StandardCharsets.US_ASCII).trim()).add(BigInteger.ONE);
            }
        } catch (IOException | NumberFormatException e) {
            throw new CryptoOperationException("cannot read " + crlNumberFile, e);
        }
        writeAtomically(crlNumberFile, next + "\n");
        return next;
    }

    private void append(String line) {
        try {
            Files.writeString(revocationLog, line + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot write " + revocationLog, e);
        }
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot write " + file, e);
        }
    }
}
