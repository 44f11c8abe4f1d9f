//! `kubectl get`: tables in the API server's columns, or the objects as yaml, json, jsonpath
//! or names.

use super::events;
use super::output::{self, Format};
use super::parse::Invocation;
use super::resources::{self, Filter, Object, Resource, Targets};
use super::selector::{FieldSelector, LabelSelector};
use super::CommandOutput;
use crate::kubectl::table;
use crate::sim::world::World;

/// Upstream: kubectl get.go (the message when no type is given).
const NO_TYPE: &str = "You must specify the type of resource to get. Use \"kubectl \
api-resources\" for a complete list of supported resources.\n\nerror: Required resource not \
specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource \
(e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples";

/// The namespace, label and field filter of `-n`/`-A`, `-l` and `--field-selector`.
pub fn filter(inv: &Invocation) -> Result<Filter, String> {
    Ok(Filter {
        namespace: if inv.switch("all-namespaces") {
            None
        } else {
            Some(inv.namespace().to_string())
        },
        labels: LabelSelector::parse(inv.value("selector").unwrap_or(""))?,
        fields: FieldSelector::parse(inv.value("field-selector").unwrap_or(""))?,
    })
}

/// `No resources found in default namespace.` (or `No resources found` with `-A`).
pub fn no_resources(filter: &Filter) -> String {
    match &filter.namespace {
        Some(ns) => format!("No resources found in {ns} namespace."),
        None => "No resources found".into(),
    }
}

// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/get/get.go RunGet
pub fn get(world: &World, inv: &Invocation) -> CommandOutput {
    match run(world, inv) {
        Ok(out) => out,
        Err(e) => CommandOutput::error(e),
    }
}

