//! The page rendered natively (Yew's server renderer): every region is there, titled in the
//! chosen language, with the default scenario loaded.
#![cfg(not(target_arch = "wasm32"))]

use jobsim_web::i18n::{texts, Language};
use jobsim_web::{App, AppProps};
use yew::ServerRenderer;

const REGIONS: [&str; 7] = [
    "clock", "editor", "cluster", "jobs", "timeline", "events", "console",
];

async fn render(lang: Language) -> String {
    ServerRenderer::<App>::with_props(move || AppProps { lang })
        .hydratable(false)
        .render()
        .await
}

#[tokio::test]
async fn every_region_is_rendered_with_its_title_and_the_default_job_loaded_in_english() {
    let html = render(Language::English).await;
    for id in REGIONS {
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "region {id} missing"
        );
        assert!(
            html.contains(&format!("aria-labelledby=\"{id}-title\"")),
            "region {id} unnamed"
        );
    }
    let words = texts(Language::English);
    for region in [
        &words.editor,
        &words.cluster,
        &words.jobs,
        &words.clock,
        &words.timeline,
        &words.events,
        &words.console,
    ] {
        assert!(
            html.contains(region.title),
            "title {:?} missing",
            region.title
        );
    }
    assert!(
        html.contains(&format!("aria-label=\"{}\"", words.ui.console_input)),
        "the console's command line is there, with its accessible name"
    );
    assert!(html.contains("job/pi"), "the default Job has its card");
    assert!(
        html.contains("perl:5.34.0"),
        "the editor holds the default scenario"
    );
    assert!(html.contains(words.ui.apply) && html.contains(words.ui.play));
}

#[tokio::test]
async fn the_chinese_page_shows_chinese_titles_and_no_english_ones() {
    let html = render(Language::SimplifiedChinese).await;
    for title in ["场景", "集群", "作业", "时钟", "时间线", "事件", "控制台"] {
        assert!(html.contains(title), "{title} missing");
    }
    assert!(
        !html.contains(">Cluster<"),
        "an English title in the Chinese page"
    );
}

#[tokio::test]
async fn the_header_names_the_product_and_the_kubernetes_release_followed() {
    let html = render(Language::English).await;
    assert!(html.contains(">jobsim<"));
    assert!(html.contains(&format!("v{}", jobsim_core::KUBERNETES_VERSION)));
}

#[tokio::test]
async fn the_language_switch_offers_both_languages_and_marks_the_current_one() {
    let html = render(Language::SimplifiedChinese).await;
    assert!(html.contains("aria-label=\"语言\""));
    let pressed_zh = html
        .find("aria-pressed=\"true\"")
        .expect("a pressed button");
    let zh_button = html.find(">中文<").expect("the Chinese button");
    let en_button = html.find(">English<").expect("the English button");
    assert!(
        pressed_zh < zh_button && zh_button < en_button,
        "中文 is the pressed one"
    );
}
