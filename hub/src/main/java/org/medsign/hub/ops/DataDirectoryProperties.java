package org.medsign.hub.ops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The data directory's permission sweep ({@code medsign.data-directory.*}).
 *
 * @param permissionCheck how often files created since the last sweep (new journal files, route databases, logs) are
 *                        made owner-only (default PT1M)
 */
@ConfigurationProperties("medsign.data-directory")
public record DataDirectoryProperties(@DefaultValue("PT1M") Duration permissionCheck) {
}
