#!/usr/bin/env bash
# Builds the playground in release mode and serves it on http://127.0.0.1:8080 (Ctrl-C stops).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/build.sh"
step "serving dist/ on http://127.0.0.1:8080"
exec python3 -m http.server 8080 --bind 127.0.0.1 --directory "$ROOT/dist"
