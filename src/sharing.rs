//! The scenario's bar above the editor: the lesson picker (title and what to watch for), Share
//! (a link that replays the run), Download and Open (a scenario file), the user's texts put
//! aside with a Restore, and the page's notices (a link or a file that could not be opened).

use jobsim_core::lessons::{self, LESSONS};
use jobsim_core::share::{self, ShareError, MAX_SCENARIO_BYTES};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{Language, Ui};
use crate::state::{Action, AppState, FileProblem, Notice};

/// The lesson picker: choosing one loads its scenario into the editor and applies it.
pub fn lessons_view(
    state: &AppState,
    dispatch: &UseReducerDispatcher<AppState>,
    ui: &Ui,
    lang: Language,
) -> Html {
    let onchange = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else {
                return;
            };
            if let Some(lesson) = lessons::find(&select.value()) {
                dispatch.dispatch(Action::Replace {
                    text: lesson.scenario.to_string(),
                    lesson: Some(lesson.id),
                });
            }
        })
    };
    let options = LESSONS.iter().map(|l| {
        html! { <option value={l.id} selected={state.lesson == Some(l.id)}>{ l.title(lang) }</option> }
    });
    let current = state.lesson.and_then(lessons::find);
    html! {
        <div class="lessons">
            <label class="lesson-pick">{ ui.lesson }{ " " }
                <select {onchange}>
                    <option value="" selected={current.is_none()} disabled=true>{ ui.choose_lesson }</option>
                    { for options }
                </select>
            </label>
            if let Some(lesson) = current {
                <div class="lesson-text" data-testid="lesson-text">
                    <strong>{ lesson.title(lang) }</strong>
                    <p><span class="label">{ ui.watch_for }</span>{ " " }{ with_code(lesson.watch_for(lang)) }</p>
                </div>
            }
        </div>
    }
}

/// A lesson's text with its `backquoted` commands set as code.
fn with_code(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part }</code> }
            } else {
                html! { { part } }
            }
        })
        .collect()
}

/// The texts put aside, with a Restore, and the page's notice.
pub fn notices_view(state: &AppState, dispatch: &UseReducerDispatcher<AppState>, ui: &Ui) -> Html {
    let send = |action: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(action.clone()))
    };
    let notice = state.notice.as_ref().map(|notice| {
        let (text, error) = match notice {
            Notice::LinkOpened => (ui.link_opened.to_string(), false),
            Notice::LinkBroken(e) => (
                format!("{} {} {}", ui.link_broken, share_error(ui, e), ui.nothing_lost),
                true,
            ),
            Notice::FileOpened(name) => (format!("{} {name}", ui.file_opened), false),
            Notice::FileRefused(problem) => {
                let why = match problem {
                    FileProblem::TooLarge => ui.file_too_large,
                    FileProblem::NotText => ui.file_not_text,
                    FileProblem::Unreadable => ui.file_unreadable,
                };
                (format!("{} {why} {}", ui.file_refused, ui.nothing_lost), true)
            }
        };
        let role = if error { "alert" } else { "status" };
        html! {
            <p class={classes!("notice", error.then_some("error"))} {role} data-testid="notice">
                if error { <strong class="notice-sign" aria-hidden="true">{ "! " }</strong> }
                { text }
                <button type="button" class="dismiss" onclick={send(Action::Notify(None))}>{ ui.dismiss }</button>
            </p>
        }
    });
    html! {
        <>
            { for notice }
            if !state.stash.is_empty() {
                <p class="stash" role="status" data-testid="stash">
                    { ui.stashed }{ " " }
                    <button type="button" onclick={send(Action::Restore)}>{ ui.restore }</button>
                </p>
            }
        </>
    }
}

/// What a broken link's error says.
pub fn share_error(ui: &Ui, e: &ShareError) -> &'static str {
    match e {
        ShareError::TooLong => ui.link_too_long,
        ShareError::NotBase64 => ui.link_not_base64,
        ShareError::NotDeflate => ui.link_not_deflate,
        ShareError::TooLarge => ui.link_too_large,
        ShareError::NotUtf8 => ui.link_not_utf8,
    }
}

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    pub state: UseReducerHandle<AppState>,
    pub words: ShareWords,
}

/// The bar's words (a component's props must be comparable).
#[derive(Clone, Copy, PartialEq)]
pub struct ShareWords {
    pub share: &'static str,
    pub share_label: &'static str,
    pub share_hint: &'static str,
    pub download: &'static str,
    pub open: &'static str,
    pub not_shared: &'static str,
}

