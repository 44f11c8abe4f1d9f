//! A kubectl command line read as cobra and pflag read it: the verb, its arguments and its
//! flags (long `--name[=value]`, short `-x[value]`, grouped boolean shorthands, `--` ending the
//! flags), with kubectl's errors for unknown commands and flags.

use std::collections::BTreeMap;

/// A flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
}

const fn value(long: &'static str, short: Option<char>) -> Flag {
    Flag {
        long,
        short,
        takes_value: true,
    }
}

const fn switch(long: &'static str, short: Option<char>) -> Flag {
    Flag {
        long,
        short,
        takes_value: false,
    }
}

/// Flags every command takes.
// Upstream: staging/src/k8s.io/cli-runtime/pkg/genericclioptions config_flags.go (a subset)
const GLOBAL: &[Flag] = &[
    value("namespace", Some('n')),
    switch("help", Some('h')),
    value("context", None),
    value("kubeconfig", None),
];

/// The commands kubectl has here, with their flags.
pub const VERBS: &[(&str, &[Flag])] = &[
    (
        "get",
        &[
            value("output", Some('o')),
            value("selector", Some('l')),
            value("field-selector", None),
            switch("all-namespaces", Some('A')),
            switch("watch", Some('w')),
            switch("show-labels", None),
            switch("no-headers", None),
            value("sort-by", None),
        ],
    ),
    (
        "events",
        &[
            value("output", Some('o')),
            value("for", None),
            value("types", None),
            switch("all-namespaces", Some('A')),
            switch("watch", Some('w')),
            switch("no-headers", None),
        ],
    ),
    (
        "describe",
        &[
            value("selector", Some('l')),
            switch("all-namespaces", Some('A')),
        ],
    ),
    (
        "logs",
        &[
            value("container", Some('c')),
            switch("previous", Some('p')),
            switch("follow", Some('f')),
            value("tail", None),
            switch("all-containers", None),
            value("selector", Some('l')),
            switch("prefix", None),
        ],
    ),
    (
        "delete",
        &[
            value("cascade", None),
            value("selector", Some('l')),
            switch("all", None),
            value("filename", Some('f')),
            value("grace-period", None),
            switch("force", None),
            switch("now", None),
            switch("wait", None),
            switch("ignore-not-found", None),
        ],
    ),
    ("scale", &[value("replicas", None)]),
    ("patch", &[value("patch", Some('p')), value("type", None)]),
    ("apply", &[value("filename", Some('f'))]),
    (
        "create",
        &[
            value("filename", Some('f')),
            value("from", None),
            value("image", None),
            value("schedule", None),
            value("restart", None),
            value("value", None),
            switch("global-default", None),
            value("description", None),
            value("preemption-policy", None),
        ],
    ),
    (
        "label",
        &[
            switch("overwrite", None),
            value("selector", Some('l')),
            switch("all", None),
        ],
    ),
    (
        "annotate",
        &[
            switch("overwrite", None),
            value("selector", Some('l')),
            switch("all", None),
        ],
    ),
    (
        "wait",
        &[
            value("for", None),
            value("timeout", None),
            value("selector", Some('l')),
            switch("all", None),
        ],
    ),
    ("explain", &[]),
    ("cordon", &[]),
    ("uncordon", &[]),
    (
        "drain",
        &[
            switch("ignore-daemonsets", None),
            switch("delete-emptydir-data", None),
            switch("force", None),
        ],
    ),
    ("version", &[]),
    ("top", &[]),
];

/// A parsed command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Invocation {
    pub verb: String,
    pub args: Vec<String>,
    /// How many of `args` came before a `--` (cobra's ArgsLenAtDash); `None` without one.
    pub args_at_dash: Option<usize>,
    /// Values by long flag name, in the order given (a switch holds `true`/`false`).
    pub flags: BTreeMap<&'static str, Vec<String>>,
}

impl Invocation {
    /// The last value given to a flag.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.flags
            .get(long)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    /// Whether a switch is on.
    pub fn switch(&self, long: &str) -> bool {
        self.value(long) == Some("true")
    }

    /// The namespace a command works in (`-n`, else `default`).
    pub fn namespace(&self) -> &str {
        self.value("namespace").unwrap_or("default")
    }
}

/// `See 'kubectl VERB --help' for usage.`
pub fn see_help(verb: &str) -> String {
    if verb.is_empty() {
        "See 'kubectl --help' for usage.".into()
    } else {
        format!("See 'kubectl {verb} --help' for usage.")
    }
}

/// The flags a command accepts: its own and the global ones.
pub fn flags_of(verb: &str) -> Vec<Flag> {
    let own = VERBS
        .iter()
        .find(|(v, _)| *v == verb)
        .map_or(&[][..], |(_, f)| *f);
    GLOBAL.iter().chain(own).copied().collect()
}

