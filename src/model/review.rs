//! The review of a position's candidates: what the analysts decided about whom, with
//! their notes, who did it and when, and the history that `undo` walks back.

use serde::{Deserialize, Serialize};

use super::{Decision, Nip};

/// Who did something, and when (seconds since 1970 UTC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// The operating-system user (over SSH, the analyst logged in).
    pub user: String,
    /// When, in seconds since 1970-01-01 UTC.
    pub at: i64,
}

impl Stamp {
    /// The time as local date and time with its offset, `2026-11-22 18:30 +07:00`.
    pub fn local_time(&self) -> String {
        use chrono::TimeZone;
        match chrono::Local.timestamp_opt(self.at, 0).single() {
            Some(t) => t.format("%Y-%m-%d %H:%M %:z").to_string(),
            None => self.at.to_string(),
        }
    }
}

/// What is recorded about one candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// The candidate.
    pub nip: Nip,
    /// The decision, if any.
    pub decision: Option<Decision>,
    /// The note, if any.
    pub note: Option<String>,
    /// Who last changed this, and when.
    pub stamp: Stamp,
    /// Set when this candidate was the nominee and lost the nomination to another
    /// (and went back on the shortlist): the new nominee. Cleared by their next decision.
    pub displaced_by: Option<Nip>,
}

/// What a decision did, beyond the decision itself: what the interface says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decided {
    /// The candidate had this decision already, so it was taken back.
    pub taken_back: bool,
    /// The previous nominee, put back on the shortlist by this nomination.
    pub displaced: Option<Nip>,
}

/// How marks looked before one action, so that it can be undone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Change {
    before: Vec<(Nip, Option<Mark>)>,
}

/// The review of one position, kept under its code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The position's code.
    pub position: String,
    /// Marks in NIP order.
    marks: Vec<Mark>,
    /// Every action, oldest first.
    history: Vec<Change>,
}

impl Review {
    /// An empty review of the position `code`.
    pub fn new(code: &str) -> Review {
        Review { position: code.to_string(), ..Review::default() }
    }

    /// Every mark, in NIP order.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    /// The mark of `nip`.
    pub fn mark(&self, nip: Nip) -> Option<&Mark> {
        self.marks.binary_search_by_key(&nip, |m| m.nip).ok().map(|i| &self.marks[i])
    }

    /// Who is nominated, if anyone.
    pub fn nominee(&self) -> Option<Nip> {
        self.marks.iter().find(|m| m.decision == Some(Decision::Nominated)).map(|m| m.nip)
    }

    /// The other positions (by code, sorted) whose review nominates `nip` too: one
    /// person cannot take two posts, so a second nomination is said at once.
    pub fn nominated_elsewhere(reviews: &[Review], nip: Nip, here: &str) -> Vec<String> {
        let mut codes: Vec<String> = reviews
            .iter()
            .filter(|r| r.position != here && r.nominee() == Some(nip))
            .map(|r| r.position.clone())
            .collect();
        codes.sort();
        codes
    }

    /// How many candidates carry each decision: shortlisted, rejected, nominated.
    pub fn counts(&self) -> [usize; 3] {
        let mut counts = [0; 3];
        for m in &self.marks {
            match m.decision {
                Some(Decision::Shortlisted) => counts[0] += 1,
                Some(Decision::Rejected) => counts[1] += 1,
                Some(Decision::Nominated) => counts[2] += 1,
                None => {}
            }
        }
        counts
    }

    /// Every decision and note the review has held and not had undone, each with who
    /// set it and when, oldest first: the marks in force and those they replaced.
    pub fn trail(&self) -> Vec<Mark> {
        let mut all: Vec<Mark> = self
            .history
            .iter()
            .flat_map(|c| c.before.iter().filter_map(|(_, m)| m.clone()))
            .chain(self.marks.iter().cloned())
            .collect();
        all.sort_by_key(|m| (m.stamp.at, m.nip));
        all.dedup();
        all
    }

    /// Whether any action can be undone.
    pub fn can_undo(&self) -> bool {
        !self.history.is_empty()
    }

