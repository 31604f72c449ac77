package org.medsign.hub;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

/** The hub jar as a separate operating-system process, for crash tests: start, wait healthy, SIGKILL, restart. */
public final class HubProcess implements AutoCloseable {

    private final Path jar;
    private final Path home;
    private final Path log;
    private final Map<String, String> env;
    private final int port;
    private final int tlsPort;
    private final List<String> args = new ArrayList<>();
    private Path workingDirectory;
    private Process process;

    public HubProcess(Path home, Map<String, String> env) {
        this.jar = Path.of(System.getProperty("medsign.hub.jar", "target/medsign-hub.jar")).toAbsolutePath();
        this.home = home;
        this.log = home.resolveSibling(home.getFileName() + ".log");
        this.env = new HashMap<>(env);
        this.port = freePort();
        this.tlsPort = freePort();
    }

    /** Extra command-line arguments (e.g. {@code --medsign.security.x=y}), added before {@link #start()}. */
    public HubProcess withArgs(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** The working directory of the process (where {@code ./config} and {@code ./routes} are looked up). */
    public HubProcess in(Path directory) {
        this.workingDirectory = directory;
        return this;
    }

    /** The HTTPS port ({@code medsign.tls.port}). */
    public int tlsPort() {
        return tlsPort;
    }

    /** The data directory. */
    public Path home() {
        return home;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Starts the jar and waits until /actuator/health says UP. */
    public HubProcess start() throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx1g", "-jar", jar.toString(),
                "--server.port=" + port, "--medsign.tls.port=" + tlsPort));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().put("MEDSIGN_HOME", home.toString());
        // as in HubTestSupport: the demo seals' organisation signer would change the older tests' ledger counts
        builder.environment().put("MEDSIGN_DEMO_SEALS", "false");
        builder.environment().putAll(env);
        process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("hub healthy on port " + port).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("hub exited with " + process.exitValue() + "; see " + log);
                    }
                    try {
                        HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        return health.statusCode() == 200 && health.body().contains("\"UP\"");
                    } catch (IOException e) {
                        return false;
                    }
                });
        return this;
    }

    /** Starts the jar for a run that is expected to end by itself (e.g. a refused configuration); its exit code. */
    public int runToExit(Duration limit) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-jar", jar.toString(),
                "--server.port=" + port, "--medsign.tls.port=" + tlsPort));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        builder.environment().put("MEDSIGN_HOME", home.toString());
        // as in HubTestSupport: the demo seals' organisation signer would change the older tests' ledger counts
        builder.environment().put("MEDSIGN_DEMO_SEALS", "false");
        builder.environment().putAll(env);
        process = builder.start();
        if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the hub did not exit within " + limit + "; see " + log);
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM and wait. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
