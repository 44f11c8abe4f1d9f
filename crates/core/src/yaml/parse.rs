//! Splitting a manifest into documents and parsing each into a positioned tree.

use std::collections::BTreeMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::node::{MapEntry, Node, NodeKind, Pos};
use super::resolve::{resolve_plain, Scalar};

/// One YAML document of a manifest: its tree, or why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The line where the document's text starts (1-based).
    pub first_line: usize,
    pub content: Result<Node, SyntaxError>,
}

/// A YAML syntax error at a line and column of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    /// libyaml's problem (`mapping values are not allowed in this context`).
    pub problem: String,
    /// A parser error (as opposed to a scanner error): go-yaml then names the line before.
    pub parser_error: bool,
}

impl SyntaxError {
    fn new(pos: Pos, problem: impl Into<String>) -> SyntaxError {
        SyntaxError {
            pos,
            problem: problem.into(),
            parser_error: false,
        }
    }

    fn from_scan(e: &saphyr_parser::ScanError, first_line: usize) -> SyntaxError {
        let info = e.info();
        let (problem, parser_error) = match info.strip_prefix("while parsing ") {
            Some(rest) => (
                rest.split_once(", ").map_or(rest, |(_, p)| p).to_string(),
                true,
            ),
            // libyaml (and so go-yaml) meets a tab in indentation as a token it cannot start
            None if info.starts_with("tabs disallowed") => (
                "found character that cannot start any token".to_string(),
                false,
            ),
            None => (info.to_string(), false),
        };
        SyntaxError {
            pos: Pos {
                line: e.marker().line() + first_line - 1,
                column: e.marker().col() + 1,
            },
            problem,
            parser_error,
        }
    }

    /// go-yaml's words, as kubectl prints them: `yaml: line N: problem`, where a parser error
    /// names the line before the problem (go-yaml does not add one to the parser's 0-based mark).
    // Upstream: gopkg.in/yaml.v2 yaml.go parser.fail
    pub fn go_yaml_message(&self) -> String {
        let line = if self.parser_error {
            self.pos.line.saturating_sub(1)
        } else {
            self.pos.line
        };
        if line == 0 {
            format!("yaml: {}", self.problem)
        } else {
            format!("yaml: line {line}: {}", self.problem)
        }
    }
}

impl std::fmt::Display for SyntaxError {
    /// The true line and column, for the editor.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "yaml: line {}, column {}: {}",
            self.pos.line, self.pos.column, self.problem
        )
    }
}

/// Splits a stream into documents at `---` lines and parses each, as kubectl's YAML reader does:
/// a document that is empty or only `null` is dropped; a syntax error spoils only its document.
// Upstream: staging/src/k8s.io/apimachinery/pkg/util/yaml/decoder.go YAMLReader.Read
pub fn parse_documents(text: &str) -> Vec<Document> {
    let mut documents = Vec::new();
    let mut chunk = String::new();
    let mut chunk_start = 1;
    let mut separator_error = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            push_chunk(&mut documents, &chunk, chunk_start, separator_error.take());
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                separator_error = Some(SyntaxError::new(
                    Pos {
                        line: line_no,
                        column: 4,
                    },
                    format!("invalid Yaml document separator: {trimmed}"),
                ));
            }
            chunk.clear();
            chunk_start = line_no + 1;
            continue;
        }
        chunk.push_str(line);
    }
    push_chunk(&mut documents, &chunk, chunk_start, separator_error);
    documents
}

fn push_chunk(
    documents: &mut Vec<Document>,
    chunk: &str,
    first_line: usize,
    separator_error: Option<SyntaxError>,
) {
    if let Some(error) = separator_error {
        documents.push(Document {
            first_line,
            content: Err(error),
        });
        return;
    }
    match parse_chunk(chunk, first_line) {
        Ok(roots) => {
            for root in roots {
                if !matches!(root.kind, NodeKind::Scalar(Scalar::Null)) {
                    documents.push(Document {
                        first_line,
                        content: Ok(root),
                    });
                }
            }
        }
        Err(error) => documents.push(Document {
            first_line,
            content: Err(error),
        }),
    }
}

