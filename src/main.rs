//! The playground's entry point in the browser.

use jobsim_web::{browser, panic_banner, App, AppProps};

fn main() {
    panic_banner::install();
    let lang = browser::preferred_lang();
    browser::set_document_lang(lang);
    yew::Renderer::<App>::with_props(AppProps { lang }).render();
}
