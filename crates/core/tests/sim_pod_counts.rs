//! The pods' counts over the run (the playground's timeline): kept by the world at each instant
//! the pods changed, so that they are the same whether the run was played a millisecond at a
//! time or all at once — as fast as possible, the page moves minutes of virtual time a frame.

use jobsim_core::lessons::{self, LESSONS};
use jobsim_core::sim::pod_counts::{Sample, Tally};
use jobsim_core::sim::scenario::{load, Overrides};
use jobsim_core::sim::time::SimTime;
use jobsim_core::sim::world::World;

fn world(lesson: &str) -> World {
    let text = lessons::find(lesson).map_or("", |l| l.scenario);
    let (scenario, rng) = load(text, Overrides::default()).expect("the lesson loads");
    World::new(scenario, rng).expect("the world starts")
}

/// The pods of the store in each tally, counted one by one.
fn recount(world: &World) -> [u32; 4] {
    let mut counts = [0; 4];
    for (_, pod) in world.store.pods() {
        counts[Tally::of(pod).position()] += 1;
    }
    counts
}

#[test]
fn the_counts_follow_every_pod_at_every_instant_of_every_lesson() {
    for lesson in LESSONS {
        let mut w = world(lesson.id);
        let mut instants = 0;
        while w.step().expect("a step").is_some() && instants < 20_000 {
            instants += 1;
            assert_eq!(
                w.store.pod_tallies(),
                recount(&w),
                "{} at {}",
                lesson.id,
                w.now()
            );
            let last = w.pod_counts.last().expect("counts");
            assert_eq!(last.counts(), recount(&w), "{} at {}", lesson.id, w.now());
            assert!(last.time <= w.now());
        }
        assert!(instants > 0, "{} ran", lesson.id);
    }
}

#[test]
fn played_all_at_once_or_an_instant_at_a_time_the_counts_are_the_same() {
    for lesson in ["cronjob-allow", "backoff-never", "scale", "node-eviction"] {
        let until = SimTime::from_millis(5 * 60_000);
        let mut at_once = world(lesson);
        at_once.advance_to(until, u64::MAX).expect("runs");
        let mut stepped = world(lesson);
        while stepped.next_event_at().is_some_and(|t| t <= until) {
            stepped.step().expect("a step");
        }
        assert_eq!(
            at_once.pod_counts.list(),
            stepped.pod_counts.list(),
            "{lesson}"
        );
    }
}

#[test]
fn overlapping_cronjob_runs_succeed_a_minute_apart() {
    // Every minute a Job whose pod runs 90 s: the first succeeds at about 2m30s, then one a
    // minute — never all at once.
    let mut w = world("cronjob-allow");
    w.advance_to(SimTime::from_millis(5 * 60_000), u64::MAX)
        .expect("runs");
    let firsts: Vec<&Sample> = (1..=3)
        .filter_map(|n| w.pod_counts.list().iter().find(|s| s.succeeded == n))
        .collect();
    assert_eq!(firsts.len(), 3, "{:?}", w.pod_counts.list());
    let secs: Vec<u64> = firsts.iter().map(|s| s.time.as_millis() / 1000).collect();
    assert!((150..160).contains(&secs[0]), "{secs:?}");
    assert!(
        secs.windows(2).all(|p| (55..=65).contains(&(p[1] - p[0]))),
        "{secs:?}"
    );
    assert!(firsts.iter().all(|s| s.active >= 1), "{firsts:?}");
}
