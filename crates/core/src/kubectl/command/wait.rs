//! `kubectl wait --for=condition=Complete|Failed|Suspended[=false] job/NAME [--timeout=30s]`,
//! `--for=jsonpath='{.status.succeeded}'=1` (or a JSONPath that only has to find something) and
//! `--for=delete`. In the simulation kubectl's blocking is run-until: the world runs on, event
//! by event, until the condition holds or the timeout (30s by default) has passed in virtual
//! time.

use super::get::filter;
use super::parse::Invocation;
use super::resources::{self, Object, Resource, Targets};
use super::CommandOutput;
use crate::sim::scenario::parse_duration;
use crate::sim::store::Key;
use crate::sim::time::SimTime;
use crate::sim::world::World;

/// What is waited for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Goal {
    /// A condition of this type with this status (both in any case; True unless said).
    Condition {
        type_: String,
        status: String,
    },
    /// What a JSONPath template finds: this value, or anything when no value is given.
    JsonPath {
        template: String,
        value: Option<String>,
    },
    Delete,
}

/// At most this many events are run by one wait (a guard; a 30s wait needs far fewer).
const MAX_STEPS: u64 = 1_000_000;

// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/wait/wait.go RunWait, ConditionalWait
pub fn wait(world: &mut World, inv: &Invocation) -> CommandOutput {
    match run(world, inv) {
        Ok(out) => out,
        Err(e) => CommandOutput::error(e),
    }
}

fn goal(inv: &Invocation) -> Result<Goal, String> {
    let Some(spec) = inv.value("for") else {
        return Err(
            "error: --for must be specified\nSee 'kubectl wait -h' for help and examples".into(),
        );
    };
    if spec.eq_ignore_ascii_case("delete") {
        return Ok(Goal::Delete);
    }
    match spec.split_once('=') {
        Some((k, c)) if k.eq_ignore_ascii_case("condition") && !c.is_empty() => {
            let (type_, status) = c.split_once('=').unwrap_or((c, "true"));
            Ok(Goal::Condition {
                type_: type_.to_string(),
                status: status.to_string(),
            })
        }
        Some((k, path)) if k.eq_ignore_ascii_case("jsonpath") => json_path_goal(path),
        _ => Err(format!("error: unrecognized condition: {spec:?}")),
    }
}

/// `{.status.phase}=Running`, `.status.phase=Running` or `{.status.phase}` (anything found).
// Upstream: kubectl/pkg/cmd/wait/wait.go processJSONPathInput (relaxed: braces optional)
fn json_path_goal(input: &str) -> Result<Goal, String> {
    let bad = || {
        "error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or \
         --for=jsonpath='{.status.readyReplicas}'"
            .to_string()
    };
    let (expression, value) = match input.strip_prefix('{') {
        Some(inner) => {
            let close = inner.find('}').ok_or_else(bad)?;
            let value = match &inner[close + 1..] {
                "" => None,
                rest => Some(rest.strip_prefix('=').ok_or_else(bad)?),
            };
            (&inner[..close], value)
        }
        None => match input.split_once('=') {
            Some((expression, value)) => (expression, Some(value)),
            None => (input, None),
        },
    };
    if expression.trim().is_empty() || value.is_some_and(str::is_empty) {
        return Err(bad());
    }
    let template = format!("{{{expression}}}");
    // The template must parse (kubectl refuses a bad one before waiting).
    super::jsonpath::render(&template, &serde_json::Value::Null)?;
    Ok(Goal::JsonPath {
        template,
        value: value.map(str::to_string),
    })
}

fn holds(world: &World, resource: Resource, key: &Key, goal: &Goal) -> bool {
    let found = resources::find(world, resource, &key.0, &key.1).ok();
    match (goal, found) {
        (Goal::Delete, found) => found.is_none(),
        (_, None) => false,
        (Goal::JsonPath { template, value }, Some(o)) => {
            let found = super::jsonpath::render(template, &o.to_json()).unwrap_or_default();
            match value {
                Some(value) => found == *value,
                None => !found.is_empty(),
            }
        }
        (
            Goal::Condition {
                type_: c,
                status: want,
            },
            Some(o),
        ) => {
            // A condition of type X (any case) with the status asked (any case).
            let met = |type_: &str, status: &str| {
                type_.eq_ignore_ascii_case(c) && status.eq_ignore_ascii_case(want)
            };
            match o {
                Object::CronJob(_) | Object::Namespace(_) | Object::PriorityClass(_) => false,
                Object::Node(n) => n
                    .status
                    .iter()
                    .flat_map(|s| s.conditions.iter().flatten())
                    .any(|x| met(&x.type_, &x.status)),
                Object::Job(j) => j
                    .status
                    .iter()
                    .flat_map(|s| s.conditions.iter().flatten())
                    .any(|x| met(&x.type_, &x.status)),
                Object::Pod(p) => p
                    .status
                    .iter()
                    .flat_map(|s| s.conditions.iter().flatten())
                    .any(|x| met(&x.type_, &x.status)),
            }
        }
    }
}

fn run(world: &mut World, inv: &Invocation) -> Result<CommandOutput, String> {
    let goal = goal(inv)?;
    let timeout = parse_duration(&serde_json::Value::String(
        inv.value("timeout").unwrap_or("30s").to_string(),
    ))
    .map_err(|e| format!("error: invalid argument for \"--timeout\" flag: {e}"))?;
    let targets = Targets::parse(&inv.args)?;
    if targets.0.is_empty() {
        return Err(
            "error: resource must be specified\nSee 'kubectl wait -h' for help and examples".into(),
        );
    }
    let mut keys = Vec::new();
    let by_selector = inv.value("selector").is_some() || inv.switch("all");
    for (resource, names) in &targets.0 {
        if names.is_empty() {
            if !by_selector {
                return Err("error: resource(s) were provided, but no name was specified".into());
            }
            let found = resources::list(world, *resource, &filter(inv)?)?;
            if found.is_empty() {
                return Err("error: no matching resources found".into());
            }
            keys.extend(found.iter().map(|o| (*resource, o.key())));
        }
        for n in names {
            let key = (inv.namespace().to_string(), n.clone());
            if resources::find(world, *resource, &key.0, &key.1).is_err() {
                return Err(resources::not_found(*resource, n));
            }
            keys.push((*resource, key));
        }
    }
    let deadline: SimTime = world.now().after(timeout);
    let mut out = CommandOutput::default();
    for (resource, key) in keys {
        let mut steps = 0;
        while !holds(world, resource, &key, &goal) && world.now() < deadline && steps < MAX_STEPS {
            let due = world.next_event_at().filter(|t| *t <= deadline);
            let result = match due {
                Some(_) => world.step().map(|_| ()),
                None => world.advance_to(deadline, 1).map(|_| ()),
            };
            result.map_err(|e| format!("error: {e}"))?;
            steps += 1;
        }
        let name = format!("{}/{}", resource.singular(), key.1);
        if holds(world, resource, &key, &goal) {
            match goal {
                Goal::Delete => out.say(format!("{name} deleted")),
                Goal::Condition { .. } | Goal::JsonPath { .. } => {
                    out.say(format!("{name} condition met"))
                }
            }
        } else {
            // Upstream: kubectl/pkg/cmd/wait/wait.go extendErrWaitTimeout (the resource, no group)
            out.fail(format!(
                "error: timed out waiting for the condition on {}/{}",
                resource.name(),
                key.1
            ));
        }
    }
    Ok(out)
}
