//! The container images jobsim knows: their default ENTRYPOINT and CMD, which shell `/bin/sh`
//! is, and which programs they hold. Any other image is unknown: its defaults and contents are
//! not known, so what it runs is an "unknown program" (it runs `timing.defaultRun`, exits 0).
//! Also the reference, the image ID and the size the runtime reports for an image it runs.

use crate::sim::digest::{sha256, sha256_hex};

/// Which shell answers to a name: its error messages differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellFlavor {
    /// BusyBox ash (busybox, alpine): `sh: foo: not found`.
    Ash,
    /// Debian's dash (debian, ubuntu and the images built on them): `sh: 1: foo: not found`.
    Dash,
    /// GNU bash: `bash: line 1: foo: command not found`.
    Bash,
}

/// What jobsim knows of an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownImage {
    pub entrypoint: &'static [&'static str],
    pub cmd: &'static [&'static str],
    /// The shell behind `sh` and `/bin/sh`.
    pub sh: ShellFlavor,
    /// Programs on its PATH; any other name is "not found".
    pub programs: &'static [&'static [&'static str]],
    /// Its size in bytes as the runtime reports it: the compressed content of the linux/amd64
    /// image, about what Docker Hub lists for its current tag.
    pub size: u64,
}

/// BusyBox's applets that the Job examples (and a curious user) reach for.
const BUSYBOX: &[&str] = &[
    "[",
    "[[",
    "ash",
    "awk",
    "base64",
    "basename",
    "bc",
    "cat",
    "chmod",
    "cp",
    "cut",
    "date",
    "dc",
    "dd",
    "df",
    "dirname",
    "du",
    "echo",
    "env",
    "expr",
    "false",
    "find",
    "free",
    "grep",
    "gzip",
    "head",
    "hostname",
    "id",
    "ifconfig",
    "kill",
    "ln",
    "ls",
    "md5sum",
    "mkdir",
    "mktemp",
    "mv",
    "nc",
    "nslookup",
    "od",
    "ping",
    "printenv",
    "printf",
    "ps",
    "pwd",
    "rev",
    "rm",
    "rmdir",
    "sed",
    "seq",
    "sh",
    "sha256sum",
    "sleep",
    "sort",
    "stat",
    "tail",
    "tar",
    "tee",
    "test",
    "time",
    "timeout",
    "top",
    "touch",
    "tr",
    "true",
    "uname",
    "uniq",
    "uptime",
    "usleep",
    "vi",
    "watch",
    "wc",
    "wget",
    "whoami",
    "xargs",
    "yes",
];

/// GNU coreutils and the other programs of a Debian or Ubuntu base image (perl-base included).
const DEBIAN: &[&str] = &[
    "[",
    "awk",
    "base64",
    "basename",
    "bash",
    "cat",
    "chmod",
    "cp",
    "cut",
    "dash",
    "date",
    "dd",
    "df",
    "dirname",
    "du",
    "echo",
    "env",
    "expr",
    "false",
    "find",
    "grep",
    "gzip",
    "head",
    "hostname",
    "id",
    "kill",
    "ln",
    "ls",
    "md5sum",
    "mkdir",
    "mktemp",
    "mv",
    "od",
    "perl",
    "printenv",
    "printf",
    "ps",
    "pwd",
    "rev",
    "rm",
    "rmdir",
    "sed",
    "seq",
    "sh",
    "sha256sum",
    "sleep",
    "sort",
    "stat",
    "tail",
    "tar",
    "tee",
    "test",
    "timeout",
    "touch",
    "tr",
    "true",
    "uname",
    "uniq",
    "wc",
    "whoami",
    "xargs",
    "yes",
];

const BASH: &[&str] = &["bash"];
const BC: &[&str] = &["bc"];
const PYTHON: &[&str] = &["pip", "pip3", "python", "python3"];

/// An image reference cut into its name (registry and path), its tag and its digest:
/// `localhost:5000/perl:5.36@sha256:1` → (`localhost:5000/perl`, `5.36`, `sha256:1`).
// Upstream: github.com/distribution/reference regexp.go ReferenceRegexp (name, ":" tag, "@" digest)
fn split(image: &str) -> (&str, Option<&str>, Option<&str>) {
    let (name, digest) = match image.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (image, None),
    };
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    match name[last_slash..].find(':') {
        Some(colon) => (
            &name[..last_slash + colon],
            Some(&name[last_slash + colon + 1..]),
            digest,
        ),
        None => (name, None, digest),
    }
}

/// The image's repository without registry, `library/` prefix, tag or digest:
/// `docker.io/library/busybox:1.36` → `busybox`.
pub fn repository(image: &str) -> &str {
    let (mut repo, _, _) = split(image);
    for prefix in [
        "docker.io/",
        "index.docker.io/",
        "registry-1.docker.io/",
        "library/",
    ] {
        repo = repo.strip_prefix(prefix).unwrap_or(repo);
    }
    repo
}

