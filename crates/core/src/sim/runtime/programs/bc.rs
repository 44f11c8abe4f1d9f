//! `bc`: the calculator the Job lessons feed `scale=N; 4*a(1)` to compute π. It understands
//! `scale=N`, `4*a(1)` (or `a(1)*4`) and `quit`; any other program makes it an unknown
//! program. Numbers print as bc prints them: `BC_LINE_LENGTH` characters a line at most (70 by
//! default), the last one a backslash.

use std::collections::BTreeMap;

use crate::sim::runtime::machine::{Io, Machine, Status};
use crate::sim::runtime::{cost, pi};

/// A statement of the programs jobsim understands.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Statement {
    Scale(u32),
    FourAtanOne,
    Quit,
}

// Upstream: GNU bc (bc/main.c, bc/execute.c, lib.bc).
pub fn run(
    machine: &mut Machine,
    argv: &[String],
    env: &BTreeMap<String, String>,
    io: &Io,
) -> Status {
    let mut mathlib = false;
    for arg in argv.get(1..).unwrap_or_default() {
        match arg.as_str() {
            "-q" | "--quiet" | "-s" | "--standard" | "-w" | "--warn" => {}
            "-l" | "--mathlib" => mathlib = true,
            // Files, or options jobsim does not know.
            _ => return super::unknown(machine),
        }
    }
    let program = machine.read_all(io.stdin);
    let Some(statements) = parse(&program) else {
        return super::unknown(machine);
    };
    let line_size = line_size(env.get("BC_LINE_LENGTH"));
    let mut scale = if mathlib { 20 } else { 0 };
    for statement in statements {
        match statement {
            Statement::Scale(n) => scale = n,
            Statement::Quit => break,
            Statement::FourAtanOne if !mathlib => {
                machine.write(
                    io.stderr,
                    "Runtime error (func=(main), adr=6): Function a not defined.\n",
                );
                return Status::Exit(0);
            }
            Statement::FourAtanOne => {
                machine.advance(cost::bc_pi(scale));
                let number = pi::bc_four_atan_one(scale);
                machine.write(io.stdout, &wrap(&number, line_size));
            }
        }
    }
    Status::Exit(0)
}

/// The statements of a bc program, or `None` if it holds anything else.
fn parse(program: &str) -> Option<Vec<Statement>> {
    let mut statements = Vec::new();
    for raw in program.split([';', '\n']) {
        let text: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        match text.as_str() {
            "" => {}
            "quit" => statements.push(Statement::Quit),
            "4*a(1)" | "a(1)*4" => statements.push(Statement::FourAtanOne),
            other => {
                let digits = other.strip_prefix("scale=")?;
                if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                    return None;
                }
                statements.push(Statement::Scale(digits.parse().unwrap_or(u32::MAX)));
            }
        }
    }
    Some(statements)
}

/// `BC_LINE_LENGTH`: 0 turns wrapping off; a value below 3 (or none) means 70.
// Upstream: GNU bc bc/main.c (line_size from BC_LINE_LENGTH).
fn line_size(value: Option<&String>) -> usize {
    match value.map(|v| v.trim().parse::<i64>().unwrap_or(0)) {
        None => 70,
        Some(0) => 0,
        Some(n) if n < 3 => 70,
        Some(n) => usize::try_from(n).unwrap_or(70),
    }
}

/// A number as bc prints it, ended by a newline: a backslash-newline when the column reaches
/// `line_size - 1`.
// Upstream: GNU bc lib/number.c out_char.
fn wrap(number: &str, line_size: usize) -> String {
    let mut out = String::with_capacity(number.len() + number.len() / 32 + 2);
    let mut column = 0;
    for c in number.chars() {
        column += 1;
        if line_size != 0 && column == line_size - 1 {
            out.push_str("\\\n");
            column = 1;
        }
        out.push(c);
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_parse_into_statements() {
        let cases = [
            (
                "scale=10000; 4*a(1)",
                Some(vec![Statement::Scale(10000), Statement::FourAtanOne]),
            ),
            (
                "scale = 5 \n a(1) * 4\nquit\n",
                Some(vec![
                    Statement::Scale(5),
                    Statement::FourAtanOne,
                    Statement::Quit,
                ]),
            ),
            ("", Some(vec![])),
            ("2+2", None),
            ("scale=x", None),
        ];
        for (program, want) in cases {
            assert_eq!(parse(program), want, "{program:?}");
        }
    }

    #[test]
    fn long_numbers_wrap_with_a_backslash() {
        let number: String = "1234567890".repeat(15);
        let wrapped = wrap(&number, 70);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].len(), 69);
        assert!(lines[0].ends_with('\\') && lines[1].ends_with('\\'));
        assert_eq!(lines[2].len(), 150 - 2 * 68);
        assert_eq!(wrap("3.14", 70), "3.14\n");
        assert_eq!(wrap(&number, 0), format!("{number}\n"));
    }

    #[test]
    fn the_line_length_comes_from_the_environment() {
        let cases = [
            (None, 70),
            (Some("0"), 0),
            (Some("2"), 70),
            (Some("40"), 40),
            (Some("x"), 0),
        ];
        for (value, want) in cases {
            assert_eq!(
                line_size(value.map(str::to_string).as_ref()),
                want,
                "{value:?}"
            );
        }
    }
}
