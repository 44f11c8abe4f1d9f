//! `echo`: its arguments joined by spaces, and a newline.

use crate::sim::runtime::machine::{Io, Machine, Status};

/// Which `echo` runs: they differ in options and escapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EchoStyle {
    /// `/bin/echo` (BusyBox, GNU coreutils), BusyBox ash's and bash's builtins: options `-n`,
    /// `-e`, `-E` (combinable), backslash escapes only with `-e`.
    Program,
    /// dash's builtin: only `-n`, and escapes always.
    Dash,
}

// Upstream: GNU coreutils src/echo.c, BusyBox coreutils/echo.c, dash src/bltin/printf.c echocmd.
pub fn run(machine: &mut Machine, style: EchoStyle, argv: &[String], io: &Io) -> Status {
    let (text, _) = render(style, argv.get(1..).unwrap_or_default());
    machine.write(io.stdout, &text);
    Status::Exit(0)
}

/// What echo prints for `args`, and whether `\c` cut it short.
pub fn render(style: EchoStyle, args: &[String]) -> (String, bool) {
    let mut newline = true;
    let mut escapes = style == EchoStyle::Dash;
    let mut words = args;
    while let Some(first) = words.first() {
        let Some(flags) = first.strip_prefix('-') else {
            break;
        };
        let allowed = match style {
            EchoStyle::Program => {
                !flags.is_empty() && flags.chars().all(|c| matches!(c, 'n' | 'e' | 'E'))
            }
            EchoStyle::Dash => flags == "n",
        };
        if !allowed {
            break;
        }
        for flag in flags.chars() {
            match flag {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        words = &words[1..];
    }
    let joined = words.join(" ");
    let (mut text, cut) = if escapes {
        unescape(&joined)
    } else {
        (joined, false)
    };
    if newline && !cut {
        text.push('\n');
    }
    (text, cut)
}

/// Backslash escapes as `echo -e` reads them; `\c` ends the output.
fn unescape(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(next) = chars.next() else {
            out.push('\\');
            break;
        };
        match next {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'c' => return (out, true),
            'e' => out.push('\u{1b}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '0' => {
                let mut value = 0u32;
                for _ in 0..3 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(value & 0xff).unwrap_or('\0'));
            }
            'x' => {
                let mut value = 0u32;
                let mut digits = 0;
                while digits < 2 {
                    match chars.peek().and_then(|d| d.to_digit(16)) {
                        Some(d) => {
                            value = value * 16 + d;
                            chars.next();
                            digits += 1;
                        }
                        None => break,
                    }
                }
                if digits == 0 {
                    out.push_str("\\x");
                } else {
                    out.push(char::from_u32(value).unwrap_or('\0'));
                }
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    (out, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_prints_as_each_implementation_does() {
        let cases: &[(&str, EchoStyle, &[&str], &str)] = &[
            (
                "words join with spaces",
                EchoStyle::Program,
                &["Hello,", "Job"],
                "Hello, Job\n",
            ),
            (
                "no arguments is an empty line",
                EchoStyle::Program,
                &[],
                "\n",
            ),
            (
                "-n drops the newline",
                EchoStyle::Program,
                &["-n", "a"],
                "a",
            ),
            (
                "-e reads escapes",
                EchoStyle::Program,
                &["-e", "a\\tb\\nc"],
                "a\tb\nc\n",
            ),
            (
                "without -e escapes stay",
                EchoStyle::Program,
                &["a\\nb"],
                "a\\nb\n",
            ),
            ("flags combine", EchoStyle::Program, &["-ne", "x\\n"], "x\n"),
            (
                "an unknown flag is a word",
                EchoStyle::Program,
                &["-x", "y"],
                "-x y\n",
            ),
            ("a lone dash is a word", EchoStyle::Program, &["-"], "-\n"),
            (
                "\\c stops the output",
                EchoStyle::Program,
                &["-e", "a\\cb"],
                "a",
            ),
            (
                "octal and hex escapes",
                EchoStyle::Program,
                &["-e", "\\0101\\x42"],
                "AB\n",
            ),
            (
                "dash reads escapes always",
                EchoStyle::Dash,
                &["a\\nb"],
                "a\nb\n",
            ),
            ("dash prints -e", EchoStyle::Dash, &["-e", "x"], "-e x\n"),
            ("dash knows -n", EchoStyle::Dash, &["-n", "x"], "x"),
        ];
        for (name, style, args, want) in cases {
            let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            assert_eq!(render(*style, &args).0, *want, "{name}");
        }
    }
}
