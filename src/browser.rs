//! What the page asks of the browser beyond rendering: the preferred language and remembering
//! the user's choice. Storage can be unavailable (private windows, blocked cookies): the page
//! then simply forgets, it never fails.

use crate::i18n::Language;

const LANG_KEY: &str = "jobsim.lang";

/// The page's window; none when the app is rendered natively (the server renderer's tests),
/// where web-sys would panic.
pub fn window() -> Option<web_sys::Window> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
    } else {
        None
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// The browser's monotonic clock in milliseconds (`performance.now()`); none when the app runs
/// natively (tests), where only event counts bound the work of a frame.
pub fn now_ms() -> Option<f64> {
    window().map(|_| performance_now())
}

/// The language to start in: the one the user chose before, else the browser's.
pub fn preferred_lang() -> Language {
    let Some(window) = window() else {
        return Language::English;
    };
    let remembered = window
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(LANG_KEY).ok().flatten());
    let tag = remembered
        .or_else(|| window.navigator().language())
        .unwrap_or_default();
    Language::from_tag(&tag)
}

/// Remembers the user's choice of language for the next visit.
pub fn remember_lang(lang: Language) {
    if let Some(storage) = window().and_then(|w| w.local_storage().ok().flatten()) {
        // A storage that refuses the write only means the choice is not remembered.
        let _ = storage.set_item(LANG_KEY, lang.tag());
    }
}

/// Sets `<html lang>`, which screen readers, fonts and the panic banner follow.
pub fn set_document_lang(lang: Language) {
    if let Some(html) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        // Only the attribute's value is at stake; setting `lang` on <html> does not fail.
        let _ = html.set_attribute("lang", lang.tag());
    }
}

const TEXT_KEY: &str = "jobsim.scenario";
const STASH_KEY: &str = "jobsim.stash";

fn storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.local_storage().ok().flatten())
}

/// The editor's text saved by the last visit.
pub fn saved_text() -> Option<String> {
    storage().and_then(|s| s.get_item(TEXT_KEY).ok().flatten())
}

/// The texts the user had put aside on the last visit.
pub fn saved_stash() -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(STASH_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Saves the editor's text and the texts put aside, for the next visit (a full or refusing
/// storage only means they are not saved).
pub fn save_texts(text: &str, stash: &[String]) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(TEXT_KEY, text);
        let _ = serde_json::to_string(stash).map(|json| storage.set_item(STASH_KEY, &json));
    }
}

/// The page's fragment (`#s=…`), if it has one.
pub fn fragment() -> Option<String> {
    let hash = window()?.location().hash().ok()?;
    (!hash.is_empty()).then_some(hash)
}

/// Removes the fragment from the address bar (without reloading), so that a reload opens the
/// saved text rather than the link again.
pub fn clear_fragment() {
    let Some(window) = window() else {
        return;
    };
    let (Ok(path), Ok(search), Ok(history)) = (
        window.location().pathname(),
        window.location().search(),
        window.history(),
    ) else {
        return;
    };
    let _ = history.replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(&format!("{path}{search}")),
    );
}

/// The page's address without its fragment.
pub fn page_address() -> String {
    let href = window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    match href.split_once('#') {
        Some((page, _)) => page.to_string(),
        None => href,
    }
}

/// Copies `text` to the clipboard when the browser allows it (the link is shown either way).
pub fn copy(text: &str) {
    let Some(window) = window() else {
        return;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
}

/// Saves `text` as a file named `name` (the browser's download).
pub fn download(name: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/yaml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = window()
        .and_then(|w| w.document())
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}
