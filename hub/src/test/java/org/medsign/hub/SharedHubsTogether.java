package org.medsign.hub;

import java.util.Comparator;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs the {@link SharedHub} classes one after another, then the {@link SharedPostgresHub} ones, after all others
 * (whose order it keeps): a test JVM keeps only three hubs in the Spring context cache
 * ({@code spring.test.context.cache.maxSize}), so a shared hub must not be pushed out between its classes.
 * Configured in {@code junit-platform.properties}. It orders the classes that one JVM is given at once (a targeted
 * run); the full run's two JVMs (hub/pom.xml) are given one class at a time, so there each JVM may start a shared hub
 * again after its cache let it go.
 */
public final class SharedHubsTogether implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        // List.sort is stable: within each group the classes keep the order they came in
        context.getClassDescriptors().sort(Comparator.comparingInt(descriptor -> group(descriptor.getTestClass())));
    }

    private static int group(Class<?> testClass) {
        if (AnnotationSupport.isAnnotated(testClass, SharedHub.class)) {
            return 1;
        }
        return AnnotationSupport.isAnnotated(testClass, SharedPostgresHub.class) ? 2 : 0;
    }
}
