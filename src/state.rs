//! The page's one reducer: the running world, the playback, the editor's text and what the user
//! selected. Every control sends an [`Action`]; the views only read [`AppState`].
//!
//! The world is not `PartialEq`: it lives behind `Rc<RefCell<…>>` and `revision` counts its
//! changes, so that two states compare equal only when nothing shown can differ.

use std::cell::RefCell;
use std::rc::Rc;

use jobsim_core::compare as pair;
use jobsim_core::kubectl::command::{CommandOutput, LiveWatch};
use jobsim_core::share::{self, ShareError};
use jobsim_core::sim::scenario::{load, ActionKind, Overrides};
use jobsim_core::sim::store::Key;
use jobsim_core::sim::time::SimTime;
use jobsim_core::sim::world::{object_label, Propagation, World};
use jobsim_core::yaml::to_yaml;
use yew::Reducible;

use crate::cluster::Chips;
use crate::compare::{Compare, CompareAction};
use crate::console::Transcript;
use crate::diagnostics::{diagnose, job_documents, load_error, Diagnostic};
use crate::events::EventIndex;
use crate::frames::SimBudget;

/// At most this many events are processed in one animation frame: a heavy moment slows the
/// virtual clock instead of freezing the page.
pub const FRAME_BUDGET: u64 = 2_000;

/// At most this many milliseconds of real time go to the simulation in one animation frame
/// (the rest is the page's drawing), on the browser's clock.
pub const FRAME_SIM_MS: f64 = 3.0;

/// Events processed between two looks at the real clock.
const SLICE: u64 = 50;

/// At most this many of the user's texts are kept aside.
pub const STASH_LIMIT: usize = 10;

/// A frame longer than this (a background tab, a debugger pause) counts as this long.
const MAX_FRAME_MS: f64 = 100.0;

/// The playback speeds: virtual time per real time, or as fast as the frame budget allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Speed {
    Times(u32),
    Max,
}

impl Speed {
    pub const ALL: [Speed; 5] = [
        Speed::Times(1),
        Speed::Times(10),
        Speed::Times(60),
        Speed::Times(600),
        Speed::Max,
    ];

    /// How a shared scenario writes the speed (`60`, `max`).
    pub fn name(self) -> String {
        match self {
            Speed::Times(n) => n.to_string(),
            Speed::Max => "max".into(),
        }
    }

    /// The speed a shared scenario names, if it is one of the page's.
    pub fn from_name(name: &str) -> Option<Speed> {
        Speed::ALL.into_iter().find(|s| s.name() == name.trim())
    }
}

/// The running cluster, what the page has read of it, and what it was made from.
pub struct Sim {
    pub world: World,
    /// The scenario text the world was loaded from, and the seed it ran with.
    pub source: String,
    pub seed: u64,
    /// How many of the world's actions the scenario itself had (the rest are the user's).
    pub scripted: usize,
    /// The events' objects and the Jobs' Warnings, read as the events arrive.
    pub events: EventIndex,
    /// The pods' chips (the cluster view's, the timeline's counts), worked out again only for
    /// the pods that changed.
    pub chips: Chips,
    /// How many of the world's kubectl commands the console shows already.
    shown: usize,
}

impl Sim {
    fn new(world: World, source: String, seed: u64) -> Sim {
        let scripted = world.actions().len();
        let mut sim = Sim {
            world,
            source,
            seed,
            scripted,
            events: EventIndex::default(),
            chips: Chips::default(),
            shown: 0,
        };
        sim.read_changes();
        sim
    }

    /// Reads the pods and the new events.
    fn read_changes(&mut self) {
        self.events.update(&self.world.events);
        self.chips.refresh(&mut self.world);
    }
}

/// The running cluster as a component's prop, compared by identity: a component given it also
/// takes what changes its drawing (the virtual time, say), so that it draws again only then.
#[derive(Clone)]
pub struct SimHandle(pub Rc<RefCell<Sim>>);

impl PartialEq for SimHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A message about the page itself (a link, a file), shown until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A shared scenario was opened from the page's link.
    LinkOpened,
    /// The page's link held no readable scenario.
    LinkBroken(ShareError),
    /// A scenario file was opened.
    FileOpened(String),
    /// A file could not be opened (too large, not text).
    FileRefused(FileProblem),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileProblem {
    TooLarge,
    NotText,
    Unreadable,
}

/// What the user picked in the cluster view or a Job card: its menu opens, the events follow
/// it, the Explain panel explains its Job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    Pod(Key),
    Node(String),
    Job(Key),
}

