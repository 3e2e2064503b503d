//! Trees of buckets: many small values under one key. sled splits its leaves every 16
//! keys and keeps state per page, so a key per position or per employee makes a
//! national database slow to write, slow to open and heavy in memory. Each value is
//! still encoded on its own inside its bucket.

use crate::store::codec::{bucket_entries, encode_bucket};
pub(super) use crate::store::keys::Bucketing;
use crate::store::keys::code_bucket;
use crate::store::{StoreError, StoreResult};

/// A tree of buckets of values keyed by a number (an id or a NIP).
#[derive(Clone)]
pub(super) struct Buckets {
    pub(super) tree: sled::Tree,
    scheme: Bucketing,
    what: &'static str,
}

impl Buckets {
    pub(super) fn new(tree: sled::Tree, scheme: Bucketing, what: &'static str) -> Buckets {
        Buckets { tree, scheme, what }
    }

    /// The value stored for `id`.
    pub(super) fn get(&self, id: u64) -> StoreResult<Option<Vec<u8>>> {
        let Some(bucket) = self.tree.get(self.scheme.key(id))? else { return Ok(None) };
        let entries = bucket_entries(&bucket, self.what)?;
        let suffix = self.scheme.suffix(id);
        Ok(entries.binary_search_by_key(&suffix, |(s, _)| *s).ok().map(|i| entries[i].1.to_vec()))
    }

    /// Calls `each` with the value of every id present, reading each bucket once and
    /// without copying the values; ids in any order, calls in id order.
    pub(super) fn for_many(&self, ids: &[u64], mut each: impl FnMut(u64, &[u8]) -> StoreResult<()>) -> StoreResult<()> {
        let mut sorted = ids.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut i = 0;
        while i < sorted.len() {
            let key = self.scheme.key(sorted[i]);
            let end = i + sorted[i..].iter().take_while(|id| self.scheme.key(**id) == key).count();
            if let Some(bucket) = self.tree.get(key)? {
                let entries = bucket_entries(&bucket, self.what)?;
                for &id in &sorted[i..end] {
                    let suffix = self.scheme.suffix(id);
                    if let Ok(at) = entries.binary_search_by_key(&suffix, |(s, _)| *s) {
                        each(id, entries[at].1)?;
                    }
                }
            }
            i = end;
        }
        Ok(())
    }

    /// Writes values; `values` must come sorted by id.
    pub(super) fn put_sorted(&self, values: impl IntoIterator<Item = (u64, Vec<u8>)>) -> StoreResult<()> {
        let mut current: Option<[u8; 4]> = None;
        let mut entries: Vec<(u64, Vec<u8>)> = Vec::new();
        let flush = |key: [u8; 4], entries: &mut Vec<(u64, Vec<u8>)>| -> StoreResult<()> {
            self.tree.insert(key, encode_bucket(entries.iter().map(|(s, v)| (*s, v.as_slice()))))?;
            entries.clear();
            Ok(())
        };
        for (id, value) in values {
            let key = self.scheme.key(id);
            if current.is_some_and(|c| c != key) {
                flush(current.expect("checked"), &mut entries)?;
            }
            current = Some(key);
            entries.push((self.scheme.suffix(id), value));
        }
        if let Some(key) = current {
            flush(key, &mut entries)?;
        }
        Ok(())
    }

    /// The writes that set or (with `None`) remove the values of `changes`, each
    /// bucket read once and rewritten whole (removed when it ends up empty).
    pub(super) fn rewrite(
        &self,
        changes: std::collections::BTreeMap<u64, Option<Vec<u8>>>,
        mut put: impl FnMut(Vec<u8>, Option<Vec<u8>>),
    ) -> StoreResult<()> {
        type Edits = Vec<(u64, Option<Vec<u8>>)>;
        let mut by_bucket: std::collections::BTreeMap<[u8; 4], Edits> = std::collections::BTreeMap::new();
        for (id, value) in changes {
            by_bucket.entry(self.scheme.key(id)).or_default().push((self.scheme.suffix(id), value));
        }
        for (key, edits) in by_bucket {
            let mut entries: std::collections::BTreeMap<u64, Vec<u8>> = match self.tree.get(key)? {
                Some(bucket) => bucket_entries(&bucket, self.what)?.into_iter().map(|(s, v)| (s, v.to_vec())).collect(),
                None => std::collections::BTreeMap::new(),
            };
            for (suffix, value) in edits {
                match value {
                    Some(v) => entries.insert(suffix, v),
                    None => entries.remove(&suffix),
                };
            }
            let value = (!entries.is_empty()).then(|| encode_bucket(entries.iter().map(|(s, v)| (*s, v.as_slice()))));
            put(key.to_vec(), value);
        }
        Ok(())
    }

