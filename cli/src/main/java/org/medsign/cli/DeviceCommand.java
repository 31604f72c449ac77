package org.medsign.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.medsign.cli.device.DeviceActivation;
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
        subcommands = {DeviceCommand.Activate.class})
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

        private static String text(JsonNode answer, String field) {
            JsonNode value = answer.get(field);
            return value == null || !value.isTextual() ? null : value.asText();
        }
    }
}
