# dac: the two set-up commands are `make run` (validate every rule) and `make test` (the test suite).
MVN ?= mvn -B -ntp

.PHONY: run test chromium unit build install dist bench clean esql-functions ecs-table integration-table integration-schema-table beats-fields integration-packages attack-table

## run: validate every rule under rules/, then run every fixture case on a real Elasticsearch
run:
	bin/dac validate rules/
	bin/dac test

## test: the whole test suite (the fast tests, then those that start a real Elasticsearch), then a check that nothing of it is left running
test: chromium
	$(MVN) test
	.ci/check-no-leftover-elasticsearch.sh

# the coverage test draws dac's HTML page in a real headless Chromium: installed here when missing and running as root
# on Debian or Ubuntu (as CI does), else make test stops and says how to get it
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "make test: installing Chromium (apt-get install chromium) for the coverage test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "make test: the coverage test needs Chromium; install it (sudo apt-get install chromium on Debian or Ubuntu) and run make test again" >&2; \
		exit 1; \
	fi

## unit: the fast tests only (no Elasticsearch), for the edit-compile-test loop
unit: chromium
	$(MVN) test -DskipElasticsearchTests=true

## bench: every benchmark (validation, KQL, deploy, harness, new terms over 1M events, fuzzing); writes BENCHMARKS.md
bench:
	bench/run.sh

## build: the runnable jar, target/dac.jar
build:
	$(MVN) -DskipTests package

## install: dac on your PATH: PREFIX/bin/dac (PREFIX=~/.local unless given, e.g. make install PREFIX=/usr/local)
## running PREFIX/lib/dac/dac.jar, with the local Elasticsearch node's artifacts and the NOTICE beside it
PREFIX ?= $(HOME)/.local
VERSION := $(shell sed -n 's:^  <version>\(.*\)</version>$$:\1:p' pom.xml | head -1)
MAVEN_REPO ?= $(HOME)/.m2/repository
install: build target/NOTICE
	dist/install.sh target/dac.jar target/elasticsearch-artifacts target/NOTICE "$(PREFIX)"

## dist: the self-contained archive for CI and other machines, target/dac-VERSION.tar.gz (bin/dac, the jar, the
## Elasticsearch artifacts, NOTICE); it needs only a JDK 17 where it is unpacked
dist: build target/NOTICE
	dist/make-dist.sh target/dac.jar target/elasticsearch-artifacts target/NOTICE "$(VERSION)" target

# the licences of the third-party code the jar and the node's artifacts bundle, from their POMs
target/NOTICE: pom.xml dist/ThirdPartyNotice.java
	$(MVN) -q dependency:list -DincludeScope=runtime -DoutputFile=target/dependencies.txt
	java dist/ThirdPartyNotice.java target/dependencies.txt pom.xml "$(MAVEN_REPO)" "$(VERSION)" > target/NOTICE.partial
	mv target/NOTICE.partial target/NOTICE

## esql-functions: regenerate the names of a newer release's ES|QL functions from its x-pack-esql jar (Maven Central)
ESQL_VERSION ?= 9.5.3
esql-functions:
	$(MVN) -q dependency:copy -Dartifact=org.elasticsearch.plugin:x-pack-esql:$(ESQL_VERSION) -DoutputDirectory=target/esql-functions
	$(MVN) -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test -Dexec.mainClass=dev.dac.esql.EsqlFunctionNamesGenerator \
		-Dexec.args="target/esql-functions/x-pack-esql-$(ESQL_VERSION).jar $(ESQL_VERSION) src/main/resources/dev/dac/esql/esql-functions.txt"

## ecs-table: regenerate dac's ECS field table from an ECS release's generated/ecs/ecs_flat.yml
ECS_FLAT ?= ../shared/reference/ecs-flat.yml
ECS_VERSION ?= 9.4.0
ecs-table:
	$(MVN) -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test -Dexec.mainClass=dev.dac.fields.EcsTableGenerator \
		-Dexec.args="$(ECS_FLAT) $(ECS_VERSION) src/main/resources/dev/dac/fields/ecs-fields.tsv"

