//! Runs the `jobsim` binary under test with some arguments and a standard input.

use std::io::{ErrorKind, Write};
use std::process::{Child, Command, Output, Stdio};

/// Starts the binary with its three streams piped.
pub fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_jobsim"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("jobsim runs")
}

pub fn jobsim(args: &[&str], stdin: &str) -> Output {
    let mut child = spawn(args);
    let written = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    // A command that does not read its input (a malformed one) may end before it is written.
    if let Err(e) = written {
        assert_eq!(
            e.kind(),
            ErrorKind::BrokenPipe,
            "writing jobsim's input: {e}"
        );
    }
    child.wait_with_output().expect("jobsim ends")
}
