//! `jobsim sync CASE`: one sync of the Job controller on a Job, its pods and a time
//! (spec/probes.md). The backoff memory starts empty, as after a controller restart, and the
//! pods that finished and are not yet counted are folded into it.

use jiff::{SignedDuration, Timestamp};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::{Job, JobCondition};
use crate::controllers::job::backoff::BackoffRecord;
use crate::controllers::job::explain_text::render;
use crate::controllers::job::pod::{ContainerView, JobPod, Phase};
use crate::controllers::job::spec::JobSettings;
use crate::controllers::job::sync::{sync_job, SyncInput, SyncOutcome};
use crate::lang::Language;
use crate::validation::defaults::default_job;

use super::{Answer, ProbeError, ProbeResult};

/// A case: the time, the Job and its pods.
#[derive(Debug, Deserialize)]
struct Case {
    now: String,
    job: Job,
    #[serde(default)]
    pods: Vec<CasePod>,
}

/// A pod as a case describes it; omitted fields take their zero value.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct CasePod {
    name: String,
    phase: Option<String>,
    index: Option<i64>,
    ready: bool,
    terminating: bool,
    created_at: Option<String>,
    finished_at: Option<String>,
    exit_code: i32,
    restart_count: i32,
    disruption: bool,
    counted: bool,
}

/// How to answer: the JSON of spec/probes.md, or the explanation in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Json,
    Explain(Language),
}

impl Output {
    /// The output the command-line flags ask for: `--explain` and `--lang en|zh`.
    pub fn from_flags(explain: bool, lang: &str) -> Result<Output, ProbeError> {
        match (explain, Language::parse(lang)) {
            (false, _) => Ok(Output::Json),
            (true, Some(language)) => Ok(Output::Explain(language)),
            (true, None) => Err(ProbeError::malformed(format!(
                "unknown --lang {lang:?}: use en or zh"
            ))),
        }
    }
}

/// Answers one `sync` case.
pub fn sync(case_text: &str, output: Output) -> ProbeResult {
    let mut case: Case = serde_json::from_str(case_text)
        .map_err(|e| ProbeError::malformed(format!("malformed case: {e}")))?;
    default_job(&mut case.job);
    let now = parse_time("now", &case.now)?;
    let settings = JobSettings::from_job(&case.job);
    let pods = case
        .pods
        .iter()
        .map(|p| job_pod(p, now, &settings.first_container))
        .collect::<Result<Vec<_>, _>>()?;
    let outcome = sync_job(SyncInput {
        job: &case.job,
        pods: &pods.iter().collect::<Vec<_>>(),
        now,
        backoff: BackoffRecord::default(),
        name_seed: 0,
    });
    let stdout = match output {
        Output::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&answer(&outcome)).unwrap_or_default()
        ),
        Output::Explain(language) => render(&outcome.explanation, language)
            .into_iter()
            .map(|l| l + "\n")
            .collect(),
    };
    Ok(Answer::ok(stdout))
}

fn parse_time(field: &str, text: &str) -> Result<Timestamp, ProbeError> {
    text.parse::<Timestamp>().map_err(|e| {
        ProbeError::malformed(format!("{field}: {text:?} is not an RFC 3339 time: {e}"))
    })
}

/// The controller's view of a case pod: one container (the template's first) that has
/// terminated with `exitCode` at `finishedAt` once the pod finished.
fn job_pod(pod: &CasePod, now: Timestamp, container: &str) -> Result<JobPod, ProbeError> {
    let phase = match pod.phase.as_deref() {
        None | Some("Pending") => Phase::Pending,
        Some("Running") => Phase::Running,
        Some("Succeeded") => Phase::Succeeded,
        Some("Failed") => Phase::Failed,
        Some("Unknown") => Phase::Unknown,
        Some(other) => {
            return Err(ProbeError::malformed(format!(
                "pod {:?}: unknown phase {other:?}",
                pod.name
            )))
        }
    };
    let created_at = match &pod.created_at {
        Some(text) => parse_time("createdAt", text)?,
        None => now,
    };
    let finished_at = pod
        .finished_at
        .as_deref()
        .map(|t| parse_time("finishedAt", t))
        .transpose()?;
    let terminated = matches!(phase, Phase::Succeeded | Phase::Failed);
    let mut view = JobPod::new(pod.name.clone(), phase);
    view.index = pod.index.filter(|i| *i >= 0);
    view.ready = pod.ready;
    view.terminating = pod.terminating;
    view.node_name = "node".to_string();
    view.created_at = Some(created_at);
    view.tracked = !pod.counted;
    view.containers.push(ContainerView {
        name: container.to_string(),
        init: false,
        exit_code: terminated.then_some(pod.exit_code),
        finished_at: if terminated { finished_at } else { None },
        restart_count: pod.restart_count,
    });
    if pod.disruption {
        view.conditions
            .push(("DisruptionTarget".into(), "True".into()));
    }
    Ok(view)
}

/// The answer of spec/probes.md.
fn answer(outcome: &SyncOutcome) -> Value {
    let status = &outcome.status;
    let mut deletes: Vec<&str> = outcome.deletes.iter().map(|d| d.name.as_str()).collect();
    deletes.sort_unstable();
    let mut indexes: Vec<i64> = outcome.creates.iter().filter_map(|c| c.index).collect();
    indexes.sort_unstable();
    json!({
        "create": outcome.creates.len(),
        "createIndexes": indexes,
        "delete": deletes,
        "status": {
            "active": status.active.unwrap_or(0),
            "ready": status.ready.unwrap_or(0),
            "succeeded": status.succeeded.unwrap_or(0),
            "failed": status.failed.unwrap_or(0),
            "terminating": status.terminating.unwrap_or(0),
            "completedIndexes": status.completed_indexes.clone().unwrap_or_default(),
            "failedIndexes": status.failed_indexes.clone().unwrap_or_default(),
            "startTime": status.start_time.map(|t| t.to_string()),
            "completionTime": status.completion_time.map(|t| t.to_string()),
            "conditions": status.conditions.iter().flatten().map(condition).collect::<Vec<_>>(),
        },
        "requeueAfterSeconds": outcome.requeue_after.map(seconds),
        "events": outcome.events.iter().map(|e| json!({ "type": e.type_, "reason": e.reason, "message": e.message })).collect::<Vec<_>>(),
        "removeFinalizers": outcome.remove_finalizers,
        "statusChanged": outcome.status_changed,
    })
}

fn condition(c: &JobCondition) -> Value {
    json!({
        "type": c.type_,
        "status": c.status,
        "reason": c.reason.clone().unwrap_or_default(),
        "message": c.message.clone().unwrap_or_default(),
        "lastProbeTime": c.last_probe_time.map(|t| t.to_string()),
        "lastTransitionTime": c.last_transition_time.map(|t| t.to_string()),
    })
}

/// Whole seconds as an integer, otherwise seconds with millisecond precision.
fn seconds(d: SignedDuration) -> Value {
    let millis = d.as_millis();
    if millis % 1000 == 0 {
        json!(millis / 1000)
    } else {
        json!(millis as f64 / 1000.0)
    }
}
