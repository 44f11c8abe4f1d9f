//! `jobsim`: the native command line. Thin: it parses arguments, reads files, calls
//! jobsim-core and prints what the core answers.

use std::io::{Read, Write};
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
enum Command {
    /// One sync of the Job controller on a JSON case ("-" = standard input).
    Sync {
        /// The case file.
        case: String,
        /// Print why the controller acted, in words, instead of the JSON answer.
        #[arg(long)]
        explain: bool,
        /// The language of --explain: en or zh.
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// One sync of the CronJob controller on a JSON case ("-" = standard input).
    CronSync {
        /// The case file.
        case: String,
    },
    /// When a cron schedule fires, as the CronJob controller computes it.
    CronNext {
        /// A CronJob schedule, e.g. "*/5 * * * *" or "@hourly".
        schedule: String,
        /// The CronJob's spec.timeZone (IANA name).
        #[arg(long)]
        time_zone: Option<String>,
        /// List fire times strictly after this RFC 3339 time (default: now).
        #[arg(long)]
        after: Option<String>,
        /// How many fire times to list.
        #[arg(short = 'n', default_value_t = 3)]
        n: usize,
    },
    /// The API server's defaulting and validation of Job, CronJob and PriorityClass manifests
    /// ("-" = standard input).
    Validate {
        /// The manifest file (one or more YAML documents).
        file: String,
        /// Answer with one JSON document instead of kubectl's words.
        #[arg(long)]
        json: bool,
    },
    /// Runs a scenario on the virtual cluster ("-" = standard input).
    Run {
        /// The scenario file (a Simulation document and manifests).
        file: String,
        /// Print one JSON document instead of the run as a user would watch it.
        #[arg(long)]
        json: bool,
        /// With --json, leave out the pods and the events.
        #[arg(long)]
        summary: bool,
        /// Override the scenario's seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Override the scenario's horizon: done or a duration such as 10m.
        #[arg(long)]
        until: Option<String>,
    },
    /// Runs a scenario to a time, then a kubectl command on the virtual cluster
    /// (`jobsim kubectl pi.yaml --at 30s -- get pods`). `-f FILE` reads FILE, `-f -` standard input.
    Kubectl {
        /// The scenario file.
        file: String,
        /// The virtual time at which the command runs (default: the scenario's end).
        #[arg(long)]
        at: Option<String>,
        /// The kubectl command's words.
        #[arg(last = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: ProbeResult = match cli.command {
        Command::Sync {
            case,
            explain,
            lang,
        } => jobsim_core::probe::sync::Output::from_flags(explain, &lang).and_then(|output| {
            read_case(&case).and_then(|text| jobsim_core::probe::sync::sync(&text, output))
        }),
        Command::CronSync { case } => {
            read_case(&case).and_then(|text| jobsim_core::probe::cron::cron_sync(&text))
        }
        Command::CronNext {
            schedule,
            time_zone,
            after,
            n,
        } => jobsim_core::probe::cron::cron_next(
            &schedule,
            time_zone.as_deref(),
            after.as_deref(),
            n,
            real_now(),
        ),
        Command::Validate { file, json } => read_case(&file)
            .and_then(|text| jobsim_core::probe::validate::validate(&text, &file, json)),
        Command::Run {
            file,
            json,
            summary,
            seed,
            until,
        } => return run(&file, json, summary, seed, until.as_deref()),
        Command::Kubectl { file, at, args } => return kubectl(&file, at.as_deref(), &args),
    };
    finish(result)
}

/// `jobsim run`: the scenario run to its end, its output written as it is made (a large run
/// prints more than is worth holding).
fn run(file: &str, json: bool, summary: bool, seed: Option<u64>, until: Option<&str>) -> ExitCode {
    use jobsim_core::sim::{report, scenario};
    let world = until
        .map(report::parse_until)
        .transpose()
        .and_then(|until| {
            let text = read_case(file)?;
            report::simulate(&text, scenario::Overrides { seed, until })
                .map_err(ProbeError::malformed)
        });
    match world {
        Ok(world) => {
            let output = report::Output { json, summary };
            print_with(0, |out| report::write(&world, output, out))
        }
        Err(error) => finish(Err(error)),
    }
}

/// `jobsim kubectl`: kubectl's stdout and stderr, and its exit status.
fn kubectl(file: &str, at: Option<&str>, args: &[String]) -> ExitCode {
    // `-f` names a file for the verbs that read manifests; for `logs` it is `--follow`.
    let verb = args
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "kubectl")
        .find(|a| !a.starts_with('-'));
    let reads_files = matches!(verb, Some("apply" | "create" | "delete"));
    let manifest = args
        .iter()
        .position(|a| a == "-f" || a == "--filename")
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| {
            args.iter()
                .find_map(|a| {
                    a.strip_prefix("--filename=")
                        .or_else(|| a.strip_prefix("-f="))
                })
                .map(String::from)
        })
        .filter(|_| reads_files);
    let stdin = match manifest.as_deref().map(read_case).transpose() {
        Ok(text) => text,
        Err(error) => return finish(Err(error)),
    };
    let text = match read_case(file) {
        Ok(text) => text,
        Err(error) => return finish(Err(error)),
    };
    match jobsim_core::kubectl::command::run_in_scenario(&text, at, args, stdin.as_deref()) {
        Ok(out) => {
            let status = u8::try_from(out.exit_code).unwrap_or(1);
            let code = print_with(status, |stdout| stdout.write_all(out.stdout.as_bytes()));
            let _ = std::io::stderr().write_all(out.stderr.as_bytes());
            code
        }
        Err(e) => finish(Err(ProbeError::malformed(e))),
    }
}

/// The wall clock: only the command line reads it (`cron-next` without `--after`); the core
/// takes time as an input.
#[allow(clippy::disallowed_methods)]
fn real_now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

/// Reads a case from the file named on the command line, or standard input for `-`.
fn read_case(path: &str) -> Result<String, ProbeError> {
    let mut text = String::new();
    let read = if path == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    read.map(|()| text)
        .map_err(|e| ProbeError::malformed(format!("cannot read {path}: {e}")))
}

/// Prints a probe's answer or its error and turns it into the exit status.
fn finish(result: ProbeResult) -> ExitCode {
    match result {
        Ok(answer) => print_with(answer.status, |out| out.write_all(answer.stdout.as_bytes())),
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: {error}");
            ExitCode::from(error.status)
        }
    }
}

/// Standard output, buffered.
type Stdout = std::io::BufWriter<std::io::StdoutLock<'static>>;

/// Writes to standard output through a buffer and exits with `status`. A reader that stops
/// reading (`jobsim run big.yaml | head`) only ends the output early, as it does for the
/// programs of a shell pipeline; any other failure to write is an error, exit status 1.
fn print_with(status: u8, write: impl FnOnce(&mut Stdout) -> std::io::Result<()>) -> ExitCode {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(std::io::stderr(), "error: cannot write the output: {e}");
            ExitCode::from(1)
        }
        _ => ExitCode::from(status),
    }
}
