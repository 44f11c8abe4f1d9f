//! One container of the form: name, image and tag, command, args, env (each row's name
//! checked by the API server's rules), resources and the image pull policy.

use std::rc::Rc;

use jobsim_core::form::{ContainerField, ContainerForm, EnvVarForm, FormField, JobForm};
use yew::prelude::*;

use super::fields::{choice, messages, text, textarea, Edit, Field};
use super::Ctx;

/// Sets a field of container `i` (when it is still there).
fn at(
    i: usize,
    set: impl Fn(&mut ContainerForm, String) + 'static,
) -> impl Fn(&mut JobForm, String) + 'static {
    move |f, v| {
        if let Some(c) = f.containers.get_mut(i) {
            set(c, v)
        }
    }
}

/// A button that edits the form.
fn button(ctx: &Ctx, label: &'static str, class: &'static str, edit: Edit) -> Html {
    let onclick = ctx.change.reform(move |_: MouseEvent| edit.clone());
    html! { <button type="button" {class} {onclick}>{ label }</button> }
}

pub fn container_view(ctx: &Ctx, i: usize) -> Html {
    let w = ctx.words;
    let Some(c) = ctx.form.containers.get(i) else {
        return html! {};
    };
    let id = |name: &str| format!("jf-c{i}-{name}");
    let field = |f: ContainerField| FormField::Container(i, f);
    let env_len = c.env.len();
    let whole = ctx.messages_where(|f| match f {
        FormField::Container(j, ContainerField::Whole) => *j == i,
        FormField::Container(j, ContainerField::Resource(_, key)) => *j == i && key.is_empty(),
        FormField::Container(j, ContainerField::Env(e)) => *j == i && *e >= env_len,
        _ => false,
    });
    let resource = |bound: &str, key: &str| ContainerField::Resource(bound.into(), key.into());
    let pull = ["Always", "IfNotPresent", "Never"];
    let remove: Edit = Rc::new(move |f: &mut JobForm| {
        if i < f.containers.len() {
            f.containers.remove(i);
        }
    });
    let add_env: Edit = Rc::new(move |f: &mut JobForm| {
        if let Some(c) = f.containers.get_mut(i) {
            c.env.push(EnvVarForm::default());
        }
    });
    html! {
        <fieldset class="form-container">
            <legend>{ format!("{} {}", w.container, i + 1) }</legend>
            { messages(&id("errors"), "", &whole) }
            { text(ctx, Field::new(id("name"), w.container_name, field(ContainerField::Name)), &c.name, at(i, |c, v| c.name = v)) }
            <div class="form-pair">
                { text(ctx, Field::new(id("image"), w.image, field(ContainerField::Image)), &c.image, at(i, |c, v| c.image = v)) }
                { text(ctx, Field::new(id("tag"), w.tag, field(ContainerField::Image)), &c.tag, at(i, |c, v| c.tag = v)) }
            </div>
            { textarea(ctx, Field::new(id("command"), w.command, field(ContainerField::Command)).hint(w.lines_hint), &c.command, at(i, |c, v| c.command = v)) }
            { textarea(ctx, Field::new(id("args"), w.args, field(ContainerField::Args)).hint(w.lines_hint), &c.args, at(i, |c, v| c.args = v)) }
            <fieldset class="form-env">
                <legend>{ w.env }</legend>
                { for c.env.iter().enumerate().map(|(e, var)| env_row(ctx, i, e, var)) }
                { button(ctx, w.add_env, "", add_env) }
            </fieldset>
            <div class="form-grid">
                { text(ctx, Field::new(id("cpu-request"), w.cpu_request, field(resource("requests", "cpu"))), &c.cpu_request, at(i, |c, v| c.cpu_request = v)) }
                { text(ctx, Field::new(id("cpu-limit"), w.cpu_limit, field(resource("limits", "cpu"))), &c.cpu_limit, at(i, |c, v| c.cpu_limit = v)) }
                { text(ctx, Field::new(id("memory-request"), w.memory_request, field(resource("requests", "memory"))), &c.memory_request, at(i, |c, v| c.memory_request = v)) }
                { text(ctx, Field::new(id("memory-limit"), w.memory_limit, field(resource("limits", "memory"))), &c.memory_limit, at(i, |c, v| c.memory_limit = v)) }
                { text(ctx, Field::new(id("gpu-request"), w.gpu_request, field(resource("requests", jobsim_core::form::model::GPU_RESOURCE))), &c.gpu_request, at(i, |c, v| c.gpu_request = v)) }
                { text(ctx, Field::new(id("gpu-limit"), w.gpu_limit, field(resource("limits", jobsim_core::form::model::GPU_RESOURCE))), &c.gpu_limit, at(i, |c, v| c.gpu_limit = v)) }
            </div>
            { choice(ctx, Field::new(id("pull-policy"), w.pull_policy, field(ContainerField::ImagePullPolicy)), &c.image_pull_policy, &pull, at(i, |c, v| c.image_pull_policy = v)) }
            { button(ctx, w.remove_container, "danger", remove) }
        </fieldset>
    }
}

/// One env variable: its name and value, and the API server's words about it.
fn env_row(ctx: &Ctx, i: usize, e: usize, var: &EnvVarForm) -> Html {
    let w = ctx.words;
    let field = FormField::Container(i, ContainerField::Env(e));
    let set = move |set: fn(&mut EnvVarForm, String)| {
        at(i, move |c, v| {
            if let Some(var) = c.env.get_mut(e) {
                set(var, v)
            }
        })
    };
    let remove: Edit = Rc::new(move |f: &mut JobForm| {
        if let Some(c) = f.containers.get_mut(i) {
            if e < c.env.len() {
                c.env.remove(e);
            }
        }
    });
    html! {
        <div class="form-env-row">
            { text(ctx, Field::new(format!("jf-c{i}-env{e}-name"), w.env_name, field.clone()), &var.name, set(|v, s| v.name = s)) }
            { text(ctx, Field::new(format!("jf-c{i}-env{e}-value"), w.env_value, field).without_errors(), &var.value, set(|v, s| v.value = s)) }
            { button(ctx, w.remove_env, "", remove) }
        </div>
    }
}
