#!/usr/bin/env bash
# Builds dac's self-contained archive OUT_DIR/dac-VERSION.tar.gz: dac-VERSION/bin/dac, lib/dac/dac.jar, the
# Elasticsearch artifacts of the local node and NOTICE (the licences of the bundled third-party code). Unpack it
# anywhere with a JDK 17 and run bin/dac; nothing is downloaded.
# Usage: dist/make-dist.sh JAR ARTIFACTS_DIR NOTICE VERSION OUT_DIR
set -euo pipefail
if [ $# -ne 5 ]; then
  echo "usage: $0 JAR ARTIFACTS_DIR NOTICE VERSION OUT_DIR" >&2
  exit 2
fi
jar="$1"; artifacts="$2"; notice="$3"; version="$4"; out="$5"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/dac-dist.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$here/install.sh" "$jar" "$artifacts" "$notice" "$work/dac-$version" > /dev/null
cp "$notice" "$work/dac-$version/NOTICE"
mkdir -p "$out"
# written beside its final name and renamed, so a reader never sees half an archive
tar -C "$work" -czf "$out/dac-$version.tar.gz.partial" "dac-$version"
mv "$out/dac-$version.tar.gz.partial" "$out/dac-$version.tar.gz"
echo "$out/dac-$version.tar.gz"
