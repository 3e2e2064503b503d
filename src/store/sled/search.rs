//! Search: exact codes and NIP prefixes, then token postings merged and ranked.

use super::trees::Trees;
use super::{MAX_TOKEN_SCAN, SledStore};
use crate::model::{Nip, PositionId, UnitId, text};
use crate::store::codec::decode_ids;
use crate::store::keys::{self, TokenOwner};
use crate::store::{Hit, HitTarget, KindFilter, Store, StoreResult};

impl SledStore {
    /// Case- and accent-insensitive search, best first (see `docs/architecture.md`).
    pub(super) fn search_tokens_and_codes(
        &self,
        query: &str,
        kinds: KindFilter,
        limit: usize,
    ) -> StoreResult<Vec<Hit>> {
        // Scores: 100 exact code or NIP, 50 NIP prefix, else the token scores summed.
        const UNIT: u8 = 0;
        const POSITION: u8 = 1;
        const EMPLOYEE: u8 = 2;
        let t = self.trees();
        let raw = query.trim();
        // Exact code and NIP hits are few; token hits can be hundreds of thousands and
        // are already unique per kind. Both go into one list; duplicates are removed
        // after the top is chosen.
        let mut ranked: Vec<(u32, u8, u64)> = Vec::new();
        let mut add = |kind: u8, id: u64, score: u32| ranked.push((score, kind, id));
        if raw.is_empty() {
            return Ok(Vec::new());
        }
        if kinds.units
            && let Some(id) = t.unit_code.get(raw)?
        {
            add(UNIT, id, 100);
        }
        if kinds.positions
            && let Some(id) = t.position_code.get(raw)?
        {
            add(POSITION, id, 100);
        }
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if kinds.employees && digits.len() >= 4 && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit()) {
            // A decimal prefix of an 18-digit number is a contiguous range of numbers.
            let scale = 10u64.pow(18 - digits.len() as u32);
            let low: u64 = digits.parse::<u64>().unwrap_or(0) * scale;
            let high = low + scale;
            let score = if digits.len() == 18 { 100 } else { 50 };
            let mut found = 0;
            t.employees.scan(low, high, |nip, _| {
                add(EMPLOYEE, nip, score);
                found += 1;
                Ok(found < limit.max(1))
            })?;
        }
        let tokens = text::query_tokens(raw);
        if !tokens.is_empty() {
            for (enabled, owner, kind) in [
                (kinds.units, TokenOwner::Unit, UNIT),
                (kinds.positions, TokenOwner::Position, POSITION),
                (kinds.employees, TokenOwner::Employee, EMPLOYEE),
            ] {
                if enabled {
                    for (id, score) in Self::all_tokens_match(&t, owner, &tokens)? {
                        add(kind, id, score);
                    }
                }
            }
        }
        // Best first: higher score, then units before positions before employees, then id.
        let order = |a: &(u32, u8, u64), b: &(u32, u8, u64)| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2));
        // Keep enough to fill `limit` after duplicates (a code hit is also a token hit).
        let keep = limit.saturating_mul(2).max(limit + 8);
        if ranked.len() > keep {
            ranked.select_nth_unstable_by(keep, order);
            ranked.truncate(keep);
        }
        ranked.sort_unstable_by(order);
        let mut seen = std::collections::HashSet::new();
        ranked.retain(|(_, kind, id)| seen.insert((*kind, *id)));
        let mut hits = Vec::new();
        for (score, kind, id) in ranked {
            if hits.len() >= limit {
                break;
            }
            let target = match kind {
                UNIT => self.unit(UnitId(id as u32))?.map(HitTarget::Unit),
                POSITION => self.position(PositionId(id as u32))?.map(HitTarget::Position),
                _ => self.employees_at(&t, Nip::from_u64(id).ok().into_iter())?.pop().map(HitTarget::Employee),
            };
            if let Some(target) = target {
                hits.push(Hit { score, target });
            }
        }
        Ok(hits)
    }

    /// The postings of `owner` for one query token, sorted by id: 3 for an exact
    /// token, 2 for a prefix.
    fn token_matches(t: &Trees, owner: TokenOwner, token: &str) -> StoreResult<Vec<(u64, u32)>> {
        let mut out: Vec<(u64, u32)> = Vec::new();
        // A one-letter word (the first key of an incremental search) matches a large
        // share of everything; read less of it, so each keystroke stays quick.
        let cap = if token.chars().count() == 1 { MAX_TOKEN_SCAN / 10 } else { MAX_TOKEN_SCAN };
        for kv in t.tokens.scan_prefix(keys::token_prefix(owner, token)) {
            let (key, value) = kv?;
            let score = if keys::token_is_exact(&key, token) { 3 } else { 2 };
            out.extend(decode_ids(&value, "token postings")?.into_iter().map(|id| (id, score)));
            if out.len() >= cap {
                break;
            }
        }
        // Several tokens can share the prefix: keep each id once, with its best score.
        out.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        out.dedup_by_key(|(id, _)| *id);
        Ok(out)
    }

    /// Ids of `owner` matching every query token, with summed scores, by merging
    /// the sorted postings (no hashing: common words have hundreds of thousands).
    fn all_tokens_match(t: &Trees, owner: TokenOwner, tokens: &[String]) -> StoreResult<Vec<(u64, u32)>> {
        let mut acc: Option<Vec<(u64, u32)>> = None;
        for tok in tokens {
            let found = Self::token_matches(t, owner, tok)?;
            acc = Some(match acc {
                None => found,
                Some(prev) => {
                    let (mut i, mut j, mut both) = (0, 0, Vec::new());
                    while i < prev.len() && j < found.len() {
                        match prev[i].0.cmp(&found[j].0) {
                            std::cmp::Ordering::Less => i += 1,
                            std::cmp::Ordering::Greater => j += 1,
                            std::cmp::Ordering::Equal => {
                                both.push((prev[i].0, prev[i].1 + found[j].1));
                                i += 1;
                                j += 1;
                            }
                        }
                    }
                    both
                }
            });
            if acc.as_ref().is_some_and(Vec::is_empty) {
                break;
            }
        }
        Ok(acc.unwrap_or_default())
    }
}
