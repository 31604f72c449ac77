package org.medsign.crypto.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Runs the OpenSSL 3 CLI for interop tests; tests skip, with a visible message, where it is absent. */
public final class Openssl {

    /** Result of one command. */
    public record Result(int exit, String out, String err) {
        public Result ok() {
            assertThat(exit).as("exit code; stdout=%s stderr=%s", out, err).isZero();
            return this;
        }
    }

    private static Boolean available;

    private Openssl() {
    }

    /** Skips the calling test unless an OpenSSL 3 CLI is on the PATH. */
    public static void assumeAvailable() {
        if (available == null) {
            try {
                Result version = exec(Path.of("."), Map.of(), List.of("openssl", "version"));
                available = version.exit() == 0 && version.out().startsWith("OpenSSL 3");
            } catch (RuntimeException e) {
                available = false;
            }
            if (!available) {
                System.err.println("SKIPPED: OpenSSL 3 CLI not found; OpenSSL interop tests are skipped");
            }
        }
        Assumptions.assumeTrue(available, "OpenSSL 3 CLI not found: interop test skipped");
    }

    /** Runs {@code openssl args…} in {@code dir}. */
    public static Result run(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        return exec(dir, Map.of(), command);
    }

    /** Runs any command in {@code dir} with extra environment. */
    public static Result exec(Path dir, Map<String, String> env, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            var out = process.getInputStream().readAllBytes();
            var err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
