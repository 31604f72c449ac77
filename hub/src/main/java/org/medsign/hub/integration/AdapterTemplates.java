package org.medsign.hub.integration;

import org.medsign.adapters.hl7v2.Hl7RouteTemplates;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the adapters' route templates with Camel, so that route files can instantiate them. */
@Configuration
public class AdapterTemplates {

    @Bean
    Hl7RouteTemplates hl7RouteTemplates() {
        return new Hl7RouteTemplates();
    }
}
