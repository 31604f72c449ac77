package org.medsign.hub.integration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.medsign.adapters.model.PeerRefusal;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Connections MLLP listeners refused at accept time. Every refusal is counted
 * ({@code medsign.mllp.connections.refused{system, reason}}); the audit chain gets the first refusal of each
 * (system, address, reason) per minute, as {@code MLLP_PEER_REFUSED} (address not allowed) or
 * {@code MLLP_CONNECTIONS_EXCEEDED} (too many connections from one address), target the system, detail the address
 * (and, when refusals were left out since the last record, how many). A prober on the other side of the port can so
 * not flood the chain; past {@value #MAX_TRACKED} addresses in one minute the further ones are only counted.
 */
@Component
public class MllpPeerRefusals {

    /** How long refusals of one (system, address, reason) are counted without another audit record. */
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_TRACKED = 1000;

    private static final Logger log = LoggerFactory.getLogger(MllpPeerRefusals.class);

    private final AuditLog audit;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new HashMap<>();
    private Instant overflowLogged = Instant.EPOCH;

    @Autowired
    public MllpPeerRefusals(AuditLog audit, MeterRegistry registry) {
        this(audit, registry, Clock.systemUTC());
    }

    MllpPeerRefusals(AuditLog audit, MeterRegistry registry, Clock clock) {
        this.audit = audit;
        this.registry = registry;
        this.clock = clock;
    }

    /** Counts a refusal and audits it unless the same one was audited within the last minute. */
    public void record(PeerRefusal refusal) {
        String reason = refusal.reason().name().toLowerCase(java.util.Locale.ROOT);
        counters.computeIfAbsent(refusal.systemId() + '\u0000' + reason, key -> Counter
                .builder("medsign.mllp.connections.refused")
                .description("MLLP connections refused at accept time, by system and reason")
                .tag("system", refusal.systemId()).tag("reason", reason).register(registry)).increment();
        Long left = leftOutSinceLastRecord(refusal);
        if (left == null) {
            return;
        }
        String action = refusal.reason() == PeerRefusal.Reason.NOT_ALLOWED ? "MLLP_PEER_REFUSED"
                : "MLLP_CONNECTIONS_EXCEEDED";
        String detail = refusal.address() + (left > 0 ? " (" + left + " more not recorded in the previous minute)" : "");
        log.info("MLLP connection from {} to {} refused: {}{}", refusal.address(), refusal.systemId(), reason,
                left > 0 ? " (" + left + " more since the last record)" : "");
        audit.append(new AuditEvent("hub", "SYSTEM", action, refusal.systemId(), "DENIED", detail));
    }

    /** Null when this refusal is only counted; else how many of its kind were left out of the chain before it. */
    private synchronized Long leftOutSinceLastRecord(PeerRefusal refusal) {
        Instant now = clock.instant();
        String key = refusal.systemId() + '\u0000' + refusal.address() + '\u0000' + refusal.reason();
        Window window = windows.get(key);
        if (window != null && now.isBefore(window.start().plus(WINDOW))) {
            window.leftOut++;
            return null;
        }
        if (window == null && windows.size() >= MAX_TRACKED) {
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(WINDOW)));
            if (windows.size() >= MAX_TRACKED) {
                if (!now.isBefore(overflowLogged.plus(WINDOW))) {
                    overflowLogged = now;
                    log.warn("MLLP connections refused from more than {} addresses within a minute: further "
                            + "refusals are counted but not audited", MAX_TRACKED);
                }
                return null;
            }
        }
        windows.put(key, new Window(now));
        return window == null ? 0L : window.leftOut;
    }

    private static final class Window {
        private final Instant start;
        private long leftOut;

        Window(Instant start) {
            this.start = start;
        }

        Instant start() {
            return start;
        }
    }
}
