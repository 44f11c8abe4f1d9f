//! The work queues of a scenario (`spec.queues`), each a card beside the Jobs: how many items
//! wait, are being worked on and are done, as a bar with its numbers, and the queue's length
//! over the run so far, so the queue is seen draining while the Job's pods consume it.

use jobsim_core::sim::time::SimTime;
use jobsim_core::sim::work_queue::WorkQueue;
use yew::prelude::*;

use crate::i18n::Ui;
use crate::state::AppState;
use crate::timeline::step_line;

const WIDTH: f64 = 200.0;
const HEIGHT: f64 = 40.0;

pub fn queues_view(state: &AppState, ui: &Ui) -> Html {
    let cards = state
        .with_world(|w| {
            w.work_queues()
                .values()
                .map(|q| card(q, w.now(), ui))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    html! { <>{ for cards }</> }
}

/// The items waiting and being worked on from the start to `now`, as two step lines.
fn history(queue: &WorkQueue, now: SimTime, ui: &Ui) -> Html {
    let span = now.as_millis().max(1) as f64;
    let top = queue.items.len().max(1) as f64;
    let x = |t: SimTime| t.as_millis() as f64 / span * WIDTH;
    let y = |n: u32| HEIGHT - f64::from(n) / top * (HEIGHT - 2.0);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let waiting = queue.history().iter().map(|s| (s.time, count(s.waiting)));
    let processing = queue
        .history()
        .iter()
        .map(|s| (s.time, count(s.processing)));
    html! {
        <svg class="queue-history" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} preserveAspectRatio="none"
             role="img" aria-label={format!("{} / {}", ui.queue_waiting, ui.queue_processing)}>
            <polyline class="waiting" points={step_line(waiting, now, &x, &y)} />
            <polyline class="processing" points={step_line(processing, now, &x, &y)} />
        </svg>
    }
}

fn card(queue: &WorkQueue, now: SimTime, ui: &Ui) -> Html {
    let total = queue.items.len().max(1);
    let (waiting, processing, done) = (queue.waiting(), queue.processing(), queue.done().len());
    let width = |n: usize| format!("width: {:.1}%", n as f64 * 100.0 / total as f64);
    let summary = format!(
        "{} {waiting} · {} {processing} · {} {done}/{}",
        ui.queue_waiting,
        ui.queue_processing,
        ui.queue_done,
        queue.items.len()
    );
    html! {
        <section class="card queue" data-testid="queue" aria-label={format!("queue/{}", queue.name)}>
            <h3>{ format!("queue/{}", queue.name) }</h3>
            <div class="queue-bar" role="img" aria-label={summary.clone()}>
                <span class="done" style={width(done)}></span>
                <span class="processing" style={width(processing)}></span>
                <span class="waiting" style={width(waiting)}></span>
            </div>
            <p class="queue-counts">{ summary }</p>
            { history(queue, now, ui) }
        </section>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use yew::prelude::*;
    use yew::ServerRenderer;

    use crate::i18n::{texts, Language};
    use crate::state::AppState;

    #[function_component(Queues)]
    fn queues() -> Html {
        let text = jobsim_core::lessons::find("queue-one-per-pod")
            .expect("the work-queue lesson")
            .scenario;
        super::queues_view(&AppState::new(text), &texts(Language::English).ui)
    }

    #[tokio::test]
    async fn a_queue_shows_its_items_waiting_before_the_run() {
        let html = ServerRenderer::<Queues>::new()
            .hydratable(false)
            .render()
            .await;
        assert!(html.contains("queue/"), "{html}");
        assert!(
            html.contains("waiting 8 · being worked on 0 · done 0/8"),
            "{html}"
        );
    }

    #[function_component(Drained)]
    fn drained() -> Html {
        let text = jobsim_core::lessons::find("queue-one-per-pod")
            .expect("the work-queue lesson")
            .scenario;
        let world =
            jobsim_core::sim::report::simulate(text, Default::default()).expect("the lesson runs");
        let ui = &texts(Language::English).ui;
        let queue = world.work_queues().values().next().expect("a queue");
        super::history(queue, world.now(), ui)
    }

    /// The y coordinates of the points of the polyline of this class, in order.
    fn heights(html: &str, class: &str) -> Vec<f64> {
        let line = html
            .split("<polyline ")
            .find(|l| l.contains(&format!("class=\"{class}\"")))
            .unwrap_or_else(|| panic!("no {class} line: {html}"));
        let points = line
            .split("points=\"")
            .nth(1)
            .and_then(|p| p.split('"').next())
            .unwrap_or_default();
        points
            .split(' ')
            .filter_map(|p| p.split_once(',')?.1.parse().ok())
            .collect()
    }

    #[tokio::test]
    async fn a_queue_drained_by_the_run_is_drawn_from_full_to_empty() {
        let html = ServerRenderer::<Drained>::new()
            .hydratable(false)
            .render()
            .await;
        let waiting = heights(&html, "waiting");
        assert_eq!(
            waiting.first(),
            Some(&2.0),
            "8 of 8 waiting at the start: {html}"
        );
        assert_eq!(
            waiting.last(),
            Some(&40.0),
            "none waiting at the end: {html}"
        );
        assert!(
            waiting.windows(2).all(|w| w[0] <= w[1]),
            "the queue only drains"
        );
        let processing = heights(&html, "processing");
        assert!(processing.iter().any(|y| *y < 40.0), "items were worked on");
        assert_eq!(processing.last(), Some(&40.0));
    }
}
