#!/usr/bin/env bash
# Re-vendors cytoscape.js from the npm registry: ./refresh.sh [VERSION] (default: the version in package.json).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="${1:-$(sed -n 's/.*"cytoscape": "\([^"]*\)".*/\1/p' "$here/package.json")}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "cytoscape@$version" >/dev/null && tar xzf "cytoscape-$version.tgz")
cp "$work/package/dist/cytoscape.min.js" "$work/package/LICENSE" "$here/"
sed -i "s/\"cytoscape\": \"[^\"]*\"/\"cytoscape\": \"$version\"/" "$here/package.json"
echo "cytoscape $version vendored; rebuild netpact and run scripts/test"
