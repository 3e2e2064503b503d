//! Keys, built by hand as big-endian bytes so that sled's byte order is the
//! numeric order of ids and NIPs.

use crate::model::{Nip, PositionId, UnitId};

/// Key of a unit, and the parent part of the children index (0 = no parent).
pub fn unit(id: UnitId) -> [u8; 4] {
    id.0.to_be_bytes()
}

/// Key of a position.
pub fn position(id: PositionId) -> [u8; 4] {
    id.0.to_be_bytes()
}

/// Key of an employee.
pub fn nip(nip: Nip) -> [u8; 8] {
    nip.as_u64().to_be_bytes()
}

/// Two ids side by side: `parent ‖ child`, `unit ‖ position`.
pub fn pair(a: u32, b: u32) -> [u8; 8] {
    let mut k = [0; 8];
    k[..4].copy_from_slice(&a.to_be_bytes());
    k[4..].copy_from_slice(&b.to_be_bytes());
    k
}

/// `position ‖ nip`, the holders index.
pub fn holder(position: PositionId, nip: Nip) -> [u8; 12] {
    let mut k = [0; 12];
    k[..4].copy_from_slice(&position.0.to_be_bytes());
    k[4..].copy_from_slice(&nip.as_u64().to_be_bytes());
    k
}

/// Which entity a search token points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenOwner {
    /// A unit (id follows).
    Unit = b'u' as isize,
    /// A position (id follows).
    Position = b'p' as isize,
    /// An employee (NIP follows).
    Employee = b'e' as isize,
}

/// `owner ‖ token ‖ 0x00 ‖ id`: one entry of the token index. Tokens hold no NUL.
pub fn token(owner: TokenOwner, token: &str, id: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(2 + token.len() + id.len());
    k.push(owner as u8);
    k.extend_from_slice(token.as_bytes());
    k.push(0);
    k.extend_from_slice(id);
    k
}

/// The prefix of every token entry of `owner` that starts with `prefix`.
pub fn token_prefix(owner: TokenOwner, prefix: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + prefix.len());
    k.push(owner as u8);
    k.extend_from_slice(prefix.as_bytes());
    k
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
    fn keys_sort_numerically() {
        assert!(unit(UnitId(2)) < unit(UnitId(256)));
        assert!(pair(1, 9) < pair(2, 0));
        assert_eq!(read_u32(&pair(7, 9), 4), 9);
        let t = token(TokenOwner::Employee, "siregar", &[1, 2]);
        assert!(t.starts_with(&token_prefix(TokenOwner::Employee, "sir")));
        assert_eq!(t[1 + "siregar".len()], 0);
    }
}
