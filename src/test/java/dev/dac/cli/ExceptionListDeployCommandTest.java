package dev.dac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dac.deploy.KibanaStandInAccess;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * dac plan and deploy with the repository's exception lists (exceptions/certutil_decode_approved_exceptions.toml,
 * referenced by the certutil rule) against the Kibana stand-in: lists before rules, per-list results, Kibana's list id
 * in the rule, nothing claimed that Kibana did not confirm.
 */
class ExceptionListDeployCommandTest {

    private static final String KEY = DeployCommandTest.KEY;
    private static final String LIST = "certutil-decode-approved";
    private static final String CERTUTIL = "5f0c7a52-3a8e-4f0e-9d3b-6c2f9b1e7a10";

    private KibanaStandInAccess kibana;

    /** How many items the shipped list has. */
    private static int shippedItems() {
        return new dev.dac.validate.RuleValidator().validate(java.util.List.of(java.nio.file.Path.of("rules")))
                .exceptionLists().get(0).items().size();
    }

    @BeforeEach
    void start() throws Exception {
        kibana = KibanaStandInAccess.start(KEY, Set.of("default"));
    }

    @AfterEach
    void stop() {
        kibana.close();
    }

    private Map<String, String> env() {
        return Map.of("KIBANA_URL", kibana.url().toString(), "KIBANA_API_KEY", KEY);
    }

    @Test
    void listsAreDeployedBeforeTheRulesAndASecondPlanChangesNothing() {
        DeployCommandTest.Run dryRun = DeployCommandTest.dac(env(), "deploy", "--dry-run", "rules");
        assertThat(dryRun.exit()).as(dryRun.all()).isZero();
        assertThat(dryRun.out()).contains("create  list " + LIST + " (single)")
                .contains("+ create item certutil-signed-parent").contains("exception lists: 1 to create");
        assertThat(dryRun.out().indexOf("list " + LIST)).isLessThan(dryRun.out().indexOf(CERTUTIL));
        assertThat(kibana.exceptionListId("default", LIST)).isNull();

        DeployCommandTest.Run deploy = DeployCommandTest.dac(env(), "deploy", "--mode", "upsert", "rules");
        assertThat(deploy.exit()).as(deploy.all()).isZero();
        assertThat(deploy.out()).contains("ok      list " + LIST + " (single)  Certutil decode: approved activity"
                + "  created, items: " + shippedItems() + " created, 0 updated").contains("deploy: 1 exception lists, 0 failed")
                .contains("deploy: " + shippedRules() + " rules, 0 failed");
        assertThat(kibana.exceptionItemCount("default", LIST)).isEqualTo(shippedItems());
        // the rule names the list by the id Kibana gave it, not the placeholder of the rule file
        String listId = kibana.exceptionListId("default", LIST);
        assertThat(kibana.rule("default", CERTUTIL).path("exceptions_list").get(0).path("id").asString())
                .isEqualTo(listId).isNotEqualTo("3c1f7e0a-6b8e-4d1c-9a57-2f4b8c0d9e61");

        DeployCommandTest.Run again = DeployCommandTest.dac(env(), "plan", "rules");
        assertThat(again.exit()).as(again.all()).isZero();
        assertThat(again.out()).contains("same    list " + LIST).contains("exception lists: 0 to create, 0 to update,"
                + " 1 unchanged").contains("plan: 0 to create, 0 to update, " + shippedRules() + " unchanged");
    }

    @Test
    void anImportFindsTheListsAlreadyWritten() {
        // Kibana's rule import removes a reference to a list the space does not have, with an error: the lists must
        // be written first
        DeployCommandTest.Run deploy = DeployCommandTest.dac(env(), "deploy", "rules");

        assertThat(deploy.exit()).as(deploy.all()).isZero();
        assertThat(deploy.out()).contains("deploy: 1 exception lists, 0 failed").contains("deploy: " + shippedRules() + " rules, 0 failed")
                .doesNotContain("non existent exception list");
        assertThat(kibana.rule("default", CERTUTIL).path("exceptions_list").get(0).path("id").asString())
                .isEqualTo(kibana.exceptionListId("default", LIST));
    }

    @Test
    void aListKibanaRefusesFailsTheDeployAndItsRuleIsNotSent() {
        kibana.failExceptionItemWrites("disk usage exceeded flood-stage watermark");

        DeployCommandTest.Run deploy = DeployCommandTest.dac(env(), "deploy", "--mode", "upsert", "rules");

        assertThat(deploy.exit()).isEqualTo(1);
        assertThat(deploy.out()).contains("FAILED  list " + LIST + " (single)")
                .contains("item 'certutil-pkg-build-hosts': Kibana rejected it (500)")
                .contains("flood-stage watermark").contains("(the list itself was created)")
                .contains("FAILED  " + CERTUTIL).contains("not sent: its exception list " + LIST + " (single) was not"
                        + " written")
                .contains("deploy: 1 exception lists, 1 failed").doesNotContain(" created, items:");
        assertThat(kibana.rule("default", CERTUTIL)).isNull();
        assertThat(kibana.ruleCount("default")).isEqualTo(shippedRules() - 1);
    }

    /** The rule files shipped in rules/ (not pinned: the folder grows). */
    private static long shippedRules() {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of("rules"))) {
            return files.filter(f -> f.toString().endsWith(".toml")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
