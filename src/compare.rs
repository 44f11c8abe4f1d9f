//! Compare: the editor's scenario (the page's world, on the left) against a copy changed in one
//! place (on the right), run with the same seed on the page's one clock. Each side shows its
//! Jobs' counters, its pods and its latest events; a line lists where the two differ.

use std::cell::RefCell;
use std::rc::Rc;

use jobsim_core::compare::{differences, variants, Field, Summary, Variant};
use jobsim_core::sim::scenario::{load, Overrides};
use jobsim_core::sim::world::World;
use yew::prelude::*;

use crate::cluster::status_look;
use crate::i18n::CompareTexts;
use crate::state::{Action, AppState};

/// The right copy: its text and the world it runs (none while the text does not load).
pub struct Compare {
    pub text: String,
    pub right: Option<World>,
    /// Why the text does not load.
    pub error: Option<String>,
}

impl Compare {
    /// The right world afresh at t = 0 from the copy's text, with `seed` (the left's).
    pub fn reload(&mut self, seed: u64) {
        let world = load(
            &self.text,
            Overrides {
                seed: Some(seed),
                until: None,
            },
        )
        .map_err(|e| e.0)
        .and_then(|(scenario, rng)| World::new(scenario, rng));
        (self.right, self.error) = match world {
            Ok(world) => (Some(world), None),
            Err(e) => (None, Some(e)),
        };
    }
}

/// Whether the left run is over, and the right one too when comparing.
pub fn finished(compare: Option<&Rc<RefCell<Compare>>>, left: &World) -> bool {
    left.finished()
        && compare
            .and_then(|c| c.borrow().right.as_ref().map(World::finished))
            .unwrap_or(true)
}

#[derive(Clone, Debug, PartialEq)]
pub enum CompareAction {
    /// Compare on: the right copy starts as the editor's text; both restart at t = 0.
    Open,
    Close,
    /// The right copy's text changed (run with [`CompareAction::Run`]).
    Edit(String),
    /// Both sides afresh at t = 0 with the seed shown.
    Run,
    /// The right copy changed in one field, then both run afresh.
    Vary(Variant),
}

/// What a compare action does to the page's state.
pub fn reduce(state: &mut AppState, action: CompareAction) {
    match action {
        CompareAction::Open => {
            state.compare = Some(Rc::new(RefCell::new(Compare {
                text: state.text.clone(),
                right: None,
                error: None,
            })));
            state.restart();
        }
        CompareAction::Close => state.compare = None,
        CompareAction::Edit(text) => {
            if let Some(c) = &state.compare {
                c.borrow_mut().text = text;
            }
        }
        CompareAction::Run => state.restart(),
        CompareAction::Vary(variant) => {
            if let Some(c) = &state.compare {
                let mut c = c.borrow_mut();
                if let Some(text) = variant.apply(&c.text) {
                    c.text = text;
                }
            }
            state.restart();
        }
    }
}

/// The header's switch: Compare on or off.
pub fn toggle(
    state: &AppState,
    dispatch: &UseReducerDispatcher<AppState>,
    words: &CompareTexts,
) -> Html {
    let on = state.compare.is_some();
    let onclick = {
        let dispatch = dispatch.clone();
        let action = if on {
            CompareAction::Close
        } else {
            CompareAction::Open
        };
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Compare(action.clone())))
    };
    html! {
        <button type="button" class="presentation-switch compare-switch" aria-pressed={if on { "true" } else { "false" }}
                title={words.hint} {onclick}>
            { words.button }
        </button>
    }
}

