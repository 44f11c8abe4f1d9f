#!/usr/bin/env bash
# The simulation's speed as printed figures (issue 6 §7): a Job of N completions, parallelism
# 1,000, 5-second pods, 50 nodes, run to the end — natively (cargo bench, one process per size
# for its own peak memory) and in wasm under Node (crates/bench-wasm, built as the page is, in
# the size-tuned `web` profile; WASM_PROFILE=release for the speed-tuned one).
# `scripts/bench.sh [N…]` (default 10000 100000; 1000000 natively takes about 1.4 GiB, the
# run's output records with the pod garbage collector deleting all but 12,500 finished pods);
# WASM_ONLY=1 skips the native half.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)

step "native (cargo bench -p jobsim-core --bench world)"
[ -n "${WASM_ONLY:-}" ] || cargo bench -p jobsim-core --bench world -- "${sizes[@]}"

profile=${WASM_PROFILE:-web}   # cargo puts the bench profile's output under release/
step "wasm ($profile profile, Node $(node --version))"
cargo build --profile "$profile" -p jobsim-bench-wasm --target wasm32-unknown-unknown
out="$ROOT/target/bench-wasm"
wasm-bindgen --target nodejs --out-dir "$out" \
  "$ROOT/target/wasm32-unknown-unknown/${profile/bench/release}/jobsim_bench_wasm.wasm"
# Each size in a Node process of its own: the linear memory only grows.
printf '%11s %10s %10s %11s %13s\n' completions wall events events/s "wasm memory"
for n in "${sizes[@]}"; do
  node -e '
    const figures = JSON.parse(require(process.argv[1]).run(Number(process.argv[2])));
    if (figures.error) { console.log(`${figures.completions}: error: ${figures.error}`); process.exit(1); }
    const pad = (s, n) => String(s).padStart(n);
    console.log(pad(figures.completions, 11), pad((figures.wallMs / 1000).toFixed(3) + " s", 10),
      pad(figures.events, 10), pad(figures.eventsPerSecond.toFixed(0), 11),
      pad(figures.memoryMiB.toFixed(0) + " MiB", 13));
  ' "$out/jobsim_bench_wasm.js" "$n"
done
