//! The virtual runtime's programs, each as a container's own command and inside a shell, and
//! the rules around them: ENTRYPOINT/CMD, programs missing from the image, the annotations.

mod runtime_support;

use jobsim_core::sim::runtime::{
    self, cost, Outcome, Sigterm, EXIT_CODE_ANNOTATION, RUN_SECONDS_ANNOTATION,
};
use runtime_support::{exited, invocation, log, sh, timed_log, with_annotations, with_env};

struct Case {
    name: &'static str,
    image: &'static str,
    command: &'static [&'static str],
    args: &'static [&'static str],
    log: &'static [&'static str],
    exit_code: i32,
    ms: u64,
}

fn check(cases: &[Case]) {
    for c in cases {
        let execution = runtime::run(&invocation(c.image, c.command, c.args));
        assert_eq!(log(&execution), c.log, "{}: log", c.name);
        assert_eq!(
            exited(&execution),
            Some((c.exit_code, c.ms)),
            "{}: exit code and run time",
            c.name
        );
    }
}

#[test]
fn programs_run_as_the_containers_command() {
    check(&[
        Case {
            name: "the seeds' echo Job",
            image: "busybox:latest",
            command: &["echo", "Hello, Job"],
            args: &[],
            log: &["Hello, Job"],
            exit_code: 0,
            ms: 0,
        },
        Case {
            name: "echo -n",
            image: "busybox",
            command: &["echo", "-n", "no newline"],
            args: &[],
            log: &["no newline"],
            exit_code: 0,
            ms: 0,
        },
        Case {
            name: "echo -e",
            image: "ubuntu",
            command: &["/bin/echo", "-e", "a\\tb"],
            args: &[],
            log: &["a\tb"],
            exit_code: 0,
            ms: 0,
        },
        Case {
            name: "sleep N",
            image: "busybox",
            command: &["sleep", "120"],
            args: &[],
            log: &[],
            exit_code: 0,
            ms: 120_000,
        },
        Case {
            name: "sleep with units and fractions",
            image: "busybox",
            command: &["sleep", "1m", "0.5s", ".25"],
            args: &[],
            log: &[],
            exit_code: 0,
            ms: 60_750,
        },
        Case {
            name: "sleep in args",
            image: "busybox",
            command: &["sleep"],
            args: &["30"],
            log: &[],
            exit_code: 0,
            ms: 30_000,
        },
        Case {
            name: "busybox sleep refuses a word",
            image: "busybox",
            command: &["sleep", "soon"],
            args: &[],
            log: &["2> sleep: invalid number 'soon'"],
            exit_code: 1,
            ms: 0,
        },
        Case {
            name: "GNU sleep refuses a word",
            image: "ubuntu",
            command: &["sleep", "soon"],
            args: &[],
            log: &[
                "2> sleep: invalid time interval 'soon'",
                "2> Try 'sleep --help' for more information.",
            ],
            exit_code: 1,
            ms: 0,
        },
        Case {
            name: "true",
            image: "busybox",
            command: &["true"],
            args: &[],
            log: &[],
            exit_code: 0,
            ms: 0,
        },
        Case {
            name: "false",
            image: "busybox",
            command: &["/bin/false"],
            args: &[],
            log: &[],
            exit_code: 1,
            ms: 0,
        },
        Case {
            name: "cat of nothing",
            image: "busybox",
            command: &["cat"],
            args: &[],
            log: &[],
            exit_code: 0,
            ms: 0,
        },
        Case {
            name: "an unmodeled busybox applet",
            image: "busybox",
            command: &["wget", "-q", "x"],
            args: &[],
            log: &[],
            exit_code: 0,
            ms: 5_000,
        },
        Case {
            name: "anything on an unknown image",
            image: "myrepo/job-wq-1",
            command: &["/app/worker"],
            args: &[],
            log: &[],
            exit_code: 0,
            ms: 5_000,
        },
    ]);
}

