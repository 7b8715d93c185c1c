package dev.dac.cli;

/**
 * Footer lines several commands' help shares: the environment variables each kind of command reads (named in the
 * help of every command they apply to; the code that reads them is {@code deploy/KibanaConnection},
 * {@code cluster/ExistingClusterProvider}, {@code cluster/ClusterKind} and {@code cluster/LocalNodeSettings}). Each
 * line fits the 80 columns of the help, so picocli never breaks a name or path in two.
 */
final class HelpText {

    private HelpText() {}

    static final String KIBANA_ENVIRONMENT = "Environment: KIBANA_URL (or --kibana-url), and KIBANA_API_KEY or"
            + " KIBANA_USERNAME with KIBANA_PASSWORD.";

    static final String ELASTICSEARCH_ENVIRONMENT = "Environment: DAC_ENGINE (as --engine); ES_URL with ES_API_KEY or"
            + " ES_USERNAME with ES_PASSWORD, and ES_CA_CERT (a cluster of your own); DAC_DOCKER_IMAGE (docker);"
            + " " + HelpText.LOCAL_NODE_ENVIRONMENT + " (local node).";

    static final String LOCAL_NODE_ENVIRONMENT = "DAC_ES_ARTIFACTS, DAC_ES_WORK, DAC_ES_RUNS, DAC_ES_HEAP, DAC_ES_PORT,"
            + " DAC_ES_START_TIMEOUT";
}
