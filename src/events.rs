//! The events list, laid out like the `Events:` of `kubectl describe` (Type, Reason, Age,
//! Message) with the object each is about, filterable by object.

use jobsim_core::api::time::Time;
use jobsim_core::kubectl::get_jobs::age;
use yew::prelude::*;

use crate::i18n::Ui;
use crate::state::{Action, AppState};

/// The newest events shown when no object is chosen (a long run records thousands).
const SHOWN: usize = 200;

pub fn events_view(state: &AppState, dispatch: &UseReducerDispatcher<AppState>, ui: &Ui) -> Html {
    let Some((objects, rows)) = state.with_world(|w| {
        let now = w.wall(w.now());
        let mut objects: Vec<String> = w.events.iter().map(|e| e.object.clone()).collect();
        objects.sort();
        objects.dedup();
        let chosen: Vec<_> = w
            .events
            .iter()
            .filter(|e| state.event_filter.as_ref().is_none_or(|f| *f == e.object))
            .collect();
        let skip = chosen.len().saturating_sub(SHOWN);
        let rows: Vec<Html> = chosen
            .into_iter()
            .skip(skip)
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
                    <tbody>{ for rows.into_iter().rev() }</tbody>
                </table>
            </div>
        </div>
    }
}
