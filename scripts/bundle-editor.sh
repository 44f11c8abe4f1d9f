#!/usr/bin/env bash
# Bundles the scenario editor (CodeMirror 6 from node_modules, see src/codemirror.js) into one
# minified script. Trunk runs it before each build (Trunk.toml [[hooks]]) and it writes into
# Trunk's staging directory; run by hand it writes target/editor/codemirror.js.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${TRUNK_STAGING_DIR:-$root/target/editor}"
mkdir -p "$out"
"$root/node_modules/.bin/esbuild" "$root/src/codemirror.js" --bundle --minify --format=iife \
  --target=es2020 --legal-comments=none --log-level=warning --outfile="$out/codemirror.js"
