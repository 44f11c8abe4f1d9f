//! Random and mutated manifests never make the YAML reader or the API server's checks panic,
//! and every error they report says where it is.

use jobsim_core::validation::manifest::{admit_manifest, AdmitOptions};
use proptest::prelude::*;

const PI: &str = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\n  labels: {app: pi}\nspec:\n  completions: 3\n  parallelism: 2\n  template:\n    spec:\n      containers:\n      - name: pi\n        image: perl:5.34\n        command: [\"perl\", \"-e\", \"print 1\"]\n        resources:\n          limits: {cpu: 500m, nvidia.com/gpu: 1}\n        env:\n        - name: A\n          value: \"x\"\n      restartPolicy: Never\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: hello\nspec:\n  schedule: '*/5 * * * *'\n  timeZone: Asia/Shanghai\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n          - {name: hello, image: busybox, args: [date]}\n";

fn check(text: &str) -> Result<(), TestCaseError> {
    let lines = text.split('\n').count() + 1;
    for report in admit_manifest(text, &AdmitOptions::default()) {
        prop_assert_eq!(report.is_valid(), report.object.is_some());
        if !report.is_valid() {
            prop_assert!(
                !report.message.is_empty(),
                "an invalid document has kubectl's words"
            );
        }
        for error in &report.errors {
            if error.error_type == "YAML syntax" {
                let pos = error
                    .pos
                    .ok_or_else(|| TestCaseError::fail("a syntax error without a position"))?;
                prop_assert!(
                    pos.line >= 1 && pos.line <= lines,
                    "line {} of {}",
                    pos.line,
                    lines
                );
                let line_words = format!("line {}", pos.line);
                prop_assert!(error.detail.contains(&line_words), "{}", error.detail);
                prop_assert!(error.detail.contains("column "));
            } else if !error.field.is_empty() {
                prop_assert!(error.pos.is_some(), "{} has no position", error.field);
            }
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Insert(usize, char),
    Indent(usize),
    Dedent(usize),
    DuplicateLine(usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let chars = prop::sample::select(vec![
        ':', '-', ' ', '\t', '\n', '[', ']', '{', '}', '"', '\'', '#', '&', '*', '!', '|', '>',
        'a', '0', '.', ',', '%', '@', '?',
    ]);
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), chars).prop_map(|(i, c)| Mutation::Insert(i, c)),
        any::<usize>().prop_map(Mutation::Indent),
        any::<usize>().prop_map(Mutation::Dedent),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    let line_count = lines.len().max(1);
    match m {
        Mutation::Delete(i) => {
            let mut c = chars;
            if !c.is_empty() {
                c.remove(i % c.len());
            }
            c.into_iter().collect()
        }
        Mutation::Insert(i, ch) => {
            let mut c = chars;
            let at = i % (c.len() + 1);
            c.insert(at, *ch);
            c.into_iter().collect()
        }
        Mutation::Indent(i) => {
            if let Some(l) = lines.get_mut(i % line_count) {
                l.insert(0, ' ');
            }
            lines.join("\n")
        }
        Mutation::Dedent(i) => {
            if let Some(l) = lines.get_mut(i % line_count) {
                if l.starts_with(' ') {
                    l.remove(0);
                }
            }
            lines.join("\n")
        }
        Mutation::DuplicateLine(i) => {
            let at = i % line_count;
            let copy = lines.get(at).cloned().unwrap_or_default();
            lines.insert(at, copy);
            lines.join("\n")
        }
        Mutation::Truncate(i) => chars.into_iter().take(i % (text.len() + 1)).collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn mutated_manifests_never_panic_and_errors_say_where(mutations in prop::collection::vec(mutation(), 1..6)) {
        let text = mutations.iter().fold(PI.to_string(), |t, m| apply(&t, m));
        check(&text)?;
    }

    #[test]
    fn random_yaml_like_text_never_panics(text in "[a-z0-9:\\-\\[\\]{}\"'#&*!|>%@ ,.\\n\\t]{0,200}") {
        check(&text)?;
    }

    #[test]
    fn random_unicode_never_panics(text in "\\PC{0,120}") {
        check(&text)?;
    }
}

#[test]
fn the_unmutated_manifest_is_valid() {
    let reports = admit_manifest(PI, &AdmitOptions::default());
    assert_eq!(reports.len(), 2);
    assert!(
        reports.iter().all(|r| r.is_valid()),
        "{:?}",
        reports.iter().map(|r| &r.message).collect::<Vec<_>>()
    );
}
