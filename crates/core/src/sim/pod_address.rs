//! The world's own tables of pods (the kubelets' runs, the container logs, the Job controller's
//! live index) are keyed by where the store's shared key of the pod lives, not by its strings:
//! a lookup hashes and compares one word and reads nothing behind the pointer, and a table that
//! grows rehashes without reading a key (at a million pods each such read is a cache miss).
//! The table holds the key, so no other key can take its address while the entry lives; a
//! lookup must bring the store's shared key (`Store::pod_key`), never a copy of it.

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::store::Key;

/// Where a pod's shared key lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Address(usize);

impl Address {
    pub fn of(key: &Arc<Key>) -> Address {
        Address(Arc::as_ptr(key) as usize)
    }

    /// Where this key lives: the shared key's address when `key` is borrowed from it.
    pub fn of_key(key: &Key) -> Address {
        Address(std::ptr::from_ref(key) as usize)
    }
}

/// A table's key: the shared key, kept alive by the table, hashed and compared by its address.
#[derive(Clone, Debug)]
pub struct AddressKey {
    address: Address,
    _key: Arc<Key>,
}

impl AddressKey {
    pub fn new(key: &Arc<Key>) -> AddressKey {
        AddressKey {
            address: Address::of(key),
            _key: Arc::clone(key),
        }
    }
}

impl PartialEq for AddressKey {
    fn eq(&self, other: &Self) -> bool {
        self.address == other.address
    }
}

impl Eq for AddressKey {}

impl Hash for AddressKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.address.hash(state);
    }
}

impl Borrow<Address> for AddressKey {
    fn borrow(&self) -> &Address {
        &self.address
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::lookup::LookupMap;

    #[test]
    fn a_pod_is_found_by_its_shared_key_and_not_by_a_copy() {
        let shared = Arc::new(("default".to_string(), "pi-abcde".to_string()));
        let copy = Arc::new((*shared).clone());
        let mut runs: LookupMap<AddressKey, u32> = LookupMap::default();
        runs.insert(AddressKey::new(&shared), 1);
        assert_eq!(runs.get(&Address::of(&shared)), Some(&1));
        assert_eq!(runs.get(&Address::of(&copy)), None);
    }

    #[test]
    fn the_table_keeps_the_key_alive_so_its_address_stays_its_own() {
        let mut runs: LookupMap<AddressKey, u32> = LookupMap::default();
        let first = Arc::new(("default".to_string(), "a".to_string()));
        runs.insert(AddressKey::new(&first), 1);
        let address = Address::of(&first);
        drop(first);
        let later: Vec<Arc<Key>> = (0..64)
            .map(|i| Arc::new(("default".to_string(), format!("b{i}"))))
            .collect();
        assert!(later.iter().all(|k| Address::of(k) != address));
        assert_eq!(runs.get(&address), Some(&1));
    }
}
