package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What escapes every command reaches the user as one line, never as a stack trace. */
class MainTest {

    private static String lastResort(Throwable e, boolean debug) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Main.lastResort(e, debug, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void errorsAndExceptionsBecomeOneLineWithoutATrace() {
        for (Throwable e : List.of(new OutOfMemoryError("Java heap space"), new StackOverflowError(),
                new IllegalStateException("state\nsecond line"), new NullPointerException())) {
            String printed = lastResort(e, false);

            assertThat(printed.lines()).as(e.getClass().getSimpleName()).singleElement().asString()
                    .startsWith("dac: ").contains("set DAC_DEBUG=1");
            assertThat(printed).doesNotContain("\tat ").doesNotContain("java.lang.").doesNotContain("second line");
        }
        assertThat(lastResort(new OutOfMemoryError(), false)).contains("ran out of memory");
        assertThat(lastResort(new StackOverflowError(), false)).contains("nested too deeply");
        assertThat(lastResort(new IllegalStateException("state"), false))
                .contains("internal error (IllegalStateException: state)");
    }

    @Test
    void theTraceIsPrintedOnlyWhenAskedFor() {
        assertThat(lastResort(new IllegalStateException("state"), true)).contains("\tat ");
    }

    @picocli.CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a dac bug");
        }
    }

    @Test
    void anExceptionOutOfACommandIsOneLineAndExitThree() {
        picocli.CommandLine cli = DacCommand.commandLine(java.util.Map.of()).addSubcommand(new Boom());
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err));

        assertThat(cli.execute("boom")).isEqualTo(DacCommand.INTERNAL_ERROR);
        assertThat(err.toString().lines()).singleElement().asString()
                .isEqualTo("dac: internal error (IllegalStateException: a dac bug); please report it (set DAC_DEBUG=1"
                        + " for details)");
    }
}
