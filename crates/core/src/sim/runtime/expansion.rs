//! The kubelet's `$(VAR_NAME)` expansion of a container's `command` and `args` with its env,
//! before anything runs: `$$` escapes a `$`, an unknown or unterminated reference stays as it
//! is written, and a `$` before anything else is kept.

use std::collections::BTreeMap;

// Upstream: third_party/forked/golang/expansion/expand.go Expand (with MappingFuncFor).
pub fn expand(input: &str, env: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let mut chars = after.chars();
        match chars.next() {
            None => {
                out.push('$');
                rest = after;
            }
            Some('$') => {
                out.push('$');
                rest = &after[1..];
            }
            Some('(') => match after.find(')') {
                Some(close) => {
                    let name = &after[1..close];
                    match env.get(name) {
                        Some(value) => out.push_str(value),
                        None => {
                            out.push_str("$(");
                            out.push_str(name);
                            out.push(')');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str("$(");
                    rest = &after[1..];
                }
            },
            Some(other) => {
                out.push('$');
                out.push(other);
                rest = chars.as_str();
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_expand_as_the_kubelet_does() {
        let env: BTreeMap<String, String> = [("VAR_A", "A"), ("INDEX", "3"), ("EMPTY", "")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let cases = [
            ("a reference is replaced", "item-$(INDEX)", "item-3"),
            ("two references", "$(VAR_A)$(INDEX)", "A3"),
            ("an empty value", "x$(EMPTY)y", "xy"),
            ("an unknown reference stays", "$(UNKNOWN)", "$(UNKNOWN)"),
            ("a double dollar escapes", "$$(VAR_A)", "$(VAR_A)"),
            (
                "a shell variable is left to the shell",
                "echo $VAR_A ${VAR_A}",
                "echo $VAR_A ${VAR_A}",
            ),
            ("an unterminated reference stays", "$(VAR_A", "$(VAR_A"),
            ("a trailing dollar stays", "cost: 5$", "cost: 5$"),
            ("a dollar before a non-ASCII letter", "$é$(VAR_A)", "$éA"),
            ("nothing to expand", "plain", "plain"),
        ];
        for (name, input, want) in cases {
            assert_eq!(expand(input, &env), want, "{name}");
        }
    }
}
