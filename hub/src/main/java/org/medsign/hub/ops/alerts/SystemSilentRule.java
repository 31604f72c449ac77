package org.medsign.hub.ops.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.medsign.hub.integration.InboundRejections;
import org.medsign.hub.signing.SigningRequestRepository;
import org.springframework.stereotype.Component;

/**
 * {@code system-silent} (ORDINARY): a system that usually sends — at least {@code silent-min-history} messages
 * (default 50) in the {@code silent-history} (default 7 days) before the quiet period — has sent nothing, accepted or
 * rejected, for {@code silent-after} (default 6 h): its interface, network or route is probably down. A system with
 * less history is not watched. It resolves when the system sends again.
 */
@Component
public class SystemSilentRule implements AlertRule {

    private final SigningRequestRepository requests;
    private final InboundRejections rejections;
    private final AlertProperties properties;

    public SystemSilentRule(SigningRequestRepository requests, InboundRejections rejections,
                            AlertProperties properties) {
        this.requests = requests;
        this.rejections = rejections;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "system-silent";
    }

    @Override
    public Severity severity() {
        return Severity.ORDINARY;
    }

    @Override
    public Optional<String> check() {
        Instant now = Instant.now();
        Instant quietFrom = now.minus(properties.silentAfter());
        Map<String, Long> recent = messagesSince(quietFrom);
        Map<String, Long> history = messagesSince(quietFrom.minus(properties.silentHistory()));
        List<String> silent = new ArrayList<>();
        new TreeMap<>(history).forEach((system, total) -> {
            long before = total - recent.getOrDefault(system, 0L);
            if (recent.getOrDefault(system, 0L) == 0 && before >= properties.silentMinHistory()) {
                silent.add(system + " (" + before + " message(s) in the " + AlertRule.text(properties.silentHistory())
                        + " before)");
            }
        });
        return silent.isEmpty() ? Optional.empty() : Optional.of("no message for "
                + AlertRule.text(properties.silentAfter()) + " from: " + String.join("; ", silent));
    }

    private Map<String, Long> messagesSince(Instant from) {
        Map<String, Long> counts = new HashMap<>(rejections.countBySystem(from));
        requests.countsBySystemAndStatus(from).forEach(row -> counts.merge(row.systemId(), row.count(), Long::sum));
        return counts;
    }
}
