package dev.dac.deploy;

import dev.dac.secret.Redactor;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how to reach Kibana: URL, space, credentials (an API key, or user and password), TLS trust, and the
 * limits of waiting. {@link #toString()} never shows a secret.
 */
public record KibanaConnection(URI url, String space, String apiKey, String username, String password,
        Path caCertificate, boolean insecure, Limits limits) {

    public static final String API_VERSION = "2023-10-31";

    /**
     * How long dac waits: to connect, for one request's complete answer, for the whole command (every request,
     * retry and wait), and how often and how far apart it retries.
     */
    public record Limits(Duration connect, Duration request, Duration command, int maxRetries, Duration retryBase) {

        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(10), 4,
                    Duration.ofMillis(500));
        }

        public Limits withDeadlines(Duration request, Duration command) {
            return new Limits(connect, request, command, maxRetries, retryBase);
        }
    }

    /** Settings from options where given, else from KIBANA_URL, KIBANA_API_KEY, KIBANA_USERNAME, KIBANA_PASSWORD. */
    public static KibanaConnection from(String urlOption, String space, Map<String, String> env, Path ca,
            boolean insecure, Limits limits) throws DeployException {
        String raw = urlOption != null ? urlOption : env.get("KIBANA_URL");
        if (raw == null || raw.isBlank()) {
            throw new DeployException("no Kibana to talk to: give --kibana-url or set KIBANA_URL");
        }
        URI url;
        try {
            url = URI.create(raw.strip().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new DeployException("'" + Redactor.shapesOnly().redact(raw) + "' is not a URL; write it like"
                    + " https://kibana.example.com:5601");
        }
        if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
            throw new DeployException("the Kibana URL must start with http:// or https:// and name a host");
        }
        if (url.getRawUserInfo() != null) {
            // userinfo shows in logs and process lists, and okhttp would not send it anyway
            throw new DeployException("the Kibana URL carries credentials (user:password@host); dac does not take"
                    + " them from a URL: give the URL without them and set KIBANA_API_KEY, or KIBANA_USERNAME and"
                    + " KIBANA_PASSWORD");
        }
        if (space != null && !space.matches("[a-z0-9_-]+")) {
            throw new DeployException("space '" + space + "' is not a Kibana space id (lower-case letters, digits,"
                    + " '_' and '-')");
        }
        return new KibanaConnection(url, space == null || space.isBlank() ? "default" : space,
                blankToNull(env.get("KIBANA_API_KEY")), blankToNull(env.get("KIBANA_USERNAME")),
                env.get("KIBANA_PASSWORD"), ca, insecure, limits);
    }

    /** The API path of {@code path} in this connection's space. */
    public String apiPath(String path) {
        return (space.equals("default") ? "" : "/s/" + space) + path;
    }

    @Override
    public String toString() {
        String auth = apiKey != null ? "API key" : username != null ? "user " + username : "no credentials";
        return "Kibana " + url + " space " + space + " (" + auth + ")";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
