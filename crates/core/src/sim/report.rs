//! `jobsim run`: a scenario run to its end, printed as one JSON document or as a user would
//! watch it (`kubectl get pods -w` lines, events, `kubectl get jobs`).

use serde_json::{json, Value};

use crate::kubectl::{get_jobs, table};
use crate::probe::{Answer, ProbeError, ProbeResult};

use super::scenario::{self, Overrides};
use super::time::SimTime;
use super::world::World;

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

/// `jobsim run FILE [--json] [--summary] [--seed N] [--until D]`.
pub fn run(text: &str, overrides: Overrides, output: Output) -> ProbeResult {
    let world = simulate(text, overrides).map_err(ProbeError::malformed)?;
    let stdout = if output.json {
        let mut s = serde_json::to_string_pretty(&to_json(&world, output.summary))
            .map_err(|e| ProbeError::malformed(e.to_string()))?;
        s.push('\n');
        s
    } else {
        human(&world)
    };
    Ok(Answer::ok(stdout))
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
    let t = |v: Option<SimTime>| v.map(|v| time(world, v));
    let jobs: Vec<Value> = world
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
        .collect();
    let mut doc = json!({
        "endTime": time(world, world.now()),
        "eventsProcessed": world.events_processed,
        "jobs": jobs,
    });
    let cron_jobs: Vec<Value> = world
        .store
        .cron_jobs()
        .map(|(key, c)| {
            let status =
                serde_json::to_value(c.status.clone().unwrap_or_default()).unwrap_or(Value::Null);
            let syncs = world.cron_job_records.get(key).map_or(0, |r| r.syncs);
            json!({"name": key.1, "namespace": key.0, "status": status, "syncs": syncs})
        })
        .collect();
    if !cron_jobs.is_empty() {
        doc["cronJobs"] = Value::Array(cron_jobs);
    }
    let queues: Vec<Value> = world
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
        .collect();
    if !queues.is_empty() {
        doc["queues"] = Value::Array(queues);
    }
    if !summary {
        let mut pods: Vec<_> = world.pod_records.values().collect();
        pods.sort_by(|a, b| (a.created_at, a.name()).cmp(&(b.created_at, b.name())));
        let pods: Vec<Value> = pods
            .into_iter()
            .map(|p| {
                json!({
                    "name": p.name(), "job": p.job, "index": p.index, "node": p.node,
                    "createdAt": time(world, p.created_at), "startedAt": t(p.started_at),
                    "finishedAt": t(p.finished_at), "deletedAt": t(p.deleted_at),
                    "phase": p.phase, "exitCode": p.exit_code, "restarts": p.restarts,
                    "reason": p.reason,
                })
            })
            .collect();
        let events: Vec<Value> = world
            .events
            .iter()
            .map(|e| {
                let mut event = json!({
                    "time": time(world, e.time), "type": e.type_, "reason": e.reason,
                    "object": e.object, "message": e.message,
                });
                if !e.namespace.is_empty() {
                    event["namespace"] = json!(e.namespace);
                }
                event
            })
            .collect();
        doc["pods"] = Value::Array(pods);
        doc["events"] = Value::Array(events);
    }
    if !world.kubectl_log.is_empty() {
        let commands: Vec<Value> = world
            .kubectl_log
            .iter()
            .map(|k| {
                json!({
                    "time": time(world, k.time), "command": k.command,
                    "stdout": k.output.stdout, "stderr": k.output.stderr,
                    "exitCode": k.output.exit_code,
                })
            })
            .collect();
        doc["kubectl"] = Value::Array(commands);
    }
    doc
}

/// The scenario's `kubectl:` commands in the order they ran, each as a console shows it: the
/// prompt with its virtual time, then what it printed (stdout, then stderr).
fn kubectl_commands(world: &World) -> String {
    let mut out = String::new();
    for k in &world.kubectl_log {
        if out.is_empty() {
            out.push_str("\n# kubectl commands\n");
        }
        let command = k.command.trim();
        let command = command.strip_prefix("kubectl ").unwrap_or(command);
        out.push_str(&format!("[{}] $ kubectl {command}\n", k.time));
        out.push_str(&k.output.stdout);
        out.push_str(&k.output.stderr);
    }
    out
}

/// The run as a user would watch it.
pub fn human(world: &World) -> String {
    let mut rows = vec![vec![
        "TIME".to_string(),
        "NAME".into(),
        "READY".into(),
        "STATUS".into(),
        "RESTARTS".into(),
    ]];
    rows.extend(world.pod_lines.iter().map(|l| {
        vec![
            l.time.to_string(),
            l.pod.1.clone(),
            l.ready.to_string(),
            l.status.to_string(),
            l.restarts.to_string(),
        ]
    }));
    let mut out = String::from("# kubectl get pods -w\n");
    out.push_str(&table::render(&rows));
    // Every event as a component emitted it: `kubectl get events` shows what the API server
    // kept of them (combined, rate-limited, series).
    out.push_str("\n# events, as the components emitted them\n");
    let mut rows = vec![vec![
        "TIME".to_string(),
        "TYPE".into(),
        "REASON".into(),
        "OBJECT".into(),
        "MESSAGE".into(),
    ]];
    rows.extend(world.events.iter().map(|e| {
        vec![
            e.time.to_string(),
            e.type_.into(),
            e.reason.to_string(),
            e.object.to_string(),
            e.message.to_string(),
        ]
    }));
    out.push_str(&table::render(&rows));
    out.push_str(&kubectl_commands(world));
    out.push_str(&format!("\n# kubectl get jobs (at {})\n", world.now()));
    let now = world.wall(world.now());
    let mut rows = vec![get_jobs::HEADER.map(String::from).to_vec()];
    rows.extend(world.store.jobs().map(|(_, job)| get_jobs::row(job, now)));
    out.push_str(&table::render(&rows));
    out
}
