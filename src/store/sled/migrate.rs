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
    // already or has empty); 8 → 9 indexes the earlier posts by position code; 9 → 10
    // lists the holding list (the employees without a position).
    const STEPS: &[Step] = &[
        add_people,
        add_people,
        rewrite_totals,
        rewrite_totals,
        rewrite_reviews,
        allow_large_buckets,
        add_people,
        index_earlier_posts,
        index_unplaced,
    ];
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

/// Schema 8 → 9: who held each position code before (`Trees::held`), from the position
/// histories of the current generation (rerun from scratch when interrupted).
fn index_earlier_posts(db: &sled::Db) -> StoreResult<()> {
    let generation = current_generation(db)?;
    let t = Trees::open(db, generation)?;
    t.held.tree.clear()?;
    let mut pairs: Vec<(String, u64)> = Vec::new();
    t.posts.for_each(|nip, bytes| {
        let posts: Vec<crate::model::PostHeld> = decode(bytes, "position history")?;
        pairs.extend(posts.into_iter().filter_map(|p| p.position_code.map(|code| (code, nip))));
        Ok(())
    })?;
    t.held.put_all(pairs.iter().map(|(code, nip)| (code.as_str(), *nip)))
}

/// Schema 9 → 10: the holding list (`Trees::unplaced`), from the employees of the
/// current generation (rerun from scratch when interrupted).
fn index_unplaced(db: &sled::Db) -> StoreResult<()> {
    let generation = current_generation(db)?;
    let t = Trees::open(db, generation)?;
    t.unplaced.clear()?;
    t.employees.for_each(|nip, bytes| {
        let employee: values::EmployeeValue = decode(bytes, "employee")?;
        if employee.position.is_none() {
            t.unplaced.insert(nip.to_be_bytes(), Vec::new())?;
        }
        Ok(())
    })
}

