package org.medsign.cli;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code medsign app}: what a clinician does in the mobile app, from the command line (demos, scripts, load tests). */
@Command(name = "app", mixinStandardHelpOptions = true,
        description = "The clinician's mobile-app calls (移动签名) from the command line.",
        subcommands = {AppCommand.Window.class})
final class AppCommand extends CommandGroup {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** {@code medsign app window}. */
    @Command(name = "window", mixinStandardHelpOptions = true,
            description = {"As the clinician: log in to the app with the signing PIN (activating it first with a "
                    + "one-time code when --activation-code is given) and open a signing window (时段授权) that lets "
                    + "the named systems sign in the clinician's name without a prompt, where their policy is window.",
                    "The PIN is read from the environment (MEDSIGN_PIN), never from the command line."})
    static final class Window extends CliCommand {

        @Option(names = "--hub", required = true, paramLabel = "URL", description = "Hub base URL, e.g. http://localhost:8080")
        URI hub;

        @Option(names = "--staff", required = true, paramLabel = "ID", description = "The clinician's staff id.")
        String staffId;

        @Option(names = "--pin-env", paramLabel = "VAR", defaultValue = "MEDSIGN_PIN",
                description = "Environment variable holding the signing PIN (default: ${DEFAULT-VALUE}).")
        String pinVariable;

        @Option(names = "--activation-code", paramLabel = "CODE",
                description = "Activate the app first with this one-time code, choosing the PIN from the environment.")
        String activationCode;

        @Option(names = "--system", required = true, paramLabel = "SYSTEM", description = "A system to let sign; repeatable.")
        List<String> systems = new ArrayList<>();

        @Option(names = "--scenario", paramLabel = "SCENARIO",
                description = "Only this document scenario (repeatable; default: every scenario).")
        List<String> scenarios = new ArrayList<>();

        @Option(names = "--hours", paramLabel = "N", defaultValue = "8",
                description = "How long the window stays open, 1 to 720 hours (default: ${DEFAULT-VALUE}).")
        int hours;

        @Override
        public Integer call() throws Exception {
            String pin = System.getenv(pinVariable);
            if (pin == null || pin.isEmpty()) {
                throw new MissingPasswordException(pinVariable, "the signing PIN of " + staffId);
            }
            HubClient app = HubClient.anonymous(hub, "staff " + staffId, "the signer");
            if (activationCode != null) {
                app.json("POST", "/api/v1/m/activate", body(Map.of("staffId", staffId, "code", activationCode,
                        "pin", pin)), TIMEOUT);
                spec.commandLine().getOut().println("activated the app of " + staffId);
            }
            String token = app.json("POST", "/api/v1/m/login", body(Map.of("staffId", staffId, "pin", pin)), TIMEOUT)
                    .get("token").asText();
            HubClient session = app.withBearer(token);
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("systems", systems);
            request.put("hours", hours);
            if (!scenarios.isEmpty()) {
                request.put("scenarios", scenarios);
            }
            JsonNode opened = session.json("POST", "/api/v1/m/windows", body(request), TIMEOUT);
            for (JsonNode window : opened.path("windows")) {
                spec.commandLine().getOut().printf("window %-6s %-16s %-20s until %s%n", window.path("id").asText(),
                        window.path("system").asText(), window.path("scenario").isNull() ? "(every scenario)"
                                : window.path("scenario").asText(), window.path("validUntil").asText());
            }
            session.json("POST", "/api/v1/m/logout", null, TIMEOUT);
            return 0;
        }

        private static String body(Map<String, ?> fields) throws Exception {
            return JSON.writeValueAsString(fields);
        }
    }
}
