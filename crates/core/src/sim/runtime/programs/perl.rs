//! `perl`: enough of it for the Kubernetes documentation's pi Job,
//! `perl -Mbignum=bpi -wle 'print bpi(2000)'`, and `print` of a string. Any other program makes
//! it an unknown program.

use crate::sim::runtime::machine::{Io, Machine, Status};
use crate::sim::runtime::{cost, image, pi};

/// What the command line asks of perl.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Invocation {
    /// `-e` code, one line per `-e`.
    code: Option<String>,
    /// `-l`: a newline after each `print`.
    line_ends: bool,
    /// `-Mbignum=bpi` (or `-Mbigrat=bpi`, `-Mbigfloat=bpi`): `bpi` is imported.
    bpi: bool,
    /// A script file or a switch jobsim does not model.
    unmodeled: bool,
}

/// A statement of the programs jobsim understands.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Statement {
    PrintPi(u32),
    Print(String),
}

// Upstream: perlrun (command switches); Math::BigFloat bpi through the bignum pragma.
pub fn run(machine: &mut Machine, argv: &[String], io: &Io) -> Status {
    let invocation = parse_switches(argv.get(1..).unwrap_or_default());
    if invocation.unmodeled {
        return super::unknown(machine);
    }
    // Without -e or a script, perl reads its program from the (empty) standard input.
    let Some(code) = invocation.code else {
        return Status::Exit(0);
    };
    let Some(statements) = parse_code(&code) else {
        return super::unknown(machine);
    };
    let end = if invocation.line_ends { "\n" } else { "" };
    for statement in statements {
        match statement {
            Statement::Print(text) => machine.write(io.stdout, &format!("{text}{end}")),
            Statement::PrintPi(_) if !invocation.bpi => {
                machine.write(
                    io.stderr,
                    "Undefined subroutine &main::bpi called at -e line 1.\n",
                );
                return Status::Exit(255);
            }
            Statement::PrintPi(n)
                if n > 1000 && broken_bignum(&machine.invocation.image).is_some() =>
            {
                machine.advance(cost::perl_bpi(n));
                let version = broken_bignum(&machine.invocation.image).unwrap_or_default();
                machine.write(
                    io.stderr,
                    &format!(
                        "Can't use an undefined value as an ARRAY reference at \
                         /usr/local/lib/perl5/{version}/Math/BigInt/Calc.pm line 1049.\n"
                    ),
                );
                return Status::Exit(255);
            }
            Statement::PrintPi(n) => {
                machine.advance(cost::perl_bpi(n));
                machine.write(io.stdout, &format!("{}{end}", pi::perl_bpi(n)));
            }
        }
    }
    Status::Exit(0)
}

/// The Perl 5.36 images: their Math::BigInt::Calc fails computing `bpi` beyond the 1000 digits
/// it keeps precomputed (the documentation's Job pins perl:5.34.0 since). Their version.
// Upstream: github.com/jayendrapatil/kubernetes-exercises issue 3 (perl:5.36.0, `bpi(2000)`).
fn broken_bignum(image: &str) -> Option<String> {
    if image::repository(image) != "perl" {
        return None;
    }
    let tag = image::tag(image)?;
    let version = tag.split('-').next().unwrap_or(tag);
    match version.split('.').collect::<Vec<_>>().as_slice() {
        ["5", "36"] => Some("5.36.3".to_string()),
        ["5", "36", patch] if patch.chars().all(|c| c.is_ascii_digit()) => {
            Some(version.to_string())
        }
        _ => None,
    }
}

