package dev.dac.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the redactor takes out of dac's output, and what it must leave alone. */
class RedactorTest {

    static final String API_KEY = Base64.getEncoder().encodeToString("key-id:the-key-secret".getBytes(
            StandardCharsets.UTF_8));

    private final Redactor redactor = Redactor.forEnvironment(Map.of("KIBANA_API_KEY", API_KEY,
            "KIBANA_USERNAME", "elastic", "KIBANA_PASSWORD", "hunter2-pass", "ES_API_KEY", "es-key-value-1",
            "ES_URL", "https://admin:es%40pass@es.example.com:9200"), "--kibana-url=https://bob:url-pass@k:5601");

    @Test
    void configuredSecretsGoWhereverTheyAppear() {
        String basic = Base64.getEncoder().encodeToString("elastic:hunter2-pass".getBytes(StandardCharsets.UTF_8));
        String text = "key " + API_KEY + " id:key key-id:the-key-secret pw hunter2-pass basic " + basic + " es "
                + "es-key-value-1 url url-pass es es@pass";
        assertThat(redactor.redact(text)).doesNotContain(API_KEY, "the-key-secret", "hunter2-pass", basic,
                "es-key-value-1", "url-pass", "es@pass").contains(Redactor.MARK).startsWith("key [redacted] id:key");
    }

    @Test
    void credentialShapesGoWhoeverConfiguredThem() {
        assertThat(Redactor.shapesOnly().redact("headers {Authorization=[ApiKey c29tZS1vdGhlci1rZXk=], Host=[k]}"))
                .isEqualTo("headers {Authorization=[[redacted]], Host=[k]}");
        assertThat(Redactor.shapesOnly().redact("\"authorization\":\"Basic dXNlcjpwYXNz\""))
                .isEqualTo("\"authorization\":\"[redacted]\"");
        assertThat(Redactor.shapesOnly().redact("sent Bearer eyJhbGciOiJIUzI1NiJ9.e30 to it"))
                .isEqualTo("sent Bearer [redacted] to it");
        assertThat(Redactor.shapesOnly().redact("cannot reach https://user:pw@kibana:5601/app"))
                .isEqualTo("cannot reach https://[redacted]@kibana:5601/app");
    }

    @Test
    void proseAndQueriesAboutCredentialsStayAsWritten() {
        for (String text : new String[] {"Basic authentication was used from a new source.ip",
            "http.request.headers.authorization: \"Basic*\" and user.name: *",
            "see https://www.elastic.co/guide/en/security/current/rules.html?q=a@b for details",
            "an ApiKey created for automation"}) {
            assertThat(redactor.redact(text)).isEqualTo(text);
        }
    }

    @Test
    void aStreamRedactsWholeLinesWrittenInPieces() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        RedactingOutputStream redacting = new RedactingOutputStream(sink, redactor);
        PrintStream out = new PrintStream(redacting, true, StandardCharsets.UTF_8);
        out.print("error: Kibana said hunter2");
        out.print("-pass is wrong – ");
        out.println("try again");
        out.print("no newline " + API_KEY);
        out.flush();
        assertThat(sink.toString(StandardCharsets.UTF_8)).doesNotContain("no newline");
        redacting.drain();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("error: Kibana said [redacted] is wrong – try"
                + " again\nno newline [redacted]");
    }
}
