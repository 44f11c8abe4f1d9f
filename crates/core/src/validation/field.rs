//! Field errors as the API server reports them: a path, a type, the bad value and a detail,
//! rendered word for word as `field.Error` does.

use std::fmt;

use crate::api::StringMap;
use crate::go::strconv::Quoted;

/// The kind of a field error. `Display` gives upstream's words (`Required value`).
///
/// Upstream: staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go ErrorType
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorType {
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
}

impl ErrorType {
    /// Upstream's words for the type.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorType::NotFound => "Not found",
            ErrorType::Required => "Required value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
            ErrorType::Internal => "Internal error",
        }
    }
}

impl fmt::Display for ErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The offending value as Go's `fmt` prints it in an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadValue {
    /// Not printed (`field.OmitValueType`).
    Omit,
    Null,
    Int(i64),
    Bool(bool),
    /// A string, printed quoted (`%q`).
    Str(String),
    /// Already rendered (Go's `%#v` of a struct or map).
    Raw(String),
}

impl BadValue {
    /// A map printed as Go's `%#v` does: `map[string]string{"a":"b"}`.
    pub fn string_map(map: &StringMap) -> BadValue {
        BadValue::Raw(go_string_map(map))
    }
}

impl From<&str> for BadValue {
    fn from(s: &str) -> Self {
        BadValue::Str(s.to_string())
    }
}

impl From<String> for BadValue {
    fn from(s: String) -> Self {
        BadValue::Str(s)
    }
}

impl From<i64> for BadValue {
    fn from(v: i64) -> Self {
        BadValue::Int(v)
    }
}

impl From<i32> for BadValue {
    fn from(v: i32) -> Self {
        BadValue::Int(i64::from(v))
    }
}

impl From<bool> for BadValue {
    fn from(v: bool) -> Self {
        BadValue::Bool(v)
    }
}

/// One field error.
///
/// Upstream: apimachinery pkg/util/validation/field/errors.go Error
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub error_type: ErrorType,
    pub value: BadValue,
    pub detail: String,
}

