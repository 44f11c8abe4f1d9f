//! The form's Job in the scenario's text: found among the documents, and written back by
//! rewriting only the `key: value` entries that changed, so the user's order, comments and
//! other documents stay as they were; a document the entry-level rewrite cannot follow (flow
//! style, anchors, repeated keys) is written whole by the emitter instead.

use serde_json::{Map, Value};

use crate::yaml::node::MapEntry;
use crate::yaml::{parse_documents, to_json, to_yaml, Node, NodeKind};

/// The first `batch/v1` Job document of a text: its tree, its JSON and its lines.
pub struct JobDocument {
    pub node: Node,
    pub json: Value,
    /// The document's lines, 0-based, end excluded (up to the next `---` or the end).
    pub lines: std::ops::Range<usize>,
}

/// Why the form cannot write into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    /// A document cannot be read: the Job may be in it, so the form does not guess.
    Unreadable { line: usize },
    /// The Job shares its lines with another document (`...` inside one `---` section).
    SharedLines { line: usize },
}

/// The first Job document of `text`, or `None` when there is none.
pub fn find_job(text: &str) -> Result<Option<JobDocument>, TextError> {
    let documents = parse_documents(text);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for doc in &documents {
        let Ok(node) = &doc.content else {
            return Err(TextError::Unreadable {
                line: doc.first_line,
            });
        };
        let Ok((json, _)) = to_json(node) else {
            return Err(TextError::Unreadable {
                line: doc.first_line,
            });
        };
        let is_job = json.get("apiVersion").and_then(Value::as_str) == Some("batch/v1")
            && json.get("kind").and_then(Value::as_str) == Some("Job");
        if !is_job {
            continue;
        }
        if documents
            .iter()
            .filter(|d| d.first_line == doc.first_line)
            .count()
            > 1
        {
            return Err(TextError::SharedLines {
                line: doc.first_line,
            });
        }
        let start = doc.first_line.saturating_sub(1);
        let end = (start..lines.len())
            .find(|&i| lines[i].starts_with("---"))
            .unwrap_or(lines.len());
        return Ok(Some(JobDocument {
            node: node.clone(),
            json,
            lines: start..end,
        }));
    }
    Ok(None)
}

/// A skeleton Job for a text that has none.
pub fn new_job() -> Value {
    serde_json::json!({"apiVersion": "batch/v1", "kind": "Job"})
}

/// `text` with the Job document (`doc`, or a new one appended when `None`) now saying `new`.
pub fn write_job(text: &str, doc: Option<&JobDocument>, new: &Value) -> String {
    let Some(doc) = doc else {
        if new == &new_job() {
            return text.to_string();
        }
        let mut out = text.to_string();
        if !out.trim().is_empty() {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("---\n");
        } else {
            out.clear();
        }
        out.push_str(&to_yaml(new));
        return out;
    };
    if &doc.json == new {
        return text.to_string();
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let patcher = Patcher {
        lines: &lines,
        end: doc.lines.end,
    };
    let mut edits = Vec::new();
    let patched = match (&doc.json, new) {
        (Value::Object(old), Value::Object(new)) if !has_aliases(&lines[doc.lines.clone()]) => {
            patcher.map(&doc.node, old, new, &mut edits)
        }
        _ => None,
    };
    if patched.is_none() {
        edits = vec![Edit {
            lines: doc.lines.clone(),
            text: to_yaml(new),
        }];
    }
    splice(&lines, edits)
}

/// Anchors, aliases or merge keys: the tree's positions then repeat, so entries cannot be
/// rewritten one by one.
fn has_aliases(lines: &[&str]) -> bool {
    lines.iter().any(|l| {
        let l = l.split(" #").next().unwrap_or("");
        l.contains("<<") || l.contains(" &") || l.contains(" *") || l.contains("- *")
    })
}

/// Replace these lines by this text.
struct Edit {
    lines: std::ops::Range<usize>,
    text: String,
}

fn splice(lines: &[&str], mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| (e.lines.start, e.lines.end));
    let mut out = String::new();
    let mut next = 0;
    for edit in edits {
        for line in lines.get(next..edit.lines.start).unwrap_or_default() {
            out.push_str(line);
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&edit.text);
        next = next.max(edit.lines.end);
    }
    for line in lines.get(next..).unwrap_or_default() {
        out.push_str(line);
    }
    out
}

struct Patcher<'a> {
    lines: &'a [&'a str],
    /// The end of the document's lines.
    end: usize,
}

