package org.medsign.hub.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.sql.DataSource;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.medsign.hub.DataDirectory;
import org.medsign.hub.HubProperties;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.jobs.ClusterLocks;
import org.medsign.hub.keys.HubSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The backup command of the embedded default (备份): an online H2 backup ({@code BACKUP TO}, transactionally
 * consistent while the hub runs), the Artemis journal directory (crash-consistent copy: it only holds requests in
 * flight, whose rows the hub re-enqueues at start) and the {@code secrets/} directory, in one timestamped ZIP under
 * {@link BackupProperties#dir()} with a {@code MANIFEST} (hub version, node, time, SM3 of every part). The last
 * {@link BackupProperties#keep()} archives are kept. Each success is recorded ({@code hub_setting}
 * {@value #LAST_SUCCESS}, read by the alert rule {@code backup-overdue}) and audited ({@value #AUDIT_ACTION}).
 * <p>On PostgreSQL the database is not in the archive (back it up with {@code pg_dump} or {@code pg_basebackup}):
 * the archive holds the journal and the secrets only, says so in its manifest, and is not recorded as a database
 * backup.
 */
@Component
public class Backups {

    /** The job's name and cluster lock (only when {@code medsign.ops.backup.cron} is set). */
    public static final String JOB = "backup";
    /** The {@code hub_setting} name holding the time of the last successful database backup (ISO-8601 text). */
    public static final String LAST_SUCCESS = "ops.backup.last-success";
    /** The audit action of a backup. */
    public static final String AUDIT_ACTION = "BACKUP_MADE";
    /** The manifest's name inside an archive. */
    public static final String MANIFEST = "MANIFEST";
    /** The H2 backup's name inside an archive (itself the ZIP that {@code BACKUP TO} writes). */
    public static final String DATABASE_PART = "db/medsign-h2-backup.zip";
    static final Duration LOCK_AT_MOST_FOR = Duration.ofHours(2);

    private static final Logger log = LoggerFactory.getLogger(Backups.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String PREFIX = "medsign-backup-";

    /** One archive made: where, when, whether it holds the database, its parts with their SM3. */
    public record Backup(String file, Instant createdAt, long bytes, boolean database, String note,
                         Map<String, String> parts) {
    }

    private final DataSource dataSource;
    private final HubSettings settings;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final BackupProperties properties;
    private final OperationsEvents operations;
    private final Path home;
    private final String node;

    public Backups(DataSource dataSource, HubSettings settings, AuditLog audit, TransactionTemplate transactions,
                   BackupProperties properties, OperationsEvents operations, HubProperties hub) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.audit = audit;
        this.transactions = transactions;
        this.properties = properties;
        this.operations = operations;
        this.home = hub.home();
        this.node = hub.node();
    }

    /** Where the archives are written. */
    public Path directory() {
        return properties.dir() != null ? properties.dir() : home.resolve("backups");
    }

    /** The scheduled job (cron {@code medsign.ops.backup.cron}), under the lock {@value #JOB}. */
    void scheduled() {
        ClusterLocks.assertHeld();
        try {
            make("hub");
        } catch (RuntimeException e) {
            log.warn("Scheduled backup failed: {}", e.toString());
        }
    }

    /** Makes a backup now for {@code operator}. */
    public synchronized Backup make(String operator) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Path dir = directory();
        DataDirectory.createOwnerOnly(dir);
        boolean h2 = isH2();
        Path archive = dir.resolve(PREFIX + STAMP.format(now) + ".zip");
        Path partial = dir.resolve(archive.getFileName() + ".part");
        Path h2Backup = dir.resolve(PREFIX + STAMP.format(now) + ".h2.zip.tmp");
        Map<String, String> parts = new LinkedHashMap<>();
        String note = h2 ? "" : "PostgreSQL is not in this archive: back it up with pg_dump or pg_basebackup";
        try {
            if (h2) {
                backUpH2(h2Backup);
            }
            try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(out)) {
                if (h2) {
                    parts.put(DATABASE_PART, add(zip, DATABASE_PART, h2Backup));
                }
                addTree(zip, home.resolve("artemis"), "artemis/", parts);
                addTree(zip, home.resolve("secrets"), "secrets/", parts);
                StringBuilder manifest = new StringBuilder()
                        .append("hub-version=").append(operations.version()).append('\n')
                        .append("node=").append(node).append('\n')
                        .append("created-at=").append(now).append('\n')
                        .append("database=").append(h2 ? "h2" : "not-included").append('\n');
                if (!h2) {
                    manifest.append("note=").append(note).append('\n');
                }
                manifest.append('\n');
                parts.forEach((name, sm3) -> manifest.append(sm3).append("  ").append(name).append('\n'));
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            Files.move(partial, archive);
            DataDirectory.tighten(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("backup to " + archive + " failed", e);
        } finally {
            deleteQuietly(h2Backup);
            deleteQuietly(partial);
        }
        long bytes = size(archive);
        String detail = archive.getFileName() + " bytes=" + bytes + " parts=" + parts.size() + " database="
                + (h2 ? "h2" : "not-included");
        transactions.executeWithoutResult(tx -> {
            if (h2) {
                settings.delete(LAST_SUCCESS);
                settings.insert(LAST_SUCCESS, now.toString().getBytes(StandardCharsets.US_ASCII), now);
            }
            audit.append(AuditEvent.success(operator, operator.equals("hub") ? "SYSTEM" : "SYSTEM_ADMIN",
                    AUDIT_ACTION, node, detail));
        });
        log.info("Backup made: {}", detail);
        prune(dir);
        return new Backup(archive.getFileName().toString(), now, bytes, h2, note, parts);
    }

    /** The time of the last successful database backup, if any. */
    public Optional<Instant> lastSuccess() {
        return settings.find(LAST_SUCCESS).map(v -> Instant.parse(new String(v, StandardCharsets.US_ASCII)));
    }

    /** The archives in the directory, newest first: file, bytes, modified time. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path file : archives(directory())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", file.getFileName().toString());
            row.put("bytes", size(file));
            try {
                row.put("modifiedAt", Files.getLastModifiedTime(file).toInstant().toString());
            } catch (IOException e) {
                continue;
            }
            rows.add(row);
        }
        return rows;
    }

    /** Whether the hub's database is the embedded H2 one. */
    public boolean isH2() {
        try (Connection connection = dataSource.getConnection()) {
            return "H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("database unavailable", e);
        }
    }

    private void backUpH2(Path target) {
        // a path inside a SQL string literal: quotes doubled
        String sql = "BACKUP TO '" + target.toAbsolutePath().toString().replace("'", "''") + "'";
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("H2 online backup failed: " + e.getMessage(), e);
        }
    }

    private static String add(ZipOutputStream zip, String name, Path file) throws IOException {
        SM3Digest digest = new SM3Digest();
        zip.putNextEntry(new ZipEntry(name));
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
                zip.write(buffer, 0, read);
            }
        }
        zip.closeEntry();
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return HEX.formatHex(out);
    }

    private static void addTree(ZipOutputStream zip, Path root, String prefix, Map<String, String> parts)
            throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = prefix + root.relativize(file).toString().replace('\\', '/');
            try {
                parts.put(name, add(zip, name, file));
            } catch (NoSuchFileException e) {
                // a journal file compacted away while copying: not needed
                log.debug("Backup skipped {} (gone)", name);
            }
        }
    }

    private void prune(Path dir) {
        List<Path> all = archives(dir);
        for (Path old : all.subList(Math.min(properties.keep(), all.size()), all.size())) {
            deleteQuietly(old);
            log.info("Backup pruned: {}", old.getFileName());
        }
    }

    /** The archives, newest first (their names sort by time). */
    private static List<Path> archives(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(".zip") && !name.endsWith(".h2.zip.tmp");
            }).sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", file, e.toString());
        }
    }
}