fn parse_switches(args: &[String]) -> Invocation {
    let mut invocation = Invocation::default();
    let mut code: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        if arg == "--" || !arg.starts_with('-') || arg == "-" {
            // A script file (or the program from a named file): not modeled.
            invocation.unmodeled |= code.is_empty();
            break;
        }
        let cluster: Vec<char> = arg.chars().skip(1).collect();
        let mut j = 0;
        while let Some(&switch) = cluster.get(j) {
            j += 1;
            match switch {
                'w' | 'd' | 'W' | 'X' | 'T' | 't' | 'U' | 's' => {}
                'l' => {
                    invocation.line_ends = true;
                    while cluster.get(j).is_some_and(|c| c.is_digit(8)) {
                        j += 1;
                    }
                }
                'e' | 'E' | 'M' | 'm' => {
                    let rest: String = cluster[j..].iter().collect();
                    let value = if rest.is_empty() {
                        i += 1;
                        args.get(i - 1).cloned().unwrap_or_default()
                    } else {
                        rest
                    };
                    if matches!(switch, 'e' | 'E') {
                        code.push(value);
                    } else {
                        invocation.bpi |= imports_bpi(&value);
                    }
                    break;
                }
                _ => {
                    invocation.unmodeled = true;
                    break;
                }
            }
        }
    }
    if !code.is_empty() {
        invocation.code = Some(code.join("\n"));
    }
    invocation
}

/// `bignum=bpi`, `bignum=bpi,bexp`, `Math::BigFloat=bpi`…
fn imports_bpi(module: &str) -> bool {
    module
        .split_once('=')
        .is_some_and(|(_, imports)| imports.split(',').any(|name| name.trim() == "bpi"))
}

fn parse_code(code: &str) -> Option<Vec<Statement>> {
    let mut statements = Vec::new();
    for raw in code.split([';', '\n']) {
        let text = raw.trim();
        if text.is_empty() || text.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let argument = text.strip_prefix("print")?.trim();
        if let Some(inner) = argument.strip_prefix("bpi") {
            let inner = inner.trim();
            let digits = inner
                .strip_prefix('(')
                .and_then(|s| s.strip_suffix(')'))
                .unwrap_or(inner)
                .trim();
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            statements.push(Statement::PrintPi(digits.parse().unwrap_or(u32::MAX)));
        } else if let Some(text) = argument
            .strip_prefix('\'')
            .and_then(|s| s.strip_suffix('\''))
        {
            statements.push(Statement::Print(text.to_string()));
        } else if let Some(text) = argument.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            statements.push(Statement::Print(
                text.replace("\\n", "\n").replace("\\t", "\t"),
            ));
        } else {
            return None;
        }
    }
    Some(statements)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn switches(args: &[&str]) -> Invocation {
        parse_switches(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn switches_parse_as_perlrun_says() {
        let docs = switches(&["-Mbignum=bpi", "-wle", "print bpi(2000)"]);
        assert_eq!(
            docs,
            Invocation {
                code: Some("print bpi(2000)".into()),
                line_ends: true,
                bpi: true,
                unmodeled: false
            }
        );
        let separate = switches(&["-M", "bignum=bpi", "-w", "-l", "-e", "print bpi(10)"]);
        assert_eq!(separate, docs_with(&docs, "print bpi(10)"));
        let no_import = switches(&["-Mbignum", "-le", "print bpi(5)"]);
        assert!(!no_import.bpi && no_import.line_ends);
        assert!(switches(&["script.pl"]).unmodeled);
        assert!(switches(&["-n", "-e", "print"]).unmodeled);
        assert_eq!(switches(&["-de0"]).code.as_deref(), Some("0"));
        assert_eq!(switches(&[]).code, None);
    }

    fn docs_with(base: &Invocation, code: &str) -> Invocation {
        Invocation {
            code: Some(code.to_string()),
            ..base.clone()
        }
    }

    #[test]
    fn code_parses_into_prints() {
        let cases = [
            ("print bpi(2000)", Some(vec![Statement::PrintPi(2000)])),
            ("print bpi( 50 );", Some(vec![Statement::PrintPi(50)])),
            ("print bpi 7", Some(vec![Statement::PrintPi(7)])),
            (
                "print \"hi\\n\"",
                Some(vec![Statement::Print("hi\n".into())]),
            ),
            (
                "print 'a'; print 'b'",
                Some(vec![
                    Statement::Print("a".into()),
                    Statement::Print("b".into()),
                ]),
            ),
            ("0", Some(vec![])),
            ("print bpi($n)", None),
            ("system('ls')", None),
        ];
        for (code, want) in cases {
            assert_eq!(parse_code(code), want, "{code:?}");
        }
    }
}