/// The reference the container runtime reports for an image it runs: its registry (Docker Hub's
/// `docker.io` unless the first component names a host), `library/` for an official Docker Hub
/// image, and `:latest` when it names neither tag nor digest — `busybox` →
/// `docker.io/library/busybox:latest`.
// Upstream: github.com/distribution/reference normalize.go ParseNormalizedNamed
// (splitDockerDomain), TagNameOnly
pub fn normalized(image: &str) -> String {
    let (path, tag, digest) = split(image);
    let (domain, remainder) = match path.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.chars().any(|c| c.is_ascii_uppercase()) =>
        {
            (first, rest)
        }
        _ => ("docker.io", path),
    };
    let domain = if domain == "index.docker.io" {
        "docker.io"
    } else {
        domain
    };
    let official = domain == "docker.io" && !remainder.contains('/');
    let library = if official { "library/" } else { "" };
    // Room for the longest ending (":latest"); written in place, once per container start.
    let mut out = String::with_capacity(image.len() + domain.len() + library.len() + 9);
    for part in [domain, "/", library, remainder] {
        out.push_str(part);
    }
    match (tag, digest) {
        (Some(tag), _) => {
            out.push(':');
            out.push_str(tag);
        }
        (None, None) => out.push_str(":latest"),
        (None, Some(_)) => {}
    }
    if let Some(digest) = digest {
        out.push('@');
        out.push_str(digest);
    }
    out
}

/// The image's tag, if it names one: `perl:5.36.0` → `5.36.0`.
pub fn tag(image: &str) -> Option<&str> {
    split(image).1
}

/// The image ID the runtime reports for a container it runs: the repository and the digest of
/// what the registry served — `docker.io/library/busybox@sha256:…` for
/// `docker.io/library/busybox:1.36`. A reference that names a digest keeps it; a tag's digest
/// is made from the reference ([`crate::sim::digest`]), so a tag has one digest everywhere.
// Upstream: kuberuntime_container.go toKubeContainerStatus (ImageID: the CRI's image ref);
// containerd's CRI answers an image's first repo digest
pub fn image_id(normalized: &str) -> String {
    let (name, _, digest) = split(normalized);
    match digest {
        Some(digest) => format!("{name}@{digest}"),
        None => format!("{name}@sha256:{}", sha256_hex(&[normalized])),
    }
}

/// The size in bytes the runtime reports for `image` once pulled, which the kubelet's `Pulled`
/// event names. An image jobsim does not know gets one from its digest, between 5 and 250 MB:
/// the same for a reference in every run, different for different references.
// Upstream: images/puller.go (GetImageSize after PullImage); containerd's CRI ImageStatus
// (the size of the image's content)
pub fn size(image: &str) -> u64 {
    known(image).map_or_else(
        || {
            let digest = sha256(&[&normalized(image)]);
            let mut head = [0; 8];
            head.copy_from_slice(&digest[..8]);
            5_000_000 + u64::from_be_bytes(head) % 245_000_000
        },
        |k| k.size,
    )
}

/// What jobsim knows of `image`, if anything.
// Upstream: the images' Dockerfiles on Docker Hub (busybox, alpine, debian, ubuntu, bash,
// perl, python) and resouer/ubuntu-bc of the Job lessons.
pub fn known(image: &str) -> Option<KnownImage> {
    let image = match repository(image) {
        "busybox" => KnownImage {
            entrypoint: &[],
            cmd: &["sh"],
            sh: ShellFlavor::Ash,
            programs: &[BUSYBOX],
            size: 2_155_000,
        },
        "alpine" => KnownImage {
            entrypoint: &[],
            cmd: &["/bin/sh"],
            sh: ShellFlavor::Ash,
            programs: &[BUSYBOX],
            size: 3_640_000,
        },
        "bash" => KnownImage {
            entrypoint: &["docker-entrypoint.sh"],
            cmd: &["bash"],
            sh: ShellFlavor::Ash,
            programs: &[BUSYBOX, BASH],
            size: 6_290_000,
        },
        "debian" => KnownImage {
            entrypoint: &[],
            cmd: &["bash"],
            sh: ShellFlavor::Dash,
            programs: &[DEBIAN],
            size: 48_490_000,
        },
        "ubuntu" => KnownImage {
            entrypoint: &[],
            cmd: &["/bin/bash"],
            sh: ShellFlavor::Dash,
            programs: &[DEBIAN],
            size: 29_750_000,
        },
        "resouer/ubuntu-bc" => KnownImage {
            entrypoint: &[],
            cmd: &["/bin/bash"],
            sh: ShellFlavor::Dash,
            programs: &[DEBIAN, BC],
            size: 67_710_000,
        },
        "perl" => KnownImage {
            entrypoint: &[],
            cmd: &["perl", "-de0"],
            sh: ShellFlavor::Dash,
            programs: &[DEBIAN],
            size: 325_840_000,
        },
        "python" => KnownImage {
            entrypoint: &[],
            cmd: &["python3"],
            sh: ShellFlavor::Dash,
            programs: &[DEBIAN, PYTHON],
            size: 380_950_000,
        },
        _ => return None,
    };
    Some(image)
}