impl From<&Ui> for ShareWords {
    fn from(ui: &Ui) -> Self {
        ShareWords {
            share: ui.share,
            share_label: ui.share_label,
            share_hint: ui.share_hint,
            download: ui.download,
            open: ui.open,
            not_shared: ui.not_shared,
        }
    }
}

/// Share, Download and Open.
#[function_component(ShareBar)]
pub fn share_bar(props: &ShareBarProps) -> Html {
    let link = use_state(|| None::<Result<String, String>>);
    let onshare = {
        let (state, link) = (props.state.clone(), link.clone());
        Callback::from(move |_: MouseEvent| {
            let made = state.scenario_with_run().map(|yaml| {
                format!(
                    "{}#{}{}",
                    crate::browser::page_address(),
                    share::FRAGMENT_PREFIX,
                    share::encode(&yaml)
                )
            });
            if let Ok(url) = &made {
                crate::browser::copy(url);
            }
            link.set(Some(made));
        })
    };
    let ondownload = {
        let (state, link) = (props.state.clone(), link.clone());
        Callback::from(move |_: MouseEvent| match state.scenario_with_run() {
            Ok(yaml) => {
                if let Err(e) = crate::browser::download(&file_name(&state), &yaml) {
                    web_sys::console::warn_1(&e);
                }
            }
            Err(e) => link.set(Some(Err(e))),
        })
    };
    let onopen = {
        let dispatch = props.state.dispatcher();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let file = input.files().and_then(|files| files.get(0));
            // The same file can be opened again.
            input.set_value("");
            if let Some(file) = file {
                open_file(file, dispatch.clone());
            }
        })
    };
    let w = props.words;
    let shown = match &*link {
        Some(Ok(url)) => html! {
            <label class="share-link">{ w.share_hint }
                <input type="text" readonly=true aria-label={w.share_label} value={url.clone()}
                       data-testid="share-link" onfocus={Callback::from(select_all)} />
            </label>
        },
        Some(Err(e)) => html! {
            <p class="notice error" role="alert">{ format!("{} {e}", w.not_shared) }</p>
        },
        None => Html::default(),
    };
    html! {
        <>
            <button type="button" class="share" onclick={onshare}>{ w.share }</button>
            <button type="button" class="download" onclick={ondownload}>{ w.download }</button>
            <label class="open-file">{ w.open }
                <input type="file" accept=".yaml,.yml,text/yaml,application/yaml" onchange={onopen} />
            </label>
            { shown }
        </>
    }
}

fn select_all(e: FocusEvent) {
    if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
        input.select();
    }
}

/// `jobsim-<the scenario's name>.yaml`, else `jobsim-scenario.yaml`.
fn file_name(state: &AppState) -> String {
    let lesson = state.lesson.unwrap_or("scenario");
    format!("jobsim-{lesson}.yaml")
}

/// Reads a chosen file; a scenario replaces the editor's text (the user's put aside), anything
/// else only says why it was not opened.
fn open_file(file: web_sys::File, dispatch: UseReducerDispatcher<AppState>) {
    let refuse = |problem| Action::Notify(Some(Notice::FileRefused(problem)));
    if file.size() > MAX_SCENARIO_BYTES as f64 {
        dispatch.dispatch(refuse(FileProblem::TooLarge));
        return;
    }
    let name = file.name();
    wasm_bindgen_futures::spawn_local(async move {
        let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
            .await
            .ok()
            .and_then(|buffer| buffer.dyn_into::<js_sys::ArrayBuffer>().ok())
            .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec());
        let action = match bytes.map(String::from_utf8) {
            None => refuse(FileProblem::Unreadable),
            Some(Err(_)) => refuse(FileProblem::NotText),
            Some(Ok(text)) => {
                dispatch.dispatch(Action::Replace { text, lesson: None });
                Action::Notify(Some(Notice::FileOpened(name)))
            }
        };
        dispatch.dispatch(action);
    });
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use yew::prelude::*;
    use yew::ServerRenderer;

    #[function_component(Text)]
    fn text() -> Html {
        super::with_code("at 30 s `kubectl scale job scale --replicas=4` doubles it")
    }

    #[tokio::test]
    async fn backquoted_commands_in_a_lesson_text_are_code() {
        let html = ServerRenderer::<Text>::new()
            .hydratable(false)
            .render()
            .await;
        assert_eq!(
            html,
            "at 30 s <code>kubectl scale job scale --replicas=4</code> doubles it"
        );
    }
}
