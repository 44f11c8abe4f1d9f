//! The world keeps, per Job, the explanations of its latest reconciles with their virtual
//! times: what the Explain panel shows.

use jobsim_core::controllers::job::explain::Act;
use jobsim_core::controllers::job::explain_text::render;
use jobsim_core::lang::Language;
use jobsim_core::lessons;
use jobsim_core::sim::report::simulate;
use jobsim_core::sim::scenario::Overrides;
use jobsim_core::sim::store::Key;
use jobsim_core::sim::world::EXPLAINED_RECONCILES;

fn lesson(id: &str) -> &'static str {
    lessons::find(id).map_or("", |l| l.scenario)
}

fn job(name: &str) -> Key {
    ("default".to_string(), name.to_string())
}

#[test]
fn a_job_failing_under_never_keeps_its_backoff_waits_in_words() {
    let world = simulate(lesson("backoff-never"), Overrides::default()).unwrap();
    let key = job("fails");
    let kept: Vec<_> = world.explanations(&key).collect();
    let reconciles = world.job_records[&key].reconciles;
    assert!(reconciles > 3, "{reconciles}");
    assert_eq!(
        kept.len() as u64,
        reconciles.min(EXPLAINED_RECONCILES as u64)
    );
    assert!(
        kept.windows(2).all(|w| w[0].time <= w[1].time),
        "the oldest first"
    );
    let waits = kept
        .iter()
        .filter(|e| matches!(e.explanation.act, Some(Act::BackoffWait(_))))
        .count();
    assert!(waits > 0, "no sync waited for the backoff");
    let words: Vec<String> = kept
        .iter()
        .flat_map(|e| render(&e.explanation, Language::English))
        .collect();
    let words = words.join("\n");
    for needle in [
        "Pod backoff in force: 1 failure(s) since the last success give a delay of 10s",
        "Pod backoff in force: 2 failure(s) since the last success give a delay of 20s",
        "FailureTarget (BackoffLimitExceeded)",
        "want = min(completions − succeeded, parallelism) = min(1 − 0, 1) = 1.",
    ] {
        assert!(words.contains(needle), "missing {needle:?} in:\n{words}");
    }
    let last = kept.last().expect("a reconcile");
    assert!(last.time <= world.now());
    assert_eq!(
        world.wall(last.time),
        last.explanation.now,
        "each explanation carries its virtual time"
    );
}

#[test]
fn only_the_latest_reconciles_are_kept() {
    let many = lesson("backoff-never").replace("backoffLimit: 3", "backoffLimit: 40");
    let world = simulate(&many, Overrides::default()).unwrap();
    let key = job("fails");
    let reconciles = world.job_records[&key].reconciles;
    assert!(
        reconciles > EXPLAINED_RECONCILES as u64,
        "{reconciles} reconciles"
    );
    let kept: Vec<_> = world.explanations(&key).collect();
    assert_eq!(kept.len(), EXPLAINED_RECONCILES);
    let finished = render(
        &kept[EXPLAINED_RECONCILES - 1].explanation,
        Language::English,
    );
    let words = kept
        .iter()
        .flat_map(|e| render(&e.explanation, Language::English))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        words.contains("failed 41 > backoffLimit 40"),
        "the latest are the ones kept:\n{finished:?}"
    );
    assert!(
        !words.contains("startTime set to"),
        "the first reconcile is forgotten"
    );
}

#[test]
fn a_deleted_jobs_explanations_go_with_it_and_runs_are_the_same() {
    let world = simulate(lesson("ttl"), Overrides::default()).unwrap();
    let key = job("cleaned-up");
    assert!(world.job_records[&key].deleted_at.is_some());
    assert_eq!(world.explanations(&key).count(), 0);
    let twice = |text: &str| {
        let world = simulate(text, Overrides::default()).unwrap();
        world
            .explanations(&job("fails"))
            .map(|e| format!("{e:?}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        twice(lesson("backoff-never")),
        twice(lesson("backoff-never"))
    );
}
