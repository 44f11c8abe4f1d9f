//! The virtual runtime's shell, construct by construct: what `sh -c SCRIPT` logs, how it
//! exits and how long it runs.

mod runtime_support;

use jobsim_core::sim::runtime;
use runtime_support::{exited, invocation, log, sh, timed_log, with_env};

struct Case {
    name: &'static str,
    image: &'static str,
    script: &'static str,
    log: &'static [&'static str],
    exit_code: i32,
    ms: u64,
}

const fn case(
    name: &'static str,
    script: &'static str,
    log: &'static [&'static str],
    exit_code: i32,
    ms: u64,
) -> Case {
    Case {
        name,
        image: "busybox:1.36",
        script,
        log,
        exit_code,
        ms,
    }
}

const fn on(image: &'static str, c: Case) -> Case {
    Case { image, ..c }
}

fn check(cases: &[Case]) {
    for c in cases {
        let execution = sh(c.image, c.script);
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
fn lists_run_in_order_and_stop_as_their_operators_say() {
    check(&[
        case("a semicolon runs both", "echo a; echo b", &["a", "b"], 0, 0),
        case(
            "&& runs the right side after a success",
            "true && echo yes",
            &["yes"],
            0,
            0,
        ),
        case(
            "&& skips the right side after a failure",
            "false && echo yes",
            &[],
            1,
            0,
        ),
        case(
            "|| runs the right side after a failure",
            "false || echo rescued",
            &["rescued"],
            0,
            0,
        ),
        case(
            "|| skips the right side after a success",
            "true || echo no",
            &[],
            0,
            0,
        ),
        case(
            "a chain goes left to right",
            "false && echo a || echo b && echo c",
            &["b", "c"],
            0,
            0,
        ),
        case(
            "newlines separate commands",
            "echo one\necho two\n",
            &["one", "two"],
            0,
            0,
        ),
        case(
            "& runs in the foreground here",
            "echo bg & echo fg",
            &["bg", "fg"],
            0,
            0,
        ),
        case("the status is the last command's", "true; false", &[], 1, 0),
        case("! negates", "! false", &[], 0, 0),
        case("a comment is ignored", "echo a # not this", &["a"], 0, 0),
        case("an empty script exits 0", "", &[], 0, 0),
    ]);
}

#[test]
fn sleeps_add_up_to_the_run_time_and_time_the_log() {
    let execution = sh(
        "busybox",
        "echo Processing item apple && sleep 5; echo done; sleep 0.5",
    );
    assert_eq!(
        timed_log(&execution),
        vec![(0, "Processing item apple".into()), (5_000, "done".into())]
    );
    assert_eq!(exited(&execution), Some((0, 5_500)));
}

#[test]
fn exit_ends_the_shell_with_its_code() {
    check(&[
        case(
            "exit N",
            "echo before; exit 3; echo after",
            &["before"],
            3,
            0,
        ),
        case(
            "exit without a number keeps the last status",
            "false; exit",
            &[],
            1,
            0,
        ),
        case("exit codes wrap at 256", "exit 257", &[], 1, 0),
        case(
            "the docs' failing command",
            "echo \"Hello world!\" && sleep 5 && exit 42",
            &["Hello world!"],
            42,
            5_000,
        ),
        case(
            "ash refuses a word",
            "exit abc",
            &["2> sh: exit: Illegal number: abc"],
            2,
            0,
        ),
        on(
            "bash:5",
            case(
                "bash's message for a word",
                "exit abc",
                &["2> sh: exit: Illegal number: abc"],
                2,
                0,
            ),
        ),
        on(
            "ubuntu",
            case(
                "dash numbers its lines",
                "echo\nexit -1",
                &["", "2> sh: 2: exit: Illegal number: -1"],
                2,
                0,
            ),
        ),
    ]);
    let bash = runtime::run(&invocation("bash:5", &["bash", "-c", "exit abc"], &[]));
    assert_eq!(
        log(&bash),
        ["2> bash: line 1: exit: abc: numeric argument required"]
    );
    assert_eq!(exited(&bash), Some((2, 0)));
}

#[test]
fn quoting_keeps_words_whole_and_literal() {
    check(&[
        case(
            "single quotes are literal",
            "echo '$HOME; a  b'",
            &["$HOME; a  b"],
            0,
            0,
        ),
        case(
            "double quotes keep blanks",
            "echo \"a  b\"",
            &["a  b"],
            0,
            0,
        ),
        case(
            "unquoted blanks separate words",
            "echo a    b",
            &["a b"],
            0,
            0,
        ),
        case(
            "a backslash quotes one character",
            "echo a\\ \\ b \\$X",
            &["a  b $X"],
            0,
            0,
        ),
        case(
            "quotes join with their neighbours",
            "echo x\"y z\"'w'",
            &["xy zw"],
            0,
            0,
        ),
        case(
            "an empty quoted word is a word",
            "printf '[%s]' \"\" a; echo",
            &["[][a]"],
            0,
            0,
        ),
        case(
            "a backslash in double quotes escapes only specials",
            "echo \"a\\$b \\n\"",
            &["a$b \\n"],
            0,
            0,
        ),
    ]);
}

#[test]
fn variables_expand_from_the_environment_and_assignments() {
    let script = "echo Processing item $ITEM, index ${JOB_COMPLETION_INDEX}; X=local; echo $X ${UNSET:-default} ${ITEM:+set} [${#ITEM}] [$UNSET]";
    let execution = runtime::run(&with_env(
        invocation("busybox", &["sh", "-c", script], &[]),
        &[("ITEM", "apple"), ("JOB_COMPLETION_INDEX", "3")],
    ));
    assert_eq!(
        log(&execution),
        ["Processing item apple, index 3", "local default set [5] []"]
    );
    check(&[
        case(
            "$? is the last status",
            "false; echo $?; true; echo $?",
            &["1", "0"],
            0,
            0,
        ),
        case("$0 is the shell", "echo $0", &["sh"], 0, 0),
        case(
            "unquoted expansions split into fields",
            "X='a   b'; printf '<%s>' $X; echo",
            &["<a><b>"],
            0,
            0,
        ),
        case(
            "quoted expansions stay one field",
            "X='a   b'; printf '<%s>' \"$X\"; echo",
            &["<a   b>"],
            0,
            0,
        ),
        case(
            "an unset unquoted variable is no field",
            "printf '<%s>' $NOPE x; echo",
            &["<x>"],
            0,
            0,
        ),
        case("${X:=v} assigns", "echo ${X:=v} $X", &["v v"], 0, 0),
        case(
            "${X:?} fails the shell",
            "echo ${X:?is required}; echo after",
            &["2> sh: X: is required"],
            2,
            0,
        ),
        case(
            "an assignment before a command is for it alone",
            "X=1 true; echo [$X]",
            &["[]"],
            0,
            0,
        ),
        case(
            "a program sees the assignment before it",
            "X=1 printenv X",
            &["1"],
            0,
            0,
        ),
        case(
            "a special builtin keeps it",
            "X=1 :; echo [$X]",
            &["[1]"],
            0,
            0,
        ),
        case(
            "export passes a variable to programs",
            "export GREETING=hi; printenv GREETING",
            &["hi"],
            0,
            0,
        ),
        case(
            "a shell variable stays in the shell",
            "LOCAL=1; printenv LOCAL",
            &[],
            1,
            0,
        ),
        case(
            "$((…)) computes",
            "I=4; echo $((I + 1)) $(( (I * 3) % 5 ))",
            &["5 2"],
            0,
            0,
        ),
        case(
            "$(…) captures output",
            "echo \"[$(echo inner; echo two)]\"",
            &["[inner", "two]"],
            0,
            0,
        ),
        case("backquotes capture too", "echo `echo hi`", &["hi"], 0, 0),
        case(
            "command substitution takes its time",
            "X=$(sleep 2; echo z); echo $X",
            &["z"],
            0,
            2_000,
        ),
    ]);
}

#[test]
fn the_containers_environment_is_exported_until_unset() {
    // Changed in the shell, an environment variable is still exported; unset, set again
    // without export, it stays in the shell.
    let script = "ITEM=pear; printenv ITEM; unset ITEM; printenv ITEM; ITEM=plum; printenv ITEM; echo $ITEM; export ITEM; printenv ITEM";
    let execution = runtime::run(&with_env(
        invocation("busybox", &["sh", "-c", script], &[]),
        &[("ITEM", "apple")],
    ));
    assert_eq!(log(&execution), ["pear", "plum", "plum"]);
}

#[test]
fn the_kubelet_expands_references_before_the_shell_runs() {
    // `$$(ITEM)` reaches the shell as `$(ITEM)`: a command substitution of `ITEM`.
    let execution = runtime::run(&with_env(
        invocation("busybox", &["sh", "-c", "echo $(ITEM) $ITEM $$(ITEM)"], &[]),
        &[("ITEM", "apple")],
    ));
    assert_eq!(log(&execution), ["2> sh: ITEM: not found", "apple apple"]);
}

#[test]
fn pipelines_feed_one_command_into_the_next() {
    check(&[
        case("echo into cat", "echo piped | cat", &["piped"], 0, 0),
        case(
            "the status is the last command's",
            "false | true",
            &[],
            0,
            0,
        ),
        case(
            "pipefail takes the last failure",
            "set -o pipefail; false | true",
            &[],
            1,
            0,
        ),
        case(
            "a pipeline's stages add their time",
            "sleep 1 | sleep 2",
            &[],
            0,
            3_000,
        ),
        case(
            "stderr of an early stage reaches the log",
            "nope | cat",
            &["2> sh: nope: not found"],
            0,
            0,
        ),
        case(
            "variables set in a pipeline stay there",
            "X=1 | true; echo [$X]",
            &["[]"],
            0,
            0,
        ),
    ]);
}

#[test]
fn conditions_and_loops_run_as_written() {
    check(&[
        case(
            "if takes the first true branch",
            "if [ \"$A\" = x ]; then echo one; elif [ 1 -lt 2 ]; then echo two; else echo three; fi",
            &["two"],
            0,
            0,
        ),
        case("if without a true branch is 0", "if false; then echo no; fi", &[], 0, 0),
        case("for walks its words", "for i in 1 2 3; do echo item $i; sleep 1; done", &["item 1", "item 2", "item 3"], 0, 3_000),
        case("for on several lines", "for f in a b\ndo\n  echo $f\ndone", &["a", "b"], 0, 0),
        case("while counts down", "N=3; while [ $N -gt 0 ]; do echo $N; N=$((N - 1)); done", &["3", "2", "1"], 0, 0),
        case("until waits for a condition", "N=0; until [ $N -eq 2 ]; do N=$((N+1)); done; echo $N", &["2"], 0, 0),
        case("break leaves the loop", "for i in 1 2 3; do [ $i = 2 ] && break; echo $i; done", &["1"], 0, 0),
        case("continue skips the rest of the body", "for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done", &["1", "3"], 0, 0),
        case("a group shares the shell", "{ X=1; echo in; }; echo $X", &["in", "1"], 0, 0),
        case("a subshell does not", "(X=1; exit 4); echo $? [$X]", &["4 []"], 0, 0),
        case("test compares integers", "[ 10 -ge 9 ] && [ ! 1 -eq 2 ] && echo ok", &["ok"], 0, 0),
        case("test checks strings", "[ -z \"\" ] && [ -n x ] && [ a != b ] && echo ok", &["ok"], 0, 0),
        case("a bad number in test is status 2", "[ x -eq 1 ]; echo $?", &["2> sh: [: x: bad number", "2"], 0, 0),
        case("[ needs its ]", "[ 1 = 1", &["2> sh: [: missing ]"], 2, 0),
    ]);
}

#[test]
fn an_endless_loop_runs_until_killed() {
    for script in [
        "while true; do sleep 1; done",
        "while :; do :; done",
        "sleep infinity",
        "echo start; sleep inf",
    ] {
        let execution = sh("busybox", script);
        assert_eq!(
            execution.outcome,
            runtime::Outcome::RunsUntilKilled,
            "{script}"
        );
    }
}

#[test]
fn set_e_and_set_x_change_how_the_shell_runs() {
    check(&[
        case(
            "set -e stops at a failure",
            "set -e; echo a; false; echo b",
            &["a"],
            1,
            0,
        ),
        case(
            "set -e ignores conditions",
            "set -e; if false; then :; fi; false || true; echo on",
            &["on"],
            0,
            0,
        ),
        case(
            "set -e ignores a && left side",
            "set -e; false && true; echo on",
            &["on"],
            0,
            0,
        ),
        case(
            "set -x traces to stderr",
            "set -x; echo 'a b'",
            &["2> + echo 'a b'", "a b"],
            0,
            0,
        ),
    ]);
    let flags = runtime::run(&invocation(
        "busybox",
        &["sh", "-ec", "false; echo no"],
        &[],
    ));
    assert_eq!((log(&flags), exited(&flags)), (vec![], Some((1, 0))));
}

#[test]
fn redirections_send_output_elsewhere() {
    check(&[
        case(
            "to a file leaves the log",
            "echo \"logging\" > /opt/logs.txt",
            &[],
            0,
            0,
        ),
        case("to /dev/null", "echo gone >/dev/null", &[], 0, 0),
        case(
            "stderr to stdout",
            "nope 2>&1 | cat",
            &["sh: nope: not found"],
            0,
            0,
        ),
        case("stdout to stderr", "echo warn >&2", &["2> warn"], 0, 0),
        case(
            "stderr discarded",
            "nope 2>/dev/null; echo $?",
            &["127"],
            0,
            0,
        ),
        case(
            "to the container's own output",
            "echo cron >> /proc/1/fd/1",
            &["cron"],
            0,
            0,
        ),
        case(
            "on a compound command",
            "for i in 1 2; do echo $i; done > /dev/null",
            &[],
            0,
            0,
        ),
    ]);
}

#[test]
fn missing_programs_are_not_found_in_each_shells_words() {
    check(&[
        case("ash", "foo", &["2> sh: foo: not found"], 127, 0),
        case(
            "ash with a path",
            "/bin/foo --x",
            &["2> sh: /bin/foo: not found"],
            127,
            0,
        ),
        case(
            "perl is not on busybox",
            "perl -e 'print 1'",
            &["2> sh: perl: not found"],
            127,
            0,
        ),
        case(
            "the shell goes on after it",
            "foo; echo next",
            &["2> sh: foo: not found", "next"],
            0,
            0,
        ),
        on(
            "ubuntu",
            case("dash", "true\nfoo", &["2> sh: 2: foo: not found"], 127, 0),
        ),
        on(
            "resouer/ubuntu-bc",
            case(
                "dash on the lessons' image",
                "foo",
                &["2> sh: 1: foo: not found"],
                127,
                0,
            ),
        ),
    ]);
    let bash = runtime::run(&invocation("bash:5", &["bash", "-c", "foo"], &[]));
    assert_eq!(log(&bash), ["2> bash: line 1: foo: command not found"]);
    assert_eq!(exited(&bash), Some((127, 0)));
    let slash = runtime::run(&invocation("busybox", &["/bin/sh", "-c", "foo"], &[]));
    assert_eq!(log(&slash), ["2> /bin/sh: foo: not found"]);
}

#[test]
fn unknown_programs_run_the_default_time_and_succeed() {
    check(&[
        case(
            "a program busybox has but jobsim does not model",
            "wget -q http://example.invalid/ && echo ok",
            &["ok"],
            0,
            5_000,
        ),
        on(
            "myrepo/worker",
            case(
                "anything on an unknown image",
                "python worker.py; ./run.sh",
                &[],
                0,
                10_000,
            ),
        ),
    ]);
}

#[test]
fn syntax_errors_end_the_shell_with_status_2_after_the_earlier_lines() {
    check(&[
        case(
            "an unterminated quote",
            "echo 'oops",
            &["2> sh: syntax error: unterminated quoted string"],
            2,
            0,
        ),
        case(
            "an unexpected token",
            "echo a;; echo b",
            &["2> sh: syntax error: unexpected \";;\""],
            2,
            0,
        ),
        case(
            "a missing fi",
            "echo first\nif true; then echo x",
            &[
                "first",
                "2> sh: syntax error: unexpected end of file (expecting \"fi\")",
            ],
            2,
            0,
        ),
        on(
            "ubuntu",
            case(
                "dash's words",
                "fi",
                &["2> sh: 1: Syntax error: \"fi\" unexpected"],
                2,
                0,
            ),
        ),
    ]);
    let bash = runtime::run(&invocation("bash", &["bash", "-c", "echo a;; b"], &[]));
    assert_eq!(
        log(&bash),
        [
            "2> bash: -c: line 1: syntax error near unexpected token `;;'",
            "2> bash: -c: line 1: `echo a;; b'"
        ]
    );
    let eof = runtime::run(&invocation(
        "bash",
        &["bash", "-c", "echo a\nif true; then\necho x"],
        &[],
    ));
    assert_eq!(
        log(&eof),
        [
            "a",
            "2> bash: -c: line 4: syntax error: unexpected end of file"
        ]
    );
}

#[test]
fn shell_invocations_other_than_dash_c() {
    let name_and_args = runtime::run(&invocation(
        "busybox",
        &["sh", "-c", "echo $0 $1 $#", "me", "first"],
        &[],
    ));
    assert_eq!(log(&name_and_args), ["me first 1"]);
    let missing = runtime::run(&invocation("busybox", &["sh", "-c"], &[]));
    assert_eq!(
        (log(&missing), exited(&missing)),
        (
            vec!["2> sh: -c requires an argument".to_string()],
            Some((2, 0))
        )
    );
    let script_file = runtime::run(&invocation("busybox", &["sh", "/scripts/run.sh"], &[]));
    assert_eq!(
        log(&script_file),
        ["2> sh: can't open '/scripts/run.sh': No such file or directory"]
    );
    let unknown_image = runtime::run(&invocation("myrepo/x", &["sh", "/scripts/run.sh"], &[]));
    assert_eq!(exited(&unknown_image), Some((0, 5_000)));
    let piped = sh("busybox", "echo 'echo from stdin; exit 7' | sh");
    assert_eq!(
        (log(&piped), exited(&piped)),
        (vec!["from stdin".to_string()], Some((7, 0)))
    );
}

#[test]
fn background_jobs_run_alongside_until_the_shell_ends() {
    let waited = sh(
        "busybox",
        "(sleep 2; echo late) & echo now; wait; echo after",
    );
    assert_eq!(
        timed_log(&waited),
        vec![
            (0, "now".to_string()),
            (2_000, "late".to_string()),
            (2_000, "after".to_string())
        ]
    );
    assert_eq!(exited(&waited), Some((0, 2_000)));
    let abandoned = sh("busybox", "(sleep 2; echo late) & echo now");
    assert_eq!(
        (log(&abandoned), exited(&abandoned)),
        (vec!["now".to_string()], Some((0, 0)))
    );
    let interleaved = sh(
        "busybox",
        "(sleep 1; echo b; sleep 2; echo d) & echo a; sleep 2; echo c; wait",
    );
    assert_eq!(log(&interleaved), ["a", "b", "c", "d"]);
    assert_eq!(exited(&interleaved), Some((0, 3_000)));
    assert_eq!(
        sh("busybox", "sleep infinity & wait").outcome,
        runtime::Outcome::RunsUntilKilled
    );
    assert_eq!(
        exited(&sh("busybox", "sleep infinity & echo x")),
        Some((0, 0))
    );
}

#[test]
fn arithmetic_errors_end_the_shell() {
    let cases = [
        ("busybox", "sh", &["2> sh: divide by zero"][..], 2),
        (
            "ubuntu",
            "sh",
            &["2> sh: 1: arithmetic expression: division by zero: \"1/0\""][..],
            2,
        ),
        (
            "bash",
            "bash",
            &["2> bash: line 1: 1/0: division by 0 (error token is \"0\")"][..],
            1,
        ),
    ];
    for (image, shell, want, code) in cases {
        let execution = runtime::run(&invocation(
            image,
            &[shell, "-c", "echo $((1/0)); echo after"],
            &[],
        ));
        assert_eq!(log(&execution), want, "{image}");
        assert_eq!(exited(&execution), Some((code, 0)), "{image}");
    }
}

#[test]
fn case_runs_the_first_matching_arm() {
    let script = "case $JOB_COMPLETION_INDEX in\n  0) echo first; exit 1 ;;\n  1|2) echo early ;;\n  [3-5]) ;;\n  *) echo other\nesac";
    let cases: [(&str, &[&str], i32); 5] = [
        ("0", &["first"], 1),
        ("2", &["early"], 0),
        ("4", &[], 0),
        ("10", &["other"], 0),
        ("", &["other"], 0),
    ];
    for (index, want, code) in cases {
        let execution = runtime::run(&with_env(
            invocation("busybox", &["sh", "-c", script], &[]),
            &[("JOB_COMPLETION_INDEX", index)],
        ));
        assert_eq!(log(&execution), want, "index {index:?}");
        assert_eq!(exited(&execution), Some((code, 0)), "index {index:?}");
    }
    check(&[
        case(
            "a quoted star is a star",
            "case x in \"*\") echo star;; *) echo any;; esac",
            &["any"],
            0,
            0,
        ),
        case(
            "an optional opening parenthesis",
            "case ab in (a*) echo a;; esac",
            &["a"],
            0,
            0,
        ),
        case(
            "no arm matches",
            "false; case z in a) echo a;; esac",
            &[],
            0,
            0,
        ),
        case(
            "a missing esac",
            "case x in x) echo x;;",
            &["2> sh: syntax error: unexpected end of file (expecting \"esac\")"],
            2,
            0,
        ),
    ]);
}

#[test]
fn read_takes_the_input_a_line_at_a_time() {
    check(&[
        case(
            "a line into a variable",
            "echo a | { read x; echo got $x; }",
            &["got a"],
            0,
            0,
        ),
        case(
            "a while loop over lines",
            "printf 'one\\ntwo\\n' | while read line; do echo \"[$line]\"; done",
            &["[one]", "[two]"],
            0,
            0,
        ),
        case(
            "the last name takes the rest",
            "echo 'a b  c' | { read x y; echo \"$y\"; }",
            &["b  c"],
            0,
            0,
        ),
        case(
            "REPLY without names",
            "echo r | { read; echo $REPLY; }",
            &["r"],
            0,
            0,
        ),
        case("nothing to read", "read x; echo $?", &["1"], 0, 0),
        case(
            "a shell's script shares its input",
            "echo x | sh -c 'read v; echo $v'",
            &["x"],
            0,
            0,
        ),
        case(
            "cat passes it on",
            "echo through | cat | cat",
            &["through"],
            0,
            0,
        ),
    ]);
}

#[test]
fn here_documents_feed_the_lines_that_follow() {
    let expanded = runtime::run(&with_env(
        invocation(
            "busybox",
            &[
                "sh",
                "-c",
                "cat <<EOF\nhello $X\n  \"quoted\"\nEOF\necho after",
            ],
            &[],
        ),
        &[("X", "world")],
    ));
    assert_eq!(log(&expanded), ["hello world", "  \"quoted\"", "after"]);
    check(&[
        case(
            "a quoted delimiter keeps the text literal",
            "cat <<'EOF'\nhello $X\nEOF",
            &["hello $X"],
            0,
            0,
        ),
        case(
            "bc reads its program from one",
            "bc -l <<EOF\nscale=10; 4*a(1)\nEOF",
            &["3.1415926532"],
            0,
            3,
        ),
        case(
            "<<- strips leading tabs",
            "cat <<-END\n\tindented\n\tEND",
            &["indented"],
            0,
            0,
        ),
        case(
            "an unterminated one runs to the end",
            "cat <<EOF\nline",
            &["line"],
            0,
            0,
        ),
        on(
            "ubuntu",
            case(
                "lines after it keep their numbers",
                "cat <<EOF\na\nEOF\nfoo",
                &["a", "2> sh: 4: foo: not found"],
                127,
                0,
            ),
        ),
    ]);
}

#[test]
fn functions_take_arguments_and_return_a_status() {
    check(&[
        case(
            "a function runs when called",
            "greet() { echo \"hello $1\"; }; greet job",
            &["hello job"],
            0,
            0,
        ),
        case(
            "return sets its status",
            "check() { [ \"$1\" -gt 2 ] && return 0; return 3; }; check 1; echo $?",
            &["3"],
            0,
            0,
        ),
        case(
            "positional parameters come back",
            "f() { echo in $#; }; set -- a b; f x; echo out $#",
            &["in 1", "out 2"],
            0,
            0,
        ),
        case(
            "a function on several lines",
            "work() {\n  sleep 2\n  echo done\n}\nwork; work",
            &["done", "done"],
            0,
            4_000,
        ),
        case(
            "exit in a function ends the shell",
            "f() { exit 5; }; f; echo no",
            &[],
            5,
            0,
        ),
    ]);
    assert_eq!(
        exited(&sh("busybox", "f() { f; }; f")),
        Some((139, 0)),
        "an endless recursion crashes"
    );
}
