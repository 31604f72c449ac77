package org.medsign.adapters.file;

import java.nio.file.Path;

import org.apache.camel.builder.RouteBuilder;
import org.medsign.adapters.model.TemplateParameters;

/**
 * Route templates for systems that can only write and read files (a shared folder): documents dropped in an input
 * folder come back signed in an output folder.
 *
 * <p>{@code file-inbound}: {@code system}, {@code inputDir}, {@code namePattern} (regular expression with the groups
 * {@code signer} and {@code document}; default {@value FileNaming#DEFAULT_PATTERN}), {@code maxBytes} (default
 * 10485760), {@code pollInterval} (ms, default 1000), {@code readLockMinAge} (ms a file must stay unchanged before it
 * is taken, default 1000), {@code replyEndpoint} (default {@code direct:<system>.outbound.result}). Files whose name
 * starts with a dot or ends with {@code .tmp} or {@code .part} are left alone (write to such a name, then rename).
 * Route id {@code <system>.inbound.file}.
 *
 * <p>{@code file-outbound}: {@code system}, {@code outputDir}. Route id {@code <system>.outbound.file}.
 */
public final class FileRouteTemplates extends RouteBuilder {

    /** Template id of the drop-folder route. */
    public static final String INBOUND = "file-inbound";
    /** Template id of the output-folder route. */
    public static final String OUTBOUND = "file-outbound";

    @Override
    public void configure() {
        routeTemplate(INBOUND)
                .templateParameter("system")
                .templateParameter("inputDir")
                .templateParameter("namePattern", FileNaming.DEFAULT_PATTERN)
                .templateParameter("maxBytes", "10485760")
                .templateParameter("pollInterval", "1000")
                .templateParameter("readLockMinAge", "1000")
                .templateParameter("replyEndpoint", "direct:{{system}}.outbound.result")
                .templateBean("fileIntake", FileIntake.class,
                        rtc -> new FileIntake(TemplateParameters.text(rtc, "system"),
                                new FileNaming(TemplateParameters.text(rtc, "namePattern")),
                                TemplateParameters.integer(rtc, "maxBytes"),
                                TemplateParameters.text(rtc, "replyEndpoint").trim()))
                .from("file:{{inputDir}}?delete=true&autoCreate=true&readLock=changed&readLockCheckInterval=200"
                        + "&readLockMinAge={{readLockMinAge}}&readLockMinLength=0&readLockTimeout=10000"
                        + "&delay={{pollInterval}}"
                        + "&maxMessagesPerPoll=100&exclude=RAW(.*\\.(tmp|part))")
                .routeId("{{system}}.inbound.file")
                .process("{{fileIntake}}");

        routeTemplate(OUTBOUND)
                .templateParameter("system")
                .templateParameter("outputDir")
                .templateBean("fileWriter", SignedFileWriter.class,
                        rtc -> new SignedFileWriter(TemplateParameters.text(rtc, "system"),
                                Path.of(TemplateParameters.text(rtc, "outputDir").trim())))
                .from("direct:{{system}}.outbound.result")
                .routeId("{{system}}.outbound.file")
                .process("{{fileWriter}}");
    }
}