/// Builds the trees of one chunk from the parser's events.
fn parse_chunk(chunk: &str, first_line: usize) -> Result<Vec<Node>, SyntaxError> {
    let mut builder = Builder {
        first_line,
        stack: Vec::new(),
        anchors: BTreeMap::new(),
        roots: Vec::new(),
    };
    let mut parser = Parser::new_from_str(chunk);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| SyntaxError::from_scan(&e, first_line))?;
        builder.event(event, span)?;
    }
    Ok(builder.roots)
}

enum Open {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        pos: Pos,
        anchor: usize,
        entries: Vec<MapEntry>,
        pending_key: Option<Node>,
    },
}

struct Builder {
    first_line: usize,
    stack: Vec<Open>,
    anchors: BTreeMap<usize, Node>,
    roots: Vec<Node>,
}

impl Builder {
    fn pos(&self, span: &Span) -> Pos {
        Pos {
            line: span.start.line() + self.first_line - 1,
            column: span.start.col() + 1,
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        let pos = self.pos(&span);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let scalar = if style != ScalarStyle::Plain {
                    Scalar::Str(text.into_owned())
                } else if let Some(tag) = tag {
                    tagged_scalar(&tag.suffix, &text)
                } else {
                    resolve_plain(&text)
                };
                let node = Node {
                    pos,
                    kind: NodeKind::Scalar(scalar),
                };
                self.remember(anchor, &node);
                self.add(node, pos)
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Open::Seq {
                    pos,
                    anchor,
                    items: Vec::new(),
                });
                Ok(())
            }
            Event::MappingStart(anchor, _) => {
                self.stack.push(Open::Map {
                    pos,
                    anchor,
                    entries: Vec::new(),
                    pending_key: None,
                });
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Open::Seq { pos, anchor, items }) => (
                        Node {
                            pos,
                            kind: NodeKind::Seq(items),
                        },
                        anchor,
                    ),
                    Some(Open::Map {
                        pos,
                        anchor,
                        entries,
                        ..
                    }) => (
                        Node {
                            pos,
                            kind: NodeKind::Map(entries),
                        },
                        anchor,
                    ),
                    None => return Ok(()),
                };
                self.remember(anchor, &node);
                let at = node.pos;
                self.add(node, at)
            }
            Event::Alias(id) => match self.anchors.get(&id).cloned() {
                Some(mut node) => {
                    node.pos = pos;
                    self.add(node, pos)
                }
                None => Err(SyntaxError::new(pos, "unknown anchor referenced")),
            },
            _ => Ok(()),
        }
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    /// Adds a finished node to the open collection (or as a document root).
    fn add(&mut self, node: Node, pos: Pos) -> Result<(), SyntaxError> {
        match self.stack.last_mut() {
            None => self.roots.push(node),
            Some(Open::Seq { items, .. }) => items.push(node),
            Some(Open::Map {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => add_entry(entries, key, node, pos)?,
            },
        }
        Ok(())
    }
}