/// A change the user asks of a Job from its card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobControl {
    Suspend(bool),
    Scale(i32),
    Delete(Propagation),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// An animation frame: milliseconds of real time since the last one.
    Tick(f64),
    Play,
    Pause,
    /// Processes the next instant that has an event.
    Step,
    /// A fresh world from the editor's scenario, with the seed shown.
    Restart,
    SetSpeed(Speed),
    SetSeed(u64),
    /// The editor's text changed.
    Edit(String),
    /// Applies the editor's text: a fresh world at t = 0, `kubectl apply` of its Jobs later.
    Load,
    /// A fault from a pod's or a node's menu, applied now and recorded.
    Inject(ActionKind),
    Job(Key, JobControl),
    Select(Option<Selection>),
    /// Shows only the events of this object (`pod/pi-x`, `job/pi`), or all.
    FilterEvents(Option<String>),
    /// Play when paused, pause when playing (the space key).
    TogglePlay,
    /// A kubectl command line typed in the console (or sent by a pod's menu).
    Command(String),
    /// Ends the console's `get -w`.
    StopWatch,
    /// The editor's text replaced (a lesson, a file, a link) and loaded; the user's own text is
    /// put aside, recoverable. The lesson's id when it is one.
    Replace {
        text: String,
        lesson: Option<&'static str>,
    },
    /// Puts the text put aside back into the editor.
    Restore,
    Notify(Option<Notice>),
    /// Presentation mode on or off (the key `p`, the header's button).
    TogglePresentation,
    /// Compare on or off, or its right copy changed.
    Compare(CompareAction),
}

#[derive(Clone)]
pub struct AppState {
    pub sim: Option<Rc<RefCell<Sim>>>,
    /// Counts the changes of `sim`.
    pub revision: u64,
    pub playing: bool,
    pub speed: Speed,
    pub seed: u64,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// What the last Apply or control said (`job.batch/pi configured`, an error).
    pub messages: Vec<String>,
    pub selection: Option<Selection>,
    pub event_filter: Option<String>,
    /// The console's commands and what they printed.
    pub console: Rc<Transcript>,
    /// The console's `get -w` in progress.
    pub watch: Option<LiveWatch>,
    /// Counts the times the editor's text was replaced from outside the editor.
    pub text_version: u64,
    /// The user's own texts put aside when a lesson, file or link replaced them (the latest
    /// last, at most [`STASH_LIMIT`]).
    pub stash: Vec<String>,
    /// The lesson loaded last.
    pub lesson: Option<&'static str>,
    pub notice: Option<Notice>,
    /// Presentation mode: everything larger, for a projector.
    pub presenting: bool,
    /// The read-only view of an embedded link (`embed=1`): the scenario cannot be changed,
    /// only played, paused and restarted.
    pub embed: bool,
    /// Compare: the right copy run beside the page's world on the same clock.
    pub compare: Option<Rc<RefCell<Compare>>>,
    /// Fractions of a virtual millisecond not yet advanced.
    carry: f64,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
            && self.sim.as_ref().map(Rc::as_ptr) == other.sim.as_ref().map(Rc::as_ptr)
            && self.playing == other.playing
            && self.speed == other.speed
            && self.seed == other.seed
            && self.text == other.text
            && self.diagnostics == other.diagnostics
            && self.messages == other.messages
            && self.selection == other.selection
            && self.event_filter == other.event_filter
            && Rc::ptr_eq(&self.console, &other.console)
            && self.watch == other.watch
            && self.text_version == other.text_version
            && self.stash == other.stash
            && self.lesson == other.lesson
            && self.notice == other.notice
            && self.presenting == other.presenting
            && self.embed == other.embed
            && self.compare.as_ref().map(Rc::as_ptr) == other.compare.as_ref().map(Rc::as_ptr)
    }
}

impl AppState {
    /// The page's first state: `text` loaded, paused at t = 0.
    pub fn new(text: &str) -> AppState {
        let mut state = AppState {
            sim: None,
            revision: 0,
            playing: false,
            speed: Speed::Times(10),
            seed: 1,
            text: text.to_string(),
            diagnostics: Vec::new(),
            messages: Vec::new(),
            selection: None,
            event_filter: None,
            console: Rc::default(),
            watch: None,
            text_version: 0,
            stash: Vec::new(),
            lesson: None,
            notice: None,
            presenting: false,
            embed: false,
            compare: None,
            carry: 0.0,
        };
        state.load_editor(None);
        state
    }

