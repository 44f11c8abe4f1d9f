//! The Job cards: kubectl's STATUS and COMPLETIONS, the status counters, conditions, the run's
//! counters (reconciles, pods created), the backoff, active-deadline and TTL countdowns, and
//! the controls (suspend / resume, parallelism − / +, delete with a cascade).

use jiff::{SignedDuration, Timestamp};
use jobsim_core::api::Job;
use jobsim_core::controllers::job::backoff::BackoffRecord;
use jobsim_core::controllers::job::pod::{JobPod, Phase};
use jobsim_core::controllers::ttl::{ttl_for_job, TtlDecision};
use jobsim_core::kubectl::get_jobs::{completions, status};
use jobsim_core::sim::store::Key;
use jobsim_core::sim::world::{Propagation, World};
use yew::prelude::*;

use crate::i18n::Ui;
use crate::state::{Action, AppState, JobControl};

/// The countdowns of a Job at `now`, each `None` when it does not apply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Countdowns {
    /// Failures since the last success, the delay they impose, and what is left of it.
    pub backoff: Option<(i32, SignedDuration, SignedDuration)>,
    pub active_deadline: Option<SignedDuration>,
    pub ttl: Option<SignedDuration>,
}

/// Works the countdowns out from the Job and its pods with the controllers' own rules.
pub fn countdowns(job: &Job, pods: &[JobPod], now: Timestamp) -> Countdowns {
    // Once the end is decided (FailureTarget, SuccessCriteriaMet) no retry or deadline is due.
    let ending = job.is_ending();
    let status = job.status.as_ref();
    let backoff = (!ending)
        .then(|| {
            let succeeded: Vec<&JobPod> = pods
                .iter()
                .filter(|p| matches!(p.phase, Phase::Succeeded))
                .collect();
            let failed: Vec<&JobPod> = pods
                .iter()
                .filter(|p| matches!(p.phase, Phase::Failed))
                .collect();
            BackoffRecord::default().with_new_finished(&succeeded, &failed)
        })
        .filter(|r| r.failures_after_last_success > 0)
        .map(|r| {
            let delay = jobsim_core::controllers::job::backoff::delay_for_failures(
                r.failures_after_last_success,
            );
            (r.failures_after_last_success, delay, r.remaining(now))
        });
    // Upstream: job_controller.go pastActiveDeadline
    let active_deadline = (!ending)
        .then_some(())
        .and_then(|_| job.spec.as_ref()?.active_deadline_seconds)
        .zip(status.and_then(|s| s.start_time.as_ref()))
        .map(|(seconds, start)| {
            let end = start.timestamp() + SignedDuration::from_secs(seconds);
            end.duration_since(now).max(SignedDuration::ZERO)
        });
    let ttl = match ttl_for_job(job, now) {
        TtlDecision::Wait { after, .. } => Some(after),
        _ => None,
    };
    Countdowns {
        backoff,
        active_deadline,
        ttl,
    }
}

/// `12s`, `1m05s`: a countdown rounded up to the second.
pub fn seconds(d: SignedDuration) -> String {
    let total = (d.as_millis() + 999).div_euclid(1000).max(0);
    if total >= 60 {
        format!("{}m{:02}s", total / 60, total % 60)
    } else {
        format!("{total}s")
    }
}

pub fn jobs_view(state: &AppState, dispatch: &UseReducerDispatcher<AppState>, ui: &Ui) -> Html {
    let cards = state
        .sim
        .as_ref()
        .map(|sim| {
            let sim = sim.borrow();
            let w = &sim.world;
            w.store
                .jobs()
                .map(|(key, job)| card(w, key, job, sim.chips.any_failed(key), dispatch, ui))
                .collect::<Vec<Html>>()
        })
        .unwrap_or_default();
    let cron_jobs = state
        .with_world(|w| w.store.cron_jobs().count())
        .unwrap_or(0);
    if cards.is_empty() && cron_jobs == 0 {
        return html! { <p class="empty-state">{ ui.no_jobs }</p> };
    }
    html! { <div class="cards">{ for cards }</div> }
}

