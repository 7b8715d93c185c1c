package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dac.rule.RuleFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionLockTest {

    private static final String RULE = "privilege_escalation_user_added_to_admin_group.toml";
    private static final String RULE_ID = "04e65517-16e9-4fc4-b7f1-94dc21ecea0d";

    @TempDir
    Path dir;

    private RuleFile copy(String from, String to) throws Exception {
        Path file = dir.resolve("rule.toml");
        Files.writeString(file, Files.readString(RuleConverterTest.prebuilt(RULE)).replace(from, to));
        return RuleConverterTest.load(file);
    }

    private static VersionLock lockAt(RuleFile rule, int version) {
        String sha = new RuleConverter().build(rule).sha256();
        return VersionLock.empty().with(RULE_ID, new VersionLock.Entry("User Added to the Admin Group", sha, "eql",
                version, null));
    }

    @Test
    void anUnchangedRuleKeepsItsLockedVersion() throws Exception {
        RuleFile rule = copy("", "");
        RuleConverter.Built built = new RuleConverter(new RuleConverter.Settings(null, lockAt(rule, 6))).build(rule);
        assertThat(built.body().path("version").asInt()).isEqualTo(6);
        assertThat(built.version().source()).isEqualTo(VersionLock.Source.LOCKED);
    }

    @Test
    void aChangedQueryRaisesTheVersionByOneUntilLocked() throws Exception {
        VersionLock lock = lockAt(copy("", ""), 6);
        RuleFile changed = copy("group.name:\"admin\"", "group.name:\"wheel\"");
        RuleConverter.Built built = new RuleConverter(new RuleConverter.Settings(null, lock)).build(changed);
        assertThat(built.body().path("version").asInt()).isEqualTo(7);
        assertThat(built.version().source()).isEqualTo(VersionLock.Source.BUMPED);
        assertThat(built.version().lockedVersion()).isEqualTo(6);
    }

    @Test
    void enablingIsNotAContentChange() throws Exception {
        RuleFile rule = copy("", "");
        VersionLock lock = lockAt(rule, 6);
        RuleConverter.Built off = new RuleConverter(new RuleConverter.Settings(false, lock)).build(rule);
        assertThat(off.body().path("enabled").asBoolean()).isFalse();
        assertThat(off.body().path("version").asInt()).isEqualTo(6);
    }

    @Test
    void aRuleNotInTheLockTakesItsFileVersionOrOne() throws Exception {
        RuleFile rule = copy("", "");
        assertThat(new RuleConverter().build(rule).version())
                .isEqualTo(new VersionLock.Resolved(1, VersionLock.Source.UNLOCKED, null));
        RuleFile versioned = copy("risk_score = 21", "risk_score = 21\nversion = 4");
        assertThat(new RuleConverter().build(versioned).body().path("version").asInt()).isEqualTo(4);
    }

    @Test
    void theLockIsWrittenAsDetectionRulesWritesItAndReadBack() throws Exception {
        VersionLock lock = VersionLock.empty()
                .with("b-rule", new VersionLock.Entry("B", "bb", "query", 2, "8.14.0"))
                .with("a-rule", new VersionLock.Entry("A", "aa", "eql", 1, null));
        Path file = dir.resolve("version.lock.json");
        lock.write(file);
        assertThat(Files.readString(file)).startsWith("{\n  \"a-rule\" : {\n    \"rule_name\" : \"A\"")
                .contains("\"min_stack_version\" : \"8.14.0\"");
        assertThat(VersionLock.read(file).entries()).isEqualTo(lock.entries());
        assertThat(VersionLock.read(dir.resolve("absent.json")).entries()).isEmpty();
    }

    @Test
    void aBrokenLockIsNamedWithTheFix() throws Exception {
        Path file = dir.resolve("version.lock.json");
        Files.writeString(file, "{\"x\": {\"version\": \"one\"}}");
        DeployException e = catchThrowableOfType(DeployException.class, () -> VersionLock.read(file));
        assertThat(e.getMessage()).contains(file.toString()).contains("entry for x").contains("dac lock");
        Files.writeString(file, "{not json");
        assertThat(catchThrowableOfType(DeployException.class, () -> VersionLock.read(file)).getMessage())
                .contains("is not JSON");
    }

    @Test
    void theHashIsDetectionRulesDictHash() {
        // computed with Python 3: hashlib.sha256(base64.b64encode(json.dumps(obj, sort_keys=True).encode()))
        var body = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        body.putArray("b").add(1).add(true);
        body.put("a", "é");
        assertThat(VersionLock.hash(body))
                .isEqualTo("fbe825eb78dd75f41572ed03e8f3e2d524431d4448fbadf089a5d1a0c1596f62");
    }
}
