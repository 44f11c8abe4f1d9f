//! `-o jsonpath=TEMPLATE`: text with `{…}` expressions — `.a.b`, `[0]`, `[*]`, `..name`,
//! `['key']`, filters `[?(@.type=="Ready")]`, and `{range …}…{end}` — evaluated against the
//! object (or the List).

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
enum Part {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Part>),
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Field(String),
    Index(i64),
    All,
    Descend(String),
    /// `[?(@.path)]` (the path exists) or `[?(@.path OP literal)]`.
    Filter(Vec<Step>, Option<(Op, Value)>),
}

/// A filter's comparison.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Renders a template against a value.
// Upstream: client-go util/jsonpath jsonpath.go (a subset: no unions or slices)
pub fn render(template: &str, value: &Value) -> Result<String, String> {
    let mut tokens = lex(template)?.into_iter();
    let parts = parse(&mut tokens, false)?;
    let mut out = String::new();
    write(&parts, value, &mut out)?;
    Ok(out)
}

/// What one JSONPath expression finds in a value: `.a.b` or `{.a.b}` (kubectl's relaxed form,
/// as `--sort-by` and `-o custom-columns` take it).
// Upstream: kubectl/pkg/cmd/get/customcolumn.go RelaxedJSONPathExpression
pub fn find(expression: &str, value: &Value) -> Result<Vec<Value>, String> {
    let inner = expression
        .trim()
        .strip_prefix('{')
        .and_then(|e| e.strip_suffix('}'))
        .unwrap_or(expression.trim());
    let inner = inner.trim();
    let path = if inner.starts_with('.') || inner.starts_with('[') || inner.starts_with('$') {
        inner.to_string()
    } else {
        format!(".{inner}")
    };
    Ok(eval(&steps(&path)?, value))
}

enum Token {
    Text(String),
    Expr(String),
}

fn lex(template: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Token::Text(rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!(
                "error: error parsing jsonpath {template}, unclosed action"
            ));
        };
        out.push(Token::Expr(after[..close].trim().to_string()));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Token::Text(rest.to_string()));
    }
    Ok(out)
}

fn parse(tokens: &mut impl Iterator<Item = Token>, in_range: bool) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    while let Some(t) = tokens.next() {
        match t {
            Token::Text(s) => parts.push(Part::Text(s)),
            Token::Expr(e) if e == "end" => {
                if in_range {
                    return Ok(parts);
                }
                return Err("error: error parsing jsonpath: not in range, nothing to end".into());
            }
            Token::Expr(e) => {
                if let Some(path) = e.strip_prefix("range ") {
                    let body = parse(tokens, true)?;
                    parts.push(Part::Range(steps(path.trim())?, body));
                } else if e.starts_with('"') && e.ends_with('"') && e.len() >= 2 {
                    parts.push(Part::Text(unquote(&e[1..e.len() - 1])));
                } else {
                    parts.push(Part::Path(steps(&e)?));
                }
            }
        }
    }
    if in_range {
        return Err("error: error parsing jsonpath: unclosed range".into());
    }
    Ok(parts)
}

fn unquote(s: &str) -> String {
    s.replace("\\n", "\n").replace("\\t", "\t")
}

fn steps(path: &str) -> Result<Vec<Step>, String> {
    let bad = || format!("error: error parsing jsonpath {{{path}}}: unrecognized identifier");
    let mut out = Vec::new();
    let mut rest = path.strip_prefix('$').unwrap_or(path);
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("..") {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            out.push(Step::Descend(r[..end].to_string()));
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end > 0 {
                out.push(Step::Field(r[..end].to_string()));
            }
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']').ok_or_else(bad)?;
            let inner = r[..close].trim();
            if let Some(filter) = inner.strip_prefix("?(").and_then(|f| f.strip_suffix(')')) {
                out.push(filter_step(filter.trim()).ok_or_else(bad)?);
            } else if inner == "*" {
                out.push(Step::All);
            } else if let Ok(i) = inner.parse::<i64>() {
                out.push(Step::Index(i));
            } else if let Some(key) = quoted(inner) {
                out.push(Step::Field(key.to_string()));
            } else {
                return Err(bad());
            }
            rest = &r[close + 1..];
        } else {
            return Err(bad());
        }
    }
    Ok(out)
}

/// A filter's inside: `@.path`, or `@.path OP literal` with a quoted string or a number.
// Upstream: client-go util/jsonpath parser.go parseFilter, jsonpath.go evalFilter
fn filter_step(filter: &str) -> Option<Step> {
    const OPS: [(&str, Op); 6] = [
        ("==", Op::Eq),
        ("!=", Op::Ne),
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("<", Op::Lt),
        (">", Op::Gt),
    ];
    let path = |p: &str| steps(p.trim().strip_prefix('@')?).ok();
    let Some((at, op, len)) = OPS
        .iter()
        .filter_map(|(text, op)| filter.find(text).map(|at| (at, *op, text.len())))
        .min_by_key(|(at, _, _)| *at)
    else {
        return Some(Step::Filter(path(filter)?, None));
    };
    let literal = filter[at + len..].trim();
    let literal = match quoted(literal) {
        Some(text) => Value::String(text.to_string()),
        None => Value::from(literal.parse::<f64>().ok()?),
    };
    Some(Step::Filter(path(&filter[..at])?, Some((op, literal))))
}

