package org.medsign.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Every camel-mllp 4.17 line that carries received bytes, logged as camel-mllp logs it (its format, its logger), comes
 * out with {@value MllpPayloadLogFilter#SUPPRESSED} where the bytes were; other lines are left alone.
 */
class MllpPayloadLogFilterTests {

    private static final String PHI = "MSH|^~\\&|HIS<CR>PID|1||P778899^^^H^MR||ZHANG^SANFENG<CR>";
    private static final String BUFFER = "org.apache.camel.component.mllp.internal.MllpSocketBuffer";
    private static final String VALIDATION = "org.apache.camel.component.mllp.internal.TcpServerConsumerValidationRunnable";
    private static final String CONSUMER = "org.apache.camel.component.mllp.internal.TcpSocketConsumerRunnable";
    private static final String GUARDED = "org.medsign.adapters.hl7v2.mllp.GuardedMllpConsumer.2575";

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @BeforeEach
    void attach() {
        new MllpPayloadLogFilter();
        appender.setContext(context);
        // The root logger also hears other application contexts of the same test JVM (an alert rule's warning, for
        // one): keep only what this test's thread logs.
        String thread = Thread.currentThread().getName();
        appender.addFilter(new Filter<>() {
            @Override
            public FilterReply decide(ILoggingEvent event) {
                return thread.equals(event.getThreadName()) ? FilterReply.NEUTRAL : FilterReply.DENY;
            }
        });
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        context.getLogger("org.apache.camel.component.mllp").setLevel(ch.qos.logback.classic.Level.DEBUG);
        context.getLogger("org.medsign.adapters.hl7v2.mllp").setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    @AfterEach
    void detach() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        context.getLogger("org.apache.camel.component.mllp").setLevel(null);
        context.getLogger("org.medsign.adapters.hl7v2.mllp").setLevel(null);
    }

    /** The lines this test's thread logged (the appender keeps no other: see {@link #attach()}). */
    private List<ILoggingEvent> ownEvents() {
        return List.copyOf(appender.list);
    }

    static Stream<Arguments> payloadLines() {
        return Stream.of(
                Arguments.of(BUFFER, "readSocketInputStream(socketInputStream, {}) - ignoring {} bytes received before "
                        + "START_OF_BLOCK: {}", new Object[] {"socket", 37, PHI}),
                Arguments.of(BUFFER, "readFrom({}, {}, {}) - exiting with partial payload {}",
                        new Object[] {"socket", 15000, 5000, PHI}),
                Arguments.of(VALIDATION, "Ignoring out-of-band data on initial read [{} bytes]: {}",
                        new Object[] {37, PHI}),
                Arguments.of(VALIDATION, "Exception encountered receiving complete initial message [{} bytes]: {}",
                        new Object[] {37, PHI}),
                Arguments.of(VALIDATION, "Timeout receiving complete initial message on read [{} bytes]: {}",
                        new Object[] {37, PHI}),
                Arguments.of(CONSUMER, "Ignoring leading out-of-band data: {}", new Object[] {PHI}),
                Arguments.of(CONSUMER, "Ignoring trailing out-of-band data: {}", new Object[] {PHI}),
                Arguments.of(CONSUMER, "Ignoring {} byte un-enveloped payload {}", new Object[] {37, PHI}),
                Arguments.of(CONSUMER, "Partial {} byte payload received {}", new Object[] {37, PHI}),
                Arguments.of(CONSUMER, "Received {} byte message {}", new Object[] {37, PHI}),
                Arguments.of(GUARDED, "sendAcknowledgement(originalHl7MessageBytes[{}], Exchange[{}], {}) - Sending "
                        + "Acknowledgement: {}", new Object[] {37, "exchange", "socket", PHI}),
                Arguments.of(CONSUMER, "a line camel-mllp may add later: {}", new Object[] {"ZHANG^SANFENG|P778899"}),
                Arguments.of(CONSUMER, "another one: {}", new Object[] {"PID|1||P778899"}));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("payloadLines")
    void payloadArgumentsAreReplaced(String logger, String format, Object[] arguments) {
        LoggerFactory.getLogger(logger).warn(format, arguments);

        List<ILoggingEvent> events = ownEvents();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getFormattedMessage()).contains(MllpPayloadLogFilter.SUPPRESSED)
                .doesNotContain("P778899").doesNotContain("ZHANG");
        assertThat(events.get(0).getLoggerName()).isEqualTo(logger);
        assertThat(events.get(0).getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadLines")
    void linesOfOtherLoggersAndLinesWithoutPayloadStayAsTheyAre(String logger, String format, Object[] arguments) {
        LoggerFactory.getLogger("org.medsign.hub.SomethingElse").info("address {} port {}", "/10.1.2.3", 2575);
        LoggerFactory.getLogger(logger).info("startConsumer({}) - starting consumer",
                "Socket[addr=/127.0.0.1,port=40433,localport=2575]");

        assertThat(ownEvents()).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "address /10.1.2.3 port 2575",
                "startConsumer(Socket[addr=/127.0.0.1,port=40433,localport=2575]) - starting consumer");
    }
}
