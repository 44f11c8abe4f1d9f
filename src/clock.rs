//! The clock bar: play / pause, speeds, step, restart, the seed, and the virtual time.

use yew::prelude::*;

use crate::i18n::Ui;
use crate::state::{Action, AppState, Speed};

pub fn clock_view(state: &AppState, dispatch: &UseReducerDispatcher<AppState>, ui: &Ui) -> Html {
    let send = |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(action.clone()))
    };
    let (wall, since, events, finished) = state
        .with_world(|w| {
            let now = w.now();
            (
                w.wall(now).strftime("%Y-%m-%d %H:%M:%S").to_string(),
                now.to_string(),
                w.events_processed,
                w.finished(),
            )
        })
        .unwrap_or_default();
    let play = if state.playing {
        html! { <button type="button" class="primary" onclick={send(Action::Pause)}>{ crate::icons::pause() }{ ui.pause }</button> }
    } else {
        html! { <button type="button" class="primary" disabled={finished || state.sim.is_none()}
        onclick={send(Action::Play)}>{ crate::icons::play() }{ ui.play }</button> }
    };
    let speeds = Speed::ALL.into_iter().map(|speed| {
        let label = match speed {
            Speed::Times(n) => format!("{n}×"),
            Speed::Max => ui.fastest.to_string(),
        };
        let pressed = if speed == state.speed { "true" } else { "false" };
        html! {
            <button type="button" aria-pressed={pressed} onclick={send(Action::SetSpeed(speed))}>{ label }</button>
        }
    });
    let onseed = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                if let Ok(seed) = input.value().trim().parse() {
                    dispatch.dispatch(Action::SetSeed(seed));
                }
            }
        })
    };
    html! {
        <div class="clock">
            { play }
            <button type="button" onclick={send(Action::Step)} disabled={state.sim.is_none()}>{ crate::icons::step() }{ ui.step }</button>
            <button type="button" onclick={send(Action::Restart)}>{ crate::icons::restart() }{ ui.restart }</button>
            <div class="speeds" role="group" aria-label={ui.speed}>{ for speeds }</div>
            <label class="seed">{ ui.seed }{ " " }
                <input type="number" min="0" value={state.seed.to_string()} onchange={onseed} />
            </label>
            <div class="time" aria-live="off">
                <span class="label">{ ui.virtual_time }</span>
                <strong class="wall" data-testid="virtual-time">{ wall }</strong>
                <span class="since" data-testid="since-start">{ format!("{since} {}", ui.since_start) }</span>
                <span class="events">{ format!("{events} {}", ui.events_processed) }</span>
                if finished { <span class="finished" data-testid="finished">{ ui.finished }</span> }
            </div>
        </div>
    }
}
