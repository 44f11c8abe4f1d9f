//! kubectl's command language over the virtual cluster: a command line in, what kubectl would
//! print out. The page's console, the scenario's `kubectl:` actions and `jobsim kubectl` share
//! [`run`].

use crate::sim::scenario::{self, Overrides};
use crate::sim::time::SimTime;
use crate::sim::world::{World, MAX_EVENTS};

mod apply;
mod delete;
mod describe;
mod describe_node;
mod describe_pod;
mod event_correlator;
mod event_series;
mod events;
mod events_command;
mod explain;
mod get;
mod jsonpath;
mod label;
mod logs;
mod namespaces;
mod nodes;
mod output;
mod parse;
mod patch;
mod priority_classes;
mod resources;
mod scale;
mod selector;
mod tokenize;
mod wait;
mod watch;

pub use events::{folded, source, Folded};
pub use parse::{parse, Invocation, VERBS};
pub use resources::Resource;
pub use tokenize::tokenize;
pub use watch::LiveWatch;

/// What a command printed, and its exit status (0 when it succeeded).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl CommandOutput {
    /// A success printing `stdout`.
    pub fn ok(stdout: impl Into<String>) -> Self {
        CommandOutput {
            stdout: stdout.into(),
            ..Default::default()
        }
    }

    /// A failure printing `stderr` (a newline is added when missing).
    pub fn error(stderr: impl Into<String>) -> Self {
        let mut out = CommandOutput {
            exit_code: 1,
            ..Default::default()
        };
        out.fail(stderr);
        out
    }

    /// Adds an error line to stderr and marks the command failed.
    pub fn fail(&mut self, line: impl Into<String>) {
        self.warn(line);
        self.exit_code = 1;
    }

    /// Adds a line to stderr without failing (`No resources found…`, deprecation notes).
    pub fn warn(&mut self, line: impl Into<String>) {
        self.stderr.push_str(&line.into());
        if !self.stderr.ends_with('\n') {
            self.stderr.push('\n');
        }
    }

    /// Adds a line to stdout.
    pub fn say(&mut self, line: impl Into<String>) {
        self.stdout.push_str(&line.into());
        if !self.stdout.is_empty() && !self.stdout.ends_with('\n') {
            self.stdout.push('\n');
        }
    }
}

/// Runs one kubectl command line on the world, now; `stdin` is what `-f -` reads (the
/// editor's content, a pipe, a scenario's manifest). A leading `kubectl` is optional.
pub fn run(world: &mut World, line: &str, stdin: Option<&str>) -> CommandOutput {
    match tokenize(line) {
        Ok(words) => run_words(world, &words, stdin),
        Err(e) => CommandOutput::error(format!("error: {e}")),
    }
}

/// Runs a command already split into words (a command line's arguments).
pub fn run_words(world: &mut World, words: &[String], stdin: Option<&str>) -> CommandOutput {
    let words = match words.split_first() {
        Some((first, rest)) if first == "kubectl" => rest,
        _ => words,
    };
    let inv = match parse(words) {
        Ok(inv) => inv,
        Err(e) => return CommandOutput::error(e),
    };
    if inv.switch("help") || inv.verb.is_empty() {
        return CommandOutput::ok(help(&inv.verb));
    }
    match inv.verb.as_str() {
        "get" if inv.switch("watch") => watch::watch(world, &inv),
        "get" => get::get(world, &inv),
        "events" => events_command::events(world, &inv),
        "describe" => describe::describe(world, &inv),
        "logs" => logs::logs(world, &inv),
        "delete" => delete::delete(world, &inv, stdin),
        "scale" => scale::scale(world, &inv),
        "patch" => patch::patch(world, &inv),
        "apply" => apply::apply(world, &inv, stdin, false),
        "create" => apply::apply(world, &inv, stdin, true),
        "label" => label::label(world, &inv, "labels"),
        "annotate" => label::label(world, &inv, "annotations"),
        "wait" => wait::wait(world, &inv),
        "cordon" => nodes::cordon(world, &inv, true),
        "uncordon" => nodes::cordon(world, &inv, false),
        "drain" => nodes::drain(world, &inv),
        "explain" => explain::explain(&inv),
        "version" => CommandOutput::ok(
            "Client Version: v1.35.0\nKustomize Version: v5.7.1\nServer Version: v1.35.0\n",
        ),
        // The virtual cluster runs no metrics-server, as a fresh cluster does not.
        // Upstream: kubectl/pkg/cmd/top (the error when the metrics.k8s.io API is not served)
        "top" => CommandOutput::error("error: Metrics API not available"),
        other => CommandOutput::error(format!("error: unknown command {other:?} for \"kubectl\"")),
    }
}

/// `jobsim kubectl SCENARIO [--at D] -- ARGS`: the scenario run to `at` (to its end without
/// it), then the command.
pub fn run_in_scenario(
    text: &str,
    at: Option<&str>,
    words: &[String],
    stdin: Option<&str>,
) -> Result<CommandOutput, String> {
    let (scenario, rng) = scenario::load(text, Overrides::default()).map_err(|e| e.0)?;
    let mut world = World::new(scenario, rng)?;
    match at {
        None => world.run()?,
        Some(d) => {
            let d = scenario::parse_duration(&serde_json::Value::String(d.into()))
                .map_err(|e| format!("--at: {e}"))?;
            world.advance_to(SimTime::ZERO.after(d), MAX_EVENTS)?;
        }
    }
    Ok(run_words(&mut world, words, stdin))
}

/// The short help of kubectl or of one of its commands.
fn help(verb: &str) -> String {
    let commands: Vec<&str> = parse::VERBS.iter().map(|(v, _)| *v).collect();
    if verb.is_empty() {
        format!(
            "kubectl controls the Kubernetes cluster manager.\n\n Find more information at: \
             https://kubernetes.io/docs/reference/kubectl/\n\nCommands simulated here:\n  {}\n\n\
             Usage:\n  kubectl [flags] [options]\n",
            commands.join(" ")
        )
    } else {
        let flags = parse::flags_of(verb);
        let lines: Vec<String> = flags
            .iter()
            .map(|f| {
                let short = f.short.map_or("    ".to_string(), |c| format!("-{c}, "));
                let value = if f.takes_value { "=VALUE" } else { "" };
                format!("    {short}--{}{value}", f.long)
            })
            .collect();
        format!(
            "Options:\n{}\n\nUsage:\n  kubectl {verb} [flags] [options]\n",
            lines.join("\n")
        )
    }
}
