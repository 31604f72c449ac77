package org.medsign.hub.ops.inspection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The table {@code ops_inspection}: one row per inspection run, with its report (HTML and PDF). */
@Repository
public class InspectionRepository {

    /** One row of the list: the run and how many findings of each grade. */
    public record Listed(long id, Inspection.Kind kind, Instant startedAt, Instant finishedAt, String startedBy,
                         String engineer, int high, int medium, int low) {
    }

    private static final TypeReference<List<InspectionSection>> SECTIONS = new TypeReference<>() {
    };
    private static final TypeReference<List<Finding>> FINDINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<OnsiteChecklist.Observation>> OBSERVATIONS = new TypeReference<>() {
    };
    private static final String LISTED = "SELECT id, kind, started_at, finished_at, started_by, engineer, high, "
            + "medium, low FROM ops_inspection ";

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final ObjectMapper json;

    public InspectionRepository(JdbcClient jdbc, DataSource dataSource, ObjectMapper json) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Stores a finished run and its report; returns its id. {@code engineer} and {@code observations} are null for a
     * remote run.
     */
    public long insert(Inspection.Kind kind, Instant startedAt, Instant finishedAt, String startedBy, String engineer,
                       List<InspectionSection> sections, List<Finding> findings,
                       List<OnsiteChecklist.Observation> observations, String html, byte[] pdf) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("INSERT INTO ops_inspection (kind, started_at, finished_at, started_by, engineer, high, medium, low, "
                        + "sections, findings, observations, html, pdf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(kind.name(), Timestamp.from(startedAt), Timestamp.from(finishedAt), startedBy, engineer,
                        count(findings, Finding.Level.HIGH), count(findings, Finding.Level.MEDIUM),
                        count(findings, Finding.Level.LOW), write(sections), write(findings),
                        observations == null ? null : write(observations), html, pdf)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** The runs, newest first. */
    public List<Listed> list(int limit) {
        return jdbc.sql(LISTED + "ORDER BY id DESC LIMIT ?").param(limit).query(InspectionRepository::listed).list();
    }

    /** The runs started in [{@code from}, {@code to}), oldest first (the annual report). */
    public List<Listed> startedBetween(Instant from, Instant to) {
        return jdbc.sql(LISTED + "WHERE started_at >= ? AND started_at < ? ORDER BY id")
                .params(Timestamp.from(from), Timestamp.from(to)).query(InspectionRepository::listed).list();
    }

    private static Listed listed(java.sql.ResultSet rs, int row) throws SQLException {
        return new Listed(rs.getLong("id"), Inspection.Kind.valueOf(rs.getString("kind")),
                rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("finished_at").toInstant(),
                rs.getString("started_by"), rs.getString("engineer"), rs.getInt("high"), rs.getInt("medium"),
                rs.getInt("low"));
    }

    /** The findings of one run (without its sections and report). */
    public List<Finding> findings(long id) {
        return jdbc.sql("SELECT findings FROM ops_inspection WHERE id = ?").param(id).query(String.class).optional()
                .map(text -> read(text, FINDINGS)).orElse(List.of());
    }

    /** One run with its sections and findings. */
    public Optional<Inspection> find(long id) {
        return jdbc.sql("SELECT id, kind, started_at, finished_at, started_by, engineer, sections, findings, "
                        + "observations FROM ops_inspection WHERE id = ?").param(id)
                .query((rs, row) -> new Inspection(rs.getLong("id"), Inspection.Kind.valueOf(rs.getString("kind")),
                        rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("finished_at").toInstant(),
                        rs.getString("started_by"), rs.getString("engineer"), read(rs.getString("sections"), SECTIONS),
                        read(rs.getString("findings"), FINDINGS), rs.getString("observations") == null ? List.of()
                                : read(rs.getString("observations"), OBSERVATIONS)))
                .optional();
    }

    /** A run's report as HTML. */
    public Optional<String> html(long id) {
        return jdbc.sql("SELECT html FROM ops_inspection WHERE id = ?").param(id).query(String.class).optional();
    }

    /** A run's report as PDF. */
    public Optional<byte[]> pdf(long id) {
        return jdbc.sql("SELECT pdf FROM ops_inspection WHERE id = ?").param(id).query(byte[].class).optional();
    }

    /** The latest run's report as HTML (the compliance pack's 07), if any run was made. */
    public Optional<String> latestHtml() {
        return jdbc.sql("SELECT html FROM ops_inspection ORDER BY id DESC LIMIT 1").query(String.class).optional();
    }

    /**
     * The database's size in bytes: {@code pg_database_size} on PostgreSQL, the files of {@code dbDirectory} on H2
     * (empty when neither applies, e.g. an in-memory database).
     */
    public Optional<Long> databaseBytes(Path dbDirectory) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            return Optional.empty();
        }
        if (product != null && product.toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            return jdbc.sql("SELECT pg_database_size(current_database())").query(Long.class).optional();
        }
        return directoryBytes(dbDirectory);
    }

    /** The total size of the regular files under {@code directory}, empty when it does not exist. */
    public static Optional<Long> directoryBytes(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return Optional.of(files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // gone while walking
                }
            }).sum());
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static int count(List<Finding> findings, Finding.Level level) {
        return (int) findings.stream().filter(f -> f.severity() == level).count();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the inspection as JSON", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a stored inspection", e);
        }
    }
}
