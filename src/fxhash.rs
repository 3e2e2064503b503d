//! A fast non-cryptographic hasher for the large in-memory maps of imports and
//! exports (millions of NIP and id keys), where SipHash's protection against
//! flooding buys nothing and costs a tenth of an import. The FxHash scheme, as
//! rustc uses it; ten lines do not warrant a dependency.

use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: multiply-rotate over machine words.
#[derive(Clone, Copy, Default)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(SEED);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A hash set with [`FxHasher`].
pub type FxHashSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_keys_hash_apart() {
        let mut m: FxHashMap<(u64, u64), u32> = FxHashMap::default();
        for i in 0..10_000u64 {
            m.insert((196608011988031001 + i, i % 7), i as u32);
        }
        assert_eq!(m.len(), 10_000);
        assert_eq!(m[&(196608011988031001 + 42, 0)], 42);
    }
}
