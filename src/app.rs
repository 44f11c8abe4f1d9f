//! The page: the header with the language switch, and the playground's regions over one
//! reducer ([`AppState`]).

use yew::prelude::*;

use crate::clock::clock_view;
use crate::cluster::cluster_view;
use crate::console::console_view;
use crate::cronjobs::cronjobs_view;
use crate::editor::Editor;
use crate::events::events_view;
use crate::explain::explain_view;
use crate::form::{form_panel, form_toggle, FormPane};
use crate::frames::Frames;
use crate::i18n::{texts, Language, Texts};
use crate::jobs::jobs_view;
use crate::queues::queues_view;
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
        let link = crate::browser::fragment().map(|f| crate::presentation::split_fragment(&f));
        let mut state = AppState::start(
            default_scenario(),
            crate::browser::saved_text(),
            crate::browser::saved_stash(),
            link.as_ref().map(|(scenario, _)| scenario.as_str()),
        );
        state.embed = link.is_some_and(|(_, embed)| embed) || crate::presentation::embed_in_query();
        state.presenting = crate::presentation::remembered();
        state
    });
    // A link's scenario is now the editor's: a reload opens the saved text, not the link again
    // (an embedded link stays: it is the view's scenario, and the user's own text is untouched).
    {
        let embed = state.embed;
        use_effect_with((), move |_| {
            if crate::browser::fragment().is_some() && !embed {
                crate::browser::clear_fragment();
            }
        });
    }
    {
        let embed = state.embed;
        use_effect_with(
            (state.text.clone(), state.stash.clone()),
            move |(text, stash)| {
                if !embed {
                    crate::browser::save_texts(text, stash);
                }
            },
        );
    }
    use_effect_with(state.presenting, |on| crate::presentation::show(*on));
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
    let form_pane = use_state_eq(FormPane::default);
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
        (
            "editor",
            &words.editor,
            editor_view(&state, words, *lang, &form_pane),
        ),
        (
            "cluster",
            &words.cluster,
            cluster_view(&state, &dispatch, ui),
        ),
        (
            "jobs",
            &words.jobs,
            html! { <>{ jobs_view(&state, &dispatch, ui) }{ queues_view(&state, ui) }{ cronjobs_view(&state, &words.cron, ui, *lang) }</> },
        ),
        ("timeline", &words.timeline, timeline_view(&state, *lang)),
        ("events", &words.events, events_view(&state, &dispatch, ui)),
        (
            "console",
            &words.console,
            console_view(&state, &dispatch, ui),
        ),
        ("explain", &words.explain, explain_view(&state, ui, *lang)),
    ];
    let compare = state.compare.is_some().then(|| {
        (
            "compare",
            &words.compare.region,
            crate::compare::compare_view(&state, &dispatch, &words.compare),
        )
    });
    // The embed view has no editor and no console: the scenario is only played.
    let regions = regions
        .into_iter()
        .chain(compare)
        .filter(|(id, _, _)| !(state.embed && matches!(*id, "editor" | "console")));
    html! {
        <div class={classes!("app", state.embed.then_some("embed"), state.compare.is_some().then_some("comparing"))}>
            <header class="topbar">
                <h1 class="product">{ "jobsim" }</h1>
                <p class="tagline">{ words.tagline }</p>
                <p class="follows">
                    { words.follows_kubernetes }{ " " }
                    <strong>{ format!("v{}", jobsim_core::KUBERNETES_VERSION) }</strong>
                </p>
                if state.embed {
                    <p class="embedded" data-testid="embedded">{ ui.embedded }</p>
                }
                if !state.embed {
                    { crate::compare::toggle(&state, &dispatch, &words.compare) }
                }
                { crate::presentation::button(&state, &dispatch, ui) }
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

fn editor_view(
    state: &UseReducerHandle<AppState>,
    words: &'static Texts,
    lang: Language,
    form_pane: &UseStateHandle<FormPane>,
) -> Html {
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
            <Editor text={state.text.clone()} version={state.text_version.wrapping_add(form_pane.edits)}
                    diagnostics={state.diagnostics.clone()}
                    label={words.ui.editor_label} {on_change} />
            <div class="editor-actions">
                <button type="button" class="primary" onclick={apply}>{ words.ui.apply }</button>
                <ShareBar state={state.clone()} words={ShareWords::from(&words.ui)} />
                { crate::export::export_button(state, &words.ui, lang) }
                { form_toggle(form_pane, &words.form) }
            </div>
            if failed {
                <ul class="diagnostics" role="alert">{ for marks }</ul>
            } else if !state.messages.is_empty() {
                <ul class="messages" role="status">{ for messages }</ul>
            }
            { form_panel(form_pane, &state.text, &dispatch, &words.form) }
        </div>
    }
}
