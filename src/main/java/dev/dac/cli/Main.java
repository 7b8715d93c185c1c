package dev.dac.cli;

import java.io.PrintStream;

/** Entry point of the {@code dac} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        boolean debug = System.getenv("DAC_DEBUG") != null;
        // a thread of a library dying is as much a dac bug as the main thread dying: one line, never a trace
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> lastResort(e, debug, System.err));
        int exit;
        try {
            exit = run(args);
        } catch (Throwable e) { // NOPMD: the last resort; anything left is reported in one line
            lastResort(e, debug, System.err);
            exit = DacCommand.INTERNAL_ERROR;
        }
        System.exit(exit);
    }

    /** Runs dac with {@code args} and returns the exit code, without exiting (for tests and embedding). */
    public static int run(String... args) {
        return DacCommand.commandLine().execute(args);
    }

    /** What escaped every command: a one-line message, with the trace only when DAC_DEBUG is set. */
    static void lastResort(Throwable e, boolean debug, PrintStream err) {
        err.println(oneLine(e, debug));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    static String oneLine(Throwable e, boolean debug) {
        String what = e instanceof OutOfMemoryError ? "ran out of memory (an input too large?)"
                : e instanceof StackOverflowError ? "input nested too deeply to handle"
                : "internal error (" + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                        : ": " + e.getMessage().lines().findFirst().orElse("")) + ")";
        return "dac: " + what + (debug ? "" : "; please report it (set DAC_DEBUG=1 for details)");
    }
}
