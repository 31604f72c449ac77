package org.medsign.adapters.sqltable;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.PdfOptions;
import org.medsign.adapters.model.Rejection;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.RequestOutcome;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningResult;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRefusedException;
import org.medsign.adapters.model.SigningRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of a system's intermediate table: claims rows in status {@code NEW} (and rows {@code CLAIMED} longer than
 * the claim timeout ago, whose hub node died), hands each to the hub, and marks it {@code ACCEPTED}, {@code PENDING}
 * (waiting for the signer's confirmation) or {@code FAILED} with the reason. A claim is a conditional UPDATE, so
 * several hub nodes can poll the same table: exactly one of them wins each row. The signature is written back later
 * by {@link SqlTableWriter}.
 */
public final class SqlTablePoller implements Processor {

    /** Exchange property with the number of rows handled by a poll (for tests and metrics). */
    public static final String HANDLED = "MedsignSqlTableHandled";

    private static final Logger log = LoggerFactory.getLogger(SqlTablePoller.class);

    private final String system;
    private final SqlTable table;
    private final int batchSize;
    private final Duration claimTimeout;
    private final String replyEndpoint;
    private final String node = ManagementFactory.getRuntimeMXBean().getName();
    private volatile boolean created;
    private volatile boolean unreachable;
    private final boolean createTable;
    private final SqlTableWriter writer;
    private final PdfOptions pdf;
    private SigningGateway gateway;

    public SqlTablePoller(String system, SqlTable table, int batchSize, Duration claimTimeout, boolean createTable,
                          String replyEndpoint) {
        this(system, table, batchSize, claimTimeout, createTable, replyEndpoint, null);
    }

    /**
     * A poller whose PDF rows (content starting with {@code %PDF-}) get a visible signature with these options, or,
     * with {@code pdf} null, a detached CMS like every other row.
     */
    public SqlTablePoller(String system, SqlTable table, int batchSize, Duration claimTimeout, boolean createTable,
                          String replyEndpoint, PdfOptions pdf) {
        this.pdf = pdf;
        this.system = system;
        this.table = table;
        this.batchSize = batchSize;
        this.claimTimeout = claimTimeout;
        this.createTable = createTable;
        this.replyEndpoint = replyEndpoint;
        this.writer = new SqlTableWriter(system, table);
    }

    @Override
    public void process(Exchange exchange) {
        int handled = 0;
        try {
            if (createTable && !created) {
                table.createIfMissing();
                created = true;
            }
            try (Connection connection = table.connect()) {
                for (String id : candidates(connection)) {
                    if (claim(connection, id)) {
                        handle(connection, id, gateway(exchange.getContext()));
                        handled++;
                    }
                }
            }
            if (unreachable) {
                unreachable = false;
                log.info("Intermediate table of {} reachable again", system);
            }
        } catch (SQLException e) {
            // the system's database is down or the table is wrong: try again at the next poll, warn once
            if (!unreachable) {
                unreachable = true;
                log.warn("Intermediate table of {} unreachable, polling on: {}", system, e.getMessage());
            }
        }
        exchange.setProperty(HANDLED, handled);
    }

    /** Whether the last poll could not reach the table. */
    public boolean isUnreachable() {
        return unreachable;
    }

    private List<String> candidates(Connection connection) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM " + table.table()
                + " WHERE status = 'NEW' OR (status = 'CLAIMED' AND claimed_at < ?) ORDER BY created_at, id")) {
            select.setTimestamp(1, Timestamp.from(Instant.now().minus(claimTimeout)));
            select.setMaxRows(batchSize);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    private boolean claim(Connection connection, String id) throws SQLException {
        Instant now = Instant.now();
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table.table()
                + " SET status = 'CLAIMED', claimed_by = ?, claimed_at = ?, updated_at = ? WHERE id = ? AND "
                + "(status = 'NEW' OR (status = 'CLAIMED' AND claimed_at < ?))")) {
            update.setString(1, node);
            update.setTimestamp(2, Timestamp.from(now));
            update.setTimestamp(3, Timestamp.from(now));
            update.setString(4, id);
            update.setTimestamp(5, Timestamp.from(now.minus(claimTimeout)));
            return update.executeUpdate() == 1;
        }
    }

    private void handle(Connection connection, String id, SigningGateway gateway) throws SQLException {
        SigningRequest request;
        try {
            request = read(connection, id);
        } catch (InvalidRowException e) {
            finish(connection, id, SqlTableOutcomes.rowStatus(e.code), e.code.name(), e.getMessage());
            gateway.rejected(new Rejection(system, "sqltable", id, e.code, e.getMessage(), null));
            return;
        }
        try {
            ReplyContext reply = new ReplyContext(replyEndpoint, request.signer(), id);
            RequestStatus status = gateway.accept(request, reply);
            if (status == RequestStatus.PENDING) {
                finish(connection, id, SqlTableOutcomes.rowStatus(ErrorCode.PENDING_CONFIRMATION),
                        ErrorCode.PENDING_CONFIRMATION.name(), ErrorCode.PENDING_CONFIRMATION.sentence());
            } else if (status.isFinal()) {
                // asked again for a request the hub finished before (the row was put back to NEW, or this node died
                // before writing it): write the same result again, no second signature
                RequestOutcome outcome = gateway.acceptAndWait(request);
                writer.write(connection, SigningResult.of(outcome, reply));
            } else {
                finish(connection, id, "ACCEPTED", null, null);
            }
        } catch (SigningRefusedException e) {
            finish(connection, id, SqlTableOutcomes.rowStatus(e.code()), e.code().name(), e.getMessage());
            gateway.rejected(new Rejection(system, "sqltable", id, e.code(), e.getMessage(), request.content()));
        } catch (RuntimeException e) {
            // the hub could not take it now: give the row back at once (a crash instead leaves it to the timeout)
            log.warn("Row of {} not accepted now, released: {}", system, e.getClass().getSimpleName());
            release(connection, id);
        }
    }

    private SigningRequest read(Connection connection, String id) throws SQLException, InvalidRowException {
        try (PreparedStatement select = connection.prepareStatement("SELECT signer, document_id, document_type, "
                + "scenario, content FROM " + table.table() + " WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new InvalidRowException("the row disappeared");
                }
                String signer = row.getString(1);
                byte[] content = row.getBytes(5);
                if (signer == null || signer.isBlank()) {
                    throw new InvalidRowException("signer is empty");
                }
                if (content == null || content.length == 0) {
                    throw new InvalidRowException("content is empty");
                }
                boolean visiblePdf = pdf != null && PdfOptions.isPdf(content);
                PdfOptions.Problem problem = visiblePdf ? pdf.problem(content) : null;
                if (problem != null) {
                    throw new InvalidRowException(problem.code(), "the PDF cannot be signed: " + problem.reason());
                }
                return new SigningRequest(system, id, visiblePdf ? Operation.PDF : Operation.CMS, signer.trim(),
                        row.getString(4), row.getString(2), row.getString(3), content,
                        visiblePdf ? SigningOptions.pdf(pdf, true) : SigningOptions.DEFAULT);
            }
        }
    }

    /** Sets the outcome of a row this node still holds (a concurrent write-back of the signature wins). */
    private void finish(Connection connection, String id, String status, String code, String text)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table.table()
                + " SET status = ?, error_code = ?, error_text = ?, updated_at = ? WHERE id = ? AND status = 'CLAIMED' "
                + "AND claimed_by = ?")) {
            update.setString(1, status);
            update.setString(2, code);
            update.setString(3, text == null || text.length() <= 1000 ? text : text.substring(0, 1000));
            update.setTimestamp(4, Timestamp.from(Instant.now()));
            update.setString(5, id);
            update.setString(6, node);
            update.executeUpdate();
        }
    }

    private void release(Connection connection, String id) {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table.table()
                + " SET status = 'NEW', claimed_by = NULL, claimed_at = NULL WHERE id = ? AND status = 'CLAIMED' "
                + "AND claimed_by = ?")) {
            update.setString(1, id);
            update.setString(2, node);
            update.executeUpdate();
        } catch (SQLException e) {
            log.warn("Could not release a row of {}; the claim timeout will: {}", system, e.getMessage());
        }
    }

    private SigningGateway gateway(CamelContext context) {
        if (gateway == null) {
            gateway = SigningGateway.from(context);
        }
        return gateway;
    }

    /** A row the hub can never sign as it is. */
    private static final class InvalidRowException extends Exception {
        private final ErrorCode code;

        InvalidRowException(String message) {
            this(ErrorCode.INVALID_ROW, message);
        }

        InvalidRowException(ErrorCode code, String message) {
            super(message);
            this.code = code;
        }
    }
}