    /// One user's changes (what turned `before` into `after`, both as that user last
    /// had them) made on `stored`, the review as it is now with everyone's changes: the
    /// candidates whose mark the user changed take it, the others keep what is stored.
    /// When someone else changed the mark of one of those candidates since `before`, or
    /// the merge would leave two nominees, nothing is merged: the answer is that other
    /// mark (its stamp says who and when). An undo (`after` has fewer actions than
    /// `before`) merges only onto an unchanged review.
    pub fn rebased(stored: Option<&Review>, before: Option<&Review>, after: &Review) -> Result<Review, Mark> {
        let empty = Review::new(&after.position);
        let (stored, before) = (stored.unwrap_or(&empty), before.unwrap_or(&empty));
        // Unchanged since, or this very change already in (sent again after the
        // connection broke before its answer came).
        if stored == before || stored == after {
            return Ok(after.clone());
        }
        let mut nips: Vec<Nip> = before.marks.iter().chain(&after.marks).map(|m| m.nip).collect();
        nips.sort_unstable();
        nips.dedup();
        let changed: Vec<Nip> = nips.into_iter().filter(|n| before.mark(*n) != after.mark(*n)).collect();
        let undo = after.history.len() < before.history.len() || !after.history.starts_with(&before.history);
        let mut merged = stored.clone();
        for nip in changed {
            if stored.mark(nip) != before.mark(nip) || undo {
                let theirs = stored.mark(nip).or_else(|| stored.marks.last()).cloned();
                return Err(theirs.unwrap_or_else(|| after.mark(nip).cloned().expect("a changed mark")));
            }
            merged.set(after.mark(nip).cloned(), nip);
        }
        let nominees: Vec<&Mark> = merged.marks.iter().filter(|m| m.decision == Some(Decision::Nominated)).collect();
        if nominees.len() > 1 {
            let theirs = nominees.iter().find(|m| stored.mark(m.nip) == Some(**m)).copied().unwrap_or(nominees[0]);
            return Err(theirs.clone());
        }
        merged.history.extend(after.history[before.history.len()..].iter().cloned());
        Ok(merged)
    }

    /// Stamps every mark that differs from `before`'s (a new one, a changed decision or
    /// note) with `user`: a shared server records who it saw make the change, whatever
    /// the client wrote.
    pub fn restamp(&mut self, before: Option<&Review>, user: &str) {
        for mark in &mut self.marks {
            let old = before.and_then(|b| b.mark(mark.nip));
            let changed = old.is_none_or(|o| {
                (o.decision, &o.note, o.displaced_by, o.stamp.at)
                    != (mark.decision, &mark.note, mark.displaced_by, mark.stamp.at)
            });
            if changed {
                mark.stamp.user = user.to_string();
            }
        }
    }

    fn set(&mut self, mark: Option<Mark>, nip: Nip) {
        match (self.marks.binary_search_by_key(&nip, |m| m.nip), mark) {
            (Ok(i), Some(m)) => self.marks[i] = m,
            (Ok(i), None) => {
                self.marks.remove(i);
            }
            (Err(i), Some(m)) => self.marks.insert(i, m),
            (Err(_), None) => {}
        }
    }

    /// Applies new marks for some people as one action.
    fn act(&mut self, after: Vec<(Nip, Option<Mark>)>) {
        let before = after.iter().map(|(nip, _)| (*nip, self.mark(*nip).cloned())).collect();
        self.history.push(Change { before });
        for (nip, mark) in after {
            self.set(mark, nip);
        }
    }

    /// A mark with what it keeps when empty removed.
    fn tidy(mark: Mark) -> Option<Mark> {
        (mark.decision.is_some() || mark.note.is_some()).then_some(mark)
    }

