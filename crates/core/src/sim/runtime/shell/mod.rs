//! `sh` and `bash`: the shell a Job's command so often is (`sh -c "echo … && sleep 5"`).
//! [`parse`] reads the language; [`exec`] runs it in the virtual machine, where programs
//! take virtual time and write to the container's log. Error messages follow the shell behind
//! the name: BusyBox ash, dash or bash (see [`ShellFlavor`]).

mod arith;
mod builtins;
mod exec;
mod expand;
mod glob;
pub mod parse;
mod test_builtin;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::image::ShellFlavor;
use super::machine::{Input, Io, Machine, Status};
use crate::sim::time::SimDuration;
use exec::Flow;
use parse::SyntaxError;

/// A shell's state: variables, positional parameters, options and the last status.
#[derive(Clone, Debug)]
pub struct Shell<'e> {
    pub flavor: ShellFlavor,
    /// `$0`, and the prefix of its messages.
    pub name: String,
    /// The variables: those of the environment it started with, until one is set or unset.
    pub vars: Cow<'e, BTreeMap<String, String>>,
    /// The environment it started with.
    env: &'e BTreeMap<String, String>,
    /// The exported names, once one is exported or unset: until then, the environment's.
    exported: Option<BTreeSet<String>>,
    pub positional: Vec<String>,
    pub last: i32,
    pub errexit: bool,
    pub xtrace: bool,
    pub pipefail: bool,
    /// The line of the command running, for dash's and bash's messages.
    pub line: u32,
    /// How deep in an `if`/`while` condition or a `&&`/`||` left side: `set -e` ignores
    /// failures there.
    pub tested: u32,
    /// The status of the last command substitution of the command being expanded.
    pub substituted: Option<i32>,
    /// The functions defined so far.
    pub functions: BTreeMap<String, parse::Node>,
    /// When the background jobs (`&`) end, and whether one never does.
    pub jobs_end: SimDuration,
    pub jobs_forever: bool,
}

/// Runs `argv` (`sh -c SCRIPT [NAME [ARG…]]`, `sh` reading its input, `sh FILE`).
// Upstream: BusyBox shell/ash.c procargs, dash src/options.c procargs, bash shell.c.
pub fn run(
    machine: &mut Machine,
    flavor: ShellFlavor,
    argv: &[String],
    env: &BTreeMap<String, String>,
    io: &Io,
) -> Status {
    let invoked_as = argv.first().cloned().unwrap_or_else(|| "sh".to_string());
    let mut shell = Shell {
        flavor,
        name: invoked_as,
        vars: Cow::Borrowed(env),
        env,
        exported: None,
        positional: Vec::new(),
        last: 0,
        errexit: false,
        xtrace: false,
        pipefail: false,
        line: 1,
        tested: 0,
        substituted: None,
        functions: BTreeMap::new(),
        jobs_end: SimDuration::ZERO,
        jobs_forever: false,
    };
    let mut command_mode = false;
    let mut rest = argv.get(1..).unwrap_or_default();
    while let Some(arg) = rest.first() {
        if arg == "--" {
            rest = &rest[1..];
            break;
        }
        if arg == "-o" || arg == "+o" {
            if rest.get(1).is_some_and(|o| o == "pipefail") {
                shell.pipefail = arg == "-o";
            }
            rest = rest.get(2..).unwrap_or_default();
            continue;
        }
        let Some(flags) = arg.strip_prefix('-').or_else(|| arg.strip_prefix('+')) else {
            break;
        };
        if flags.is_empty() {
            break;
        }
        let on = arg.starts_with('-');
        for flag in flags.chars() {
            match flag {
                'c' => command_mode = true,
                'e' => shell.errexit = on,
                'x' => shell.xtrace = on,
                _ => {}
            }
        }
        rest = &rest[1..];
    }
    let script = if command_mode {
        let Some(script) = rest.first() else {
            let message = match flavor {
                ShellFlavor::Ash => format!("{}: -c requires an argument\n", shell.name),
                ShellFlavor::Dash => format!("{}: 0: -c requires an argument\n", shell.name),
                ShellFlavor::Bash => format!("{}: -c: option requires an argument\n", shell.name),
            };
            machine.write(io.stderr, &message);
            return Status::Exit(2);
        };
        if let Some(name) = rest.get(1) {
            shell.name = name.clone();
        }
        shell.positional = rest.get(2..).unwrap_or_default().to_vec();
        script.clone()
    } else if let Some(file) = rest.first() {
        // A script file: on an unknown image it may exist; a known image has none.
        if machine.image.is_none() {
            return super::programs::unknown(machine);
        }
        let (message, code) = match flavor {
            ShellFlavor::Ash => (
                format!(
                    "{}: can't open '{file}': No such file or directory\n",
                    shell.name
                ),
                2,
            ),
            ShellFlavor::Dash => (
                format!("{}: 0: cannot open {file}: No such file\n", shell.name),
                2,
            ),
            ShellFlavor::Bash => (
                format!("{}: {file}: No such file or directory\n", shell.name),
                127,
            ),
        };
        machine.write(io.stderr, &message);
        return Status::Exit(code);
    } else {
        // The script is the input, read to its end.
        machine.read_all(io.stdin)
    };
    let inner = if command_mode {
        io.clone()
    } else {
        Io {
            stdin: Input::Empty,
            ..io.clone()
        }
    };
    match exec::run_script(&mut shell, machine, &script, &inner) {
        Flow::Forever => Status::Forever,
        Flow::Exit(code) | Flow::Status(code) | Flow::Return(code) => Status::Exit(code),
        Flow::Break(_) | Flow::Continue(_) => Status::Exit(shell.last),
    }
}

