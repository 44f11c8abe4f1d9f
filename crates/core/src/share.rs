//! A scenario in a link or a file: the playground's "Share", "Download" and "Open".
//!
//! A link carries the whole scenario in its fragment, `#s=` followed by the scenario's YAML
//! compressed with raw DEFLATE (RFC 1951) and encoded base64url without padding (RFC 4648 §5).
//! The fragment never reaches a server. What the user did while it ran — the faults from the
//! menus, the console's commands — is written into the scenario first ([`with_run`]) as
//! `actions:` entries at their times, with the seed of the run and the playback speed, so that
//! opening the link replays the same run.
//!
//! A link is untrusted input: [`decode`] refuses links longer than [`MAX_LINK_CHARS`], text that
//! is not base64url, data that is not raw DEFLATE, anything that inflates beyond
//! [`MAX_SCENARIO_BYTES`] (a zip bomb) and bytes that are not UTF-8, each with its own error.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::{decompress_to_vec_with_limit, DecompressError, TINFLStatus};
use serde_json::{json, Map, Value};

use crate::sim::scenario::{load, Action, ActionKind, Overrides, PodTarget};
use crate::yaml::{parse_documents, to_json, to_yaml};

/// The fragment's key: a link ends with `#s=…`.
pub const FRAGMENT_PREFIX: &str = "s=";

/// The longest encoded scenario a link may carry (browsers keep far longer URLs; a scenario
/// of a few Jobs takes a few hundred characters).
pub const MAX_LINK_CHARS: usize = 64 * 1024;

/// The largest scenario a link or a file may hold, in bytes.
pub const MAX_SCENARIO_BYTES: usize = 512 * 1024;

/// The annotation of the Simulation document that keeps the playback speed (`60`, `max`).
pub const SPEED_ANNOTATION: &str = "jobsim.dev/speed";
/// The annotation that names the lesson a shared scenario came from (`backoff-never`), so that
/// the opened page shows what to watch for.
pub const LESSON_ANNOTATION: &str = "jobsim.dev/lesson";

/// Why a link does not hold a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Longer than [`MAX_LINK_CHARS`].
    TooLong,
    /// Not base64url text.
    NotBase64,
    /// Not raw DEFLATE data, or cut short.
    NotDeflate,
    /// Inflates beyond [`MAX_SCENARIO_BYTES`].
    TooLarge,
    /// The scenario is not UTF-8 text.
    NotUtf8,
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ShareError::TooLong => "the link is too long to hold a scenario",
            ShareError::NotBase64 => "the link is damaged: it is not base64url text",
            ShareError::NotDeflate => "the link is damaged or cut short: it does not inflate",
            ShareError::TooLarge => "the link's scenario is larger than 512 KiB",
            ShareError::NotUtf8 => "the link's scenario is not UTF-8 text",
        };
        f.write_str(text)
    }
}

impl std::error::Error for ShareError {}

/// The scenario compressed and encoded for a link (without `#s=`).
pub fn encode(yaml: &str) -> String {
    URL_SAFE_NO_PAD.encode(compress_to_vec(yaml.as_bytes(), 9))
}

/// The scenario a link's encoded part holds.
pub fn decode(encoded: &str) -> Result<String, ShareError> {
    if encoded.len() > MAX_LINK_CHARS {
        return Err(ShareError::TooLong);
    }
    let compressed = URL_SAFE_NO_PAD
        .decode(encoded.trim())
        .map_err(|_| ShareError::NotBase64)?;
    let bytes = decompress_to_vec_with_limit(&compressed, MAX_SCENARIO_BYTES).map_err(
        |DecompressError { status, .. }| match status {
            TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::NotDeflate,
        },
    )?;
    String::from_utf8(bytes).map_err(|_| ShareError::NotUtf8)
}

/// The scenario of a page's fragment (`#s=…` or `s=…`); `None` when it holds no scenario.
pub fn from_fragment(fragment: &str) -> Option<Result<String, ShareError>> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    fragment.strip_prefix(FRAGMENT_PREFIX).map(decode)
}

/// What a run adds to its scenario: the seed it ran with, the playback speed and the user's
/// actions (in the order given, each at its time).
#[derive(Clone, Copy, Debug)]
pub struct Run<'a> {
    pub seed: u64,
    pub speed: Option<&'a str>,
    pub lesson: Option<&'a str>,
    pub actions: &'a [Action],
}

