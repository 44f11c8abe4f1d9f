//! The console: kubectl's command language (jobsim-core's `kubectl::command`) on the page's
//! world, laid out as kubectl prints it. `kubectl ` is optional; ↑/↓ recall the history; Tab
//! completes verbs, resource types and names; `get pods -w` follows the running clock until
//! Ctrl+C or Stop; `apply -f` without a file (or `-f -`) reads the editor.
//!
//! Commands that change the cluster are recorded as the scenario's `kubectl:` actions, so a
//! shared scenario replays them; reads (`get`, `describe`, `logs`, …) are not.

use jobsim_core::kubectl::command::{
    self, parse, tokenize, CommandOutput, LiveWatch, Resource, VERBS,
};
use jobsim_core::sim::scenario::ActionKind;
use jobsim_core::sim::world::World;
use yew::prelude::*;

use crate::i18n::Ui;
use crate::state::{Action, AppState, SimHandle};

/// At most this many commands stay in the console.
const MAX_ENTRIES: usize = 100;

/// A watch keeps its last this many lines.
const MAX_WATCH_LINES: usize = 500;

/// One command and what it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub command: String,
    pub stdout: String,
    pub stderr: String,
}

/// The console's commands, what they printed, and the history ↑/↓ walk.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transcript {
    pub entries: Vec<Entry>,
    pub history: Vec<String>,
}

impl Transcript {
    /// Adds a command and its output.
    pub fn push(&mut self, command: &str, output: CommandOutput) {
        let command = command.trim().to_string();
        if !command.is_empty() && self.history.last() != Some(&command) {
            self.history.push(command.clone());
        }
        self.entries.push(Entry {
            command,
            stdout: output.stdout,
            stderr: output.stderr,
        });
        if self.entries.len() > MAX_ENTRIES {
            self.entries.remove(0);
        }
    }

    /// Adds the lines a watch printed to the last command's output.
    pub fn extend_last(&mut self, lines: &str) {
        if let Some(entry) = self.entries.last_mut() {
            entry.stdout.push_str(lines);
            let count = entry.stdout.lines().count();
            if count > MAX_WATCH_LINES {
                let cut: String = entry
                    .stdout
                    .split_inclusive('\n')
                    .skip(count - MAX_WATCH_LINES)
                    .collect();
                entry.stdout = cut;
            }
        }
    }
}

/// What a console command did: its output, and the watch it started (`get pods -w`).
pub struct Ran {
    pub output: CommandOutput,
    pub watch: Option<LiveWatch>,
}

/// The commands that only read the cluster (not recorded as actions).
const READS: &[&str] = &["get", "describe", "logs", "explain", "version"];

/// Runs a console line on the world now; `editor` is what `-f -` reads.
pub fn run(world: &mut World, line: &str, editor: &str) -> Ran {
    let done = |output| Ran {
        output,
        watch: None,
    };
    let mut words = match tokenize(line) {
        Ok(words) => words,
        Err(e) => return done(CommandOutput::error(format!("error: {e}"))),
    };
    if words.first().map(String::as_str) == Some("kubectl") {
        words.remove(0);
    }
    if words.is_empty() {
        return done(CommandOutput::default());
    }
    // `apply -f` without a file reads the editor, as `-f -` does.
    let mut recorded = line.trim().to_string();
    if matches!(words.last().map(String::as_str), Some("-f" | "--filename")) {
        words.push("-".into());
        recorded.push_str(" -");
    }
    let inv = match parse(&words) {
        Ok(inv) => inv,
        Err(e) => return done(CommandOutput::error(e)),
    };
    if inv.verb == "get" && inv.switch("watch") {
        let (output, watch) = LiveWatch::start(world, inv);
        return Ran { output, watch };
    }
    if inv.verb.is_empty() || inv.switch("help") || READS.contains(&inv.verb.as_str()) {
        return done(command::run_words(world, &words, Some(editor)));
    }
    let stdin = (inv.value("filename") == Some("-")).then(|| editor.to_string());
    let before = world.kubectl_log.len();
    world.act(ActionKind::Kubectl {
        command: recorded,
        stdin,
    });
    done(
        world
            .kubectl_log
            .get(before)
            .map(|r| r.output.clone())
            .unwrap_or_default(),
    )
}

