package org.medsign.hub.ops;

import java.sql.SQLException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Start-up failures an operator must be able to read at a glance (the "APPLICATION FAILED TO START" block instead of
 * a stack trace): the database refused the node, or the external broker cannot be reached. Registered in
 * {@code META-INF/spring.factories}.
 */
public final class StartupFailureAnalyzers {

    private StartupFailureAnalyzers() {
    }

    /** The database could not be connected to (SQL states 08…, 28…, 3D000): address, credentials, database name. */
    public static final class Database extends AbstractFailureAnalyzer<SQLException> {

        private final Environment environment;

        public Database(Environment environment) {
            this.environment = environment;
        }

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
            String state = cause.getSQLState() == null ? "" : cause.getSQLState();
            if (!state.startsWith("08") && !state.startsWith("28") && !state.equals("3D000")) {
                return null;
            }
            String url = environment.getProperty("spring.datasource.url", "(unset)");
            String user = environment.getProperty("spring.datasource.username", "(unset)");
            return new FailureAnalysis("The database at " + url + " refused this node (user " + user + ", SQL state "
                    + state + "): " + cause.getMessage() + ". This node stops; the other nodes are not affected.",
                    "Check MEDSIGN_DB_URL, MEDSIGN_DB_USER and MEDSIGN_DB_PASSWORD (profile postgres) and that the "
                            + "database is up, then start the node again.", cause);
        }
    }

    /** The external broker could not be reached ({@link BrokerReachability}). */
    public static final class Broker extends AbstractFailureAnalyzer<BrokerUnreachableException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, BrokerUnreachableException cause) {
            return new FailureAnalysis(cause.getMessage(), "Check MEDSIGN_BROKER_URL (both brokers of the pair, "
                    + "e.g. (tcp://live:61616,tcp://backup:61616)?ha=true&reconnectAttempts=-1), MEDSIGN_BROKER_USER "
                    + "and MEDSIGN_BROKER_PASSWORD and that a broker is live, then start the node again.", cause);
        }
    }
}
