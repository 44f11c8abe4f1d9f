#!/usr/bin/env bash
# The page's speed as printed figures: builds dist/ (release), serves it locally and runs
# benches/page.js in Debian's Chromium (interactive time, bytes, frame times at 1,000 pods).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh" test
export JOBSIM_SETUP_DONE=1
"$ROOT/scripts/build.sh"
step "page benchmark"
port=8766
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$ROOT/dist" >/dev/null 2>&1 &
server=$!
trap 'kill "$server"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
node "$ROOT/benches/page.js" "http://127.0.0.1:$port/"
