#!/usr/bin/env bash
# Installs what jobsim's build (and, with `test`, its tests) need on a Debian machine that
# reaches only the package registries; skips whatever is already present.
#   scripts/setup.sh build   Rust wasm target, Trunk, wasm-bindgen-cli, npm packages (wasm-opt)
#   scripts/setup.sh test    the same, plus Debian's chromium, chromium-driver and a CJK font
# Nothing here downloads a binary from outside the registries: Trunk runs offline (Trunk.toml)
# and finds the tools installed below on PATH (scripts/env.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
purpose="${1:-test}"
TRUNK_VERSION=0.21.14   # Trunk 0.22 needs rustc 1.96.1; the machine has 1.95 (research/toolchain.md)

step "Rust target wasm32-unknown-unknown"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then echo present
else rustup target add wasm32-unknown-unknown; fi

step "Rust components rustfmt and clippy"
if rustup component list --installed | grep -q '^rustfmt' && rustup component list --installed | grep -q '^clippy'; then echo present
else rustup component add rustfmt clippy; fi

step "Trunk $TRUNK_VERSION"
if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then echo present
else cargo install --locked trunk --version "$TRUNK_VERSION"; fi

step "wasm-bindgen-cli, the version of wasm-bindgen in Cargo.lock"
wbg=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $wbg" ]; then echo "present: $wbg"
else
  # Its published lockfile pins a webpki-roots the registry does not serve: fall back to a fresh resolve.
  cargo install --locked wasm-bindgen-cli --version "$wbg" || cargo install wasm-bindgen-cli --version "$wbg"
fi

step "npm packages from package-lock.json (binaryen's wasm-opt, Playwright; no browser download)"
stamp="$ROOT/node_modules/.jobsim-lock"
if cmp -s "$ROOT/package-lock.json" "$stamp"; then echo present
else
  (cd "$ROOT" && npm ci --no-audit --no-fund)
  cp "$ROOT/package-lock.json" "$stamp"
fi

step "Rust crates (Trunk builds offline)"
(cd "$ROOT" && cargo fetch --locked)

if [ "$purpose" = test ]; then
  step "Debian: chromium, chromium-driver, a CJK font for screenshots"
  debs=(chromium chromium-driver fonts-wqy-microhei)
  if dpkg -s "${debs[@]}" >/dev/null 2>&1; then echo present
  else
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${debs[@]}" >/dev/null
  fi
fi
step "tools ready"
