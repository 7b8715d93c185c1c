package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import dev.dac.validate.RuleTexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dac coverage} on the shipped rules: the Navigator layer names their techniques, and the HTML page, drawn by a
 * real headless Chromium, colours exactly the seed techniques' cells.
 */
class CoverageCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The seed rules' techniques by the cell id the page gives them (tactic-technique). */
    private static final List<String> SEED_CELLS = List.of("TA0006-T1552", "TA0001-T1078", "TA0005-T1140");

    @TempDir
    Path out;

    @Test
    void theLayerNamesEachSeedTechniqueWithItsRules() throws Exception {
        ValidateCommandTest.Run run = ValidateCommandTest.run("coverage", "rules", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote " + out.resolve("attack-layer.json"));

        JsonNode layer = JSON.readTree(out.resolve("attack-layer.json").toFile());
        assertThat(layer.path("versions").path("layer").asString()).isEqualTo("4.5");
        // dac's table follows ATT&CK v19.2: the Navigator is told the major version
        assertThat(layer.path("versions").path("attack").asString()).isEqualTo("19");
        assertThat(layer.path("domain").asString()).isEqualTo("enterprise-attack");
        assertThat(layer.path("name").asString()).isEqualTo("Detection rules");
        JsonNode validAccounts = technique(layer, "T1078", "initial-access").orElseThrow();
        assertThat(validAccounts.path("comment").asString())
                .contains("AWS IAM Long-Term Access Key First Seen from Source IP");
        assertThat(validAccounts.path("score").asInt()).isEqualTo(validAccounts.path("metadata").size());
        assertThat(technique(layer, "T1078.004", "initial-access")).isPresent();
        assertThat(technique(layer, "T1552", "credential-access")).isPresent();
        // TA0005 is named Stealth since ATT&CK v19, and the Navigator keys it by its short name "stealth"
        assertThat(technique(layer, "T1140", "stealth").orElseThrow().path("metadata").get(0)
                .path("value").asString()).isNotBlank();
        // a technique no rule names is not in the layer
        assertThat(technique(layer, "T1595", "reconnaissance")).isEmpty();
    }

    @Test
    void theHeatMapColoursTheSeedTechniquesInARealBrowser() throws Exception {
        ValidateCommandTest.Run run = ValidateCommandTest.run("coverage", "rules", "--out", out.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        Path page = out.resolve("attack-coverage.html");
        String html = Files.readString(page);
        // self-contained: nothing is fetched to show it
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain("@import");

        Path screenshot = out.resolve("screenshot.png");
        String dom = chromium(page, screenshot);
        Matcher positions = Pattern.compile("<pre id=\"positions\"[^>]*>([^<]+)</pre>").matcher(dom);
        assertThat(positions.find()).as("the page's script ran and wrote where each cell is").isTrue();
        JsonNode cells = JSON.readTree(positions.group(1).replace("&quot;", "\""));
        BufferedImage image = ImageIO.read(screenshot.toFile());

        Map<String, JsonNode> byId = new HashMap<>();
        cells.forEach(cell -> byId.put(cell.path("id").asString(), cell));
        for (String seed : SEED_CELLS) {
            JsonNode cell = byId.get(seed);
            assertThat(cell).as(seed + " is drawn").isNotNull();
            assertThat(cell.path("rules").asInt()).as(seed).isPositive();
            assertThat(pixel(image, cell)).as(seed + " is coloured as its rule count says")
                    .satisfies(rgb -> assertClose(rgb, cell.path("colour").asString()));
            assertThat(cell.path("colour").asString()).isNotEqualTo("#eeeeee");
        }
        // every other cell on the screen is the grey of no rule
        int uncovered = 0;
        for (JsonNode cell : cells) {
            if (cell.path("rules").asInt() == 0 && cell.path("bottom").asInt() < image.getHeight()) {
                assertClose(pixel(image, cell), "#eeeeee");
                uncovered++;
            }
        }
        assertThat(uncovered).as("uncovered cells checked").isGreaterThan(50);
        // the rule names behind a cell: its tooltip and the list under the matrix
        assertThat(dom).contains("title=\"AWS IAM Long-Term Access Key")
                .contains("<dd>AWS IAM Long-Term Access Key First Seen from Source IP</dd>");
    }

    @Test
    void aRuleWithErrorsStopsItBeforeAnythingIsWritten() {
        Path rules = out.resolve("rules");
        RuleTexts.write(rules, "broken_new_ip.toml", RuleTexts.replace(RuleTexts.read(RuleTexts.NEW_IP_RULE),
                "and event.outcome: \"success\"", "and event.outcome: (\"success\""));
        Path coverage = out.resolve("coverage");
        ValidateCommandTest.Run run = ValidateCommandTest.run("coverage", rules.toString(), "--out", coverage.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).containsPattern("error +DAC130 ").contains("dac coverage: 1 rule file has errors;"
                + " nothing was written");
        assertThat(coverage).doesNotExist();

        ValidateCommandTest.Run missing = ValidateCommandTest.run("coverage", out.resolve("nowhere").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nowhere: no such file or folder");
    }

    private static Optional<JsonNode> technique(JsonNode layer, String id, String tactic) {
        for (JsonNode technique : layer.path("techniques")) {
            if (technique.path("techniqueID").asString().equals(id) && technique.path("tactic").asString().equals(tactic)) {
                return Optional.of(technique);
            }
        }
        return Optional.empty();
    }

    /** The colour inside the cell's bottom-left padding, where no text is drawn. */
    private static int pixel(BufferedImage image, JsonNode cell) {
        return image.getRGB(cell.path("left").asInt() + 3, cell.path("bottom").asInt() - 2) & 0xffffff;
    }

    private static void assertClose(int rgb, String hex) {
        int expected = Integer.parseInt(hex.substring(1), 16);
        for (int shift : new int[] {16, 8, 0}) {
            int actual = (rgb >> shift) & 0xff;
            int wanted = (expected >> shift) & 0xff;
            if (Math.abs(actual - wanted) > 8) {
                fail(String.format("pixel #%06x, expected about %s", rgb, hex));
            }
        }
    }

    /** Draws {@code page} in headless Chromium, with the network unreachable: the DOM after its script ran. */
    private String chromium(Path page, Path screenshot) throws Exception {
        String browser = onPath("chromium", "chromium-browser", "google-chrome").orElse(null);
        if (browser == null) {
            fail("Chromium is not installed, and this test draws the coverage page in it: make test installs it when"
                    + " run as root on Debian or Ubuntu (apt-get install chromium); else install it yourself");
        }
        ProcessBuilder builder = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--window-size=1800,1400",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + out.resolve("profile"),
                "--screenshot=" + screenshot, "--dump-dom", page.toUri().toString());
        builder.environment().put("DBUS_SESSION_BUS_ADDRESS", "disabled:");
        builder.redirectError(out.resolve("chromium.log").toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        String dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("Chromium did not finish in 2 minutes");
        }
        assertThat(process.exitValue()).as(Files.readString(out.resolve("chromium.log"))).isZero();
        assertThat(screenshot).isRegularFile();
        return dom;
    }

    private static Optional<String> onPath(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            for (String name : names) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }
}
