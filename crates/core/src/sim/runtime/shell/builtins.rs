//! The shell's own commands: `exit`, `:`, `true`, `false`, `echo`, `printf`, `test`/`[`,
//! `set`, `export`, `unset`, `break`, `continue`, `return`, `eval`, `exec`, `shift`, `read`,
//! `trap` (of
//! TERM), `wait` (for `&` jobs), and the ones that change nothing here (`cd`, `umask`, `ulimit`).

use super::exec::{run_script, Flow};
use super::{test_builtin, Shell};
use crate::sim::runtime::image::ShellFlavor;
use crate::sim::runtime::machine::{Io, Machine, Status};
use crate::sim::runtime::programs::{self, EchoStyle};
use crate::sim::time::SimDuration;

/// Runs `argv` if it is a builtin; `None` otherwise.
// Upstream: POSIX §2.14 Special Built-In Utilities; BusyBox ash, dash and bash builtins.
pub fn run(
    shell: &mut Shell,
    machine: &mut Machine,
    argv: &[String],
    assigns: &[(String, String)],
    io: &Io,
) -> Option<Flow> {
    let name = argv.first()?.as_str();
    let args = argv.get(1..).unwrap_or_default();
    let flow = match name {
        ":" | "true" | "cd" | "umask" | "ulimit" | "alias" | "hash" => Flow::Status(0),
        "wait" if shell.jobs_forever => Flow::Forever,
        "wait" => {
            let behind = shell
                .jobs_end
                .as_millis()
                .saturating_sub(machine.elapsed().as_millis());
            machine.advance(SimDuration::from_millis(behind));
            Flow::Status(0)
        }
        "trap" => {
            // `trap ACTION SIGNAL…`: an action other than the default (`-`) or ignoring (``)
            // handles the signal.
            if let Some((action, signals)) = args.split_first() {
                if signals
                    .iter()
                    .any(|s| matches!(s.as_str(), "TERM" | "SIGTERM" | "15"))
                {
                    machine.traps_sigterm = !action.is_empty() && action != "-";
                }
            }
            Flow::Status(0)
        }
        "false" => Flow::Status(1),
        "pwd" => {
            machine.write(io.stdout, "/\n");
            Flow::Status(0)
        }
        "exit" => exit(shell, machine, args, io),
        "echo" => {
            let style = if shell.flavor == ShellFlavor::Dash {
                EchoStyle::Dash
            } else {
                EchoStyle::Program
            };
            let (text, _) = programs::echo_render(style, args);
            machine.write(io.stdout, &text);
            Flow::Status(0)
        }
        "printf" => printf(shell, machine, args, io),
        "test" => test_builtin::run(shell, machine, "test", args, io),
        "[" => match args.split_last() {
            Some((last, inner)) if last == "]" => test_builtin::run(shell, machine, "[", inner, io),
            _ => {
                let message = if shell.flavor == ShellFlavor::Bash {
                    "[: missing `]'"
                } else {
                    "[: missing ]"
                };
                shell.error(machine, io, message);
                Flow::Status(2)
            }
        },
        "set" => {
            set(shell, args);
            Flow::Status(0)
        }
        "export" | "readonly" | "local" => {
            for arg in args.iter().filter(|a| !a.starts_with('-')) {
                match arg.split_once('=') {
                    Some((name, value)) => {
                        shell
                            .vars
                            .to_mut()
                            .insert(name.to_string(), value.to_string());
                        shell.export(name);
                    }
                    None => shell.export(arg),
                }
            }
            Flow::Status(0)
        }
        "unset" => {
            for arg in args.iter().filter(|a| !a.starts_with('-')) {
                shell.unset(arg);
            }
            Flow::Status(0)
        }
        "shift" => {
            let n = args
                .first()
                .and_then(|a| a.parse::<usize>().ok())
                .unwrap_or(1);
            if n > shell.positional.len() {
                Flow::Status(1)
            } else {
                shell.positional.drain(..n);
                Flow::Status(0)
            }
        }
        "return" => Flow::Return(
            args.first()
                .and_then(|a| a.parse::<i64>().ok())
                .map_or(shell.last, |n| (n & 0xff) as i32),
        ),
        "break" | "continue" => {
            let n = args
                .first()
                .and_then(|a| a.parse::<u32>().ok())
                .filter(|n| *n > 0)
                .unwrap_or(1);
            if name == "break" {
                Flow::Break(n)
            } else {
                Flow::Continue(n)
            }
        }
        "eval" => run_script(shell, machine, &args.join(" "), io),
        "exec" => match args.first() {
            None => Flow::Status(0),
            Some(program) if !programs::found(machine, program) => {
                shell.not_found(machine, io, program);
                Flow::Exit(127)
            }
            Some(_) => {
                let mut env = shell.environment();
                env.extend(assigns.iter().cloned());
                match programs::exec(machine, args, &env, io) {
                    Status::Exit(code) => Flow::Exit(code),
                    Status::Forever => Flow::Forever,
                    Status::StartError(_) => Flow::Exit(127),
                }
            }
        },
        "read" => read(shell, machine, args, io),
        _ => return None,
    };
    // Assignments before a special builtin stay in a POSIX shell; before any other (and in
    // bash, before any builtin), they are gone.
    if shell.flavor != ShellFlavor::Bash
        && matches!(
            name,
            ":" | "exit"
                | "export"
                | "readonly"
                | "set"
                | "unset"
                | "shift"
                | "eval"
                | "break"
                | "continue"
                | "trap"
        )
    {
        for (k, v) in assigns {
            shell.vars.to_mut().insert(k.clone(), v.clone());
        }
    }
    Some(flow)
}