    /// Gives `nip` the decision, or takes it away when they already have it. Only one
    /// candidate is nominated: nominating another puts the previous nominee back on the
    /// shortlist, in the same action, and their mark says who took the nomination.
    pub fn decide(&mut self, nip: Nip, decision: Decision, stamp: Stamp) -> Decided {
        let current = self.mark(nip).cloned();
        let note = current.as_ref().and_then(|m| m.note.clone());
        let taken_back = current.as_ref().and_then(|m| m.decision) == Some(decision);
        let new =
            Mark { nip, decision: (!taken_back).then_some(decision), note, stamp: stamp.clone(), displaced_by: None };
        let mut after = vec![(nip, Self::tidy(new))];
        let mut displaced = None;
        if decision == Decision::Nominated
            && !taken_back
            && let Some((previous, mut demoted)) = self
                .marks
                .iter()
                .find(|m| m.decision == Some(Decision::Nominated) && m.nip != nip)
                .map(|m| (m.nip, m.clone()))
        {
            demoted.decision = Some(Decision::Shortlisted);
            demoted.stamp = stamp;
            demoted.displaced_by = Some(nip);
            after.push((previous, Some(demoted)));
            displaced = Some(previous);
        }
        self.act(after);
        Decided { taken_back, displaced }
    }

    /// Sets the note of `nip`; an empty text removes it.
    pub fn note(&mut self, nip: Nip, text: &str, stamp: Stamp) {
        let text = text.trim();
        let mut mark = self.mark(nip).cloned().unwrap_or(Mark {
            nip,
            decision: None,
            note: None,
            stamp: stamp.clone(),
            displaced_by: None,
        });
        mark.note = (!text.is_empty()).then(|| text.to_string());
        mark.stamp = stamp;
        self.act(vec![(nip, Self::tidy(mark))]);
    }

