//! Presentation mode — everything larger for a projector, a class on the page's root, the
//! choice remembered like the language — and the read-only embed view a link asks for with
//! `embed=1` in its fragment (`#s=…&embed=1`) or its query (`?embed`).

use yew::prelude::*;

use crate::browser::window;
use crate::i18n::Ui;
use crate::state::{Action, AppState};

const PRESENTATION_KEY: &str = "jobsim.presentation";
const PRESENTING_CLASS: &str = "presenting";

/// Whether presentation mode was on at the last visit.
pub fn remembered() -> bool {
    window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(PRESENTATION_KEY).ok().flatten())
        .is_some_and(|v| v == "on")
}

/// Shows the page in presentation mode or not (a class on `<html>`, which the rem sizes
/// follow), and remembers the choice for the next visit.
pub fn show(on: bool) {
    let Some(window) = window() else {
        return;
    };
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let class = root.class_name();
        let others = class.split_whitespace().filter(|c| *c != PRESENTING_CLASS);
        let classes: Vec<&str> = others.chain(on.then_some(PRESENTING_CLASS)).collect();
        root.set_class_name(&classes.join(" "));
    }
    if let Some(storage) = window.local_storage().ok().flatten() {
        // A storage that refuses the write only means the choice is not remembered.
        let _ = storage.set_item(PRESENTATION_KEY, if on { "on" } else { "off" });
    }
}

/// Whether a link's parameter asks for the embed view: `embed`, `embed=1`, `embed=true`.
fn is_embed(param: &str) -> bool {
    matches!(param, "embed" | "embed=1" | "embed=true")
}

/// A page's fragment split into the scenario's part (`#s=…`, for `share::from_fragment`) and
/// whether it asks for the embed view (`&embed=1`).
pub fn split_fragment(fragment: &str) -> (String, bool) {
    let params = fragment.strip_prefix('#').unwrap_or(fragment);
    let embed = params.split('&').any(is_embed);
    let rest: Vec<&str> = params.split('&').filter(|p| !is_embed(p)).collect();
    (format!("#{}", rest.join("&")), embed)
}

/// Whether the page's query (`?embed`) asks for the embed view.
pub fn embed_in_query() -> bool {
    window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|search| {
            let params = search.strip_prefix('?').unwrap_or(&search);
            params.split('&').any(is_embed)
        })
}

/// The header's presentation switch.
pub fn button(state: &AppState, dispatch: &UseReducerDispatcher<AppState>, ui: &Ui) -> Html {
    let onclick = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::TogglePresentation))
    };
    let pressed = if state.presenting { "true" } else { "false" };
    html! {
        <button type="button" class="presentation-switch" aria-pressed={pressed}
                title={ui.presentation_hint} {onclick}>
            { ui.presentation }
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_parameter_is_taken_out_of_the_fragment() {
        assert_eq!(
            split_fragment("#s=abc&embed=1"),
            ("#s=abc".to_string(), true)
        );
        assert_eq!(split_fragment("#embed&s=abc"), ("#s=abc".to_string(), true));
        assert_eq!(split_fragment("#s=abc"), ("#s=abc".to_string(), false));
        assert_eq!(
            split_fragment("#s=abc&embed=0"),
            ("#s=abc&embed=0".to_string(), false)
        );
    }
}
