# dac: the two set-up commands are `make run` (validate every rule) and `make test` (the test suite).
MVN ?= mvn -B -ntp

.PHONY: run test build clean

## run: validate every rule under rules/ (builds the jar on first use)
run:
	bin/dac validate rules/

## test: the whole test suite
test:
	$(MVN) test

## build: the runnable jar, target/dac.jar
build:
	$(MVN) -DskipTests package

clean:
	$(MVN) -q clean
