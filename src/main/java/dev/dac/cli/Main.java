package dev.dac.cli;

import dev.dac.secret.RedactingOutputStream;
import dev.dac.secret.Redactor;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Entry point of the {@code dac} command. */
public final class Main {

    private Main() {}

    /**
     * The only place dac reads its environment; every command gets it from here. Everything dac prints passes
     * through one redactor that knows the environment's secrets.
     */
    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        boolean debug = environment.get("DAC_DEBUG") != null;
        Redactor redactor = Redactor.forEnvironment(environment, args);
        RedactingOutputStream out = new RedactingOutputStream(new FileOutputStream(FileDescriptor.out), redactor);
        RedactingOutputStream err = new RedactingOutputStream(new FileOutputStream(FileDescriptor.err), redactor);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        // a thread of a library dying is as much a dac bug as the main thread dying: one line, never a trace
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> lastResort(e, debug, System.err));
        int exit;
        try {
            exit = run(environment, args);
        } catch (Throwable e) { // the last resort; anything left is reported in one line
            lastResort(e, debug, System.err);
            exit = DacCommand.INTERNAL_ERROR;
        }
        System.out.flush();
        System.err.flush();
        try {
            out.drain();
            err.drain();
        } catch (IOException e) {
            exit = exit == 0 ? 1 : exit; // the output did not all arrive
        }
        System.exit(exit);
    }

    /** Runs dac with {@code args} in {@code environment}; the exit code, without exiting (tests, embedding). */
    public static int run(Map<String, String> environment, String... args) {
        return DacCommand.commandLine(environment).execute(args);
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