fn run(world: &World, inv: &Invocation) -> Result<CommandOutput, String> {
    let targets = Targets::parse(&inv.args)?;
    if targets.0.is_empty() {
        return Err(NO_TYPE.into());
    }
    let format = Format::parse(inv.value("output"))?;
    let filter = filter(inv)?;
    let named = targets.0.iter().any(|(_, names)| !names.is_empty());
    if named && filter.namespace.is_none() {
        return Err("error: a resource cannot be retrieved by name across all namespaces".into());
    }
    let mut out = CommandOutput::default();
    let mut groups: Vec<(Resource, Vec<Object<'_>>)> = Vec::new();
    for (resource, names) in &targets.0 {
        if *resource == Resource::Event {
            let t = events_output(world, inv, &filter, &format)?;
            if t.is_empty() {
                out.warn(no_resources(&filter));
            }
            out.stdout.push_str(&t);
            continue;
        }
        let objects = if names.is_empty() {
            resources::list(world, *resource, &filter)?
        } else {
            let ns = inv.namespace();
            let mut found = Vec::new();
            for name in names {
                match resources::find(world, *resource, ns, name) {
                    Ok(o) => found.push(o),
                    Err(e) => out.fail(e),
                }
            }
            found
        };
        let objects = match inv.value("sort-by") {
            Some(path) => output::sort_by(objects, path, |o| o.to_json())?,
            None => objects,
        };
        groups.push((*resource, objects));
    }
    let only_events = targets.0.iter().all(|(r, _)| *r == Resource::Event);
    if only_events {
        return Ok(out);
    }
    let objects: Vec<&Object<'_>> = groups.iter().flat_map(|(_, o)| o).collect();
    if objects.is_empty() {
        if out.exit_code == 0 && !matches!(format, Format::Yaml | Format::Json) {
            out.warn(no_resources(&filter));
            return Ok(out);
        }
        if out.exit_code != 0 {
            return Ok(out);
        }
    }
    match &format {
        Format::Name => {
            for o in &objects {
                out.say(format!("{}/{}", o.resource().singular(), o.meta().name()));
            }
        }
        Format::Yaml | Format::Json | Format::JsonPath(_) => {
            let single = targets.0.len() == 1 && targets.0[0].1.len() == 1 && objects.len() == 1;
            let value = if single {
                objects[0].to_json()
            } else {
                output::list(objects.iter().map(|o| o.to_json()).collect())
            };
            out.stdout.push_str(&output::structured(&format, &value)?);
        }
        Format::CustomColumns(columns) => {
            let mut rows = Vec::new();
            if !inv.switch("no-headers") {
                rows.push(columns.iter().map(|(header, _)| header.clone()).collect());
            }
            let values: Vec<_> = objects.iter().map(|o| o.to_json()).collect();
            rows.extend(output::custom_column_rows(columns, &values)?);
            out.stdout.push_str(&table::render(&rows));
        }
        Format::Table | Format::Wide => {
            let wide = format == Format::Wide;
            let mixed = groups.len() > 1;
            let now = world.wall(world.now());
            let mut tables = Vec::new();
            for (resource, objs) in &groups {
                let Some(first) = objs.first() else {
                    continue;
                };
                // Upstream: get.go (printWithNamespace is off for cluster-scoped resources)
                let with_namespace = filter.namespace.is_none() && resource.namespaced();
                let mut rows = Vec::new();
                if !inv.switch("no-headers") {
                    let mut h = output::header(first, wide);
                    if with_namespace {
                        h.insert(0, "NAMESPACE".into());
                    }
                    if inv.switch("show-labels") {
                        h.push("LABELS".into());
                    }
                    rows.push(h);
                }
                for o in objs {
                    let mut r = output::row(o, now, wide);
                    if mixed {
                        r[0] = format!("{}/{}", o.resource().singular(), r[0]);
                    }
                    if with_namespace {
                        r.insert(0, o.meta().namespace().to_string());
                    }
                    if inv.switch("show-labels") {
                        r.push(output::format_labels(o.meta().labels.as_deref()));
                    }
                    rows.push(r);
                }
                tables.push(table::render(&rows));
            }
            out.stdout.push_str(&tables.join("\n"));
        }
    }
    Ok(out)
}

/// `kubectl get events`: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, in the order the API server
/// lists them — by namespace, then by event name (the object's name, then the first time seen),
/// which kubectl does not re-sort (kubernetes/kubernetes#29838); or, with `-o`, the Event
/// objects themselves. Empty when there are none.
// Upstream: printers.go printEvent (eventColumnDefinitions)
fn events_output(
    world: &World,
    inv: &Invocation,
    filter: &Filter,
    format: &Format,
) -> Result<String, String> {
    let now = world.wall(world.now());
    let mut folded = Vec::new();
    for f in events::stored(world) {
        let in_namespace = filter
            .namespace
            .as_deref()
            .is_none_or(|ns| events::event_namespace(&f) == ns);
        let fields = || events::selectable_fields(&f);
        // An event has no labels: a label selector keeps only those its terms allow then.
        let labelled = filter.labels.matches(None);
        if in_namespace && labelled && filter.fields.matches(fields, Resource::Event)? {
            folded.push(f);
        }
    }
    folded.sort_by_cached_key(|f| {
        (
            events::event_namespace(f).to_string(),
            events::event_name(f),
        )
    });
    if let Some(path) = inv.value("sort-by") {
        folded = output::sort_by(folded, path, events::event_json)?;
    }
    if folded.is_empty() {
        return Ok(String::new());
    }
    let objects = || folded.iter().map(events::event_json);
    match format {
        Format::Table | Format::Wide => {}
        Format::Name => {
            return Ok(folded
                .iter()
                .map(|f| format!("event/{}\n", events::event_name(f)))
                .collect())
        }
        Format::Yaml | Format::Json | Format::JsonPath(_) => {
            return output::structured(format, &output::list(objects().collect()));
        }
        Format::CustomColumns(columns) => {
            let mut rows = Vec::new();
            if !inv.switch("no-headers") {
                rows.push(columns.iter().map(|(header, _)| header.clone()).collect());
            }
            rows.extend(output::custom_column_rows(
                columns,
                &objects().collect::<Vec<_>>(),
            )?);
            return Ok(table::render(&rows));
        }
    }
    let all = filter.namespace.is_none();
    let mut rows = Vec::new();
    if !inv.switch("no-headers") {
        rows.push(events::header(all));
    }
    for f in &folded {
        let mut r = events::row(f, now);
        if all {
            r.insert(0, events::event_namespace(f).to_string());
        }
        rows.push(r);
    }
    Ok(table::render(&rows))
}
