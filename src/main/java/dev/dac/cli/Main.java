package dev.dac.cli;

import picocli.CommandLine;

/** Entry point of the {@code dac} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs dac with {@code args} and returns the exit code, without exiting (for tests and embedding). */
    public static int run(String... args) {
        return DacCommand.commandLine().execute(args);
    }
}
