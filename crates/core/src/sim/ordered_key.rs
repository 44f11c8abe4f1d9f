//! A store key for sorted sets and maps that a long run fills with many pods: the first bytes
//! of the namespace and of the name are kept inline, big-endian, so that most comparisons are
//! integer comparisons within the tree's node instead of string comparisons behind two
//! pointers each. It sorts exactly as the `(namespace, name)` key it holds, which it shares
//! with the table that maps the key to its object (a tree element stays small).

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::sync::Arc;

use super::store::Key;

#[derive(Clone, Debug)]
pub struct OrderedKey {
    namespace: u64,
    /// The name's first sixteen bytes, as the high and the low half.
    name: (u64, u64),
    /// The lengths, so that short strings compare without reading the key.
    namespace_len: u32,
    name_len: u32,
    key: Arc<Key>,
}

impl OrderedKey {
    pub fn new(key: Arc<Key>) -> Self {
        let name = u128::from_be_bytes(prefix(&key.1));
        OrderedKey {
            namespace: u64::from_be_bytes(prefix(&key.0)),
            name: ((name >> 64) as u64, name as u64),
            namespace_len: length(&key.0),
            name_len: length(&key.1),
            key,
        }
    }

    pub fn key(&self) -> &Key {
        &self.key
    }
}

/// The first `N` bytes of `text`, padded with zeros.
fn prefix<const N: usize>(text: &str) -> [u8; N] {
    let mut bytes = [0; N];
    let n = text.len().min(N);
    bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
    bytes
}

/// A string's length, kept inline (a longer one than `u32` holds reads as `u32::MAX`: only
/// lengths up to sixteen are compared).
fn length(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

/// Compares two strings whose first `n` bytes, zero-padded, were compared as `inline`, and whose
/// lengths are `lengths`. Padded prefixes that differ order the strings as their bytes do (a
/// string that ends first reads as zeros, and is then a prefix of the other). Equal ones leave
/// the rest: two strings no longer than `n` bytes then differ at most by trailing zero bytes,
/// so the shorter sorts first; longer ones are compared whole (`whole`, which reads them).
fn compare(
    inline: Ordering,
    n: u32,
    lengths: (u32, u32),
    whole: impl FnOnce() -> Ordering,
) -> Ordering {
    match inline {
        Ordering::Equal if lengths.0 <= n && lengths.1 <= n => lengths.0.cmp(&lengths.1),
        Ordering::Equal => whole(),
        unequal => unequal,
    }
}

impl Ord for OrderedKey {
    // The keys are read only inside the closures: read up front, the compiler loaded them
    // on every comparison, a cache miss per tree element in a tree of a million pods.
    fn cmp(&self, other: &Self) -> Ordering {
        let namespaces = (self.namespace_len, other.namespace_len);
        let names = (self.name_len, other.name_len);
        compare(self.namespace.cmp(&other.namespace), 8, namespaces, || {
            self.key.0.cmp(&other.key.0)
        })
        .then_with(|| {
            compare(self.name.cmp(&other.name), 16, names, || {
                self.key.1.cmp(&other.key.1)
            })
        })
    }
}

impl PartialOrd for OrderedKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for OrderedKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for OrderedKey {}

/// Sets and maps of ordered keys are looked up by the plain key: both orders agree.
impl Borrow<Key> for OrderedKey {
    fn borrow(&self) -> &Key {
        &self.key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(namespace: &str, name: &str) -> Key {
        (namespace.into(), name.into())
    }

    #[test]
    fn ordered_keys_sort_as_the_keys_they_hold() {
        let names = [
            "",
            "a",
            "a\0",
            "a\0b",
            "ab",
            "big-7xk2p",
            "big-7xk2",
            "big-7xk2pq",
            "b",
            "a-very-long-pod-name-0",
            "a-very-long-pod-name-1",
            "a-very-long-pod-name",
            "zzzzzzzzzzzzzzzz",
            "zzzzzzzzzzzzzzzz\0",
        ];
        let namespaces = [
            "",
            "default",
            "default\0",
            "kube-system",
            "team",
            "default-x",
        ];
        let keys: Vec<Key> = namespaces
            .iter()
            .flat_map(|ns| names.iter().map(move |n| key(ns, n)))
            .collect();
        for a in &keys {
            for b in &keys {
                let x = OrderedKey::new(Arc::new(a.clone()));
                let y = OrderedKey::new(Arc::new(b.clone()));
                assert_eq!(x.cmp(&y), a.cmp(b), "{a:?} against {b:?}");
            }
        }
    }

    #[test]
    fn a_set_of_ordered_keys_is_searched_by_plain_keys() {
        let mut set = std::collections::BTreeSet::new();
        for name in ["c", "a", "b"] {
            set.insert(OrderedKey::new(Arc::new(key("default", name))));
        }
        assert!(set.remove(&key("default", "b")));
        let left: Vec<&Key> = set.iter().map(OrderedKey::key).collect();
        assert_eq!(left, [&key("default", "a"), &key("default", "c")]);
    }
}
