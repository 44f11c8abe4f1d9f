//! SHA-256 digests written as the container world writes them (64 lowercase hex digits): the
//! IDs the runtime gives containers and the digests of the images it pulls. jobsim has neither
//! a runtime nor a registry, so each is the digest of what names it — the same in every run,
//! natively and in WebAssembly, and different for different names. The size of an image jobsim
//! does not know is read from its digest too.

use sha2::{Digest, Sha256};

/// The SHA-256 of `parts`, each ended by a NUL so that no two lists of parts run together.
pub fn sha256(parts: &[&str]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().into()
}

/// [`sha256`] in hex.
pub fn sha256_hex(parts: &[&str]) -> String {
    let mut hex = String::with_capacity(64);
    push_hex(&mut hex, &sha256(parts));
    hex
}

/// Writes `bytes` as lowercase hex digits, two a byte.
pub fn push_hex(out: &mut String, bytes: &[u8]) {
    for chunk in bytes.chunks(32) {
        let mut digits = [0; 64];
        let digits = hex_digits(chunk, &mut digits);
        out.push_str(digits);
    }
}

/// `bytes` as lowercase hex digits, written in `buffer` (two bytes of it a byte).
pub fn hex_digits<'b>(bytes: &[u8], buffer: &'b mut [u8]) -> &'b str {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digits = &mut buffer[..bytes.len() * 2];
    for (pair, byte) in digits.chunks_exact_mut(2).zip(bytes) {
        pair[0] = HEX[usize::from(byte >> 4)];
        pair[1] = HEX[usize::from(byte & 0x0f)];
    }
    // Hex digits are ASCII, so always UTF-8.
    std::str::from_utf8(digits).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_is_the_sha256_of_the_parts_in_hex() {
        // Python: hashlib.sha256(b"abc\x00").hexdigest()
        assert_eq!(
            sha256_hex(&["abc"]),
            "dc1114cd074914bd872cc1f9a23ec910ea2203bc79779ab2e17da25782a624fc"
        );
        assert_ne!(sha256_hex(&["a", "bc"]), sha256_hex(&["ab", "c"]));
    }
}
