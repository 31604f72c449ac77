package org.medsign.hub.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.HubException;
import org.medsign.hub.HubProperties;
import org.medsign.hub.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bearer token Prometheus scrapes {@code /actuator/prometheus} with: {@code MEDSIGN_METRICS_TOKEN} when set, else
 * generated once into {@code $MEDSIGN_HOME/secrets/metrics-token} (owner-only). Only its SM3 digest is kept in memory
 * after start; it grants the metrics endpoint and nothing else.
 */
@Component
public class MetricsToken {

    /** Environment variable that sets the token. */
    public static final String VARIABLE = "MEDSIGN_METRICS_TOKEN";

    private static final Logger log = LoggerFactory.getLogger(MetricsToken.class);

    private final byte[] digest;

    public MetricsToken(HubProperties hub) {
        String token = System.getenv(VARIABLE);
        if (token == null || token.isBlank()) {
            Path file = hub.home().resolve("secrets").resolve("metrics-token");
            if (Files.isRegularFile(file)) {
                try {
                    token = Files.readString(file, StandardCharsets.US_ASCII).trim();
                } catch (IOException e) {
                    throw new HubException(ErrorCode.SECRET_FILE_UNREADABLE, "cannot read " + file, e);
                }
            } else {
                token = SecretFiles.generate(24);
                SecretFiles.writeOwnerOnly(file, token);
                log.info("Generated the Prometheus scrape token in {} (owner-only)", file.toAbsolutePath());
            }
        }
        this.digest = Sm3.digest(token.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code presented} is the token (constant time). */
    public boolean matches(String presented) {
        return presented != null
                && MessageDigest.isEqual(digest, Sm3.digest(presented.trim().getBytes(StandardCharsets.UTF_8)));
    }
}
