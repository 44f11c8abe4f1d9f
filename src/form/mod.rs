//! The "New Job" form beside the editor: the scenario's Job as fields (jobsim-core's
//! [`JobForm`]), each change rewriting the Job in the editor's text through the one
//! `Action::Edit` path, and the API server's errors (the editor's own) next to the fields
//! they name.

mod container;
mod fields;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use std::rc::Rc;

use jobsim_core::form::{apply_to, job_errors, read, FormField, JobForm, TextError};
use yew::prelude::*;

use crate::diagnostics::field_error;
use crate::i18n::FormTexts;
use crate::state::{Action, AppState};

use fields::{check, choice, messages, text, textarea, Edit, Field};

#[derive(Properties, PartialEq)]
pub struct JobFormProps {
    /// The editor's text.
    pub text: AttrValue,
    pub words: &'static FormTexts,
    /// The text with the Job rewritten by a change in the form.
    pub on_edit: Callback<String>,
}

/// The form and the text it was last written into.
type Draft = Option<(AttrValue, JobForm)>;

/// The shared means of the form's fields: the form shown, its errors and how to change it.
#[derive(Clone)]
pub(crate) struct Ctx {
    pub form: Rc<JobForm>,
    pub errors: Rc<Vec<(FormField, String)>>,
    pub change: Callback<Edit>,
    pub words: &'static FormTexts,
}

impl Ctx {
    /// The messages of the errors at fields `pick` accepts.
    pub fn messages_where(&self, pick: impl Fn(&FormField) -> bool) -> Vec<String> {
        self.errors
            .iter()
            .filter(|(f, _)| pick(f))
            .map(|(_, m)| m.clone())
            .collect()
    }

    pub fn messages(&self, field: &FormField) -> Vec<String> {
        self.messages_where(|f| f == field)
    }
}

