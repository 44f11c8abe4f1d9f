//! A serde deserializer over a borrowed JSON value that knows where it stands: it records every
//! field the target type does not know, with its path, and a type error carries the path it
//! happened at. One layer, so each API type's decoding is compiled once, not once per wrapper.
//!
//! It reads values as `serde_json`'s own deserializer for `&Value` does (the same visitor calls,
//! the same error texts), except that an object member that is `null` is skipped: Go's JSON
//! decoder leaves the field's zero value.

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Expected, MapAccess, SeqAccess, Unexpected, Visitor};
use serde_json::{Map, Number, Value};

/// One step of a path: a field (or map key) or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Field(String),
    Index(usize),
}

/// Renders steps as the API server does: `spec.template.spec.containers[0].name`.
pub fn display_path(steps: &[PathStep]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            PathStep::Field(field) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(field);
            }
            PathStep::Index(index) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    out
}

/// Deserializes `T` from `value`, pushing the path of every unknown field onto `unknown` in the
/// order met (object members in the map's order).
pub fn deserialize<'de, T: de::Deserialize<'de>>(
    value: &'de Value,
    unknown: &mut Vec<String>,
) -> Result<T, Error> {
    T::deserialize(ValueDeserializer {
        value,
        at: &Position::Root,
        unknown,
    })
}

/// A decoding failure: serde's message and where it happened.
#[derive(Debug)]
pub struct Error {
    message: String,
    /// Innermost step first (each enclosing object or list adds its step on the way out).
    reversed_path: Vec<PathStep>,
}

impl Error {
    /// The path from the root, and the message.
    pub fn into_parts(self) -> (Vec<PathStep>, String) {
        let mut path = self.reversed_path;
        path.reverse();
        (path, self.message)
    }

    fn within(mut self, step: PathStep) -> Error {
        self.reversed_path.push(step);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    #[cold]
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error {
            message: message.to_string(),
            reversed_path: Vec::new(),
        }
    }

    #[cold]
    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Error {
        Error::custom(format_args!(
            "invalid type: {}, expected {expected}",
            JsonUnexpected(unexpected)
        ))
    }

    #[cold]
    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Error {
        Error::custom(format_args!(
            "invalid value: {}, expected {expected}",
            JsonUnexpected(unexpected)
        ))
    }
}

/// serde's words for an unexpected value, with JSON's names for null and numbers (as
/// `serde_json` prints them).
struct JsonUnexpected<'a>(Unexpected<'a>);

impl fmt::Display for JsonUnexpected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Float(value) => match Number::from_f64(value) {
                Some(number) => write!(f, "floating point `{number}`"),
                None => fmt::Display::fmt(&self.0, f),
            },
            other => fmt::Display::fmt(&other, f),
        }
    }
}

/// Where a value sits: a chain of steps up to the root, kept on the stack while decoding.
enum Position<'a> {
    Root,
    Field(&'a Position<'a>, &'a str),
    Index(&'a Position<'a>, usize),
}

impl Position<'_> {
    fn render(&self, out: &mut Vec<PathStep>) {
        match self {
            Position::Root => {}
            Position::Field(parent, field) => {
                parent.render(out);
                out.push(PathStep::Field((*field).to_string()));
            }
            Position::Index(parent, index) => {
                parent.render(out);
                out.push(PathStep::Index(*index));
            }
        }
    }
}

struct ValueDeserializer<'a, 'de> {
    value: &'de Value,
    at: &'a Position<'a>,
    unknown: &'a mut Vec<String>,
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => Unexpected::Unsigned(u),
            (None, Some(i)) => Unexpected::Signed(i),
            (None, None) => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

#[cold]
fn invalid_type(value: &Value, expected: &dyn Expected) -> Error {
    de::Error::invalid_type(unexpected(value), expected)
}

impl<'a, 'de> ValueDeserializer<'a, 'de> {
    fn visit_number<V: Visitor<'de>>(number: &Number, visitor: V) -> Result<V::Value, Error> {
        match (number.as_u64(), number.as_i64()) {
            (Some(u), _) => visitor.visit_u64(u),
            (None, Some(i)) => visitor.visit_i64(i),
            (None, None) => visitor.visit_f64(number.as_f64().unwrap_or(f64::NAN)),
        }
    }