#[test]
fn the_image_defaults_fill_in_what_the_pod_leaves_out() {
    check(&[
        Case {
            name: "the seeds' CronJob: args alone replace busybox's CMD",
            image: "busybox",
            command: &[],
            args: &[
                "/bin/sh",
                "-c",
                "date; echo Hello from the Kubernetes cluster",
            ],
            log: &[
                "Thu Jan  1 00:00:00 UTC 2026",
                "Hello from the Kubernetes cluster",
            ],
            exit_code: 0,
            ms: 0,
        },
        Case {
            name: "busybox's own CMD is a shell that reads nothing",
            image: "busybox",
            command: &[],
            args: &[],
            log: &[],
            exit_code: 0,
            ms: 0,
        },
        Case {
            name: "perl's own CMD exits at once",
            image: "perl:5.34.0",
            command: &[],
            args: &[],
            log: &[],
            exit_code: 0,
            ms: 0,
        },
        Case {
            name: "python's own CMD exits at once",
            image: "python:3",
            command: &[],
            args: &[],
            log: &[],
            exit_code: 0,
            ms: 0,
        },
        Case {
            name: "the bash image's entrypoint passes options to bash",
            image: "docker.io/library/bash:5",
            command: &[],
            args: &["-c", "echo from bash"],
            log: &["from bash"],
            exit_code: 0,
            ms: 0,
        },
        Case {
            name: "the bash image's entrypoint runs a command as is",
            image: "bash",
            command: &[],
            args: &["sleep", "2"],
            log: &[],
            exit_code: 0,
            ms: 2_000,
        },
        Case {
            name: "an unknown image's defaults are an unknown program",
            image: "gcr.io/myproject/job-wq-2",
            command: &[],
            args: &[],
            log: &[],
            exit_code: 0,
            ms: 5_000,
        },
    ]);
}

#[test]
fn a_command_missing_from_the_image_cannot_start() {
    let cases = [
        (
            "busybox",
            vec!["perl", "-e", "1"],
            "exec: \"perl\": executable file not found in $PATH",
        ),
        (
            "busybox",
            vec!["exit", "1"],
            "exec: \"exit\": executable file not found in $PATH",
        ),
        (
            "alpine",
            vec!["/usr/bin/bash"],
            "exec: \"/usr/bin/bash\": stat /usr/bin/bash: no such file or directory",
        ),
    ];
    for (image, command, why) in cases {
        let execution = runtime::run(&invocation(image, &command, &[]));
        let Outcome::StartError { message } = &execution.outcome else {
            panic!("{command:?}: {execution:?}")
        };
        assert!(message.contains(why), "{command:?}: {message}");
        assert!(
            message.starts_with("failed to create containerd task"),
            "{message}"
        );
        assert!(execution.log.is_empty());
    }
}

#[test]
fn date_prints_the_virtual_wall_clock() {
    let cases = [
        ("date", None, "Thu Jan  1 00:00:00 UTC 2026"),
        ("sleep 61; date", None, "Thu Jan  1 00:01:01 UTC 2026"),
        ("date", Some("Europe/Paris"), "Thu Jan  1 01:00:00 CET 2026"),
        (
            "date -u",
            Some("Europe/Paris"),
            "Thu Jan  1 00:00:00 UTC 2026",
        ),
        ("date +%s", None, "1767225600"),
        ("date '+%Y-%m-%d %H:%M'", None, "2026-01-01 00:00"),
        ("date -R", None, "Thu, 01 Jan 2026 00:00:00 +0000"),
        ("date -Iseconds", None, "2026-01-01T00:00:00+00:00"),
    ];
    for (script, tz, want) in cases {
        let env: Vec<(&str, &str)> = tz.map(|tz| ("TZ", tz)).into_iter().collect();
        let execution = runtime::run(&with_env(
            invocation("busybox", &["sh", "-c", script], &[]),
            &env,
        ));
        assert_eq!(log(&execution), [want], "{script} TZ={tz:?}");
    }
}

#[test]
fn env_printenv_and_hostname_read_the_environment() {
    let env = [("HOSTNAME", "pi-7xk2p"), ("JOB_COMPLETION_INDEX", "2")];
    let cases: [(&str, &[&str], i32); 5] = [
        ("printenv JOB_COMPLETION_INDEX", &["2"], 0),
        ("printenv NOPE", &[], 1),
        ("hostname", &["pi-7xk2p"], 0),
        ("env", &["HOSTNAME=pi-7xk2p", "JOB_COMPLETION_INDEX=2"], 0),
        ("env X=1 printenv X", &["1"], 0),
    ];
    for (script, want, code) in cases {
        let execution = runtime::run(&with_env(
            invocation("busybox", &["sh", "-c", script], &[]),
            &env,
        ));
        assert_eq!(log(&execution), want, "{script}");
        assert_eq!(exited(&execution).map(|(c, _)| c), Some(code), "{script}");
    }
}