/// The names the console completes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    pub jobs: Vec<String>,
    pub pods: Vec<String>,
    pub nodes: Vec<String>,
    pub cronjobs: Vec<String>,
    pub namespaces: Vec<String>,
    pub priority_classes: Vec<String>,
}

impl Names {
    pub fn of(world: &World) -> Names {
        Names {
            jobs: world.store.jobs().map(|(k, _)| k.1.clone()).collect(),
            pods: world.store.pods().map(|(k, _)| k.1.clone()).collect(),
            nodes: world
                .store
                .nodes()
                .map(|n| n.metadata.name().to_string())
                .collect(),
            cronjobs: world.store.cron_jobs().map(|(k, _)| k.1.clone()).collect(),
            namespaces: world
                .store
                .namespaces()
                .map(|n| n.metadata.name().to_string())
                .collect(),
            priority_classes: world
                .store
                .priority_classes()
                .map(|c| c.metadata.name().to_string())
                .collect(),
        }
    }

    /// The names of a resource type as kubectl spells it (`jobs`, `job`, `po`, …).
    fn of_type(&self, resource: &str) -> Option<&[String]> {
        let names = match Resource::parse(resource).ok()? {
            Resource::Job => &self.jobs,
            Resource::Pod => &self.pods,
            Resource::Node => &self.nodes,
            Resource::CronJob => &self.cronjobs,
            Resource::Namespace => &self.namespaces,
            Resource::PriorityClass => &self.priority_classes,
            Resource::Event => return None,
        };
        Some(names)
    }
}

/// The resource types the console completes.
const TYPES: &[&str] = &[
    "cronjobs",
    "events",
    "jobs",
    "namespaces",
    "nodes",
    "pods",
    "priorityclasses",
];

/// Flags whose value is the next word.
const VALUE_FLAGS: &[&str] = &["-n", "--namespace", "-l", "--selector", "-o", "--output"];

/// A completed line, and the choices when the word is ambiguous.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub line: String,
    pub choices: Vec<String>,
}

/// Completes the last word of `line`: a verb, a resource type (or `type/name`), or a name.
pub fn complete(line: &str, names: &Names) -> Completion {
    let (head, current) = match line.rfind(char::is_whitespace) {
        Some(i) => line.split_at(i + 1),
        None => ("", line),
    };
    let mut args = Vec::new();
    let mut skip = false;
    for word in head.split_whitespace() {
        if std::mem::take(&mut skip) {
            continue;
        }
        if word.starts_with('-') {
            skip = VALUE_FLAGS.contains(&word);
            continue;
        }
        args.push(word);
    }
    if args.first() == Some(&"kubectl") {
        args.remove(0);
    }
    let candidates: Vec<String> = if current.starts_with('-') {
        Vec::new()
    } else {
        match args.as_slice() {
            [] => VERBS.iter().map(|(verb, _)| verb.to_string()).collect(),
            ["logs", ..] => names.pods.clone(),
            ["cordon" | "uncordon" | "drain", ..] => names.nodes.clone(),
            [_] => match current.split_once('/') {
                Some((resource, _)) => names
                    .of_type(resource)
                    .unwrap_or_default()
                    .iter()
                    .map(|n| format!("{resource}/{n}"))
                    .collect(),
                None => TYPES.iter().map(|t| t.to_string()).collect(),
            },
            [_, resource, ..] => names.of_type(resource).unwrap_or_default().to_vec(),
        }
    };
    let mut matching: Vec<String> = candidates
        .into_iter()
        .filter(|c| c.starts_with(current))
        .collect();
    matching.sort();
    matching.dedup();
    let line = match matching.as_slice() {
        [] => line.to_string(),
        [only] => format!("{head}{only} "),
        [first, rest @ ..] => {
            let common = rest.iter().fold(first.len(), |n, c| {
                first
                    .char_indices()
                    .zip(c.chars())
                    .take_while(|((i, a), b)| *i < n && a == b)
                    .count()
                    .min(n)
            });
            let prefix: String = first.chars().take(common).collect();
            format!("{head}{prefix}")
        }
    };
    let choices = if matching.len() > 1 {
        matching
    } else {
        Vec::new()
    };
    Completion { line, choices }
}

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub transcript: std::rc::Rc<Transcript>,
    pub watching: bool,
    /// The running cluster, whose names Tab completes (read when Tab is pressed: read every
    /// frame, it would cost each frame every pod the cluster ever ran).
    pub sim: Option<SimHandle>,
    pub dispatch: UseReducerDispatcher<AppState>,
    pub words: ConsoleWords,
}