/// The scenario `text` with the run written into its Simulation document (one is added when
/// it has none): `spec.seed`, the speed annotation, and the actions appended to `spec.actions`.
/// The other documents are kept as they were written; the Simulation document is rewritten
/// (its comments are not kept). The result is checked by loading it.
pub fn with_run(text: &str, run: Run<'_>) -> Result<String, String> {
    let chunks = split_documents(text);
    let mut simulation = None;
    for (i, chunk) in chunks.iter().enumerate() {
        for doc in parse_documents(chunk.body) {
            let node = doc.content.map_err(|e| e.go_yaml_message())?;
            let (value, _) = to_json(&node).map_err(|e| e.message)?;
            if value.get("kind").and_then(Value::as_str) == Some("Simulation") {
                simulation = Some((i, value));
            }
        }
    }
    let (at, mut doc) = simulation.unwrap_or_else(|| {
        (
            usize::MAX,
            json!({
                "apiVersion": "jobsim.dev/v1alpha1",
                "kind": "Simulation",
                "metadata": { "name": "shared" },
            }),
        )
    });
    let Value::Object(root) = &mut doc else {
        return Err("Simulation: the document is not a mapping".into());
    };
    for (name, value) in [
        (SPEED_ANNOTATION, run.speed),
        (LESSON_ANNOTATION, run.lesson),
    ] {
        if let Some(value) = value {
            let annotations = child(child(root, "metadata")?, "annotations")?;
            annotations.insert(name.into(), Value::String(value.into()));
        }
    }
    let spec = child(root, "spec")?;
    spec.insert("seed".into(), Value::from(run.seed));
    let actions = spec
        .entry("actions")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(list) = actions else {
        return Err("Simulation: spec.actions is not a list".into());
    };
    let before = list.len();
    list.extend(run.actions.iter().map(action_json));
    let expected = list.len();
    let written = to_yaml(&doc);
    let mut out = String::new();
    if at == usize::MAX {
        out.push_str(&written);
        out.push_str("---\n");
    }
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            out.push_str(chunk.separator);
        }
        out.push_str(if i == at { &written } else { chunk.body });
    }
    let (scenario, _) = load(&out, Overrides::default()).map_err(|e| e.0)?;
    if scenario.seed != run.seed || scenario.actions.len() != expected {
        return Err(format!(
            "the scenario with the run does not read back: seed {} actions {} (expected {} and {} + {})",
            scenario.seed,
            scenario.actions.len(),
            run.seed,
            before,
            run.actions.len()
        ));
    }
    Ok(out)
}

/// The playback speed a scenario asks for (its Simulation's speed annotation).
pub fn speed(text: &str) -> Option<String> {
    simulation_annotation(text, SPEED_ANNOTATION)
}

/// The lesson a scenario says it came from (its Simulation's lesson annotation).
pub fn lesson(text: &str) -> Option<String> {
    simulation_annotation(text, LESSON_ANNOTATION)
}

fn simulation_annotation(text: &str, name: &str) -> Option<String> {
    parse_documents(text).into_iter().find_map(|doc| {
        let (value, _) = to_json(&doc.content.ok()?).ok()?;
        if value.get("kind").and_then(Value::as_str) != Some("Simulation") {
            return None;
        }
        value
            .pointer(&format!(
                "/metadata/annotations/{}",
                name.replace('/', "~1")
            ))
            .and_then(Value::as_str)
            .map(String::from)
    })
}

/// One document of a stream as written: its text and the `---` line before it ("" first).
struct Chunk<'a> {
    separator: &'a str,
    body: &'a str,
}

/// Splits a stream at its `---` lines as [`parse_documents`] does, keeping every byte.
fn split_documents(text: &str) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let (mut separator, mut start, mut offset) = ("", 0, 0);
    for line in text.split_inclusive('\n') {
        if line.starts_with("---") {
            chunks.push(Chunk {
                separator,
                body: &text[start..offset],
            });
            separator = line;
            start = offset + line.len();
        }
        offset += line.len();
    }
    chunks.push(Chunk {
        separator,
        body: &text[start..],
    });
    chunks
}

/// The mapping at `key` of `map`, made when missing or null.
fn child<'m>(
    map: &'m mut Map<String, Value>,
    key: &str,
) -> Result<&'m mut Map<String, Value>, String> {
    let slot = map.entry(key).or_insert(Value::Null);
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(map) => Ok(map),
        _ => Err(format!("Simulation: {key} is not a mapping")),
    }
}

