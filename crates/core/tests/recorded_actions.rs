//! What the page's controls do on a running cluster — a Job card's suspend, scale and delete,
//! the editor's Apply — is recorded as `kubectl:` actions, so the scenario written with the run
//! (a share link, a download) replays to the same `jobsim run --json`.

use jobsim_core::share::{with_run, Run};
use jobsim_core::sim::report::{simulate, to_json};
use jobsim_core::sim::scenario::{load, ActionKind, Overrides};
use jobsim_core::sim::time::SimTime;
use jobsim_core::sim::world::{Propagation, World};

const SCENARIO: &str = "apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: controls}
spec:
  seed: 3
  start: \"2026-01-01T00:00:00Z\"
  until: done
  actions:
    - { at: 2s, kubectl: \"kubectl get jobs\" }
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 6
  parallelism: 2
  template:
    spec:
      containers: [{name: c, image: busybox, command: [sh, -c, sleep 20]}]
      restartPolicy: Never
---
apiVersion: v1
kind: Namespace
metadata: {name: team}
---
apiVersion: batch/v1
kind: Job
metadata: {name: side, namespace: team}
spec:
  completions: 3
  template:
    spec:
      containers: [{name: c, image: busybox, command: [sh, -c, sleep 30]}]
      restartPolicy: Never
";

/// The editor's text applied at t > 0: `pi` with a new parallelism, and a new Job.
const APPLIED: &str = "apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 6
  parallelism: 1
  template:
    spec:
      containers: [{name: c, image: busybox, command: [sh, -c, sleep 20]}]
      restartPolicy: Never
---
apiVersion: batch/v1
kind: Job
metadata: {name: late}
spec:
  template:
    spec:
      containers: [{name: c, image: busybox, command: [echo, late]}]
      restartPolicy: Never
";

fn at(world: &mut World, seconds: u64) {
    world
        .advance_to(SimTime::from_millis(seconds * 1_000), u64::MAX)
        .expect("the world runs");
}

/// The session as the page plays it: the world runs, the user clicks in between.
fn interactive() -> World {
    let (scenario, rng) = load(SCENARIO, Overrides::default()).expect("loads");
    let mut world = World::new(scenario, rng).expect("a world");
    let pi = ("default".to_string(), "pi".to_string());
    let side = ("team".to_string(), "side".to_string());
    at(&mut world, 5);
    world.act(ActionKind::suspend_job(&pi, true));
    at(&mut world, 12);
    world.act(ActionKind::suspend_job(&pi, false));
    world.act(ActionKind::scale_job(&pi, 3));
    at(&mut world, 25);
    world.act(ActionKind::apply(APPLIED.into()));
    at(&mut world, 31);
    world.act(ActionKind::delete_job(&side, Propagation::Foreground));
    world.run().expect("runs to the end");
    world
}

#[test]
fn card_controls_and_apply_are_kubectl_actions_that_do_what_they_say() {
    let world = interactive();
    let commands: Vec<(String, Option<String>)> = world
        .actions()
        .iter()
        .filter_map(|a| match &a.kind {
            ActionKind::Kubectl { command, stdin } => Some((command.clone(), stdin.clone())),
            _ => None,
        })
        .collect();
    let lines: Vec<&str> = commands.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        lines,
        [
            "kubectl get jobs",
            r#"kubectl patch job pi --type=strategic --patch '{"spec":{"suspend":true}}'"#,
            r#"kubectl patch job pi --type=strategic --patch '{"spec":{"suspend":false}}'"#,
            "kubectl scale job pi --replicas=3",
            "kubectl apply -f -",
            "kubectl delete job side -n team --cascade=foreground",
        ]
    );
    assert_eq!(commands[4].1.as_deref(), Some(APPLIED));
    let printed: Vec<String> = world
        .kubectl_log
        .iter()
        .skip(1)
        .map(|r| format!("{}{}", r.output.stdout, r.output.stderr))
        .collect();
    assert_eq!(
        printed,
        [
            "job.batch/pi patched\n",
            "job.batch/pi patched\n",
            "job.batch/pi scaled\nkubectl scale job is DEPRECATED and will be removed in a future version.\n",
            "job.batch/pi configured\njob.batch/late created\n",
            "job.batch \"side\" deleted\n",
        ]
    );
    let report = to_json(&world, true);
    let names: Vec<&str> = report["jobs"]
        .as_array()
        .expect("jobs")
        .iter()
        .filter_map(|j| j["name"].as_str())
        .collect();
    assert!(names.contains(&"late"), "{names:?}");
}

/// `jobsim run --json` of the world, and of the scenario written with its run replayed.
fn live_and_replayed(world: &World) -> (String, String) {
    let (scenario, _) = load(SCENARIO, Overrides::default()).expect("loads");
    let mine = world
        .actions()
        .get(scenario.actions.len()..)
        .unwrap_or_default();
    let shared = with_run(
        SCENARIO,
        Run {
            seed: 3,
            speed: None,
            lesson: None,
            actions: mine,
        },
    )
    .expect("written");
    let replayed = simulate(&shared, Overrides::default()).expect("replays");
    let json = |w: &World| serde_json::to_string_pretty(&to_json(w, false)).expect("json");
    (json(world), json(&replayed))
}

fn first_difference(a: &str, b: &str) -> Option<(usize, (String, String))> {
    a.lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| (i, (x.to_string(), y.to_string())))
}

#[test]
fn the_scenario_written_with_the_run_replays_to_the_same_json() {
    let world = interactive();
    assert_eq!(world.actions().len(), 6);
    let (live, again) = live_and_replayed(&world);
    assert!(live.contains("\"late\""));
    assert_eq!(first_difference(&live, &again), None, "the same run");
    assert_eq!(again, live, "byte for byte");
}

#[test]
fn a_click_right_after_a_step_replays_after_that_instants_events() {
    let (scenario, rng) = load(SCENARIO, Overrides::default()).expect("loads");
    let mut world = World::new(scenario, rng).expect("a world");
    let pi = ("default".to_string(), "pi".to_string());
    // Step to the instant the first pod of `pi` starts, then suspend at that very instant.
    while !world.store.pods().any(|(k, p)| {
        k.1.starts_with("pi-") && jobsim_core::kubectl::get_pods::summary(p).status == "Running"
    }) {
        world.step().expect("steps").expect("an event");
    }
    world.act(ActionKind::suspend_job(&pi, true));
    world.act(ActionKind::scale_job(&pi, 1));
    for _ in 0..3 {
        world.step().expect("steps");
    }
    world.act(ActionKind::suspend_job(&pi, false));
    world.run().expect("runs to the end");
    let (live, again) = live_and_replayed(&world);
    assert_eq!(first_difference(&live, &again), None, "the same run");
    assert_eq!(again, live, "byte for byte");
}
