//! The API's string-keyed maps (labels, annotations, node selectors, resource lists) as sorted
//! lists: a pod carries a few entries in each, and a tree allocates a node of eleven entries
//! for one (three such maps were a third of a stored pod's bytes). They list in key order, as
//! Go's JSON encoding of a map does.

use std::collections::BTreeMap;
use std::sync::Arc;

use litemap::LiteMap;
use serde::{Deserialize, Deserializer};

/// A sorted map keyed by string.
pub type StringMap<V = String> = LiteMap<String, V>;

/// A map that objects share until one of them changes it (`Arc::make_mut`): a Job's pods
/// carry its template's labels and annotations, so thousands of pods hold one copy.
pub type SharedMap = Arc<StringMap>;

/// Decodes an optional map as a `BTreeMap` does — the same errors (the decoder names Go's
/// type from serde's "expected a map"), the last of duplicate keys wins — then keeps it sorted
/// in a list. For `#[serde(deserialize_with)]`.
pub fn decode<'de, D, V>(deserializer: D) -> Result<Option<StringMap<V>>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    let map = Option::<BTreeMap<String, V>>::deserialize(deserializer)?;
    Ok(map.map(|m| m.into_iter().collect()))
}

/// [`decode`] into a [`SharedMap`], for `#[serde(deserialize_with)]`.
pub fn decode_shared<'de, D>(deserializer: D) -> Result<Option<SharedMap>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(decode(deserializer)?.map(Arc::new))
}
