package org.medsign.hub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * {@link SharedHub} on PostgreSQL: one in-process hub with a fresh data directory and a fresh schema of the test
 * database ({@code MEDSIGN_TEST_PG_URL}), shared by the PostgreSQL test classes that need nothing but the defaults, on
 * the same terms (their own ids, no hub-wide changes, no whole-table counts). Skipped visibly without a database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@ContextConfiguration(initializers = SharedPostgresHub.FreshHomeAndSchema.class)
@PostgresTestDatabase.Required
public @interface SharedPostgresHub {

    /** Points the shared hub at a fresh data directory and a fresh schema. */
    final class FreshHomeAndSchema implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            Map<String, String> properties = new LinkedHashMap<>(HubTestSupport.homeProperties(HubTestSupport.newHome()));
            properties.putAll(PostgresTestDatabase.schemaProperties(PostgresTestDatabase.newSchema()));
            TestPropertyValues.of(properties).applyTo(context);
        }
    }
}
