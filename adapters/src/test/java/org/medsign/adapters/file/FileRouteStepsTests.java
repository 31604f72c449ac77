package org.medsign.adapters.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.function.ThrowingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.adapters.hl7v2.RecordingGateway;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.route.AdapterErrors;

/**
 * The drop-folder route's steps by id: translate leaves the canonical request (the file name is its id); a file the
 * hub refuses at hand-off goes to {@code .error/} with its reason; a hand-off that fails for another reason is not
 * answered, so the file stays for the next poll.
 */
class FileRouteStepsTests {

    private static final String ROUTE_ID = "ecg.inbound.file";

    @TempDir
    Path folder;

    private final RecordingGateway gateway = new RecordingGateway();
    private CamelContext camel;

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void translateLeavesTheCanonicalRequestWithTheFileNameAsItsId() throws Exception {
        List<SigningRequest> seen = new CopyOnWriteArrayList<>();
        start(route -> route.weaveById(".*\\.inbound\\.translate").after()
                .process(exchange -> seen.add(exchange.getMessage().getBody(SigningRequest.class))));

        Exchange exchange = drop("XD0003_ECG-1.pdf");

        assertThat(exchange.getException()).isNull();
        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.requestId()).isEqualTo("XD0003_ECG-1.pdf");
            assertThat(request.signer()).isEqualTo("XD0003");
            assertThat(request.documentId()).isEqualTo("ECG-1");
        });
        assertThat(gateway.accepted).hasSize(1);
        assertThat(folder.resolve(FileIntake.ACCEPTED).resolve("XD0003_ECG-1.pdf")).exists();
    }

    @Test
    void aFileTheHubRefusesGoesToTheErrorFolderWithItsReason() throws Exception {
        gateway.refuse.put("XD0009", ErrorCode.SIGNER_UNKNOWN);
        start(route -> { });

        Exchange exchange = drop("XD0009_ECG-2.pdf");

        assertThat(exchange.getException()).isNull();
        assertThat(folder.resolve(FileIntake.ERROR).resolve("XD0009_ECG-2.pdf")).exists();
        assertThat(Files.readString(folder.resolve(FileIntake.ERROR).resolve("XD0009_ECG-2.pdf.error.json")))
                .contains("SIGNER_UNKNOWN");
        assertThat(folder.resolve(FileIntake.ACCEPTED).resolve("XD0009_ECG-2.pdf")).doesNotExist();
        assertThat(gateway.rejections).singleElement()
                .satisfies(rejection -> assertThat(rejection.code()).isEqualTo(ErrorCode.SIGNER_UNKNOWN));
    }

    @Test
    void aHandOffThatFailsLeavesTheFileForTheNextPoll() throws Exception {
        start(route -> route.weaveById(".*\\.inbound\\.handoff").replace()
                .throwException(new IllegalStateException("broker down")));

        Exchange exchange = drop("XD0004_ECG-3.pdf");

        assertThat(exchange.getException()).isInstanceOf(IllegalStateException.class);
        assertThat(folder.resolve("XD0004_ECG-3.pdf")).exists();
        assertThat(folder.resolve(FileIntake.ERROR)).doesNotExist();
        assertThat(gateway.rejections).isEmpty();
    }

    private void start(ThrowingConsumer<AdviceWithRouteBuilder, Exception> advice) throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind(SigningGateway.BEAN_NAME, gateway);
        camel.addRoutes(new AdapterErrors());
        camel.addRoutes(new FileRouteTemplates());
        TemplatedRouteBuilder.builder(camel, FileRouteTemplates.INBOUND).routeId(ROUTE_ID)
                .parameter("system", "ecg").parameter("inputDir", folder.toString()).add();
        AdviceWith.adviceWith(camel, ROUTE_ID, route -> {
            route.replaceFromWith("direct:ecg");
            advice.accept(route);
        });
        camel.start();
    }

    /** A file dropped into the input folder, handed to the route as the file consumer would. */
    private Exchange drop(String name) throws Exception {
        Path file = Files.writeString(folder.resolve(name), "%PDF-1.7 心电图", StandardCharsets.UTF_8);
        return camel.createProducerTemplate().send("direct:ecg",
                exchange -> exchange.getMessage().setHeader(FileIntake.FILE_PATH, file.toAbsolutePath().toString()));
    }
}
