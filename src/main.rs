//! The playground's entry point in the browser.

use jobsim_web::{browser, panic_banner, App, AppProps};

// The simulation keeps every pod of a long run: its heap grows the memory geometrically.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static HEAP: jobsim_wasm_heap::Heap = jobsim_wasm_heap::heap();

fn main() {
    panic_banner::install();
    let lang = browser::preferred_lang();
    browser::set_document_lang(lang);
    yew::Renderer::<App>::with_props(AppProps { lang }).render();
}