## integration-table: regenerate one integration package's field table from its checked-out package directory
## (INTEGRATION_PACKAGE=path/to/packages/aws INTEGRATION_REPO=elastic/integrations INTEGRATION_PATH=packages/aws INTEGRATION_COMMIT=sha)
integration-table:
	$(MVN) -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test -Dexec.mainClass=dev.dac.fields.IntegrationFieldsGenerator \
		-Dexec.args="$(INTEGRATION_PACKAGE) $(INTEGRATION_REPO) $(INTEGRATION_PATH) $(INTEGRATION_COMMIT) src/main/resources/dev/dac/fields/integrations/$(notdir $(patsubst %/,%,$(INTEGRATION_PACKAGE))).tsv"

## integration-schema-table: write one integration package's field table from detection-rules' integration schemas
## (one whole package release), e.g. INTEGRATION_SCHEMAS=integration-schemas.json.gz (from detection_rules/etc/ at
## SCHEMAS_COMMIT) INTEGRATION_PACKAGE=kubernetes INTEGRATION_VERSION=1.66.2 METRICS_STREAMS=apiserver,container (or -)
integration-schema-table:
	$(MVN) -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test -Dexec.mainClass=dev.dac.fields.IntegrationSchemaTableGenerator \
		-Dexec.args="$(INTEGRATION_SCHEMAS) elastic/detection-rules detection_rules/etc/integration-schemas.json.gz $(SCHEMAS_COMMIT) $(INTEGRATION_PACKAGE) $(INTEGRATION_VERSION) $(METRICS_STREAMS) src/main/resources/dev/dac/fields/integrations/$(INTEGRATION_PACKAGE).tsv"

## beats-fields: regenerate dac's table of Beats fields (for required_fields types) from detection-rules' Beats schema
## (BEATS_SCHEMA=detection_rules/etc/beats_schemas/v9.5.0.json.gz of detection-rules at BEATS_COMMIT)
beats-fields:
	$(MVN) -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test -Dexec.mainClass=dev.dac.deploy.BeatsFieldsGenerator \
		-Dexec.args="$(BEATS_SCHEMA) 'elastic/detection-rules detection_rules/etc/beats_schemas/$(notdir $(BEATS_SCHEMA))' $(BEATS_COMMIT) src/main/resources/dev/dac/deploy/beats-fields.tsv"

## integration-packages: regenerate dac's integration package table from detection-rules' integration manifests (as JSON)
INTEGRATION_MANIFESTS ?= ../shared/reference/integration-manifests.json
integration-packages:
	$(MVN) -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test -Dexec.mainClass=dev.dac.deploy.IntegrationTableGenerator \
		-Dexec.args="$(INTEGRATION_MANIFESTS) src/main/resources/dev/dac/deploy/integration-packages.tsv"

## attack-table: regenerate dac's ATT&CK table from MITRE's STIX data of an ATT&CK Enterprise release
# ATTACK_STIX: the release bundle enterprise-attack-19.2.json of github.com/mitre-attack/attack-stix-data (commit
#   6cda5ad8462c79e14fbb872f4e09059b18e0cfc4, sha256 dc1639caa5501d720e280cf1cbd8fbe009884a0c9b3e6e9ed9d0c25166c3d8f4),
#   a mitre/cti enterprise-attack folder, or an extract of the bundle with ids, names, kill chain phases and flags
#   (the v19.2 table was read through github.com/Shubhmane9503/sigma-ai-abuse-detections@96b0689953ff
#   mappings/attack-v19.2/enterprise-attack-19.2.min.json, which names the bundle and its sha256 in x_extract_of).
# ATTACK_VERSION_MAP: elastic/detection-rules detection_rules/etc/attack-version-maps/attack_v18_to_v19.yaml (commit
#   14cf530f0d2177023092449cd9d9348b4a8884c2); its explicit entries name the successor of ids v19 revoked, for an
#   input without revoked-by relationships. Leave it empty to use the relationships alone.
ATTACK_STIX ?= ../attack-stix-data/enterprise-attack/enterprise-attack-19.2.json
ATTACK_VERSION ?= v19.2
ATTACK_VERSION_MAP ?= ../detection-rules/detection_rules/etc/attack-version-maps/attack_v18_to_v19.yaml
attack-table:
	cp src/main/resources/dev/dac/validate/attack-enterprise.tsv target/attack-enterprise.previous.tsv
	$(MVN) -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test -Dexec.mainClass=dev.dac.validate.AttackTableGenerator \
		-Dexec.args="$(ATTACK_STIX) $(ATTACK_VERSION) target/attack-enterprise.previous.tsv src/main/resources/dev/dac/validate/attack-enterprise.tsv $(ATTACK_VERSION_MAP)"

clean:
	$(MVN) -q clean
