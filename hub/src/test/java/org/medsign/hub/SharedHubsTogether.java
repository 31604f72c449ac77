package org.medsign.hub;

import java.util.Comparator;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs the {@link SharedHub} classes one after another, then the {@link SharedPostgresHub} ones, after all others
 * (whose order it keeps): the surefire run keeps only three hubs in the Spring context cache
 * ({@code spring.test.context.cache.maxSize}), so a shared hub must not be pushed out between its classes.
 * Configured in {@code junit-platform.properties}.
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
