package dev.dac.cli;

import java.util.Map;

/** Entry point of the {@code dac} command. */
public final class Main {

    private Main() {}

    /** The only place dac reads its environment; every command gets it from here. */
    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /** Runs dac with {@code args} in {@code environment}; the exit code, without exiting (tests, embedding). */
    public static int run(Map<String, String> environment, String... args) {
        return DacCommand.commandLine(environment).execute(args);
    }
}