/// An action as the scenario's `actions:` writes it.
fn action_json(action: &Action) -> Value {
    let target = |t: &PodTarget| match t {
        PodTarget::Name(pod) => json!({ "pod": pod }),
        PodTarget::JobIndex { job, index } => json!({ "job": job, "index": index }),
    };
    let node = |name: &String| json!({ "name": name });
    let (key, body) = match &action.kind {
        ActionKind::FailPod {
            target: t,
            exit_code,
        } => {
            let mut body = target(t);
            body["exitCode"] = Value::from(*exit_code);
            ("failPod", body)
        }
        ActionKind::OomKill { target: t } => ("oomKill", target(t)),
        ActionKind::DeletePod { target: t } => ("deletePod", target(t)),
        ActionKind::EvictPod { target: t } => ("evictPod", target(t)),
        ActionKind::EvictNode { name } => ("evictNode", node(name)),
        ActionKind::NodeDown { name } => ("nodeDown", node(name)),
        ActionKind::NodeUp { name } => ("nodeUp", node(name)),
        ActionKind::Cordon { name } => ("cordon", node(name)),
        ActionKind::Uncordon { name } => ("uncordon", node(name)),
        ActionKind::Drain { name } => ("drain", node(name)),
        ActionKind::ControllersDown { for_ } => (
            "controllersDown",
            json!({ "for": format!("{}ms", for_.as_millis()) }),
        ),
        ActionKind::Kubectl { command, stdin } => {
            let mut entry = json!({ "at": millis(action), "kubectl": command });
            if let Some(stdin) = stdin {
                entry["stdin"] = Value::String(stdin.clone());
            }
            return entry;
        }
    };
    json!({ "at": millis(action), key: body })
}

