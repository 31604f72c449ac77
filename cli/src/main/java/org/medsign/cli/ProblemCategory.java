package org.medsign.cli;

import java.util.Arrays;

/**
 * The CLI's edge of the hub's outcome catalogue: the {@code category} member of the hub's problem details, and the
 * exit code each category gives (docs/cli.md, "Exit codes"). The names mirror the hub's {@code OutcomeCategory}
 * (the CLI depends on crypto-core only); a category this CLI does not know is an error answer (exit 6).
 */
public enum ProblemCategory {
    /** The hub will never do this as asked (the holder left, algorithm not offered…): an error answer. */
    FINAL_REFUSAL(MedsignCommand.EXIT_HUB),
    /** The command's input was wrong: correct it. */
    CORRECTABLE(MedsignCommand.EXIT_INPUT),
    /** It clashes with the current state (already revoked, campaign already started): an error answer. */
    CONFLICT(MedsignCommand.EXIT_HUB),
    /** The input is larger than the hub accepts. */
    TOO_LARGE(MedsignCommand.EXIT_INPUT),
    /** Wrong or missing password. */
    AUTHENTICATION(MedsignCommand.EXIT_REFUSED),
    /** The user's role may not do this. */
    FORBIDDEN(MedsignCommand.EXIT_REFUSED),
    /** What the command names does not exist: an error answer. */
    NOT_FOUND(MedsignCommand.EXIT_HUB),
    /** Too many attempts: try again later. */
    THROTTLED(MedsignCommand.EXIT_RETRY_LATER),
    /** The hub or a service it needs is unavailable: try again later. */
    TRANSIENT(MedsignCommand.EXIT_RETRY_LATER),
    /** Accepted, waiting for a person (an approval). */
    PENDING(MedsignCommand.EXIT_PENDING),
    /** The hub failed; its operators must act. */
    INTERNAL(MedsignCommand.EXIT_HUB);

    private final int exitCode;

    ProblemCategory(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The exit code of this category. */
    public int exitCode() {
        return exitCode;
    }

    /** The exit code of a problem's {@code category} member; {@link MedsignCommand#EXIT_HUB} when absent or unknown. */
    public static int exitCode(String category) {
        return Arrays.stream(values()).filter(c -> c.name().equals(category)).findFirst()
                .map(ProblemCategory::exitCode).orElse(MedsignCommand.EXIT_HUB);
    }
}
