//! Search, the same for every backend: exact codes and NIP prefixes, then token postings
//! merged and ranked. A backend provides the lookups ([`SearchIndex`]); the ranking,
//! and so the order of results, is decided here once.

use super::keys::{self, TokenOwner};
use super::{Hit, HitTarget, KindFilter, StoreResult};
use crate::model::{Nip, PositionId, UnitId, text};

/// The most posting ids read for one query token (a one-letter token reads a tenth).
pub(crate) const MAX_TOKEN_SCAN: usize = 200_000;

/// What a backend looks up for a search.
pub(crate) trait SearchIndex {
    /// The id of the unit with exactly this code.
    fn unit_with_code(&self, code: &str) -> StoreResult<Option<u64>>;
    /// The id of the position with exactly this code.
    fn position_with_code(&self, code: &str) -> StoreResult<Option<u64>>;
    /// Employees' NIPs in `low..high`, ascending, calling `each` until it says stop.
    fn nips_between(&self, low: u64, high: u64, each: &mut dyn FnMut(u64) -> bool) -> StoreResult<()>;
    /// The posting lists whose key (see `keys::token`) starts with `prefix`, in key
    /// order, calling `each` with the key and its sorted ids until it says stop.
    fn postings(&self, prefix: &[u8], each: &mut dyn FnMut(&[u8], Vec<u64>) -> bool) -> StoreResult<()>;
}

/// What a ranked result names, for the backend to read.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Found {
    /// A unit.
    Unit(UnitId),
    /// A position.
    Position(PositionId),
    /// An employee.
    Employee(Nip),
}

const UNIT: u8 = 0;
const POSITION: u8 = 1;
const EMPLOYEE: u8 = 2;

/// Case- and accent-insensitive search, best first (see `docs/architecture.md`):
/// 100 an exact code or NIP, 50 a NIP prefix, else the token scores summed (3 an
/// exact token, 2 a prefix).
pub(crate) fn search(
    index: &dyn SearchIndex,
    query: &str,
    kinds: KindFilter,
    limit: usize,
    mut resolve: impl FnMut(Found) -> StoreResult<Option<HitTarget>>,
) -> StoreResult<Vec<Hit>> {
    let raw = query.trim();
    if raw.is_empty() {
        return Ok(Vec::new());
    }
    // Exact code and NIP hits are few; token hits can be hundreds of thousands and are
    // already unique per kind. Both go into one list; duplicates are removed after the
    // top is chosen.
    let mut ranked: Vec<(u32, u8, u64)> = Vec::new();
    // Keep enough to fill `limit` after duplicates (a code hit is also a token hit).
    let keep = limit.saturating_mul(2).max(limit + 8);
    if kinds.units
        && let Some(id) = index.unit_with_code(raw)?
    {
        ranked.push((100, UNIT, id));
    }
    if kinds.positions
        && let Some(id) = index.position_with_code(raw)?
    {
        ranked.push((100, POSITION, id));
    }
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if kinds.employees && digits.len() >= 4 && digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit()) {
        // A decimal prefix of an 18-digit number is a contiguous range of numbers.
        let scale = 10u64.pow(18 - digits.len() as u32);
        let low: u64 = digits.parse::<u64>().unwrap_or(0) * scale;
        let score = if digits.len() == 18 { 100 } else { 50 };
        let mut found = 0;
        index.nips_between(low, low + scale, &mut |nip| {
            ranked.push((score, EMPLOYEE, nip));
            found += 1;
            found < limit.max(1)
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
                let found = all_tokens_match(index, owner, &tokens, keep)?;
                ranked.extend(found.into_iter().map(|(id, s)| (s, kind, id)));
            }
        }
    }
    // Best first: higher score, then units before positions before employees, then id.
    let order = |a: &(u32, u8, u64), b: &(u32, u8, u64)| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2));
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
        let found = match kind {
            UNIT => Found::Unit(UnitId(id as u32)),
            POSITION => Found::Position(PositionId(id as u32)),
            _ => match Nip::from_u64(id) {
                Ok(nip) => Found::Employee(nip),
                Err(_) => continue,
            },
        };
        if let Some(target) = resolve(found)? {
            hits.push(Hit { score, target });
        }
    }
    Ok(hits)
}

/// The postings of `owner` for one query token, sorted by id: 3 for an exact token,
/// 2 for a prefix. With `enough`, reading stops once that many ids of the exact token
/// are in: its posting lists come first (`0x00` ends the token in the key) and in id
/// order (shards are id ranges, big-endian), so those are the best-ranked ids there
/// are, and a prefix's score is lower.
fn token_matches(
    index: &dyn SearchIndex,
    owner: TokenOwner,
    token: &str,
    enough: Option<usize>,
) -> StoreResult<Vec<(u64, u32)>> {
    let mut out: Vec<(u64, u32)> = Vec::new();
    // A one-letter word (the first key of an incremental search) matches a large share
    // of everything; read less of it, so each keystroke stays quick.
    let cap = if token.chars().count() == 1 { MAX_TOKEN_SCAN / 10 } else { MAX_TOKEN_SCAN };
    let mut exact = 0;
    index.postings(&keys::token_prefix(owner, token), &mut |key, ids| {
        let is_exact = keys::token_is_exact(key, token);
        let score = if is_exact { 3 } else { 2 };
        if is_exact {
            exact += ids.len();
        }
        out.extend(ids.into_iter().map(|id| (id, score)));
        out.len() < cap && enough.is_none_or(|n| exact < n)
    })?;
    // Several tokens can share the prefix: keep each id once, with its best score.
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    out.dedup_by_key(|(id, _)| *id);
    Ok(out)
}

/// Ids of `owner` matching every query token, with summed scores, by merging the
/// sorted postings (no hashing: common words have hundreds of thousands). Of a query of
/// one word only the best `keep` are needed, and read (a surname shared by tens of
/// thousands in a national database costs what a rare one does).
fn all_tokens_match(
    index: &dyn SearchIndex,
    owner: TokenOwner,
    tokens: &[String],
    keep: usize,
) -> StoreResult<Vec<(u64, u32)>> {
    let enough = (tokens.len() == 1).then_some(keep);
    let mut acc: Option<Vec<(u64, u32)>> = None;
    for tok in tokens {
        let found = token_matches(index, owner, tok, enough)?;
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