    /// Every number type: a JSON number is visited as what it holds (the visitor checks the
    /// range), anything else is the wrong type.
    fn deserialize_number<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Number(n) => Self::visit_number(n, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn visit_array<V: Visitor<'de>>(
        self,
        items: &'de [Value],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let mut seq = SeqReader {
            items: items.iter().enumerate(),
            at: self.at,
            unknown: self.unknown,
        };
        let visited = visitor.visit_seq(&mut seq)?;
        match seq.items.len() {
            0 => Ok(visited),
            _ => Err(de::Error::invalid_length(
                items.len(),
                &"fewer elements in array",
            )),
        }
    }

    fn visit_object<V: Visitor<'de>>(
        self,
        members: &'de Map<String, Value>,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let mut map = MapReader {
            members: members.iter(),
            pending: None,
            at: self.at,
            unknown: self.unknown,
        };
        let visited = visitor.visit_map(&mut map)?;
        match map.members.any(|(_, v)| !v.is_null()) {
            false => Ok(visited),
            true => Err(de::Error::invalid_length(
                members.values().filter(|v| !v.is_null()).count(),
                &"fewer elements in map",
            )),
        }
    }
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => Self::visit_number(n, visitor),
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => self.visit_array(items, visitor),
            Value::Object(members) => self.visit_object(members, visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Bool(b) => visitor.visit_bool(*b),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_number(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_number(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_number(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_number(visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_number(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_number(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_number(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_number(visitor)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_number(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_number(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => self.visit_array(items, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Array(items) => self.visit_array(items, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Object(members) => self.visit_object(members, visitor),
            other => Err(invalid_type(other, &visitor)),
        }
    }

    /// A struct is a JSON object only (Go refuses an array for a struct, where serde_json would
    /// read the fields in order).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    /// A unit variant is written as its name; a variant with data as a one-member object.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Value::String(variant) => visitor.visit_enum(BorrowedStrDeserializer::new(variant)),
            Value::Object(members) if members.len() == 1 => {
                let mut map = MapReader {
                    members: members.iter(),
                    pending: None,
                    at: self.at,
                    unknown: self.unknown,
                };
                visitor.visit_enum(de::value::MapAccessDeserializer::new(&mut map))
            }
            Value::Object(_) => Err(de::Error::invalid_value(
                Unexpected::Map,
                &"map with a single key",
            )),
            other => Err(invalid_type(other, &"string or map")),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    /// serde's derive asks for this for a field the type does not have: that is an unknown field.
    // Upstream: sigs.k8s.io/json internal/golang/encoding/json/decode.go decodeState.object
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let mut steps = Vec::new();
        self.at.render(&mut steps);
        self.unknown.push(display_path(&steps));
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! { i128 u128 }
}

/// The members of an object, `null` ones skipped, each value decoded at its key.
struct MapReader<'a, 'de> {
    members: serde_json::map::Iter<'de>,
    pending: Option<(&'de str, &'de Value)>,
    at: &'a Position<'a>,
    unknown: &'a mut Vec<String>,
}

impl<'de> MapAccess<'de> for MapReader<'_, 'de> {
    type Error = Error;

    // Upstream: sigs.k8s.io/json internal/golang/encoding/json/decode.go literalStore (null)
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.members.find(|(_, v)| !v.is_null()) else {
            return Ok(None);
        };
        self.pending = Some((key, value));
        seed.deserialize(BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let Some((key, value)) = self.pending.take() else {
            return Err(de::Error::custom("value is missing"));
        };
        let at = Position::Field(self.at, key);
        seed.deserialize(ValueDeserializer {
            value,
            at: &at,
            unknown: &mut *self.unknown,
        })
        .map_err(|e| e.within(PathStep::Field(key.to_string())))
    }
}

/// The items of a list, each decoded at its index.
struct SeqReader<'a, 'de> {
    items: std::iter::Enumerate<std::slice::Iter<'de, Value>>,
    at: &'a Position<'a>,
    unknown: &'a mut Vec<String>,
}

impl<'de> SeqAccess<'de> for SeqReader<'_, 'de> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((index, value)) = self.items.next() else {
            return Ok(None);
        };
        let at = Position::Index(self.at, index);
        seed.deserialize(ValueDeserializer {
            value,
            at: &at,
            unknown: &mut *self.unknown,
        })
        .map(Some)
        .map_err(|e| e.within(PathStep::Index(index)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde_json::json;

    use super::*;
    use crate::api::{IntOrString, Quantity};

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Outer {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        count: Option<i32>,
        #[serde(default)]
        items: Option<Vec<Inner>>,
        #[serde(default)]
        groups: Option<BTreeMap<String, BTreeMap<String, Inner>>>,
        #[serde(default)]
        port: Option<IntOrString>,
        #[serde(default)]
        size: Option<Quantity>,
        #[serde(default)]
        free_form: Option<Value>,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Inner {
        #[serde(default)]
        value: Option<String>,
        #[serde(default)]
        flags: Option<Vec<bool>>,
    }

    fn decode(value: &Value) -> (Result<Outer, (String, String)>, Vec<String>) {
        let mut unknown = Vec::new();
        let result = deserialize::<Outer>(value, &mut unknown).map_err(|e| {
            let (path, message) = e.into_parts();
            (display_path(&path), message)
        });
        (result, unknown)
    }

    fn type_error(value: Value) -> (String, String) {
        decode(&value).0.expect_err("a type error")
    }

    #[test]
    fn unknown_fields_are_found_at_depth_in_lists_and_in_maps_of_maps() {
        let value = json!({
            "extra": 1,
            "groups": {"a": {"b": {"value": "v", "vlaue": "w"}}, "c": {"d": {"x": {"deep": true}}}},
            "items": [{"value": "ok"}, {"flgas": [true]}],
            "name": "n"
        });
        let (result, unknown) = decode(&value);
        assert!(result.is_ok());
        assert_eq!(
            unknown,
            [
                "extra",
                "groups.a.b.vlaue",
                "groups.c.d.x",
                "items[1].flgas"
            ]
        );
    }

    #[test]
    fn free_form_values_and_untagged_values_have_no_unknown_fields() {
        let value = json!({"freeForm": {"any": {"thing": [1, {"x": null}]}}, "port": "http"});
        let (result, unknown) = decode(&value);
        let outer = result.expect("decodes");
        assert!(unknown.is_empty());
        assert_eq!(outer.port, Some(IntOrString::String("http".into())));
        // a null member is dropped inside free-form values too, as before
        assert_eq!(outer.free_form, Some(json!({"any": {"thing": [1, {}]}})));
    }

    #[test]
    fn a_type_error_carries_its_path_with_list_indices() {
        let value = json!({"items": [{}, {"flags": [true, false, "yes"]}]});
        assert_eq!(
            type_error(value),
            (
                "items[1].flags[2]".to_string(),
                "invalid type: string \"yes\", expected a boolean".to_string()
            )
        );
    }

    #[test]
    fn a_type_error_inside_a_map_of_maps_names_the_keys() {
        let value = json!({"groups": {"a": {"b": {"value": 7}}}});
        assert_eq!(
            type_error(value),
            (
                "groups.a.b.value".to_string(),
                "invalid type: integer `7`, expected a string".to_string()
            )
        );
    }

    #[test]
    fn numbers_are_refused_in_serde_jsons_words() {
        assert_eq!(
            type_error(json!({"count": 1.5})).1,
            "invalid type: floating point `1.5`, expected i32"
        );
        assert_eq!(
            type_error(json!({"count": 3_000_000_000u64})).1,
            "invalid value: integer `3000000000`, expected i32"
        );
        assert_eq!(
            type_error(json!({"count": "2"})).1,
            "invalid type: string \"2\", expected i32"
        );
    }

    #[test]
    fn a_null_member_is_skipped_but_a_null_list_item_is_a_type_error() {
        let (result, unknown) = decode(&json!({"name": null, "items": [{"value": null}]}));
        let outer = result.expect("nulls leave fields unset");
        assert!(unknown.is_empty());
        assert_eq!(outer.name, None);
        assert_eq!(outer.items, Some(vec![Inner::default()]));
        assert_eq!(
            type_error(json!({"items": [null]})),
            (
                "items[0]".to_string(),
                "invalid type: null, expected struct Inner".to_string()
            )
        );
    }

    #[test]
    fn a_list_is_not_read_as_a_struct() {
        assert_eq!(
            type_error(json!({"items": [["v"]]})),
            (
                "items[0]".to_string(),
                "invalid type: sequence, expected struct Inner".to_string()
            )
        );
    }

    #[test]
    fn a_values_own_check_fails_at_its_path() {
        assert_eq!(
            type_error(json!({"port": true})),
            (
                "port".to_string(),
                "data did not match any variant of untagged enum IntOrString".to_string()
            )
        );
        let (path, message) = type_error(json!({"size": "lots"}));
        assert_eq!(path, "size");
        assert_eq!(
            message,
            Quantity::parse("lots").expect_err("bad").to_string()
        );
    }

    #[test]
    fn a_type_error_at_the_root_has_an_empty_path() {
        assert_eq!(
            type_error(json!("job")),
            (
                String::new(),
                "invalid type: string \"job\", expected struct Outer".to_string()
            )
        );
    }
}
