//! The value codec: bincode 2 (serde) behind a leading format-version byte.
//!
//! This is the only file that calls bincode. Keys never go through it (see `keys`).
//! The `wincode` crate reads the same bytes, should bincode have to be replaced.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::StoreError;

/// Version of the value encoding; bumped when a stored struct changes shape, so a
/// migration can tell old values from new.
pub const VALUE_FORMAT: u8 = 1;

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Encodes a value with its format byte.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = vec![VALUE_FORMAT];
    bincode::serde::encode_into_std_write(value, &mut out, config()).expect("encoding into a Vec cannot fail");
    out
}

/// Decodes a value written by [`encode`]; `what` names the record for the error.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, StoreError> {
    match bytes.split_first() {
        Some((&VALUE_FORMAT, rest)) => bincode::serde::decode_from_slice(rest, config())
            .map(|(v, _)| v)
            .map_err(|e| StoreError::Corrupt(format!("{what}: {e}"))),
        Some((v, _)) => Err(StoreError::Corrupt(format!("{what}: unknown value format {v}"))),
        None => Err(StoreError::Corrupt(format!("{what}: empty value"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Grade};

    #[test]
    fn round_trips_with_a_version_byte() {
        let v = (Some(Grade::Pns(32)), Date::from_ymd(1990, 1, 2), "Budi".to_string());
        let bytes = encode(&v);
        assert_eq!(bytes[0], VALUE_FORMAT);
        assert_eq!(decode::<(Option<Grade>, Option<Date>, String)>(&bytes, "t").unwrap(), v);
        assert!(decode::<u8>(&[9, 1], "t").is_err());
        assert!(decode::<u8>(&[], "t").is_err());
    }
}

/// Encodes a sorted list of ids as deltas, so dense lists take a byte or two per id.
pub fn encode_ids(sorted: &[u64]) -> Vec<u8> {
    let mut deltas = Vec::with_capacity(sorted.len());
    let mut previous = 0;
    for &id in sorted {
        deltas.push(id - previous);
        previous = id;
    }
    encode(&deltas)
}

/// Decodes a list written by [`encode_ids`].
pub fn decode_ids(bytes: &[u8], what: &str) -> Result<Vec<u64>, StoreError> {
    let mut ids: Vec<u64> = decode(bytes, what)?;
    let mut running = 0u64;
    for id in &mut ids {
        running = running.checked_add(*id).ok_or_else(|| StoreError::Corrupt(format!("{what}: id list overflows")))?;
        *id = running;
    }
    Ok(ids)
}

#[cfg(test)]
mod id_tests {
    use super::*;

    #[test]
    fn id_lists_round_trip_as_deltas() {
        let ids = [3, 4, 196608011988031001, 196608011988031002];
        let bytes = encode_ids(&ids);
        assert_eq!(decode_ids(&bytes, "t").unwrap(), ids);
        assert!(encode_ids(&[1, 2, 3]).len() <= 5);
    }
}

/// Version of the bucket framing.
const BUCKET_FORMAT: u8 = 1;

/// Frames individually encoded values into one bucket value: a format byte, then per
/// entry its suffix (u64 big-endian), its length (u16 big-endian) and its bytes.
/// Entries must be sorted by suffix. Buckets exist because sled splits its leaves
/// every 16 keys, so a key per employee would make bulk writes several times slower.
pub fn encode_bucket<'a>(entries: impl IntoIterator<Item = (u64, &'a [u8])>) -> Vec<u8> {
    let mut out = vec![BUCKET_FORMAT];
    for (suffix, bytes) in entries {
        let len = u16::try_from(bytes.len()).expect("a bucket entry is under 64 KiB");
        out.extend_from_slice(&suffix.to_be_bytes());
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(bytes);
    }
    out
}

/// The entries of a bucket, in suffix order.
pub fn bucket_entries<'a>(bytes: &'a [u8], what: &str) -> Result<Vec<(u64, &'a [u8])>, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("{what}: malformed bucket"));
    let Some((&BUCKET_FORMAT, mut rest)) = bytes.split_first() else { return Err(corrupt()) };
    let mut out = Vec::new();
    while !rest.is_empty() {
        if rest.len() < 10 {
            return Err(corrupt());
        }
        let suffix = u64::from_be_bytes(rest[..8].try_into().expect("8 bytes"));
        let len = u16::from_be_bytes(rest[8..10].try_into().expect("2 bytes")) as usize;
        let body = rest.get(10..10 + len).ok_or_else(corrupt)?;
        out.push((suffix, body));
        rest = &rest[10 + len..];
    }
    Ok(out)
}

#[cfg(test)]
mod bucket_tests {
    use super::*;

    #[test]
    fn buckets_round_trip_and_reject_garbage() {
        let a = encode(&"Budi".to_string());
        let b = encode(&"Siti".to_string());
        let bytes = encode_bucket([(3, a.as_slice()), (9, b.as_slice())]);
        let entries = bucket_entries(&bytes, "t").unwrap();
        assert_eq!(entries, vec![(3, a.as_slice()), (9, b.as_slice())]);
        assert!(bucket_entries(&bytes[..bytes.len() - 1], "t").is_err());
        assert!(bucket_entries(&[7], "t").is_err());
    }
}
