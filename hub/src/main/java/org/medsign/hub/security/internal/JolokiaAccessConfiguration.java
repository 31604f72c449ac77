package org.medsign.hub.security.internal;

import org.jolokia.support.spring.actuator.JolokiaEndpoint;
import org.jolokia.support.spring.actuator.JolokiaProperties;
import org.medsign.hub.evidence.AuditLog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link JolokiaAccessPolicy} in front of the Jolokia endpoint that hawtio-springboot brings: its auto-configured
 * {@link JolokiaEndpoint} is replaced by a {@link GuardedJolokiaEndpoint} with the same settings
 * ({@code management.endpoint.jolokia.config.*}), so that the endpoint, its path and hawtio's forwarding stay as they
 * are. Jolokia's own {@code policyLocation} is then not consulted.
 */
@Configuration
public class JolokiaAccessConfiguration {

    @Bean
    JolokiaAccessPolicy jolokiaAccessPolicy(AuditLog audit) {
        return new JolokiaAccessPolicy(audit);
    }

    @Bean
    static BeanPostProcessor guardedJolokiaEndpoint(ObjectProvider<JolokiaProperties> properties,
                                                    ObjectProvider<JolokiaAccessPolicy> policy) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean.getClass() == JolokiaEndpoint.class) {
                    return new GuardedJolokiaEndpoint(properties.getObject().getConfig(), policy);
                }
                return bean;
            }
        };
    }
}
