package org.medsign.hub.security.regression;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.medsign.hub.HubProcess;

/**
 * The packaged hub as an outside prober meets it, shared by the security regression suite: the jar, a fresh data
 * directory with generated secrets (no {@code MEDSIGN_ADMIN_PASSWORD}), and the shipped route files of
 * {@code routes/} unchanged but for their port numbers, which are moved to free ones so that the suite can run beside
 * other hubs. Started once per test JVM; stopped when the JVM exits.
 */
final class ProbedHub {

    private static final Pattern PORT = Pattern.compile("(- name: port\\s*\\n\\s*value: \"?)(\\d+)(\"?)");
    private static ProbedHub instance;

    private final Path work;
    private final HubProcess process;
    private final Map<Integer, Integer> ports = new HashMap<>();

    private ProbedHub() throws IOException {
        work = Files.createTempDirectory("medsign-probe-");
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> shipped = Files.list(repositoryRoot().resolve("routes"))) {
            for (Path file : shipped.filter(f -> f.toString().endsWith(".yaml")).sorted(Comparator.naturalOrder())
                    .toList()) {
                Files.writeString(routes.resolve(file.getFileName()), movePorts(Files.readString(file)));
            }
        }
        process = new HubProcess(work.resolve("home"), Map.of("MEDSIGN_ROUTES_DIR", routes.toString()));
        process.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    /** The shared hub, started on first use. */
    static synchronized ProbedHub get() {
        if (instance == null) {
            try {
                instance = new ProbedHub();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    HubProcess process() {
        return process;
    }

    /** The port the hub uses where the shipped route file says {@code shipped} (e.g. 2575 for the HIS). */
    int port(int shipped) {
        Integer moved = ports.get(shipped);
        if (moved == null) {
            throw new IllegalArgumentException("no shipped route file uses port " + shipped);
        }
        return moved;
    }

    /** A generated secret from the data directory, e.g. {@code demo-api-key}. */
    String secret(String name) {
        try {
            return Files.readString(process.home().resolve("secrets").resolve(name), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the hub has written to its standard output and error so far. */
    String log() {
        try {
            return Files.readString(process.log(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scratch directory beside the hub's data directory. */
    Path work() {
        return work;
    }

    private String movePorts(String yaml) {
        Matcher matcher = PORT.matcher(yaml);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            int shipped = Integer.parseInt(matcher.group(2));
            int moved = ports.computeIfAbsent(shipped, p -> freePort());
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + moved + matcher.group(3)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("routes")) ? here : here.getParent();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