/// The Compare region's content: the differences, then the two sides.
pub fn compare_view(
    state: &AppState,
    dispatch: &UseReducerDispatcher<AppState>,
    words: &CompareTexts,
) -> Html {
    let Some(compare) = &state.compare else {
        return Html::default();
    };
    let compare = compare.borrow();
    let left = state.with_world(Summary::of);
    let right = compare.right.as_ref().map(Summary::of);
    let diff = match (&left, &right) {
        (Some(l), Some(r)) => {
            let rows = differences(l, r);
            if rows.is_empty() {
                html! { <p class="compare-same">{ words.same }</p> }
            } else {
                let rows = rows.into_iter().map(|d| {
                    let what = match &d.job {
                        Some(job) => format!("job/{job} {}", field_name(d.field, words)),
                        None => field_name(d.field, words).to_string(),
                    };
                    html! { <li><strong>{ what }</strong>{ ": " }<span class="left">{ d.left }</span>{ " ≠ " }<span class="right">{ d.right }</span></li> }
                });
                html! { <ul class="compare-rows">{ for rows }</ul> }
            }
        }
        _ => Html::default(),
    };
    let on_input = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                dispatch.dispatch(Action::Compare(CompareAction::Edit(area.value())));
            }
        })
    };
    let send = |action: CompareAction| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Compare(action.clone())))
    };
    let buttons = variants(&compare.text).into_iter().map(|(variant, label)| {
        html! { <button type="button" class="variant" onclick={send(CompareAction::Vary(variant))}>{ label }</button> }
    });
    html! {
        <div class="compare">
            <div class="compare-diff" data-testid="compare-diff" role="status">
                <h3>{ words.differences }</h3>
                { diff }
            </div>
            <div class="compare-sides">
                <section class="compare-side" data-side="left" aria-label={words.left}>
                    <h3>{ words.left }</h3>
                    { left.map(|s| side(&s, words)).unwrap_or_default() }
                </section>
                <section class="compare-side" data-side="right" aria-label={words.right}>
                    <h3>{ words.right }</h3>
                    <div class="variants" role="group" aria-label={words.change_one}>
                        { words.change_one }{ " " }{ for buttons }
                    </div>
                    <details class="right-text">
                        <summary>{ words.edit_copy }</summary>
                        <textarea aria-label={words.copy_label} spellcheck="false" value={compare.text.clone()} oninput={on_input} />
                        <button type="button" onclick={send(CompareAction::Run)}>{ words.run_both }</button>
                    </details>
                    if let Some(error) = &compare.error {
                        <p class="compare-error" role="alert">{ format!("{} {error}", words.does_not_load) }</p>
                    }
                    { right.map(|s| side(&s, words)).unwrap_or_default() }
                </section>
            </div>
        </div>
    }
}

fn field_name(field: Field, words: &CompareTexts) -> &'static str {
    match field {
        Field::Jobs => words.jobs,
        Field::Pods => words.pod_count,
        Field::Restarts => words.restart_count,
        Field::Status => "STATUS",
        Field::Completions => "COMPLETIONS",
        Field::Active => "active",
        Field::Succeeded => "succeeded",
        Field::Failed => "failed",
        Field::PodsCreated => words.created_count,
        Field::Conditions => words.conditions,
    }
}

