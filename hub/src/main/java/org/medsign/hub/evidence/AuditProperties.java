package org.medsign.hub.evidence;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit chain anchoring and self-verification ({@code medsign.audit.*}).
 *
 * @param anchorInterval      anchor the chain heads at least this often when there are new events (default PT1H)
 * @param anchorEvents        and whenever this node has appended this many events since the last anchor (default 10000)
 * @param anchorCheck         how often to look whether an anchor is due (default PT10S)
 * @param anchorExportDir     also write each anchor as a file here (default: none); put it on another machine or WORM storage
 * @param anchorExportUrl     also POST each anchor (one JSON line, the export format) to this URL (default: none), e.g.
 *                            a log collector or another organisation's archive
 * @param verifyInterval      run the full chain verification this often (default PT6H)
 * @param verifyInitialDelay  first verification after start-up (default PT2M)
 */
@ConfigurationProperties("medsign.audit")
public record AuditProperties(@DefaultValue("PT1H") Duration anchorInterval,
                              @DefaultValue("10000") long anchorEvents,
                              @DefaultValue("PT10S") Duration anchorCheck,
                              Path anchorExportDir,
                              java.net.URI anchorExportUrl,
                              @DefaultValue("PT6H") Duration verifyInterval,
                              @DefaultValue("PT2M") Duration verifyInitialDelay) {
}
