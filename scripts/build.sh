#!/usr/bin/env bash
# Builds the playground in release mode into dist/ (relative URLs: it works from any sub-path of
# a static host) and prints the bytes a browser downloads.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
[ "${JOBSIM_SETUP_DONE:-}" = 1 ] || "$ROOT/scripts/setup.sh" build
step "trunk build --release"
(cd "$ROOT" && trunk build --release)

step "bytes the browser downloads (budget: 600 KB gzip in total)"
total_raw=0; total_gz=0
printf '%-44s %10s %10s\n' file raw gzip
while IFS= read -r f; do
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-44s %10d %10d\n' "${f#"$ROOT"/dist/}" "$raw" "$gz"
done < <(find "$ROOT/dist" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) | sort)
printf '%-44s %10d %10d\n' total "$total_raw" "$total_gz"
editor="$ROOT/dist/codemirror.js"
if [ -f "$editor" ]; then
  printf '%-44s %10d %10d\n' "of which the editor (CodeMirror 6)" "$(stat -c %s "$editor")" "$(gzip -9 -c "$editor" | wc -c)"
fi
