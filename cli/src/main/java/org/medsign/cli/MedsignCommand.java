package org.medsign.cli;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;

import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.MedsignCryptoException;
import org.medsign.crypto.UnsupportedAlgorithmException;
import org.medsign.crypto.WrongPasswordException;
import org.medsign.crypto.ca.CertificateAuthorityException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code medsign} command: offline CA ceremonies, signing, verification, timestamps, audit and evidence. */
@Command(name = "medsign", mixinStandardHelpOptions = true, version = "medsign 0.1.0",
        description = "MedSign Hub command-line tool: SM2/SM3 CA, CMS signatures, RFC 3161 timestamps, audit chain.",
        subcommands = {CaCommand.class, CertCommand.class, CrlCommand.class, SignCommand.class, VerifyCommand.class,
                VerifyPdfCommand.class, TsCommand.class, OpensslRecipeCommand.class, LedgerCommand.class,
                AuditCommand.class, EvidenceCommand.class, CompliancePackCommand.class, ReportCommand.class, AppCommand.class, DeviceCommand.class, CommandLine.HelpCommand.class})
public final class MedsignCommand implements Runnable {

    /** Exit code: the signature, certificate or timestamp checked is not valid. */
    public static final int EXIT_INVALID = 1;
    /** Exit code: bad input (missing file, malformed data, unsupported algorithm). */
    public static final int EXIT_INPUT = 3;
    /** Exit code: wrong or missing password. */
    public static final int EXIT_PASSWORD = 4;
    /** Exit code: the CA refused the operation. */
    public static final int EXIT_REFUSED = 5;
    /** Exit code: the hub could not be reached, or answered with an error. */
    public static final int EXIT_HUB = 6;
    /** Exit code: the hub cannot do it now (a service is unavailable, or too many attempts): try again later. */
    public static final int EXIT_RETRY_LATER = 8;
    /** Exit code: the hub accepted it and waits for a person (an approval). */
    public static final int EXIT_PENDING = 9;
    /** Exit code: the audit database cannot be reached or has no audit tables. */
    public static final int EXIT_DATABASE = 7;
    /** Exit code: unexpected internal error. */
    public static final int EXIT_INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Entry point. */
    public static void main(String[] args) {
        CommandLine commandLine = newCommandLine();
        int code = commandLine.execute(args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        System.exit(code);
    }

    /** A configured command line (tests call {@code execute} on it). */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new MedsignCommand());
        commandLine.setExecutionExceptionHandler(MedsignCommand::handle);
        return commandLine;
    }

    private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("medsign: error: " + describe(e));
        if (System.getenv("MEDSIGN_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        if (e instanceof WrongPasswordException || e instanceof MissingPasswordException) {
            return EXIT_PASSWORD;
        }
        if (e instanceof MalformedInputException || e instanceof UnsupportedAlgorithmException
                || e instanceof NoSuchFileException || e instanceof InputFileException) {
            return EXIT_INPUT;
        }
        if (e instanceof AuditDatabaseException) {
            return EXIT_DATABASE;
        }
        if (e instanceof CertificateAuthorityException) {
            return EXIT_REFUSED;
        }
        if (e instanceof HubCallException call) {
            return call.exitCode();
        }
        return e instanceof MedsignCryptoException ? EXIT_INPUT : EXIT_INTERNAL;
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return "file not found: " + missing.getFile();
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message + (System.getenv("MEDSIGN_DEBUG") == null && !(e instanceof MedsignCryptoException)
                && !(e instanceof CliException) ? " (set MEDSIGN_DEBUG=1 for details)" : "");
    }
}
