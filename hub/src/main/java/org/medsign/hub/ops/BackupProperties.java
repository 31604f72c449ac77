package org.medsign.hub.ops;

import java.nio.file.Path;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The backup command of the embedded default ({@code medsign.ops.backup.*}, docs/operations.md "Back up and restore").
 *
 * @param dir      where the archives are written (default {@code <medsign.home>/backups}; better another disk)
 * @param keep     how many archives are kept; older ones are deleted after each successful backup (default 7)
 * @param cron     when a backup runs on its own (Spring cron, six fields, in {@code zone}); unset (default): only on
 *                 demand ({@code POST /api/v1/ops/backups})
 * @param zone     the time zone of {@code cron} (default Asia/Shanghai)
 * @param required whether the hospital relies on this backup: only then does the alert rule {@code backup-overdue}
 *                 fire (default false, as on the demo)
 */
@ConfigurationProperties("medsign.ops.backup")
public record BackupProperties(Path dir,
                               @DefaultValue("7") int keep,
                               String cron,
                               @DefaultValue("Asia/Shanghai") ZoneId zone,
                               @DefaultValue("false") boolean required) {

    public BackupProperties {
        if (keep < 1) {
            throw new IllegalArgumentException("medsign.ops.backup.keep must be at least 1");
        }
        cron = cron == null || cron.isBlank() ? null : cron;
    }
}