impl FieldError {
    // Upstream: field.Required
    pub fn required(field: &str, detail: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            error_type: ErrorType::Required,
            value: BadValue::Omit,
            detail: detail.into(),
        }
    }

    // Upstream: field.Invalid
    pub fn invalid(
        field: &str,
        value: impl Into<BadValue>,
        detail: impl Into<String>,
    ) -> FieldError {
        FieldError {
            field: field.into(),
            error_type: ErrorType::Invalid,
            value: value.into(),
            detail: detail.into(),
        }
    }

    /// `Unsupported value: "x": supported values: "A", "B"`.
    // Upstream: field.NotSupported
    pub fn not_supported(field: &str, value: impl Into<BadValue>, valid: &[&str]) -> FieldError {
        let detail = if valid.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = valid.iter().map(|v| format!("{v:?}")).collect();
            format!("supported values: {}", quoted.join(", "))
        };
        FieldError {
            field: field.into(),
            error_type: ErrorType::NotSupported,
            value: value.into(),
            detail,
        }
    }

    // Upstream: field.Duplicate
    pub fn duplicate(field: &str, value: impl Into<BadValue>) -> FieldError {
        FieldError {
            field: field.into(),
            error_type: ErrorType::Duplicate,
            value: value.into(),
            detail: String::new(),
        }
    }

    // Upstream: field.Forbidden
    pub fn forbidden(field: &str, detail: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            error_type: ErrorType::Forbidden,
            value: BadValue::Omit,
            detail: detail.into(),
        }
    }

    /// `Too long: may not be more than N bytes` (upstream's 1.3x wording for TooLong).
    // Upstream: field.TooLong
    pub fn too_long(field: &str, max: usize) -> FieldError {
        FieldError {
            field: field.into(),
            error_type: ErrorType::TooLong,
            value: BadValue::Omit,
            detail: format!("may not be more than {max} bytes"),
        }
    }

    /// `Too many: N: must have at most M items`.
    // Upstream: field.TooMany
    pub fn too_many(field: &str, actual: usize, max: usize) -> FieldError {
        FieldError {
            field: field.into(),
            error_type: ErrorType::TooMany,
            value: BadValue::Int(actual as i64),
            detail: format!("must have at most {max} items"),
        }
    }

    /// The bad value as the message prints it (`-1`, `"Always"`), if it prints one.
    pub fn rendered_value(&self) -> Option<String> {
        let omit = matches!(
            self.error_type,
            ErrorType::Required | ErrorType::Forbidden | ErrorType::TooLong | ErrorType::Internal
        );
        if omit {
            return None;
        }
        match &self.value {
            BadValue::Omit => None,
            BadValue::Null => Some("null".into()),
            BadValue::Int(v) => Some(v.to_string()),
            BadValue::Bool(v) => Some(v.to_string()),
            BadValue::Str(v) => Some(Quoted(v).to_string()),
            BadValue::Raw(v) => Some(v.clone()),
        }
    }

    /// The message without the field: `Invalid value: -1: must be greater than or equal to 0`.
    // Upstream: field.Error.ErrorBody
    pub fn body(&self) -> String {
        let mut s = self.error_type.as_str().to_string();
        if let Some(value) = self.rendered_value() {
            s.push_str(": ");
            s.push_str(&value);
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    // Upstream: field.Error.Error
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// Go's `%#v` of a `map[string]string` (keys sorted).
pub fn go_string_map(map: &StringMap) -> String {
    let items: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{}:{}", Quoted(k), Quoted(v)))
        .collect();
    format!("map[string]string{{{}}}", items.join(", "))
}

/// Joins a path and a child field (`spec` + `template` → `spec.template`).
pub fn child(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// A list index (`containers` + 0 → `containers[0]`).
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// A map key (`labels` + `app` → `labels[app]`).
pub fn key(path: &str, k: &str) -> String {
    format!("{path}[{k}]")
}

/// `kubectl`'s message for an invalid object: one error on the first line, or several as a
/// `* ` list under `The Kind "name" is invalid: ` (trailing space kept), duplicates removed.
// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go StandardErrorMessage / MultilineError
pub fn kubectl_invalid_message(kind: &str, name: &str, errors: &[FieldError]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for e in errors {
        let line = e.to_string();
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    let prefix = format!("The {kind} {} is invalid: ", Quoted(name));
    match lines.as_slice() {
        [one] => format!("{prefix}{one}\n"),
        _ => {
            let mut out = format!("{prefix}\n");
            for l in lines {
                out.push_str(&format!("* {l}\n"));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_render_in_upstreams_words() {
        let cases = [
            (
                "a required value has no value part",
                FieldError::required("spec.template.spec.restartPolicy", "valid values: \"OnFailure\", \"Never\""),
                "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"",
            ),
            (
                "an invalid number is printed plain",
                FieldError::invalid("spec.parallelism", -1, "must be greater than or equal to 0"),
                "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
            ),
            (
                "an unsupported string is quoted with the supported list",
                FieldError::not_supported("spec.concurrencyPolicy", "forbid", &["Allow", "Forbid", "Replace"]),
                "spec.concurrencyPolicy: Unsupported value: \"forbid\": supported values: \"Allow\", \"Forbid\", \"Replace\"",
            ),
            (
                "a duplicate has no detail",
                FieldError::duplicate("spec.template.spec.containers[1].name", "pi"),
                "spec.template.spec.containers[1].name: Duplicate value: \"pi\"",
            ),
            (
                "an omitted value prints only the detail",
                FieldError::invalid("spec.podFailurePolicy.rules[0]", BadValue::Omit, "specifying one of OnExitCodes and OnPodConditions is required"),
                "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required",
            ),
        ];
        for (name, error, want) in cases {
            assert_eq!(error.to_string(), want, "{name}");
        }
    }

    #[test]
    fn kubectl_lists_several_errors_under_a_header_with_a_trailing_space() {
        let errors = vec![
            FieldError::invalid("spec.parallelism", -1, "must be greater than or equal to 0"),
            FieldError::required("spec.template.spec.containers[0].image", ""),
            FieldError::required("spec.template.spec.containers[0].image", ""),
        ];
        assert_eq!(
            kubectl_invalid_message("Job", "pi", &errors),
            "The Job \"pi\" is invalid: \n* spec.parallelism: Invalid value: -1: must be greater than or equal to 0\n* spec.template.spec.containers[0].image: Required value\n"
        );
        assert_eq!(
            kubectl_invalid_message("Job", "pi", &errors[1..]),
            "The Job \"pi\" is invalid: spec.template.spec.containers[0].image: Required value\n"
        );
    }
}
