package dev.dac.cli;

import dev.dac.secret.RedactingOutputStream;
import dev.dac.secret.Redactor;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Entry point of the {@code dac} command. */
public final class Main {

    private Main() {}

    /** Runs dac with everything it prints passed through one redactor that knows the environment's secrets. */
    public static void main(String[] args) {
        Redactor redactor = Redactor.forEnvironment(System.getenv(), args);
        PrintStream out = redacting(FileDescriptor.out, redactor);
        PrintStream err = redacting(FileDescriptor.err, redactor);
        System.setOut(out);
        System.setErr(err);
        int exit = run(args);
        out.flush();
        err.flush();
        System.exit(exit);
    }

    private static PrintStream redacting(FileDescriptor descriptor, Redactor redactor) {
        return new PrintStream(new RedactingOutputStream(new FileOutputStream(descriptor), redactor), true,
                StandardCharsets.UTF_8);
    }

    /** Runs dac with {@code args} and returns the exit code, without exiting (for tests and embedding). */
    public static int run(String... args) {
        return DacCommand.commandLine().execute(args);
    }
}