    /// The id of the entry `suffix` of the bucket under `key`.
    pub(super) fn id_of(&self, key: &[u8], suffix: u64) -> StoreResult<u64> {
        self.scheme.id(key, suffix).ok_or_else(|| StoreError::Corrupt(format!("{}: a malformed bucket key", self.what)))
    }

    /// Every (id, value) in id order; `each` returns false to stop.
    pub(super) fn scan(
        &self,
        low: u64,
        high: u64,
        mut each: impl FnMut(u64, &[u8]) -> StoreResult<bool>,
    ) -> StoreResult<()> {
        if low >= high {
            return Ok(());
        }
        for kv in self.tree.range(self.scheme.key(low)..=self.scheme.key(high - 1)) {
            let (key, bucket) = kv?;
            for (suffix, bytes) in bucket_entries(&bucket, self.what)? {
                let id = self.id_of(&key, suffix)?;
                if (low..high).contains(&id) && !each(id, bytes)? {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Every (id, value) in id order.
    pub(super) fn for_each(&self, mut each: impl FnMut(u64, &[u8]) -> StoreResult<()>) -> StoreResult<()> {
        self.scan(0, u64::MAX, |id, bytes| each(id, bytes).map(|()| true))
    }
}

/// A code → id index in hashed buckets (codes of units or positions).
#[derive(Clone)]
pub(super) struct CodeIndex {
    pub(super) tree: sled::Tree,
}

impl CodeIndex {
    /// The id of a code.
    pub(super) fn get(&self, code: &str) -> StoreResult<Option<u64>> {
        let Some(bucket) = self.tree.get(code_bucket(code))? else { return Ok(None) };
        Ok(bucket_entries(&bucket, "codes")?.into_iter().find(|(_, c)| *c == code.as_bytes()).map(|(id, _)| id))
    }

    /// Every id under a code (an index of many ids per code), in id order.
    pub(super) fn get_all(&self, code: &str) -> StoreResult<Vec<u64>> {
        let Some(bucket) = self.tree.get(code_bucket(code))? else { return Ok(Vec::new()) };
        Ok(bucket_entries(&bucket, "codes")?
            .into_iter()
            .filter(|(_, c)| *c == code.as_bytes())
            .map(|(id, _)| id)
            .collect())
    }

    /// The writes that add (`true`) or remove (`false`) the pairs of `edits`.
    pub(super) fn rewrite(
        &self,
        edits: &[(String, u64, bool)],
        mut put: impl FnMut(Vec<u8>, Option<Vec<u8>>),
    ) -> StoreResult<()> {
        let mut by_bucket: std::collections::BTreeMap<[u8; 2], Vec<&(String, u64, bool)>> =
            std::collections::BTreeMap::new();
        for e in edits {
            by_bucket.entry(code_bucket(&e.0)).or_default().push(e);
        }
        for (key, edits) in by_bucket {
            let mut entries: Vec<(u64, Vec<u8>)> = match self.tree.get(key)? {
                Some(bucket) => bucket_entries(&bucket, "codes")?.into_iter().map(|(i, c)| (i, c.to_vec())).collect(),
                None => Vec::new(),
            };
            for (code, id, add) in edits {
                entries.retain(|(i, c)| !(i == id && c == code.as_bytes()));
                if *add {
                    entries.push((*id, code.as_bytes().to_vec()));
                }
            }
            entries.sort_unstable();
            let value = (!entries.is_empty()).then(|| encode_bucket(entries.iter().map(|(i, c)| (*i, c.as_slice()))));
            put(key.to_vec(), value);
        }
        Ok(())
    }

    /// Writes the index of `codes` (each pair once).
    pub(super) fn put_all<'a>(&self, codes: impl IntoIterator<Item = (&'a str, u64)>) -> StoreResult<()> {
        let mut buckets: std::collections::BTreeMap<[u8; 2], Vec<(u64, &'a [u8])>> = std::collections::BTreeMap::new();
        for (code, id) in codes {
            buckets.entry(code_bucket(code)).or_default().push((id, code.as_bytes()));
        }
        for (key, mut entries) in buckets {
            entries.sort_unstable();
            entries.dedup();
            self.tree.insert(key, encode_bucket(entries))?;
        }
        Ok(())
    }
}
