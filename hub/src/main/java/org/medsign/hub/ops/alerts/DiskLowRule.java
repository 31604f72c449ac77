package org.medsign.hub.ops.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.Optional;

import org.medsign.hub.HubProperties;
import org.springframework.stereotype.Component;

/**
 * {@code disk-low} (ORDINARY): the usable space of the file store holding the data directory ({@code medsign.home}:
 * H2 database, Artemis journal, backups by default) is below {@code disk-low-percent} (default 10) of the store or
 * below {@code disk-low-bytes} (default 1 GiB). Its companion {@link Critical disk-critical} (SEVERE) makes the same
 * check against {@code disk-severe-percent} (3) and {@code disk-severe-bytes} (256 MiB): a full disk stops the
 * database and the broker, hence the whole system.
 */
@Component
public class DiskLowRule implements AlertRule {

    private final HubProperties hub;
    private final AlertProperties properties;

    public DiskLowRule(HubProperties hub, AlertProperties properties) {
        this.hub = hub;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "disk-low";
    }

    @Override
    public Severity severity() {
        return Severity.ORDINARY;
    }

    @Override
    public Optional<String> check() {
        return below(properties.diskLowPercent(), properties.diskLowBytes());
    }

    /** The finding when the usable space is below {@code percent} of the store or below {@code bytes}. */
    Optional<String> below(double percent, long bytes) {
        try {
            FileStore store = Files.getFileStore(hub.home());
            long total = store.getTotalSpace();
            long usable = store.getUsableSpace();
            double free = total == 0 ? 0 : 100.0 * usable / total;
            if (free < percent || usable < bytes) {
                return Optional.of(String.format("data directory %s: %d MiB usable of %d MiB (%.1f%%; threshold %s%% "
                        + "or %d MiB)", hub.home(), usable >> 20, total >> 20, free, percent, bytes >> 20));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code disk-critical} (SEVERE): the same check against the second, lower thresholds. */
    @Component
    public static class Critical implements AlertRule {

        private final DiskLowRule low;
        private final AlertProperties properties;

        public Critical(DiskLowRule low, AlertProperties properties) {
            this.low = low;
            this.properties = properties;
        }

        @Override
        public String name() {
            return "disk-critical";
        }

        @Override
        public Severity severity() {
            return Severity.SEVERE;
        }

        @Override
        public Optional<String> check() {
            return low.below(properties.diskSeverePercent(), properties.diskSevereBytes());
        }
    }
}
