//! `kubectl events`: the events the API server keeps, in a namespace or all of them, for one
//! object (`--for TYPE/NAME`) and of some types (`--types`), the oldest first, with the object as
//! `Kind/name` and a repeated event's `(xN over …)`. `--watch` prints the listing only, as
//! `get -w` does for types other than pods.
// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/events/events.go (Run, SortableEvents),
// event_printer.go (printOneEvent, getInterval)

use super::events::{self, event_json, event_name, involved_object, Folded};
use super::output::{self, Format};
use super::parse::Invocation;
use super::resources::Resource;
use super::CommandOutput;
use crate::kubectl::describe_events::interval;
use crate::kubectl::table;
use crate::sim::world::World;

pub fn events(world: &World, inv: &Invocation) -> CommandOutput {
    match listing(world, inv) {
        Ok(out) => out,
        Err(e) => CommandOutput::error(e),
    }
}

fn listing(world: &World, inv: &Invocation) -> Result<CommandOutput, String> {
    let all = inv.switch("all-namespaces");
    let namespace = inv.namespace();
    let object = inv.value("for").map(for_object).transpose()?;
    // A string slice: repeated, or comma-separated.
    let types: Vec<&str> = inv
        .flags
        .get("types")
        .into_iter()
        .flatten()
        .flat_map(|v| v.split(','))
        .collect();
    if !types.iter().all(|t| is_type(t)) {
        return Err("error: valid --types are Normal or Warning".into());
    }
    let format = printer(inv.value("output"))?;
    let mut found: Vec<Folded> = events::stored(world)
        .into_iter()
        .filter(|f| all || events::event_namespace(f) == namespace)
        .filter(|f| object.as_ref().is_none_or(|o| f.object == *o))
        .filter(|f| {
            types.is_empty() || types.iter().any(|t| t.eq_ignore_ascii_case(&f.event.type_))
        })
        .collect();
    if found.is_empty() {
        let mut out = CommandOutput::default();
        out.warn(if all {
            "No events found.".to_string()
        } else {
            format!("No events found in {namespace} namespace.")
        });
        return Ok(out);
    }
    // As listed by the API server (by namespace and name), then by when each was last seen.
    found.sort_by_cached_key(|f| (events::event_namespace(f).to_string(), event_name(f)));
    found.sort_by_key(|f| f.event.last_timestamp);
    let text = match format {
        Format::Table => table_of(world, inv, &found, all),
        Format::Name => found
            .iter()
            .map(|f| format!("event/{}\n", event_name(f)))
            .collect(),
        _ => {
            let items: Vec<serde_json::Value> = found.iter().map(event_json).collect();
            let list = serde_json::json!({
                "apiVersion": "v1",
                "items": items,
                "kind": "EventList",
                "metadata": {"resourceVersion": ""},
            });
            output::structured(&format, &list)?
        }
    };
    Ok(CommandOutput::ok(text))
}

/// The object of `--for TYPE/NAME`, as events name it (`job/pi`).
fn for_object(arg: &str) -> Result<String, String> {
    let Some((kind, name)) = arg.split_once('/') else {
        return Err("error: --for must be in resource/name form".into());
    };
    if name.contains('/') {
        return Err(
            "error: arguments in resource/name form may not have more than one slash".into(),
        );
    }
    let resource = Resource::parse(kind)?;
    let kind = match resource {
        Resource::Job => "job",
        Resource::Pod => "pod",
        Resource::Node => "node",
        Resource::CronJob => "cronjob",
        Resource::PriorityClass => "priorityclass",
        Resource::Event => "event",
        Resource::Namespace => "namespace",
    };
    Ok(format!("{kind}/{name}"))
}

fn is_type(t: &str) -> bool {
    t.eq_ignore_ascii_case("Normal") || t.eq_ignore_ascii_case("Warning")
}

/// The formats `kubectl events -o` takes: its own table, or the objects.
// Upstream: cli-runtime print_flags.go (NewPrintFlags: JSON/YAML, name, templates; no wide)
fn printer(output: Option<&str>) -> Result<Format, String> {
    match Format::parse(output)? {
        Format::Wide | Format::CustomColumns(_) => Err(format!(
            "error: unable to match a printer suitable for the output format {:?}, allowed \
             formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,\
             jsonpath-file,name,template,templatefile,yaml",
            output.unwrap_or_default()
        )),
        format => Ok(format),
    }
}

fn table_of(world: &World, inv: &Invocation, found: &[Folded], all: bool) -> String {
    let now = world.wall(world.now());
    let mut rows = Vec::new();
    if !inv.switch("no-headers") {
        rows.push(events::header(all));
    }
    for f in found {
        let (kind, name) = involved_object(&f.object);
        let mut row = vec![
            interval(&f.event, now),
            f.event.type_.clone(),
            f.event.reason.clone(),
            format!("{kind}/{name}"),
            f.event.message.trim().to_string(),
        ];
        if all {
            row.insert(0, events::event_namespace(f).to_string());
        }
        rows.push(row);
    }
    table::render(&rows)
}
