package org.medsign.adapters.sqltable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A system's intermediate table is declared once in its route file: the outbound route that names only the system
 * writes into the table its inbound route declared; a route file that repeats the connection on both routes keeps
 * working; an outbound route with no table declared anywhere is refused with a message that says what to add.
 */
class SqlTablesTests {

    // no database behind it (the adapters know no driver): the first poll, after an hour, would only warn
    private static final Map<String, String> TABLE = Map.of("jdbcUrl", "jdbc:h2:mem:anesthesia", "user", "sa",
            "table", "sign_queue", "pollInterval", "3600000");

    private CamelContext camel;

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void theOutboundRouteUsesTheTableTheInboundRouteDeclared() throws Exception {
        start();
        add(SqlTableRouteTemplates.INBOUND, "anesthesia.inbound.sqltable", TABLE);
        add(SqlTableRouteTemplates.OUTBOUND, "anesthesia.outbound.sqltable", Map.of());

        SqlTable declared = SqlTables.of(camel).declared("anesthesia");
        assertThat(declared).isNotNull();
        assertThat(declared.table()).isEqualTo("sign_queue");
        assertThat(camel.getRoute("anesthesia.outbound.sqltable")).isNotNull();
    }

    @Test
    void aRouteFileThatRepeatsTheConnectionOnBothRoutesStillWorks() throws Exception {
        start();
        add(SqlTableRouteTemplates.INBOUND, "anesthesia.inbound.sqltable", TABLE);
        add(SqlTableRouteTemplates.OUTBOUND, "anesthesia.outbound.sqltable", TABLE);

        assertThat(camel.getRoutes()).hasSize(2);
    }

    @Test
    void anOutboundRouteWithoutADeclaredTableIsRefused() throws Exception {
        start();

        assertThatThrownBy(() -> add(SqlTableRouteTemplates.OUTBOUND, "anesthesia.outbound.sqltable", Map.of()))
                .hasStackTraceContaining("the intermediate table of 'anesthesia' is not "
                + "declared: give jdbcUrl (and user, password, table) on the first sqltable route of the system");
    }

    // as the hub loads a route file: into a running context, one route after the other, in the file's order
    private void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new SqlTableRouteTemplates());
        camel.start();
    }

    private void add(String template, String routeId, Map<String, String> parameters) {
        TemplatedRouteBuilder route = TemplatedRouteBuilder.builder(camel, template).routeId(routeId)
                .parameter("system", "anesthesia");
        parameters.forEach(route::parameter);
        route.add();
    }
}
