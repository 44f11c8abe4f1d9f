//! YAML in and out: manifests split into documents, each a tree with line and column on every
//! node, typed as go-yaml v2 (kubectl) types scalars, turned into the JSON the API server reads
//! with a map from field paths to positions; and JSON written back as `kubectl -o yaml` does.
//!
//! The parser is saphyr-parser, a maintained pure-Rust YAML 1.2 event parser that gives a span
//! for every event; jobsim builds its own tree on the events so that scalar typing, merge keys
//! and repeated keys behave as in go-yaml v2 rather than YAML 1.2.

pub mod emit;
pub mod json;
pub mod node;
pub mod parse;
pub mod resolve;

pub use emit::to_yaml;
pub use json::{to_json, FieldPositions, JsonError};
pub use node::{Node, NodeKind, Pos};
pub use parse::{parse_documents, Document, SyntaxError};
