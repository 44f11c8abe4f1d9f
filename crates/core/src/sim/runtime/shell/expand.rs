//! Word expansion: parameters, command substitution and arithmetic, then field splitting of
//! the unquoted results on `IFS`. There is no filesystem, so patterns (`*.txt`) stay as
//! written, as a shell leaves a pattern that matches nothing.

use super::arith::{self, ArithError};
use super::exec::{run_script, Flow};
use super::parse::{ParamOp, Part, Word};
use super::Shell;
use crate::sim::runtime::image::ShellFlavor;
use crate::sim::runtime::machine::{Input, Io, Machine};

/// The fields a word expands to.
// Upstream: POSIX §2.6 Word Expansions.
pub fn fields(
    shell: &mut Shell,
    machine: &mut Machine,
    word: &Word,
    io: &Io,
) -> Result<Vec<String>, Flow> {
    let ifs = shell
        .vars
        .get("IFS")
        .cloned()
        .unwrap_or_else(|| " \t\n".to_string());
    let mut out = Vec::new();
    let mut current = String::new();
    let mut started = false;
    for part in word {
        let (text, quoted) = part_value(shell, machine, part, io)?;
        if quoted {
            current.push_str(&text);
            started = true;
            continue;
        }
        if matches!(part, Part::Lit { .. }) {
            started |= !text.is_empty();
            current.push_str(&text);
            continue;
        }
        for c in text.chars() {
            if ifs.contains(c) {
                if started {
                    out.push(std::mem::take(&mut current));
                    started = false;
                }
            } else {
                current.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(current);
    }
    Ok(out)
}

/// A word expanded without field splitting (assignments, redirection targets).
pub fn single(
    shell: &mut Shell,
    machine: &mut Machine,
    word: &Word,
    io: &Io,
) -> Result<String, Flow> {
    let mut out = String::new();
    for part in word {
        out.push_str(&part_value(shell, machine, part, io)?.0);
    }
    Ok(out)
}

/// A pattern (of `case`): its quoted characters match themselves, so glob characters in them
/// are escaped.
pub fn pattern(
    shell: &mut Shell,
    machine: &mut Machine,
    word: &Word,
    io: &Io,
) -> Result<String, Flow> {
    let mut out = String::new();
    for part in word {
        let (text, quoted) = part_value(shell, machine, part, io)?;
        if quoted {
            for c in text.chars() {
                if matches!(c, '*' | '?' | '[' | ']' | '\\') {
                    out.push('\\');
                }
                out.push(c);
            }
        } else {
            out.push_str(&text);
        }
    }
    Ok(out)
}

fn part_value(
    shell: &mut Shell,
    machine: &mut Machine,
    part: &Part,
    io: &Io,
) -> Result<(String, bool), Flow> {
    Ok(match part {
        Part::Lit { text, quoted } => (text.clone(), *quoted),
        Part::Param { name, op, quoted } => (parameter(shell, machine, name, op, io)?, *quoted),
        Part::Command { script, quoted } => (substitute(shell, machine, script, io)?, *quoted),
        Part::Arith { expr, quoted } => match arith::evaluate(expr, &shell.vars) {
            Ok(value) => (value.to_string(), *quoted),
            Err(error) => return Err(arith_failure(shell, machine, io, expr, error)),
        },
    })
}

/// An arithmetic error, in the shell's words; it ends a non-interactive shell.
// Upstream: dash src/arith_yacc.c yyerror, bash expr.c evalerror, BusyBox ash math errors.
fn arith_failure(
    shell: &Shell,
    machine: &mut Machine,
    io: &Io,
    expr: &str,
    error: ArithError,
) -> Flow {
    let expr = expr.trim();
    let token = expr
        .rsplit(['/', '%', ' '])
        .find(|t| !t.is_empty())
        .unwrap_or(expr);
    match (shell.flavor, error) {
        (ShellFlavor::Ash, ArithError::DivisionByZero) => {
            shell.error(machine, io, "divide by zero")
        }
        (ShellFlavor::Ash, ArithError::Syntax) => {
            shell.error(machine, io, "arithmetic syntax error")
        }
        (ShellFlavor::Dash, ArithError::DivisionByZero) => shell.error(
            machine,
            io,
            &format!("arithmetic expression: division by zero: \"{expr}\""),
        ),
        (ShellFlavor::Dash, ArithError::Syntax) => shell.error(
            machine,
            io,
            &format!("arithmetic expression: expecting primary: \"{expr}\""),
        ),
        (ShellFlavor::Bash, error) => {
            let what = match error {
                ArithError::DivisionByZero => "division by 0",
                ArithError::Syntax => "syntax error: operand expected",
            };
            shell.error(
                machine,
                io,
                &format!("{expr}: {what} (error token is \"{token}\")"),
            );
        }
    }
    Flow::Exit(match shell.flavor {
        ShellFlavor::Bash => 1,
        ShellFlavor::Ash | ShellFlavor::Dash => 2,
    })
}

/// The value of a special or named parameter, if set.
fn lookup(shell: &Shell, name: &str) -> Option<String> {
    match name {
        "?" => Some(shell.last.to_string()),
        "$" => Some("1".to_string()),
        "#" => Some(shell.positional.len().to_string()),
        "0" => Some(shell.name.clone()),
        "@" | "*" => Some(shell.positional.join(" ")),
        "!" => None,
        "-" => Some(format!(
            "{}{}",
            if shell.errexit { "e" } else { "" },
            if shell.xtrace { "x" } else { "" }
        )),
        _ => match name.parse::<usize>() {
            Ok(n) => shell.positional.get(n.wrapping_sub(1)).cloned(),
            Err(_) => shell.vars.get(name).cloned(),
        },
    }
}

fn parameter(
    shell: &mut Shell,
    machine: &mut Machine,
    name: &str,
    op: &ParamOp,
    io: &Io,
) -> Result<String, Flow> {
    let value = lookup(shell, name);
    let missing = |colon: bool| value.as_deref().is_none_or(|v| colon && v.is_empty());
    Ok(match op {
        ParamOp::Plain => value.unwrap_or_default(),
        ParamOp::Length => value.unwrap_or_default().chars().count().to_string(),
        ParamOp::Default { colon, word } => {
            if missing(*colon) {
                single(shell, machine, word, io)?
            } else {
                value.unwrap_or_default()
            }
        }
        ParamOp::Assign { colon, word } => {
            if missing(*colon) {
                let assigned = single(shell, machine, word, io)?;
                shell
                    .vars
                    .to_mut()
                    .insert(name.to_string(), assigned.clone());
                assigned
            } else {
                value.unwrap_or_default()
            }
        }
        ParamOp::Alternative { colon, word } => {
            if missing(*colon) {
                String::new()
            } else {
                single(shell, machine, word, io)?
            }
        }
        ParamOp::Error { colon, word } => {
            if missing(*colon) {
                let message = single(shell, machine, word, io)?;
                let message = if message.is_empty() {
                    "parameter not set".to_string()
                } else {
                    message
                };
                shell.error(machine, io, &format!("{name}: {message}"));
                return Err(Flow::Exit(match shell.flavor {
                    ShellFlavor::Bash => 127,
                    ShellFlavor::Ash | ShellFlavor::Dash => 2,
                }));
            }
            value.unwrap_or_default()
        }
    })
}

/// `$(script)`: its output without the trailing newlines; its status becomes `$?`.
fn substitute(
    shell: &mut Shell,
    machine: &mut Machine,
    script: &str,
    io: &Io,
) -> Result<String, Flow> {
    let mut sub = shell.clone();
    let capture = machine.open_capture();
    let inner = Io {
        stdin: Input::Empty,
        stdout: capture,
        stderr: io.stderr,
    };
    let flow = run_script(&mut sub, machine, script, &inner);
    let output = machine.close_capture();
    let code = match flow {
        Flow::Forever => return Err(Flow::Forever),
        Flow::Exit(code) | Flow::Status(code) | Flow::Return(code) => code,
        Flow::Break(_) | Flow::Continue(_) => sub.last,
    };
    shell.substituted = Some(code);
    Ok(output.trim_end_matches('\n').to_string())
}
