//! The Explain panel: each kept reconcile of the selected Job, newest first — its time since
//! the start and the controller's explanation in the page's language (what it saw, the
//! arithmetic of what it wanted, what it did, why it waited, which limit ended the Job).

use jobsim_core::controllers::job::explain_text::render;
use jobsim_core::sim::store::{pod_owner, Key};
use jobsim_core::sim::world::{World, EXPLAINED_RECONCILES};
use yew::prelude::*;

use crate::i18n::{Language, Ui};
use crate::state::{AppState, Selection};

/// One reconcile as the panel lists it: `0m12.500s` and its sentences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub time: String,
    pub lines: Vec<String>,
}

/// The Job the panel explains: the selected Job, the Job of the selected pod, else the only
/// Job there is.
pub fn explained_job(world: &World, selection: Option<&Selection>) -> Option<Key> {
    let chosen = match selection {
        Some(Selection::Job(key)) => Some(key.clone()),
        Some(Selection::Pod(pod)) => world.store.pod(pod).and_then(pod_owner),
        _ => None,
    };
    chosen.or_else(|| {
        let mut jobs = world.store.jobs();
        match (jobs.next(), jobs.next()) {
            (Some((key, _)), None) => Some(key.clone()),
            _ => None,
        }
    })
}

/// The Job's kept reconciles, newest first, in `lang`.
pub fn entries(world: &World, job: &Key, lang: Language) -> Vec<Entry> {
    world
        .explanations(job)
        .rev()
        .map(|e| Entry {
            time: e.time.to_string(),
            lines: render(&e.explanation, lang),
        })
        .collect()
}

pub fn explain_view(state: &AppState, ui: &Ui, lang: Language) -> Html {
    let shown = state.with_world(|world| {
        explained_job(world, state.selection.as_ref()).map(|job| {
            let reconciles = world.job_records.get(&job).map_or(0, |r| r.reconciles);
            let entries = entries(world, &job, lang);
            (job, reconciles, entries)
        })
    });
    let Some(Some((job, reconciles, entries))) = shown else {
        return html! { <p class="empty-state" data-testid="explain-hint">{ ui.explain_hint }</p> };
    };
    let items = entries.into_iter().map(|entry| {
        html! {
            <li class="reconcile">
                <time class="at">{ entry.time }</time>
                <ul class="lines">{ for entry.lines.into_iter().map(|line| html! { <li>{ line }</li> }) }</ul>
            </li>
        }
    });
    html! {
        <div class="explain" data-job={job.1.clone()}>
            <p class="explain-head">
                <strong>{ format!("{} job/{}", ui.explain_of, job.1) }</strong>
                <span class="explain-count">
                    { format!(" · {reconciles} {} · {} {EXPLAINED_RECONCILES}", ui.reconciles, ui.explain_latest) }
                </span>
            </p>
            if reconciles == 0 {
                <p class="explain-none">{ ui.explain_none }</p>
            } else {
                <ol class="reconciles" aria-label={format!("{} job/{}", ui.explain_of, job.1)}>{ for items }</ol>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobsim_core::sim::report::simulate;
    use jobsim_core::sim::scenario::Overrides;

    fn run(lesson: &str) -> World {
        let text = jobsim_core::lessons::find(lesson).map_or("", |l| l.scenario);
        simulate(text, Overrides::default()).expect("the lesson runs")
    }

    #[test]
    fn the_only_job_is_explained_newest_first_in_the_pages_language() {
        let world = run("backoff-never");
        let job = explained_job(&world, None).expect("the only Job");
        assert_eq!(job.1, "fails");
        let english = entries(&world, &job, Language::English);
        assert!(english.len() > 3);
        assert!(
            english[0]
                .lines
                .iter()
                .any(|l| l.contains("BackoffLimitExceeded")),
            "the newest first: {:?}",
            english[0]
        );
        let last = english.last().expect("the first reconcile");
        assert!(last.time.starts_with("0m00"), "{}", last.time);
        assert!(last.lines.iter().any(|l| l.contains("min(1 − 0, 1) = 1")));
        let chinese = entries(&world, &job, Language::SimplifiedChinese);
        assert!(chinese[0].lines.iter().any(|l| l.contains("失败数")));
    }

    #[test]
    fn a_pod_explains_its_job_and_several_jobs_need_a_choice() {
        let world = run("puzzle");
        let pod = world.store.pods().next().map(|(k, _)| k.clone());
        let of_pod = pod.and_then(|p| explained_job(&world, Some(&Selection::Pod(p))));
        assert_eq!(of_pod.map(|k| k.1), Some("puzzle".to_string()));
        let two = run("expansion");
        assert!(two.store.jobs().count() > 1);
        assert_eq!(explained_job(&two, None), None);
        let first = two.store.jobs().next().map(|(k, _)| k.clone());
        let chosen = first.clone().map(Selection::Job);
        assert_eq!(explained_job(&two, chosen.as_ref()), first);
    }
}
