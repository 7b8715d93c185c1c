package dev.dac.secret;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of text dac prints or writes: the configured keys and passwords wherever they appear (also in
 * the encoded forms an Authorization header carries), and anything shaped like a credential whoever configured it:
 * {@code Authorization} values, {@code ApiKey}/{@code Basic}/{@code Bearer} tokens and {@code user:password@} in
 * URLs. One instance serves every stream and file of a run.
 */
public final class Redactor {

    public static final String MARK = "[redacted]";

    /** Shorter values are no secret worth the name, and replacing them everywhere would garble every message. */
    static final int SHORTEST_SECRET = 4;

    /** Environment variables that hold a secret as is. */
    static final List<String> SECRET_VARIABLES = List.of("KIBANA_API_KEY", "KIBANA_PASSWORD", "ES_API_KEY",
            "ES_PASSWORD");

    // A token is long and looks encoded (a digit, '+', '/', '=', or upper case after lower case), so that prose like
    // "Basic authentication" stays as written.
    private static final String TOKEN = "(?=[A-Za-z0-9+/=._~-]{8,})(?=[A-Za-z0-9+/=._~-]*(?:[0-9+/=]|[a-z][A-Z]))"
            + "[A-Za-z0-9+/=._~-]+";
    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("(?i)(authorization[\"']?\\s*[:=]\\s*\\[?\\s*[\"']?)"
                    + "(?:(?:apikey|basic|bearer|negotiate|digest)\\s+)?[A-Za-z0-9+/=._~-]{8,}"),
            Pattern.compile("(\\b(?i:apikey|basic|bearer)\\s+)" + TOKEN),
            Pattern.compile("(\\b[A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s@\"'<>]+(?=@)"));

    private final List<String> secrets;

    private Redactor(Set<String> secrets) {
        List<String> sorted = new ArrayList<>(secrets);
        sorted.removeIf(s -> s.length() < SHORTEST_SECRET);
        sorted.sort(Comparator.comparingInt(String::length).reversed()); // a secret inside another goes second
        this.secrets = List.copyOf(sorted);
    }

    /** A redactor for credential shapes only, for text before any secret is known. */
    public static Redactor shapesOnly() {
        return new Redactor(Set.of());
    }

    /**
     * A redactor knowing the secrets in {@code env} (KIBANA_API_KEY, KIBANA_PASSWORD, ES_API_KEY, ES_PASSWORD, the
     * basic credentials built from them, passwords in KIBANA_URL and ES_URL) and in {@code urls} given as options.
     */
    public static Redactor forEnvironment(Map<String, String> env, String... urls) {
        Set<String> secrets = new LinkedHashSet<>();
        for (String variable : SECRET_VARIABLES) {
            addSecret(secrets, env.get(variable));
        }
        addBasic(secrets, env.get("KIBANA_USERNAME"), env.get("KIBANA_PASSWORD"));
        addBasic(secrets, env.get("ES_USERNAME"), env.get("ES_PASSWORD"));
        List<String> allUrls = new ArrayList<>(java.util.Arrays.asList(urls));
        allUrls.add(env.get("KIBANA_URL"));
        allUrls.add(env.get("ES_URL"));
        for (String url : allUrls) {
            addUserInfo(secrets, url);
        }
        return new Redactor(secrets);
    }

    /** {@code text} with every secret and credential shape replaced by {@value #MARK}. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MARK);
        }
        for (Pattern shape : SHAPES) {
            Matcher matcher = shape.matcher(result);
            if (matcher.find()) {
                result = matcher.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MARK));
            }
        }
        return result;
    }

    private static void addSecret(Set<String> secrets, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        String secret = value.strip();
        secrets.add(secret);
        // an API key is base64 of id:key; a server may echo the decoded pair
        try {
            String decoded = new String(Base64.getDecoder().decode(secret), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0 && decoded.chars().allMatch(c -> c > 32 && c < 127)) {
                secrets.add(decoded.substring(colon + 1));
            }
        } catch (IllegalArgumentException notBase64) {
            // a password, not a key
        }
    }

    private static void addBasic(Set<String> secrets, String user, String password) {
        if (user != null && password != null && !password.isEmpty()) {
            secrets.add(Base64.getEncoder().encodeToString((user.strip() + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void addUserInfo(Set<String> secrets, String url) {
        if (url == null) {
            return;
        }
        String userInfo;
        String value = url.startsWith("--") && url.contains("=") ? url.substring(url.indexOf('=') + 1) : url;
        try {
            userInfo = URI.create(value.strip()).getRawUserInfo();
        } catch (IllegalArgumentException notAUrl) {
            return;
        }
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String password = colon < 0 ? userInfo : userInfo.substring(colon + 1);
            secrets.add(password);
            secrets.add(java.net.URLDecoder.decode(password, StandardCharsets.UTF_8));
            if (colon > 0) {
                addBasic(secrets, java.net.URLDecoder.decode(userInfo.substring(0, colon), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(password, StandardCharsets.UTF_8));
            }
        }
    }
}