#[function_component(JobFormView)]
pub fn job_form_view(props: &JobFormProps) -> Html {
    let words = props.words;
    // What the user typed is kept while the text is the one it wrote (a half-typed `key=`
    // line reads back differently); a text changed elsewhere is read afresh.
    let draft = use_state(|| Draft::None);
    let read_form = use_memo(props.text.clone(), |t| read(t));
    let errors = use_memo(props.text.clone(), |t| {
        job_errors(t)
            .into_iter()
            .map(|(f, e)| (f, field_error(&e)))
            .collect::<Vec<_>>()
    });
    let form = match (&*draft, &*read_form) {
        (Some((text, form)), _) if *text == props.text => Rc::new(form.clone()),
        (_, Ok(form)) => Rc::new(form.clone()),
        (_, Err(TextError::Unreadable { line } | TextError::SharedLines { line })) => {
            return html! {
                <div class="job-form" id="job-form">
                    <p class="form-note" role="status">
                        { words.unreadable }{ line }{ words.unreadable_after }
                    </p>
                </div>
            };
        }
    };
    let change = {
        let (text, draft, on_edit, form) = (
            props.text.clone(),
            draft.clone(),
            props.on_edit.clone(),
            form.clone(),
        );
        Callback::from(move |edit: Edit| {
            let mut next = (*form).clone();
            edit(&mut next);
            if let Ok(new_text) = apply_to(&text, &next) {
                draft.set(Some((AttrValue::from(new_text.clone()), next)));
                on_edit.emit(new_text);
            }
        })
    };
    let ctx = Ctx {
        form: form.clone(),
        errors,
        change,
        words,
    };
    let n = form.containers.len();
    let general = ctx.messages_where(|f| match f {
        FormField::General => true,
        FormField::Container(i, _) => *i >= n,
        _ => false,
    });
    let add_container = ctx.change.reform(|_: MouseEvent| -> Edit {
        Rc::new(|f: &mut JobForm| {
            let name = format!("c{}", f.containers.len() + 1);
            f.containers
                .push(jobsim_core::form::ContainerForm::new(&name));
        })
    });
    let restart = ["Never", "OnFailure", "Always"];
    let modes = ["NonIndexed", "Indexed"];
    html! {
        <form class="job-form" id="job-form" aria-label={words.title}
              onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <p class="form-hint">{ words.hint }</p>
            { messages("jf-general-errors", words.other_errors, &general) }
            <fieldset>
                <legend>{ words.metadata }</legend>
                { text(&ctx, Field::new("jf-name", words.name, FormField::Name), &form.name, |f, v| f.name = v) }
                { text(&ctx, Field::new("jf-namespace", words.namespace, FormField::Namespace), &form.namespace, |f, v| f.namespace = v) }
                { textarea(&ctx, Field::new("jf-labels", words.labels, FormField::Labels).hint(words.pairs_hint), &form.labels, |f, v| f.labels = v) }
                { textarea(&ctx, Field::new("jf-annotations", words.annotations, FormField::Annotations).hint(words.pairs_hint), &form.annotations, |f, v| f.annotations = v) }
            </fieldset>
            <fieldset>
                <legend>{ words.spec }</legend>
                { text(&ctx, Field::new("jf-completions", words.completions, FormField::Completions).numeric(), &form.completions, |f, v| f.completions = v) }
                { text(&ctx, Field::new("jf-parallelism", words.parallelism, FormField::Parallelism).numeric(), &form.parallelism, |f, v| f.parallelism = v) }
                { choice(&ctx, Field::new("jf-restart-policy", words.restart_policy, FormField::RestartPolicy), &form.restart_policy, &restart, |f, v| f.restart_policy = v) }
                { text(&ctx, Field::new("jf-backoff-limit", words.backoff_limit, FormField::BackoffLimit).numeric(), &form.backoff_limit, |f, v| f.backoff_limit = v) }
                { text(&ctx, Field::new("jf-active-deadline", words.active_deadline, FormField::ActiveDeadlineSeconds).numeric(), &form.active_deadline_seconds, |f, v| f.active_deadline_seconds = v) }
                { text(&ctx, Field::new("jf-ttl", words.ttl, FormField::TtlSecondsAfterFinished).numeric(), &form.ttl_seconds_after_finished, |f, v| f.ttl_seconds_after_finished = v) }
                { check(&ctx, Field::new("jf-suspend", words.suspend, FormField::Suspend), form.suspend, |f, v| f.suspend = v) }
                { choice(&ctx, Field::new("jf-completion-mode", words.completion_mode, FormField::CompletionMode), &form.completion_mode, &modes, |f, v| f.completion_mode = v) }
            </fieldset>
            <fieldset>
                <legend>{ words.containers }</legend>
                { for (0..n).map(|i| container::container_view(&ctx, i)) }
                <button type="button" onclick={add_container}>{ words.add_container }</button>
            </fieldset>
            <fieldset>
                <legend>{ words.scheduling }</legend>
                { textarea(&ctx, Field::new("jf-node-selector", words.node_selector, FormField::NodeSelector).hint(words.pairs_hint), &form.node_selector, |f, v| f.node_selector = v) }
                { textarea(&ctx, Field::new("jf-required-affinity", words.required_affinity, FormField::RequiredAffinity).hint(words.required_hint), &form.required_affinity, |f, v| f.required_affinity = v) }
                { textarea(&ctx, Field::new("jf-preferred-affinity", words.preferred_affinity, FormField::PreferredAffinity).hint(words.preferred_hint), &form.preferred_affinity, |f, v| f.preferred_affinity = v) }
            </fieldset>
        </form>
    }
}

/// The form's place beside the editor: whether it is shown, and how many times it rewrote the
/// editor's text (added to the editor's version: a text replaced from outside the editor).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FormPane {
    pub open: bool,
    pub edits: u64,
}

/// The button that shows or hides the form.
pub fn form_toggle(pane: &UseStateHandle<FormPane>, words: &'static FormTexts) -> Html {
    let onclick = {
        let pane = pane.clone();
        Callback::from(move |_: MouseEvent| {
            pane.set(FormPane {
                open: !pane.open,
                ..*pane
            })
        })
    };
    let expanded = if pane.open { "true" } else { "false" };
    html! {
        <button type="button" class="form-toggle" aria-expanded={expanded}
                aria-controls="job-form" {onclick}>{ words.toggle }</button>
    }
}

/// The form when it is shown; its changes go to the editor's text as `Action::Edit`.
pub fn form_panel(
    pane: &UseStateHandle<FormPane>,
    text: &str,
    dispatch: &UseReducerDispatcher<AppState>,
    words: &'static FormTexts,
) -> Html {
    if !pane.open {
        return html! {};
    }
    let on_edit = {
        let (pane, dispatch) = (pane.clone(), dispatch.clone());
        Callback::from(move |text: String| {
            dispatch.dispatch(Action::Edit(text));
            pane.set(FormPane {
                edits: pane.edits.wrapping_add(1),
                ..*pane
            });
        })
    };
    html! {
        <section class="job-form-pane" aria-label={words.title}>
            <h3>{ words.title }</h3>
            <JobFormView text={AttrValue::from(text.to_string())} {words} {on_edit} />
        </section>
    }
}
