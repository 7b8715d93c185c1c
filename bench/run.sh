#!/usr/bin/env bash
# make bench: every benchmark of dac, written to BENCHMARKS.md with the command that reproduces each figure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out=BENCHMARKS.md
started=$(date +%s)

mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test > /dev/null
echo "== benchmark suite (validation, KQL, deploy, harness, new terms at scale)"
DAC_ES_ARTIFACTS="$root/target/elasticsearch-artifacts" java -Xmx512m \
  -cp "target/classes:target/test-classes:$(cat target/bench.cp)" dev.dac.bench.BenchmarkSuite target/bench-suite.md

echo "== fuzzing with the full counts"
fuzz_start=$(date +%s.%N)
mvn -B -q test -Dtest='KqlParserFuzzTest,RuleInputFuzzTest' -Ddac.fuzz.kql=100000 -Ddac.fuzz.rules=100000 \
  -Dsurefire.failIfNoSpecifiedTests=false > target/bench-fuzz.log 2>&1
fuzz_seconds=$(echo "$(date +%s.%N) - $fuzz_start" | bc)

echo "== command line"
bench/validate-2000.sh > target/bench-validate-cli.txt
bench/local-node.sh > target/bench-local-node.txt

{
  echo "# Benchmarks"
  echo
  echo "Measured by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d), on this project's machine: $(nproc) cores,"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1 | tr -d '"'). Each figure is reproduced by the command given"
  echo "with it. The whole run took $(( $(date +%s) - started )) s."
  echo
  echo "Suite figures come from \`java -Xmx512m -cp target/classes:target/test-classes:<test classpath> dev.dac.bench.BenchmarkSuite\`"
  echo "(src/test/java/dev/dac/bench/BenchmarkSuite.java): warm-up, then repeated runs, median and spread."
  cat target/bench-suite.md
  echo
  echo "## Fuzzing"
  echo
  echo "| benchmark | result | command |"
  echo "|---|---|---|"
  printf '| 100,000 KQL inputs (random and mutated) + 100,000 rule files (mutated TOML through loader, schema, model, lints) | all ended in a result or a clear error; %.0f s including the Maven start | `mvn test -Dtest=KqlParserFuzzTest,RuleInputFuzzTest -Ddac.fuzz.kql=100000 -Ddac.fuzz.rules=100000` |\n' "$fuzz_seconds"
  echo
  echo "## Command line"
  echo
  echo "\`bench/validate-2000.sh\` (\`bin/dac validate\` over 2,000 generated files, JVM start included):"
  echo
  sed 's/^/    /' target/bench-validate-cli.txt
  echo
  echo "\`bench/local-node.sh\` (\`bin/dac es start\` until green, then RSS of the node's processes):"
  echo
  sed 's/^/    /' target/bench-local-node.txt
} > "$out"
echo "wrote $out"
