package org.medsign.hub.ops;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.springframework.stereotype.Component;

/**
 * The Flyway migrations this start applied, collected while Flyway runs (Spring Boot hands every {@link Callback}
 * bean to Flyway). Only remembered here: the audit chain's table may not exist yet while migrations run, so
 * {@link OperationsEvents} writes them to the chain once the hub is ready ({@code MIGRATIONS_APPLIED}).
 */
@Component
public class AppliedMigrations implements Callback {

    private final List<String> versions = new CopyOnWriteArrayList<>();

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_EACH_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        MigrationInfo migration = context.getMigrationInfo();
        if (migration != null) {
            versions.add(migration.getVersion() == null ? "R:" + migration.getDescription()
                    : "V" + migration.getVersion().getVersion());
        }
    }

    @Override
    public String getCallbackName() {
        return "medsign-applied-migrations";
    }

    /** Versions applied by this start, in order (e.g. {@code V1}, {@code V2}); empty when the schema was current. */
    public List<String> versions() {
        return List.copyOf(versions);
    }
}