/// Schema 6 → 7: nothing to rewrite (every stored bucket is framing 1, still read).
fn allow_large_buckets(_db: &sled::Db) -> StoreResult<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::SledStore;
    use super::*;
    use crate::model::{Dataset, PositionSpec, Unit, UnitId};
    use crate::store::Store;

    fn one_unit(code: &str) -> Dataset {
        let unit = Unit {
            id: UnitId(1),
            code: code.into(),
            parent: None,
            name: "Dinas".into(),
            kind: String::new(),
            eselon: None,
        };
        Dataset { units: vec![unit], ..Dataset::default() }
    }

    #[test]
    fn a_schema_3_database_gets_totals_and_stats_with_the_workload() {
        use crate::model::{Position, PositionId, Task};
        #[derive(serde::Serialize)]
        struct OldHeadcount {
            needed: u64,
            filled: u64,
        }
        let mut data = one_unit("U");
        data.positions.push(Position {
            id: PositionId(1),
            code: "P".into(),
            unit: UnitId(1),
            name: "Analis".into(),
            spec: PositionSpec::pelaksana(Some(2)),
        });
        data.tasks.insert(PositionId(1), vec![Task { name: "Rapat".into(), volume: 100.0, minutes: 30.0 }]);
        let dir = tempfile::tempdir().unwrap();
        {
            // What schema 3 wrote: totals and stats without the workload figures.
            let store = SledStore::open(dir.path()).unwrap();
            store.replace_dataset(&data).unwrap();
            let t = store.trees();
            t.unit_totals.tree.clear().unwrap();
            t.unit_totals.put_sorted([(1, encode(&OldHeadcount { needed: 2, filled: 0 }))]).unwrap();
            store.db.insert(META_STATS, old_stats(&Stats::of(&data))).unwrap();
            store.db.insert(META_SCHEMA, &3u32.to_be_bytes()).unwrap();
            store.db.flush().unwrap();
            assert!(store.stats().is_err(), "the old shape does not read as the new one");
        }
        let store = SledStore::open(dir.path()).unwrap();
        assert_eq!(store.stats().unwrap(), Stats::of(&data));
        let totals = store.subtree_headcount(UnitId(1)).unwrap();
        assert_eq!((totals.needed, totals.workload_minutes), (2, 3000));
    }

    #[test]
    fn a_schema_7_database_gets_its_people_with_their_earlier_posts() {
        use crate::model::{
            Competency, Date, Employee, EmploymentStatus, Nip, Penalty, PersonFacts, Position, PositionId,
            PositionKind, PostHeld, Rating,
        };
        // The people as schema 7 wrote them (no earlier posts), and as now.
        #[derive(serde::Serialize)]
        struct Old {
            facts: Vec<PersonFacts>,
            ends: Vec<[u32; 4]>,
            names: String,
            ratings: Vec<Rating>,
            penalties: Vec<Penalty>,
            competencies: Vec<Competency>,
            levels: Vec<(u16, u8)>,
        }
        #[derive(serde::Deserialize)]
        struct New {
            facts: Vec<PersonFacts>,
            ends: Vec<[u32; 5]>,
            names: String,
            ratings: Vec<Rating>,
            penalties: Vec<Penalty>,
            competencies: Vec<Competency>,
            levels: Vec<(u16, u8)>,
            #[allow(dead_code)]
            posts: Vec<crate::model::EarlierPost>,
        }
        let mut data = one_unit("U");
        data.positions.push(Position {
            id: PositionId(1),
            code: "P".into(),
            unit: UnitId(1),
            name: "Analis".into(),
            spec: PositionSpec::pelaksana(Some(2)),
        });
        let nip = Nip::parse("198001012005011001").unwrap();
        let day = |y| Date::from_ymd(y, 1, 1).unwrap();
        data.employees.push(Employee {
            nip,
            name: "Ana".into(),
            status: EmploymentStatus::Pns,
            grade: None,
            grade_since: None,
            position: Some(PositionId(1)),
            position_since: Some(day(2020)),
            education: None,
            service_start_override: None,
            potential: None,
        });
        let post = PostHeld {
            from: day(2010),
            to: None,
            position: "Kepala Seksi".into(),
            position_code: None,
            unit: None,
            kind: Some(PositionKind::Pengawas),
            level: None,
        };
        data.position_history.insert(nip, vec![post]);
        let dir = tempfile::tempdir().unwrap();
        {
            let store = SledStore::open(dir.path()).unwrap();
            store.replace_dataset(&data).unwrap();
            let t = store.trees();
            let chunks: Vec<(sled::IVec, sled::IVec)> = t.people.iter().map(Result::unwrap).collect();
            assert!(!chunks.is_empty());
            for (key, value) in chunks {
                let new: New = decode(&value, "people").unwrap();
                let old = Old {
                    facts: new.facts,
                    ends: new.ends.iter().map(|e| [e[0], e[1], e[2], e[3]]).collect(),
                    names: new.names,
                    ratings: new.ratings,
                    penalties: new.penalties,
                    competencies: new.competencies,
                    levels: new.levels,
                };
                t.people.insert(key, encode(&old)).unwrap();
            }
            store.db.insert(META_SCHEMA, &7u32.to_be_bytes()).unwrap();
            store.db.flush().unwrap();
        }
        let store = SledStore::open(dir.path()).unwrap();
        let people = store.people(&[UnitId(1)]).unwrap();
        let person = people.iter().flat_map(|b| b.iter()).next().expect("Ana");
        assert_eq!(person.posts.len(), 1);
        assert_eq!((person.posts[0].from, person.posts[0].to), (day(2010), day(2020)), "ended where the current began");
    }

    #[test]
    fn a_schema_8_database_gets_its_earlier_posts_indexed_by_code() {
        use crate::model::{Date, Nip, PostHeld};
        let mut data = one_unit("U");
        let day = |y| Date::from_ymd(y, 1, 1).unwrap();
        let post = |code: &str, from| PostHeld {
            from: day(from),
            to: Some(day(from + 3)),
            position: "Kepala Seksi".into(),
            position_code: Some(code.into()),
            unit: Some("Seksi".into()),
            kind: None,
            level: None,
        };
        let (ana, budi) = (Nip::parse("198001012005011001").unwrap(), Nip::parse("198502022010012002").unwrap());
        data.position_history.insert(ana, vec![post("OLD-1", 2010), post("OLD-2", 2013)]);
        data.position_history.insert(budi, vec![post("OLD-1", 2005)]);
        let dir = tempfile::tempdir().unwrap();
        {
            // What schema 8 had: the histories, no index of them.
            let store = SledStore::open(dir.path()).unwrap();
            store.replace_dataset(&data).unwrap();
            store.trees().held.tree.clear().unwrap();
            assert!(store.former_holders("OLD-1").unwrap().is_empty());
            store.db.insert(META_SCHEMA, &8u32.to_be_bytes()).unwrap();
            store.db.flush().unwrap();
        }
        let store = SledStore::open(dir.path()).unwrap();
        let held: Vec<(Nip, i32)> =
            store.former_holders("OLD-1").unwrap().into_iter().map(|(n, p)| (n, p.from.year())).collect();
        assert_eq!(held, [(budi, 2005), (ana, 2010)], "oldest first");
        assert_eq!(store.former_holders("OLD-2").unwrap().len(), 1);
        assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn a_schema_9_database_gets_its_holding_list() {
        let data = crate::interchange::generate::generate(crate::interchange::generate::Options {
            preset: crate::interchange::generate::Preset::City,
            employees: Some(1000),
            seed: 3,
            as_of: crate::model::Date::from_ymd(2026, 7, 1).unwrap(),
        });
        let expected: Vec<_> = data.employees.iter().filter(|e| e.position.is_none()).map(|e| e.nip).collect();
        assert!(!expected.is_empty(), "the sample has people on the holding list");
        let dir = tempfile::tempdir().unwrap();
        {
            // What schema 9 had: no list of them.
            let store = SledStore::open(dir.path()).unwrap();
            store.replace_dataset(&data).unwrap();
            store.trees().unplaced.clear().unwrap();
            assert!(store.unplaced().unwrap().is_empty());
            store.db.insert(META_SCHEMA, &9u32.to_be_bytes()).unwrap();
            store.db.flush().unwrap();
        }
        let store = SledStore::open(dir.path()).unwrap();
        let mut listed: Vec<_> = store.unplaced().unwrap().into_iter().map(|e| e.nip).collect();
        listed.sort();
        let mut expected = expected;
        expected.sort();
        assert_eq!(listed, expected);
        assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn a_schema_5_review_reads_with_no_displaced_nominee() {
        use crate::model::{Decision, Nip, Review, Stamp};
        #[derive(serde::Serialize)]
        struct OldMark {
            nip: Nip,
            decision: Option<Decision>,
            note: Option<String>,
            stamp: Stamp,
        }
        #[derive(serde::Serialize)]
        struct OldChange {
            before: Vec<(Nip, Option<OldMark>)>,
        }
        #[derive(serde::Serialize)]
        struct OldReview {
            position: String,
            marks: Vec<OldMark>,
            history: Vec<OldChange>,
        }
        let nip = Nip::parse("198001012005011001").unwrap();
        let stamp = Stamp { user: "ana".into(), at: 7 };
        let old = OldReview {
            position: "P".into(),
            marks: vec![OldMark {
                nip,
                decision: Some(Decision::Nominated),
                note: Some("ok".into()),
                stamp: stamp.clone(),
            }],
            history: vec![OldChange { before: vec![(nip, None)] }],
        };
        let dir = tempfile::tempdir().unwrap();
        {
            let store = SledStore::open(dir.path()).unwrap();
            store.replace_dataset(&one_unit("U")).unwrap();
            store.reviews.insert("P", encode(&old)).unwrap();
            store.db.insert(META_SCHEMA, &5u32.to_be_bytes()).unwrap();
            store.db.flush().unwrap();
            assert!(store.review("P").is_err(), "the old shape does not read as the new one");
        }
        let store = SledStore::open(dir.path()).unwrap();
        let mut review: Review = store.review("P").unwrap().unwrap();
        let mark = review.mark(nip).unwrap();
        assert_eq!(
            (mark.decision, mark.note.as_deref(), mark.displaced_by),
            (Some(Decision::Nominated), Some("ok"), None)
        );
        assert!(review.undo(), "the history came along");
        assert!(review.marks().is_empty());
    }

    /// `stats` as schema 3 wrote them: the same fields, with a headcount of two numbers.
    fn old_stats(stats: &Stats) -> Vec<u8> {
        #[derive(serde::Serialize)]
        struct OldHeadcount {
            needed: u64,
            filled: u64,
        }
        #[derive(serde::Serialize)]
        struct OldStats {
            instansi: u64,
            units: u64,
            positions: u64,
            positions_by_kind: Vec<(crate::model::PositionKind, u64)>,
            employees: u64,
            pppk: u64,
            unplaced: u64,
            headcount: OldHeadcount,
            vacant_positions: u64,
            overfilled_positions: u64,
        }
        encode(&OldStats {
            instansi: stats.instansi,
            units: stats.units,
            positions: stats.positions,
            positions_by_kind: stats.positions_by_kind.clone(),
            employees: stats.employees,
            pppk: stats.pppk,
            unplaced: stats.unplaced,
            headcount: OldHeadcount { needed: stats.headcount.needed, filled: stats.headcount.filled },
            vacant_positions: stats.vacant_positions,
            overfilled_positions: stats.overfilled_positions,
        })
    }

    #[test]
    fn a_newer_schema_is_refused_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = SledStore::open(dir.path()).unwrap();
            store.db.insert(META_SCHEMA, &99u32.to_be_bytes()).unwrap();
        }
        let err = SledStore::open(dir.path()).err().expect("refused");
        assert!(matches!(err, StoreError::NewerSchema { found: 99, supported: SCHEMA_VERSION, .. }));
        assert!(err.to_string().contains("newer than this jabat understands"), "{err}");
    }
}
