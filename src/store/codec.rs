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

/// The most bytes one value may claim while it is read: far above any real value (a
/// chunk of 4 096 people is about a megabyte), and a damaged length can then not ask
/// for an allocation the size of the address space (found by the fuzz test below).
const DECODE_LIMIT: usize = 256 << 20;

fn decode_config() -> bincode::config::Configuration<
    bincode::config::LittleEndian,
    bincode::config::Varint,
    bincode::config::Limit<DECODE_LIMIT>,
> {
    bincode::config::standard().with_limit::<DECODE_LIMIT>()
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
        Some((&VALUE_FORMAT, rest)) => bincode::serde::decode_from_slice(rest, decode_config())
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

    #[test]
    fn a_position_edit_keeps_its_binary_layout_and_its_cleared_fields() {
        use crate::model::{Eselon, Level, PositionEdit, PositionKind};
        let edit = PositionEdit {
            kind: Some(PositionKind::Fungsional),
            level: Some(Some(Level::AhliMuda)),
            eselon: Some(None),
            class: None,
            needed: Some(None),
            head: Some(false),
        };
        // As journals written before JSON learnt to tell a cleared field apart.
        type Plain = (
            Option<PositionKind>,
            Option<Option<Level>>,
            Option<Option<Eselon>>,
            Option<Option<u8>>,
            Option<Option<u32>>,
            Option<bool>,
        );
        let plain: Plain = (edit.kind, edit.level, edit.eselon, edit.class, edit.needed, edit.head);
        assert_eq!(encode(&edit), encode(&plain));
        assert_eq!(decode::<PositionEdit>(&encode(&edit), "t").unwrap(), edit);
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

/// The bucket framings: 1 with a 16-bit length per entry, 2 with a 32-bit one.
const BUCKET_FORMAT: u8 = 1;
const BUCKET_FORMAT_LARGE: u8 = 2;

/// Frames individually encoded values into one bucket value: a format byte, then per
/// entry its suffix (u64 big-endian), its length and its bytes. Entries must be sorted
/// by suffix. Buckets exist because sled splits its leaves every 16 keys, so a key per
/// employee would make bulk writes several times slower.
///
/// The length takes two bytes (format 1) unless an entry is 64 KiB or more (a position
/// with tens of thousands of holders, a person with thousands of trainings): then the
/// whole bucket takes four (format 2). The choice depends on the entries alone, so a
/// rebuild writes the same bytes.
pub fn encode_bucket<'a>(entries: impl IntoIterator<Item = (u64, &'a [u8])> + Clone) -> Vec<u8> {
    let large = entries.clone().into_iter().any(|(_, bytes)| bytes.len() > usize::from(u16::MAX));
    let mut out = vec![if large { BUCKET_FORMAT_LARGE } else { BUCKET_FORMAT }];
    for (suffix, bytes) in entries {
        out.extend_from_slice(&suffix.to_be_bytes());
        if large {
            let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&len.to_be_bytes());
        } else {
            out.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
        }
        out.extend_from_slice(bytes);
    }
    out
}

/// The entries of a bucket, in suffix order.
pub fn bucket_entries<'a>(bytes: &'a [u8], what: &str) -> Result<Vec<(u64, &'a [u8])>, StoreError> {
    let corrupt = || StoreError::Corrupt(format!("{what}: malformed bucket"));
    let (length_bytes, mut rest) = match bytes.split_first() {
        Some((&BUCKET_FORMAT, rest)) => (2, rest),
        Some((&BUCKET_FORMAT_LARGE, rest)) => (4, rest),
        _ => return Err(corrupt()),
    };
    let mut out = Vec::new();
    while !rest.is_empty() {
        let head = 8 + length_bytes;
        if rest.len() < head {
            return Err(corrupt());
        }
        let suffix = u64::from_be_bytes(rest[..8].try_into().map_err(|_| corrupt())?);
        let len = if length_bytes == 2 {
            usize::from(u16::from_be_bytes(rest[8..10].try_into().map_err(|_| corrupt())?))
        } else {
            u32::from_be_bytes(rest[8..12].try_into().map_err(|_| corrupt())?) as usize
        };
        let body = rest.get(head..head + len).ok_or_else(corrupt)?;
        out.push((suffix, body));
        rest = &rest[head + len..];
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
        assert_eq!(bytes[0], 1, "small entries keep the two-byte lengths");
    }

    #[test]
    fn an_entry_of_64_kib_or_more_is_stored_whole() {
        // Regression: a 70 000-character name or a position with 10 000 holders panicked
        // ("a bucket entry is under 64 KiB").
        let big = vec![7u8; 200_000];
        let small = encode(&"Siti".to_string());
        let bytes = encode_bucket([(1, small.as_slice()), (2, big.as_slice())]);
        assert_eq!(bytes[0], 2);
        assert_eq!(bucket_entries(&bytes, "t").unwrap(), vec![(1, small.as_slice()), (2, big.as_slice())]);
        assert!(bucket_entries(&bytes[..bytes.len() - 1], "t").is_err());
    }
}

#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever bytes a damaged database holds, reading them gives an error, never a
        /// panic or an allocation the size a corrupt length claims.
        #[test]
        fn decoding_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = decode::<crate::model::Review>(&bytes, "t");
            let _ = decode::<crate::model::People>(&bytes, "t");
            let _ = decode::<crate::model::JournalEntry>(&bytes, "t");
            let _ = decode::<crate::model::Draft>(&bytes, "t");
            let _ = decode::<Vec<crate::model::StandardEntry>>(&bytes, "t");
            let _ = decode::<Vec<crate::model::Task>>(&bytes, "t");
            let _ = decode::<crate::store::Stats>(&bytes, "t");
            let _ = decode_ids(&bytes, "t");
            if let Ok(entries) = bucket_entries(&bytes, "t") {
                for (_, body) in entries {
                    let _ = decode::<String>(body, "t");
                }
            }
        }

        #[test]
        fn a_number_that_is_no_nip_does_not_decode_as_one(n in any::<u64>()) {
            // A stored NIP was taken as any number; now it must have 18 digits.
            let decoded = decode::<crate::model::Nip>(&encode(&n), "t");
            prop_assert_eq!(decoded.is_ok(), (crate::model::NIP_MIN..=crate::model::NIP_MAX).contains(&n));
        }

        #[test]
        fn a_valid_prefix_with_a_huge_claimed_length_is_an_error(len in 1_000_000u64..u64::MAX / 2) {
            // A Vec or String whose length says more than the bytes hold.
            let mut bytes = vec![VALUE_FORMAT, 253];
            bytes.extend_from_slice(&len.to_le_bytes());
            prop_assert!(decode::<Vec<u64>>(&bytes, "t").is_err());
            prop_assert!(decode::<String>(&bytes, "t").is_err());
        }
    }
}
