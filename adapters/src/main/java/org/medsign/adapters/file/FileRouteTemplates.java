package org.medsign.adapters.file;

import java.nio.file.Path;

import org.apache.camel.builder.RouteBuilder;
import org.medsign.adapters.model.TemplateParameters;
import org.medsign.adapters.route.AcceptStep;
import org.medsign.adapters.route.AdapterErrors;
import org.medsign.adapters.route.InboundSteps;

/**
 * Route templates for systems that can only write and read files (a shared folder): documents dropped in an input
 * folder come back signed in an output folder.
 *
 * <p>{@code file-inbound}: {@code system}, {@code inputDir}, {@code namePattern} (regular expression with the groups
 * {@code signer} and {@code document}; default {@value FileNaming#DEFAULT_PATTERN}), {@code maxBytes} (default
 * 10485760), {@code pollInterval} (ms, default 1000), {@code readLockMinAge} (ms a file must stay unchanged before it
 * is taken, default 1000), {@code replyEndpoint} (default {@code direct:<system>.outbound.result}),
 * {@code pdfSignature} ({@code cms}, the default, or {@code visible}: PDFs get a visible signature), {@code pdfSeal} and
 * {@code pdfPlacement} ({@link org.medsign.adapters.model.PdfOptions#fromRoute}). Files whose name
 * starts with a dot or ends with {@code .tmp} or {@code .part} are left alone (write to such a name, then rename).
 * Route id {@code <system>.inbound.file}, steps {@code errors} ({@link FileErrorAnswer}), {@code filter}
 * ({@link FileFilterStep}), {@code translate} ({@link FileTranslateStep}), {@code handoff} and {@code answer}
 * ({@link FileAnswerStep}).
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
                .templateParameter("pdfSignature", "cms")
                .templateParameter("pdfSeal", "")
                .templateParameter("pdfPlacement", "")
                .templateBean("fileErrors", FileErrorAnswer.class,
                        rtc -> new FileErrorAnswer(TemplateParameters.text(rtc, "system")))
                .templateBean("fileFilter", FileFilterStep.class,
                        rtc -> new FileFilterStep(new FileNaming(TemplateParameters.text(rtc, "namePattern")),
                                TemplateParameters.integer(rtc, "maxBytes")))
                .templateBean("fileTranslate", FileTranslateStep.class,
                        rtc -> new FileTranslateStep(TemplateParameters.text(rtc, "system"),
                                TemplateParameters.text(rtc, "replyEndpoint").trim(),
                                TemplateParameters.text(rtc, "pdfSignature"), TemplateParameters.text(rtc, "pdfSeal"),
                                TemplateParameters.text(rtc, "pdfPlacement")))
                .templateBean("accept", AcceptStep.class, rtc -> new AcceptStep())
                .templateBean("fileAnswer", FileAnswerStep.class,
                        rtc -> new FileAnswerStep(TemplateParameters.text(rtc, "system")))
                .from("file:{{inputDir}}?delete=true&autoCreate=true&readLock=changed&readLockCheckInterval=200"
                        + "&readLockMinAge={{readLockMinAge}}&readLockMinLength=0&readLockTimeout=10000"
                        + "&delay={{pollInterval}}"
                        + "&maxMessagesPerPoll=100&exclude=RAW(.*\\.(tmp|part))")
                .routeId("{{system}}.inbound.file")
                .routeConfigurationId(AdapterErrors.ID)
                .process("{{fileErrors}}").id(InboundSteps.id(InboundSteps.ERRORS))
                .process("{{fileFilter}}").id(InboundSteps.id(InboundSteps.FILTER))
                .process("{{fileTranslate}}").id(InboundSteps.id(InboundSteps.TRANSLATE))
                .process("{{accept}}").id(InboundSteps.id(InboundSteps.HAND_OFF))
                .process("{{fileAnswer}}").id(InboundSteps.id(InboundSteps.ANSWER));

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
