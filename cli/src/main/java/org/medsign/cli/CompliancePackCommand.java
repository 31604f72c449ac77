package org.medsign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code medsign compliance-pack}: downloads the hub's signed compliance pack (合规材料包). */
@Command(name = "compliance-pack", mixinStandardHelpOptions = true,
        description = {"Download the compliance pack for 等保 / 密评 / audits (signed ZIP: algorithm and key inventory, "
                + "certificate ledger, role matrix and accounts, audit-chain verification, configuration with secrets "
                + "redacted, security settings, operations log). Check it with 'sh verify.sh' inside (OpenSSL 3 only).",
                "The audit administrator's password is read from the environment (MEDSIGN_PASSWORD)."})
final class CompliancePackCommand extends CliCommand {

    @CommandLine.Mixin
    HubConnectionOptions connection = new HubConnectionOptions();

    @Option(names = "--out", required = true, paramLabel = "FILE.zip", description = "Where to write the pack.")
    Path out;

    @Override
    public Integer call() throws Exception {
        byte[] zip = connection.client("the audit administrator")
                .call("GET", "/api/v1/ops/compliance-pack", null, "application/zip", Duration.ofMinutes(5));
        CliFiles.write(out, zip);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("compliance pack written to %s (%d bytes); unzip it and run: sh verify.sh ROOT.pem%n", out,
                zip.length);
        printer.flush();
        return 0;
    }
}
