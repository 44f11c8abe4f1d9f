//! JSON written as YAML the way `kubectl get -o yaml` writes it (sigs.k8s.io/yaml JSONToYAML,
//! i.e. go-yaml v2's encoder): keys in go-yaml's order, two-space indent, lists not indented
//! under their key, strings quoted only when they would read back as something else.

use std::cmp::Ordering;

use serde_json::Value;

use super::resolve::{looks_like_timestamp, resolve_plain, Scalar};

/// Writes a JSON value as a YAML document (without `---`).
// Upstream: sigs.k8s.io/yaml yaml.go JSONToYAML → gopkg.in/yaml.v2 Marshal
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, value, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        _ => {
            out.push_str(&inline(value, 0));
            out.push('\n');
        }
    }
    out
}

fn sorted_entries(value: &Value) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = match value {
        Value::Object(map) => map.iter().collect(),
        _ => Vec::new(),
    };
    entries.sort_by(|a, b| go_yaml_key_order(a.0, b.0));
    entries
}

fn write_map(out: &mut String, value: &Value, indent: usize) {
    for (i, (key, v)) in sorted_entries(value).into_iter().enumerate() {
        // the first key of a map inside a list item continues the `- ` line
        if i > 0 || !out.ends_with("- ") {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&scalar_string(key, indent));
        out.push(':');
        write_value_after_key(out, v, indent);
    }
}

fn write_value_after_key(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(out, v, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, indent);
        }
        _ => {
            out.push(' ');
            out.push_str(&inline(v, indent + 2));
            out.push('\n');
        }
    }
}

fn write_seq(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match item {
            Value::Object(m) if !m.is_empty() => write_map(out, item, indent + 2),
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, indent + 2);
            }
            _ => {
                out.push_str(&inline(item, indent + 2));
                out.push('\n');
            }
        }
    }
}

/// A scalar or empty collection on one line (a multi-line string becomes a literal block whose
/// lines are indented by `indent`).
fn inline(value: &Value, indent: usize) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar_string(s, indent),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A string in the style go-yaml v2 picks.
// Upstream: gopkg.in/yaml.v2 encode.go stringv + emitterc.go yaml_emitter_analyze_scalar
fn scalar_string(s: &str, indent: usize) -> String {
    let special = s
        .chars()
        .any(|c| c != '\n' && (c.is_control() || c == '\u{feff}'));
    if literal_allowed(s, special) {
        let chomp = if s.ends_with('\n') { "" } else { "-" };
        let mut out = format!("|{chomp}");
        let body = s.strip_suffix('\n').unwrap_or(s);
        for line in body.split('\n') {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&" ".repeat(indent));
                out.push_str(line);
            }
        }
        return out;
    }
    let resolves_to_string = matches!(resolve_plain(s), Scalar::Str(_)) && !looks_like_timestamp(s);
    if !special && !s.contains('\n') && resolves_to_string && plain_allowed(s) {
        return s.to_string();
    }
    if !special && !s.contains('\n') && resolves_to_string {
        return format!("'{}'", s.replace('\'', "''"));
    }
    double_quoted(s)
}

/// Whether a multi-line string can be a literal block without indentation or chomping hints
/// (other multi-line strings are double-quoted, which always reads back the same).
fn literal_allowed(s: &str, special: bool) -> bool {
    let body = s.strip_suffix('\n').unwrap_or(s);
    s.contains('\n')
        && !special
        && !body.is_empty()
        && !body.ends_with('\n')
        && !body.starts_with([' ', '\t', '\n'])
        && body
            .split('\n')
            .all(|l| !l.ends_with([' ', '\t']) && !l.starts_with('\t'))
}

/// Whether libyaml would write the string without quotes in block context.
fn plain_allowed(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    if s.starts_with(' ') || s.ends_with(' ') || s.starts_with('\t') || s.ends_with('\t') {
        return false;
    }
    let second_is_blank = s.chars().nth(1).is_none_or(|c| c == ' ' || c == '\t');
    if "#,[]{}&*!|>'\"%@`".contains(first) || ("-?:".contains(first) && second_is_blank) {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let next_blank = chars.get(i + 1).is_none_or(|n| *n == ' ' || *n == '\t');
        let prev_blank = i > 0 && chars.get(i - 1).is_some_and(|p| *p == ' ' || *p == '\t');
        if (*c == ':' && next_blank) || (*c == '#' && prev_blank) {
            return false;
        }
    }
    true
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// go-yaml's key order: non-letters before letters, digit runs compared as numbers.
// Upstream: gopkg.in/yaml.v2 sorter.go keyList.Less
fn go_yaml_key_order(a: &str, b: &str) -> Ordering {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an
                .saturating_mul(10)
                .saturating_add(i64::from(ar[ai] as u8 - b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn
                .saturating_mul(10)
                .saturating_add(i64::from(br[bi] as u8 - b'0'));
            bi += 1;
        }
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_job_is_written_as_kubectl_writes_it() {
        let job = json!({
            "kind": "Job", "apiVersion": "batch/v1",
            "metadata": {"name": "pi", "labels": {"app": "pi"}},
            "spec": {"template": {"spec": {"containers": [
                {"name": "pi", "image": "perl:5.34", "command": ["perl", "-e", "print 1"], "resources": {}}
            ], "restartPolicy": "Never"}}, "backoffLimit": 4}
        });
        let want = "\
apiVersion: batch/v1
kind: Job
metadata:
  labels:
    app: pi
  name: pi
spec:
  backoffLimit: 4
  template:
    spec:
      containers:
      - command:
        - perl
        - -e
        - print 1
        image: perl:5.34
        name: pi
        resources: {}
      restartPolicy: Never
";
        assert_eq!(to_yaml(&job), want);
    }

    #[test]
    fn strings_are_quoted_only_when_needed() {
        let cases = [
            ("a word is plain", "Never", "Never"),
            (
                "a string that reads as a bool is double-quoted",
                "true",
                "\"true\"",
            ),
            (
                "a string that reads as a number is double-quoted",
                "8080",
                "\"8080\"",
            ),
            ("an empty string is double-quoted", "", "\"\""),
            (
                "a cron schedule starts with an indicator",
                "*/5 * * * *",
                "'*/5 * * * *'",
            ),
            ("a colon and space needs quotes", "a: b", "'a: b'"),
            ("a quantity is plain", "500m", "500m"),
            ("yes is quoted", "yes", "\"yes\""),
        ];
        for (name, s, want) in cases {
            assert_eq!(scalar_string(s, 0), want, "{name}");
        }
    }

    #[test]
    fn a_multi_line_string_is_a_literal_block() {
        assert_eq!(to_yaml(&json!({"a": "x\ny"})), "a: |-\n  x\n  y\n");
    }

    #[test]
    fn keys_sort_in_go_yaml_order() {
        let mut keys = vec!["b10", "b9", "a", "B", "_x"];
        keys.sort_by(|a, b| go_yaml_key_order(a, b));
        assert_eq!(keys, vec!["_x", "B", "a", "b9", "b10"]);
    }
}
