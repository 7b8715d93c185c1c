package dev.dac.data;

import dev.dac.engine.ElasticsearchJson;
import dev.dac.fields.FieldCatalog;
import dev.dac.harness.CatalogIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads ndjson events into one index, mapped as dac's field catalog knows it: the files are read twice, a line at a
 * time (a first pass finds bad lines and the latest @timestamp, so nothing is written when a bad line would stop the
 * load), and written in bulk requests of at most {@link #BATCH} events, so memory stays bounded whatever the size of
 * the files. It writes only to an index it creates, or one an earlier {@code dac data load} created.
 */
public final class EventLoader {

    static final int BATCH = 2_000;
    static final String CREATED_BY = "dac data load";
    /** Problems kept to print; past this many only their number grows. */
    static final int SHOWN_PROBLEMS = 50;

    private final ElasticsearchJson elasticsearch;
    private final FieldCatalog catalog;

    public EventLoader(ElasticsearchJson elasticsearch, FieldCatalog catalog) {
        this.elasticsearch = elasticsearch;
        this.catalog = catalog;
    }

    /** What to load where: the index, the instant the latest @timestamp moves to (if any), and whether bad lines are skipped. */
    public record Options(String index, Optional<Instant> shiftTo, boolean skipBad) {}

    /** What a load did: events loaded, lines skipped or rejected (the first ones described), the shift, notes. */
    public record Result(long loaded, long bad, List<String> problems, Optional<Duration> shift, List<String> notes) {
        public Result {
            problems = List.copyOf(problems);
            notes = List.copyOf(notes);
        }
    }

    /** Nothing was loaded: the files have bad lines (and --skip-bad was not given), or the index is not dac's. */
    public static final class Refused extends Exception {
        private final List<String> problems;

        Refused(String message, List<String> problems) {
            super(message);
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public Result load(List<Path> files, Options options, Consumer<String> progress) throws Refused, IOException {
        List<String> problems = new ArrayList<>();
        long[] bad = {0};
        Instant latest = null;
        TimeShift check = new TimeShift(Duration.ZERO);
        for (Path file : files) {
            try (EventLines lines = EventLines.open(file)) {
                while (lines.hasNext()) {
                    EventLines.Line line = lines.next();
                    String problem = line instanceof EventLines.Bad b ? b.problem() : null;
                    if (line instanceof EventLines.Event event && options.shiftTo().isPresent()) {
                        Optional<Instant> time = TimeShift.timestamp(event.document());
                        try {
                            check.apply(event.document());
                            if (time.isEmpty()) {
                                problem = "no @timestamp dac can read; --shift-to needs one on every event";
                            } else if (latest == null || time.get().isAfter(latest)) {
                                latest = time.get();
                            }
                        } catch (TimeShift.UnreadableTime e) {
                            problem = e.getMessage();
                        }
                    }
                    if (problem != null) {
                        note(problems, bad, line.file() + ":" + line.number() + ": " + problem);
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        if (bad[0] > 0 && !options.skipBad()) {
            throw new Refused(bad[0] + " bad line(s); nothing was loaded (fix them, or pass --skip-bad to load the"
                    + " other lines)", problems);
        }
        List<String> notes = new ArrayList<>();
        prepareIndex(options.index(), notes);
        Optional<TimeShift> shift = options.shiftTo().isPresent() && latest != null
                ? Optional.of(TimeShift.between(latest, options.shiftTo().get())) : Optional.empty();
        long loaded = 0;
        Batch batch = new Batch(options.index());
        for (Path file : files) {
            try (EventLines lines = EventLines.open(file)) {
                while (lines.hasNext()) {
                    if (!(lines.next() instanceof EventLines.Event event)) {
                        continue; // counted in the first pass
                    }
                    try {
                        if (shift.isPresent()) {
                            shift.get().apply(event.document());
                        }
                    } catch (TimeShift.UnreadableTime e) {
                        continue; // counted in the first pass
                    }
                    batch.add(event);
                    if (batch.size() >= BATCH) {
                        loaded += batch.send(problems, bad);
                        progress.accept(loaded + " events loaded");
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        loaded += batch.send(problems, bad);
        elasticsearch.send("POST", "/" + options.index() + "/_refresh", null);
        return new Result(loaded, bad[0], problems, shift.map(TimeShift::by), notes);
    }

    private static void note(List<String> problems, long[] bad, String problem) {
        bad[0]++;
        if (problems.size() < SHOWN_PROBLEMS) {
            problems.add(problem);
        } else if (problems.size() == SHOWN_PROBLEMS) {
            problems.add("... (further problems are counted, not shown)");
        }
    }

    /** Creates the index from the catalog, or checks that an existing one is an earlier load's. */
    private void prepareIndex(String index, List<String> notes) throws IOException, Refused {
        if (CatalogIndex.exists(elasticsearch, index)) {
            Optional<String> creator = CatalogIndex.creator(elasticsearch, index);
            if (creator.isEmpty() || !creator.get().equals(CREATED_BY)) {
                throw new Refused("index " + index + " already exists and dac data load did not create it; dac"
                        + " writes only to indices it created (load into another index, or delete that one)",
                        List.of());
            }
            notes.add("index " + index + " exists from an earlier dac data load; the events were added to it");
            return;
        }
        elasticsearch.send("PUT", "/" + index, CatalogIndex.body(catalog, index, CREATED_BY, notes::add));
    }

    /** Up to {@link #BATCH} events and the lines they came from, sent as one bulk request. */
    private final class Batch {
        private final String index;
        private final StringBuilder body = new StringBuilder();
        private final List<String> lines = new ArrayList<>();

        Batch(String index) {
            this.index = index;
        }

        int size() {
            return lines.size();
        }

        void add(EventLines.Event event) {
            ObjectNode action = ElasticsearchJson.mapper().createObjectNode();
            ObjectNode target = action.putObject("index").put("_index", index);
            if (event.id() != null) {
                target.put("_id", event.id());
            }
            body.append(action).append('\n').append(event.document()).append('\n');
            lines.add(event.file() + ":" + event.number());
        }

        /** Sends the batch; returns how many events were stored, noting each rejected one with its line. */
        long send(List<String> problems, long[] bad) throws IOException {
            if (lines.isEmpty()) {
                return 0;
            }
            JsonNode response = elasticsearch.send("POST", "/_bulk", body.toString());
            long stored = 0;
            int i = 0;
            for (JsonNode item : response.path("items")) {
                JsonNode result = item.path("index");
                if (result.path("error").isMissingNode()) {
                    stored++;
                } else {
                    note(problems, bad, lines.get(i) + ": Elasticsearch rejected the event: "
                            + result.path("error").path("reason").asString("status " + result.path("status")));
                }
                i++;
            }
            body.setLength(0);
            lines.clear();
            return stored;
        }
    }
}