/// The console's words (a component's props must be comparable).
#[derive(Clone, Copy, PartialEq)]
pub struct ConsoleWords {
    pub input: &'static str,
    pub hint: &'static str,
    pub run: &'static str,
    pub stop: &'static str,
    pub watching: &'static str,
    pub output: &'static str,
    pub clear: &'static str,
}

impl From<&Ui> for ConsoleWords {
    fn from(ui: &Ui) -> Self {
        ConsoleWords {
            input: ui.console_input,
            hint: ui.console_hint,
            run: ui.run,
            stop: ui.stop,
            watching: ui.watching,
            output: ui.console_output,
            clear: ui.clear,
        }
    }
}

/// The console region.
pub fn console_view(state: &AppState, dispatch: &UseReducerDispatcher<AppState>, ui: &Ui) -> Html {
    let sim = state.sim.clone().map(SimHandle);
    html! {
        <Console transcript={state.console.clone()} watching={state.watch.is_some()} {sim}
                 dispatch={dispatch.clone()} words={ConsoleWords::from(ui)} />
    }
}

#[function_component(Console)]
pub fn console(props: &ConsoleProps) -> Html {
    let input = use_state(String::new);
    // The history entry shown (counting back from the newest), while ↑/↓ walk it.
    let back = use_state(|| None::<usize>);
    let choices = use_state(Vec::<String>::new);
    let output = use_node_ref();
    {
        let output = output.clone();
        let lines: usize = props
            .transcript
            .entries
            .iter()
            .map(|e| e.stdout.len() + e.stderr.len() + 1)
            .sum();
        use_effect_with(lines, move |_| {
            if let Some(el) = output.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let submit = {
        let (input, back, choices, dispatch) = (
            input.clone(),
            back.clone(),
            choices.clone(),
            props.dispatch.clone(),
        );
        move || {
            dispatch.dispatch(Action::Command((*input).clone()));
            input.set(String::new());
            back.set(None);
            choices.set(Vec::new());
        }
    };
    let onkeydown = {
        let (input, back, choices) = (input.clone(), back.clone(), choices.clone());
        let history = props.transcript.history.clone();
        let (names, dispatch, watching) =
            (props.sim.clone(), props.dispatch.clone(), props.watching);
        let submit = submit.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                submit();
            }
            "ArrowUp" | "ArrowDown" => {
                e.prevent_default();
                let newest = history.len();
                let step = match (e.key() == "ArrowUp", *back) {
                    (true, None) => Some(0),
                    (true, Some(n)) => Some((n + 1).min(newest.saturating_sub(1))),
                    (false, Some(0) | None) => None,
                    (false, Some(n)) => Some(n - 1),
                };
                let shown = step.and_then(|n| history.get(newest.checked_sub(n + 1)?));
                input.set(shown.cloned().unwrap_or_default());
                back.set(step.filter(|_| shown.is_some()));
            }
            "Tab" if !e.shift_key() => {
                e.prevent_default();
                let names = names
                    .as_ref()
                    .map(|sim| Names::of(&sim.0.borrow().world))
                    .unwrap_or_default();
                let completion = complete(&input, &names);
                input.set(completion.line);
                choices.set(completion.choices);
            }
            "c" | "C" if e.ctrl_key() && watching => {
                e.prevent_default();
                dispatch.dispatch(Action::StopWatch);
            }
            _ => {}
        })
    };
    let oninput = {
        let input = input.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(el) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                input.set(el.value());
            }
        })
    };
    let onrun = {
        let submit = submit.clone();
        Callback::from(move |_: MouseEvent| submit())
    };
    let onstop = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::StopWatch))
    };
    let w = props.words;
    let last = props.transcript.entries.len().saturating_sub(1);
    let entries = props.transcript.entries.iter().enumerate().map(|(i, entry)| {
        html! {
            <div class="entry" data-testid="console-entry">
                <div class="prompt"><span aria-hidden="true">{ "$ " }</span>{ entry.command.clone() }</div>
                // kubectl's notes (`No resources found …`) come before a watch's lines.
                if !entry.stderr.is_empty() { <pre class="stderr">{ entry.stderr.clone() }</pre> }
                if !entry.stdout.is_empty() { <pre class="stdout">{ entry.stdout.clone() }</pre> }
                if props.watching && i == last {
                    <p class="watching" role="status">{ w.watching }</p>
                }
            </div>
        }
    });
    html! {
        <div class="console">
            <div class="console-output" ref={output} role="log" aria-label={w.output} tabindex="0">
                { for entries }
            </div>
            if !choices.is_empty() {
                <p class="choices" data-testid="console-choices">{ choices.join("  ") }</p>
            }
            <div class="console-line">
                <span class="prompt-sign" aria-hidden="true">{ "$" }</span>
                <input type="text" class="console-input" aria-label={w.input} placeholder={w.hint}
                       spellcheck="false" autocomplete="off" autocapitalize="off"
                       value={(*input).clone()} {oninput} {onkeydown} />
                <button type="button" class="primary" onclick={onrun}>{ w.run }</button>
                if props.watching {
                    <button type="button" class="stop" onclick={onstop}>{ crate::icons::stop() }{ w.stop }</button>
                }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobsim_core::sim::scenario::{load, Overrides};

    fn names() -> Names {
        Names {
            jobs: vec!["pi".into(), "puzzle".into()],
            pods: vec!["pi-abcde".into(), "pi-fghij".into()],
            nodes: vec!["node-1".into(), "node-2".into()],
            cronjobs: vec![],
            namespaces: vec!["default".into(), "team".into()],
            priority_classes: vec!["batch-low".into(), "system-node-critical".into()],
        }
    }

    fn completed(line: &str) -> (String, Vec<String>) {
        let c = complete(line, &names());
        (c.line, c.choices)
    }

    #[test]
    fn tab_completes_verbs_types_and_names() {
        assert_eq!(completed("desc").0, "describe ");
        assert_eq!(completed("kubectl desc").0, "kubectl describe ");
        assert_eq!(completed("get po").0, "get pods ");
        assert_eq!(completed("get pods pi-a").0, "get pods pi-abcde ");
        assert_eq!(
            completed("get pods -n default pi-f").0,
            "get pods -n default pi-fghij "
        );
        assert_eq!(completed("logs pi-f").0, "logs pi-fghij ");
        assert_eq!(completed("cordon n").0, "cordon node-");
        assert_eq!(completed("describe job/pu").0, "describe job/puzzle ");
        assert_eq!(completed("get nam").0, "get namespaces ");
        assert_eq!(completed("get ns te").0, "get ns team ");
        assert_eq!(completed("get pr").0, "get priorityclasses ");
        assert_eq!(
            completed("describe pc sys").0,
            "describe pc system-node-critical "
        );
        let (line, choices) = completed("get jobs p");
        assert_eq!(line, "get jobs p");
        assert_eq!(choices, ["pi", "puzzle"]);
        assert_eq!(
            completed("get pods --no-h").0,
            "get pods --no-h",
            "flags are left alone"
        );
        assert_eq!(completed("frobnicate x").0, "frobnicate x");
    }

    fn world() -> World {
        let text = jobsim_core::lessons::find("puzzle")
            .expect("lesson")
            .scenario;
        let (scenario, rng) = load(text, Overrides::default()).expect("loads");
        World::new(scenario, rng).expect("world")
    }

    #[test]
    fn reads_print_kubectls_table_and_are_not_recorded() {
        let mut world = world();
        let ran = run(&mut world, "kubectl get jobs", "");
        assert!(ran.output.stdout.starts_with("NAME"), "{:?}", ran.output);
        assert!(ran.output.stdout.contains("puzzle"));
        let ran = run(&mut world, "get nodes", "");
        assert_eq!(ran.output.exit_code, 0, "{:?}", ran.output);
        assert!(world.actions().is_empty());
        let bad = run(&mut world, "get 'jobs", "");
        assert_eq!(bad.output.exit_code, 1);
    }

    #[test]
    fn changes_are_recorded_as_actions_and_apply_reads_the_editor() {
        let mut world = world();
        let ran = run(&mut world, "scale job puzzle --replicas=1", "");
        assert_eq!(
            ran.output.stdout, "job.batch/puzzle scaled\n",
            "{:?}",
            ran.output
        );
        let editor = jobsim_core::lessons::find("pi").expect("lesson").scenario;
        let ran = run(&mut world, "apply -f", editor);
        assert_eq!(
            ran.output.stdout, "job.batch/pi created\n",
            "{:?}",
            ran.output
        );
        let recorded: Vec<_> = world
            .actions()
            .iter()
            .map(|a| match &a.kind {
                ActionKind::Kubectl { command, stdin } => (command.clone(), stdin.is_some()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            recorded,
            [
                ("scale job puzzle --replicas=1".to_string(), false),
                ("apply -f -".to_string(), true)
            ]
        );
    }

    #[test]
    fn a_watch_prints_each_pod_and_job_change_as_the_world_runs() {
        let mut world = world();
        let ran = run(&mut world, "get pods -w", "");
        let mut watch = ran.watch.expect("a live watch");
        assert!(world.actions().is_empty());
        world
            .advance_to(jobsim_core::sim::time::SimTime::from_millis(3_000), 10_000)
            .expect("runs");
        let lines = watch.poll(&world);
        assert!(lines.lines().count() >= 2, "{lines}");
        assert!(lines.contains("puzzle-"), "{lines}");
        assert_eq!(watch.poll(&world), "", "each change is printed once");
        let mut jobs = run(&mut world, "get jobs -w", "")
            .watch
            .expect("Jobs are watched");
        world
            .advance_to(
                jobsim_core::sim::time::SimTime::from_millis(60_000),
                100_000,
            )
            .expect("runs");
        assert!(
            jobs.poll(&world).contains("puzzle "),
            "a line per Job write"
        );
        assert!(run(&mut world, "get nodes -w", "").watch.is_none());
    }

    #[test]
    fn the_transcript_keeps_history_and_bounds_watches() {
        let mut t = Transcript::default();
        t.push("get pods", CommandOutput::ok("a\n"));
        t.push("get pods", CommandOutput::ok("b\n"));
        t.push("  ", CommandOutput::default());
        assert_eq!(t.history, ["get pods"]);
        assert_eq!(t.entries.len(), 3);
        t.extend_last(&"x\n".repeat(MAX_WATCH_LINES + 10));
        assert_eq!(t.entries[2].stdout.lines().count(), MAX_WATCH_LINES);
    }
}
