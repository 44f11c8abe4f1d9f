//! The simulation's speed (issue 6 §7): a Job of N completions, parallelism 1,000, 5-second
//! pods, 50 nodes, run to completion. Prints wall time, events per second and the peak resident
//! memory; never asserts. `cargo bench -p jobsim-core --bench world [-- 1000000]`.
#![allow(clippy::disallowed_methods)] // a benchmark measures wall-clock time

use std::time::Instant;

use jobsim_core::sim::report::simulate;
use jobsim_core::sim::scenario::Overrides;

fn scenario(completions: u64) -> String {
    format!(
        r#"apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {{ name: bench }}
spec:
  seed: 1
  nodes:
    - {{ namePrefix: node-, count: 50, cpu: "64", memory: 256Gi }}
  timing: {{ imagePull: 1s }}
---
apiVersion: batch/v1
kind: Job
metadata: {{ name: big }}
spec:
  completions: {completions}
  parallelism: 1000
  backoffLimit: 6
  template:
    metadata:
      annotations: {{ jobsim.dev/run-seconds: "5" }}
    spec:
      restartPolicy: Never
      containers:
        - {{ name: work, image: busybox, resources: {{ requests: {{ cpu: 100m }} }} }}
"#
    )
}

/// The process's peak resident set (Linux `VmHWM`), in MiB.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let sizes: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    };
    println!("completions   wall      events     events/s    peak RSS");
    for n in sizes {
        let text = scenario(n);
        let begin = Instant::now();
        let world = match simulate(&text, Overrides::default()) {
            Ok(w) => w,
            Err(e) => {
                println!("{n:>11}   error: {e}");
                continue;
            }
        };
        let wall = begin.elapsed().as_secs_f64();
        let events = world.events_processed;
        println!(
            "{n:>11}   {wall:>6.3} s  {events:>9}  {:>10.0}    {}",
            events as f64 / wall,
            peak_mib().map_or("n/a".into(), |m| format!("{m:.0} MiB")),
        );
    }
}
