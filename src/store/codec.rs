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
