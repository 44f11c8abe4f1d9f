//! One field of the form: its label (`for` its input), its input, its hint and the API
//! server's errors about it, tied to the input by `aria-describedby`.

use std::rc::Rc;

use jobsim_core::form::{FormField, JobForm};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::Ctx;

/// A change to the form.
pub type Edit = Rc<dyn Fn(&mut JobForm)>;

/// Where a field is, what it is called and which errors it shows.
pub struct Field {
    pub id: String,
    pub label: &'static str,
    /// The field whose errors show here (none for a field that shares its row's errors).
    pub field: Option<FormField>,
    pub hint: Option<&'static str>,
    pub numeric: bool,
}

impl Field {
    pub fn new(id: impl Into<String>, label: &'static str, field: FormField) -> Field {
        Field {
            id: id.into(),
            label,
            field: Some(field),
            hint: None,
            numeric: false,
        }
    }

    pub fn hint(self, hint: &'static str) -> Field {
        Field {
            hint: Some(hint),
            ..self
        }
    }

    /// A field whose errors another field of its row shows.
    pub fn without_errors(self) -> Field {
        Field {
            field: None,
            ..self
        }
    }

    pub fn numeric(self) -> Field {
        Field {
            numeric: true,
            ..self
        }
    }
}

/// The text a field's input holds after an event.
fn value_of(e: &Event) -> String {
    let Some(target) = e.target() else {
        return String::new();
    };
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        input.value()
    } else if let Some(area) = target.dyn_ref::<HtmlTextAreaElement>() {
        area.value()
    } else if let Some(select) = target.dyn_ref::<HtmlSelectElement>() {
        select.value()
    } else {
        String::new()
    }
}

/// The edit setting a field to the text the event left in it.
fn edit_of<E: AsRef<Event>>(
    ctx: &Ctx,
    set: impl Fn(&mut JobForm, String) + 'static,
) -> Callback<E> {
    let set = Rc::new(set);
    ctx.change.reform(move |e: E| -> Edit {
        let value = value_of(e.as_ref());
        let set = set.clone();
        Rc::new(move |f: &mut JobForm| set(f, value.clone()))
    })
}

/// The label, the input, the hint and the errors of one field.
fn row(ctx: &Ctx, field: &Field, control: impl FnOnce(Option<String>, bool) -> Html) -> Html {
    let errors = field
        .field
        .as_ref()
        .map(|f| ctx.messages(f))
        .unwrap_or_default();
    let hint_id = format!("{}-hint", field.id);
    let error_id = format!("{}-errors", field.id);
    let described: Vec<&str> = [
        field.hint.map(|_| hint_id.as_str()),
        (!errors.is_empty()).then_some(error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    html! {
        <div class={classes!("form-row", (!errors.is_empty()).then_some("invalid"))}>
            <label for={field.id.clone()}>{ field.label }</label>
            { control(described, !errors.is_empty()) }
            if let Some(hint) = field.hint {
                <p class="form-hint" id={hint_id}>{ hint }</p>
            }
            { messages(&error_id, "", &errors) }
        </div>
    }
}

/// A list of error messages (nothing when there are none), titled when `title` is not empty.
pub fn messages(id: &str, title: &'static str, list: &[String]) -> Html {
    if list.is_empty() {
        return html! {};
    }
    html! {
        <div class="field-errors" id={id.to_string()}>
            if !title.is_empty() {
                <p>{ title }</p>
            }
            <ul>{ for list.iter().map(|m| html! { <li>{ m.clone() }</li> }) }</ul>
        </div>
    }
}

fn invalid(bad: bool) -> Option<AttrValue> {
    bad.then_some(AttrValue::Static("true"))
}

/// A one-line text field.
pub fn text(
    ctx: &Ctx,
    field: Field,
    value: &str,
    set: impl Fn(&mut JobForm, String) + 'static,
) -> Html {
    let oninput = edit_of::<InputEvent>(ctx, set);
    let (id, value) = (field.id.clone(), value.to_string());
    let mode = field.numeric.then_some("numeric");
    row(ctx, &field, |described, bad| {
        html! {
            <input type="text" {id} {value} {oninput} inputmode={mode} spellcheck="false"
                   aria-describedby={described} aria-invalid={invalid(bad)} />
        }
    })
}

/// A field of several lines.
pub fn textarea(
    ctx: &Ctx,
    field: Field,
    value: &str,
    set: impl Fn(&mut JobForm, String) + 'static,
) -> Html {
    let oninput = edit_of::<InputEvent>(ctx, set);
    let (id, value) = (field.id.clone(), value.to_string());
    let rows = value.lines().count().clamp(2, 8).to_string();
    row(ctx, &field, |described, bad| {
        html! {
            <textarea {id} {value} {oninput} {rows} spellcheck="false"
                      aria-describedby={described} aria-invalid={invalid(bad)} />
        }
    })
}

/// A choice among `options` (and "not set", and the value the YAML has when it is none of
/// them, so that the form shows what the text says).
pub fn choice(
    ctx: &Ctx,
    field: Field,
    value: &str,
    options: &[&'static str],
    set: impl Fn(&mut JobForm, String) + 'static,
) -> Html {
    let onchange = edit_of::<Event>(ctx, set);
    let id = field.id.clone();
    let mut all: Vec<String> = options.iter().map(|o| o.to_string()).collect();
    if !value.is_empty() && !options.contains(&value) {
        all.push(value.to_string());
    }
    let not_set = ctx.words.not_set;
    let value = value.to_string();
    row(ctx, &field, |described, bad| {
        html! {
            <select {id} {onchange} aria-describedby={described} aria-invalid={invalid(bad)}>
                <option value="" selected={value.is_empty()}>{ not_set }</option>
                { for all.into_iter().map(|o| html! {
                    <option selected={o == value} value={o.clone()}>{ o }</option>
                }) }
            </select>
        }
    })
}

/// A checkbox.
pub fn check(
    ctx: &Ctx,
    field: Field,
    value: bool,
    set: impl Fn(&mut JobForm, bool) + 'static,
) -> Html {
    let set = Rc::new(set);
    let onchange = ctx.change.reform(move |e: Event| -> Edit {
        let on = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            .is_some_and(|i| i.checked());
        let set = set.clone();
        Rc::new(move |f: &mut JobForm| set(f, on))
    });
    let id = field.id.clone();
    row(ctx, &field, |described, bad| {
        html! {
            <input type="checkbox" {id} checked={value} {onchange}
                   aria-describedby={described} aria-invalid={invalid(bad)} />
        }
    })
}
