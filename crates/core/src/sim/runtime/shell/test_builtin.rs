//! `test` and `[`: string and integer comparisons, `-n`/`-z`, `!`, `-a`/`-o` and parentheses.
//! The virtual container has no files: a file test is true only for `/` and `/tmp`, which
//! every image has.

use super::exec::Flow;
use super::Shell;
use crate::sim::runtime::image::ShellFlavor;
use crate::sim::runtime::machine::{Io, Machine};

/// Why an expression cannot be evaluated (status 2).
enum Failure {
    BadNumber(String),
    Syntax(String),
}

// Upstream: POSIX test utility; BusyBox coreutils/test.c, dash src/bltin/test.c.
pub fn run(
    shell: &mut Shell,
    machine: &mut Machine,
    invoked_as: &str,
    args: &[String],
    io: &Io,
) -> Flow {
    let mut eval = Eval {
        args,
        pos: 0,
        depth: 0,
    };
    let result = if args.is_empty() {
        Ok(false)
    } else {
        eval.or().and_then(|value| match args.get(eval.pos) {
            None => Ok(value),
            Some(extra) => Err(Failure::Syntax(extra.clone())),
        })
    };
    match result {
        Ok(true) => Flow::Status(0),
        Ok(false) => Flow::Status(1),
        Err(failure) => {
            let message = match (failure, shell.flavor) {
                (Failure::BadNumber(n), ShellFlavor::Bash) => {
                    format!("{invoked_as}: {n}: integer expression expected")
                }
                (Failure::BadNumber(n), ShellFlavor::Dash) => {
                    format!("{invoked_as}: Illegal number: {n}")
                }
                (Failure::BadNumber(n), ShellFlavor::Ash) => {
                    format!("{invoked_as}: {n}: bad number")
                }
                (Failure::Syntax(t), ShellFlavor::Bash) => {
                    format!("{invoked_as}: {t}: unary operator expected")
                }
                (Failure::Syntax(t), _) => format!("{invoked_as}: {t}: unexpected operator"),
            };
            shell.error(machine, io, &message);
            Flow::Status(2)
        }
    }
}

struct Eval<'a> {
    args: &'a [String],
    pos: usize,
    depth: u32,
}

impl Eval<'_> {
    fn peek(&self, offset: usize) -> Option<&str> {
        self.args.get(self.pos + offset).map(String::as_str)
    }

    fn or(&mut self) -> Result<bool, Failure> {
        let mut value = self.and()?;
        while self.peek(0) == Some("-o") {
            self.pos += 1;
            value |= self.and()?;
        }
        Ok(value)
    }

    fn and(&mut self) -> Result<bool, Failure> {
        let mut value = self.not()?;
        while self.peek(0) == Some("-a") {
            self.pos += 1;
            value &= self.not()?;
        }
        Ok(value)
    }

    fn not(&mut self) -> Result<bool, Failure> {
        self.depth += 1;
        if self.depth > 200 {
            return Err(Failure::Syntax("(".to_string()));
        }
        let value = if self.peek(0) == Some("!") && self.peek(1).is_some() {
            self.pos += 1;
            self.not().map(|v| !v)
        } else {
            self.primary()
        };
        self.depth -= 1;
        value
    }

    fn primary(&mut self) -> Result<bool, Failure> {
        let Some(first) = self.peek(0).map(str::to_string) else {
            return Err(Failure::Syntax("argument expected".to_string()));
        };
        if let Some(op) = self.peek(1).map(str::to_string) {
            if let Some(right) = self.peek(2).map(str::to_string) {
                if let Some(value) = binary(&first, &op, &right)? {
                    self.pos += 3;
                    return Ok(value);
                }
            }
        }
        if first == "(" && self.args.len() > self.pos + 1 {
            self.pos += 1;
            let value = self.or()?;
            if self.peek(0) != Some(")") {
                return Err(Failure::Syntax(self.peek(0).unwrap_or("(").to_string()));
            }
            self.pos += 1;
            return Ok(value);
        }
        if let Some(operand) = self.peek(1).map(str::to_string) {
            let unary = match first.as_str() {
                "-n" => Some(!operand.is_empty()),
                "-z" => Some(operand.is_empty()),
                "-e" | "-d" | "-r" | "-w" | "-x" => Some(matches!(operand.as_str(), "/" | "/tmp")),
                "-f" | "-s" | "-L" | "-h" | "-p" | "-S" | "-b" | "-c" => Some(false),
                _ => None,
            };
            if let Some(value) = unary {
                self.pos += 2;
                return Ok(value);
            }
        }
        self.pos += 1;
        Ok(!first.is_empty())
    }
}

fn binary(left: &str, op: &str, right: &str) -> Result<Option<bool>, Failure> {
    let number = |text: &str| -> Result<i64, Failure> {
        text.trim()
            .parse::<i64>()
            .map_err(|_| Failure::BadNumber(text.to_string()))
    };
    Ok(Some(match op {
        "=" | "==" => left == right,
        "!=" => left != right,
        "<" => left < right,
        ">" => left > right,
        "-eq" => number(left)? == number(right)?,
        "-ne" => number(left)? != number(right)?,
        "-lt" => number(left)? < number(right)?,
        "-le" => number(left)? <= number(right)?,
        "-gt" => number(left)? > number(right)?,
        "-ge" => number(left)? >= number(right)?,
        _ => return Ok(None),
    }))
}
