//! What the page asks of the browser beyond rendering: the preferred language and remembering
//! the user's choice. Storage can be unavailable (private windows, blocked cookies): the page
//! then simply forgets, it never fails.

use crate::i18n::Language;

const LANG_KEY: &str = "jobsim.lang";

/// The language to start in: the one the user chose before, else the browser's.
pub fn preferred_lang() -> Language {
    let Some(window) = web_sys::window() else {
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
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        // A storage that refuses the write only means the choice is not remembered.
        let _ = storage.set_item(LANG_KEY, lang.tag());
    }
}

/// Sets `<html lang>`, which screen readers, fonts and the panic banner follow.
pub fn set_document_lang(lang: Language) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        // Only the attribute's value is at stake; setting `lang` on <html> does not fail.
        let _ = html.set_attribute("lang", lang.tag());
    }
}