fn card(
    world: &World,
    key: &Key,
    job: &Job,
    failed_pods: bool,
    dispatch: &UseReducerDispatcher<AppState>,
    ui: &Ui,
) -> Html {
    let now = world.wall(world.now());
    // Only failed pods start a backoff: without one, the card reads none of the Job's pods (a
    // thousand of them each frame would stall the page).
    let pods: Vec<JobPod> = if failed_pods {
        world
            .store
            .pods_of(key)
            .into_iter()
            .map(JobPod::from_pod)
            .collect()
    } else {
        Vec::new()
    };
    let counts = job.status.clone().unwrap_or_default();
    let record = world.job_records.get(key);
    let times = countdowns(job, &pods, now);
    let spec = job.spec.as_ref();
    let suspended = spec.and_then(|s| s.suspend).unwrap_or(false);
    let parallelism = spec.and_then(|s| s.parallelism).unwrap_or(1);
    let control = |c: JobControl| {
        let dispatch = dispatch.clone();
        let key = key.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Job(key.clone(), c.clone())))
    };
    let cascade = [
        ("background", Propagation::Background),
        ("foreground", Propagation::Foreground),
        ("orphan", Propagation::Orphan),
    ];
    let deleting = job.metadata.deletion_timestamp.is_some();
    let status_text = if deleting { "Terminating" } else { status(job) };
    let number = |n: Option<i32>| n.unwrap_or(0).to_string();
    let conditions = counts.conditions.iter().flatten().map(|c| {
        let reason = c.reason.clone().unwrap_or_default();
        html! { <li class={classes!("condition", (c.status == "True").then_some("true"))}>
            <strong>{ c.type_.clone() }</strong>{ format!("={} ", c.status) }<span class="reason">{ reason }</span>
        </li> }
    });
    html! {
        <article class="job-card" data-job={key.1.clone()} aria-label={format!("job/{}", key.1)}>
            <header>
                <h3><button type="button" class="job-name" title={ui.explain_job} onclick={{
                    let (dispatch, key) = (dispatch.clone(), key.clone());
                    Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Select(Some(crate::state::Selection::Job(key.clone())))))
                }}>{ format!("job/{}", key.1) }</button></h3>
                <span class={classes!("job-status", status_text.to_lowercase())} data-testid="job-status">{ status_text }</span>
                <span class="completions" title="COMPLETIONS">{ completions(job) }</span>
            </header>
            <dl class="counters">
                <div><dt>{ "active" }</dt><dd data-testid="active">{ number(counts.active) }</dd></div>
                <div><dt>{ "ready" }</dt><dd>{ number(counts.ready) }</dd></div>
                <div><dt>{ "succeeded" }</dt><dd data-testid="succeeded">{ number(counts.succeeded) }</dd></div>
                <div><dt>{ "failed" }</dt><dd data-testid="failed">{ number(counts.failed) }</dd></div>
                <div><dt>{ "terminating" }</dt><dd>{ number(counts.terminating) }</dd></div>
            </dl>
            <p class="run-counters">
                { format!("{} {} · {} {}", record.map_or(0, |r| r.reconciles), ui.reconciles,
                          record.map_or(0, |r| r.pods_created), ui.pods_created) }
            </p>
            if let Some((failures, delay, left)) = times.backoff {
                <p class="countdown backoff" data-testid="backoff">
                    { format!("{}: {failures} {} · {}", ui.backoff, ui.backoff_failures[usize::from(failures != 1)], seconds(delay)) }
                    // Once the delay has passed, the next pod is the controller's to create: no countdown.
                    if left > SignedDuration::ZERO { { format!(" · {} {}", ui.next_pod_in, seconds(left)) } }
                </p>
            }
            if let Some(left) = times.active_deadline {
                <p class="countdown deadline" data-testid="deadline">{ format!("{} {}", ui.deadline_in, seconds(left)) }</p>
            }
            if let Some(left) = times.ttl {
                <p class="countdown ttl" data-testid="ttl">{ format!("{} {}", ui.ttl_in, seconds(left)) }</p>
            }
            <ul class="conditions">{ for conditions }</ul>
            if !deleting {
                <div class="controls">
                    if suspended {
                        <button type="button" onclick={control(JobControl::Suspend(false))}>{ crate::icons::play() }{ ui.resume }</button>
                    } else {
                        <button type="button" onclick={control(JobControl::Suspend(true))}>{ crate::icons::pause() }{ ui.suspend }</button>
                    }
                    <span class="parallelism">{ ui.parallelism }
                        <button type="button" aria-label={format!("{} −", ui.parallelism)}
                                disabled={parallelism <= 0}
                                onclick={control(JobControl::Scale(parallelism - 1))}>{ "−" }</button>
                        <strong data-testid="parallelism">{ parallelism }</strong>
                        <button type="button" aria-label={format!("{} +", ui.parallelism)}
                                onclick={control(JobControl::Scale(parallelism.saturating_add(1)))}>{ "+" }</button>
                    </span>
                    <span class="delete" role="group" aria-label={ui.delete}>
                        { ui.delete }{ " (" }{ ui.cascade }{ "): " }
                        { for cascade.into_iter().map(|(name, p)| html! {
                            <button type="button" class="danger" onclick={control(JobControl::Delete(p))}>{ name }</button>
                        }) }
                    </span>
                </div>
            }
        </article>
    }
}

#[cfg(test)]
mod tests {
    use jobsim_core::controllers::job::pod::JobPod;
    use jobsim_core::sim::scenario::{load, Overrides};
    use jobsim_core::sim::time::SimTime;
    use jobsim_core::sim::world::World;

    use super::countdowns;

    /// The deadline lesson's card countdowns at `secs` seconds.
    fn deadline_at(secs: u64) -> super::Countdowns {
        let text = jobsim_core::lessons::find("deadline")
            .expect("lesson")
            .scenario;
        let (scenario, rng) = load(text, Overrides::default()).expect("loads");
        let mut world = World::new(scenario, rng).expect("world");
        world
            .advance_to(SimTime::from_millis(secs * 1000), u64::MAX)
            .expect("runs");
        let (key, job) = world.store.jobs().next().expect("a Job");
        let pods: Vec<JobPod> = world
            .store
            .pods_of(key)
            .into_iter()
            .map(JobPod::from_pod)
            .collect();
        countdowns(job, &pods, world.wall(world.now()))
    }

    #[test]
    fn the_deadline_countdown_ends_when_the_failure_is_decided() {
        assert!(deadline_at(20).active_deadline.is_some());
        assert_eq!(
            deadline_at(31).active_deadline,
            None,
            "FailureTarget set at 30 s"
        );
    }
}
