//! The page: the header with the language switch, and the playground's regions over one
//! reducer ([`AppState`]).

use yew::prelude::*;

use crate::clock::clock_view;
use crate::cluster::cluster_view;
use crate::console::console_view;
use crate::editor::Editor;
use crate::events::events_view;
use crate::frames::Frames;
use crate::i18n::{texts, Language, Texts};
use crate::jobs::jobs_view;
use crate::region::{Region, RegionProps};
use crate::sharing::{lessons_view, notices_view, ShareBar, ShareWords};
use crate::state::{Action, AppState};
use crate::timeline::timeline_view;

/// The scenario the editor starts with: a runnable Job, so that the first click does something.
pub fn default_scenario() -> &'static str {
    jobsim_core::lessons::find("pi").map_or("", |l| l.scenario)
}

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
    let state = use_reducer(|| {
        AppState::start(
            default_scenario(),
            crate::browser::saved_text(),
            crate::browser::saved_stash(),
            crate::browser::fragment().as_deref(),
        )
    });
    // A link's scenario is now the editor's: a reload opens the saved text, not the link again.
    use_effect_with((), |_| {
        if crate::browser::fragment().is_some() {
            crate::browser::clear_fragment();
        }
    });
    use_effect_with(
        (state.text.clone(), state.stash.clone()),
        |(text, stash)| crate::browser::save_texts(text, stash),
    );
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let keys = crate::keys::Keys::listen(dispatch);
            move || drop(keys)
        });
    }
    {
        let dispatch = state.dispatcher();
        use_effect_with(state.playing, move |playing| {
            let frames = if *playing {
                Frames::start(move |ms| dispatch.dispatch(Action::Tick(ms)))
            } else {
                None
            };
            move || drop(frames)
        });
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
    let dispatch = state.dispatcher();
    let ui = &words.ui;
    let regions = [
        ("clock", &words.clock, clock_view(&state, &dispatch, ui)),
        ("editor", &words.editor, editor_view(&state, words, *lang)),
        (
            "cluster",
            &words.cluster,
            cluster_view(&state, &dispatch, ui),
        ),
        ("jobs", &words.jobs, jobs_view(&state, &dispatch, ui)),
        ("timeline", &words.timeline, timeline_view(&state, ui)),
        ("events", &words.events, events_view(&state, &dispatch, ui)),
        (
            "console",
            &words.console,
            console_view(&state, &dispatch, ui),
        ),
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
                { crate::keys::help(ui) }
                <div class="lang-switch" role="group" aria-label={words.language_switch}>
                    { for switch }
                </div>
            </header>
            <main class="workspace">
                { for regions.into_iter().map(|(id, t, content)| html! { <Region ..RegionProps::new(id, t, content) /> }) }
            </main>
        </div>
    }
}

fn editor_view(state: &UseReducerHandle<AppState>, words: &Texts, lang: Language) -> Html {
    let on_change = {
        let dispatch = state.dispatcher();
        Callback::from(move |text: String| dispatch.dispatch(Action::Edit(text)))
    };
    let apply = {
        let dispatch = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Load))
    };
    let failed = !state.diagnostics.is_empty();
    let messages = state
        .messages
        .iter()
        .map(|m| html! { <li>{ m.clone() }</li> });
    let marks = state
        .diagnostics
        .iter()
        .map(|d| html! { <li>{ format!("{}{}{}: {}", words.ui.line, d.line, words.ui.line_after, d.message) }</li> });
    let dispatch = state.dispatcher();
    html! {
        <div class="editor">
            { lessons_view(state, &dispatch, &words.ui, lang) }
            { notices_view(state, &dispatch, &words.ui) }
            <Editor text={state.text.clone()} version={state.text_version}
                    diagnostics={state.diagnostics.clone()}
                    label={words.ui.editor_label} {on_change} />
            <div class="editor-actions">
                <button type="button" class="primary" onclick={apply}>{ words.ui.apply }</button>
                <ShareBar state={state.clone()} words={ShareWords::from(&words.ui)} />
            </div>
            if failed {
                <ul class="diagnostics" role="alert">{ for marks }</ul>
            } else if !state.messages.is_empty() {
                <ul class="messages" role="status">{ for messages }</ul>
            }
        </div>
    }
}
