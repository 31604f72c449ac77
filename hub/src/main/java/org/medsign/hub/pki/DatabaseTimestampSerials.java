package org.medsign.hub.pki;

import java.math.BigInteger;

import org.medsign.crypto.tsp.TimestampSerials;
import org.springframework.jdbc.core.simple.JdbcClient;

/** TSA serials from the database sequence {@code tsa_serial_seq}: unique and increasing across nodes and restarts. */
final class DatabaseTimestampSerials implements TimestampSerials {

    private final JdbcClient jdbc;

    DatabaseTimestampSerials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public BigInteger next() {
        return BigInteger.valueOf(jdbc.sql("SELECT nextval('tsa_serial_seq')").query(Long.class).single());
    }
}
