package org.medsign.hub;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * PostgreSQL for tests: {@code MEDSIGN_TEST_PG_URL} (e.g. jdbc:postgresql://127.0.0.1:5432/test), optional
 * {@code MEDSIGN_TEST_PG_USER} / {@code MEDSIGN_TEST_PG_PASSWORD}. Each registration gets a fresh schema.
 */
public final class PostgresTestDatabase {

    private PostgresTestDatabase() {
    }

    /** Marks a test class that needs PostgreSQL; it is skipped, visibly, without MEDSIGN_TEST_PG_URL. */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(Condition.class)
    public @interface Required {
    }

    /** Whether a database is configured. */
    public static boolean configured() {
        String url = System.getenv("MEDSIGN_TEST_PG_URL");
        return url != null && !url.isBlank();
    }

    /** Points the hub at a fresh schema of the test database. */
    public static String register(DynamicPropertyRegistry registry) {
        String schema = newSchema();
        schemaProperties(schema).forEach((name, value) -> registry.add(name, () -> value));
        return schema;
    }

    /** A new schema name (Flyway creates the schema at the hub's start). */
    static String newSchema() {
        return "medsign_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The properties that point a hub at {@code schema} of the test database. */
    static Map<String, String> schemaProperties(String schema) {
        String url = System.getenv("MEDSIGN_TEST_PG_URL");
        String separator = url.contains("?") ? "&" : "?";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url + separator + "currentSchema=" + schema);
        properties.put("spring.datasource.username", env("MEDSIGN_TEST_PG_USER", "postgres"));
        properties.put("spring.datasource.password", env("MEDSIGN_TEST_PG_PASSWORD", ""));
        // several test hubs share one server (100 connections by default): small pools
        properties.put("spring.datasource.hikari.maximum-pool-size", "10");
        properties.put("spring.datasource.hikari.minimum-idle", "1");
        properties.put("spring.flyway.schemas", schema);
        properties.put("spring.flyway.default-schema", schema);
        return properties;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** The JUnit condition behind {@link Required}. */
    public static final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (configured()) {
                return ConditionEvaluationResult.enabled("MEDSIGN_TEST_PG_URL is set");
            }
            System.err.println("SKIPPED: " + context.getDisplayName()
                    + " needs PostgreSQL; set MEDSIGN_TEST_PG_URL (e.g. jdbc:postgresql://127.0.0.1:5432/test)");
            return ConditionEvaluationResult.disabled("MEDSIGN_TEST_PG_URL is not set: PostgreSQL tests skipped");
        }
    }
}
