#!/usr/bin/env bash
# Runs every test: native (unit, integration, property), the core built for wasm32, browser
# tests (wasm-bindgen-test in headless Chromium), the conformance samples, and end-to-end tests
# (Playwright driving Debian's Chromium) against the release build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh" test
export JOBSIM_SETUP_DONE=1
cd "$ROOT"

step "native: cargo test --workspace"
cargo test --workspace --locked

step "jobsim-core builds for wasm32-unknown-unknown"
cargo build -p jobsim-core --target wasm32-unknown-unknown --locked

step "browser: wasm-bindgen-test in headless Chromium"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test -p jobsim-web --target wasm32-unknown-unknown --locked

"$ROOT/scripts/build.sh"

step "end-to-end: Playwright + /usr/bin/chromium against dist/ (screenshots in tests/e2e/screenshots/)"
npx playwright test -c tests/e2e

step "all tests passed"
