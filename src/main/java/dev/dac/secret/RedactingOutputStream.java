package dev.dac.secret;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A stream that passes text on line by line through a {@link Redactor}: a secret is only seen whole within its
 * line, so a line is held until its end, even across a flush (a PrintStream flushes after every print), and an
 * unfinished last line goes out on {@link #drain()} or close. Text is taken as UTF-8, as dac writes it.
 */
public final class RedactingOutputStream extends FilterOutputStream {

    private final Redactor redactor;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public RedactingOutputStream(OutputStream out, Redactor redactor) {
        super(out);
        this.redactor = redactor;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i + 1 - start);
                emit();
                start = i + 1;
            }
        }
        line.write(bytes, start, offset + length - start);
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    /** Writes out the unfinished last line, redacted. */
    public synchronized void drain() throws IOException {
        emit();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        drain();
        out.close();
    }

    private void emit() throws IOException {
        if (line.size() > 0) {
            out.write(redactor.redact(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
