package org.medsign.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;

/** A leaf command: picocli injects its spec, through which it writes to the command line's out and err. */
abstract class CliCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
}
