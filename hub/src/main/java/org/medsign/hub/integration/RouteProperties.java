package org.medsign.hub.integration;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where system route files live.
 *
 * @param dir directory of {@code <system>.yaml} files (default {@code ./routes})
 */
@ConfigurationProperties("medsign.routes")
public record RouteProperties(Path dir) {

    public RouteProperties {
        dir = dir == null ? Path.of("routes") : dir;
    }
}
