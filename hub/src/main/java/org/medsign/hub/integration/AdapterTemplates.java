package org.medsign.hub.integration;

import org.medsign.adapters.fhir.FhirRouteTemplates;
import org.medsign.adapters.file.FileRouteTemplates;
import org.medsign.adapters.hl7v2.Hl7RouteTemplates;
import org.medsign.adapters.httpjson.HttpJsonRouteTemplates;
import org.medsign.adapters.sqltable.SqlTableRouteTemplates;
import org.medsign.adapters.status.StatusRouteTemplates;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the adapters' route templates with Camel, so that route files can instantiate them. */
@Configuration
public class AdapterTemplates {

    @Bean
    Hl7RouteTemplates hl7RouteTemplates() {
        return new Hl7RouteTemplates();
    }

    @Bean
    SqlTableRouteTemplates sqlTableRouteTemplates() {
        return new SqlTableRouteTemplates();
    }

    @Bean
    FhirRouteTemplates fhirRouteTemplates() {
        return new FhirRouteTemplates();
    }

    @Bean
    HttpJsonRouteTemplates httpJsonRouteTemplates() {
        return new HttpJsonRouteTemplates();
    }

    @Bean
    FileRouteTemplates fileRouteTemplates() {
        return new FileRouteTemplates();
    }

    @Bean
    StatusRouteTemplates statusRouteTemplates() {
        return new StatusRouteTemplates();
    }
}
