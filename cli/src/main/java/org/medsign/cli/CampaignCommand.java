package org.medsign.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code medsign ledger campaign}: batch renewal campaigns on a running hub. */
@Command(name = "campaign", mixinStandardHelpOptions = true, description = "Batch renewal campaigns (批量更新).",
        subcommands = {CampaignCommand.Create.class, CampaignCommand.Watch.class})
final class CampaignCommand extends CommandGroup {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Options every campaign command shares: the connection, and a JSON call as the security administrator. */
    static class HubOptions {
        @CommandLine.Mixin
        HubConnectionOptions connection = new HubConnectionOptions();

        JsonNode call(String method, String path, String body) {
            return connection.client("the security administrator").json(method, path, body, Duration.ofMinutes(5));
        }
    }

    /** {@code medsign ledger campaign create}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a renewal campaign for the certificates in inventory categories (e.g. expiring) "
                    + "and/or matching filters. With --dry-run the plan is shown (what is renewed, what is skipped and "
                    + "why) and nothing changes; without it the campaign starts at once.",
                    "The security administrator's password is read from the environment (MEDSIGN_PASSWORD)."})
    static final class Create extends CliCommand {

        @CommandLine.Mixin
        HubOptions options = new HubOptions();

        @Option(names = "--category", paramLabel = "CATEGORY",
                description = "Inventory category (expiring, expired, mismatched, …); repeatable.")
        List<String> categories = new ArrayList<>();

        @Option(names = "--department", paramLabel = "DEPT", description = "Holder's department; repeatable.")
        List<String> departments = new ArrayList<>();

        @Option(names = "--staff", paramLabel = "ID", description = "Staff id; repeatable.")
        List<String> staffIds = new ArrayList<>();

        @Option(names = "--serial", paramLabel = "HEX", description = "Certificate serial; repeatable.")
        List<String> serials = new ArrayList<>();

        @Option(names = "--expiring-before", paramLabel = "DATE", description = "notAfter before this ISO date.")
        String expiringBefore;

        @Option(names = "--expiring-days", paramLabel = "DAYS", description = "The inventory's expiring window (default 60).")
        Integer expiringDays;

        @Option(names = "--dry-run", description = "Plan only: show what would be renewed and skipped; change nothing.")
        boolean dryRun;

        @Option(names = "--no-rekey", description = "Re-certify the hub-held keys instead of generating new ones.")
        boolean noRekey;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> request = new LinkedHashMap<>();
            putIfAny(request, "categories", categories);
            putIfAny(request, "departments", departments);
            putIfAny(request, "staffIds", staffIds);
            putIfAny(request, "serials", serials);
            if (expiringBefore != null) {
                request.put("expiringBefore", expiringBefore);
            }
            if (expiringDays != null) {
                request.put("expiringDays", expiringDays);
            }
            request.put("dryRun", dryRun);
            request.put("rekey", !noRekey);
            JsonNode campaign = options.call("POST", "/api/v1/ledger/campaigns", JSON.writeValueAsString(request));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("campaign %d %s%s: %d selected, %d to renew, %d skipped%n", campaign.path("id").asLong(),
                    campaign.path("state").asText(), dryRun ? " (dry run, nothing changed)" : "",
                    campaign.path("total").asInt(), campaign.path("planned").asInt() + campaign.path("running").asInt()
                            + campaign.path("done").asInt(), campaign.path("skipped").asInt());
            campaign.path("skippedByReason").fields().forEachRemaining(reason ->
                    out.printf("  skipped %-18s %6d%n", reason.getKey(), reason.getValue().asInt()));
            if (dryRun) {
                for (JsonNode item : campaign.path("items")) {
                    out.printf("  %-34s %-10s %-8s %s%n", item.path("serial").asText(), item.path("staffId").asText("-"),
                            item.path("state").asText(), item.path("reason").asText());
                }
                out.printf("start it with: POST /api/v1/ledger/campaigns/%d/start%n", campaign.path("id").asLong());
            } else {
                out.printf("watch it with: medsign ledger campaign watch --hub %s --user %s %d%n", options.connection.hub,
                        options.connection.user, campaign.path("id").asLong());
            }
            out.flush();
            return 0;
        }

        private static void putIfAny(Map<String, Object> request, String name, List<String> values) {
            if (!values.isEmpty()) {
                request.put(name, values);
            }
        }
    }

    /** {@code medsign ledger campaign watch}. */
    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = {"Follow a campaign with a progress bar until it is DONE or FAILED (exit 0 when DONE, 1 when "
                    + "FAILED); --once prints the current state and returns.",
                    "The security administrator's password is read from the environment (MEDSIGN_PASSWORD)."})
    static final class Watch extends CliCommand {

        @CommandLine.Mixin
        HubOptions options = new HubOptions();

        @Parameters(paramLabel = "ID", description = "Campaign id.")
        long id;

        @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1",
                description = "Seconds between polls (default: ${DEFAULT-VALUE}).")
        double interval;

        @Option(names = "--once", description = "Print the state once and return.")
        boolean once;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            while (true) {
                JsonNode campaign = options.call("GET", "/api/v1/ledger/campaigns/" + id, null);
                String state = campaign.path("state").asText();
                boolean finished = state.equals("DONE") || state.equals("FAILED");
                out.print("\r" + progressLine(campaign));
                if (finished || once) {
                    out.println();
                    out.flush();
                    return state.equals("FAILED") ? MedsignCommand.EXIT_INVALID : 0;
                }
                out.flush();
                LockSupport.parkNanos((long) (interval * 1_000_000_000L));
            }
        }
    }

    /** {@code [#########...........]  45% 630/1400 done 620 skipped 10 failed 0 RUNNING}. */
    static String progressLine(JsonNode campaign) {
        int total = campaign.path("total").asInt();
        int done = campaign.path("done").asInt();
        int skipped = campaign.path("skipped").asInt();
        int failed = campaign.path("failed").asInt();
        int finished = done + skipped + failed;
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) finished * width / total);
        int percent = total == 0 ? 100 : (int) ((long) finished * 100 / total);
        return String.format("[%s%s] %3d%% %d/%d  done %d  skipped %d  failed %d  %s", "#".repeat(filled),
                ".".repeat(width - filled), percent, finished, total, done, skipped, failed,
                campaign.path("state").asText());
    }
}
