package dev.dac.cli;

import dev.dac.secret.RedactingOutputStream;
import dev.dac.secret.Redactor;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Entry point of the {@code dac} command. */
public final class Main {

    private Main() {}

    /** Runs dac with everything it prints passed through one redactor that knows the environment's secrets. */
    public static void main(String[] args) {
        Redactor redactor = Redactor.forEnvironment(System.getenv(), args);
        RedactingOutputStream out = new RedactingOutputStream(new FileOutputStream(FileDescriptor.out), redactor);
        RedactingOutputStream err = new RedactingOutputStream(new FileOutputStream(FileDescriptor.err), redactor);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = run(args);
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

    /** Runs dac with {@code args} and returns the exit code, without exiting (for tests and embedding). */
    public static int run(String... args) {
        return DacCommand.commandLine().execute(args);
    }
}
