package dev.dac.deploy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how to reach Kibana: URL, space, credentials (an API key, or user and password), TLS trust, timeouts and
 * retries. {@link #toString()} never shows a secret.
 */
public record KibanaConnection(URI url, String space, String apiKey, String username, String password,
        Path caCertificate, boolean insecure, Duration connectTimeout, Duration readTimeout, int maxRetries,
        Duration retryBase) {

    public static final String API_VERSION = "2023-10-31";

    /** Settings from options where given, else from KIBANA_URL, KIBANA_API_KEY, KIBANA_USERNAME, KIBANA_PASSWORD. */
    public static KibanaConnection from(String urlOption, String space, Map<String, String> env, Path ca,
            boolean insecure) throws DeployException {
        String raw = urlOption != null ? urlOption : env.get("KIBANA_URL");
        if (raw == null || raw.isBlank()) {
            throw new DeployException("no Kibana to talk to: give --kibana-url or set KIBANA_URL");
        }
        URI url;
        try {
            url = URI.create(raw.strip().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new DeployException("'" + raw + "' is not a URL; write it like https://kibana.example.com:5601");
        }
        if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
            throw new DeployException("the Kibana URL must start with http:// or https:// and name a host");
        }
        if (space != null && !space.matches("[a-z0-9_-]+")) {
            throw new DeployException("space '" + space + "' is not a Kibana space id (lower-case letters, digits,"
                    + " '_' and '-')");
        }
        return new KibanaConnection(url, space == null || space.isBlank() ? "default" : space,
                blankToNull(env.get("KIBANA_API_KEY")), blankToNull(env.get("KIBANA_USERNAME")),
                env.get("KIBANA_PASSWORD"), ca, insecure, Duration.ofSeconds(10), Duration.ofSeconds(60), 4,
                Duration.ofMillis(500));
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
