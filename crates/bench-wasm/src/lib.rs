//! The simulation's speed in wasm: `run(completions)` runs the native benchmark's scenario
//! (crates/core/benches/big_job.yaml) to its end and returns the figures as JSON. The time comes
//! from the host's clock (`Date.now()`); the core itself reads none.

use jobsim_core::sim::report::simulate;
use jobsim_core::sim::scenario::Overrides;
use serde_json::json;
use wasm_bindgen::prelude::*;

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static HEAP: jobsim_wasm_heap::Heap = jobsim_wasm_heap::heap();

/// The benchmark's scenario with this many completions.
pub fn scenario(completions: u32) -> String {
    include_str!("../../core/benches/big_job.yaml").replace("COMPLETIONS", &completions.to_string())
}

/// Runs a Job of `completions` completions to its end: `{"completions", "wallMs", "events",
/// "eventsPerSecond", "memoryMiB"}` (the linear memory's size, which only grows: at most half
/// again the peak the heap held), or
/// `{"error"}`.
#[wasm_bindgen]
pub fn run(completions: u32) -> String {
    let text = scenario(completions);
    let begin = js_sys::Date::now();
    let figures = match simulate(&text, Overrides::default()) {
        Ok(world) => {
            let wall_ms = js_sys::Date::now() - begin;
            let events = world.events_processed;
            // The world's teardown is not part of the figure (as natively).
            std::mem::forget(world);
            json!({
                "completions": completions,
                "wallMs": wall_ms,
                "events": events,
                "eventsPerSecond": events as f64 * 1000.0 / wall_ms.max(1.0),
                "memoryMiB": memory_mib(),
            })
        }
        Err(e) => json!({ "completions": completions, "error": e }),
    };
    figures.to_string()
}

/// The wasm linear memory's size in MiB (64 KiB pages; the heap grows it by half at a time).
fn memory_mib() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) as f64 / 16.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scenario_runs_its_completions_to_the_end() {
        let world = simulate(&scenario(30), Overrides::default());
        let succeeded = world.ok().and_then(|w| {
            let (_, job) = w.store.jobs().next()?;
            job.status.as_ref()?.succeeded
        });
        assert_eq!(succeeded, Some(30));
    }
}