/// Splits the words after `kubectl` into the verb, its arguments and its flags.
// Upstream: spf13/cobra command.go Find/stripFlags; spf13/pflag flag.go parseArgs,
// parseLongArg, parseShortArg
pub fn parse(words: &[String]) -> Result<Invocation, String> {
    let verb = find_verb(words)?;
    let flags = flags_of(&verb);
    let mut inv = Invocation {
        verb: verb.clone(),
        ..Default::default()
    };
    let fail = |e: String| format!("error: {e}\n{}", see_help(&verb));
    let mut verb_seen = false;
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            inv.args_at_dash = Some(inv.args.len());
            inv.args.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some(flag) = flags.iter().find(|f| f.long == name) else {
                return Err(fail(format!("unknown flag: --{name}")));
            };
            let v = if flag.takes_value {
                match inline {
                    Some(v) => v,
                    None if i < words.len() => {
                        i += 1;
                        words[i - 1].clone()
                    }
                    None => return Err(fail(format!("flag needs an argument: --{name}"))),
                }
            } else {
                parse_bool(inline.as_deref().unwrap_or("true"), name).map_err(fail)?
            };
            inv.flags.entry(flag.long).or_default().push(v);
        } else if word.len() > 1 && word.starts_with('-') {
            let shorts: Vec<char> = word.chars().skip(1).collect();
            let mut j = 0;
            while j < shorts.len() {
                let c = shorts[j];
                let Some(flag) = flags.iter().find(|f| f.short == Some(c)) else {
                    return Err(fail(format!("unknown shorthand flag: '{c}' in {word}")));
                };
                if flag.takes_value {
                    let rest: String = shorts[j + 1..].iter().collect();
                    let v = if !rest.is_empty() {
                        rest.strip_prefix('=').unwrap_or(&rest).to_string()
                    } else if i < words.len() {
                        i += 1;
                        words[i - 1].clone()
                    } else {
                        return Err(fail(format!("flag needs an argument: '{c}' in -{c}")));
                    };
                    inv.flags.entry(flag.long).or_default().push(v);
                    break;
                }
                let v = match shorts.get(j + 1) {
                    Some('=') => {
                        let rest: String = shorts[j + 2..].iter().collect();
                        j = shorts.len();
                        parse_bool(&rest, flag.long).map_err(fail)?
                    }
                    _ => "true".to_string(),
                };
                inv.flags.entry(flag.long).or_default().push(v);
                j += 1;
            }
        } else if !verb_seen && *word == verb {
            verb_seen = true;
        } else {
            inv.args.push(word.clone());
        }
    }
    Ok(inv)
}

fn parse_bool(text: &str, name: &str) -> Result<String, String> {
    match text {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok("true".into()),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok("false".into()),
        _ => Err(format!(
            "invalid argument {text:?} for \"--{name}\" flag: strconv.ParseBool: parsing \
             {text:?}: invalid syntax"
        )),
    }
}

/// The first word that is not a global flag (or a global flag's value): the command.
fn find_verb(words: &[String]) -> Result<String, String> {
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if !word.starts_with('-') || word == "-" {
            if VERBS.iter().any(|(v, _)| v == word) {
                return Ok(word.clone());
            }
            return Err(unknown_command(word));
        }
        let takes_value = GLOBAL.iter().any(|f| {
            f.takes_value
                && (word.strip_prefix("--") == Some(f.long)
                    || f.short.is_some_and(|c| *word == format!("-{c}")))
        });
        if takes_value {
            i += 1;
        }
    }
    Ok(String::new())
}

/// cobra's error for an unknown command, with its "Did you mean this?" suggestions (a
/// Levenshtein distance of at most 2, or a prefix).
// Upstream: spf13/cobra command.go findSuggestions / SuggestionsFor
fn unknown_command(word: &str) -> String {
    let suggestions: Vec<&str> = VERBS
        .iter()
        .map(|(v, _)| *v)
        .filter(|v| levenshtein(&word.to_lowercase(), v) <= 2 || v.starts_with(word))
        .collect();
    let mut out = format!("error: unknown command {word:?} for \"kubectl\"");
    if !suggestions.is_empty() {
        out.push_str("\n\nDid you mean this?\n");
        for s in suggestions {
            out.push_str(&format!("\t{s}\n"));
        }
    }
    out.trim_end().to_string()
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn flags_go_anywhere_and_short_values_stick() {
        let inv = parse(&words("-n team get jobs -oyaml pi --selector=a=b -A")).unwrap();
        assert_eq!(inv.verb, "get");
        assert_eq!(inv.args, ["jobs", "pi"]);
        assert_eq!(inv.value("output"), Some("yaml"));
        assert_eq!(inv.value("selector"), Some("a=b"));
        assert_eq!(inv.namespace(), "team");
        assert!(inv.switch("all-namespaces"));
    }

    #[test]
    fn unknown_commands_and_flags_get_cobras_words() {
        assert_eq!(
            parse(&words("gte pods")).unwrap_err(),
            "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget"
        );
        assert_eq!(
            parse(&words("get pods --bogus")).unwrap_err(),
            "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            parse(&words("get pods -z")).unwrap_err(),
            "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            parse(&words("get pods -o")).unwrap_err(),
            "error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage."
        );
    }
}
