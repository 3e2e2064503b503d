//! Keys, built by hand as big-endian bytes so that sled's byte order is the
//! numeric order of ids and NIPs.

/// How ids are grouped into buckets (see `sled/buckets.rs`): a bucket's key, and an
/// id's place within it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucketing {
    /// NIPs by their birth-date digits (the first eight); the place is the last ten.
    BirthDate,
    /// Unit and position ids by blocks of 64; the place is the id.
    Block,
}

const NIP_DIVISOR: u64 = 10_000_000_000;
const BLOCK_BITS: u32 = 6;

impl Bucketing {
    /// The key of the bucket holding `id`.
    pub fn key(self, id: u64) -> [u8; 4] {
        match self {
            Bucketing::BirthDate => ((id / NIP_DIVISOR) as u32).to_be_bytes(),
            Bucketing::Block => ((id >> BLOCK_BITS) as u32).to_be_bytes(),
        }
    }

    /// The place of `id` within its bucket.
    pub fn suffix(self, id: u64) -> u64 {
        match self {
            Bucketing::BirthDate => id % NIP_DIVISOR,
            Bucketing::Block => id,
        }
    }

    /// The id of a bucket key and a place; none for a key too short to be one.
    pub fn id(self, key: &[u8], suffix: u64) -> Option<u64> {
        match self {
            Bucketing::BirthDate => Some(u64::from(read_u32(key, 0)?) * NIP_DIVISOR + suffix),
            Bucketing::Block => Some(suffix),
        }
    }
}

/// The bucket of a code in a code index: 65 536 buckets by hash, a few dozen codes
/// each even in a national database.
pub fn code_bucket(code: &str) -> [u8; 2] {
    use std::hash::Hasher;
    let mut h = crate::fxhash::FxHasher::default();
    h.write(code.as_bytes());
    ((h.finish() >> 48) as u16).to_be_bytes()
}

/// Which entity a search token points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TokenOwner {
    /// Units (ids).
    Unit = b'u' as isize,
    /// Positions (ids).
    Position = b'p' as isize,
    /// Employees (NIPs).
    Employee = b'e' as isize,
}

impl TokenOwner {
    /// The shard an id's posting falls in: employees by birth year (the NIP's first
    /// four digits), units and positions by blocks of 4 096 ids. Shards keep each
    /// posting list small enough to rewrite on an edit.
    pub fn shard(self, id: u64) -> u16 {
        match self {
            TokenOwner::Employee => (id / 100_000_000_000_000) as u16,
            _ => (id >> 12) as u16,
        }
    }
}

/// Each token's ids under the key of its shard (see [`token`]), ids sorted.
pub fn shard_postings(
    postings: std::collections::BTreeMap<(TokenOwner, String), Vec<u64>>,
) -> std::collections::BTreeMap<Vec<u8>, Vec<u64>> {
    let mut out: std::collections::BTreeMap<Vec<u8>, Vec<u64>> = std::collections::BTreeMap::new();
    for ((owner, tok), ids) in postings {
        for id in ids {
            out.entry(token(owner, &tok, owner.shard(id))).or_default().push(id);
        }
    }
    out
}

/// `owner ‖ token ‖ 0x00 ‖ shard`: one posting list of the token index. Tokens are
/// letters and digits only, so they hold no NUL.
pub fn token(owner: TokenOwner, token: &str, shard: u16) -> Vec<u8> {
    let mut k = Vec::with_capacity(4 + token.len());
    k.push(owner as u8);
    k.extend_from_slice(token.as_bytes());
    k.push(0);
    k.extend_from_slice(&shard.to_be_bytes());
    k
}

/// The prefix of every posting list of `owner` whose token starts with `prefix`.
pub fn token_prefix(owner: TokenOwner, prefix: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + prefix.len());
    k.push(owner as u8);
    k.extend_from_slice(prefix.as_bytes());
    k
}

/// Whether a posting-list key is for exactly `token` (not a longer one).
pub fn token_is_exact(key: &[u8], token: &str) -> bool {
    key.len() == 1 + token.len() + 1 + 2
}

/// People of an instansi's branch, chunk by chunk: instansi id ‖ branch id ‖ chunk
/// number (so an instansi and a branch are each one prefix).
pub fn people(root: u32, branch: u32, chunk: u16) -> [u8; 10] {
    let mut key = [0; 10];
    key[..4].copy_from_slice(&root.to_be_bytes());
    key[4..8].copy_from_slice(&branch.to_be_bytes());
    key[8..].copy_from_slice(&chunk.to_be_bytes());
    key
}

/// Reads a big-endian u32 at `at`; none when the bytes are too short (a damaged key).
pub fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// Reads a big-endian u64 at `at`; none when the bytes are too short (a damaged value).
pub fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_buckets_are_pinned() {
        // The code index is on disk keyed by these: a change to the hash (or to
        // FxHasher) would leave every stored code unfindable. Never change these values
        // without a schema migration that rebuilds the code index.
        let got: Vec<[u8; 2]> =
            ["1275", "1275.23", "1275.23.03-J04", "", "Kab. Ñ"].iter().map(|c| code_bucket(c)).collect();
        assert_eq!(got, [[128, 42], [74, 8], [252, 178], [0, 0], [6, 206]]);
    }

    #[test]
    fn keys_sort_numerically_and_tokens_nest() {
        assert!(Bucketing::Block.key(2) < Bucketing::Block.key(256));
        let k = token(TokenOwner::Employee, "siregar", 1975);
        assert!(k.starts_with(&token_prefix(TokenOwner::Employee, "sir")));
        assert!(token_is_exact(&k, "siregar"));
        assert!(!token_is_exact(&k, "sir"));
        assert_eq!(TokenOwner::Employee.shard(196608011988031001), 1966);
        assert_eq!(TokenOwner::Unit.shard(5000), 1);
        let nip = 196608011988031001;
        let b = Bucketing::BirthDate;
        assert_eq!(b.id(&b.key(nip), b.suffix(nip)), Some(nip));
        assert!(b.key(nip) < b.key(196608021988031001));
        assert_eq!(Bucketing::Block.key(63), Bucketing::Block.key(0));
        assert_ne!(Bucketing::Block.key(64), Bucketing::Block.key(63));
    }
}
