//! The writer `kubectl describe` prints with: lines indented two spaces per level, `Label:\tvalue`
//! cells aligned at the end by the tab writer.

use crate::api::StringMap;

use super::tabwriter::{align, DESCRIBE_PADDING};

/// Upstream: kubectl describe.go skipAnnotations (the last-applied configuration is hidden).
const SKIPPED_ANNOTATIONS: [&str; 1] = ["kubectl.kubernetes.io/last-applied-configuration"];
/// Upstream: kubectl describe.go maxAnnotationLen.
const MAX_ANNOTATION_LEN: usize = 140;

/// Upstream: kubectl describe/interface.go prefixWriter.
#[derive(Debug, Default)]
pub struct PrefixWriter {
    text: String,
}

impl PrefixWriter {
    /// Writes `text` indented by `level` × two spaces.
    // Upstream: prefixWriter.Write
    pub fn write(&mut self, level: usize, text: &str) {
        for _ in 0..level {
            self.text.push_str("  ");
        }
        self.text.push_str(text);
    }

    /// Upstream: describe.go printLabelsMultiline — `Title:\t<none>` or one sorted `key=value`
    /// per line, continuation lines starting with a tab so they stay aligned.
    pub fn labels_multiline(&mut self, title: &str, labels: Option<&StringMap>) {
        self.write(0, &format!("{title}:\t"));
        match labels.filter(|l| !l.is_empty()) {
            None => self.write(0, "<none>\n"),
            Some(labels) => {
                for (i, (key, value)) in labels.iter().enumerate() {
                    if i != 0 {
                        self.write(0, "\t");
                    }
                    self.write(0, &format!("{key}={value}\n"));
                }
            }
        }
    }

    /// Upstream: describe.go printAnnotationsMultiline — sorted `key: value`; a long or
    /// multi-line value goes on its own indented lines, each cut at 138 bytes with `...`.
    pub fn annotations_multiline(&mut self, title: &str, annotations: Option<&StringMap>) {
        self.write(0, &format!("{title}:\t"));
        let shown: Vec<(&String, &String)> = annotations
            .into_iter()
            .flatten()
            .filter(|(k, _)| !SKIPPED_ANNOTATIONS.contains(&k.as_str()))
            .collect();
        if shown.is_empty() {
            self.write(0, "<none>\n");
            return;
        }
        for (i, (key, value)) in shown.into_iter().enumerate() {
            if i != 0 {
                self.write(0, "\t");
            }
            let value = value.strip_suffix('\n').unwrap_or(value);
            if value.len() + key.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
                self.write(0, &format!("{key}:\n"));
                for line in value.split('\n') {
                    self.write(
                        0,
                        &format!("\t  {}\n", shorten(line, MAX_ANNOTATION_LEN - 2)),
                    );
                }
            } else {
                self.write(0, &format!("{key}: {value}\n"));
            }
        }
    }

    /// The text aligned as `kubectl describe` prints it.
    // Upstream: describe.go tabbedString
    pub fn finish(self) -> String {
        align(&self.text, 0, DESCRIBE_PADDING)
    }
}

/// Upstream: describe.go shorten — cut at `max` bytes (here: at the last character boundary
/// not past it) and mark with `...`.
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> StringMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn labels_are_sorted_one_per_line_or_none() {
        let mut w = PrefixWriter::default();
        w.labels_multiline("Labels", Some(&map(&[("job-name", "pi"), ("app", "x")])));
        w.labels_multiline("Other", Some(&StringMap::new()));
        assert_eq!(
            w.finish(),
            "Labels:  app=x\n         job-name=pi\nOther:   <none>\n"
        );
    }

    #[test]
    fn annotations_hide_the_last_applied_configuration_and_fold_long_values() {
        let long = "v".repeat(150);
        let mut w = PrefixWriter::default();
        w.annotations_multiline(
            "Annotations",
            Some(&map(&[
                ("kubectl.kubernetes.io/last-applied-configuration", "{}"),
                ("a", "two\nlines\n"),
                ("b", &long),
            ])),
        );
        let want = format!(
            "Annotations:  a:\n                two\n                lines\n              b:\n                {}...\n",
            "v".repeat(138)
        );
        assert_eq!(w.finish(), want);
    }

    #[test]
    fn only_skipped_annotations_print_none() {
        let mut w = PrefixWriter::default();
        w.annotations_multiline(
            "Annotations",
            Some(&map(&[(
                "kubectl.kubernetes.io/last-applied-configuration",
                "{}",
            )])),
        );
        assert_eq!(w.finish(), "Annotations:  <none>\n");
    }
}