impl Patcher<'_> {
    /// The edits that turn the block mapping `node` (which reads as `old`) into `new`, or
    /// `None` when it is not written in a way they can follow.
    fn map(
        &self,
        node: &Node,
        old: &Map<String, Value>,
        new: &Map<String, Value>,
        edits: &mut Vec<Edit>,
    ) -> Option<()> {
        let NodeKind::Map(entries) = &node.kind else {
            return None;
        };
        let first = entries.first()?;
        for (i, e) in entries.iter().enumerate() {
            let unique = entries[..i].iter().all(|o| o.key != e.key);
            if !unique || !self.block_prefix(e).chars().all(|c| c == ' ' || c == '-') {
                return None;
            }
        }
        let mut mine = Vec::new();
        for entry in entries {
            let (Some(before), after) = (old.get(&entry.key), new.get(&entry.key)) else {
                return None;
            };
            match after {
                Some(after) if after == before => {}
                Some(after) => {
                    if self
                        .nested(&entry.value, before, after, &mut mine)
                        .is_none()
                    {
                        mine.push(self.replace(entry, after));
                    }
                }
                // The first key of a list item carries its `- `: the parent rewrites the item.
                None if self.block_prefix(entry).contains('-') => return None,
                None => mine.push(Edit {
                    lines: self.extent(entry),
                    text: String::new(),
                }),
            }
        }
        // New one-line fields go before the first nested block (as `parallelism` before
        // `template`), nested ones at the end; never before a list item's first key.
        let (one_line, nested): (Map<String, Value>, Map<String, Value>) = new
            .iter()
            .filter(|(k, _)| !old.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .partition(|(_, v)| !is_block(v));
        let end = entries.iter().map(|e| self.extent(e).end).max()?;
        let before_blocks = entries
            .iter()
            .skip(1)
            .map(|e| self.extent(e))
            .find(|lines| lines.len() > 1)
            .map_or(end, |lines| lines.start);
        let indent = " ".repeat(first.key_pos.column.saturating_sub(1));
        for (at, added) in [(before_blocks, one_line), (end, nested)] {
            if !added.is_empty() {
                mine.push(Edit {
                    lines: at..at,
                    text: indented(&to_yaml(&Value::Object(added)), &indent, &indent),
                });
            }
        }
        edits.append(&mut mine);
        Some(())
    }

    /// Edits inside a changed value that is itself a block mapping, or a list of them of the
    /// same length.
    fn nested(
        &self,
        node: &Node,
        before: &Value,
        after: &Value,
        edits: &mut Vec<Edit>,
    ) -> Option<()> {
        match (before, after, &node.kind) {
            (Value::Object(b), Value::Object(a), NodeKind::Map(_))
                if !b.is_empty() && !a.is_empty() =>
            {
                self.map(node, b, a, edits)
            }
            (Value::Array(b), Value::Array(a), NodeKind::Seq(items))
                if b.len() == a.len() && a.len() == items.len() =>
            {
                let mut mine = Vec::new();
                for ((b, a), item) in b.iter().zip(a).zip(items) {
                    if a != b {
                        match (b, a) {
                            (Value::Object(b), Value::Object(a))
                                if !b.is_empty() && !a.is_empty() =>
                            {
                                self.map(item, b, a, &mut mine)?
                            }
                            _ => return None,
                        }
                    }
                }
                edits.append(&mut mine);
                Some(())
            }
            _ => None,
        }
    }

    /// The entry written anew with its value, in the emitter's words, where it was.
    fn replace(&self, entry: &MapEntry, value: &Value) -> Edit {
        let mut one = Map::new();
        one.insert(entry.key.clone(), value.clone());
        let indent = " ".repeat(entry.key_pos.column.saturating_sub(1));
        Edit {
            lines: self.extent(entry),
            text: indented(
                &to_yaml(&Value::Object(one)),
                &self.block_prefix(entry),
                &indent,
            ),
        }
    }

    /// What precedes the entry's key on its line (indentation and `- ` of a list item).
    fn block_prefix(&self, entry: &MapEntry) -> String {
        let line = self
            .lines
            .get(entry.key_pos.line.wrapping_sub(1))
            .copied()
            .unwrap_or("");
        line.chars()
            .take(entry.key_pos.column.saturating_sub(1))
            .collect()
    }

    /// The lines an entry is written on: its key's line and the lines under it (deeper, or a
    /// list at the key's own indentation), comments and blank lines inside included.
    fn extent(&self, entry: &MapEntry) -> std::ops::Range<usize> {
        let start = entry.key_pos.line.saturating_sub(1);
        let indent = entry.key_pos.column.saturating_sub(1);
        let mut end = start + 1;
        for i in start + 1..self.end.min(self.lines.len()) {
            let line = self.lines[i];
            let body = line.trim_start_matches(' ');
            let content = body.trim_end();
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let depth = line.len() - body.len();
            let list_item = content == "-" || body.starts_with("- ");
            if depth > indent || (depth == indent && list_item) {
                end = i + 1;
            } else {
                break;
            }
        }
        start..end.min(self.lines.len()).max(start)
    }
}

/// A value the emitter writes on lines of its own under its key.
fn is_block(v: &Value) -> bool {
    match v {
        Value::Object(m) => !m.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => false,
    }
}

/// Emitter output moved right: `first` before its first line, `rest` before the others.
fn indented(yaml: &str, first: &str, rest: &str) -> String {
    yaml.lines()
        .enumerate()
        .map(|(i, l)| format!("{}{l}\n", if i == 0 { first } else { rest }))
        .collect()
}
