package org.medsign.hub.ops.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.Sm3;
import org.medsign.crypto.tsp.TimestampException;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.pki.PkiProperties;
import org.springframework.stereotype.Component;

/**
 * One RFC 3161 request to the external TSA per alert evaluation, shared by {@code tsa-unreachable} (did it answer?)
 * and {@code clock-drift} (how far is its genTime from this node's clock?): a reply younger than half the evaluation
 * interval is reused.
 */
@Component
public class TsaProbe {

    private static final byte[] PROBE = "medsign-alert-probe".getBytes(StandardCharsets.US_ASCII);

    /**
     * One probe: the token's genTime against the local clock at the middle of the round trip, or the error.
     *
     * @param sentAt     local time the request left
     * @param receivedAt local time the reply arrived
     * @param genTime    the token's genTime (null on error)
     * @param error      why there is no token (null when there is one)
     */
    public record Result(Instant sentAt, Instant receivedAt, Instant genTime, String error) {

        /** genTime minus the local time at the middle of the round trip (null on error). */
        public Duration drift() {
            if (genTime == null) {
                return null;
            }
            Instant middle = sentAt.plus(Duration.between(sentAt, receivedAt).dividedBy(2));
            return Duration.between(middle, genTime);
        }
    }

    private final HubPki pki;
    private final PkiProperties pkiProperties;
    private final Duration reuse;
    private Result last;

    public TsaProbe(HubPki pki, PkiProperties pkiProperties, AlertProperties properties) {
        this.pki = pki;
        this.pkiProperties = pkiProperties;
        this.reuse = properties.interval().dividedBy(2);
    }

    /** Whether an external TSA is configured (without one neither rule applies). */
    public boolean external() {
        return pkiProperties.externalTsaUrl() != null && !pkiProperties.externalTsaUrl().isBlank();
    }

    /** The current probe result (a request now, unless the latest one is recent); empty without an external TSA. */
    public synchronized Optional<Result> current() {
        if (!external()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        if (last != null && last.receivedAt().plus(reuse).isAfter(now)) {
            return Optional.of(last);
        }
        Instant sent = Instant.now();
        try {
            TimeStampToken token = pki.timestamps().timestamp(Digests.SM3, Sm3.digest(PROBE));
            last = new Result(sent, Instant.now(), token.getTimeStampInfo().getGenTime().toInstant(), null);
        } catch (TimestampException e) {
            // a refused connection's message is often empty: name the cause's type
            Throwable cause = e.getCause();
            last = new Result(sent, Instant.now(), null, cause == null ? e.getMessage()
                    : e.getMessage() + " (" + cause.getClass().getSimpleName() + ")");
        }
        return Optional.of(last);
    }
}