/// Whether a filter keeps an item: its path exists, or a value it finds compares as asked
/// (strings with strings, numbers with numbers).
fn keeps(item: &Value, path: &[Step], test: Option<&(Op, Value)>) -> bool {
    let found = eval(path, item);
    let Some((op, literal)) = test else {
        return !found.is_empty();
    };
    found.iter().any(|v| {
        compare(v, literal).is_some_and(|o| match op {
            Op::Eq => o.is_eq(),
            Op::Ne => o.is_ne(),
            Op::Lt => o.is_lt(),
            Op::Le => o.is_le(),
            Op::Gt => o.is_gt(),
            Op::Ge => o.is_ge(),
        })
    })
}

/// The order of two strings or two numbers; `None` for other pairs.
fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::String(a), Value::String(b)) => Some(a.as_str().cmp(b.as_str())),
        (Value::Number(a), Value::Number(b)) => a.as_f64()?.partial_cmp(&b.as_f64()?),
        _ => None,
    }
}

/// The key inside `'…'` or `"…"`.
fn quoted(text: &str) -> Option<&str> {
    ['\'', '"']
        .iter()
        .find_map(|q| text.strip_prefix(*q)?.strip_suffix(*q))
}

fn eval(steps: &[Step], value: &Value) -> Vec<Value> {
    let mut current = vec![value.clone()];
    for step in steps {
        let mut next = Vec::new();
        for v in &current {
            match step {
                Step::Field(f) => next.extend(v.get(f).cloned()),
                Step::Index(i) => {
                    if let Value::Array(a) = v {
                        let len = i64::try_from(a.len()).unwrap_or(i64::MAX);
                        let at = if *i < 0 { len + i } else { *i };
                        if let Some(x) = usize::try_from(at).ok().and_then(|at| a.get(at)) {
                            next.push(x.clone());
                        }
                    }
                }
                Step::All => match v {
                    Value::Array(a) => next.extend(a.iter().cloned()),
                    Value::Object(m) => next.extend(m.values().cloned()),
                    _ => {}
                },
                Step::Descend(f) => descend(v, f, &mut next),
                Step::Filter(path, test) => {
                    let items: Box<dyn Iterator<Item = &Value>> = match v {
                        Value::Array(a) => Box::new(a.iter()),
                        Value::Object(m) => Box::new(m.values()),
                        _ => Box::new(std::iter::empty()),
                    };
                    next.extend(items.filter(|x| keeps(x, path, test.as_ref())).cloned());
                }
            }
        }
        current = next;
    }
    current
}

fn descend(v: &Value, field: &str, out: &mut Vec<Value>) {
    match v {
        Value::Object(m) => {
            if let Some(x) = m.get(field) {
                out.push(x.clone());
            }
            for x in m.values() {
                descend(x, field, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| descend(x, field, out)),
        _ => {}
    }
}

fn write(parts: &[Part], value: &Value, out: &mut String) -> Result<(), String> {
    for part in parts {
        match part {
            Part::Text(s) => out.push_str(s),
            Part::Path(steps) => {
                let found = eval(steps, value);
                let texts: Vec<String> = found.iter().map(text).collect();
                out.push_str(&texts.join(" "));
            }
            Part::Range(steps, body) => {
                for item in eval(steps, value) {
                    write(body, &item, out)?;
                }
            }
        }
    }
    Ok(())
}

/// A found value as text: a string as it is, anything else as JSON.
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_ranges_and_literals() {
        let v = json!({"items": [
            {"metadata": {"name": "a"}, "status": {"succeeded": 1}},
            {"metadata": {"name": "b"}, "status": {}}
        ]});
        assert_eq!(render("{.items[*].metadata.name}", &v).unwrap(), "a b");
        assert_eq!(render("{.items[0].status.succeeded}", &v).unwrap(), "1");
        assert_eq!(
            render("{range .items[*]}{.metadata.name}{\"\\n\"}{end}", &v).unwrap(),
            "a\nb\n"
        );
        assert_eq!(render("{..name}", &v).unwrap(), "a b");
        assert!(render("{.items[x]}", &v).is_err());
        assert!(render("{.items[?(@.status.succeeded==)]}", &v).is_err());
        assert!(render("{.items", &v).is_err());
    }

    #[test]
    fn filters_keep_the_items_whose_path_compares_or_exists() {
        let v = json!({"items": [
            {"metadata": {"name": "a"}, "status": {"phase": "Running", "conditions": [
                {"type": "Ready", "status": "True"}, {"type": "Initialized", "status": "True"}]},
             "spec": {"parallelism": 2}},
            {"metadata": {"name": "b"}, "status": {"phase": "Pending", "conditions": [
                {"type": "Ready", "status": "False"}]},
             "spec": {"parallelism": 1}}
        ]});
        let r = |t: &str| render(t, &v).unwrap();
        assert_eq!(
            r(r#"{.items[?(@.status.phase=="Running")].metadata.name}"#),
            "a"
        );
        assert_eq!(
            r("{.items[?(@.status.phase!='Running')].metadata.name}"),
            "b"
        );
        assert_eq!(r("{.items[?(@.spec.parallelism > 1)].metadata.name}"), "a");
        assert_eq!(r("{.items[?(@.spec.parallelism<=1.5)].metadata.name}"), "b");
        assert_eq!(
            r(r#"{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{" "}{end}"#),
            "True False "
        );
        assert_eq!(r("{.items[?(@.status.phase)].metadata.name}"), "a b");
        assert_eq!(r("{.items[?(@.status.nothing)].metadata.name}"), "");
        // A string never equals a number.
        assert_eq!(r("{.items[?(@.spec.parallelism=='2')].metadata.name}"), "");
    }
}
