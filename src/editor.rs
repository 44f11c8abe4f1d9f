//! The scenario editor: CodeMirror 6 (line numbers, YAML highlighting, undo/redo, search, the
//! errors marked at their lines) when the bundled `codemirror.js` is on the page, else a plain
//! `<textarea>` (the browser tests mount the app without the bundle).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::diagnostics::Diagnostic;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = jobsimEditor, js_name = create, catch)]
    fn cm_create(
        parent: &web_sys::Element,
        text: &str,
        label: &str,
        on_change: &Function,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = jobsimEditor, js_name = setDiagnostics, catch)]
    fn cm_set_diagnostics(view: &JsValue, list: &Array) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = jobsimEditor, js_name = setText, catch)]
    fn cm_set_text(view: &JsValue, text: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = jobsimEditor, js_name = destroy, catch)]
    fn cm_destroy(view: &JsValue) -> Result<(), JsValue>;
}

/// Whether the page loaded the CodeMirror bundle (never when rendered natively).
fn codemirror_loaded() -> bool {
    if !cfg!(target_arch = "wasm32") {
        return false;
    }
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &JsValue::from_str("jobsimEditor")).ok())
        .is_some_and(|v| v.is_object())
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The editor's text (CodeMirror takes it when it starts, and again each time `version`
    /// changes: a text replaced from outside; it owns its text in between).
    pub text: AttrValue,
    pub version: u64,
    pub diagnostics: Vec<Diagnostic>,
    pub label: AttrValue,
    pub on_change: Callback<String>,
}

/// A live CodeMirror view and the closure it calls on each edit (kept alive with it).
struct Live {
    view: JsValue,
    _on_change: Closure<dyn FnMut(String)>,
}

impl Drop for Live {
    fn drop(&mut self) {
        // The view goes with the component; a failure leaves nothing to clean up.
        let _ = cm_destroy(&self.view);
    }
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let live: Rc<RefCell<Option<Live>>> = use_mut_ref(|| None);
    let rich = use_state(codemirror_loaded);
    {
        let (host, live, rich) = (host.clone(), live.clone(), *rich);
        let initial = props.text.clone();
        let label = props.label.clone();
        let on_change = props.on_change.clone();
        use_effect_with((), move |_| {
            if let (true, Some(parent)) = (rich, host.cast::<web_sys::Element>()) {
                let closure = Closure::<dyn FnMut(String)>::new(move |t| on_change.emit(t));
                match cm_create(&parent, &initial, &label, closure.as_ref().unchecked_ref()) {
                    Ok(view) => {
                        *live.borrow_mut() = Some(Live {
                            view,
                            _on_change: closure,
                        })
                    }
                    Err(e) => web_sys::console::warn_1(&e),
                }
            }
            move || drop(live.borrow_mut().take())
        });
    }
    {
        let live = live.clone();
        let text = props.text.clone();
        use_effect_with(props.version, move |_| {
            if let Some(l) = live.borrow().as_ref() {
                if let Err(e) = cm_set_text(&l.view, &text) {
                    web_sys::console::warn_1(&e);
                }
            }
        });
    }
    {
        let live = live.clone();
        use_effect_with(props.diagnostics.clone(), move |diagnostics| {
            if let Some(l) = live.borrow().as_ref() {
                let list: Array = diagnostics.iter().map(to_js).collect();
                if let Err(e) = cm_set_diagnostics(&l.view, &list) {
                    web_sys::console::warn_1(&e);
                }
            }
        });
    }
    if *rich {
        return html! { <div class="code-editor" ref={host}></div> };
    }
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                on_change.emit(area.value());
            }
        })
    };
    html! {
        <textarea class="code-editor plain" spellcheck="false" aria-label={props.label.clone()}
                  value={props.text.clone()} {oninput} />
    }
}

fn to_js(d: &Diagnostic) -> JsValue {
    let o = Object::new();
    // Setting plain properties on a fresh object does not fail.
    let _ = Reflect::set(&o, &"line".into(), &JsValue::from(d.line as u32));
    let _ = Reflect::set(&o, &"message".into(), &JsValue::from_str(&d.message));
    o.into()
}
