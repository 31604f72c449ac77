package org.medsign.hub.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.audit.AuditAnchor;
import org.medsign.crypto.audit.AuditExportFormat;
import org.medsign.crypto.key.KeyFiles;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.tsp.TimestampSource;
import org.medsign.hub.DataDirectory;
import org.medsign.hub.HubException;
import org.medsign.hub.HubProperties;
import org.medsign.hub.jobs.ClusterLocks;
import org.medsign.hub.pki.HubPki;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * Anchors the audit chain: timestamps the current head (seq and hash) of every node with the hub's TSA (RFC 3161,
 * SM3 imprint over {@link AuditAnchor#headsText}) and stores the token in {@code audit_anchor}, optionally also as a
 * file. Due when {@code anchor-events} events were appended on this node since the last anchor, or when
 * {@code anchor-interval} has passed since the newest anchor and the heads moved; the check runs on one node at a time
 * (the cluster lock {@value #JOB}). Anchoring is not itself audited: the anchor row is the
 * record, and an audit event would move the heads again.
 */
@Component
public class AuditAnchors {

    /** The job's name and cluster lock. */
    public static final String JOB = "audit-anchor";
    /** How long the lock outlives a node that died anchoring (one TSA call, an optional export). */
    static final Duration LOCK_AT_MOST_FOR = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(AuditAnchors.class);

    private final JdbcClient jdbc;
    private final AuditEventRepository events;
    private final TimestampSource tsa;
    private final AuditLog audit;
    private final AuditProperties properties;
    private final String node;
    private final Clock clock;
    private final ReentrantLock anchoring = new ReentrantLock();
    private final java.net.http.HttpClient exportClient = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();
    private volatile Instant lastAnchorTime;
    private volatile long appendedAtLastAnchor;

    @Autowired
    public AuditAnchors(JdbcClient jdbc, AuditEventRepository events, HubPki pki, AuditLog audit,
                        AuditProperties properties, HubProperties hub) {
        this(jdbc, events, pki.timestamps(), audit, properties, hub.node(), Clock.systemUTC());
    }

    /** For callers outside Spring (tests, tools) that bring their own TSA. */
    public AuditAnchors(JdbcClient jdbc, TimestampSource tsa, AuditLog audit, AuditProperties properties, String node,
                        Clock clock) {
        this(jdbc, new AuditEventRepository(jdbc), tsa, audit, properties, node, clock);
    }

    private AuditAnchors(JdbcClient jdbc, AuditEventRepository events, TimestampSource tsa, AuditLog audit,
                         AuditProperties properties, String node, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.tsa = tsa;
        this.audit = audit;
        this.properties = properties;
        this.node = node;
        this.clock = clock;
        this.lastAnchorTime = clock.instant();
    }

    /**
     * The scheduled job (every {@code anchor-check}, lock {@value #JOB}): anchors if due. Due by time counts from the
     * newest anchor of any node, so a cluster anchors once per {@code anchor-interval}, not once per node.
     */
    public void anchorIfDue() {
        ClusterLocks.assertHeld();
        boolean dueByCount = audit.appended() - appendedAtLastAnchor >= properties.anchorEvents();
        boolean dueByTime = !clock.instant().isBefore(lastAnchorTime.plus(properties.anchorInterval()));
        if (dueByTime && !dueByCount) {
            Optional<Instant> newest = jdbc.sql("SELECT created_at FROM audit_anchor ORDER BY id DESC LIMIT 1")
                    .query((rs, n) -> rs.getTimestamp(1).toInstant()).optional();
            if (newest.isPresent() && newest.get().isAfter(lastAnchorTime)) {
                lastAnchorTime = newest.get(); // another node anchored meanwhile
                dueByTime = !clock.instant().isBefore(lastAnchorTime.plus(properties.anchorInterval()));
            }
        }
        if (dueByCount || dueByTime) {
            try {
                anchorNow();
            } catch (RuntimeException e) {
                // an unavailable TSA must not stop anything else: the next check tries again
                log.warn("Audit anchor failed, will retry: {}", e.toString());
            }
        }
    }

    /** Timestamps the current heads now; empty when there are no events or nothing moved since the last anchor. */
    public Optional<AuditAnchor> anchorNow() {
        anchoring.lock();
        try {
            long appended = audit.appended();
            List<AuditAnchor.Head> heads = events.heads();
            Instant now = clock.instant();
            lastAnchorTime = now;
            appendedAtLastAnchor = appended;
            if (heads.isEmpty()) {
                return Optional.empty();
            }
            String headsText = AuditAnchor.headsText(heads);
            Optional<String> previous = jdbc.sql("SELECT heads FROM audit_anchor ORDER BY id DESC LIMIT 1")
                    .query(String.class).optional();
            if (previous.isPresent() && previous.get().equals(headsText)) {
                return Optional.empty();
            }
            AuditAnchor unsaved = new AuditAnchor(0, node, now, headsText, new byte[0]);
            TimeStampToken token = tsa.timestamp(Digests.SM3, unsaved.imprint());
            byte[] der = encoded(token);
            long events = heads.stream().mapToLong(AuditAnchor.Head::seq).sum();
            KeyHolder keys = new GeneratedKeyHolder();
            jdbc.sql("INSERT INTO audit_anchor (node, created_at, gen_time, events, heads, token) "
                            + "VALUES (?, ?, ?, ?, ?, ?)")
                    .params(node, Timestamp.from(now), Timestamp.from(token.getTimeStampInfo().getGenTime().toInstant()),
                            events, headsText, der)
                    .update(keys, "id");
            long id = keys.getKeyAs(Number.class).longValue();
            AuditAnchor anchor = new AuditAnchor(id, node, now, headsText, der);
            export(anchor);
            log.info("Audit anchor {}: {} node heads, {} events, TSA time {}", id, heads.size(), events,
                    token.getTimeStampInfo().getGenTime().toInstant());
            return Optional.of(anchor);
        } finally {
            anchoring.unlock();
        }
    }

    /** Every stored anchor, oldest first. */
    public List<AuditAnchor> all() {
        return jdbc.sql("SELECT " + AuditRows.ANCHOR_COLUMNS + " FROM audit_anchor ORDER BY id")
                .query((rs, n) -> AuditRows.anchor(rs)).list();
    }

    private void export(AuditAnchor anchor) {
        exportToFile(anchor);
        exportToUrl(anchor);
    }

    /** POSTs the anchor as one JSON line; a failure is logged (the anchor is stored either way). */
    private void exportToUrl(AuditAnchor anchor) {
        java.net.URI url = properties.anchorExportUrl();
        if (url == null) {
            return;
        }
        try {
            java.io.StringWriter line = new java.io.StringWriter();
            new AuditExportFormat.ExportWriter(line).anchor(anchor);
            java.net.http.HttpResponse<Void> response = exportClient.send(java.net.http.HttpRequest.newBuilder(url)
                    .timeout(java.time.Duration.ofSeconds(10)).header("Content-Type", "application/x-ndjson")
                    .header("X-Medsign-Anchor-Id", Long.toString(anchor.id()))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(line.toString(), StandardCharsets.UTF_8))
                    .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("HTTP " + response.statusCode());
            }
        } catch (IOException | UncheckedIOException e) {
            // not audited: an audit event would move the heads the anchor just fixed; the anchor is in the database
            log.warn("Audit anchor {} stored, but not exported to {}: {}", anchor.id(), url.getHost(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void exportToFile(AuditAnchor anchor) {
        Path dir = properties.anchorExportDir();
        if (dir == null) {
            return;
        }
        try {
            if (!Files.isDirectory(dir)) {
                DataDirectory.createOwnerOnly(dir); // an existing directory (a mount, WORM storage) stays as it is
            }
            Path temporary = dir.resolve(".anchor-" + anchor.id() + ".tmp");
            KeyFiles.writeOwnerOnly(temporary, new byte[0]); // owner-only from the start, then filled
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                new AuditExportFormat.ExportWriter(out).anchor(anchor);
            }
            Files.move(temporary, dir.resolve(String.format("anchor-%012d.jsonl", anchor.id())),
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // the anchor is stored in the database either way; the copy is a second line of defence
            log.warn("Audit anchor {} stored, but not exported to {}: {}", anchor.id(), dir, e.toString());
        }
    }

    private static byte[] encoded(TimeStampToken token) {
        try {
            return token.getEncoded();
        } catch (IOException e) {
            throw new HubException(ErrorCode.AUDIT_ANCHOR_ENCODING, "cannot encode the anchor's timestamp token", e);
        }
    }
}
