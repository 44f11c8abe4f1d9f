//! Which argv a container runs: the kubelet expands `$(VAR)` in `command` and `args`, then the
//! runtime merges them with the image's ENTRYPOINT and CMD.

use super::expansion::expand;
use super::image;
use super::ContainerInvocation;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// The process's argv.
    Argv(Vec<String>),
    /// It depends on the defaults of an image jobsim does not know.
    Unknown,
}

// Upstream: containerd internal/cri/opts/spec_opts.go WithProcessArgs (from moby's
// daemon/commit.go merge), after pkg/kubelet/container/helpers.go ExpandContainerCommandAndArgs.
pub fn resolve(invocation: &ContainerInvocation<'_>) -> Resolved {
    let expand_all = |list: &[String]| -> Vec<String> {
        list.iter().map(|s| expand(s, &invocation.env)).collect()
    };
    let command = expand_all(&invocation.command);
    let args = expand_all(&invocation.args);
    if !command.is_empty() {
        return Resolved::Argv([command, args].concat());
    }
    let Some(known) = image::known(&invocation.image) else {
        return Resolved::Unknown;
    };
    let args = if args.is_empty() {
        known.cmd.iter().map(|s| s.to_string()).collect()
    } else {
        args
    };
    let argv: Vec<String> = known
        .entrypoint
        .iter()
        .map(|s| s.to_string())
        .chain(args)
        .collect();
    if argv.is_empty() {
        Resolved::Unknown
    } else {
        Resolved::Argv(argv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::SimDuration;
    use std::collections::BTreeMap;

    fn invocation(image: &str, command: &[&str], args: &[&str]) -> ContainerInvocation<'static> {
        ContainerInvocation {
            image: image.to_string().into(),
            command: command.iter().map(|s| s.to_string()).collect(),
            args: args.iter().map(|s| s.to_string()).collect(),
            env: [("ITEM".to_string(), "apple".to_string())]
                .into_iter()
                .collect::<BTreeMap<_, _>>(),
            annotations: Default::default(),
            started_at: jiff::Timestamp::UNIX_EPOCH,
            default_run: SimDuration::from_secs(5),
        }
    }

    fn argv(list: &[&str]) -> Resolved {
        Resolved::Argv(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn command_and_args_merge_with_the_image_defaults() {
        let cases = [
            (
                "command replaces the entrypoint and drops the cmd",
                invocation("busybox", &["echo", "hi"], &[]),
                argv(&["echo", "hi"]),
            ),
            (
                "command and args join",
                invocation("bash:5", &["bash"], &["-c", "exit 42"]),
                argv(&["bash", "-c", "exit 42"]),
            ),
            (
                "args alone replace the cmd of an image without entrypoint",
                invocation("busybox", &[], &["/bin/sh", "-c", "date"]),
                argv(&["/bin/sh", "-c", "date"]),
            ),
            (
                "args alone follow the image's entrypoint",
                invocation("bash", &[], &["-c", "true"]),
                argv(&["docker-entrypoint.sh", "-c", "true"]),
            ),
            (
                "neither runs the image's defaults",
                invocation("busybox:1.36", &[], &[]),
                argv(&["sh"]),
            ),
            (
                "an unknown image with args alone is unknown",
                invocation("myrepo/job-wq-1", &[], &["--queue", "job1"]),
                Resolved::Unknown,
            ),
            (
                "an unknown image with nothing is unknown",
                invocation("gcr.io/myproject/job-wq-2", &[], &[]),
                Resolved::Unknown,
            ),
            (
                "an unknown image with a command runs it",
                invocation("myrepo/x", &["sleep", "3"], &[]),
                argv(&["sleep", "3"]),
            ),
            (
                "$(VAR) expands before anything runs",
                invocation("busybox", &["echo", "$(ITEM)", "$$(ITEM)", "$(NOPE)"], &[]),
                argv(&["echo", "apple", "$(ITEM)", "$(NOPE)"]),
            ),
        ];
        for (name, inv, want) in cases {
            assert_eq!(resolve(&inv), want, "{name}");
        }
    }
}
