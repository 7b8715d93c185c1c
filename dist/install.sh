#!/usr/bin/env bash
# Installs dac under PREFIX: PREFIX/bin/dac (the launcher), PREFIX/lib/dac/dac.jar, the Elasticsearch artifacts the
# local node is assembled from (PREFIX/lib/dac/elasticsearch-artifacts) and the NOTICE of bundled third-party code.
# Usage: dist/install.sh JAR ARTIFACTS_DIR NOTICE PREFIX     (make install and make dist call it)
# The new lib/dac is staged beside the old one and swapped in whole, so a failed copy leaves the old installation.
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: $0 JAR ARTIFACTS_DIR NOTICE PREFIX" >&2
  exit 2
fi
jar="$1"; artifacts="$2"; notice="$3"; prefix="$4"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for need in "$jar" "$artifacts/elasticsearch-"*.zip "$notice"; do
  if [ ! -e "$need" ]; then
    echo "install: $need is missing; run 'make build' first" >&2
    exit 1
  fi
done
mkdir -p "$prefix/bin" "$prefix/lib"
staging="$prefix/lib/.dac.installing.$$"
trap 'rm -rf "$staging"' EXIT
mkdir "$staging"
cp "$jar" "$staging/dac.jar"
cp -R "$artifacts" "$staging/elasticsearch-artifacts"
cp "$notice" "$staging/NOTICE"
rm -rf "$prefix/lib/dac.old"
if [ -e "$prefix/lib/dac" ]; then mv "$prefix/lib/dac" "$prefix/lib/dac.old"; fi
mv "$staging" "$prefix/lib/dac"
rm -rf "$prefix/lib/dac.old"
install -m 755 "$here/dac" "$prefix/bin/dac"
echo "installed dac in $prefix/bin/dac"
case ":${PATH}:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on your PATH; add it, e.g. echo 'export PATH=\"$prefix/bin:\$PATH\"' >> ~/.profile" ;;
esac