    /// The page's first state: the text saved in the browser (else `default`), the text put
    /// aside before, and the scenario of the page's link (`#s=…`) when it has one — which
    /// then replaces the saved text, kept aside; a broken link only says so.
    pub fn start(
        default: &str,
        saved: Option<String>,
        stash: Vec<String>,
        fragment: Option<&str>,
    ) -> AppState {
        let mut state = AppState::new(saved.as_deref().unwrap_or(default));
        state.stash = stash;
        match fragment.and_then(share::from_fragment) {
            None => {}
            Some(Ok(text)) => {
                state.replace(text, None);
                state.notice = Some(Notice::LinkOpened);
            }
            Some(Err(e)) => state.notice = Some(Notice::LinkBroken(e)),
        }
        state
    }

    /// The scenario as it ran, for a link or a file: the text the world was loaded from with
    /// the seed, the speed and the user's actions written into it.
    pub fn scenario_with_run(&self) -> Result<String, String> {
        let Some(sim) = &self.sim else {
            return Ok(self.text.clone());
        };
        let sim = sim.borrow();
        let actions = sim.world.actions().get(sim.scripted..).unwrap_or_default();
        let speed = self.speed.name();
        share::with_run(
            &sim.source,
            share::Run {
                seed: sim.seed,
                speed: Some(&speed),
                lesson: self.lesson,
                actions,
            },
        )
    }

    /// The editor's text becomes `text`, loaded at t = 0; the user's own text (not a lesson's
    /// and not `text` itself) is put aside first.
    fn replace(&mut self, text: String, lesson: Option<&'static str>) {
        let preset = jobsim_core::lessons::LESSONS
            .iter()
            .any(|l| l.scenario == self.text);
        if !preset && self.text != text && !self.text.trim().is_empty() {
            let mine = std::mem::take(&mut self.text);
            self.stash.retain(|t| *t != mine);
            self.stash.push(mine);
            if self.stash.len() > STASH_LIMIT {
                self.stash.remove(0);
            }
        }
        if let Some(speed) = share::speed(&text).as_deref().and_then(Speed::from_name) {
            self.speed = speed;
        }
        if let Some(compare) = &self.compare {
            // A new scenario: the right copy starts again as the same text.
            compare.borrow_mut().text = text.clone();
        }
        // A shared lesson names itself, so the opened page says what to watch for.
        let named = share::lesson(&text).and_then(|id| jobsim_core::lessons::find(&id));
        self.lesson = lesson.or(named.map(|l| l.id));
        self.text = text;
        self.text_version += 1;
        self.notice = None;
        self.load_editor(None);
    }

    /// Runs a console command line on the world now.
    fn command(&mut self, sim: &Rc<RefCell<Sim>>, line: &str) {
        self.watch = None;
        let mut sim = sim.borrow_mut();
        let ran = crate::console::run(&mut sim.world, line, &self.text);
        self.watch = ran.watch;
        Rc::make_mut(&mut self.console).push(line, ran.output);
        sim.shown = sim.world.kubectl_log.len();
        sim.read_changes();
    }

    /// After the world moved: the pods and events read, the scenario's own `kubectl:` commands
    /// that ran (shown in the console as typed there), and the console's watch.
    fn follow(&mut self, sim: &mut Sim) {
        sim.read_changes();
        if let Some(ran) = sim.world.kubectl_log.get(sim.shown..) {
            if !ran.is_empty() {
                let console = Rc::make_mut(&mut self.console);
                for record in ran {
                    console.push(&record.command, record.output.clone());
                }
            }
        }
        sim.shown = sim.world.kubectl_log.len();
        if let Some(watch) = self.watch.as_mut() {
            let lines = watch.poll(&sim.world);
            if !lines.is_empty() {
                Rc::make_mut(&mut self.console).extend_last(&lines);
            }
        }
    }

    /// Runs `f` on the world, if one is loaded.
    pub fn with_world<T>(&self, f: impl FnOnce(&World) -> T) -> Option<T> {
        self.sim.as_ref().map(|sim| f(&sim.borrow().world))
    }

    /// A fresh world from `text` at t = 0 (with `seed` instead of the scenario's, if given).
    fn load_fresh(&mut self, text: &str, seed: Option<u64>) -> Result<(), String> {
        let (scenario, rng) = load(text, Overrides { seed, until: None }).map_err(|e| e.0)?;
        let seed = scenario.seed;
        let world = World::new(scenario, rng)?;
        self.seed = seed;
        self.sim = Some(Rc::new(RefCell::new(Sim::new(
            world,
            text.to_string(),
            seed,
        ))));
        self.watch = None;
        self.messages.clear();
        self.selection = None;
        self.event_filter = None;
        self.carry = 0.0;
        self.playing = false;
        if let Some(compare) = &self.compare {
            compare.borrow_mut().reload(seed);
        }
        Ok(())
    }

