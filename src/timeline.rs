//! The timeline: active, succeeded and failed pods over virtual time (SVG step lines), with a
//! marker for each action (the scenario's and the user's) and for each Warning of a Job.

use std::fmt::Write;

use jobsim_core::sim::scenario::ActionKind;
use jobsim_core::sim::time::SimTime;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{texts, Language};
use crate::state::{AppState, SimHandle};
use jobsim_core::sim::pod_counts::Sample;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 120.0;

/// The action's name as the scenario's `actions:` writes it.
pub fn action_name(kind: &ActionKind) -> String {
    let name = format!("{kind:?}");
    let word = name.split([' ', '{', '(']).next().unwrap_or_default();
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// What a marker says of an action: a `kubectl:` action's command line (what a Job card's
/// control or Apply ran), else the action's name.
pub fn action_label(kind: &ActionKind) -> String {
    match kind {
        ActionKind::Kubectl { command, .. } => command.clone(),
        other => action_name(other),
    }
}

/// The points of a step line through values over time, to `end`: one step per pixel column
/// at most (the column's last value), so a long run costs the same to draw as a short one.
pub fn step_line(
    values: impl IntoIterator<Item = (SimTime, u32)>,
    end: SimTime,
    x: &impl Fn(SimTime) -> f64,
    y: &impl Fn(u32) -> f64,
) -> String {
    let mut columns: Vec<(f64, u32)> = Vec::new();
    for (time, value) in values {
        let column = x(time).floor();
        match columns.last_mut() {
            Some(last) if last.0 == column => last.1 = value,
            _ => columns.push((column, value)),
        }
    }
    // One string written in place: a long run draws up to 600 columns a frame.
    let mut points = String::with_capacity(columns.len() * 24 + 16);
    let mut point = |x: f64, y: f64| {
        let gap = if points.is_empty() { "" } else { " " };
        // Writing into a String does not fail.
        let _ = write!(points, "{gap}{x:.1},{y:.1}");
    };
    let mut last: Option<u32> = None;
    for (column, v) in columns {
        match last {
            // The line goes on level: no point needed.
            Some(previous) if previous == v => continue,
            Some(previous) => point(column, y(previous)),
            None => {}
        }
        point(column, y(v));
        last = Some(v);
    }
    if let Some(v) = last {
        point(x(end), y(v));
    }
    points
}

pub fn timeline_view(state: &AppState, lang: Language) -> Html {
    let Some(sim) = state.sim.as_ref() else {
        return Html::default();
    };
    let stamp = {
        let w = &sim.borrow().world;
        (w.now(), w.events_processed, w.actions().len())
    };
    html! { <Timeline sim={SimHandle(sim.clone())} {stamp} {lang} /> }
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub sim: SimHandle,
    /// The virtual time, the events processed and the actions: the chart changes with them.
    pub stamp: (SimTime, u64, usize),
    pub lang: Language,
}

/// Where the pointer is over the chart, as a fraction of its width (Yew delegates events, so
/// the chart is found by its node, not by the event's target).
fn pointer_fraction(chart: &NodeRef, e: &MouseEvent) -> Option<f64> {
    let rect = chart.cast::<web_sys::Element>()?.get_bounding_client_rect();
    (rect.width() > 0.0)
        .then(|| ((f64::from(e.client_x()) - rect.left()) / rect.width()).clamp(0.0, 1.0))
}

/// The counts sampled last at or before `time`.
fn sample_at(samples: &[Sample], time: SimTime) -> Option<&Sample> {
    let after = samples.partition_point(|s| s.time <= time);
    after.checked_sub(1).and_then(|i| samples.get(i))
}

/// The chart of the pods over the run, with a readout of the moment under the pointer.
#[function_component(Timeline)]
pub fn timeline(props: &TimelineProps) -> Html {
    let hover = use_state_eq(|| None::<f64>);
    let chart = use_node_ref();
    let ui = &texts(props.lang).ui;
    let sim = props.sim.0.borrow();
    let end = sim.world.now();
    let span = end.as_millis().max(1) as f64;
    let top = sim.world.pod_counts.top().max(1);
    let x = |t: SimTime| t.as_millis() as f64 / span * WIDTH;
    let y = |v: u32| HEIGHT - f64::from(v) / f64::from(top) * (HEIGHT - 8.0);
    let series = [
        (
            "active",
            ui.active,
            (|s: &Sample| s.active) as fn(&Sample) -> u32,
        ),
        ("terminating", ui.terminating, |s: &Sample| s.terminating),
        ("succeeded", ui.succeeded, |s: &Sample| s.succeeded),
        ("failed", ui.failed, |s: &Sample| s.failed),
    ];
    let lines = series.iter().map(|(class, _, value)| {
        let values = sim
            .world
            .pod_counts
            .list()
            .iter()
            .map(|s| (s.time, value(s)));
        html! { <polyline class={*class} points={step_line(values, end, &x, &y)} /> }
    });
    let actions = sim.world.actions().iter().map(|a| {
        let at = SimTime::ZERO.after(a.at);
        let label = format!("{} @ {at}", action_label(&a.kind));
        html! { <line class="action" x1={format!("{:.1}", x(at))} x2={format!("{:.1}", x(at))} y1="0" y2={HEIGHT.to_string()}>
            <title>{ label }</title></line> }
    });
    let decisions = sim.events.job_warnings(&sim.world.events).map(|e| {
            html! { <circle class="decision" cx={format!("{:.1}", x(e.time))} cy={(HEIGHT - 3.0).to_string()} r="3">
                <title>{ format!("{} {}: {}", e.object_label(), e.reason, e.message) }</title></circle> }
        });
    let counts = |sample: Option<&Sample>| {
        series
            .iter()
            .map(|(_, word, value)| format!("{word} {}", sample.map(value).unwrap_or(0)))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let legend = series.iter().map(|(class, word, value)| {
        let now = sim.world.pod_counts.last().map(value).unwrap_or(0);
        html! { <span class={classes!("key", *class)}>{ format!("{word} {now}") }</span> }
    });
    // The moment under the pointer: its time, a cursor, and the counts sampled then.
    let moment = hover.map(|fraction| {
        let time = SimTime::from_millis((fraction * span).round() as u64).min(end);
        (time, counts(sample_at(sim.world.pod_counts.list(), time)))
    });
    let cursor = moment.as_ref().map(|(time, _)| {
        let at = format!("{:.1}", x(*time));
        html! { <line class="cursor" x1={at.clone()} x2={at} y1="0" y2={HEIGHT.to_string()} /> }
    });
    let readout = moment.map(|(time, counts)| {
        html! { <p class="readout" data-testid="timeline-readout">{ format!("{time} · {counts}") }</p> }
    });
    let onmousemove = {
        let (hover, chart) = (hover.clone(), chart.clone());
        Callback::from(move |e: MouseEvent| hover.set(pointer_fraction(&chart, &e)))
    };
    let onmouseleave = {
        let (hover, chart) = (hover.clone(), chart.clone());
        Callback::from(move |e: MouseEvent| {
            // Yew delegates events: leaving a line of the chart reaches here too, and only
            // leaving the chart itself ends the readout.
            let to = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            let within = chart
                .cast::<web_sys::Node>()
                .is_some_and(|chart| to.is_some_and(|to| chart.contains(Some(&to))));
            if !within {
                hover.set(None);
            }
        })
    };
    html! {
        <div class="timeline">
            <svg ref={chart} viewBox={format!("0 0 {WIDTH} {HEIGHT}")} preserveAspectRatio="none" role="img"
                 aria-label={format!("{} / {} / {} / {}", ui.active, ui.terminating, ui.succeeded, ui.failed)}
                 {onmousemove} {onmouseleave}>
                { for actions }
                { for lines }
                { for decisions }
                { for cursor }
            </svg>
            <div class="legend">
                { for legend }
                <span class="key action">{ format!("{} {}", ui.actions, sim.world.actions().len()) }</span>
                <span class="axis">{ format!("0 → {end} · max {top}") }</span>
            </div>
            { for readout }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobsim_core::sim::world::Propagation;

    #[test]
    fn the_moment_under_the_pointer_reads_the_last_sample_before_it() {
        let at =
            |ms: u64, active: u32| Sample::from_counts(SimTime::from_millis(ms), [active, 0, 0, 0]);
        let samples = [at(0, 1), at(1_000, 2), at(5_000, 0)];
        let active = |ms: u64| sample_at(&samples, SimTime::from_millis(ms)).map(|s| s.active);
        assert_eq!(active(0), Some(1));
        assert_eq!(active(999), Some(1));
        assert_eq!(active(1_000), Some(2));
        assert_eq!(active(4_999), Some(2));
        assert_eq!(active(60_000), Some(0));
        assert_eq!(
            sample_at(&samples[1..], SimTime::ZERO),
            None,
            "nothing sampled yet"
        );
    }

    #[test]
    fn a_marker_names_the_action_or_the_command_a_control_ran() {
        let pi = ("default".to_string(), "pi".to_string());
        assert_eq!(
            action_label(&ActionKind::NodeDown {
                name: "node-1".into()
            }),
            "nodeDown"
        );
        assert_eq!(
            action_label(&ActionKind::delete_job(&pi, Propagation::Orphan)),
            "kubectl delete job pi --cascade=orphan"
        );
        assert_eq!(
            action_label(&ActionKind::apply("kind: Job\n".into())),
            "kubectl apply -f -"
        );
    }
}
