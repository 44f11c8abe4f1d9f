//! Running a parsed script: lists, pipelines, conditions, loops, redirections and commands.

use super::parse::{AndOr, Node, Parser, Redir, RedirOp};
use super::{builtins, expand, glob, Shell};
use crate::sim::runtime::image::ShellFlavor;
use crate::sim::runtime::machine::{Input, Io, Machine, Out, Status};
use crate::sim::runtime::programs;
use crate::sim::runtime::Stream;

/// How a command ends, for the commands around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// It ended with this status; go on.
    Status(i32),
    /// The shell exits with this status.
    Exit(i32),
    /// It never ends.
    Forever,
    /// `break N` / `continue N` leaving N loops.
    Break(u32),
    Continue(u32),
    /// `return N`: the function ends with this status.
    Return(i32),
}

/// Runs a script a line at a time; a syntax error ends the shell with status 2 after the
/// earlier lines ran.
// Upstream: BusyBox ash cmdloop / evalstring, dash evalstring.
pub fn run_script(shell: &mut Shell, machine: &mut Machine, script: &str, io: &Io) -> Flow {
    let flow = if machine.enter() {
        run_lines(shell, machine, script, io)
    } else {
        Flow::Forever
    };
    machine.leave();
    flow
}

fn run_lines(shell: &mut Shell, machine: &mut Machine, script: &str, io: &Io) -> Flow {
    let mut parser = Parser::new(script);
    loop {
        match parser.next_line() {
            Ok(None) => return Flow::Status(shell.last),
            Ok(Some(node)) => match run(shell, machine, &node, io) {
                Flow::Status(_) | Flow::Break(_) | Flow::Continue(_) => {}
                other => return other,
            },
            Err(error) => {
                shell.syntax_error(machine, io, &error, script);
                return Flow::Exit(2);
            }
        }
    }
}

pub fn run(shell: &mut Shell, machine: &mut Machine, node: &Node, io: &Io) -> Flow {
    let flow = match node {
        Node::Simple {
            assigns,
            words,
            redirs,
            line,
        } => {
            shell.line = *line;
            simple(shell, machine, assigns, words, redirs, io)
        }
        Node::Pipeline { negate, commands } => pipeline(shell, machine, *negate, commands, io),
        Node::AndOr { first, rest } => and_or(shell, machine, first, rest, io),
        Node::List(items) => {
            let mut flow = Flow::Status(shell.last);
            for item in items {
                flow = run(shell, machine, item, io);
                if !matches!(flow, Flow::Status(_)) {
                    return flow;
                }
            }
            flow
        }
        Node::If {
            branches,
            otherwise,
        } => {
            for (cond, body) in branches {
                match tested(shell, machine, cond, io) {
                    Flow::Status(0) => return run(shell, machine, body, io),
                    Flow::Status(_) => {}
                    other => return other,
                }
            }
            match otherwise {
                Some(body) => run(shell, machine, body, io),
                None => status(shell, 0),
            }
        }
        Node::For { var, items, body } => {
            let values = match items {
                Some(words) => {
                    let mut values = Vec::new();
                    for word in words {
                        match expand::fields(shell, machine, word, io) {
                            Ok(fields) => values.extend(fields),
                            Err(flow) => return flow,
                        }
                    }
                    values
                }
                None => shell.positional.clone(),
            };
            let mut flow = status(shell, 0);
            for value in values {
                shell.vars.to_mut().insert(var.clone(), value);
                match looped(run(shell, machine, body, io)) {
                    Looped::Next(f) => flow = f,
                    Looped::Leave(f) => return f,
                }
            }
            flow
        }
        Node::While { until, cond, body } => {
            let mut flow = status(shell, 0);
            loop {
                if !machine.step() {
                    return Flow::Forever;
                }
                match tested(shell, machine, cond, io) {
                    Flow::Status(code) if (code == 0) == *until => break,
                    Flow::Status(_) => {}
                    other => return other,
                }
                match looped(run(shell, machine, body, io)) {
                    Looped::Next(f) => flow = f,
                    Looped::Leave(f) => return f,
                }
            }
            flow
        }
        Node::Group(body) => run(shell, machine, body, io),
        Node::Subshell(body) => {
            let mut sub = shell.clone();
            let flow = run(&mut sub, machine, body, io);
            shell.last = sub.last;
            match flow {
                Flow::Forever => Flow::Forever,
                Flow::Exit(code) | Flow::Status(code) | Flow::Return(code) => status(shell, code),
                Flow::Break(_) | Flow::Continue(_) => status(shell, sub.last),
            }
        }
        Node::Redirected { node, redirs } => match redirect(shell, machine, redirs, io) {
            Ok((io, opened)) => {
                let flow = run(shell, machine, node, &io);
                close_inputs(machine, opened);
                flow
            }
            Err(flow) => flow,
        },
        Node::Background(body) => background(shell, machine, body, io),
        Node::Function { name, body } => {
            shell.functions.insert(name.clone(), body.as_ref().clone());
            status(shell, 0)
        }
        Node::Case { word, arms } => {
            let subject = match expand::single(shell, machine, word, io) {
                Ok(subject) => subject,
                Err(flow) => return flow,
            };
            for (patterns, body) in arms {
                for pattern in patterns {
                    let pattern = match expand::pattern(shell, machine, pattern, io) {
                        Ok(pattern) => pattern,
                        Err(flow) => return flow,
                    };
                    if glob::matches(&pattern, &subject) {
                        return match body {
                            Some(body) => run(shell, machine, body, io),
                            None => status(shell, 0),
                        };
                    }
                }
            }
            status(shell, 0)
        }
    };
    if let Flow::Status(code) = flow {
        shell.last = code;
    }
    errexit(shell, node, flow)
}

