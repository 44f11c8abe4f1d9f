#!/usr/bin/env bash
# Runs every test: format and lints, native (unit, integration, property), the probes' conformance
# samples, the core built for wasm32, browser tests (wasm-bindgen-test in headless Chromium), and
# end-to-end tests (Playwright driving Debian's Chromium) against the release build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/setup.sh" test
export JOBSIM_SETUP_DONE=1
# A whole run builds everything once: incremental caches would only take disk (1.2 GB).
export CARGO_INCREMENTAL=0
cd "$ROOT"

step "format and lints (clippy also forbids real clocks in the core: clippy.toml)"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "native: cargo test --workspace"
cargo test --workspace --locked

step "conformance samples: the probes and jobsim run (../shared/conformance/check)"
conformance="$ROOT/../shared/conformance/check"
if [ -x "$conformance" ]; then
  cargo build --release --locked --bin jobsim
  "$conformance" --no-build
else
  echo "no ../shared/conformance beside the repository: skipped"
fi

step "jobsim-core builds for wasm32-unknown-unknown"
cargo build -p jobsim-core --target wasm32-unknown-unknown --locked

step "browser: wasm-bindgen-test in headless Chromium"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test -p jobsim-web -p jobsim-wasm-heap --target wasm32-unknown-unknown --locked

"$ROOT/scripts/build.sh"

step "end-to-end: Playwright + /usr/bin/chromium against dist/ (screenshots in tests/e2e/screenshots/)"
npx playwright test -c tests/e2e

step "all tests passed"
