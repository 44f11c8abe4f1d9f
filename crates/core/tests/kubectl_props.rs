//! Nothing a user types into the console may panic: random command lines, built from kubectl's
//! words and noise, always end in an answer.

use jobsim_core::kubectl::command::run;
use jobsim_core::sim::scenario::{load, Overrides};
use jobsim_core::sim::time::SimTime;
use jobsim_core::sim::world::World;
use proptest::prelude::*;

const SCENARIO: &str = "kind: Simulation
spec:
  seed: 1
  nodes: [{ name: node-1 }]
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 2
  template:
    spec:
      containers: [{name: c, image: busybox, command: [sh, -c, \"echo hi; sleep 3\"]}]
      restartPolicy: Never
";

const WORDS: &[&str] = &[
    "kubectl",
    "get",
    "describe",
    "logs",
    "delete",
    "scale",
    "patch",
    "apply",
    "create",
    "label",
    "annotate",
    "wait",
    "explain",
    "version",
    "job",
    "jobs",
    "pods",
    "po",
    "pod",
    "all",
    "events",
    "job/pi",
    "pi",
    "pod/x",
    "-o",
    "yaml",
    "json",
    "wide",
    "name",
    "jsonpath={.items[*].metadata.name}",
    "jsonpath={.items[?(@.status.phase==\"Running\")].metadata.name}",
    "custom-columns=N:.metadata.name,P:.status.phase",
    "custom-columns=",
    "--sort-by=.metadata.name",
    "--sort-by={.status",
    "--for=jsonpath={.status.succeeded}=1",
    "--for=condition=Complete=false",
    "top",
    "--prefix",
    "cronjob",
    "--schedule=* * * * *",
    "--image=busybox",
    "-l",
    "a=b",
    "-n",
    "-A",
    "--all",
    "-f",
    "-",
    "--cascade=orphan",
    "--replicas=2",
    "--replicas",
    "-p",
    "{\"spec\":{\"suspend\":true}}",
    "--type=json",
    "[{\"op\":\"remove\",\"path\":\"/spec\"}]",
    "--for=condition=complete",
    "--timeout=1s",
    "-c",
    "--previous",
    "'",
    "\"",
    "\\",
    "--",
    "k=v",
    "k-",
    "job.spec",
    "--field-selector",
    "status.phase=Running",
    "--tail=1",
    "=",
    "-",
    "-ozz",
    "-w",
    "--watch",
    "cordon",
    "uncordon",
    "drain",
    "node-1",
    "nodes",
    "cronjobs",
    "cj/x",
    "--from=cronjob/x",
    "pod/pi",
];

fn line() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        3 => proptest::sample::select(WORDS).prop_map(String::from),
        1 => "[ -~]{0,12}",
        1 => "\\PC{0,8}",
    ];
    proptest::collection::vec(word, 0..8).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn random_command_lines_never_panic(lines in proptest::collection::vec(line(), 1..4), at in 0u64..20) {
        let (scenario, rng) = load(SCENARIO, Overrides::default()).unwrap();
        let mut world = World::new(scenario, rng).unwrap();
        world.advance_to(SimTime::from_millis(at * 1000), u64::MAX).unwrap();
        for l in &lines {
            let out = run(&mut world, l, Some("apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\n"));
            prop_assert!(out.exit_code == 0 || !out.stderr.is_empty(), "{l}: failed silently");
        }
    }
}