fn millis(action: &Action) -> String {
    format!("{}ms", action.at.as_millis())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::SimDuration;
    use proptest::prelude::*;

    const PI: &str = include_str!("lessons/scenarios/pi.yaml");

    #[test]
    fn a_scenario_round_trips_through_a_link() {
        let link = encode(PI);
        assert!(link.len() < PI.len(), "{} ≥ {}", link.len(), PI.len());
        assert!(link
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode(&link).as_deref(), Ok(PI));
        assert_eq!(
            from_fragment(&format!("#s={link}"))
                .and_then(Result::ok)
                .as_deref(),
            Some(PI)
        );
        assert_eq!(from_fragment("#other"), None);
    }

    #[test]
    fn a_link_made_by_another_deflate_opens() {
        // Made by the README's recipe (Python's zlib, raw DEFLATE, base64url without padding).
        let link = "SyzIDEstKs7Mz7NSSEosSc7QLzPkys7MS7FS8MpP4gIA";
        assert_eq!(
            decode(link).as_deref(),
            Ok("apiVersion: batch/v1\nkind: Job\n")
        );
    }

    #[test]
    fn damaged_links_say_what_is_wrong() {
        assert_eq!(decode("garbage!*"), Err(ShareError::NotBase64));
        assert_eq!(decode("Z2FyYmFnZQ"), Err(ShareError::NotDeflate));
        let link = encode(PI);
        assert_eq!(
            decode(&link[..link.len() / 2]),
            Err(ShareError::NotDeflate),
            "a link cut short"
        );
        assert_eq!(
            decode(&"A".repeat(MAX_LINK_CHARS + 1)),
            Err(ShareError::TooLong)
        );
        let latin1 = URL_SAFE_NO_PAD.encode(compress_to_vec(&[0xff, 0xfe, b'a'], 9));
        assert_eq!(decode(&latin1), Err(ShareError::NotUtf8));
        assert!(ShareError::NotDeflate.to_string().contains("cut short"));
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_fills_memory() {
        let bomb = encode(&"a".repeat(32 * 1024 * 1024));
        assert!(bomb.len() < MAX_LINK_CHARS, "{}", bomb.len());
        assert_eq!(decode(&bomb), Err(ShareError::TooLarge));
        let just_fits = "a".repeat(MAX_SCENARIO_BYTES);
        assert_eq!(
            decode(&encode(&just_fits)).map(|s| s.len()),
            Ok(MAX_SCENARIO_BYTES)
        );
    }

    #[test]
    fn markup_in_names_travels_as_text_and_is_refused_by_validation() {
        let hostile = PI.replace(
            "name: pi\nspec:\n  backoffLimit",
            "name: <script>alert(1)</script>\nspec:\n  backoffLimit",
        );
        assert_ne!(hostile, PI);
        let text = decode(&encode(&hostile)).expect("the link decodes");
        assert_eq!(text, hostile, "kept verbatim: the page shows it as text");
        let error = load(&text, Overrides::default()).expect_err("an invalid name");
        assert!(error.0.contains("metadata.name: Invalid value"), "{error}");
    }

    fn fail_pod(ms: u64) -> Action {
        Action {
            at: SimDuration::from_millis(ms),
            kind: ActionKind::FailPod {
                target: PodTarget::Name("pi-abcde".into()),
                exit_code: 3,
            },
        }
    }

    #[test]
    fn the_run_is_written_into_the_simulation_document() {
        let actions = [
            fail_pod(12_345),
            Action {
                at: SimDuration::from_millis(20_000),
                kind: ActionKind::Kubectl {
                    command: "kubectl scale job pi --replicas=2".into(),
                    stdin: None,
                },
            },
            Action {
                at: SimDuration::from_millis(21_000),
                kind: ActionKind::NodeDown {
                    name: "node-1".into(),
                },
            },
        ];
        let run = Run {
            seed: 7,
            speed: Some("60"),
            lesson: Some("pi"),
            actions: &actions,
        };
        let shared = with_run(PI, run).expect("written");
        let (scenario, _) = load(&shared, Overrides::default()).expect("loads");
        assert_eq!(scenario.seed, 7);
        assert_eq!(scenario.actions, actions);
        assert_eq!(scenario.name, "pi");
        assert_eq!(speed(&shared).as_deref(), Some("60"));
        assert_eq!(lesson(&shared).as_deref(), Some("pi"));
        let job_document = PI.split("---\n").nth(1).expect("the Job");
        assert!(shared.ends_with(job_document), "the Job is kept as written");
        let again = with_run(
            &shared,
            Run {
                actions: &[],
                ..run
            },
        )
        .expect("again");
        assert_eq!(
            load(&again, Overrides::default()).expect("loads").0.actions,
            actions
        );
    }

    #[test]
    fn a_scenario_without_a_simulation_gets_one() {
        let job = PI.split("---\n").nth(1).expect("the Job");
        let actions = [fail_pod(1_000)];
        let shared = with_run(
            job,
            Run {
                seed: 3,
                speed: None,
                lesson: None,
                actions: &actions,
            },
        )
        .expect("written");
        assert!(
            shared.starts_with("apiVersion: jobsim.dev/v1alpha1\n"),
            "{shared}"
        );
        let (scenario, _) = load(&shared, Overrides::default()).expect("loads");
        assert_eq!(
            (scenario.seed, scenario.actions.len(), scenario.jobs.len()),
            (3, 1, 1)
        );
        assert_eq!(speed(&shared), None);
    }

    #[test]
    fn a_scenario_that_does_not_load_is_refused_with_its_error() {
        let run = Run {
            seed: 1,
            speed: None,
            lesson: None,
            actions: &[],
        };
        assert!(with_run("kind: [", run).is_err());
        let bad = PI.replace("backoffLimit: 4", "backoffLimit: -4");
        let error = with_run(&bad, run).expect_err("invalid");
        assert!(error.contains("spec.backoffLimit"), "{error}");
    }

    proptest! {
        #[test]
        fn any_text_round_trips(text in any::<String>()) {
            prop_assert_eq!(decode(&encode(&text)), Ok(text));
        }

        #[test]
        fn any_link_decodes_or_fails_without_panic(link in "[A-Za-z0-9_=#!<>-]{0,200}") {
            let _ = from_fragment(&link);
            let _ = decode(&link);
        }

        #[test]
        fn any_bytes_inflate_or_fail_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode(&URL_SAFE_NO_PAD.encode(bytes));
        }

        #[test]
        fn any_text_with_a_run_is_written_or_refused_without_panic(text in "[a-z:\\- \n\\[\\]{}#]{0,120}") {
            let _ = with_run(&text, Run { seed: 1, speed: Some("1"), lesson: None, actions: &[] });
        }
    }
}
