//! The lookups search needs, from one generation's trees; the ranking is
//! `store::search`'s.

use super::trees::Trees;
use crate::store::StoreResult;
use crate::store::codec::decode_ids;
use crate::store::search::SearchIndex;

impl SearchIndex for Trees {
    fn unit_with_code(&self, code: &str) -> StoreResult<Option<u64>> {
        self.unit_code.get(code)
    }

    fn position_with_code(&self, code: &str) -> StoreResult<Option<u64>> {
        self.position_code.get(code)
    }

    fn nips_between(&self, low: u64, high: u64, each: &mut dyn FnMut(u64) -> bool) -> StoreResult<()> {
        self.employees.scan(low, high, |nip, _| Ok(each(nip)))
    }

    fn postings(&self, prefix: &[u8], each: &mut dyn FnMut(&[u8], Vec<u64>) -> bool) -> StoreResult<()> {
        for kv in self.tokens.scan_prefix(prefix) {
            let (key, value) = kv?;
            if !each(&key, decode_ids(&value, "token postings")?) {
                break;
            }
        }
        Ok(())
    }
}
