//! The app mounted in headless Chromium (wasm-bindgen-test): the regions are in the DOM, the
//! language switch changes the page, a panic shows a banner instead of a blank page, and the
//! playground works by clicks: step the clock, fail a pod from its menu, mark a bad scenario.
//! (No CodeMirror bundle here: the editor is its plain-textarea fallback.)
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
async fn the_app_mounts_with_every_region_and_the_default_job() {
    let root = mount(Language::English).await;
    assert_eq!(
        titles(&root),
        ["Clock", "Scenario", "Cluster", "Jobs", "Timeline", "Events", "Console", "Explain"]
    );
    assert_eq!(
        root.query_selector_all(".empty-state").unwrap().length(),
        0,
        "every region has its content"
    );
    assert!(root.query_selector(".console-input").unwrap().is_some());
    assert!(root.query_selector("[data-job='pi']").unwrap().is_some());
    let editor = find(&root, "textarea.code-editor")
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .unwrap();
    assert!(editor.value().contains("kind: Job"));
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

async fn click(root: &Element, selector: &str) {
    find(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

/// Clicks Step until `done` holds (at most 200 times).
async fn step_until(root: &Element, done: impl Fn(&Element) -> bool) {
    for _ in 0..200 {
        if done(root) {
            return;
        }
        click(root, ".clock button:nth-of-type(2)").await;
    }
    panic!("never happened");
}

#[wasm_bindgen_test]
async fn stepping_runs_the_pod_and_failing_it_from_its_menu_starts_the_backoff() {
    let root = mount(Language::English).await;
    assert_eq!(
        text(&root, "[data-testid='since-start']"),
        "0m00s since start"
    );
    step_until(&root, |r| {
        r.query_selector(".chip[data-status='Running']")
            .unwrap()
            .is_some()
    })
    .await;
    assert_ne!(
        text(&root, "[data-testid='since-start']"),
        "0m00s since start"
    );
    assert_eq!(text(&root, ".job-card [data-testid='active']"), "1");
    click(&root, ".chip[data-status='Running']").await;
    let menu = find(&root, ".menu");
    assert!(menu.text_content().unwrap().contains("pod/pi-"));
    click(&root, ".menu button.fail").await;
    assert_eq!(
        find(&root, ".chip.selected")
            .get_attribute("data-status")
            .as_deref(),
        Some("Error")
    );
    step_until(&root, |r| {
        r.query_selector("[data-testid='backoff']")
            .unwrap()
            .is_some()
    })
    .await;
    let backoff = text(&root, "[data-testid='backoff']");
    assert!(backoff.starts_with("Backoff: 1 failure · 10s"), "{backoff}");
    assert!(
        root.query_selector(".timeline line.action")
            .unwrap()
            .is_some(),
        "the action is marked on the timeline"
    );
    let events = text(&root, ".events tbody");
    assert!(
        events.contains("pod/pi-"),
        "the events follow the selected pod: {events}"
    );
    assert!(backoff.contains("next pod in"), "{backoff}");
    // Once the replacement pod runs, the delay is history: no countdown is left.
    step_until(&root, |r| {
        r.query_selector(".chip[data-status='Running']")
            .unwrap()
            .is_some()
    })
    .await;
    let backoff = text(&root, "[data-testid='backoff']");
    assert_eq!(backoff, "Backoff: 1 failure · 10s");
}

#[wasm_bindgen_test]
async fn applying_a_bad_scenario_marks_the_error_at_its_line_and_keeps_the_text() {
    let root = mount(Language::English).await;
    let editor = find(&root, "textarea.code-editor")
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .unwrap();
    let bad = editor
        .value()
        .replace("backoffLimit: 4", "backoffLimit: -1");
    editor.set_value(&bad);
    editor
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    click(&root, ".editor-actions button").await;
    let marks = text(&root, ".diagnostics");
    assert!(
        marks.starts_with("line 15: spec.backoffLimit: Invalid value"),
        "{marks}"
    );
    assert_eq!(editor.value(), bad);
    assert!(root.query_selector("[data-job='pi']").unwrap().is_some());
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

/// The scenario's run in wasm, as JSON, equals the native run's (its golden file, which
/// jobsim-core's tests/sim_faults.rs checks).
fn assert_runs_as_natively(scenario: &str, native: &str) {
    let overrides = jobsim_core::sim::scenario::Overrides::default();
    let world = jobsim_core::sim::report::simulate(scenario, overrides).unwrap();
    let wasm = format!("{:#}\n", jobsim_core::sim::report::to_json(&world, false));
    assert!(wasm == native, "the wasm run differs from the native run");
}

#[wasm_bindgen_test]
fn a_scenario_with_node_faults_runs_in_wasm_to_the_native_json_byte_for_byte() {
    assert_runs_as_natively(
        include_str!("../crates/core/tests/fixtures/sim/node_faults.yaml"),
        include_str!("../crates/core/tests/fixtures/sim/node_faults.json"),
    );
}

#[wasm_bindgen_test]
fn init_containers_and_a_sidecar_run_in_wasm_to_the_native_json_byte_for_byte() {
    assert_runs_as_natively(
        include_str!("../crates/core/src/lessons/scenarios/sidecar.yaml"),
        include_str!("../crates/core/tests/fixtures/sim/sidecar_lesson.json"),
    );
}
