//! The run's one source of randomness: a ChaCha8 generator seeded from the scenario's seed.
//! ChaCha's output is fixed by its specification, so the same seed draws the same numbers
//! natively and in WebAssembly; only `u64` draws are used, never `usize`, whose width differs.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::digest::{hex_digits, push_hex};

/// Characters of generated name suffixes: Kubernetes' `utilrand` alphabet (no vowels, no
/// look-alike digits), e.g. `pi-7xk2p`.
const NAME_SUFFIX_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
/// Upstream: apiserver names.SimpleNameGenerator — five random characters after generateName.
pub const NAME_SUFFIX_LEN: usize = 5;

#[derive(Clone, Debug)]
pub struct SimRng(ChaCha8Rng);

impl SimRng {
    pub fn from_seed(seed: u64) -> Self {
        SimRng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Another stream of the same seed (ChaCha's stream `n`; the run's own is 0), from its
    /// start: for draws that must not move the run's others.
    pub fn stream(&self, n: u64) -> SimRng {
        let mut stream = ChaCha8Rng::from_seed(self.0.get_seed());
        stream.set_stream(n);
        SimRng(stream)
    }

    /// A number in `min..=max` (both in milliseconds, say); `min` when the range is empty.
    pub fn between(&mut self, min: u64, max: u64) -> u64 {
        if max <= min {
            return min;
        }
        self.0.random_range(min..=max)
    }

    /// The suffix of a generated name: `pi-` + `7xk2p`.
    pub fn name_suffix(&mut self) -> String {
        self.name_suffix_bytes()
            .into_iter()
            .map(char::from)
            .collect()
    }

    /// A generated name's suffix as its ASCII bytes, to keep without an allocation.
    pub fn name_suffix_bytes(&mut self) -> [u8; NAME_SUFFIX_LEN] {
        std::array::from_fn(|_| {
            let i = self.between(0, NAME_SUFFIX_ALPHABET.len() as u64 - 1);
            NAME_SUFFIX_ALPHABET[i as usize]
        })
    }

    /// Writes 256 random bits in hex (64 digits), as a container runtime names a container.
    pub fn push_hex_256(&mut self, out: &mut String) {
        let bytes: [u8; 32] = self.0.random();
        push_hex(out, &bytes);
    }

    /// An object uid in the RFC 4122 version-4 form the API server gives.
    pub fn uid(&mut self) -> String {
        let mut b: [u8; 16] = self.0.random();
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let mut digits = [0; 32];
        let hex = hex_digits(&b, &mut digits);
        let mut uid = String::with_capacity(36);
        for (i, group) in [0..8, 8..12, 12..16, 16..20, 20..32]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                uid.push('-');
            }
            uid.push_str(hex.get(group).unwrap_or_default());
        }
        uid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex_256(rng: &mut SimRng) -> String {
        let mut hex = String::new();
        rng.push_hex_256(&mut hex);
        hex
    }

    #[test]
    fn the_same_seed_draws_the_same_sequence_and_another_seed_does_not() {
        let draw = |seed| {
            let mut rng = SimRng::from_seed(seed);
            (rng.name_suffix(), rng.uid(), rng.between(1_000, 3_000))
        };
        assert_eq!(draw(42), draw(42));
        assert_ne!(draw(42), draw(43));
    }

    #[test]
    fn the_draws_of_seed_1_are_pinned_so_native_and_wasm_runs_can_be_compared() {
        let mut rng = SimRng::from_seed(1);
        let got = (rng.name_suffix(), rng.uid(), rng.between(0, 1_000_000));
        // If this changes, every recorded run changes: only update it on purpose.
        // tests/browser.rs of the web app asserts the same draws in WebAssembly.
        let want = (
            "ndvhk".to_string(),
            "583617e0-8e42-431b-88b0-71b2e35e23e5".to_string(),
            263917,
        );
        assert_eq!(got, want);
    }

    #[test]
    fn name_suffixes_use_the_kubernetes_alphabet() {
        let mut rng = SimRng::from_seed(7);
        for _ in 0..200 {
            let s = rng.name_suffix();
            assert_eq!(s.len(), 5);
            assert!(s.bytes().all(|c| NAME_SUFFIX_ALPHABET.contains(&c)), "{s}");
        }
    }

    #[test]
    fn a_stream_depends_on_the_seed_and_its_number_alone() {
        let mut run = SimRng::from_seed(1);
        let first = hex_256(&mut run.stream(1));
        run.between(0, 1_000);
        let again = hex_256(&mut run.stream(1));
        assert_eq!(again, first, "the run's draws do not move it");
        assert_ne!(hex_256(&mut SimRng::from_seed(1).stream(2)), first);
        assert_ne!(hex_256(&mut SimRng::from_seed(2).stream(1)), first);
    }

    #[test]
    fn hex_ids_are_64_hex_digits_and_differ() {
        let mut rng = SimRng::from_seed(5);
        let (a, b) = (hex_256(&mut rng), hex_256(&mut rng));
        assert_eq!(a.len(), 64);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
            "{a}"
        );
        assert_ne!(a, b);
    }

    #[test]
    fn uids_are_version_4_uuids() {
        let mut rng = SimRng::from_seed(3);
        let uid = rng.uid();
        let parts: Vec<&str> = uid.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'), "{uid}");
        assert!(
            matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
            "{uid}"
        );
    }

    #[test]
    fn an_empty_range_gives_its_start_and_a_range_stays_inside() {
        let mut rng = SimRng::from_seed(9);
        assert_eq!(rng.between(5, 5), 5);
        assert_eq!(rng.between(5, 1), 5);
        for _ in 0..500 {
            let x = rng.between(10, 20);
            assert!((10..=20).contains(&x));
        }
    }
}
