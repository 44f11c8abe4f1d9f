//! `kubectl describe cronjob` on a running world: upstream's layout — the schedule and the
//! policies as defaulted, the Job template as written (unset counts say so), the last schedule
//! time, the active Jobs, and the events the CronJob controller recorded.

mod kubelet_support;

use jobsim_core::kubectl::command::run;
use jobsim_core::lessons::find;
use jobsim_core::sim::world::World;
use kubelet_support::world_at;

/// The lesson's world at `secs`.
fn lesson_at(lesson: &str, secs: u64) -> World {
    world_at(find(lesson).expect("lesson").scenario, secs * 1000)
}

fn describe(world: &mut World, what: &str) -> String {
    let out = run(world, &format!("kubectl describe {what}"), None);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn a_cronjob_with_two_active_jobs_prints_upstreams_layout() {
    let mut w = lesson_at("cronjob-allow", 150);
    assert_eq!(
        describe(&mut w, "cronjob hello"),
        include_str!("fixtures/describe_cronjob_allow.txt")
    );
}

#[test]
fn the_deadline_and_history_limits_show_as_set_and_no_active_job_as_none() {
    let mut w = lesson_at("cronjob-history", 200);
    let text = describe(&mut w, "cronjobs");
    for line in [
        "Successful Job History Limit:  2\n",
        "Failed Job History Limit:      1\n",
        "Starting Deadline Seconds:     30s\n",
        "Active Jobs:         <none>\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
}
