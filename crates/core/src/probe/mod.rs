//! The JSON probes of `spec/probes.md`: one-shot questions to the controllers and the API
//! server's validation, answered as JSON. The command line reads the case and prints the
//! answer; everything in between lives here so that tests call the same code.

pub mod cron;
pub mod sync;
pub mod validate;

/// A probe's answer: what to print on standard output and the exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub stdout: String,
    pub status: u8,
}

impl Answer {
    /// A successful answer (exit status 0).
    pub fn ok(stdout: String) -> Self {
        Answer { stdout, status: 0 }
    }
}

/// A case the probe cannot answer: a one-line message for standard error and the exit status
/// (2 for a malformed case, 1 for an invalid schedule in `cron-next`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeError {
    pub message: String,
    pub status: u8,
}

impl ProbeError {
    /// A malformed case: exit status 2.
    pub fn malformed(message: impl Into<String>) -> Self {
        ProbeError {
            message: message.into(),
            status: 2,
        }
    }
}

impl std::fmt::Display for ProbeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

pub type ProbeResult = Result<Answer, ProbeError>;