    /// Undoes the last action; false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(change) = self.history.pop() else { return false };
        for (nip, mark) in change.before {
            self.set(mark, nip);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nip(n: u64) -> Nip {
        Nip::parse(&format!("1980010120050{n}1001")).unwrap()
    }

    fn at(t: i64) -> Stamp {
        Stamp { user: "ana".into(), at: t }
    }

    fn by(user: &str, t: i64) -> Stamp {
        Stamp { user: user.into(), at: t }
    }

    #[test]
    fn two_reviewers_deciding_on_different_candidates_both_count_and_on_the_same_one_the_second_is_refused() {
        let mut start = Review::new("P");
        start.decide(nip(1), Decision::Shortlisted, by("ana", 1));
        // Ana and Budi both work from `start`.
        let mut ana = start.clone();
        ana.decide(nip(2), Decision::Rejected, by("ana", 2));
        let stored = Review::rebased(Some(&start), Some(&start), &ana).unwrap();
        let mut budi = start.clone();
        budi.note(nip(3), "kandidat kuat", by("budi", 3));
        let merged = Review::rebased(Some(&stored), Some(&start), &budi).expect("different candidates");
        assert_eq!(Review::rebased(Some(&stored), Some(&start), &ana).unwrap(), stored, "sent twice: kept once");
        assert_eq!(merged.mark(nip(2)).unwrap().decision, Some(Decision::Rejected), "Ana's stays");
        assert_eq!(merged.mark(nip(3)).unwrap().note.as_deref(), Some("kandidat kuat"), "Budi's goes in");
        assert_eq!(merged.mark(nip(1)), start.mark(nip(1)));
        // Budi, still working from `start`, rejects the one Ana rejected: refused, naming her.
        let mut late = start.clone();
        late.decide(nip(2), Decision::Shortlisted, by("budi", 4));
        let theirs = Review::rebased(Some(&merged), Some(&start), &late).unwrap_err();
        assert_eq!((theirs.nip, theirs.stamp.user.as_str()), (nip(2), "ana"));
        // Two nominees from two reviewers who each saw none: the second is refused.
        let mut first = merged.clone();
        first.decide(nip(1), Decision::Nominated, by("ana", 5));
        let stored = Review::rebased(Some(&merged), Some(&merged), &first).unwrap();
        let mut second = merged.clone();
        second.decide(nip(3), Decision::Nominated, by("budi", 6));
        let theirs = Review::rebased(Some(&stored), Some(&merged), &second).unwrap_err();
        assert_eq!(theirs.nip, nip(1), "the nominee already there");
        // Undo of one's own last action onto a review others changed meanwhile: refused.
        let mut undoing = merged.clone();
        assert!(undoing.undo());
        assert!(Review::rebased(Some(&stored), Some(&merged), &undoing).is_err());
        assert_eq!(Review::rebased(Some(&merged), Some(&merged), &undoing).unwrap(), undoing);
    }

    /// The meeting's record lists every decision and note with who and when, oldest
    /// first; what was undone is no longer in it.
    #[test]
    fn the_trail_holds_every_decision_and_note_not_undone() {
        let mut r = Review::new("P");
        r.decide(nip(1), Decision::Shortlisted, by("ana", 1));
        r.note(nip(1), "kuat", by("budi", 2));
        r.decide(nip(2), Decision::Rejected, by("ana", 3));
        r.decide(nip(1), Decision::Nominated, by("ana", 4));
        type Said = (u64, Option<Decision>, Option<String>, String, i64);
        let said = |r: &Review| -> Vec<Said> {
            r.trail()
                .into_iter()
                .map(|m| (if m.nip == nip(1) { 1 } else { 2 }, m.decision, m.note, m.stamp.user, m.stamp.at))
                .collect()
        };
        assert_eq!(
            said(&r),
            [
                (1, Some(Decision::Shortlisted), None, "ana".into(), 1),
                (1, Some(Decision::Shortlisted), Some("kuat".into()), "budi".into(), 2),
                (2, Some(Decision::Rejected), None, "ana".into(), 3),
                (1, Some(Decision::Nominated), Some("kuat".into()), "ana".into(), 4),
            ]
        );
        assert!(r.undo());
        assert_eq!(said(&r).len(), 3, "the nomination was undone");
    }

    #[test]
    fn a_second_nominee_puts_the_first_back_on_the_shortlist_and_undo_restores_both() {
        let mut r = Review::new("P");
        r.decide(nip(1), Decision::Shortlisted, at(1));
        assert_eq!(r.decide(nip(1), Decision::Nominated, at(2)).displaced, None);
        let decided = r.decide(nip(2), Decision::Nominated, at(3));
        assert_eq!(decided, Decided { taken_back: false, displaced: Some(nip(1)) }, "the change is reported");
        assert_eq!(r.nominee(), Some(nip(2)));
        assert_eq!(r.mark(nip(1)).unwrap().decision, Some(Decision::Shortlisted));
        assert_eq!(r.mark(nip(1)).unwrap().displaced_by, Some(nip(2)), "the record says who took it");
        assert_eq!(r.mark(nip(1)).unwrap().stamp.at, 3);
        assert_eq!(r.counts(), [1, 0, 1]);
        assert!(r.undo());
        assert_eq!(r.nominee(), Some(nip(1)));
        assert!(r.mark(nip(2)).is_none());
        assert_eq!(r.mark(nip(1)).unwrap().stamp.at, 2);
        assert_eq!(r.mark(nip(1)).unwrap().displaced_by, None);
        // A later decision of the displaced candidate clears the remark.
        r.decide(nip(2), Decision::Nominated, at(4));
        r.decide(nip(1), Decision::Rejected, at(5));
        assert_eq!(r.mark(nip(1)).unwrap().displaced_by, None);
    }

    #[test]
    fn the_same_decision_again_takes_it_back_and_a_note_outlives_it() {
        let mut r = Review::new("P");
        r.decide(nip(1), Decision::Rejected, at(1));
        r.note(nip(1), "  masa kerja kurang  ", at(2));
        assert_eq!(r.mark(nip(1)).unwrap().note.as_deref(), Some("masa kerja kurang"));
        r.decide(nip(1), Decision::Rejected, at(3));
        let mark = r.mark(nip(1)).unwrap();
        assert_eq!((mark.decision, mark.note.as_deref()), (None, Some("masa kerja kurang")));
        r.note(nip(1), "", at(4));
        assert!(r.marks().is_empty(), "nothing left to keep");
        for _ in 0..4 {
            assert!(r.undo());
        }
        assert!(r.marks().is_empty() && !r.undo());
    }
}
