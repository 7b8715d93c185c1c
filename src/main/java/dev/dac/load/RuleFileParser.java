package dev.dac.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/** Reads a rule file from disk and parses its TOML. Never throws anything but {@link RuleLoadException}. */
public final class RuleFileParser {

    /** Real rule files are a few KiB; anything this large is not a rule and would only slow the run down. */
    public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private final TomlMapper toml = TomlMapper.builder().build();

    public ParsedRuleFile parse(Path path) throws RuleLoadException {
        return parse(path, readText(path));
    }

    /** Parses text already in memory; {@code path} only names it in problems. */
    public ParsedRuleFile parse(Path path, String text) throws RuleLoadException {
        JsonNode document;
        try {
            document = toml.readTree(text);
        } catch (JacksonException e) {
            throw new RuleLoadException(malformed(path, text, e));
        } catch (RuntimeException e) {
            // the TOML parser has thrown unchecked exceptions on some inputs; report them as malformed text
            throw new RuleLoadException(new LoadProblem(path, LoadProblem.Kind.MALFORMED_TOML, 0, 0,
                    "malformed TOML: " + e.getClass().getSimpleName() + describe(e.getMessage())));
        }
        if (document == null || !document.isObject()) {
            throw new RuleLoadException(new LoadProblem(path, LoadProblem.Kind.MALFORMED_TOML, 0, 0,
                    "the file holds no TOML tables; a rule file needs [metadata] and [rule]"));
        }
        return new ParsedRuleFile(path, document, KeyLines.scan(text));
    }

    /**
     * The text of a TOML file, read only if it is a regular file under {@link #MAX_FILE_BYTES}: a FIFO would block
     * the run and a device such as /dev/zero never ends, so neither is opened. The size is checked before reading,
     * and the read stops one byte past the bound in case the file grows meanwhile.
     */
    private static String readText(Path path) throws RuleLoadException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw unreadable(path, "is a directory, not a rule file");
            }
            if (!attributes.isRegularFile()) {
                throw unreadable(path, RuleFileFinder.NOT_REGULAR);
            }
            if (attributes.size() > MAX_FILE_BYTES) {
                throw tooLarge(path, attributes.size());
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                throw tooLarge(path, MAX_FILE_BYTES);
            }
            return decode(path, bytes);
        } catch (NoSuchFileException e) {
            throw unreadable(path, "does not exist");
        } catch (AccessDeniedException e) {
            throw unreadable(path, "cannot be read: permission denied");
        } catch (IOException e) {
            throw unreadable(path, "cannot be read: " + e.getMessage());
        }
    }

    private static RuleLoadException tooLarge(Path path, long size) {
        return new RuleLoadException(new LoadProblem(path, LoadProblem.Kind.NOT_TEXT, 0, 0, String.format(Locale.ROOT,
                "file is %s%,d bytes; a rule or fixture file must be under %,d bytes", size > MAX_FILE_BYTES
                        ? "" : "over ", size, MAX_FILE_BYTES)));
    }

    private static String decode(Path path, byte[] bytes) throws RuleLoadException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            int nul = text.indexOf('\0');
            if (nul >= 0) {
                throw new RuleLoadException(new LoadProblem(path, LoadProblem.Kind.NOT_TEXT,
                        lineAt(text, nul), 0, "file contains a NUL byte; it looks binary, not TOML text"));
            }
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new RuleLoadException(new LoadProblem(path, LoadProblem.Kind.NOT_TEXT, 0, 0,
                    "file is not UTF-8 text; save it as UTF-8"));
        }
    }

    private static int lineAt(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static RuleLoadException unreadable(Path path, String why) {
        return new RuleLoadException(new LoadProblem(path, LoadProblem.Kind.UNREADABLE, 0, 0, why));
    }

    private static LoadProblem malformed(Path path, String text, JacksonException e) {
        String reason = e.getOriginalMessage() == null ? "unreadable TOML" : e.getOriginalMessage();
        TokenStreamLocation location = e.getLocation();
        int line = location == null ? 0 : Math.max(0, location.getLineNr());
        int column = location == null ? 0 : Math.max(0, location.getColumnNr());
        if (reason.startsWith("Duplicate key")) {
            // the parser reports a duplicate after it has moved on; find the exact key ourselves
            for (KeyLines.DuplicateKey duplicate : KeyLines.scan(text).duplicates()) {
                return new LoadProblem(path, LoadProblem.Kind.MALFORMED_TOML, duplicate.line(), 0,
                        "malformed TOML: key '" + pointerToDotted(duplicate.path()) + "' is defined twice (first on line "
                                + duplicate.firstLine() + "); remove one of them");
            }
        }
        if (reason.contains("nesting depth")) {
            // Jackson's StreamReadConstraints stop the parse; say it in the words of TOML
            return new LoadProblem(path, LoadProblem.Kind.MALFORMED_TOML, line, column,
                    "malformed TOML: arrays or tables are nested more than 500 deep; no rule or fixture needs that");
        }
        return new LoadProblem(path, LoadProblem.Kind.MALFORMED_TOML, line, column,
                "malformed TOML: " + lowerFirst(reason) + hint(reason));
    }

    private static String hint(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("premature end of file") || r.contains("eof")) {
            return " (a string, array or table header opened earlier is never closed)";
        }
        if (r.contains("newline not permitted")) {
            return " (a value is missing after '=', or a quoted string or [table] header is not closed on its line;"
                    + " use \"\"\" or ''' for text over several lines)";
        }
        if (r.contains("unknown token") || r.contains("unexpected")) {
            return " (strings need quotes: \"...\" or '...')";
        }
        return "";
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String describe(String message) {
        return message == null ? "" : ": " + message;
    }

    static String pointerToDotted(String pointer) {
        return pointer.substring(1).replace('/', '.').replace("~1", "/").replace("~0", "~");
    }
}
