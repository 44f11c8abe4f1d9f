//! The page: the header with the language switch, and the playground's regions.

use yew::prelude::*;

use crate::i18n::{texts, Language};
use crate::region::{Region, RegionProps};

#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The language the page starts in.
    pub lang: Language,
}

impl Default for AppProps {
    fn default() -> Self {
        AppProps {
            lang: Language::English,
        }
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let lang = use_state_eq(|| props.lang);
    {
        let lang = *lang;
        use_effect_with(lang, move |_| crate::browser::set_document_lang(lang));
    }
    let words = texts(*lang);
    let switch = Language::ALL.into_iter().map(|choice| {
        let onclick = {
            let lang = lang.clone();
            Callback::from(move |_| {
                crate::browser::remember_lang(choice);
                lang.set(choice);
            })
        };
        let pressed = if choice == *lang { "true" } else { "false" };
        html! {
            <button type="button" lang={choice.tag()} aria-pressed={pressed} {onclick}>
                { texts(choice).language_name }
            </button>
        }
    });
    let regions = [
        ("clock", &words.clock),
        ("editor", &words.editor),
        ("cluster", &words.cluster),
        ("jobs", &words.jobs),
        ("timeline", &words.timeline),
        ("events", &words.events),
        ("console", &words.console),
    ];
    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="product">{ "jobsim" }</h1>
                <p class="tagline">{ words.tagline }</p>
                <p class="follows">
                    { words.follows_kubernetes }{ " " }
                    <strong>{ format!("v{}", jobsim_core::KUBERNETES_VERSION) }</strong>
                </p>
                <div class="lang-switch" role="group" aria-label={words.language_switch}>
                    { for switch }
                </div>
            </header>
            <main class="workspace">
                { for regions.into_iter().map(|(id, t)| html! { <Region ..RegionProps::new(id, t) /> }) }
            </main>
        </div>
    }
}
