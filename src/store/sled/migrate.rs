//! Schema upgrades: each step from one version to the next, run on open, each in its
//! own atomic write (`SCHEMA_VERSION` goes up with a new step appended here).

use super::trees::Trees;
use super::{META_SCHEMA, META_STATS, SledStore, current_generation, values};
use crate::store::codec::{decode, encode};
use crate::store::{SCHEMA_VERSION, Stats, StoreError, StoreResult};

/// Upgrades a database written with an older schema, one step at a time, each step in
/// its own atomic write. Schema 1 is the first; later steps are appended here.
pub(super) fn migrate(db: &sled::Db, found: u32) -> StoreResult<()> {
    type Step = fn(&sled::Db) -> StoreResult<()>;
    // 2 → 3 rewrites the people in their compact form (levels instead of assessments);
    // 3 → 4 rewrites the unit totals with the workload figures; 4 → 5 again, with the
    // stats, which the first 3 → 4 step forgot (their headcount has the same shape);
    // 5 → 6 gives review marks the nominee who displaced them; 6 → 7 allows buckets with
    // an entry of 64 KiB or more (framing 2), which an older jabat cannot read: nothing
    // is rewritten, the version only keeps older binaries out; 7 → 8 rewrites the
    // people with their earlier posts (from the position history, which schema 7 had
    // already or has empty).
    const STEPS: &[Step] =
        &[add_people, add_people, rewrite_totals, rewrite_totals, rewrite_reviews, allow_large_buckets, add_people];
    for version in found..SCHEMA_VERSION {
        let step = STEPS
            .get(version as usize - 1)
            .ok_or_else(|| StoreError::Corrupt(format!("no migration from schema {version}")))?;
        step(db)?;
        db.insert(META_SCHEMA, &(version + 1).to_be_bytes())?;
        db.flush()?;
    }
    Ok(())
}

/// Schema 1 → 2 (and 2 → 3): the people of each instansi as the rules read them,
/// derived from the current generation. Rerun from scratch when interrupted (the schema key moves last).
fn add_people(db: &sled::Db) -> StoreResult<()> {
    let generation = current_generation(db)?;
    let t = Trees::open(db, generation)?;
    SledStore::write_people(&t, &SledStore::dataset_of(&t)?)
}

/// Schema 3 → 4: unit totals (and the database's stats, which hold the same figures)
/// gained the ABK workload; rewritten from the current generation (rerun from scratch
/// when interrupted).
fn rewrite_totals(db: &sled::Db) -> StoreResult<()> {
    let generation = current_generation(db)?;
    let t = Trees::open(db, generation)?;
    let data = SledStore::dataset_of(&t)?;
    SledStore::write_totals(&t, &data)?;
    db.insert(META_STATS, encode(&Stats::of(&data)))?;
    Ok(())
}

/// Schema 5 → 6: review marks gained `displaced_by`. Every review is written back in
/// the new shape, and the schema key moved to 6, in one transaction over both trees, so
/// an interrupted step leaves every review in the old shape under schema 5.
fn rewrite_reviews(db: &sled::Db) -> StoreResult<()> {
    use sled::Transactional;
    let reviews = db.open_tree("reviews")?;
    let mut rewritten = Vec::new();
    for entry in reviews.iter() {
        let (key, value) = entry?;
        let old: values::ReviewV5 = decode(&value, "review (schema 5)")?;
        rewritten.push((key, encode(&values::ReviewV6::from(old))));
    }
    let meta: &sled::Tree = db;
    (&reviews, meta)
        .transaction(|(r, m)| {
            for (key, value) in &rewritten {
                r.insert(key, value.as_slice())?;
            }
            m.insert(META_SCHEMA, &6u32.to_be_bytes())?;
            Ok::<(), sled::transaction::ConflictableTransactionError<()>>(())
        })
        .map_err(|e| StoreError::Backend(format!("cannot rewrite the reviews: {e:?}")))?;
    db.flush()?;
    Ok(())
}

/// Schema 6 → 7: nothing to rewrite (every stored bucket is framing 1, still read).
fn allow_large_buckets(_db: &sled::Db) -> StoreResult<()> {
    Ok(())
}
