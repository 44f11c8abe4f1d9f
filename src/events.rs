//! The events list, laid out like the `Events:` of `kubectl describe` (Type, Reason, Age,
//! Message) with the object each is about, filterable by object.

use std::collections::BTreeSet;

use jobsim_core::api::time::Time;
use jobsim_core::kubectl::get_jobs::age;
use yew::prelude::*;

use crate::i18n::Ui;
use crate::state::{Action, AppState};

/// The newest events shown (a long run records thousands).
const SHOWN: usize = 200;

/// Pods are offered in the filter only while they are this few; beyond, a pod's events are
/// reached by clicking its chip (a thousand options per frame would stall the page).
const PODS_LISTED: usize = 100;

pub fn events_view(state: &AppState, dispatch: &UseReducerDispatcher<AppState>, ui: &Ui) -> Html {
    let filter = state.event_filter.as_deref();
    let Some((objects, rows)) = state.with_world(|w| {
        let now = w.wall(w.now());
        let all: BTreeSet<&str> = w.events.iter().map(|e| e.object.as_str()).collect();
        let pods = all.iter().filter(|o| o.starts_with("pod/")).count();
        let objects: Vec<String> = all
            .into_iter()
            .filter(|o| pods <= PODS_LISTED || !o.starts_with("pod/") || Some(*o) == filter)
            .map(str::to_string)
            .collect();
        // The newest first, as far as the table shows.
        let rows: Vec<Html> = w
            .events
            .iter()
            .rev()
            .filter(|e| filter.is_none_or(|f| f == e.object))
            .take(SHOWN)
            .map(|e| {
                let at = Time::from_timestamp(w.wall(e.time));
                html! {
                    <tr class={classes!((e.type_ == "Warning").then_some("warning"))}>
                        <td>{ e.type_.clone() }</td>
                        <td>{ e.reason.clone() }</td>
                        <td>{ age(Some(&at), now) }</td>
                        <td class="object">{ e.object.clone() }</td>
                        <td class="message">{ e.message.clone() }</td>
                    </tr>
                }
            })
            .collect();
        (objects, rows)
    }) else {
        return Html::default();
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
                    <thead><tr><th>{ "Type" }</th><th>{ "Reason" }</th><th>{ "Age" }</th><th>{ "Object" }</th><th>{ "Message" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </div>
    }
}