impl Shell<'_> {
    /// Whether the variable goes into the environment of the programs it runs.
    pub fn is_exported(&self, name: &str) -> bool {
        match &self.exported {
            Some(names) => names.contains(name),
            None => self.env.contains_key(name),
        }
    }

    /// Marks the variable exported (`export`).
    pub fn export(&mut self, name: &str) {
        if !self.is_exported(name) {
            self.exported_mut().insert(name.to_string());
        }
    }

    /// Forgets the variable, and that it was exported (`unset`).
    pub fn unset(&mut self, name: &str) {
        if self.vars.contains_key(name) {
            self.vars.to_mut().remove(name);
        }
        if self.is_exported(name) {
            self.exported_mut().remove(name);
        }
    }

    fn exported_mut(&mut self) -> &mut BTreeSet<String> {
        let env = self.env;
        self.exported
            .get_or_insert_with(|| env.keys().cloned().collect())
    }

    /// The prefix of the shell's messages: `sh: `, `sh: 3: `, `bash: line 3: `.
    pub fn prefix(&self) -> String {
        match self.flavor {
            ShellFlavor::Ash => format!("{}: ", self.name),
            ShellFlavor::Dash => format!("{}: {}: ", self.name, self.line),
            ShellFlavor::Bash => format!("{}: line {}: ", self.name, self.line),
        }
    }

    pub fn error(&self, machine: &mut Machine, io: &Io, message: &str) {
        let text = format!("{}{message}\n", self.prefix());
        machine.write(io.stderr, &text);
    }

    /// A program that is not on the image.
    pub fn not_found(&self, machine: &mut Machine, io: &Io, program: &str) {
        let message = match self.flavor {
            ShellFlavor::Bash if program.contains('/') => {
                format!("{program}: No such file or directory")
            }
            ShellFlavor::Bash => format!("{program}: command not found"),
            ShellFlavor::Ash | ShellFlavor::Dash => format!("{program}: not found"),
        };
        self.error(machine, io, &message);
    }

    /// A syntax error of `script`, as the shell reports it.
    pub fn syntax_error(&self, machine: &mut Machine, io: &Io, error: &SyntaxError, script: &str) {
        let name = &self.name;
        let text = match (self.flavor, error) {
            (ShellFlavor::Ash, SyntaxError::Unexpected { token, .. }) => {
                format!("{name}: syntax error: unexpected \"{token}\"")
            }
            (
                ShellFlavor::Ash,
                SyntaxError::UnexpectedEof {
                    expecting: Some(what),
                    ..
                },
            ) => {
                format!("{name}: syntax error: unexpected end of file (expecting \"{what}\")")
            }
            (
                ShellFlavor::Ash,
                SyntaxError::UnexpectedEof {
                    expecting: None, ..
                },
            ) => {
                format!("{name}: syntax error: unexpected end of file")
            }
            (ShellFlavor::Ash, SyntaxError::Unterminated { .. }) => {
                format!("{name}: syntax error: unterminated quoted string")
            }
            (ShellFlavor::Ash, SyntaxError::BadSubstitution { .. }) => {
                format!("{name}: syntax error: bad substitution")
            }
            (ShellFlavor::Dash, SyntaxError::Unexpected { token, line }) => {
                format!("{name}: {line}: Syntax error: \"{token}\" unexpected")
            }
            (
                ShellFlavor::Dash,
                SyntaxError::UnexpectedEof {
                    expecting: Some(what),
                    line,
                },
            ) => {
                format!(
                    "{name}: {line}: Syntax error: end of file unexpected (expecting \"{what}\")"
                )
            }
            (
                ShellFlavor::Dash,
                SyntaxError::UnexpectedEof {
                    expecting: None,
                    line,
                },
            ) => {
                format!("{name}: {line}: Syntax error: end of file unexpected")
            }
            (ShellFlavor::Dash, SyntaxError::Unterminated { line, .. }) => {
                format!("{name}: {line}: Syntax error: Unterminated quoted string")
            }
            (ShellFlavor::Dash, SyntaxError::BadSubstitution { line }) => {
                format!("{name}: {line}: Bad substitution")
            }
            (ShellFlavor::Bash, SyntaxError::Unexpected { token, line }) => {
                // bash shows the line too.
                let source = script
                    .lines()
                    .nth((*line as usize).saturating_sub(1))
                    .unwrap_or_default();
                format!(
                    "{name}: -c: line {line}: syntax error near unexpected token `{token}'\n\
                     {name}: -c: line {line}: `{source}'"
                )
            }
            (ShellFlavor::Bash, SyntaxError::UnexpectedEof { .. }) => {
                // bash counts the end of the script as one line more.
                let line = script.lines().count() + 1;
                format!("{name}: -c: line {line}: syntax error: unexpected end of file")
            }
            (ShellFlavor::Bash, SyntaxError::Unterminated { quote, line }) => {
                format!(
                    "{name}: -c: line {line}: unexpected EOF while looking for matching `{quote}'"
                )
            }
            (ShellFlavor::Bash, SyntaxError::BadSubstitution { line }) => {
                format!("{name}: line {line}: bad substitution")
            }
        };
        machine.write(io.stderr, &format!("{text}\n"));
    }

    /// The environment a program gets: the exported variables.
    pub fn environment(&self) -> BTreeMap<String, String> {
        self.vars
            .iter()
            .filter(|(k, _)| self.is_exported(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}
