//! YAML out reads back as the same JSON: whatever `to_yaml` writes (for `-o yaml` and the
//! editor), the YAML reader turns into the value it was written from.

use jobsim_core::yaml::{parse_documents, to_json, to_yaml};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn read_back(text: &str) -> Value {
    let docs = parse_documents(text);
    match docs.into_iter().next() {
        None => Value::Null,
        Some(doc) => {
            let node = doc.content.unwrap_or_else(|e| panic!("{e}\n{text}"));
            to_json(&node)
                .map(|(v, _)| v)
                .unwrap_or_else(|e| panic!("{}\n{text}", e.message))
        }
    }
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| Value::Number(i.into())),
        "[ -~]{0,12}".prop_map(Value::String),
        "[a-z:#\\- \\n'\"*&!|>%@`{}\\[\\],]{0,16}".prop_map(Value::String),
        prop::sample::select(vec![
            "yes",
            "no",
            "on",
            "off",
            "y",
            "N",
            "true",
            "null",
            "~",
            "1e3",
            "0777",
            "0x1F",
            "1_000",
            ".5",
            "-",
            "- a",
            "a: b",
            " lead",
            "trail ",
            "",
            "*/5 * * * *",
            "500m",
            "2026-01-01"
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z0-9._/-]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn yaml_out_reads_back_as_the_same_value(v in value()) {
        let text = to_yaml(&v);
        prop_assert_eq!(read_back(&text), v, "{}", text);
    }
}

#[test]
fn a_job_with_a_script_reads_back() {
    let job = serde_json::json!({
        "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
        "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "python",
            "command": ["python3", "-c", "import os, sys\nprint(\"Hello world\")\nif int(os.environ.get(\"JOB_COMPLETION_INDEX\")) % 2 == 0:\n  sys.exit(1)\n"]}]}}}
    });
    let text = to_yaml(&job);
    assert_eq!(read_back(&text), job, "{text}");
}
