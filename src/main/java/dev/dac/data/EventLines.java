package dev.dac.data;

import dev.dac.engine.ElasticsearchJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The events of an ndjson file, read one line at a time (so a file of any size is read in bounded memory): one JSON
 * object a line, or Elasticsearch's bulk format (an {@code index} or {@code create} action line, then the document).
 * Blank lines are skipped. A line that is neither is a {@link Line.Bad} with its number and what is wrong.
 */
public final class EventLines implements Iterator<EventLines.Line>, AutoCloseable {

    private static final Set<String> DOCUMENT_ACTIONS = Set.of("index", "create");
    private static final Set<String> OTHER_ACTIONS = Set.of("delete", "update");

    /** One event of the file, or a line that is not one. */
    public sealed interface Line {
        Path file();

        long number();
    }

    /** An event: its document, its {@code _id} from a bulk action if any, and the line it is on. */
    public record Event(Path file, long number, ObjectNode document, String id) implements Line {}

    /** A line that is no event, and why. */
    public record Bad(Path file, long number, String problem) implements Line {
        @Override
        public String toString() {
            return file + ":" + number + ": " + problem;
        }
    }

    private final Path file;
    private final BufferedReader reader;
    private long number;
    private Line next;

    private EventLines(Path file, BufferedReader reader) {
        this.file = file;
        this.reader = reader;
    }

    public static EventLines open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file (or not a regular file); name an ndjson file of events");
        }
        return new EventLines(file, Files.newBufferedReader(file, StandardCharsets.UTF_8));
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public Line next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Line line = next;
        next = null;
        return line;
    }

    private Line read() {
        String text = readLine();
        while (text != null && text.isBlank()) {
            text = readLine();
        }
        if (text == null) {
            return null;
        }
        long at = number;
        JsonNode node;
        try {
            node = ElasticsearchJson.mapper().readTree(text);
        } catch (JacksonException e) {
            return new Bad(file, at, "not JSON (" + e.getOriginalMessage() + "); write one JSON object a line");
        }
        if (!(node instanceof ObjectNode object)) {
            return new Bad(file, at, "a JSON " + node.getNodeType().name().toLowerCase() + ", not an object; write"
                    + " one event (a JSON object) a line");
        }
        String action = object.size() == 1 ? object.propertyNames().iterator().next() : null;
        if (action != null && OTHER_ACTIONS.contains(action) && object.get(action).isObject()) {
            return new Bad(file, at, "a bulk '" + action + "' action; dac data load loads documents (index or"
                    + " create actions) only");
        }
        if (action == null || !DOCUMENT_ACTIONS.contains(action) || !object.get(action).isObject()) {
            return new Event(file, at, object, null);
        }
        String id = object.get(action).path("_id").asString(null);
        String source = readLine();
        if (source == null || source.isBlank()) {
            return new Bad(file, at, "a bulk '" + action + "' action with no document on the next line");
        }
        try {
            JsonNode document = ElasticsearchJson.mapper().readTree(source);
            if (document instanceof ObjectNode event) {
                return new Event(file, number, event, id);
            }
            return new Bad(file, number, "the document after a bulk action is not a JSON object");
        } catch (JacksonException e) {
            return new Bad(file, number, "not JSON (" + e.getOriginalMessage() + "); the line after a bulk action"
                    + " must be the document");
        }
    }

    private String readLine() {
        try {
            String line = reader.readLine();
            if (line != null) {
                number++;
            }
            return line;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
