//! `jobsim run`: a scenario run to its end, printed as one JSON document or as a user would
//! watch it (`kubectl get pods -w` lines, events, `kubectl get jobs`).

use std::borrow::Cow;
use std::io::{self, Write};

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{json, Value};

use crate::kubectl::{get_jobs, table};
use crate::probe::ProbeError;

use super::scenario::{self, Overrides};
use super::time::SimTime;
use super::world::{EventRecord, PodRecord, World};

/// How `jobsim run` prints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub json: bool,
    /// Leave out `pods` and `events` (with `json`).
    pub summary: bool,
}

/// Loads a scenario and runs it to its end.
pub fn simulate(text: &str, overrides: Overrides) -> Result<World, String> {
    let (scenario, rng) = scenario::load(text, overrides).map_err(|e| e.0)?;
    let mut world = World::new(scenario, rng)?;
    world.run()?;
    Ok(world)
}

/// Writes the run as `jobsim run` prints it: one JSON document (`--json`), or as a user would
/// watch it. Written as it goes, never held whole: the run of a million pods prints gigabytes.
pub fn write(world: &World, output: Output, out: &mut impl Write) -> io::Result<()> {
    if output.json {
        let document = Document {
            world,
            summary: output.summary,
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        out.write_all(b"\n")
    } else {
        write_human(world, out)
    }
}

/// Parses `--until`: `done` or a duration.
pub fn parse_until(text: &str) -> Result<scenario::Until, ProbeError> {
    if text == "done" {
        return Ok(scenario::Until::Done);
    }
    scenario::parse_duration(&Value::String(text.into()))
        .map(scenario::Until::After)
        .map_err(ProbeError::malformed)
}

fn time(world: &World, t: SimTime) -> String {
    world.wall(t).to_string()
}

/// The JSON document of scenario.md.
pub fn to_json(world: &World, summary: bool) -> Value {
    serde_json::to_value(Document { world, summary }).unwrap_or(Value::Null)
}

/// The JSON document of scenario.md, serialized as it is written. Its keys come in the order
/// of a JSON object of serde_json (sorted), so that the document printed and the one
/// [`to_json`] builds are the same.
struct Document<'a> {
    world: &'a World,
    /// Leave out `pods` and `events`.
    summary: bool,
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let world = self.world;
        let mut map = serializer.serialize_map(None)?;
        let cron_jobs = cron_jobs(world);
        if !cron_jobs.is_empty() {
            map.serialize_entry("cronJobs", &cron_jobs)?;
        }
        map.serialize_entry("endTime", &time(world, world.now()))?;
        if !self.summary {
            let events = || world.events.iter().map(|e| EventEntry::of(world, e));
            map.serialize_entry("events", &Lazy(events))?;
        }
        map.serialize_entry("eventsProcessed", &world.events_processed)?;
        map.serialize_entry("jobs", &jobs(world))?;
        if !world.kubectl_log.is_empty() {
            map.serialize_entry("kubectl", &kubectl(world))?;
        }
        if !self.summary {
            let mut pods: Vec<_> = world.pod_records.values().collect();
            pods.sort_by(|a, b| (a.created_at, a.name()).cmp(&(b.created_at, b.name())));
            let pods = || pods.iter().map(|p| PodEntry::of(world, p));
            map.serialize_entry("pods", &Lazy(pods))?;
        }
        let queues = queues(world);
        if !queues.is_empty() {
            map.serialize_entry("queues", &queues)?;
        }
        map.end()
    }
}

/// A sequence serialized from the iterator its function makes, never collected.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// A pod of the document; its fields in the order of their keys.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PodEntry<'a> {
    created_at: String,
    deleted_at: Option<String>,
    exit_code: Option<i32>,
    finished_at: Option<String>,
    index: Option<i64>,
    job: Option<&'a str>,
    name: &'a str,
    node: Option<&'a str>,
    phase: &'a str,
    reason: Option<&'a str>,
    restarts: i32,
    started_at: Option<String>,
}

impl<'a> PodEntry<'a> {
    fn of(world: &World, p: &'a PodRecord) -> Self {
        let t = |v: Option<SimTime>| v.map(|v| time(world, v));
        PodEntry {
            created_at: time(world, p.created_at),
            deleted_at: t(p.deleted_at),
            exit_code: p.exit_code,
            finished_at: t(p.finished_at),
            index: p.index,
            job: p.job.as_deref(),
            name: p.name(),
            node: p.node.as_deref(),
            phase: p.phase,
            reason: p.reason.as_deref(),
            restarts: p.restarts,
            started_at: t(p.started_at),
        }
    }
}

