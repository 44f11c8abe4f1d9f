//! "Export Markdown": the run so far as a Markdown file (built by `jobsim_core::export`) — the
//! scenario as it ran, `kubectl get jobs` and `pods` now, the pods' counts over the run, the events.

use jobsim_core::export::markdown;
use yew::prelude::*;

use crate::i18n::{Language, Ui};
use crate::state::AppState;

/// The run as Markdown, or why the scenario could not be written out.
pub fn document(state: &AppState, lang: Language) -> Result<String, String> {
    let scenario = state.scenario_with_run()?;
    let Some(sim) = &state.sim else {
        return Err("no run to export: the scenario did not load".into());
    };
    let mut sim = sim.borrow_mut();
    Ok(markdown(&mut sim.world, &scenario, lang))
}

/// The Export button: downloads `jobsim-<lesson>-run.md`.
pub fn export_button(state: &UseReducerHandle<AppState>, ui: &Ui, lang: Language) -> Html {
    let onclick = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let name = format!("jobsim-{}-run.md", state.lesson.unwrap_or("scenario"));
            let saved = document(&state, lang)
                .map_err(|e| wasm_bindgen::JsValue::from_str(&e))
                .and_then(|doc| crate::browser::download(&name, &doc));
            if let Err(e) = saved {
                web_sys::console::warn_1(&e);
            }
        })
    };
    html! {
        <button type="button" class="export" title={ui.export_hint} {onclick}>{ ui.export }</button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn the_pages_run_exports_with_its_samples() {
        let state = [Action::Step, Action::Step, Action::Step].into_iter().fold(
            Rc::new(AppState::new(crate::app::default_scenario())),
            Reducible::reduce,
        );
        let doc = document(&state, Language::English).expect("a document");
        assert!(doc.contains("```yaml\n"), "{doc}");
        assert!(doc.contains("$ kubectl get jobs\nNAME"), "{doc}");
        assert!(doc.contains("| 0m00s | 0 | 0 | 0 |"), "{doc}");
        assert!(doc.contains("### job/pi"), "{doc}");
    }
}