/// One side: t, the Jobs, the pods as chips, the latest events.
fn side(summary: &Summary, words: &CompareTexts) -> Html {
    let jobs = summary.jobs.iter().map(|job| {
        html! {
            <li class="compare-job" data-job={job.name.clone()}>
                <strong>{ format!("job/{}", job.name) }</strong>{ " " }
                <span class={classes!("job-status", job.status.to_lowercase())} data-testid="compare-status">{ job.status.clone() }</span>{ " " }
                <span title="COMPLETIONS">{ job.completions.clone() }</span>
                <span class="counts">{ format!(" · active {} · succeeded {} · failed {} · {} {} · {} {}",
                    job.active, job.succeeded, job.failed, job.pods_created, words.pods_created, job.reconciles, words.reconciles) }</span>
                if !job.conditions.is_empty() {
                    <span class="conditions">{ format!(" · {}", job.conditions.join(", ")) }</span>
                }
            </li>
        }
    });
    let chips = summary.pods.iter().map(|pod| {
        let (class, icon) = status_look(&pod.status);
        html! {
            <span class={classes!("compare-chip", class)} data-status={pod.status.clone()} title={pod.name.clone()}>
                { format!("{icon} {}", pod.status) }
                if pod.restarts > 0 {
                    <span class="restarts" data-testid="restarts">{ format!(" ↻{}", pod.restarts) }</span>
                }
            </span>
        }
    });
    let more = summary.pod_count.saturating_sub(summary.pods.len());
    let events = summary.events.iter().map(|e| {
        html! { <li class={classes!((e.type_ == "Warning").then_some("warning"))}>
            <strong>{ e.reason.clone() }</strong>{ format!(" {} {}", e.object_label(), e.message) }
        </li> }
    });
    html! {
        <>
            <p class="compare-time">{ format!("t = {}", summary.now) }
                if summary.finished { { format!(" · {}", words.finished) } }
            </p>
            <ul class="compare-jobs">{ for jobs }</ul>
            <p class="compare-pods">
                { format!("{}: {} · {}: {} ", words.pod_count, summary.pod_count, words.restart_count, summary.restarts) }
                { for chips }
                if more > 0 { { format!(" +{more}") } }
            </p>
            <h4>{ words.latest_events }</h4>
            <ul class="compare-events">{ for events }</ul>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Speed;
    use yew::Reducible;

    fn reduce(state: Rc<AppState>, actions: impl IntoIterator<Item = Action>) -> Rc<AppState> {
        actions.into_iter().fold(state, Reducible::reduce)
    }

    fn right(state: &AppState) -> Option<Summary> {
        let compare = state.compare.as_ref()?.borrow();
        compare.right.as_ref().map(Summary::of)
    }

    #[test]
    fn the_page_clock_drives_both_copies_and_the_flip_shows_restarts_on_the_right() {
        let never = jobsim_core::lessons::find("backoff-never")
            .expect("lesson")
            .scenario;
        let mut state = reduce(
            Rc::new(AppState::new(never)),
            [
                Action::Step,
                Action::Compare(CompareAction::Open),
                Action::Compare(CompareAction::Vary(Variant::RestartPolicy)),
                Action::SetSpeed(Speed::Times(60)),
                Action::Play,
            ],
        );
        let text = state.compare.as_ref().map(|c| c.borrow().text.clone());
        assert!(text.is_some_and(|t| t.contains("restartPolicy: OnFailure")));
        assert_eq!(state.text, never, "the editor keeps the left copy");
        assert_eq!(
            state.with_world(|w| w.now().as_millis()),
            Some(0),
            "both restarted"
        );
        let (left, right) = loop {
            let left = state.with_world(Summary::of).expect("left");
            let right = right(&state).expect("right");
            assert_eq!(left.now, right.now, "one clock");
            if right.restarts >= 2 && right.pods.iter().any(|p| p.status == "CrashLoopBackOff") {
                break (left, right);
            }
            assert!(
                state.playing && left.now.as_millis() < 20_000,
                "{left:?}\n{right:?}"
            );
            state = reduce(state, [Action::Tick(16.0)]);
        };
        assert_eq!(right.pod_count, 1, "{right:?}");
        assert!(left.pods.iter().any(|p| p.status == "Error"), "{left:?}");
        assert_eq!(left.restarts, 0, "{left:?}");
        assert!(!differences(&left, &right).is_empty());
        let closed = reduce(state, [Action::Compare(CompareAction::Close)]);
        assert!(closed.compare.is_none());
    }

    #[test]
    fn a_right_copy_that_does_not_load_says_why_and_the_left_still_runs() {
        let state = reduce(
            Rc::new(AppState::new(crate::app::default_scenario())),
            [
                Action::Compare(CompareAction::Open),
                Action::Compare(CompareAction::Edit("kind: [".into())),
                Action::Compare(CompareAction::Run),
                Action::Step,
            ],
        );
        let compare = state.compare.as_ref().expect("comparing").borrow();
        assert!(compare.right.is_none());
        assert!(compare.error.is_some());
        assert!(state.with_world(|w| w.now().as_millis() > 0) == Some(true));
    }

    #[test]
    fn a_lesson_picked_while_comparing_becomes_both_copies() {
        let state = reduce(
            Rc::new(AppState::new(crate::app::default_scenario())),
            [
                Action::Compare(CompareAction::Open),
                Action::Compare(CompareAction::Vary(Variant::BackoffLimit(1))),
                Action::Replace {
                    text: jobsim_core::lessons::find("cronjob-allow")
                        .expect("lesson")
                        .scenario
                        .into(),
                    lesson: Some("cronjob-allow"),
                },
                Action::Compare(CompareAction::Vary(Variant::ConcurrencyPolicy)),
            ],
        );
        let compare = state.compare.as_ref().expect("comparing").borrow();
        assert!(compare.text.contains("concurrencyPolicy: Forbid"));
        assert!(state.text.contains("concurrencyPolicy: Allow"));
        let cron_jobs = compare.right.as_ref().map(|w| w.store.cron_jobs().count());
        assert_eq!(cron_jobs, Some(1));
    }

    #[test]
    fn the_embed_view_cannot_compare() {
        let mut embedded = AppState::new(crate::app::default_scenario());
        embedded.embed = true;
        let state = reduce(Rc::new(embedded), [Action::Compare(CompareAction::Open)]);
        assert!(state.compare.is_none());
    }
}