/// An event of the document; its fields in the order of their keys. A node's has no
/// namespace.
#[derive(Serialize)]
struct EventEntry<'a> {
    message: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    namespace: &'a str,
    object: &'a str,
    reason: &'a str,
    time: String,
    #[serde(rename = "type")]
    type_: &'a str,
}

impl<'a> EventEntry<'a> {
    fn of(world: &World, e: &'a EventRecord) -> Self {
        EventEntry {
            message: &e.message,
            namespace: &e.namespace,
            object: &e.object,
            reason: &e.reason,
            time: time(world, e.time),
            type_: e.type_,
        }
    }
}

fn jobs(world: &World) -> Vec<Value> {
    let t = |v: Option<SimTime>| v.map(|v| time(world, v));
    world
        .job_records
        .iter()
        .map(|(key, r)| {
            let status =
                serde_json::to_value(r.status.clone().unwrap_or_default()).unwrap_or(Value::Null);
            json!({
                "name": key.1, "namespace": key.0, "status": status,
                "podsCreated": r.pods_created, "maxActive": r.max_active,
                "reconciles": r.reconciles, "deletedAt": t(r.deleted_at),
            })
        })
        .collect()
}

fn cron_jobs(world: &World) -> Vec<Value> {
    world
        .store
        .cron_jobs()
        .map(|(key, c)| {
            let status =
                serde_json::to_value(c.status.clone().unwrap_or_default()).unwrap_or(Value::Null);
            let syncs = world.cron_job_records.get(key).map_or(0, |r| r.syncs);
            json!({"name": key.1, "namespace": key.0, "status": status, "syncs": syncs})
        })
        .collect()
}

fn queues(world: &World) -> Vec<Value> {
    world
        .work_queues()
        .values()
        .map(|q| {
            let history: Vec<Value> = q
                .history()
                .iter()
                .map(|s| {
                    json!({"time": time(world, s.time), "waiting": s.waiting,
                           "processing": s.processing})
                })
                .collect();
            json!({"name": q.name, "items": q.items, "done": q.done(), "history": history})
        })
        .collect()
}

fn kubectl(world: &World) -> Vec<Value> {
    world
        .kubectl_log
        .iter()
        .map(|k| {
            json!({
                "time": time(world, k.time), "command": k.command,
                "stdout": k.output.stdout, "stderr": k.output.stderr,
                "exitCode": k.output.exit_code,
            })
        })
        .collect()
}

/// The scenario's `kubectl:` commands in the order they ran, each as a console shows it: the
/// prompt with its virtual time, then what it printed (stdout, then stderr).
fn write_kubectl_commands(world: &World, out: &mut impl Write) -> io::Result<()> {
    if !world.kubectl_log.is_empty() {
        out.write_all(b"\n# kubectl commands\n")?;
    }
    for k in &world.kubectl_log {
        let command = k.command.trim();
        let command = command.strip_prefix("kubectl ").unwrap_or(command);
        writeln!(out, "[{}] $ kubectl {command}", k.time)?;
        out.write_all(k.output.stdout.as_bytes())?;
        out.write_all(k.output.stderr.as_bytes())?;
    }
    Ok(())
}

/// The run as a user would watch it.
pub fn human(world: &World) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_human(world, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn write_human(world: &World, out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"# kubectl get pods -w\n")?;
    let header = ["TIME", "NAME", "READY", "STATUS", "RESTARTS"];
    table::write(out, header, || {
        world.pod_lines.iter().map(|l| {
            [
                l.time.to_string().into(),
                Cow::Borrowed(&*l.pod.1),
                Cow::Borrowed(&*l.ready),
                Cow::Borrowed(&*l.status),
                l.restarts.to_string().into(),
            ]
        })
    })?;
    // Every event as a component emitted it: `kubectl get events` shows what the API server
    // kept of them (combined, rate-limited, series).
    out.write_all(b"\n# events, as the components emitted them\n")?;
    let header = ["TIME", "TYPE", "REASON", "OBJECT", "MESSAGE"];
    table::write(out, header, || {
        world.events.iter().map(|e| {
            [
                e.time.to_string().into(),
                Cow::Borrowed(e.type_),
                Cow::Borrowed(&*e.reason),
                Cow::Borrowed(&*e.object),
                Cow::Borrowed(&*e.message),
            ]
        })
    })?;
    write_kubectl_commands(world, out)?;
    writeln!(out, "\n# kubectl get jobs (at {})", world.now())?;
    let now = world.wall(world.now());
    let mut rows = vec![get_jobs::HEADER.map(String::from).to_vec()];
    rows.extend(world.store.jobs().map(|(_, job)| get_jobs::row(job, now)));
    out.write_all(table::render(&rows).as_bytes())
}
