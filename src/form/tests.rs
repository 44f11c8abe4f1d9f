//! The form rendered natively (Yew's server renderer): every input named by its label, and the
//! API server's message next to the field it is about.

use yew::ServerRenderer;

use super::{JobFormProps, JobFormView};
use crate::i18n::{texts, Language};

const BAD: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  parallelism: -1\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl:5.34.0\n        env:\n        - name: A=B\n      restartPolicy: Never\n";

async fn render(text: &'static str, lang: Language) -> String {
    ServerRenderer::<JobFormView>::with_props(move || JobFormProps {
        text: text.into(),
        words: &texts(lang).form,
        on_edit: Default::default(),
    })
    .hydratable(false)
    .render()
    .await
}

/// The values of `attr="…"` in `html`.
fn attributes<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| html[i + needle.len()..].split('"').next())
        .collect()
}

#[tokio::test]
async fn every_input_has_a_label_in_both_languages() {
    for lang in Language::ALL {
        let html = render(BAD, lang).await;
        let ids = attributes(&html, "id");
        let labelled = attributes(&html, "for");
        let inputs: Vec<&str> = ids
            .into_iter()
            .filter(|id| {
                id.starts_with("jf-") && !id.ends_with("-errors") && !id.ends_with("-hint")
            })
            .collect();
        assert!(inputs.len() > 20, "{inputs:?}");
        for id in inputs {
            assert!(labelled.contains(&id), "{id} has no label in {lang:?}");
        }
    }
}

#[tokio::test]
async fn the_api_servers_messages_are_next_to_their_fields() {
    let html = render(BAD, Language::English).await;
    // the first message of the element with this id
    let first = |id: &str| {
        let after = html.split(&format!("id=\"{id}\"")).nth(1).unwrap_or("");
        let item = after.split("<li>").nth(1).unwrap_or("");
        item.split("</li>").next().unwrap_or("").to_string()
    };
    assert_eq!(
        first("jf-parallelism-errors"),
        "spec.parallelism: Invalid value: -1: must be greater than or equal to 0"
    );
    assert!(first("jf-c0-env0-name-errors").starts_with(
        "spec.template.spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name"
    ));
    assert!(!html.contains("jf-general-errors"), "nothing else is wrong");
}

#[tokio::test]
async fn an_unreadable_text_is_said_and_not_edited() {
    let html = render("kind: [\n", Language::English).await;
    assert!(html.contains("document at line 1"), "{html}");
    assert!(!html.contains("<input"));
}
