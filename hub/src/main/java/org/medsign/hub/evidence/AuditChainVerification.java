package org.medsign.hub.evidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.audit.AnchorTokenCheck;
import org.medsign.crypto.audit.AuditAnchor;
import org.medsign.crypto.audit.AuditChainVerifier;
import org.medsign.crypto.audit.AuditVerification;
import org.medsign.hub.HubException;
import org.medsign.hub.pki.HubPki;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The hub verifying its own audit chain, on a schedule ({@code medsign.audit.verify-interval}) with the same
 * verifier as {@code medsign audit verify}: rows are streamed, anchors checked against the hub's root (embedded
 * TSA) or the root carried in the token (external TSA). The result shows in health ({@code auditChain}), in the
 * metrics {@code medsign.audit.verification.intact} / {@code .events} / {@code .failures}, and as an
 * {@code AUDIT_VERIFY} event in the chain itself.
 */
@Component
public class AuditChainVerification {

    private static final Logger log = LoggerFactory.getLogger(AuditChainVerification.class);

    /** A finished verification. */
    public record Outcome(Instant finishedAt, AuditVerification result) {
    }

    private final DataSource dataSource;
    private final AuditLog audit;
    private final List<X509CertificateHolder> trust;
    private final AtomicReference<Outcome> last = new AtomicReference<>();
    private final Counter failures;

    public AuditChainVerification(DataSource dataSource, AuditLog audit, HubPki pki, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.audit = audit;
        this.trust = pki.timestamps() == pki.embeddedTsa() ? List.of(pki.root()) : List.of();
        Gauge.builder("medsign.audit.verification.intact", last,
                        l -> l.get() == null ? -1 : l.get().result().intact() ? 1 : 0)
                .description("1 when the last audit chain verification found the chain intact, 0 when not, -1 before the first")
                .register(meters);
        Gauge.builder("medsign.audit.verification.events", last, l -> l.get() == null ? 0 : l.get().result().events())
                .description("events checked by the last audit chain verification").register(meters);
        this.failures = Counter.builder("medsign.audit.verification.failures")
                .description("audit chain verifications that found a problem").register(meters);
    }

    /** The scheduled job (every {@code verify-interval}, on every node: each node's health shows its own result). */
    public void scheduled() {
        try {
            verifyNow();
        } catch (RuntimeException e) {
            log.warn("Audit chain verification could not run: {}", e.toString());
        }
    }

    /** Verifies the whole chain now, records the outcome (health, metrics, audit) and returns it. */
    public Outcome verifyNow() {
        AuditVerification result = verify();
        Outcome outcome = new Outcome(Clock.systemUTC().instant(), result);
        last.set(outcome);
        if (result.intact()) {
            log.info("Audit chain verified: {}", result.summary());
            audit.append(AuditEvent.success("hub", "SYSTEM", "AUDIT_VERIFY", audit.node(),
                    result.events() + " events, " + result.anchors() + " anchors"));
        } else {
            failures.increment();
            log.error("Audit chain verification FAILED: {}", result.summary());
            audit.append(AuditEvent.failure("hub", "SYSTEM", "AUDIT_VERIFY", audit.node(), result.summary()));
        }
        return outcome;
    }

    /** The last outcome, if any verification has finished. */
    public Optional<Outcome> last() {
        return Optional.ofNullable(last.get());
    }

    private AuditVerification verify() {
        try (Connection connection = dataSource.getConnection()) {
            // PostgreSQL streams with a cursor only inside a transaction and with a fetch size
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                List<AuditAnchor> anchors = new ArrayList<>();
                try (PreparedStatement statement = connection.prepareStatement("SELECT " + AuditRows.ANCHOR_COLUMNS
                        + " FROM audit_anchor ORDER BY id"); ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        anchors.add(AuditRows.anchor(rs));
                    }
                }
                AuditChainVerifier verifier = new AuditChainVerifier(anchors, new AnchorTokenCheck(trust,
                        Clock.systemUTC()));
                AuditEventRepository.streamChain(connection, verifier::accept);
                return verifier.finish();
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new HubException(ErrorCode.AUDIT_VERIFY_DATABASE,
                    "cannot read the audit chain: " + e.getMessage(), e);
        }
    }
}
