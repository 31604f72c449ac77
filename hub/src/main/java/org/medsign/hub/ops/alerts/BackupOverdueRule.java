package org.medsign.hub.ops.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.medsign.hub.ops.BackupProperties;
import org.medsign.hub.ops.Backups;
import org.springframework.stereotype.Component;

/**
 * {@code backup-overdue} (ORDINARY): the last successful backup of the embedded database is older than
 * {@code medsign.ops.alerts.backup-max-age} (default P1D), or there is none. Only evaluated when the hospital relies
 * on it ({@code medsign.ops.backup.required=true}) and the database is H2 (PostgreSQL is backed up outside the hub).
 */
@Component
public class BackupOverdueRule implements AlertRule {

    private final Backups backups;
    private final BackupProperties backup;
    private final AlertProperties properties;

    public BackupOverdueRule(Backups backups, BackupProperties backup, AlertProperties properties) {
        this.backups = backups;
        this.backup = backup;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "backup-overdue";
    }

    @Override
    public Severity severity() {
        return Severity.ORDINARY;
    }

    @Override
    public Optional<String> check() {
        if (!backup.required() || !backups.isH2()) {
            return Optional.empty();
        }
        Duration maxAge = properties.backupMaxAge();
        Optional<Instant> last = backups.lastSuccess();
        if (last.isEmpty()) {
            return Optional.of("no successful backup yet (maximum age " + maxAge + ")");
        }
        Duration age = Duration.between(last.get(), Instant.now());
        return age.compareTo(maxAge) > 0
                ? Optional.of("last successful backup " + last.get() + " is older than " + maxAge)
                : Optional.empty();
    }
}
