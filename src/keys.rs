//! The page's keyboard shortcuts — space plays or pauses, → steps, P toggles presentation mode
//! — and the list of every key the page knows, shown in the header. The shortcuts stay out of
//! the way of typing: they do nothing while the focus is in the editor, the console, a field or
//! a list; on a button or a link, space keeps pressing it and the other keys still work.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::Ui;
use crate::state::{Action, AppState};

/// A keydown listener on the page; dropping it removes the listener.
pub struct Keys {
    listener: Closure<dyn FnMut(KeyboardEvent)>,
}

impl Keys {
    pub fn listen(dispatch: UseReducerDispatcher<AppState>) -> Option<Keys> {
        let document = web_sys::window()?.document()?;
        let listener = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.alt_key() || e.meta_key() || e.default_prevented() {
                return;
            }
            let focus = focus(&e);
            if focus == Focus::Typing {
                return;
            }
            let action = match e.key().as_str() {
                " " if focus == Focus::Pressable => return,
                " " => Action::TogglePlay,
                "ArrowRight" => Action::Step,
                "p" | "P" => Action::TogglePresentation,
                _ => return,
            };
            e.prevent_default();
            dispatch.dispatch(action);
        });
        document
            .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref())
            .ok()?;
        Some(Keys { listener })
    }
}

impl Drop for Keys {
    fn drop(&mut self) {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            // Removing a listener that is there does not fail.
            let _ = document.remove_event_listener_with_callback(
                "keydown",
                self.listener.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Where a key goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Focus {
    /// A field, the editor, a list: every key is the user's.
    Typing,
    /// A button, a link, a fold: space presses it.
    Pressable,
    Page,
}

fn focus(e: &KeyboardEvent) -> Focus {
    let element = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let within = |selector: &str| {
        element
            .as_ref()
            .and_then(|el| el.closest(selector).ok().flatten())
            .is_some()
    };
    if within("input, textarea, select, [contenteditable], .cm-editor") {
        Focus::Typing
    } else if within("button, a, summary") {
        Focus::Pressable
    } else {
        Focus::Page
    }
}

/// The list of keys, folded under "Keys" in the header.
pub fn help(ui: &Ui) -> Html {
    let keys: [(&str, &str); 8] = [
        ("Space", ui.key_play),
        ("→", ui.key_step),
        ("P", ui.key_presentation),
        ("Enter", ui.key_run),
        ("↑ ↓", ui.key_history),
        ("Tab", ui.key_complete),
        ("Ctrl+C", ui.key_stop),
        ("Ctrl+F", ui.key_search),
    ];
    let rows = keys.into_iter().map(|(key, what)| {
        html! { <><dt><kbd>{ key }</kbd></dt><dd>{ what }</dd></> }
    });
    html! {
        <details class="keys">
            <summary aria-label={ui.keys_label}>{ ui.keys }</summary>
            <dl aria-label={ui.keys_label}>{ for rows }</dl>
        </details>
    }
}
