package org.medsign.adapters.sqltable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.adapters.model.SigningResult;
import org.medsign.crypto.cms.ParsedSignedData;
import org.medsign.crypto.cms.SignatureTimestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a finished request back into its row: status {@code SIGNED} with the base64 CMS SignedData, the base64
 * RFC 3161 timestamp token, its time, the signing time, the signature id and the certificate serial; or the failure
 * notice: the status of the code's category ({@link SqlTableOutcomes}: {@code FAILED}, or {@code RETRY} when transient)
 * with {@code error_code} and {@code error_text}. A signature replaces an earlier failure notice (a replayed or resent
 * request); a failure never replaces a signature. A failure to write (database down) propagates, so the hub's reply
 * queue retries and finally dead-letters.
 */
public final class SqlTableWriter implements Processor {

    private static final Logger log = LoggerFactory.getLogger(SqlTableWriter.class);

    private final String system;
    private final SqlTable table;

    public SqlTableWriter(String system, SqlTable table) {
        this.system = system;
        this.table = table;
    }

    @Override
    public void process(Exchange exchange) throws SQLException, InvalidPayloadException {
        SigningResult result = exchange.getMessage().getMandatoryBody(SigningResult.class);
        try (Connection connection = table.connect()) {
            write(connection, result);
        }
    }

    /** Writes a result into its row (the row id is the reply context's original); false when the row is gone. */
    boolean write(Connection connection, SigningResult result) throws SQLException {
        String id = result.context().original();
        int updated = result.isSigned() ? writeSignature(connection, id, result.artifact())
                : writeFailure(connection, id, result.errorCode(), result.errorDetail());
        if (updated == 0) {
            log.warn("Row {} of {} no longer exists; its result was not written", id, system);
        }
        return updated > 0;
    }

    private int writeSignature(Connection connection, String id, SignedArtifact artifact) throws SQLException {
        TimeStampToken token = timestamp(artifact.operation() == Operation.PDF
                ? lastPdfSignature(artifact.signature()) : artifact.signature());
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table.table() + " SET status = "
                + "'SIGNED', signature = ?, timestamp_token = ?, timestamp_time = ?, signed_at = ?, signature_id = ?, "
                + "cert_serial = ?, error_code = NULL, error_text = NULL, updated_at = ? WHERE id = ?")) {
            update.setString(1, Base64.getEncoder().encodeToString(artifact.signature()));
            update.setString(2, token == null ? null : Base64.getEncoder().encodeToString(encoded(token)));
            update.setTimestamp(3, token == null ? null : Timestamp.from(token.getTimeStampInfo().getGenTime().toInstant()));
            update.setTimestamp(4, Timestamp.from(artifact.signedAt()));
            update.setString(5, artifact.signatureId());
            update.setString(6, artifact.certificateSerial());
            update.setTimestamp(7, Timestamp.from(Instant.now()));
            update.setString(8, id);
            return update.executeUpdate();
        }
    }

    private int writeFailure(Connection connection, String id, ErrorCode code, String detail) throws SQLException {
        String text = detail == null ? code.sentence() : detail;
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table.table() + " SET status = ?, "
                + "error_code = ?, error_text = ?, updated_at = ? WHERE id = ? AND status <> 'SIGNED'")) {
            update.setString(1, SqlTableOutcomes.rowStatus(code));
            update.setString(2, code.name());
            update.setString(3, text.length() <= 1000 ? text : text.substring(0, 1000));
            update.setTimestamp(4, Timestamp.from(Instant.now()));
            update.setString(5, id);
            return update.executeUpdate();
        }
    }

    /** The CMS of a signed PDF's last signature (the one the hub added), or null when it cannot be read. */
    private static byte[] lastPdfSignature(byte[] pdf) {
        try {
            var signatures = org.medsign.crypto.pdf.PdfSignatures.contents(pdf);
            return signatures.isEmpty() ? null : signatures.get(signatures.size() - 1).cms();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static TimeStampToken timestamp(byte[] cms) {
        if (cms == null) {
            return null;
        }
        try {
            var signers = ParsedSignedData.parse(cms, null).signedData().getSignerInfos().getSigners();
            return signers.isEmpty() ? null : SignatureTimestamps.of(signers.iterator().next());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] encoded(TimeStampToken token) {
        try {
            return token.getEncoded();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
