//! The work queues of a scenario (`spec.queues`), each a card beside the Jobs: how many items
//! wait, are being worked on and are done, as a bar with its numbers, so the queue is seen
//! draining while the Job's pods consume it.

use jobsim_core::sim::work_queue::WorkQueue;
use yew::prelude::*;

use crate::i18n::Ui;
use crate::state::AppState;

pub fn queues_view(state: &AppState, ui: &Ui) -> Html {
    let cards = state
        .with_world(|w| {
            w.work_queues()
                .values()
                .map(|q| card(q, ui))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    html! { <>{ for cards }</> }
}

fn card(queue: &WorkQueue, ui: &Ui) -> Html {
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
}
