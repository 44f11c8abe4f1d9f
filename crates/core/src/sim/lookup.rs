//! Hash tables for the simulation's lookups by key (pods by `(namespace, name)`): a fast
//! unkeyed hash (FxHash's word mixing with MurmurHash3's final mix), as nothing here needs
//! protection from chosen keys.
//! These tables are only looked up, never iterated, so no hash order reaches the output.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A hash map with the fast hash.
pub type LookupMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A hash set with the fast hash.
pub type LookupSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

/// Each word is added and multiplied in (FxHash); the end mixes every bit into the low bits a
/// table indexes by (MurmurHash3's fmix64), on 32-bit wasm as natively.
#[derive(Clone, Copy, Debug, Default)]
pub struct FxHasher {
    hash: u64,
}

const K: u64 = 0xf135_7aea_2e62_a9c5;

// Inlined even where the build is tuned for size (the page's wasm): a call per word or per
// lookup cost more than the few instructions they hold.
impl FxHasher {
    #[inline(always)]
    fn add(&mut self, word: u64) {
        self.hash = self.hash.wrapping_add(word).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    #[inline(always)]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        // The last bytes, little-endian and zero-padded, gathered without a copy call.
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let word = rest
                .iter()
                .rev()
                .fold(0u64, |word, &b| (word << 8) | u64::from(b));
            self.add(word);
        }
    }

    #[inline(always)]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline(always)]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline(always)]
    fn finish(&self) -> u64 {
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_differ_only_in_their_last_bytes_are_told_apart() {
        let mut map: LookupMap<(String, String), u32> = LookupMap::default();
        for i in 0..1000 {
            map.insert(("default".into(), format!("big-{i:05}")), i);
        }
        assert_eq!(map.len(), 1000);
        assert_eq!(map.get(&("default".into(), "big-00999".into())), Some(&999));
        assert_eq!(map.get(&("default".into(), "big-01000".into())), None);
    }

    #[test]
    fn names_that_share_a_prefix_spread_over_the_low_bits() {
        let low: std::collections::BTreeSet<u64> = (0..4096)
            .map(|i| {
                let mut h = FxHasher::default();
                std::hash::Hash::hash(&("default", format!("big-{i:05}")), &mut h);
                h.finish() & 0xffff
            })
            .collect();
        assert!(
            low.len() > 3500,
            "{} distinct low 16 bits of 4096",
            low.len()
        );
    }
}
