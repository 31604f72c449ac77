package org.medsign.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.medsign.cli.device.DeviceActivation;
import org.medsign.cli.device.DeviceSigning;
import org.medsign.cli.device.DeviceStore;
import org.medsign.crypto.MedsignCryptoException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code medsign device}: the CLI acting as a clinician's phone with a collaborative SM2 key (协同签名, issue #14),
 * through the Java device client ({@link org.medsign.cli.device}).
 */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = "The CLI as a clinician's phone with a collaborative key (协同签名).",
        subcommands = {DeviceCommand.Activate.class, DeviceCommand.Confirm.class, DeviceCommand.Window.class,
                DeviceCommand.Renew.class})
final class DeviceCommand extends CommandGroup {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** {@code medsign device activate}. */
    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = {"Activate a device with the one-time code: generate the collaborative key jointly with the "
                    + "hub, choose the signing PIN, and write the device store (the device share sealed under the PIN "
                    + "and the hub's pepper, the certificate and public data; mode 600).",
                    "The PIN is read from the environment (MEDSIGN_PIN), never from the command line."})
    static final class Activate extends CliCommand {

        @Option(names = "--hub", required = true, paramLabel = "URL", description = "Hub base URL, e.g. http://localhost:8080")
        URI hub;

        @Option(names = "--staff", required = true, paramLabel = "ID", description = "The clinician's staff id.")
        String staffId;

        @Option(names = "--code", required = true, paramLabel = "CODE",
                description = "The one-time activation code from the security administrator.")
        String code;

        @Option(names = "--store", required = true, paramLabel = "FILE",
                description = "The device store to create (must not exist).")
        Path store;

        @Option(names = "--pin-env", paramLabel = "VAR", defaultValue = "MEDSIGN_PIN",
                description = "Environment variable holding the signing PIN to choose (default: ${DEFAULT-VALUE}).")
        String pinVariable;

        @Override
        public Integer call() throws Exception {
            String pin = System.getenv(pinVariable);
            if (pin == null || pin.isEmpty()) {
                throw new MissingPasswordException(pinVariable, "the signing PIN of " + staffId);
            }
            if (Files.exists(store)) {
                throw new InputFileException("the device store " + store + " exists already; choose another file");
            }
            DeviceActivation activation = new DeviceActivation(new SecureRandom());
            HubClient app = HubClient.anonymous(hub, "staff " + staffId, "the signer");
            JsonNode answer = app.json("POST", "/api/v1/m/device/activate",
                    JSON.writeValueAsString(activation.requestBody(staffId, code, pin)), TIMEOUT);
            DeviceStore device;
            try {
                device = activation.finish(hub, staffId, new DeviceActivation.Answer(text(answer, "keygen"),
                        text(answer, "certificate"), text(answer, "serial"), text(answer, "pepper")),
                        pin.toCharArray());
            } catch (MedsignCryptoException e) {
                throw new HubCallException("the hub's answer to the key generation was refused: " + e.getMessage());
            }
            device.write(store);
            spec.commandLine().getOut().println("activated a collaborative key for " + staffId + ": certificate "
                    + device.serial() + ", store " + store);
            return 0;
        }

        static String text(JsonNode answer, String field) {
            JsonNode value = answer.get(field);
            return value == null || !value.isTextual() ? null : value.asText();
        }
    }

    /** Options of the commands that use an activated device store. */
    abstract static class WithStore extends CliCommand {

        @Option(names = "--hub", required = true, paramLabel = "URL", description = "Hub base URL, e.g. http://localhost:8080")
        URI hub;

        @Option(names = "--store", required = true, paramLabel = "FILE",
                description = "The device store written by `medsign device activate`.")
        Path store;

        @Option(names = "--pin-env", paramLabel = "VAR", defaultValue = "MEDSIGN_PIN",
                description = "Environment variable holding the signing PIN (default: ${DEFAULT-VALUE}).")
        String pinVariable;

        /** Logs in with the PIN, unlocks the device share with the pepper, runs {@code work}, logs out. */
        int withSession(SessionWork work) throws Exception {
            DeviceStore device = DeviceStore.read(store);
            String pin = System.getenv(pinVariable);
            if (pin == null || pin.isEmpty()) {
                throw new MissingPasswordException(pinVariable, "the signing PIN of " + device.staffId());
            }
            HubClient app = HubClient.anonymous(hub, "staff " + device.staffId(), "the signer");
            String token = app.json("POST", "/api/v1/m/login", JSON.writeValueAsString(java.util.Map.of(
                    "staffId", device.staffId(), "pin", pin)), TIMEOUT).get("token").asText();
            HubClient session = app.withBearer(token);
            try {
                byte[] pepper = java.util.Base64.getDecoder().decode(session.json("GET", "/api/v1/m/device/pepper",
                        null, TIMEOUT).get("pepper").asText());
                org.medsign.crypto.collab.ClientShare share;
                try {
                    share = device.unlock(pin.toCharArray(), pepper);
                } catch (MedsignCryptoException e) {
                    throw new HubCallException("the device store does not open with this PIN and the hub's pepper "
                            + "(a newer device was activated, or the PIN was reset): activate this device again");
                }
                return work.run(session, share, pin);
            } finally {
                session.json("POST", "/api/v1/m/logout", null, TIMEOUT);
            }
        }
    }

    interface SessionWork {
        int run(HubClient session, org.medsign.crypto.collab.ClientShare share, String pin) throws Exception;
    }

    /** {@code medsign device confirm}. */
    @Command(name = "confirm", mixinStandardHelpOptions = true,
            description = {"Confirm pending tasks with the collaborative key: log in, unlock the device share, and "
                    + "run the two-party signing round with the hub for one task or all pending ones.",
                    "The PIN is read from the environment (MEDSIGN_PIN)."})
    static final class Confirm extends WithStore {

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--task", paramLabel = "ID", description = "The task to confirm.")
            Long task;

            @Option(names = "--all", description = "Every pending task (at most 200 per round).")
            boolean all;
        }

        @Override
        public Integer call() throws Exception {
            return withSession((session, share, pin) -> {
                java.util.List<Long> ids = new java.util.ArrayList<>();
                if (which.task != null) {
                    ids.add(which.task);
                } else {
                    for (JsonNode task : session.json("GET", "/api/v1/m/tasks", null, TIMEOUT)) {
                        ids.add(task.get("id").asLong());
                    }
                }
                if (ids.isEmpty()) {
                    spec.commandLine().getOut().println("no pending tasks");
                    return 0;
                }
                int confirmed = 0;
                for (int from = 0; from < ids.size(); from += 200) {
                    confirmed += round(session, share, pin, ids.subList(from, Math.min(ids.size(), from + 200)));
                }
                spec.commandLine().getOut().println("confirmed " + confirmed + " task(s) with the collaborative key");
                return 0;
            });
        }

        private static int round(HubClient session, org.medsign.crypto.collab.ClientShare share, String pin,
                                 java.util.List<Long> ids) throws Exception {
            java.util.Map<String, Object> start = new java.util.LinkedHashMap<>();
            start.put("ids", ids);
            start.put("pin", pin);
            JsonNode opened = session.json("POST", "/api/v1/m/tasks/cosign/start", JSON.writeValueAsString(start),
                    TIMEOUT);
            java.util.List<DeviceSigning.Round> rounds = new java.util.ArrayList<>();
            for (JsonNode round : opened.path("rounds")) {
                rounds.add(JSON.treeToValue(round, DeviceSigning.Round.class));
            }
            DeviceSigning signing = new DeviceSigning(share, new SecureRandom());
            JsonNode answered = session.json("POST", "/api/v1/m/tasks/cosign/answer",
                    JSON.writeValueAsString(signing.requests(rounds)), TIMEOUT);
            java.util.List<String> responses = new java.util.ArrayList<>();
            answered.path("responses").forEach(node -> responses.add(node.asText()));
            java.util.Map<String, Object> finish;
            try {
                finish = signing.signatures(responses);
            } catch (MedsignCryptoException e) {
                throw new HubCallException("the hub's answer in the signing round was refused: " + e.getMessage());
            }
            return session.json("POST", "/api/v1/m/tasks/cosign/finish", JSON.writeValueAsString(finish), TIMEOUT)
                    .path("confirmed").size();
        }
    }

    /** {@code medsign device window}. */
    @Command(name = "window", mixinStandardHelpOptions = true,
            description = {"Open signing windows (时段授权) with the collaborative key: the device share is handed to "
                    + "the hub for these windows only, kept in its memory and dropped when they close.",
                    "The PIN is read from the environment (MEDSIGN_PIN)."})
    static final class Window extends WithStore {

        @Option(names = "--systems", required = true, split = ",", paramLabel = "SYSTEM",
                description = "Systems the windows are for, comma-separated (e.g. his,lis).")
        java.util.List<String> systems;

        @Option(names = "--hours", required = true, paramLabel = "N", description = "Window length, 1 to 720 hours.")
        int hours;

        @Option(names = "--scenarios", split = ",", paramLabel = "SCENARIO",
                description = "Only these scenarios (default: every scenario).")
        java.util.List<String> scenarios = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return withSession((session, share, pin) -> {
                java.util.Map<String, Object> request = new java.util.LinkedHashMap<>();
                request.put("systems", systems);
                request.put("hours", hours);
                if (!scenarios.isEmpty()) {
                    request.put("scenarios", scenarios);
                }
                request.put("delegation", java.util.Base64.getEncoder().encodeToString(share.exportForDelegation()));
                JsonNode opened = session.json("POST", "/api/v1/m/windows", JSON.writeValueAsString(request), TIMEOUT);
                for (JsonNode window : opened.path("windows")) {
                    spec.commandLine().getOut().printf("window %-6s %-16s %-20s until %s%n",
                            window.path("id").asText(), window.path("system").asText(),
                            window.path("scenario").isNull() ? "(every scenario)" : window.path("scenario").asText(),
                            window.path("validUntil").asText());
                }
                return 0;
            });
        }
    }

    /** {@code medsign device renew}. */
    @Command(name = "renew", mixinStandardHelpOptions = true,
            description = {"Renew the collaborative key (when the renewal campaign waits for this device): a new joint "
                    + "key and certificate, the old one superseded; the store is replaced.",
                    "The PIN is read from the environment (MEDSIGN_PIN)."})
    static final class Renew extends WithStore {

        @Override
        public Integer call() throws Exception {
            DeviceStore old = DeviceStore.read(store);
            return withSession((session, share, pin) -> {
                DeviceActivation renewal = new DeviceActivation(new SecureRandom());
                JsonNode answer = session.json("POST", "/api/v1/m/device/renew",
                        JSON.writeValueAsString(renewal.renewalBody(pin)), TIMEOUT);
                DeviceStore renewed;
                try {
                    renewed = renewal.finish(hub, old.staffId(), new DeviceActivation.Answer(
                            Activate.text(answer, "keygen"), Activate.text(answer, "certificate"),
                            Activate.text(answer, "serial"), Activate.text(answer, "pepper")), pin.toCharArray());
                } catch (MedsignCryptoException e) {
                    throw new HubCallException("the hub's answer to the key generation was refused: "
                            + e.getMessage());
                }
                renewed.replace(store);
                spec.commandLine().getOut().println("renewed the collaborative key of " + old.staffId()
                        + ": certificate " + renewed.serial() + " replaces " + old.serial());
                return 0;
            });
        }
    }
}
