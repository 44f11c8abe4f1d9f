# Sourced by the scripts: the repository root, tool paths and a step printer.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"   # npm's wasm-opt before any other
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export TRUNK_OFFLINE=true
T0=${T0:-$(date +%s)}
export T0
step() { printf '\n== [+%ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
