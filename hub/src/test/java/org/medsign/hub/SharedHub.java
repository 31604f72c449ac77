package org.medsign.hub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * One in-process hub on the embedded default (H2 files, embedded Artemis, a fresh data directory) shared by the test
 * classes that need nothing but the defaults: the Spring test context cache starts it once for all of them instead of
 * once per class (Spring Boot, Camel, Artemis and Flyway take several seconds). Such a class keeps to its own staff,
 * systems and request ids, leaves hub-wide settings as it found them and counts rows only by its own ids; a class that
 * needs other properties, changes administrators or policies, or counts whole tables keeps a hub of its own. Metrics
 * are exported as in production ({@link AutoConfigureObservability}: the signing API reads /actuator/prometheus).
 * {@link SharedHubsTogether} runs these classes one after another, so that the cache keeps the hub between them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@ContextConfiguration(initializers = SharedHub.FreshHome.class)
public @interface SharedHub {

    /** Points the shared hub at a fresh data directory (its H2 database is in there). */
    final class FreshHome implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of(HubTestSupport.homeProperties(HubTestSupport.newHome())).applyTo(context);
        }
    }
}
