//! The `jobsim` binary itself: help, version, and a clear error for a command it does not know.

use std::process::Command;

fn jobsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jobsim"))
        .args(args)
        .output()
        .expect("jobsim runs")
}

#[test]
fn version_prints_the_name_and_the_crate_version() {
    let out = jobsim(&["--version"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("jobsim {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_names_the_kubernetes_release_followed() {
    let out = jobsim(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Usage: jobsim"), "{help}");
    assert!(
        help.contains(&format!("Kubernetes {}", jobsim_core_version())),
        "{help}"
    );
}

#[test]
fn an_unknown_subcommand_is_an_error_not_a_panic() {
    let out = jobsim(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unrecognized subcommand 'frobnicate'"),
        "{err}"
    );
}

fn jobsim_core_version() -> &'static str {
    jobsim_core::KUBERNETES_VERSION
}