/// Adds `key: value` to a mapping; `<<` merges a mapping (or a list of them) as go-yaml does.
// Upstream: gopkg.in/yaml.v2 decode.go decoder.mapping / decoder.merge
fn add_entry(
    entries: &mut Vec<MapEntry>,
    key: Node,
    value: Node,
    pos: Pos,
) -> Result<(), SyntaxError> {
    let is_merge = matches!(&key.kind, NodeKind::Scalar(Scalar::Str(s)) if s == "<<");
    if is_merge {
        let merge_error = || {
            SyntaxError::new(
                pos,
                "map merge requires map or sequence of maps as the value",
            )
        };
        let sources = match value.kind {
            NodeKind::Map(m) => vec![m],
            NodeKind::Seq(items) => items
                .into_iter()
                .map(|n| match n.kind {
                    NodeKind::Map(m) => Ok(m),
                    _ => Err(merge_error()),
                })
                .collect::<Result<_, _>>()?,
            NodeKind::Scalar(_) => return Err(merge_error()),
        };
        for source in sources {
            for entry in source {
                if !entries.iter().any(|e| e.key == entry.key) {
                    entries.push(entry);
                }
            }
        }
        return Ok(());
    }
    let key_text = match key.kind {
        NodeKind::Scalar(scalar) => key_string(&scalar),
        _ => {
            return Err(SyntaxError::new(
                key.pos,
                "invalid map key: a mapping or sequence",
            ))
        }
    };
    entries.push(MapEntry {
        key: key_text,
        key_pos: key.pos,
        value,
    });
    Ok(())
}

/// The JSON key sigs.k8s.io/yaml makes of a scalar key.
// Upstream: sigs.k8s.io/yaml yaml.go convertToJSONableObject (keys)
fn key_string(scalar: &Scalar) -> String {
    match scalar {
        Scalar::Null => "null".into(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
        Scalar::UInt(u) => u.to_string(),
        Scalar::Float(f) => super::json::go_float_string(*f),
        Scalar::Str(s) => s.clone(),
    }
}

/// A plain scalar with an explicit core tag (`!!str 123`).
fn tagged_scalar(suffix: &str, text: &str) -> Scalar {
    match suffix {
        "str" | "binary" | "timestamp" => Scalar::Str(text.to_string()),
        _ => resolve_plain(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_split_at_separator_lines_and_empty_ones_are_dropped() {
        let docs = parse_documents(
            "a: 1\n---\n# only a comment\n---\nb: 2\n--- # trailing comment\nc: 3\n",
        );
        let lines: Vec<usize> = docs.iter().map(|d| d.first_line).collect();
        assert_eq!(lines, vec![1, 5, 7]);
        assert!(docs.iter().all(|d| d.content.is_ok()));
    }

    #[test]
    fn a_syntax_error_spoils_only_its_document_and_names_the_whole_files_line() {
        let docs = parse_documents("a: 1\n---\nb: [1\n---\nc: 3\n");
        assert_eq!(docs.len(), 3);
        let error = docs
            .get(1)
            .and_then(|d| d.content.clone().err())
            .expect("a syntax error");
        assert!(error.pos.line >= 3, "{error}");
        assert!(docs.get(2).is_some_and(|d| d.content.is_ok()));
    }

    #[test]
    fn syntax_errors_read_as_go_yaml_reports_them() {
        let cases = [
            (
                "a colon in a plain value",
                "a: b: c\n",
                "yaml: line 1: mapping values are not allowed in this context",
            ),
            (
                "a tab in indentation",
                "a:\n\tb: 1\n",
                "yaml: line 2: found character that cannot start any token",
            ),
            (
                "a dedent to no level",
                "a:\n    b: 1\n  c: 2\n",
                "yaml: line 2: did not find expected key",
            ),
            (
                "text after a separator",
                "a: 1\n--- b\n",
                "yaml: line 2: invalid Yaml document separator: b",
            ),
        ];
        for (name, text, want) in cases {
            let error = parse_documents(text)
                .into_iter()
                .find_map(|d| d.content.err())
                .unwrap_or_else(|| panic!("{name}: no error"));
            assert_eq!(error.go_yaml_message(), want, "{name}");
        }
    }

    #[test]
    fn anchors_aliases_and_merge_keys_resolve() {
        let docs = parse_documents("base: &b {a: 1, b: 2}\nother:\n  <<: *b\n  b: 3\n");
        let node = docs
            .into_iter()
            .next()
            .and_then(|d| d.content.ok())
            .expect("valid");
        let (value, _) = crate::yaml::to_json(&node).expect("JSON");
        assert_eq!(value["other"], serde_json::json!({"a": 1, "b": 3}));
    }
}