#[test]
fn the_lessons_pi_jobs_print_pi_after_the_modeled_time() {
    let bc = runtime::run(&invocation(
        "resouer/ubuntu-bc",
        &["sh", "-c", "echo 'scale=5000; 4*a(1)' | bc -l "],
        &[],
    ));
    assert_eq!(exited(&bc), Some((0, 40_000)));
    let lines = timed_log(&bc);
    assert_eq!(lines.len(), 74, "5002 characters, 68 a line");
    assert!(lines.iter().all(|(at, _)| *at == 40_000));
    assert!(lines[0].1.starts_with("3.14159265358979323846"));
    assert!(
        lines[73].1.ends_with("4132604720"),
        "bc truncates a(1) at the scale: {}",
        lines[73].1
    );

    let perl = runtime::run(&invocation(
        "perl:5.34.0",
        &["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
        &[],
    ));
    assert_eq!(exited(&perl), Some((0, 10_000)));
    let lines = timed_log(&perl);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].0, 10_000);
    assert_eq!(lines[0].1.len(), 2001);
    assert!(lines[0].1.ends_with("4780275901"));
}

#[test]
fn bc_and_perl_handle_their_options() {
    let bc_ms = |scale| cost::bc_pi(scale).as_millis();
    let cases: [(&str, &str, &[&str], i32, u64); 6] = [
        ("busybox", "echo 'scale=3; 4*a(1)' | bc -l", &["3.140"], 0, bc_ms(3)),
        ("busybox", "echo '4*a(1)' | bc -l", &["3.14159265358979323844"], 0, bc_ms(20)),
        ("busybox", "echo '4*a(1)' | bc", &["2> Runtime error (func=(main), adr=6): Function a not defined."], 0, 0),
        (
            "busybox",
            "echo 'scale=80; 4*a(1)' | BC_LINE_LENGTH=0 bc -l | cat",
            &["3.14159265358979323846264338327950288419716939937510582097494459230781640628620896"],
            0,
            bc_ms(80),
        ),
        ("busybox", "echo '2+2' | bc", &[], 0, 5_000),
        ("perl", "perl -le 'print bpi(5)'", &["2> Undefined subroutine &main::bpi called at -e line 1."], 255, 0),
    ];
    for (image, script, want, code, ms) in cases {
        let execution = sh(image, script);
        assert_eq!(log(&execution), want, "{script}");
        assert_eq!(exited(&execution), Some((code, ms)), "{script}");
    }
    let perl = runtime::run(&invocation(
        "perl",
        &[
            "perl",
            "-Mbignum=bpi",
            "-wle",
            "print bpi(10); print 'done'",
        ],
        &[],
    ));
    assert_eq!(log(&perl), ["3.141592654", "done"]);
    let broken = runtime::run(&invocation(
        "perl:5.36.0",
        &["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
        &[],
    ));
    assert_eq!(
        log(&broken),
        ["2> Can't use an undefined value as an ARRAY reference at /usr/local/lib/perl5/5.36.0/Math/BigInt/Calc.pm line 1049."]
    );
    assert_eq!(exited(&broken), Some((255, 10_000)));
    let stored = runtime::run(&invocation(
        "perl:5.36",
        &["perl", "-Mbignum=bpi", "-wle", "print bpi(1000)"],
        &[],
    ));
    assert_eq!(exited(&stored), Some((0, 0)));
    let unmodeled = runtime::run(&invocation("perl", &["perl", "/app/run.pl"], &[]));
    assert_eq!(exited(&unmodeled), Some((0, 5_000)));
}

#[test]
fn annotations_force_the_run_time_and_the_exit_code() {
    let base = invocation(
        "busybox",
        &["sh", "-c", "echo start; sleep 100; echo end"],
        &[],
    );
    let shorter = runtime::run(&with_annotations(
        base.clone(),
        &[(RUN_SECONDS_ANNOTATION, "30")],
    ));
    assert_eq!(exited(&shorter), Some((0, 30_000)));
    assert_eq!(
        timed_log(&shorter),
        vec![(0, "start".to_string()), (30_000, "end".to_string())]
    );

    let longer = runtime::run(&with_annotations(
        base.clone(),
        &[(RUN_SECONDS_ANNOTATION, "150.5")],
    ));
    assert_eq!(exited(&longer), Some((0, 150_500)));
    assert_eq!(timed_log(&longer)[1], (100_000, "end".to_string()));

    let failing = runtime::run(&with_annotations(
        base.clone(),
        &[(EXIT_CODE_ANNOTATION, "3")],
    ));
    assert_eq!(exited(&failing), Some((3, 100_000)));

    let forever = invocation("busybox", &["sleep", "infinity"], &[]);
    let bounded = runtime::run(&with_annotations(
        forever.clone(),
        &[(RUN_SECONDS_ANNOTATION, "20"), (EXIT_CODE_ANNOTATION, "1")],
    ));
    assert_eq!(exited(&bounded), Some((1, 20_000)));
    assert_eq!(runtime::run(&forever).outcome, Outcome::RunsUntilKilled);

    let malformed = runtime::run(&with_annotations(
        base,
        &[
            (RUN_SECONDS_ANNOTATION, "soon"),
            (EXIT_CODE_ANNOTATION, "300"),
        ],
    ));
    assert_eq!(exited(&malformed), Some((0, 100_000)));
    assert_eq!(malformed.warnings.len(), 2, "{:?}", malformed.warnings);
    assert!(malformed.warnings[0].contains("jobsim.dev/run-seconds"));
}

#[test]
fn bc_wraps_lines_at_seventy_characters_with_a_backslash() {
    let execution = sh("resouer/ubuntu-bc", "echo 'scale=10000; 4*a(1)' | bc -l");
    let lines = log(&execution);
    assert_eq!(lines.len(), 148, "10002 characters, 68 a line");
    assert_eq!(
        lines[0],
        "3.141592653589793238462643383279502884197169399375105820974944592307\\"
    );
    assert_eq!(
        lines[1],
        "81640628620899862803482534211706798214808651328230664709384460955058\\"
    );
    assert!(lines[..147]
        .iter()
        .all(|line| line.len() == 69 && line.ends_with('\\')));
    assert_eq!(lines[147], "375676");
    assert_eq!(exited(&execution), Some((0, 114_000)));
}

/// The Job documentation's Python scripts (backoff limit per index, FailIndex, success policy).
const PER_INDEX: &str = "import os, sys\nprint(\"Hello world\")\nif int(os.environ.get(\"JOB_COMPLETION_INDEX\")) % 2 == 0:\n  sys.exit(1)\n";
const FAIL_INDEX: &str = "import os, sys\nindex = int(os.environ.get(\"JOB_COMPLETION_INDEX\"))\nif index == 0:\n  sys.exit(1)\nelif index == 1:\n  sys.exit(42)\nelse:\n  sys.exit(0)\n";
const SUCCESS_POLICY: &str = "import os, sys\nif os.environ.get(\"JOB_COMPLETION_INDEX\") == \"2\":\n  sys.exit(0)\nelse:\n  sys.exit(1)\n";

#[test]
fn the_documentations_python_scripts_exit_by_their_index() {
    let cases: [(&str, &str, &[&str], i32); 8] = [
        (PER_INDEX, "0", &["Hello world"], 1),
        (PER_INDEX, "3", &["Hello world"], 0),
        (FAIL_INDEX, "0", &[], 1),
        (FAIL_INDEX, "1", &[], 42),
        (FAIL_INDEX, "2", &[], 0),
        (SUCCESS_POLICY, "2", &[], 0),
        (SUCCESS_POLICY, "1", &[], 1),
        ("import os\nfor i in range(2):\n    print(f\"index {os.environ['JOB_COMPLETION_INDEX']}, pass {i}\")", "7", &["index 7, pass 0", "index 7, pass 1"], 0),
    ];
    for (script, index, want, code) in cases {
        let execution = runtime::run(&with_env(
            invocation("python", &["python3", "-c", script], &[]),
            &[("JOB_COMPLETION_INDEX", index)],
        ));
        assert_eq!(log(&execution), want, "{script} at index {index}");
        assert_eq!(
            exited(&execution),
            Some((code, 0)),
            "{script} at index {index}"
        );
    }
}

#[test]
fn python_buffers_its_output_unless_told_not_to() {
    let script = "import time\nprint(\"a\")\ntime.sleep(5)\nprint(\"b\", 2)";
    let buffered = runtime::run(&invocation("python:3", &["python3", "-c", script], &[]));
    assert_eq!(
        timed_log(&buffered),
        vec![(5_000, "a".to_string()), (5_000, "b 2".to_string())]
    );
    let unbuffered = runtime::run(&invocation(
        "python:3",
        &["python3", "-u", "-c", script],
        &[],
    ));
    assert_eq!(
        timed_log(&unbuffered),
        vec![(0, "a".to_string()), (5_000, "b 2".to_string())]
    );
    let by_env = runtime::run(&with_env(
        invocation("python:3", &["python3", "-c", script], &[]),
        &[("PYTHONUNBUFFERED", "1")],
    ));
    assert_eq!(timed_log(&by_env), timed_log(&unbuffered));
    let flushed = runtime::run(&invocation(
        "python:3",
        &[
            "python",
            "-c",
            "import time; print('x', flush=True); time.sleep(1.5)",
        ],
        &[],
    ));
    assert_eq!(
        (timed_log(&flushed), exited(&flushed)),
        (vec![(0, "x".to_string())], Some((0, 1_500)))
    );
}

#[test]
fn python_errors_end_in_a_traceback() {
    let cases: [(&str, &[&str], i32); 4] = [
        (
            "import os\nprint('before')\nn = int(os.environ.get('NOPE'))",
            &[
                "2> Traceback (most recent call last):",
                "2>   File \"<string>\", line 3, in <module>",
                "2> TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
                "before",
            ],
            1,
        ),
        (
            "import os\nprint(os.environ['NOPE'])",
            &["2> Traceback (most recent call last):", "2>   File \"<string>\", line 2, in <module>", "2> KeyError: 'NOPE'"],
            1,
        ),
        ("import sys\nsys.exit('bye')", &["2> bye"], 1),
        ("print(1 // 0)", &["2> Traceback (most recent call last):", "2>   File \"<string>\", line 1, in <module>", "2> ZeroDivisionError: integer division or modulo by zero"], 1),
    ];
    for (script, want, code) in cases {
        let execution = runtime::run(&invocation("python", &["python3", "-c", script], &[]));
        assert_eq!(log(&execution), want, "{script}");
        assert_eq!(exited(&execution), Some((code, 0)), "{script}");
    }
    for unmodeled in [
        vec!["python3", "worker.py"],
        vec!["python3", "-c", "import requests"],
        vec!["python3", "-m", "http.server"],
    ] {
        let execution = runtime::run(&invocation("python", &unmodeled, &[]));
        assert_eq!(exited(&execution), Some((0, 5_000)), "{unmodeled:?}");
    }
}

#[test]
fn python_integer_division_rounds_down() {
    let script = "print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 % -3, -9223372036854775807 - 1 // 1)\nprint((-9223372036854775807 - 1) % -1, 1 / 4, 2.0 * 3)";
    let execution = runtime::run(&invocation("python", &["python3", "-c", script], &[]));
    assert_eq!(
        log(&execution),
        ["3 -4 1 2 -2 -9223372036854775808", "0 0.25 6.0"]
    );
}

#[test]
fn a_pid_1_without_a_handler_ignores_sigterm() {
    let cases = [
        (
            "sleep as PID 1",
            invocation("busybox", &["sleep", "3600"], &[]),
            Sigterm::Ignores,
        ),
        (
            "a shell",
            invocation("busybox", &["sh", "-c", "sleep 3600"], &[]),
            Sigterm::Ignores,
        ),
        (
            "perl",
            invocation(
                "perl",
                &["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
                &[],
            ),
            Sigterm::Ignores,
        ),
        (
            "a shell that traps TERM",
            invocation(
                "busybox",
                &["sh", "-c", "trap 'exit 0' TERM; sleep 3600"],
                &[],
            ),
            Sigterm::Terminates,
        ),
        (
            "a shell that resets its trap",
            invocation(
                "busybox",
                &["sh", "-c", "trap 'exit 0' TERM; trap - TERM"],
                &[],
            ),
            Sigterm::Ignores,
        ),
        (
            "an unknown program",
            invocation("myrepo/job-wq-1", &[], &[]),
            Sigterm::Terminates,
        ),
        (
            "an unmodeled program",
            invocation("busybox", &["wget", "x"], &[]),
            Sigterm::Terminates,
        ),
    ];
    for (name, inv, want) in cases {
        assert_eq!(runtime::run(&inv).sigterm, want, "{name}");
    }
}
