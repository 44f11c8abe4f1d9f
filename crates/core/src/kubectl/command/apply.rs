//! `kubectl apply -f FILE` and `kubectl create -f FILE` (the file's content is given by the
//! caller: the editor, a pipe, a scenario), `kubectl create job NAME --image=IMAGE [-- COMMAND]`
//! or `--from=cronjob/X`, `kubectl create cronjob NAME --image=IMAGE --schedule=…`,
//! `kubectl create priorityclass NAME --value=N` and `kubectl create namespace NAME`.

use super::parse::Invocation;
use super::CommandOutput;
use crate::sim::world::{ApplyMode, World};

// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go Run; create/create.go RunCreate
pub fn apply(
    world: &mut World,
    inv: &Invocation,
    stdin: Option<&str>,
    create: bool,
) -> CommandOutput {
    if create && inv.args.first().map(String::as_str) == Some("job") {
        return create_job(world, inv);
    }
    if create && matches!(inv.args.first().map(String::as_str), Some("cronjob" | "cj")) {
        return create_cron_job(world, inv);
    }
    if create
        && matches!(
            inv.args.first().map(String::as_str),
            Some("priorityclass" | "pc")
        )
    {
        return create_priority_class(world, inv);
    }
    if create
        && matches!(
            inv.args.first().map(String::as_str),
            Some("namespace" | "ns")
        )
    {
        return match inv.args.get(1) {
            None => CommandOutput::error(
                "error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples",
            ),
            Some(name) => match world.create_namespace(name) {
                Ok(line) => CommandOutput::ok(line + "\n"),
                Err(e) => CommandOutput::error(e),
            },
        };
    }
    let Some(file) = inv.value("filename") else {
        return CommandOutput::error(if create {
            "error: must specify one of -f and -k\n\nerror: unknown command \"\" for \"kubectl create\"".to_string()
        } else {
            "error: must specify one of -f and -k".to_string()
        });
    };
    let Some(text) = stdin else {
        return CommandOutput::error(format!("error: the path {file:?} does not exist"));
    };
    let mode = if create {
        ApplyMode::Create
    } else {
        ApplyMode::Apply
    };
    let mut out = CommandOutput::default();
    for result in world.apply_documents(text, mode, inv.value("namespace")) {
        match result {
            Ok(line) => out.say(line),
            Err(e) => out.fail(e),
        }
    }
    out
}

/// `kubectl create priorityclass NAME [--value=N] [--global-default] [--description=TEXT]
/// [--preemption-policy=POLICY]`: the class, created as its manifest would be.
// Upstream: kubectl/pkg/cmd/create/create_priorityclass.go (value 0, policy
// PreemptLowerPriority unless given)
fn create_priority_class(world: &mut World, inv: &Invocation) -> CommandOutput {
    let names = &inv.args[1..];
    if names.len() != 1 {
        return CommandOutput::error(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create priorityclass -h' for help and examples",
            names.len()
        ));
    }
    let text = inv.value("value").unwrap_or("0");
    let Ok(value) = text.parse::<i32>() else {
        let why = if text.parse::<i64>().is_ok() {
            "value out of range"
        } else {
            "invalid syntax"
        };
        return CommandOutput::error(format!(
            "error: invalid argument {text:?} for \"--value\" flag: strconv.ParseInt: parsing {text:?}: {why}"
        ));
    };
    let mut manifest = serde_json::json!({
        "apiVersion": "scheduling.k8s.io/v1",
        "kind": "PriorityClass",
        "metadata": { "name": names[0] },
        "value": value,
        "globalDefault": inv.switch("global-default"),
        "preemptionPolicy": inv.value("preemption-policy").unwrap_or("PreemptLowerPriority"),
    });
    if let Some(description) = inv.value("description").filter(|d| !d.is_empty()) {
        manifest["description"] = description.into();
    }
    let mut out = CommandOutput::default();
    for result in world.apply_documents(&manifest.to_string(), ApplyMode::Create, None) {
        match result {
            Ok(line) => out.say(line),
            Err(e) => out.fail(e),
        }
    }
    out
}

/// `kubectl create cronjob NAME --image=IMAGE --schedule=SCHEDULE [--restart=POLICY]
/// [-- COMMAND [ARG...]]`.
// Upstream: kubectl/pkg/cmd/create/create_cronjob.go (image and schedule required flags;
// Complete: restart OnFailure unless given)
fn create_cron_job(world: &mut World, inv: &Invocation) -> CommandOutput {
    let at_dash = inv.args_at_dash.unwrap_or(inv.args.len());
    let (names, command) = inv.args.split_at(at_dash);
    let Some(name) = names.get(1) else {
        return CommandOutput::error(
            "error: NAME is required for cronjob\nSee 'kubectl create cronjob -h' for help and examples",
        );
    };
    let missing: Vec<String> = ["image", "schedule"]
        .iter()
        .filter(|f| inv.value(f).is_none())
        .map(|f| format!("{f:?}"))
        .collect();
    if !missing.is_empty() {
        return CommandOutput::error(format!(
            "error: required flag(s) {} not set",
            missing.join(", ")
        ));
    }
    let image = inv.value("image").unwrap_or_default();
    let schedule = inv.value("schedule").unwrap_or_default();
    let restart = inv
        .value("restart")
        .filter(|r| !r.is_empty())
        .unwrap_or("OnFailure");
    let object = (name.as_str(), inv.namespace());
    match world.create_cron_job_with_image(object, (image, schedule, restart), command) {
        Ok(line) => CommandOutput::ok(line + "\n"),
        Err(e) => CommandOutput::error(e),
    }
}

/// `kubectl create job NAME --image=IMAGE [-- COMMAND [ARG...]]` or `--from=cronjob/X`: the
/// words after `--` are the container's command.
// Upstream: kubectl/pkg/cmd/create/create_job.go Complete/Validate/Run
fn create_job(world: &mut World, inv: &Invocation) -> CommandOutput {
    let at_dash = inv.args_at_dash.unwrap_or(inv.args.len());
    let (names, command) = inv.args.split_at(at_dash);
    let Some(name) = names.get(1) else {
        return CommandOutput::error(
            "error: NAME is required for job\nSee 'kubectl create job -h' for help and examples",
        );
    };
    match (inv.value("image"), inv.value("from")) {
        (Some(_), Some(_)) | (None, None) => CommandOutput::error(format!(
            "error: either --image or --from must be specified\nSee 'kubectl create job {name} -h' for help and examples"
        )),
        (None, Some(_)) if !command.is_empty() => {
            CommandOutput::error("error: cannot specify --from and command")
        }
        (Some(image), None) => {
            match world.create_job_with_image(name, inv.namespace(), image, command) {
                Ok(line) => CommandOutput::ok(line + "\n"),
                Err(e) => CommandOutput::error(e),
            }
        }
        (None, Some(from)) => match from.split_once('/') {
            Some(("cronjob" | "cronjobs" | "cj" | "cronjob.batch" | "cronjobs.batch", cj)) => {
                let key = (inv.namespace().to_string(), cj.to_string());
                match world.create_job_from_cron_job(name, &key) {
                    Ok(line) => CommandOutput::ok(line + "\n"),
                    Err(e) => CommandOutput::error(e),
                }
            }
            _ => CommandOutput::error(format!(
                "error: from must be an existing cronjob: {from}"
            )),
        },
    }
}
