package org.medsign.hub;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the hub keeps its data and who this node is.
 *
 * @param home data directory (H2 files, Artemis journal, generated secrets); {@code MEDSIGN_HOME}, default ./data
 * @param node node name, used for per-node audit sequences
 */
@ConfigurationProperties("medsign")
public record HubProperties(Path home, String node) {
}
