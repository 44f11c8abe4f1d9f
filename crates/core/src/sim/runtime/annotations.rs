//! The pod annotations that steer the virtual runtime: `jobsim.dev/run-seconds` (how long the
//! container runs, whatever its command) and `jobsim.dev/exit-code` (how it exits).

use super::{Execution, LogLine, Outcome, Sigterm};
use crate::api::StringMap;
use crate::sim::time::SimDuration;

pub const RUN_SECONDS_ANNOTATION: &str = "jobsim.dev/run-seconds";
pub const EXIT_CODE_ANNOTATION: &str = "jobsim.dev/exit-code";

/// The annotations' values, and why a malformed one is ignored.
pub struct Overrides {
    run: Option<SimDuration>,
    exit_code: Option<i32>,
    pub warnings: Vec<String>,
}

impl From<&StringMap> for Overrides {
    fn from(annotations: &StringMap) -> Self {
        let mut warnings = Vec::new();
        let run = annotations.get(RUN_SECONDS_ANNOTATION).and_then(|text| {
            let parsed = parse_seconds(text.trim());
            if parsed.is_none() {
                warnings.push(format!(
                    "annotation {RUN_SECONDS_ANNOTATION}: {text:?} is not a number of seconds; ignored"
                ));
            }
            parsed
        });
        let exit_code = annotations.get(EXIT_CODE_ANNOTATION).and_then(|text| {
            let parsed = text.trim().parse::<i32>().ok().filter(|code| (0..=255).contains(code));
            if parsed.is_none() {
                warnings.push(format!(
                    "annotation {EXIT_CODE_ANNOTATION}: {text:?} is not an exit code (0 to 255); ignored"
                ));
            }
            parsed
        });
        Overrides {
            run,
            exit_code,
            warnings,
        }
    }
}

impl Overrides {
    /// The execution with the overrides applied: a forced run time moves the exit (and cuts
    /// the log's later lines to it); a forced exit code replaces the command's.
    pub fn apply(self, mut log: Vec<LogLine>, outcome: Outcome, sigterm: Sigterm) -> Execution {
        let outcome = match (outcome, self.run) {
            (Outcome::Exited { exit_code, .. }, Some(run)) => Outcome::Exited {
                after: run,
                exit_code,
            },
            (Outcome::RunsUntilKilled, Some(run)) => Outcome::Exited {
                after: run,
                exit_code: 0,
            },
            (outcome, _) => outcome,
        };
        if let Some(run) = self.run {
            for line in &mut log {
                line.at = line.at.min(run);
            }
        }
        let outcome = match (outcome, self.exit_code) {
            (Outcome::Exited { after, .. }, Some(code)) => Outcome::Exited {
                after,
                exit_code: code,
            },
            (outcome, _) => outcome,
        };
        Execution {
            log,
            outcome,
            sigterm,
            warnings: self.warnings,
        }
    }
}

/// A non-negative decimal number of seconds, to the millisecond: `30`, `2.5`, `0.001`.
pub fn parse_seconds(text: &str) -> Option<SimDuration> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.is_empty() && frac.is_empty()
        || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let secs: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut ms = 0u64;
    for (i, digit) in frac.chars().take(3).enumerate() {
        ms += u64::from(digit.to_digit(10)?) * [100, 10, 1][i];
    }
    Some(SimDuration::from_millis(
        secs.checked_mul(1000)?.checked_add(ms)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_parse_to_the_millisecond() {
        let cases = [
            ("30", Some(30_000)),
            ("2.5", Some(2_500)),
            (".25", Some(250)),
            ("0.0019", Some(1)),
            ("7.", Some(7_000)),
            ("", None),
            (".", None),
            ("-1", None),
            ("1e3", None),
            ("99999999999999999999", None),
        ];
        for (text, want) in cases {
            assert_eq!(
                parse_seconds(text).map(SimDuration::as_millis),
                want,
                "{text:?}"
            );
        }
    }
}
