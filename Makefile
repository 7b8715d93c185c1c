# dac: the two set-up commands are `make run` (validate every rule) and `make test` (the test suite).
MVN ?= mvn -B -ntp

.PHONY: run test unit build bench clean

## run: validate every rule under rules/, then run every fixture case on a real Elasticsearch
run:
	bin/dac validate rules/
	bin/dac test

## test: the whole test suite (the fast tests, then those that start a real Elasticsearch), then a check that nothing of it is left running
test:
	$(MVN) test
	.ci/check-no-leftover-elasticsearch.sh

## unit: the fast tests only (no Elasticsearch), for the edit-compile-test loop
unit:
	$(MVN) test -DskipElasticsearchTests=true

## bench: every benchmark (validation, KQL, deploy, harness, new terms over 1M events, fuzzing); writes BENCHMARKS.md
bench:
	bench/run.sh

## build: the runnable jar, target/dac.jar
build:
	$(MVN) -DskipTests package

clean:
	$(MVN) -q clean
