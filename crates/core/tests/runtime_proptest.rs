//! Random commands and scripts never make the virtual runtime panic, and what it returns holds
//! together: the same input gives the same execution, the log is in time order and no line
//! comes after the exit.

mod runtime_support;

use jobsim_core::sim::runtime::{self, ContainerInvocation, Execution, Outcome};
use proptest::prelude::*;
use runtime_support::{invocation, with_annotations, with_env};

/// Pieces that make the interpreter take its interesting paths.
const FRAGMENTS: &[&str] = &[
    "sh",
    "-c",
    "bash",
    "echo",
    "-n",
    "-e",
    "sleep",
    "1",
    "0.5",
    "2m",
    "infinity",
    "exit",
    "3",
    "true",
    "false",
    "date",
    "+%s",
    "bc",
    "-l",
    "perl",
    "-Mbignum=bpi",
    "-wle",
    "print bpi(20)",
    "scale=30; 4*a(1)",
    "printenv",
    "$(X)",
    "$$",
    "$X",
    "${X:-d}",
    "$((1+2))",
    "$(echo a)",
    "`date`",
    "'",
    "\"",
    "\\",
    ";",
    "&&",
    "||",
    "|",
    "&",
    "(",
    ")",
    "{",
    "}",
    "if",
    "then",
    "else",
    "fi",
    "for",
    "in",
    "do",
    "done",
    "while",
    "until",
    "[",
    "]",
    "-eq",
    "=",
    "!",
    ">",
    ">>",
    "2>&1",
    "<",
    "/dev/null",
    "\n",
    "#",
    "break",
    "continue",
    "set",
    "-x",
    "-o",
    "pipefail",
    "export",
    "X=1",
    "read",
    "eval",
    "exec",
    "cat",
    "env",
    "hostname",
    "wget",
    "case",
    "esac",
    ";;",
    "*)",
    "a|b)",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => "[ -~]{0,12}",
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn script() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(word(), 0..24).prop_map(|words| words.join(" ")),
        "[ -~\n]{0,160}",
    ]
}

fn python() -> impl Strategy<Value = String> {
    let piece = proptest::sample::select(
        &[
            "import os",
            "import sys, time",
            "print(",
            ")",
            "'a'",
            "f'{x}'",
            "x = ",
            "1",
            "2.5",
            "//",
            "%",
            "==",
            "if ",
            "elif ",
            "else",
            ":",
            "\n",
            "  ",
            "for i in range(3)",
            "while ",
            "True",
            "not ",
            "and ",
            "int(",
            "str(",
            "os.environ.get('X')",
            "os.environ['Y']",
            "sys.exit(",
            "time.sleep(",
            "pass",
            "#",
            ";",
            "-",
        ][..],
    );
    proptest::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
}

fn image() -> impl Strategy<Value = String> {
    proptest::sample::select(
        &[
            "busybox",
            "ubuntu",
            "bash:5",
            "perl",
            "python",
            "myrepo/unknown",
            "",
        ][..],
    )
    .prop_map(str::to_string)
}

fn check(invocation: &ContainerInvocation<'_>) -> Execution {
    let execution = runtime::run(invocation);
    assert_eq!(
        runtime::run(invocation),
        execution,
        "the same input runs the same way"
    );
    assert!(
        execution.log.windows(2).all(|w| w[0].at <= w[1].at),
        "the log is in time order"
    );
    if let Outcome::Exited { after, exit_code } = &execution.outcome {
        assert!(
            execution.log.iter().all(|line| line.at <= *after),
            "no line after the exit"
        );
        assert!((0..=255).contains(exit_code), "exit code {exit_code}");
    }
    execution
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_command_vectors_run(image in image(), command in proptest::collection::vec(word(), 0..8), args in proptest::collection::vec(word(), 0..6)) {
        let command: Vec<&str> = command.iter().map(String::as_str).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        check(&with_env(invocation(&image, &command, &args), &[("X", "x y")]));
    }

    #[test]
    fn random_shell_scripts_run(image in image(), script in script(), flavor in proptest::sample::select(&["sh", "bash", "/bin/sh", "dash"][..])) {
        check(&with_env(invocation(&image, &[flavor, "-c", &script], &[]), &[("X", "1"), ("JOB_COMPLETION_INDEX", "0")]));
    }

    #[test]
    fn random_python_programs_run(code in python()) {
        check(&with_env(invocation("python", &["python3", "-c", &code], &[]), &[("X", "4")]));
    }

    #[test]
    fn random_annotations_are_used_or_reported(seconds in "[0-9.a-z-]{0,8}", code in "[0-9a-z-]{0,4}") {
        let base = invocation("busybox", &["sh", "-c", "echo a; sleep 3; exit 4"], &[]);
        let execution = check(&with_annotations(base, &[(runtime::RUN_SECONDS_ANNOTATION, &seconds), (runtime::EXIT_CODE_ANNOTATION, &code)]));
        prop_assert!(execution.warnings.len() <= 2);
        let exited = matches!(execution.outcome, Outcome::Exited { .. });
        prop_assert!(exited);
    }
}
