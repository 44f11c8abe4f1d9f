//! The app mounted in headless Chromium (wasm-bindgen-test): the regions are in the DOM, the
//! language switch changes the page, and a panic shows a banner instead of a blank page.
#![cfg(target_arch = "wasm32")]

use jobsim_web::i18n::{texts, Language};
use jobsim_web::{panic_banner, App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts the app into a fresh `<div>` of its own (the tests share one page).
async fn mount(lang: Language) -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { lang }).render();
    yew::scheduler::flush().await;
    root
}

fn titles(root: &Element) -> Vec<String> {
    let list = root.query_selector_all("section.region h2").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.text_content())
        .collect()
}

#[wasm_bindgen_test]
async fn the_app_mounts_with_every_region() {
    let root = mount(Language::English).await;
    assert_eq!(
        titles(&root),
        ["Clock", "Scenario", "Cluster", "Jobs", "Timeline", "Events", "Console"]
    );
    assert_eq!(root.query_selector_all(".empty-state").unwrap().length(), 7);
}

#[wasm_bindgen_test]
async fn switching_to_chinese_translates_the_page_and_the_document_language() {
    let root = mount(Language::English).await;
    let chinese: HtmlElement = root
        .query_selector(".lang-switch button[lang='zh-CN']")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    chinese.click();
    yew::scheduler::flush().await;
    assert_eq!(titles(&root)[1], "场景");
    assert_eq!(
        chinese.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    let html_lang = document().document_element().unwrap().get_attribute("lang");
    assert_eq!(html_lang.as_deref(), Some("zh-CN"));
    let remembered = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("jobsim.lang");
    assert_eq!(remembered.unwrap().as_deref(), Some("zh-CN"));
}

#[wasm_bindgen_test]
fn the_panic_banner_shows_the_message_as_text_in_the_page_language() {
    document()
        .document_element()
        .unwrap()
        .set_attribute("lang", "zh-CN")
        .unwrap();
    panic_banner::show(&document(), "boom <script>alert(1)</script>").unwrap();
    panic_banner::show(&document(), "second <b>panic</b>").unwrap();
    let banners = document().query_selector_all("#panic-banner").unwrap();
    assert_eq!(
        banners.length(),
        1,
        "a second panic replaces the first banner"
    );
    let banner = document()
        .get_element_by_id(panic_banner::BANNER_ID)
        .unwrap();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let text = banner.text_content().unwrap();
    assert!(
        text.contains(texts(Language::SimplifiedChinese).panic_title),
        "{text}"
    );
    assert!(
        text.contains("second <b>panic</b>"),
        "the message is shown verbatim: {text}"
    );
    assert!(
        banner.query_selector("b").unwrap().is_none(),
        "the message is not parsed as HTML"
    );
}

#[wasm_bindgen_test]
fn the_seeded_generator_draws_in_wasm_what_it_draws_natively() {
    // The same draws as the pinned native test in jobsim-core's sim::rng.
    let mut rng = jobsim_core::sim::rng::SimRng::from_seed(1);
    let got = (rng.name_suffix(), rng.uid(), rng.between(0, 1_000_000));
    assert_eq!(
        got,
        (
            "ndvhk".into(),
            "583617e0-8e42-431b-88b0-71b2e35e23e5".into(),
            263917
        )
    );
}
