package org.medsign.adapters.sqltable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.RouteTemplateContext;
import org.medsign.adapters.model.TemplateParameters;

/**
 * The intermediate tables of all systems, one per system, so that a route file declares a system's table (JDBC URL,
 * user, password, table name) once: on the first of its {@code sqltable-inbound} / {@code sqltable-outbound} routes;
 * the other route of the same system then names only the {@code system} and uses the same {@link SqlTable}. A route
 * that repeats the connection parameters (the shape of earlier route files) still works: it uses its own, and the
 * latest declaration is the one a later route of the system finds.
 * Bound in the Camel registry under {@value #BEAN_NAME}.
 */
public final class SqlTables {

    /** Registry name. */
    public static final String BEAN_NAME = "sqlTables";

    private final Map<String, SqlTable> bySystem = new ConcurrentHashMap<>();

    /** The table declared for {@code system}, or null. */
    SqlTable declared(String system) {
        return bySystem.get(system);
    }

    /** The tables of {@code camel}, bound in its registry on first use. */
    static synchronized SqlTables of(CamelContext camel) {
        SqlTables tables = camel.getRegistry().lookupByNameAndType(BEAN_NAME, SqlTables.class);
        if (tables == null) {
            tables = new SqlTables();
            camel.getRegistry().bind(BEAN_NAME, tables);
        }
        return tables;
    }

    /**
     * The table of the route's {@code system}: from the route's {@code jdbcUrl}, {@code user}, {@code password} and
     * {@code table} when it gives a {@code jdbcUrl}, else the one an earlier route of the system declared.
     */
    static SqlTable of(RouteTemplateContext rtc) {
        String system = TemplateParameters.text(rtc, "system");
        SqlTables tables = of(rtc.getCamelContext());
        String url = TemplateParameters.text(rtc, "jdbcUrl");
        if (url.isBlank()) {
            SqlTable declared = tables.bySystem.get(system);
            if (declared == null) {
                throw new IllegalArgumentException("the intermediate table of '" + system + "' is not declared: give "
                        + "jdbcUrl (and user, password, table) on the first sqltable route of the system");
            }
            return declared;
        }
        SqlTable table = new SqlTable(url, TemplateParameters.text(rtc, "user"),
                TemplateParameters.text(rtc, "password"), TemplateParameters.text(rtc, "table"));
        tables.bySystem.put(system, table);
        return table;
    }
}
