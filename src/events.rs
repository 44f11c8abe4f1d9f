//! The events list, laid out like the `Events:` of `kubectl describe` (Type, Reason, Age,
//! From, Message) with the object each is about, filterable by object.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use jobsim_core::api::time::Time;
use jobsim_core::kubectl::command::source;
use jobsim_core::kubectl::get_jobs::age;
use jobsim_core::sim::world::EventRecord;
use yew::prelude::*;

use crate::i18n::Ui;
use crate::state::{Action, AppState};

/// The newest events shown (a long run records thousands).
const SHOWN: usize = 50;

/// Pods are offered in the filter only while they are this few; beyond, a pod's events are
/// reached by clicking its chip (a thousand options per frame would stall the page).
const PODS_LISTED: usize = 100;

/// What the page needs to know of all the events, kept up to date as the world adds events
/// (which it never removes), so that a frame reads only the new ones: the objects they are
/// about and where the Jobs' Warnings are.
#[derive(Debug, Default)]
pub struct EventIndex {
    seen: usize,
    objects: BTreeSet<Arc<str>>,
    pods: usize,
    job_warnings: Vec<usize>,
}

impl EventIndex {
    /// Reads the events added since the last call.
    pub fn update(&mut self, events: &[EventRecord]) {
        for (i, e) in events.iter().enumerate().skip(self.seen) {
            let label = e.object_label();
            if !self.objects.contains(&*label) {
                self.pods += usize::from(e.object.starts_with("pod/"));
                let label = match label {
                    Cow::Borrowed(_) => Arc::clone(&e.object),
                    Cow::Owned(label) => Arc::from(label),
                };
                self.objects.insert(label);
            }
            if e.type_ == "Warning" && e.object.starts_with("job/") {
                self.job_warnings.push(i);
            }
        }
        self.seen = events.len();
    }

    /// The objects the filter offers, sorted: pods only while they are few (else a pod's
    /// events are reached by clicking its chip), the one filtered on always.
    pub fn objects<'a>(&'a self, filter: Option<&'a str>) -> impl Iterator<Item = &'a str> {
        self.objects.iter().map(|o| &**o).filter(move |o| {
            self.pods <= PODS_LISTED || !o.starts_with("pod/") || Some(*o) == filter
        })
    }

    /// The Warnings about Jobs, oldest first.
    pub fn job_warnings<'a>(
        &'a self,
        events: &'a [EventRecord],
    ) -> impl Iterator<Item = &'a EventRecord> {
        self.job_warnings.iter().filter_map(|&i| events.get(i))
    }
}

pub fn events_view(state: &AppState, dispatch: &UseReducerDispatcher<AppState>, ui: &Ui) -> Html {
    let filter = state.event_filter.as_deref();
    let Some(sim) = state.sim.as_ref() else {
        return Html::default();
    };
    let (objects, rows) = {
        let sim = sim.borrow();
        let w = &sim.world;
        let now = w.wall(w.now());
        let objects: Vec<String> = sim.events.objects(filter).map(str::to_string).collect();
        // The newest first, as far as the table shows.
        let rows: Vec<Html> = w
            .events
            .iter()
            .rev()
            .filter(|e| filter.is_none_or(|f| f == e.object_label()))
            .take(SHOWN)
            .map(|e| {
                let at = Time::from_timestamp(w.wall(e.time));
                html! {
                    <tr class={classes!((e.type_ == "Warning").then_some("warning"))}>
                        <td>{ e.type_ }</td>
                        <td>{ e.reason.clone() }</td>
                        <td>{ age(Some(&at), now) }</td>
                        <td class="object">{ e.object_label().into_owned() }</td>
                        <td class="from">{ source(&e.object, &e.reason) }</td>
                        <td class="message">{ e.message.clone() }</td>
                    </tr>
                }
            })
            .collect();
        (objects, rows)
    };
    let onchange = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let value = select.value();
                dispatch.dispatch(Action::FilterEvents((!value.is_empty()).then_some(value)));
            }
        })
    };
    let filter = state.event_filter.clone().unwrap_or_default();
    let options = objects.into_iter().map(|o| {
        html! { <option value={o.clone()} selected={o == filter}>{ o.clone() }</option> }
    });
    html! {
        <div class="events">
            <label class="filter">{ ui.show_events_of }{ " " }
                <select {onchange}>
                    <option value="" selected={filter.is_empty()}>{ ui.all_objects }</option>
                    { for options }
                </select>
            </label>
            <div class="table-scroll">
                <table>
                    <thead><tr><th>{ "Type" }</th><th>{ "Reason" }</th><th>{ "Age" }</th><th>{ "Object" }</th><th class="from">{ "From" }</th><th>{ "Message" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobsim_core::sim::report::simulate;
    use jobsim_core::sim::scenario::Overrides;

    #[test]
    fn the_index_read_in_pieces_lists_what_reading_all_the_events_lists() {
        let text = jobsim_core::lessons::find("backoff-never").map_or("", |l| l.scenario);
        let world = simulate(text, Overrides::default()).expect("the lesson runs");
        let events = &world.events;
        let mut piecewise = EventIndex::default();
        for end in (0..=events.len()).step_by(3).chain([events.len()]) {
            piecewise.update(&events[..end]);
        }
        let all: BTreeSet<String> = events.iter().map(|e| e.object_label().into()).collect();
        assert_eq!(
            piecewise
                .objects(None)
                .map(String::from)
                .collect::<BTreeSet<_>>(),
            all
        );
        let warnings: Vec<&EventRecord> = events
            .iter()
            .filter(|e| e.type_ == "Warning" && e.object.starts_with("job/"))
            .collect();
        assert!(!warnings.is_empty());
        assert_eq!(piecewise.job_warnings(events).collect::<Vec<_>>(), warnings);
    }
}
