//! A panic must never leave a blank page: the hook writes the panic to the browser console and
//! puts a visible banner on top of the page, in the language the page is showing.

use wasm_bindgen::JsValue;
use web_sys::Document;

use crate::i18n::{texts, Language};

/// The banner's element id, so that a second panic replaces the first banner.
pub const BANNER_ID: &str = "panic-banner";

/// Installs the hook; later panics go to the console and to the banner.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&message));
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            // Nothing is left to report a failure to: the console already has the panic.
            let _ = show(&document, &message);
        }
    }));
}

/// Shows the banner with `message`. The language is the page's current `<html lang>`, which
/// the app keeps up to date; the message is set as text, never parsed as HTML.
pub fn show(document: &Document, message: &str) -> Result<(), JsValue> {
    let lang = document
        .document_element()
        .map(|html| Language::from_tag(&html.get_attribute("lang").unwrap_or_default()))
        .unwrap_or(Language::English);
    let words = texts(lang);
    if let Some(old) = document.get_element_by_id(BANNER_ID) {
        old.remove();
    }
    let banner = document.create_element("div")?;
    banner.set_id(BANNER_ID);
    banner.set_attribute("role", "alert")?;
    for (tag, text) in [
        ("strong", words.panic_title),
        ("p", words.panic_hint),
        ("pre", message),
    ] {
        let part = document.create_element(tag)?;
        part.set_text_content(Some(text));
        banner.append_child(&part)?;
    }
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no <body>"))?;
    body.prepend_with_node_1(&banner)?;
    Ok(())
}