/// `command &`: it runs in a subshell from now on, and the shell goes on at once; `wait` waits
/// for it. Its log lines take their own times; those after the container's end are lost.
// Upstream: POSIX §2.9.3 Asynchronous Lists.
fn background(shell: &mut Shell, machine: &mut Machine, body: &Node, io: &Io) -> Flow {
    let start = machine.elapsed();
    let mut sub = shell.clone();
    match run(&mut sub, machine, body, io) {
        Flow::Forever => shell.jobs_forever = true,
        _ => shell.jobs_end = shell.jobs_end.max(machine.elapsed()),
    }
    machine.rewind(start);
    status(shell, 0)
}

/// `set -e`: a failing command outside a condition ends the shell.
// Upstream: POSIX `set -e` (the exceptions: conditions, `&&`/`||` left sides, `!`).
fn errexit(shell: &Shell, node: &Node, flow: Flow) -> Flow {
    let counts = match node {
        Node::Simple { .. } | Node::Subshell(_) => true,
        Node::Pipeline { negate, .. } => !negate,
        _ => false,
    };
    match flow {
        Flow::Status(code) if code != 0 && counts && shell.errexit && shell.tested == 0 => {
            Flow::Exit(code)
        }
        other => other,
    }
}

fn status(shell: &mut Shell, code: i32) -> Flow {
    shell.last = code;
    Flow::Status(code)
}

/// Runs a condition, where `set -e` does not apply.
fn tested(shell: &mut Shell, machine: &mut Machine, node: &Node, io: &Io) -> Flow {
    shell.tested += 1;
    let flow = run(shell, machine, node, io);
    shell.tested -= 1;
    flow
}

enum Looped {
    Next(Flow),
    Leave(Flow),
}

/// What a loop does after its body: go on, or leave with a flow.
fn looped(flow: Flow) -> Looped {
    match flow {
        Flow::Status(_) | Flow::Continue(1) => Looped::Next(flow_status(flow)),
        Flow::Break(1) => Looped::Leave(Flow::Status(0)),
        Flow::Break(n) => Looped::Leave(Flow::Break(n - 1)),
        Flow::Continue(n) => Looped::Leave(Flow::Continue(n - 1)),
        other => Looped::Leave(other),
    }
}

fn flow_status(flow: Flow) -> Flow {
    match flow {
        Flow::Continue(_) => Flow::Status(0),
        other => other,
    }
}