    /// The editor's scenario afresh at t = 0 with the seed shown (and the right copy, when
    /// comparing).
    pub(crate) fn restart(&mut self) {
        self.load_editor(Some(self.seed));
    }

    /// The editor's scenario becomes the world (Apply at t = 0, Restart); its errors are
    /// marked and the world running stays when it has any.
    fn load_editor(&mut self, seed: Option<u64>) {
        self.diagnostics = diagnose(&self.text);
        let text = self.text.clone();
        if let Err(e) = self.load_fresh(&text, seed) {
            if self.diagnostics.is_empty() {
                self.diagnostics.push(load_error(&e));
            }
            self.messages = vec![e];
            self.playing = false;
        }
    }

    /// `kubectl apply` of the editor's Jobs on the running world; each refusal is marked at
    /// its document's first line.
    fn apply_in_place(&mut self, sim: &Rc<RefCell<Sim>>) {
        self.diagnostics = diagnose(&self.text);
        if !self.diagnostics.is_empty() {
            self.messages = self.diagnostics.iter().map(|d| d.message.clone()).collect();
            return;
        }
        let mut messages = Vec::new();
        for (line, json) in job_documents(&self.text) {
            let manifest = serde_json::from_str(&json).map_or(json, |v| to_yaml(&v));
            let output = self.kubectl_action(sim, ActionKind::apply(manifest));
            messages.extend(output.stdout.lines().map(String::from));
            if !output.stderr.is_empty() {
                let message = output.stderr.trim_end().to_string();
                self.diagnostics.push(Diagnostic {
                    line,
                    message: message.clone(),
                });
                messages.push(message);
            }
        }
        self.messages = messages;
    }

    /// A `kubectl:` action now (a Job card's control, Apply on a running cluster): run and
    /// recorded by the world, shown in the console with what it printed.
    fn kubectl_action(&mut self, sim: &Rc<RefCell<Sim>>, kind: ActionKind) -> CommandOutput {
        let ActionKind::Kubectl { command, .. } = &kind else {
            return CommandOutput::default();
        };
        let command = command.clone();
        let mut sim = sim.borrow_mut();
        let before = sim.world.kubectl_log.len();
        sim.world.act(kind);
        let output = sim
            .world
            .kubectl_log
            .get(before)
            .map(|r| r.output.clone())
            .unwrap_or_default();
        Rc::make_mut(&mut self.console).push(&command, output.clone());
        sim.shown = sim.world.kubectl_log.len();
        self.follow(&mut sim);
        output
    }

    /// Plays a frame's worth of virtual time, within [`FRAME_BUDGET`] events and
    /// [`FRAME_SIM_MS`] of real time.
    fn tick(&mut self, sim: &Rc<RefCell<Sim>>, frame_ms: f64) {
        let budget = SimBudget::start(FRAME_SIM_MS);
        let mut sim = sim.borrow_mut();
        let compare = self.compare.clone();
        let mut compare = compare.as_ref().map(|c| c.borrow_mut());
        let mut right = compare.as_mut().and_then(|c| c.right.as_mut());
        let world = &mut sim.world;
        let outcome = match self.speed {
            Speed::Times(factor) => {
                let virtual_ms = frame_ms.clamp(0.0, MAX_FRAME_MS) * f64::from(factor) + self.carry;
                let whole = virtual_ms.floor();
                self.carry = virtual_ms - whole;
                // `whole` is at most 100 ms × 600: far inside u64.
                let from = right
                    .as_deref()
                    .map_or(world.now(), |r| pair::clock(world, r));
                let to = SimTime::from_millis(from.as_millis() + whole as u64);
                let mut outcome = Ok(());
                for _ in 0..FRAME_BUDGET / SLICE {
                    outcome = match right.as_deref_mut() {
                        Some(right) => pair::advance(world, right, to, SLICE),
                        None => world.advance_to(to, SLICE).map(|_| ()),
                    };
                    // At `to`, with no event due at `to` left.
                    let done =
                        |w: &World| w.now() >= to && w.next_event_at().is_none_or(|t| t > to);
                    let reached = done(world) && right.as_deref().is_none_or(done);
                    if outcome.is_err() || reached || budget.spent() {
                        break;
                    }
                }
                outcome
            }
            Speed::Max => {
                let mut outcome = Ok(());
                for _ in 0..FRAME_BUDGET / SLICE {
                    outcome = match right.as_deref_mut() {
                        Some(right) => pair::as_fast_as_possible(world, right, SLICE),
                        None => as_fast_as_possible(world, SLICE),
                    };
                    if outcome.is_err() || budget.spent() {
                        break;
                    }
                }
                outcome
            }
        };
        drop(compare);
        if let Err(e) = outcome {
            self.messages = vec![e];
            self.playing = false;
        }
        if crate::compare::finished(self.compare.as_ref(), &sim.world) {
            self.playing = false;
        }
        self.follow(&mut sim);
    }
}

