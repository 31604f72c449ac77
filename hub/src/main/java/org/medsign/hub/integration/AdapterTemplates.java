package org.medsign.hub.integration;

import org.medsign.adapters.fhir.FhirRouteTemplates;
import org.medsign.adapters.file.FileRouteTemplates;
import org.medsign.adapters.hl7v2.Hl7RouteTemplates;
import org.medsign.adapters.httpjson.HttpJsonRouteTemplates;
import org.medsign.adapters.route.AdapterErrors;
import org.medsign.adapters.sqltable.SqlTableRouteTemplates;
import org.medsign.adapters.status.StatusRouteTemplates;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the adapters' route templates with Camel, so that route files can instantiate them, and the one route
 * configuration their inbound routes share for errors ({@link AdapterErrors}). The steps themselves are
 * template-local beans with names ({@code hl7Translate}, {@code httpFilter}…): each takes the route's parameters.
 */
@Configuration
public class AdapterTemplates {

    @Bean
    AdapterErrors adapterErrors() {
        return new AdapterErrors();
    }

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
