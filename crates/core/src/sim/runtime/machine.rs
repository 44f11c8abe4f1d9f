//! The state of one container's run: its virtual elapsed time, its log, the pipes between
//! commands, and a step budget that bounds every loop.

use std::collections::BTreeMap;

use super::image::{self, KnownImage};
use super::{ContainerInvocation, LogLine, Stream};
use crate::sim::time::SimDuration;

/// How many commands a container may run before jobsim takes it for an endless loop.
const STEP_BUDGET: u64 = 100_000;
/// How many log lines a container keeps; past that its output is dropped.
const LOG_LIMIT: usize = 100_000;
/// How deep shells and command substitutions may nest.
const MAX_NESTING: u32 = 64;

/// How a program ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Exit(i32),
    /// It never ends by itself.
    Forever,
    /// The runtime could not start it.
    StartError(String),
}

/// Where a program's output goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Out {
    Log(Stream),
    /// Into a pipe or a command substitution (an index into the open captures).
    Capture(usize),
    Discard,
}

/// Where a program's input comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// Nothing: a container's own input, `/dev/null`, a file.
    Empty,
    /// A pipe's buffer (an index into the open inputs), read as it is consumed.
    Pipe(usize),
}

/// A program's standard streams.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Io {
    pub stdin: Input,
    pub stdout: Out,
    pub stderr: Out,
}

impl Io {
    pub fn container() -> Self {
        Io {
            stdin: Input::Empty,
            stdout: Out::Log(Stream::Stdout),
            stderr: Out::Log(Stream::Stderr),
        }
    }
}

pub struct Machine<'a> {
    pub invocation: &'a ContainerInvocation<'a>,
    pub image: Option<KnownImage>,
    elapsed: u64,
    log: Vec<LogLine>,
    /// A line not yet ended by a newline, per stream, with the time its first part appeared.
    partial: BTreeMap<Stream, (u64, String)>,
    captures: Vec<String>,
    /// Pipe buffers being read, with how much has been read.
    inputs: Vec<(String, usize)>,
    steps: u64,
    /// How deep shells and command substitutions nest.
    depth: u32,
    /// A shell ran `trap … TERM`: the container ends on SIGTERM.
    pub traps_sigterm: bool,
}

impl<'a> Machine<'a> {
    pub fn new(invocation: &'a ContainerInvocation<'a>) -> Self {
        Machine {
            invocation,
            image: image::known(&invocation.image),
            elapsed: 0,
            log: Vec::new(),
            partial: BTreeMap::new(),
            captures: Vec::new(),
            inputs: Vec::new(),
            steps: 0,
            depth: 0,
            traps_sigterm: false,
        }
    }

    /// The log and the elapsed time, with unfinished lines ended; when the container `ended`,
    /// what its background jobs would have written later is lost with them.
    pub fn finish(mut self, ended: bool) -> (Vec<LogLine>, SimDuration) {
        for (stream, (at, text)) in std::mem::take(&mut self.partial) {
            self.push_line(at, stream, text);
        }
        self.log.sort_by_key(|line| line.at);
        let end = self.elapsed;
        if ended {
            self.log.retain(|line| line.at.as_millis() <= end);
        }
        (self.log, SimDuration::from_millis(self.elapsed))
    }

    pub fn elapsed(&self) -> SimDuration {
        SimDuration::from_millis(self.elapsed)
    }

    /// Goes back to `to`, after a background job ran ahead.
    pub fn rewind(&mut self, to: SimDuration) {
        self.elapsed = to.as_millis();
    }

    pub fn advance(&mut self, d: SimDuration) {
        self.elapsed = self.elapsed.saturating_add(d.as_millis());
    }

    /// Counts a command; false once the budget is spent.
    pub fn step(&mut self) -> bool {
        self.steps += 1;
        self.steps <= STEP_BUDGET
    }

    /// Enters a nested script; false when they nest too deep (an endless recursion).
    pub fn enter(&mut self) -> bool {
        self.depth += 1;
        self.depth <= MAX_NESTING
    }

    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    pub fn write(&mut self, out: Out, text: &str) {
        match out {
            Out::Discard => {}
            Out::Capture(index) => {
                if let Some(buffer) = self.captures.get_mut(index) {
                    buffer.push_str(text);
                }
            }
            Out::Log(stream) => {
                let mut rest = text;
                while !rest.is_empty() {
                    let (chunk, ended) = match rest.find('\n') {
                        Some(nl) => (&rest[..nl], true),
                        None => (rest, false),
                    };
                    rest = if ended { &rest[chunk.len() + 1..] } else { "" };
                    let now = self.elapsed;
                    let entry = self
                        .partial
                        .entry(stream)
                        .or_insert_with(|| (now, String::new()));
                    entry.1.push_str(chunk);
                    if ended {
                        if let Some((at, line)) = self.partial.remove(&stream) {
                            self.push_line(at, stream, line);
                        }
                    }
                }
            }
        }
    }

    fn push_line(&mut self, at: u64, stream: Stream, text: String) {
        if self.log.len() < LOG_LIMIT {
            self.log.push(LogLine {
                at: SimDuration::from_millis(at),
                stream,
                text,
            });
        }
    }

    /// Opens a capture (a pipe's buffer); its output goes to `Out::Capture(index)`.
    pub fn open_capture(&mut self) -> Out {
        self.captures.push(String::new());
        Out::Capture(self.captures.len() - 1)
    }

    /// Closes the last capture and returns what was written to it.
    pub fn close_capture(&mut self) -> String {
        self.captures.pop().unwrap_or_default()
    }

    /// Opens a pipe's buffer for reading.
    pub fn open_input(&mut self, text: String) -> Input {
        self.inputs.push((text, 0));
        Input::Pipe(self.inputs.len() - 1)
    }

    /// Closes the last opened input.
    pub fn close_input(&mut self) {
        self.inputs.pop();
    }

    /// The rest of the input.
    pub fn read_all(&mut self, input: Input) -> String {
        match input {
            Input::Empty => String::new(),
            Input::Pipe(index) => match self.inputs.get_mut(index) {
                Some((text, read)) => {
                    let rest = text.get(*read..).unwrap_or_default().to_string();
                    *read = text.len();
                    rest
                }
                None => String::new(),
            },
        }
    }

    /// The next line of the input, without its newline; `None` at its end.
    pub fn read_line(&mut self, input: Input) -> Option<String> {
        let Input::Pipe(index) = input else {
            return None;
        };
        let (text, read) = self.inputs.get_mut(index)?;
        let rest = text.get(*read..)?;
        if rest.is_empty() {
            return None;
        }
        let line = rest.split('\n').next().unwrap_or_default().to_string();
        *read = (*read + line.len() + 1).min(text.len());
        Some(line)
    }
}
