//! The simulation's speed (issue 6 §7): a Job of N completions, parallelism 1,000, 5-second
//! pods, 50 nodes, run to completion. Prints wall time, events per second and the peak resident
//! memory; never asserts. `cargo bench -p jobsim-core --bench world [-- 10000 100000 1000000]`
//! (10,000 and 100,000 by default; 1,000,000 on request: it needs several GiB).
#![allow(clippy::disallowed_methods)] // a benchmark measures wall-clock time

use std::time::Instant;

use jobsim_core::sim::report::simulate;
use jobsim_core::sim::scenario::Overrides;

/// The scenario, shared with the wasm benchmark (crates/bench-wasm).
fn scenario(completions: u64) -> String {
    include_str!("big_job.yaml").replace("COMPLETIONS", &completions.to_string())
}

/// The process's peak resident set (Linux `VmHWM`), in MiB.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The time this process has run on a CPU (Linux `schedstat`), in seconds: on a busy machine
/// it says what the wall time would be on an idle one.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Runs one size in this process and prints its line: completions, wall and CPU time, events,
/// events per second (of wall time), peak RSS, and the wall time per completion.
fn measure(n: u64) {
    let text = scenario(n);
    let cpu_before = cpu_seconds();
    let begin = Instant::now();
    let world = match simulate(&text, Overrides::default()) {
        Ok(w) => w,
        Err(e) => {
            println!("{n:>11}   error: {e}");
            return;
        }
    };
    let wall = begin.elapsed().as_secs_f64();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let events = world.events_processed;
    let peak = peak_mib();
    println!(
        "{n:>11}   {wall:>7.3} s  {:>9}  {events:>9}  {:>10.0}  {:>9}  {:>8.2} µs",
        cpu.map_or("n/a".into(), |c| format!("{c:.3} s")),
        events as f64 / wall,
        peak.map_or("n/a".into(), |m| format!("{m:.0} MiB")),
        wall * 1e6 / n as f64,
    );
    // The world's teardown is not part of the figure.
    std::mem::forget(world);
}

fn main() {
    let sizes: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if std::env::var_os(ONE_SIZE).is_some() {
        sizes.into_iter().for_each(measure);
        return;
    }
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    println!(
        "completions      wall        cpu     events    events/s   peak RSS  wall per completion"
    );
    // Each size runs in a process of its own, so that its peak memory is its own.
    for n in sizes {
        let child = std::env::current_exe()
            .and_then(|exe| {
                std::process::Command::new(exe)
                    .arg(n.to_string())
                    .env(ONE_SIZE, "1")
                    .status()
            })
            .map_err(|e| e.to_string());
        if let Err(e) = child.and_then(|s| {
            if s.success() {
                Ok(())
            } else {
                Err(s.to_string())
            }
        }) {
            println!("{n:>11}   error: {e}");
        }
    }
}

/// Set in the child process that measures one size.
const ONE_SIZE: &str = "JOBSIM_BENCH_ONE_SIZE";
