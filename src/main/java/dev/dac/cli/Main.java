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
        Redactor redactor = Redactor.forEnvironment(environment, args);
        RedactingOutputStream out = new RedactingOutputStream(new FileOutputStream(FileDescriptor.out), redactor);
        RedactingOutputStream err = new RedactingOutputStream(new FileOutputStream(FileDescriptor.err), redactor);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = run(environment, args);
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
}
