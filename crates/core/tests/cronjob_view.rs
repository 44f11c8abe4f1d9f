//! The CronJob card's ruler read from a running world: the Jobs started, the times Forbid
//! skipped, the times missed while the controllers slept, and the next ones.

use jobsim_core::sim::scenario::{load, Overrides};
use jobsim_core::sim::time::SimTime;
use jobsim_core::sim::world::{SlotState, World};

fn world_at(text: &str, seconds: u64) -> World {
    let (scenario, rng) = load(text, Overrides::default()).expect("loads");
    let mut world = World::new(scenario, rng).expect("a world");
    world
        .advance_to(SimTime::from_millis(seconds * 1_000), u64::MAX)
        .expect("runs");
    world
}

fn states(world: &World) -> Vec<(String, String)> {
    let key = ("default".to_string(), "hello".to_string());
    let view = world.cron_job_view(&key).expect("the CronJob");
    view.slots
        .iter()
        .map(|s| {
            let state = match &s.state {
                SlotState::Started(_) => "started",
                SlotState::SkippedForbid => "skipped",
                SlotState::DeadlineMissed => "deadline",
                SlotState::Missed => "missed",
                SlotState::Due => "due",
                SlotState::Upcoming => "upcoming",
            };
            (s.at.strftime("%H:%M").to_string(), state.to_string())
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn forbid_skips_the_times_a_job_still_runs() {
    let lesson = jobsim_core::lessons::find("cronjob-forbid").expect("lesson");
    let world = world_at(lesson.scenario, 270);
    assert_eq!(
        states(&world)[..4],
        pairs(&[
            ("09:01", "started"),
            ("09:02", "started"),
            ("09:03", "skipped"),
            ("09:04", "started"),
        ])
    );
    let key = ("default".to_string(), "hello".to_string());
    let view = world.cron_job_view(&key).expect("the CronJob");
    assert_eq!(view.concurrency_policy, "Forbid");
    assert_eq!(view.active.len(), 1);
    assert_eq!(
        view.next.map(|t| t.to_string()).as_deref(),
        Some("2026-03-02T09:05:00Z")
    );
}

#[test]
fn times_missed_while_the_controllers_sleep_and_the_deadline_window_after_each() {
    let text = "apiVersion: jobsim.dev/v1alpha1
kind: Simulation
spec:
  seed: 1
  start: \"2026-03-02T09:00:00Z\"
  until: 10m
  actions:
    - { at: 90s, controllersDown: { for: 3m } }
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: hello}
spec:
  schedule: \"* * * * *\"
  startingDeadlineSeconds: 20
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: c, image: busybox, command: [echo, hi]}]
          restartPolicy: OnFailure
";
    let world = world_at(text, 330);
    assert_eq!(
        states(&world)[..6],
        pairs(&[
            ("09:01", "started"),
            ("09:02", "missed"),
            ("09:03", "missed"),
            ("09:04", "missed"),
            ("09:05", "started"),
            ("09:06", "upcoming"),
        ])
    );
    let key = ("default".to_string(), "hello".to_string());
    let view = world.cron_job_view(&key).expect("the CronJob");
    let first = &view.slots[0];
    assert_eq!(
        first.deadline.map(|d| d.duration_since(first.at).as_secs()),
        Some(20)
    );
}
