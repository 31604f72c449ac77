package org.medsign.hub.pki;

import java.math.BigInteger;

import org.medsign.crypto.tsp.TimestampSerials;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * TSA serials from the database sequence {@code tsa_serial_seq} (INCREMENT BY 64), handed out in blocks of 64 per
 * node: unique across nodes and restarts, increasing within a node, one database round trip per 64 tokens. A
 * restart skips the rest of its block (gaps are allowed; duplicates are not).
 */
final class DatabaseTimestampSerials implements TimestampSerials {

    static final int BLOCK = 64;

    private final JdbcClient jdbc;
    private long next;
    private long end;

    DatabaseTimestampSerials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public synchronized BigInteger next() {
        if (next >= end) {
            long blockStart = jdbc.sql("SELECT nextval('tsa_serial_seq')").query(Long.class).single();
            next = blockStart;
            end = blockStart + BLOCK;
        }
        return BigInteger.valueOf(next++);
    }
}