/// Whether the action changes the scenario or the world beyond playing it (refused in the
/// read-only embed view).
fn changes_the_scenario(action: &Action) -> bool {
    matches!(
        action,
        Action::Edit(_)
            | Action::Load
            | Action::Inject(_)
            | Action::Job(..)
            | Action::Command(_)
            | Action::Replace { .. }
            | Action::Restore
            | Action::SetSeed(_)
            | Action::Compare(_)
    )
}

/// Steps instant by instant until `budget` events are spent or the run is over.
fn as_fast_as_possible(world: &mut World, budget: u64) -> Result<(), String> {
    let start = world.events_processed;
    while world.events_processed - start < budget && !world.finished() {
        if world.step()?.is_none() {
            break;
        }
    }
    Ok(())
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if self.embed && changes_the_scenario(&action) {
            return self;
        }
        let mut next = (*self).clone();
        let sim = next.sim.clone();
        match (action, sim) {
            (Action::Tick(ms), Some(sim)) if next.playing => next.tick(&sim, ms),
            (Action::Tick(_), _) => return self,
            (Action::Play, Some(sim)) => {
                next.playing =
                    !crate::compare::finished(next.compare.as_ref(), &sim.borrow().world);
                next.carry = 0.0;
            }
            (Action::Pause, _) => next.playing = false,
            (Action::Step, Some(sim)) => {
                let mut sim = sim.borrow_mut();
                let compare = next.compare.clone();
                let mut compare = compare.as_ref().map(|c| c.borrow_mut());
                let stepped = match compare.as_mut().and_then(|c| c.right.as_mut()) {
                    Some(right) => pair::step(&mut sim.world, right),
                    None => sim.world.step(),
                };
                drop(compare);
                if let Err(e) = stepped {
                    next.messages = vec![e];
                }
                next.follow(&mut sim);
                next.playing = false;
            }
            (Action::TogglePlay, Some(sim)) => {
                next.playing = !next.playing
                    && !crate::compare::finished(next.compare.as_ref(), &sim.borrow().world);
                next.carry = 0.0;
            }
            (Action::Restart, _) => next.restart(),
            (Action::Compare(action), _) => crate::compare::reduce(&mut next, action),
            (Action::SetSpeed(speed), _) => next.speed = speed,
            (Action::SetSeed(seed), _) => next.seed = seed,
            (Action::Edit(text), _) => next.text = text,
            (Action::Load, Some(sim)) if sim.borrow().world.now() > SimTime::ZERO => {
                next.apply_in_place(&sim)
            }
            (Action::Load, _) => next.load_editor(None),
            (Action::Inject(kind), Some(sim)) => {
                let mut sim = sim.borrow_mut();
                sim.world.act(kind);
                next.follow(&mut sim);
            }
            (Action::Command(line), Some(sim)) => next.command(&sim, &line),
            (Action::StopWatch, _) => next.watch = None,
            (Action::Replace { text, lesson }, _) => next.replace(text, lesson),
            (Action::Restore, _) => {
                if let Some(text) = next.stash.pop() {
                    next.replace(text, None);
                }
            }
            (Action::Notify(notice), _) => next.notice = notice,
            (Action::Job(key, control), Some(sim)) => {
                let kind = match control {
                    JobControl::Suspend(suspend) => ActionKind::suspend_job(&key, suspend),
                    JobControl::Scale(parallelism) => ActionKind::scale_job(&key, parallelism),
                    JobControl::Delete(propagation) => ActionKind::delete_job(&key, propagation),
                };
                let output = next.kubectl_action(&sim, kind);
                next.messages = (output.exit_code != 0)
                    .then(|| output.stderr.trim_end().to_string())
                    .into_iter()
                    .collect();
            }
            (Action::Select(selection), _) => {
                match &selection {
                    Some(Selection::Pod(key)) => {
                        let object = format!("pod/{}", key.1);
                        next.event_filter = Some(object_label(&key.0, &object).into_owned());
                    }
                    Some(Selection::Job(key)) => {
                        let object = format!("job/{}", key.1);
                        next.event_filter = Some(object_label(&key.0, &object).into_owned());
                    }
                    _ => {}
                }
                next.selection = selection;
            }
            (Action::TogglePresentation, _) => next.presenting = !next.presenting,
            (Action::FilterEvents(filter), _) => next.event_filter = filter,
            (
                Action::Play
                | Action::Step
                | Action::TogglePlay
                | Action::Inject(_)
                | Action::Command(_)
                | Action::Job(..),
                None,
            ) => return self,
        }
        next.revision += 1;
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::default_scenario;

    fn reduce(state: Rc<AppState>, actions: impl IntoIterator<Item = Action>) -> Rc<AppState> {
        actions.into_iter().fold(state, Reducible::reduce)
    }

    fn now_ms(state: &AppState) -> u64 {
        state
            .with_world(|w| w.now().as_millis())
            .unwrap_or_default()
    }

    #[test]
    fn the_default_scenario_loads_paused_at_zero_with_its_job() {
        let state = AppState::new(default_scenario());
        assert!(state.diagnostics.is_empty(), "{:?}", state.diagnostics);
        assert_eq!(now_ms(&state), 0);
        assert!(!state.playing);
        let jobs = state.with_world(|w| w.store.jobs().count());
        assert_eq!(jobs, Some(1));
    }

    #[test]
    fn a_frame_advances_virtual_time_by_the_speed_and_only_while_playing() {
        let state = Rc::new(AppState::new(default_scenario()));
        let paused = reduce(state.clone(), [Action::Tick(50.0)]);
        assert_eq!(now_ms(&paused), 0, "a paused clock does not move");
        let played = reduce(
            state,
            [
                Action::SetSpeed(Speed::Times(60)),
                Action::Play,
                Action::Tick(0.0),
                Action::Tick(50.0),
                Action::Tick(16.5),
                Action::Tick(16.5),
            ],
        );
        assert_eq!(now_ms(&played), (50 + 33) * 60);
        assert!(played.playing);
    }

    #[test]
    fn at_full_speed_the_job_completes_and_playback_stops() {
        let mut state = reduce(
            Rc::new(AppState::new(default_scenario())),
            [Action::SetSpeed(Speed::Max), Action::Play],
        );
        for _ in 0..100 {
            if !state.playing {
                break;
            }
            state = reduce(state, [Action::Tick(16.0)]);
        }
        assert!(!state.playing);
        let status = state.with_world(|w| {
            w.store
                .jobs()
                .map(|(_, j)| jobsim_core::kubectl::get_jobs::status(j))
                .collect::<Vec<_>>()
        });
        assert_eq!(status, Some(vec!["Complete"]));
    }

    #[test]
    fn bad_yaml_marks_errors_and_keeps_the_running_world() {
        let state = Rc::new(AppState::new(default_scenario()));
        let before = state.sim.clone();
        let bad = default_scenario().replace("backoffLimit: 4", "backoffLimit: -4");
        let after = reduce(state, [Action::Edit(bad.clone()), Action::Load]);
        assert_eq!(after.text, bad, "the text is not lost");
        assert!(Rc::ptr_eq(
            after.sim.as_ref().unwrap(),
            before.as_ref().unwrap()
        ));
        assert_eq!(after.diagnostics.len(), 1, "{:?}", after.diagnostics);
        assert_eq!(after.diagnostics[0].line, 15);
        assert!(after.diagnostics[0]
            .message
            .starts_with("spec.backoffLimit: Invalid value"));
        let unparsable = reduce(after, [Action::Edit("kind: [".into()), Action::Load]);
        assert!(!unparsable.diagnostics.is_empty());
    }

    #[test]
    fn a_failed_pod_under_never_shows_a_ten_second_backoff() {
        let mut state = reduce(
            Rc::new(AppState::new(default_scenario())),
            [Action::SetSpeed(Speed::Times(1)), Action::Play],
        );
        let running = |s: &AppState| {
            s.with_world(|w| {
                w.store
                    .pods()
                    .find(|(_, p)| jobsim_core::kubectl::get_pods::summary(p).status == "Running")
                    .map(|(k, _)| k.clone())
            })
            .flatten()
        };
        while running(&state).is_none() {
            assert!(now_ms(&state) < 60_000, "the pod never ran");
            state = reduce(state, [Action::Tick(100.0)]);
        }
        let pod = running(&state).expect("a running pod");
        state = reduce(
            state,
            [Action::Inject(ActionKind::FailPod {
                target: jobsim_core::sim::scenario::PodTarget::Name(pod.1),
                exit_code: 3,
            })],
        );
        state = reduce(state, [Action::Tick(100.0)]);
        let backoff = state.with_world(|w| {
            let (key, job) = w.store.jobs().next().expect("the job");
            let pods: Vec<_> = w
                .store
                .pods_of(key)
                .into_iter()
                .map(jobsim_core::controllers::job::pod::JobPod::from_pod)
                .collect();
            crate::jobs::countdowns(job, &pods, w.wall(w.now())).backoff
        });
        let (failures, delay, _) = backoff.flatten().expect("a backoff");
        assert_eq!(failures, 1);
        assert_eq!(crate::jobs::seconds(delay), "10s");
        assert_eq!(state.with_world(|w| w.actions().len()), Some(1));
    }

    /// Plays at full speed until the run is over.
    fn run_to_end(mut state: Rc<AppState>) -> Rc<AppState> {
        state = reduce(state, [Action::SetSpeed(Speed::Max), Action::Play]);
        for _ in 0..1_000 {
            if !state.playing {
                break;
            }
            state = reduce(state, [Action::Tick(16.0)]);
        }
        state
    }

    #[test]
    fn the_scenarios_own_kubectl_commands_show_in_the_console() {
        let scale = jobsim_core::lessons::find("scale")
            .expect("lesson")
            .scenario;
        let state = run_to_end(reduce(
            Rc::new(AppState::new("")),
            [Action::Replace {
                text: scale.into(),
                lesson: Some("scale"),
            }],
        ));
        let entry = state
            .console
            .entries
            .iter()
            .find(|e| e.command.contains("scale job"))
            .expect("the lesson's scale command in the console");
        assert_eq!(entry.stdout, "job.batch/scale scaled\n");
        assert!(entry.stderr.contains("kubectl scale job is DEPRECATED"));
        let shown = state.console.entries.len();
        let state = reduce(state, [Action::Tick(16.0)]);
        assert_eq!(state.console.entries.len(), shown, "each shown once");
    }

    fn events(state: &AppState) -> Vec<String> {
        state
            .with_world(|w| w.events.iter().map(|e| format!("{e:?}")).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_shared_run_replays_exactly_and_the_saved_text_is_kept_aside() {
        let puzzle = jobsim_core::lessons::find("puzzle")
            .expect("lesson")
            .scenario;
        let mut state = reduce(
            Rc::new(AppState::new("my own text")),
            [
                Action::Replace {
                    text: puzzle.into(),
                    lesson: Some("puzzle"),
                },
                Action::SetSpeed(Speed::Times(60)),
                Action::Play,
            ],
        );
        assert_eq!(
            state.stash,
            ["my own text"],
            "the user's text is kept aside"
        );
        while state.with_world(|w| w.now().as_millis()) < Some(4_000) {
            state = reduce(state, [Action::Tick(16.0)]);
        }
        let pod = state
            .with_world(|w| w.store.pods().next().map(|(k, _)| k.1.clone()))
            .flatten()
            .expect("a pod");
        state = reduce(
            state,
            [
                Action::Inject(ActionKind::OomKill {
                    target: jobsim_core::sim::scenario::PodTarget::Name(pod),
                }),
                Action::Command("kubectl get pods".into()),
                Action::Command("scale job puzzle --replicas=3".into()),
                Action::SetSpeed(Speed::Times(600)),
            ],
        );
        let shared = state.scenario_with_run().expect("shared");
        let state = run_to_end(state);
        let link = format!("#s={}", jobsim_core::share::encode(&shared));
        let opened = AppState::start(
            default_scenario(),
            Some("saved".into()),
            Vec::new(),
            Some(&link),
        );
        assert_eq!(opened.text, shared);
        assert_eq!(opened.stash, ["saved"]);
        assert_eq!(opened.notice, Some(Notice::LinkOpened));
        assert_eq!(opened.speed, Speed::Times(600));
        assert_eq!(
            opened.lesson,
            Some("puzzle"),
            "the lesson's text comes with it"
        );
        let replayed = run_to_end(Rc::new(opened));
        assert!(events(&state).len() > 5);
        assert_eq!(
            events(&replayed),
            events(&state),
            "the same run, event for event"
        );
        let restored = reduce(replayed, [Action::Restore]);
        assert_eq!(restored.text, "saved");
    }

    #[test]
    fn card_controls_and_apply_while_running_are_recorded_and_replay() {
        let mut state = reduce(
            Rc::new(AppState::new(default_scenario())),
            [Action::SetSpeed(Speed::Times(60)), Action::Play],
        );
        while now_ms(&state) < 3_000 {
            state = reduce(state, [Action::Tick(16.0)]);
        }
        let pi = ("default".to_string(), "pi".to_string());
        state = reduce(state, [Action::Job(pi.clone(), JobControl::Suspend(true))]);
        let suspended =
            state.with_world(|w| w.store.job(&pi).and_then(|j| j.spec.as_ref()?.suspend));
        assert_eq!(suspended, Some(Some(true)), "the card's click did it");
        for _ in 0..5 {
            state = reduce(state, [Action::Tick(16.0)]);
        }
        let edited = format!(
            "{}---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: late\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox\n        command: [echo, late]\n      restartPolicy: Never\n",
            default_scenario()
        );
        state = reduce(
            state,
            [
                Action::Job(pi.clone(), JobControl::Suspend(false)),
                Action::Job(pi.clone(), JobControl::Scale(2)),
                Action::Tick(16.0),
                Action::Edit(edited),
                Action::Load,
            ],
        );
        assert!(now_ms(&state) > 0);
        assert!(
            state
                .messages
                .contains(&"job.batch/late created".to_string()),
            "{:?}",
            state.messages
        );
        assert_eq!(
            state.console.history.last().map(String::as_str),
            Some("kubectl apply -f -"),
            "the console shows what the page ran"
        );
        let shared = state.scenario_with_run().expect("shared");
        for line in [
            r#"kubectl patch job pi --type=strategic --patch '{"spec":{"suspend":true}}'"#,
            r#"kubectl patch job pi --type=strategic --patch '{"spec":{"suspend":false}}'"#,
            "kubectl scale job pi --replicas=2",
            "kubectl apply -f -",
            "name: late",
        ] {
            assert!(shared.contains(line), "{line} in\n{shared}");
        }
        let live = run_to_end(state);
        let replayed = run_to_end(Rc::new(AppState::new(&shared)));
        let report = |s: &AppState| {
            s.with_world(|w| jobsim_core::sim::report::to_json(w, false).to_string())
                .unwrap_or_default()
        };
        assert!(report(&live).contains("\"late\""));
        assert_eq!(report(&replayed), report(&live), "the same run");
    }

    #[test]
    fn a_broken_link_says_so_and_keeps_the_saved_text() {
        for link in ["#s=garbage!", "#s=", "#s=AAAA"] {
            let state = AppState::start(
                default_scenario(),
                Some("mine".into()),
                Vec::new(),
                Some(link),
            );
            assert_eq!(state.text, "mine", "{link}");
            assert!(
                matches!(state.notice, Some(Notice::LinkBroken(_))),
                "{link}"
            );
        }
        let plain = AppState::start(default_scenario(), None, Vec::new(), Some("#top"));
        assert_eq!(plain.text, default_scenario());
        assert_eq!(plain.notice, None);
    }

    #[test]
    fn the_embed_view_plays_but_never_changes_the_scenario() {
        let mut embedded = AppState::new(default_scenario());
        embedded.embed = true;
        let pi = ("default".to_string(), "pi".to_string());
        let state = reduce(
            Rc::new(embedded),
            [
                Action::Edit("kind: Job".into()),
                Action::SetSeed(9),
                Action::Command("delete job pi".into()),
                Action::Step,
                Action::TogglePresentation,
                Action::Select(Some(Selection::Job(pi.clone()))),
            ],
        );
        assert_eq!(state.text, default_scenario());
        assert_eq!(state.seed, 1);
        assert!(state.with_world(|w| w.store.job(&pi).is_some()) == Some(true));
        assert!(now_ms(&state) > 0, "it still plays");
        assert!(state.presenting);
        assert_eq!(state.event_filter.as_deref(), Some("job/pi"));
    }

    #[test]
    fn restart_reloads_the_editors_scenario_with_the_seed_shown() {
        let state = reduce(
            Rc::new(AppState::new(default_scenario())),
            [
                Action::Step,
                Action::Step,
                Action::SetSeed(7),
                Action::Restart,
            ],
        );
        assert_eq!(now_ms(&state), 0);
        assert_eq!(state.seed, 7);
    }
}