fn and_or(
    shell: &mut Shell,
    machine: &mut Machine,
    first: &Node,
    rest: &[(AndOr, Node)],
    io: &Io,
) -> Flow {
    let mut flow = tested(shell, machine, first, io);
    for (i, (op, node)) in rest.iter().enumerate() {
        let code = match flow {
            Flow::Status(code) => code,
            other => return other,
        };
        let go = match op {
            AndOr::And => code == 0,
            AndOr::Or => code != 0,
        };
        if go {
            flow = if i + 1 == rest.len() {
                run(shell, machine, node, io)
            } else {
                tested(shell, machine, node, io)
            };
        }
    }
    flow
}

// Upstream: POSIX §2.9.2 Pipelines (each command in a subshell; the status is the last one's,
// or with `pipefail` the last failing one's).
fn pipeline(
    shell: &mut Shell,
    machine: &mut Machine,
    negate: bool,
    commands: &[Node],
    io: &Io,
) -> Flow {
    let mut stdin = io.stdin;
    let mut opened = false;
    let mut codes = Vec::with_capacity(commands.len());
    let count = commands.len();
    for (i, command) in commands.iter().enumerate() {
        let last = i + 1 == count;
        let stdout = if last {
            io.stdout
        } else {
            machine.open_capture()
        };
        let stage_io = Io {
            stdin,
            stdout,
            stderr: io.stderr,
        };
        let flow = if count == 1 {
            run(shell, machine, command, &stage_io)
        } else {
            let mut sub = shell.clone();
            let flow = run(&mut sub, machine, command, &stage_io);
            match flow {
                Flow::Exit(code) | Flow::Return(code) => Flow::Status(code),
                other => other,
            }
        };
        if opened {
            machine.close_input();
            opened = false;
        }
        if !last {
            let output = machine.close_capture();
            stdin = machine.open_input(output);
            opened = true;
        }
        match flow {
            Flow::Status(code) => codes.push(code),
            Flow::Break(_) | Flow::Continue(_) => codes.push(0),
            Flow::Exit(_) | Flow::Forever | Flow::Return(_) => {
                if opened {
                    machine.close_input();
                }
                return flow;
            }
        }
    }
    let code = if shell.pipefail {
        codes.iter().rev().find(|c| **c != 0).copied().unwrap_or(0)
    } else {
        codes.last().copied().unwrap_or(0)
    };
    let code = if negate { i32::from(code == 0) } else { code };
    status(shell, code)
}

fn simple(
    shell: &mut Shell,
    machine: &mut Machine,
    assigns: &[(String, Vec<super::parse::Part>)],
    words: &[Vec<super::parse::Part>],
    redirs: &[Redir],
    io: &Io,
) -> Flow {
    if !machine.step() {
        return Flow::Forever;
    }
    shell.substituted = None;
    let mut argv = Vec::new();
    for word in words {
        match expand::fields(shell, machine, word, io) {
            Ok(fields) => argv.extend(fields),
            Err(flow) => return flow,
        }
    }
    let mut values = Vec::with_capacity(assigns.len());
    for (name, word) in assigns {
        match expand::single(shell, machine, word, io) {
            Ok(value) => values.push((name.clone(), value)),
            Err(flow) => return flow,
        }
    }
    let substitution_status = shell.substituted.unwrap_or(0);
    let (io, opened) = match redirect(shell, machine, redirs, io) {
        Ok(redirected) => redirected,
        Err(flow) => return flow,
    };
    let flow = command(shell, machine, argv, values, substitution_status, &io);
    close_inputs(machine, opened);
    flow
}

