package org.medsign.crypto.tsp;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.medsign.crypto.CryptoOperationException;

/** Serials persisted in a one-line file, incremented under an exclusive file lock (safe across CLI processes). */
public final class FileTimestampSerials implements TimestampSerials {

    private final Path file;

    public FileTimestampSerials(Path file) {
        this.file = file;
    }

    @Override
    public synchronized BigInteger next() {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(channel.size(), 1));
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            BigInteger next = text.isEmpty() ? BigInteger.ONE : new BigInteger(text).add(BigInteger.ONE);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((next + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            return next;
        } catch (IOException | NumberFormatException e) {
            throw new CryptoOperationException("cannot advance TSA serial in " + file.getFileName(), e);
        }
    }
}
