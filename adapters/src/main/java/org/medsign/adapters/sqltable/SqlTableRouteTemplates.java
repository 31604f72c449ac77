package org.medsign.adapters.sqltable;

import java.time.Duration;

import org.apache.camel.builder.RouteBuilder;
import org.medsign.adapters.model.PdfOptions;
import org.medsign.adapters.model.TemplateParameters;

/**
 * Route templates for systems that write their documents into an intermediate table (中间表) in their own database.
 *
 * <p>{@code sqltable-inbound}: {@code system}, {@code jdbcUrl}, {@code user}, {@code password} (use
 * {@code {{env:NAME}}} rather than the password itself), {@code table} (default {@code sign_queue}),
 * {@code pollInterval} (ms, default 1000), {@code batchSize} (default 50), {@code claimTimeout} (seconds after which a
 * row claimed by a hub node that died is claimed again, default 300), {@code createTable} (create the table when
 * missing; default false), {@code replyEndpoint} (default {@code direct:<system>.outbound.result}),
 * {@code pdfSignature} ({@code cms}, the default, or {@code visible}: rows whose content is a PDF get a visible
 * signature and the signed PDF in {@code signature}), {@code pdfSeal} and {@code pdfPlacement}
 * ({@link PdfOptions#fromRoute}). Route id {@code <system>.inbound.sqltable}.
 *
 * <p>{@code sqltable-outbound}: {@code system}; {@code jdbcUrl}, {@code user}, {@code password}, {@code table} only
 * when the system's inbound route does not declare them. Writes the signature (or the failure) back into the row.
 * Route id {@code <system>.outbound.sqltable}.
 *
 * <p>The table is declared once per system ({@link SqlTables}): the first route of the system that gives a
 * {@code jdbcUrl} declares it, the other names only the {@code system}. The poll is one batch of rows claimed one by
 * one (a conditional UPDATE per row), so it stays one step, {@code <system>.inbound.poll}.
 */
public final class SqlTableRouteTemplates extends RouteBuilder {

    /** Template id of the polling route. */
    public static final String INBOUND = "sqltable-inbound";
    /** Template id of the write-back route. */
    public static final String OUTBOUND = "sqltable-outbound";

    @Override
    public void configure() {
        routeTemplate(INBOUND)
                .templateParameter("system")
                .templateParameter("jdbcUrl", "")
                .templateParameter("user", "")
                .templateParameter("password", "")
                .templateParameter("table", "sign_queue")
                .templateParameter("pollInterval", "1000")
                .templateParameter("batchSize", "50")
                .templateParameter("claimTimeout", "300")
                .templateParameter("createTable", "false")
                .templateParameter("replyEndpoint", "")
                .templateParameter("pdfSignature", "cms")
                .templateParameter("pdfSeal", "")
                .templateParameter("pdfPlacement", "")
                .templateBean("poller", SqlTablePoller.class, rtc -> {
                    String system = TemplateParameters.text(rtc, "system");
                    String reply = TemplateParameters.text(rtc, "replyEndpoint");
                    PdfOptions pdf = PdfOptions.visible(TemplateParameters.text(rtc, "pdfSignature"))
                            ? PdfOptions.fromRoute(TemplateParameters.text(rtc, "pdfSeal"),
                                    TemplateParameters.text(rtc, "pdfPlacement")) : null;
                    return new SqlTablePoller(system, table(rtc), TemplateParameters.integer(rtc, "batchSize"),
                            Duration.ofSeconds(TemplateParameters.integer(rtc, "claimTimeout")),
                            TemplateParameters.bool(rtc, "createTable"),
                            reply.isBlank() ? "direct:" + system + ".outbound.result" : reply.trim(), pdf);
                })
                .from("timer:{{system}}.sqltable?period={{pollInterval}}&delay=500")
                .routeId("{{system}}.inbound.sqltable")
                .process("{{poller}}").id("{{system}}.inbound.poll");

        routeTemplate(OUTBOUND)
                .templateParameter("system")
                .templateParameter("jdbcUrl", "")
                .templateParameter("user", "")
                .templateParameter("password", "")
                .templateParameter("table", "sign_queue")
                .templateBean("writer", SqlTableWriter.class,
                        rtc -> new SqlTableWriter(TemplateParameters.text(rtc, "system"), table(rtc)))
                .from("direct:{{system}}.outbound.result")
                .routeId("{{system}}.outbound.sqltable")
                .process("{{writer}}").id("{{system}}.outbound.write");
    }

    private static SqlTable table(org.apache.camel.RouteTemplateContext rtc) {
        return SqlTables.of(rtc);
    }
}