/// `read [-r] [NAME…]`: a line of the input into the names, split on `IFS` (the last name
/// takes the rest; `REPLY` without names); status 1 at the end of the input.
// Upstream: POSIX read utility.
fn read(shell: &mut Shell, machine: &mut Machine, args: &[String], io: &Io) -> Flow {
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let line = machine.read_line(io.stdin);
    let text = line.clone().unwrap_or_default();
    let ifs = shell
        .vars
        .get("IFS")
        .cloned()
        .unwrap_or_else(|| " \t\n".to_string());
    if names.is_empty() {
        shell.vars.to_mut().insert("REPLY".to_string(), text);
    } else {
        let mut rest = text.trim_start_matches(|c| ifs.contains(c));
        for (i, name) in names.iter().enumerate() {
            let value = if i + 1 == names.len() {
                let value = rest.trim_end_matches(|c| ifs.contains(c)).to_string();
                rest = "";
                value
            } else {
                let end = rest.find(|c| ifs.contains(c)).unwrap_or(rest.len());
                let value = rest[..end].to_string();
                rest = rest[end..].trim_start_matches(|c| ifs.contains(c));
                value
            };
            shell.vars.to_mut().insert(name.to_string(), value);
        }
    }
    Flow::Status(if line.is_some() { 0 } else { 1 })
}

/// `exit [N]`: N modulo 256; a word that is not a number is an error (status 2).
fn exit(shell: &mut Shell, machine: &mut Machine, args: &[String], io: &Io) -> Flow {
    let Some(arg) = args.first() else {
        return Flow::Exit(shell.last);
    };
    match (arg.parse::<i64>(), shell.flavor) {
        (Ok(n), ShellFlavor::Bash) => Flow::Exit((n & 0xff) as i32),
        (Ok(n), _) if n >= 0 => Flow::Exit((n & 0xff) as i32),
        (_, ShellFlavor::Bash) => {
            shell.error(
                machine,
                io,
                &format!("exit: {arg}: numeric argument required"),
            );
            Flow::Exit(2)
        }
        _ => {
            shell.error(machine, io, &format!("exit: Illegal number: {arg}"));
            Flow::Exit(2)
        }
    }
}

/// `set -e`, `set -x`, `set -o pipefail` (and `+` to turn off), `set -- ARGS`.
fn set(shell: &mut Shell, args: &[String]) {
    let mut rest = args;
    while let Some(arg) = rest.first() {
        if arg == "--" {
            shell.positional = rest.get(1..).unwrap_or_default().to_vec();
            return;
        }
        if arg == "-o" || arg == "+o" {
            if rest.get(1).is_some_and(|o| o == "pipefail") {
                shell.pipefail = arg == "-o";
            }
            if let Some(option) = rest.get(1) {
                match option.as_str() {
                    "errexit" => shell.errexit = arg == "-o",
                    "xtrace" => shell.xtrace = arg == "-o",
                    _ => {}
                }
            }
            rest = rest.get(2..).unwrap_or_default();
            continue;
        }
        let on = arg.starts_with('-');
        let Some(flags) = arg.strip_prefix('-').or_else(|| arg.strip_prefix('+')) else {
            shell.positional = rest.to_vec();
            return;
        };
        for flag in flags.chars() {
            match flag {
                'e' => shell.errexit = on,
                'x' => shell.xtrace = on,
                _ => {}
            }
        }
        rest = &rest[1..];
    }
}

/// `printf FORMAT [ARG…]`: `%s`, `%d`/`%i`, `%%` and backslash escapes; the format repeats
/// while arguments remain.
// Upstream: POSIX printf utility.
fn printf(shell: &mut Shell, machine: &mut Machine, args: &[String], io: &Io) -> Flow {
    let Some((format, mut rest)) = args.split_first() else {
        shell.error(machine, io, "printf: usage: printf format [arguments]");
        return Flow::Status(2);
    };
    let mut out = String::new();
    let mut status = 0;
    loop {
        let mut consumed = false;
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('\\') => out.push('\\'),
                    Some(other) => {
                        out.push('\\');
                        out.push(other);
                    }
                    None => out.push('\\'),
                },
                '%' => match chars.next() {
                    Some('%') => out.push('%'),
                    Some('s') => {
                        consumed = true;
                        if let Some((arg, tail)) = rest.split_first() {
                            out.push_str(arg);
                            rest = tail;
                        }
                    }
                    Some('d' | 'i') => {
                        consumed = true;
                        if let Some((arg, tail)) = rest.split_first() {
                            match arg.trim().parse::<i64>() {
                                Ok(n) => out.push_str(&n.to_string()),
                                Err(_) => {
                                    shell.error(
                                        machine,
                                        io,
                                        &format!("printf: {arg}: invalid number"),
                                    );
                                    out.push('0');
                                    status = 1;
                                }
                            }
                            rest = tail;
                        } else {
                            out.push('0');
                        }
                    }
                    Some(other) => {
                        out.push('%');
                        out.push(other);
                    }
                    None => out.push('%'),
                },
                other => out.push(other),
            }
        }
        if rest.is_empty() || !consumed {
            break;
        }
    }
    machine.write(io.stdout, &out);
    Flow::Status(status)
}
