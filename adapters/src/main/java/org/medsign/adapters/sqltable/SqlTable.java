package org.medsign.adapters.sqltable;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The intermediate table (中间表) of one system, in the system's own database (any JDBC URL whose driver is on the
 * hub's class path). Opens its connections itself, so the hub never depends on the system's database being up: a
 * poll or write-back that finds it down fails and is tried again. Table and column names are fixed (see
 * docs/integration.md, "sqltable"); only the table name is configurable.
 */
public final class SqlTable {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    private final String url;
    private final String user;
    private final String password;
    private final String table;

    public SqlTable(String url, String user, String password, String table) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("jdbcUrl must be a JDBC URL (jdbc:…)");
        }
        if (table == null || !NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("table must be a plain SQL name, e.g. sign_queue");
        }
        this.url = url;
        this.user = user == null ? "" : user;
        this.password = password == null ? "" : password;
        this.table = table;
    }

    /** The table's name. */
    public String table() {
        return table;
    }

    /** A new connection in auto-commit mode. */
    public Connection connect() throws SQLException {
        Connection connection = user.isEmpty() ? DriverManager.getConnection(url)
                : DriverManager.getConnection(url, user, password);
        connection.setAutoCommit(true);
        return connection;
    }

    /** Creates the table when it does not exist (the embedded default; production tables are made by the DBA). */
    public void createIfMissing() throws SQLException {
        try (Connection connection = connect()) {
            if (exists(connection)) {
                return;
            }
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            boolean postgres = product.contains("postgres");
            String blob = postgres ? "BYTEA" : "BLOB";
            String clob = postgres ? "TEXT" : "CLOB";
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + table + " ("
                        + "id VARCHAR(64) NOT NULL PRIMARY KEY, "
                        + "signer VARCHAR(64) NOT NULL, "
                        + "document_id VARCHAR(128), "
                        + "document_type VARCHAR(64), "
                        + "scenario VARCHAR(64), "
                        + "content " + blob + " NOT NULL, "
                        + "status VARCHAR(16) DEFAULT 'NEW' NOT NULL, "
                        + "claimed_by VARCHAR(64), "
                        + "claimed_at TIMESTAMP, "
                        + "signature " + clob + ", "
                        + "timestamp_token " + clob + ", "
                        + "timestamp_time TIMESTAMP, "
                        + "signed_at TIMESTAMP, "
                        + "signature_id VARCHAR(40), "
                        + "cert_serial VARCHAR(64), "
                        + "error_code VARCHAR(64), "
                        + "error_text VARCHAR(1000), "
                        + "created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL, "
                        + "updated_at TIMESTAMP)");
                statement.execute("CREATE INDEX " + table.replace('.', '_') + "_status ON " + table
                        + " (status, created_at)");
            }
        }
    }

    private boolean exists(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String name = table.contains(".") ? table.substring(table.indexOf('.') + 1) : table;
        // only the schema the connection works in (or the one named): a table of that name elsewhere does not count
        String schema = table.contains(".") ? table.substring(0, table.indexOf('.')) : connection.getSchema();
        for (String candidate : new String[] {name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)}) {
            try (ResultSet tables = meta.getTables(connection.getCatalog(), schema, candidate, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
