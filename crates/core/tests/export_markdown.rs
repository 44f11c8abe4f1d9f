//! A run exported as Markdown: the scenario, the kubectl tables now, the timeline, the events.

use jobsim_core::export::markdown;
use jobsim_core::kubectl::command;
use jobsim_core::lang::Language;
use jobsim_core::lessons;
use jobsim_core::sim::report::simulate;
use jobsim_core::sim::scenario::Overrides;

fn scenario() -> &'static str {
    lessons::find("backoff-never").map_or("", |l| l.scenario)
}

#[test]
fn the_document_has_the_scenario_the_tables_the_timeline_and_the_events() {
    let mut world = simulate(scenario(), Overrides::default()).unwrap();
    let doc = markdown(&mut world, scenario(), Language::English);
    assert!(doc.starts_with("# jobsim run\n"), "{doc}");
    assert!(
        doc.contains(&format!("## Scenario\n\n```yaml\n{}```\n", scenario())),
        "the scenario in a yaml fence"
    );
    let jobs = command::run(&mut world, "kubectl get jobs", None).stdout;
    let pods = command::run(&mut world, "kubectl get pods", None).stdout;
    assert!(jobs.starts_with("NAME"), "{jobs}");
    assert!(doc.contains(&format!("```console\n$ kubectl get jobs\n{jobs}```\n")));
    assert!(doc.contains(&format!("```console\n$ kubectl get pods\n{pods}```\n")));
    let timeline = doc
        .split("## Timeline\n\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap_or_default();
    // The pods' counts at each instant they changed: a pod fails, and the next comes 10 s,
    // 20 s, then 40 s after the failure (the Job's backoff). A pod that lands on a node
    // without the image waits for its pull (the second and the third).
    assert_eq!(
        timeline,
        "| time | active | succeeded | failed |\n\
         |---:|---:|---:|---:|\n\
         | 0m00s | 0 | 0 | 0 |\n\
         | 0m00.100s | 1 | 0 | 0 |\n\
         | 0m05.545s | 0 | 0 | 1 |\n\
         | 0m15s | 1 | 0 | 1 |\n\
         | 0m19.709s | 0 | 0 | 2 |\n\
         | 0m39s | 1 | 0 | 2 |\n\
         | 0m43.113s | 0 | 0 | 3 |\n\
         | 1m23s | 1 | 0 | 3 |\n\
         | 1m25.550s | 0 | 0 | 4 |"
    );
    let job_events = doc
        .split("### job/fails\n\n```text\n")
        .nth(1)
        .unwrap_or_default();
    assert!(
        job_events.starts_with("Events:\n  Type     Reason "),
        "describe's Events layout:\n{job_events}"
    );
    assert!(job_events.contains("BackoffLimitExceeded"), "{job_events}");
    assert!(doc.contains("### pod/fails-"), "the pods' events too");
}

#[test]
fn the_document_changes_nothing_and_is_the_same_twice() {
    let mut world = simulate(scenario(), Overrides::default()).unwrap();
    let events = world.events.len();
    let first = markdown(&mut world, scenario(), Language::SimplifiedChinese);
    let second = markdown(&mut world, scenario(), Language::SimplifiedChinese);
    assert_eq!(first, second);
    assert_eq!(world.events.len(), events);
    assert!(
        first.contains("## 时间线\n\n| 时间 | 活跃 | 成功 | 失败 |"),
        "{first}"
    );
    assert!(first.contains("## 事件"));
}
