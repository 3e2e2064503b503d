//! Keys, built by hand as big-endian bytes so that sled's byte order is the
//! numeric order of ids and NIPs.

use crate::model::{PositionId, UnitId};

/// Key of a unit (and of its children, positions and totals lists).
pub fn unit(id: UnitId) -> [u8; 4] {
    id.0.to_be_bytes()
}

/// Key of the children list of `parent`; the roots are listed under 0.
pub fn children_of(parent: Option<UnitId>) -> [u8; 4] {
    parent.map_or(0, |p| p.0).to_be_bytes()
}

/// Key of a position (and of its holders list and standard).
pub fn position(id: PositionId) -> [u8; 4] {
    id.0.to_be_bytes()
}

/// NIPs share a bucket when they share their first eight digits (the birth date).
const BUCKET_DIVISOR: u64 = 10_000_000_000;

/// Key of the bucket holding an employee (and the bucket of their records): the
/// NIP's birth-date digits.
pub fn nip_bucket(nip: u64) -> [u8; 4] {
    ((nip / BUCKET_DIVISOR) as u32).to_be_bytes()
}

/// An employee's place within their bucket: the NIP's last ten digits.
pub fn nip_suffix(nip: u64) -> u64 {
    nip % BUCKET_DIVISOR
}

/// The NIP of a bucket key and suffix.
pub fn nip_of(bucket_key: &[u8], suffix: u64) -> u64 {
    read_u32(bucket_key, 0) as u64 * BUCKET_DIVISOR + suffix
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

/// Reads a big-endian u32 at `at`.
pub fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}

/// Reads a big-endian u64 at `at`.
pub fn read_u64(bytes: &[u8], at: usize) -> u64 {
    u64::from_be_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_numerically_and_tokens_nest() {
        assert!(unit(UnitId(2)) < unit(UnitId(256)));
        let k = token(TokenOwner::Employee, "siregar", 1975);
        assert!(k.starts_with(&token_prefix(TokenOwner::Employee, "sir")));
        assert!(token_is_exact(&k, "siregar"));
        assert!(!token_is_exact(&k, "sir"));
        assert_eq!(TokenOwner::Employee.shard(196608011988031001), 1966);
        assert_eq!(TokenOwner::Unit.shard(5000), 1);
        let nip = 196608011988031001;
        assert_eq!(nip_of(&nip_bucket(nip), nip_suffix(nip)), nip);
        assert!(nip_bucket(nip) < nip_bucket(196608021988031001));
    }
}