impl KnownImage {
    /// Whether `program` (a name or a path) is on the image (each list is sorted).
    pub fn has(&self, program: &str) -> bool {
        let name = program.rsplit('/').next().unwrap_or(program);
        // The bash image's entrypoint script is found by the runtime, not by a shell.
        name == "docker-entrypoint.sh" && self.entrypoint.contains(&name)
            || self
                .programs
                .iter()
                .any(|list| list.binary_search(&name).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_lists_are_sorted_for_the_lookup() {
        for list in [BUSYBOX, DEBIAN, BASH, BC, PYTHON] {
            assert!(list.is_sorted(), "{list:?}");
        }
        let python = known("python:3").unwrap();
        assert!(python.has("python3") && python.has("/usr/bin/pip") && python.has("ls"));
        assert!(!python.has("perl-missing"));
    }

    #[test]
    fn repositories_drop_registry_tag_and_digest() {
        let cases = [
            ("busybox", "busybox"),
            ("busybox:1.36", "busybox"),
            ("docker.io/library/busybox:latest", "busybox"),
            ("perl:5.34.0", "perl"),
            ("resouer/ubuntu-bc", "resouer/ubuntu-bc"),
            ("localhost:5000/busybox:1", "localhost:5000/busybox"),
            ("bash@sha256:abc", "bash"),
            ("", ""),
        ];
        for (image, want) in cases {
            assert_eq!(repository(image), want, "{image}");
        }
    }

    #[test]
    fn known_images_hold_their_programs() {
        let busybox = known("busybox:1.36").unwrap();
        assert!(busybox.has("sh") && busybox.has("/bin/sleep") && busybox.has("bc"));
        assert!(!busybox.has("perl") && !busybox.has("bash") && !busybox.has("foo"));
        let perl = known("perl:5.34.0").unwrap();
        assert!(perl.has("perl") && perl.has("bash") && !perl.has("bc"));
        assert!(known("bash:5").unwrap().has("docker-entrypoint.sh"));
        assert_eq!(known("myrepo/job-wq-1"), None);
    }

    #[test]
    fn the_runtime_reports_the_normalized_reference() {
        for (given, reported) in [
            ("busybox", "docker.io/library/busybox:latest"),
            ("perl:5.34.0", "docker.io/library/perl:5.34.0"),
            ("resouer/ubuntu-bc", "docker.io/resouer/ubuntu-bc:latest"),
            (
                "index.docker.io/busybox:1.36",
                "docker.io/library/busybox:1.36",
            ),
            (
                "docker.io/library/busybox:latest",
                "docker.io/library/busybox:latest",
            ),
            ("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10"),
            ("localhost:5000/app", "localhost:5000/app:latest"),
            ("busybox@sha256:abc", "docker.io/library/busybox@sha256:abc"),
        ] {
            assert_eq!(normalized(given), reported, "{given}");
        }
    }

    #[test]
    fn a_known_image_has_its_size_and_another_one_from_its_reference() {
        assert_eq!(size("busybox"), size("docker.io/library/busybox:1.36"));
        assert!(size("busybox") < 5_000_000 && size("perl:5.34.0") > 300_000_000);
        let queue = size("myrepo/job-wq-1");
        assert!((5_000_000..250_000_000).contains(&queue), "{queue}");
        assert_eq!(queue, size("docker.io/myrepo/job-wq-1:latest"));
        assert_ne!(queue, size("gcr.io/myproject/job-wq-2"));
    }

    #[test]
    fn the_image_id_is_the_repository_at_its_digest() {
        let busybox = image_id("docker.io/library/busybox:1.36");
        let digest = busybox
            .strip_prefix("docker.io/library/busybox@sha256:")
            .unwrap_or_default();
        assert_eq!(digest.len(), 64, "{busybox}");
        assert!(digest.bytes().all(|b| b.is_ascii_hexdigit()), "{busybox}");
        assert_eq!(busybox, image_id("docker.io/library/busybox:1.36"));
        assert_ne!(busybox, image_id("docker.io/library/busybox:1.37"));
        assert_eq!(
            image_id("localhost:5000/perl:5.36@sha256:1f2e"),
            "localhost:5000/perl@sha256:1f2e"
        );
    }

    #[test]
    fn tags_are_what_follows_the_last_colon_of_the_name() {
        let cases = [
            ("perl:5.36.0", Some("5.36.0")),
            ("perl", None),
            ("localhost:5000/perl", None),
            ("localhost:5000/perl:5.36@sha256:1", Some("5.36")),
        ];
        for (image, want) in cases {
            assert_eq!(tag(image), want, "{image}");
        }
    }
}
