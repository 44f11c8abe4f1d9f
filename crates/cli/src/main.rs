//! `jobsim`: the native command line. Thin: it parses arguments, reads files, calls
//! jobsim-core and prints what the core answers.

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jobsim_core::probe::{ProbeError, ProbeResult};

#[derive(Parser)]
#[command(
    name = "jobsim",
    version,
    about = "A Kubernetes Job playground: the Job and CronJob controllers of Kubernetes \
             1.35, as one-shot probes and deterministic simulations.",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: ProbeResult = match cli.command {};
    finish(result)
}

/// Reads a case from the file named on the command line, or standard input for `-`.
#[allow(dead_code)]
fn read_case(path: &str) -> Result<String, ProbeError> {
    let mut text = String::new();
    let read = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    read.map(|()| text).map_err(|e| ProbeError::malformed(format!("cannot read {path}: {e}")))
}

/// Prints a probe's answer or its error and turns it into the exit status.
fn finish(result: ProbeResult) -> ExitCode {
    match result {
        Ok(answer) => {
            print!("{}", answer.stdout);
            ExitCode::from(answer.status)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(error.status)
        }
    }
}
