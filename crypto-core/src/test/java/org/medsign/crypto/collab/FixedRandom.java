package org.medsign.crypto.collab;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/** A "random" source that hands out given byte strings in order, each exactly as long as requested. */
final class FixedRandom extends SecureRandom {

    private final Deque<byte[]> chunks = new ArrayDeque<>();

    FixedRandom(String... hexChunks) {
        for (String hex : hexChunks) {
            chunks.add(HexFormat.of().parseHex(hex));
        }
    }

    FixedRandom add(byte[] chunk) {
        chunks.add(chunk.clone());
        return this;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        byte[] next = chunks.poll();
        if (next == null || next.length != bytes.length) {
            throw new IllegalStateException("fixed randomness: asked for " + bytes.length + " bytes, have "
                    + (next == null ? "none" : next.length));
        }
        System.arraycopy(next, 0, bytes, 0, bytes.length);
    }

    boolean exhausted() {
        return chunks.isEmpty();
    }
}