/// A simple command after its expansions and redirections: assignments alone, a builtin or a
/// program.
fn command(
    shell: &mut Shell,
    machine: &mut Machine,
    argv: Vec<String>,
    values: Vec<(String, String)>,
    substitution_status: i32,
    io: &Io,
) -> Flow {
    if shell.xtrace {
        // dash shows the words as they are; ash and bash quote them.
        let show = |text: &str| {
            if shell.flavor == ShellFlavor::Dash {
                text.to_string()
            } else {
                quote(text)
            }
        };
        let shown: Vec<String> = values
            .iter()
            .map(|(k, v)| format!("{k}={}", show(v)))
            .chain(argv.iter().map(|a| show(a)))
            .collect();
        machine.write(io.stderr, &format!("+ {}\n", shown.join(" ")));
    }
    let Some(program) = argv.first().cloned() else {
        for (name, value) in values {
            shell.vars.to_mut().insert(name, value);
        }
        return status(shell, substitution_status);
    };
    if let Some(body) = shell.functions.get(&program).cloned() {
        return call(shell, machine, &body, &argv, io);
    }
    if let Some(flow) = builtins::run(shell, machine, &argv, &values, io) {
        if let Flow::Status(code) = flow {
            shell.last = code;
        }
        return flow;
    }
    let mut env = shell.environment();
    env.extend(values);
    if !programs::found(machine, &program) {
        shell.not_found(machine, io, &program);
        return status(shell, 127);
    }
    match programs::exec(machine, &argv, &env, io) {
        Status::Exit(code) => status(shell, code),
        Status::Forever => Flow::Forever,
        Status::StartError(_) => status(shell, 127),
    }
}

/// Calls a function: its arguments are the positional parameters while it runs.
// Upstream: POSIX §2.9.5 Function Definition Command.
fn call(shell: &mut Shell, machine: &mut Machine, body: &Node, argv: &[String], io: &Io) -> Flow {
    // An endless recursion overflows the real shell's stack: it dies of SIGSEGV (139).
    if !machine.enter() {
        machine.leave();
        return Flow::Exit(139);
    }
    let saved = std::mem::replace(
        &mut shell.positional,
        argv.get(1..).unwrap_or_default().to_vec(),
    );
    let flow = run(shell, machine, body, io);
    shell.positional = saved;
    machine.leave();
    match flow {
        Flow::Return(code) | Flow::Status(code) => status(shell, code),
        other => other,
    }
}

/// A word as `set -x` shows it: quoted when it holds blanks or quotes.
fn quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The streams after a command's redirections. Files do not exist in the virtual container:
/// output to one leaves the log, and input from one is empty; `/dev/stdout`, `/dev/stderr`
/// and `/proc/1/fd/1` (the container's own output) stay in the log.
// Upstream: POSIX §2.7 Redirection.
/// Here-documents open inputs: the count to close after the command.
pub fn redirect(
    shell: &mut Shell,
    machine: &mut Machine,
    redirs: &[Redir],
    io: &Io,
) -> Result<(Io, usize), Flow> {
    let mut io = io.clone();
    let mut opened = 0;
    for redir in redirs {
        let target = match expand::single(shell, machine, &redir.target, &io) {
            Ok(target) => target,
            Err(flow) => {
                close_inputs(machine, opened);
                return Err(flow);
            }
        };
        let file = |io: &Io| match target.as_str() {
            "/dev/stdout" | "/dev/fd/1" => io.stdout,
            "/dev/stderr" | "/dev/fd/2" => io.stderr,
            "/proc/1/fd/1" => Out::Log(Stream::Stdout),
            "/proc/1/fd/2" => Out::Log(Stream::Stderr),
            _ => Out::Discard,
        };
        match redir.op {
            RedirOp::Out => {
                let out = file(&io);
                set_fd(&mut io, redir.fd, out);
            }
            RedirOp::Both => {
                let out = file(&io);
                io.stdout = out;
                io.stderr = out;
            }
            RedirOp::In => {
                if redir.fd == 0 {
                    io.stdin = Input::Empty;
                }
            }
            RedirOp::Dup => {
                let out = match target.as_str() {
                    "1" => io.stdout,
                    "2" => io.stderr,
                    _ => Out::Discard,
                };
                set_fd(&mut io, redir.fd, out);
            }
            RedirOp::HereDoc => {
                io.stdin = machine.open_input(target);
                opened += 1;
            }
        }
    }
    Ok((io, opened))
}

fn close_inputs(machine: &mut Machine, count: usize) {
    for _ in 0..count {
        machine.close_input();
    }
}

fn set_fd(io: &mut Io, fd: u32, out: Out) {
    match fd {
        1 => io.stdout = out,
        2 => io.stderr = out,
        _ => {}
    }
}
