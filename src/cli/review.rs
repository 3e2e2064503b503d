//! `jabat review` and `jabat export-review`: the decisions taken in the interface's
//! candidate list, and the list a promotion meeting (Baperjakat) works from.

use std::io::Write;

use super::Outcome;
use super::output::{Cell, Format, Listing, PaperFormat, Style};
use crate::i18n::{Msg, tr};
use crate::model::{Date, Position, Review};
use crate::queries::{candidates, path_text};
use crate::rules::RuleSet;
use crate::rules::ranking::{Standing, explain};
use crate::store::Store;

fn not_found(code: &str) -> anyhow::Result<Outcome> {
    super::output::say(format!("jabat: {}: {code}", tr(Msg::NotFoundCode)));
    Ok(Outcome::NothingFound)
}

/// The position of `code` and its review (empty when none was started).
fn position_and_review(store: &dyn Store, code: &str) -> anyhow::Result<Option<(Position, Review)>> {
    let Some(position) = store.position_by_code(code)? else { return Ok(None) };
    let review = store.review(&position.code)?.unwrap_or_else(|| Review::new(&position.code));
    Ok(Some((position, review)))
}

/// `jabat review CODE`: every decision and note on the position's candidates.
pub fn review(
    store: &dyn Store,
    code: &str,
    format: Format,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let Some((position, review)) = position_and_review(store, code)? else { return not_found(code) };
    let mut listing = Listing::new(&[
        ("nip", tr(Msg::Nip), false),
        ("name", tr(Msg::Name), true),
        ("decision", tr(Msg::Decision), false),
        ("displaced_by", tr(Msg::DisplacedBy), false),
        ("note", tr(Msg::Note), true),
        ("user", tr(Msg::User), false),
        ("at", tr(Msg::When), false),
    ]);
    for mark in review.marks() {
        let name = store.employee(mark.nip)?.map(|e| e.name).unwrap_or_default();
        listing.push(vec![
            mark.nip.into(),
            name.into(),
            mark.decision.map(|d| d.as_str().to_string()).into(),
            mark.displaced_by.into(),
            mark.note.clone().into(),
            mark.stamp.user.clone().into(),
            Cell::Time(mark.stamp.at),
        ]);
    }
    if format == Format::Table {
        writeln!(
            out,
            "{}",
            style.line(&format!("{} {} — {}", position.code, position.name, path_text(store, position.unit)?))
        )?;
    }
    listing.write(out, format, style)?;
    Ok(if review.marks().is_empty() { Outcome::NothingFound } else { Outcome::Done })
}

/// A decision taken from the command line, as the interface's keys take them.
pub enum Decide {
    /// Shortlist, reject or nominate a NIP (the same again takes it back).
    Decision(crate::model::Decision, String),
    /// A note on a NIP (empty: removed).
    Note(String, String),
    /// Take back the last decision or note.
    Undo,
}

/// `jabat review CODE --shortlist|--reject|--nominate NIP`, `--note NIP TEXT`, `--undo`:
/// one decision on the position's review, stamped and checked as the interface's are
/// (the store refuses it when someone changed that candidate meanwhile, a server or
/// PostgreSQL when the role does not allow it); then the review as it stands.
pub fn decide(
    store: &dyn Store,
    code: &str,
    decision: Decide,
    format: Format,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let Some(position) = store.position_by_code(code)? else { return not_found(code) };
    // The review as read: what the decision is made against (a change someone made to the
    // same candidate since is refused by the store, naming them).
    let before = store.review(&position.code)?;
    let stamp = crate::edit::stamp_now(store);
    let mut after = before.clone().unwrap_or_else(|| Review::new(&position.code));
    let nip = |text: &str| -> anyhow::Result<crate::model::Nip> {
        let nip = crate::model::Nip::parse(text).map_err(anyhow::Error::msg)?;
        if store.employee(nip)?.is_none() {
            anyhow::bail!("{}: {nip}", tr(Msg::NotFoundCode));
        }
        Ok(nip)
    };
    let said = match &decision {
        Decide::Decision(d, who) => {
            let decided = after.decide(nip(who)?, *d, stamp);
            if decided.taken_back { tr(Msg::DecisionRemoved) } else { decision_word(*d) }
        }
        Decide::Note(who, text) => {
            let text = crate::edit::text_refusal(text).map_or(Ok(text.as_str()), Err).map_err(anyhow::Error::msg)?;
            after.note(nip(who)?, text, stamp);
            tr(Msg::NoteSaved)
        }
        Decide::Undo => {
            if !after.undo() {
                super::output::say(format!("jabat: {}", tr(Msg::NothingToUndo)));
                return Ok(Outcome::NothingFound);
            }
            tr(Msg::Undone)
        }
    };
    let saved = store.update_review(before.as_ref(), &after)?;
    super::output::say(format!("jabat: {said}"));
    if let Some(nominee) =
        saved.nominee().filter(|_| matches!(decision, Decide::Decision(crate::model::Decision::Nominated, _)))
    {
        let elsewhere = Review::nominated_elsewhere(&store.reviews()?, nominee, &saved.position);
        if !elsewhere.is_empty() {
            let name =
                store.employee(nominee)?.map_or_else(|| nominee.to_string(), |e| format!("{} ({nominee})", e.name));
            super::output::say(format!(
                "jabat: {}",
                crate::i18n::trf(Msg::AlsoNominated, &[&name, &elsewhere.join(", ")])
            ));
        }
    }
    // Done, whatever is left of the review (an undo may leave it empty).
    review(store, &position.code, format, out, style)?;
    Ok(Outcome::Done)
}

/// The word for having made `decision`.
fn decision_word(decision: crate::model::Decision) -> &'static str {
    use crate::model::Decision;
    tr(match decision {
        Decision::Shortlisted => Msg::Shortlisted,
        Decision::Rejected => Msg::Rejected,
        Decision::Nominated => Msg::Nominated,
    })
}

/// `jabat review --all`: every position with decisions or notes.
pub fn review_all(store: &dyn Store, format: Format, out: &mut dyn Write, style: &Style) -> anyhow::Result<Outcome> {
    let mut listing = Listing::new(&[
        ("code", tr(Msg::Code), false),
        ("name", tr(Msg::Name), true),
        ("nominated", tr(Msg::Nominated), true),
        ("nominated_elsewhere", tr(Msg::NominatedElsewhere), false),
        ("shortlisted", tr(Msg::Shortlisted), false),
        ("rejected", tr(Msg::Rejected), false),
        ("notes", tr(Msg::Notes), false),
        ("last_changed_by", tr(Msg::LastChange), false),
        ("last_changed_at", tr(Msg::When), false),
    ]);
    let reviews = store.reviews()?;
    for review in reviews.iter().filter(|r| !r.marks().is_empty()) {
        let name = store.position_by_code(&review.position)?.map(|p| p.name).unwrap_or_default();
        let nominee = match review.nominee() {
            Some(nip) => store.employee(nip)?.map(|e| e.name),
            None => None,
        };
        let [shortlisted, rejected, _] = review.counts();
        let notes = review.marks().iter().filter(|m| m.note.is_some()).count();
        let last = review.marks().iter().max_by_key(|m| m.stamp.at);
        // One person nominated for two posts: the meeting must choose.
        let elsewhere =
            review.nominee().map(|n| Review::nominated_elsewhere(&reviews, n, &review.position)).unwrap_or_default();
        listing.push(vec![
            review.position.clone().into(),
            name.into(),
            nominee.into(),
            Cell::List(elsewhere),
            (shortlisted as u64).into(),
            (rejected as u64).into(),
            (notes as u64).into(),
            last.map(|m| m.stamp.user.clone()).into(),
            last.map_or(Cell::Text(String::new()), |m| Cell::Time(m.stamp.at)),
        ]);
    }
    let found = !listing.rows.is_empty();
    listing.write(out, format, style)?;
    Ok(if found { Outcome::Done } else { Outcome::NothingFound })
}

/// `jabat export-review CODE`: the candidates in rank order (every eligible one, and
/// anyone with a decision or a note), with the decision, the note and the facts.
pub fn export_review(
    store: &dyn Store,
    (rules, settings): (&RuleSet, &crate::config::Documents),
    today: Date,
    code: &str,
    format: PaperFormat,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let Some((position, review)) = position_and_review(store, code)? else { return not_found(code) };
    let list = candidates(store, &position, false, rules, today, &|| true)?.expect("never asked to stop");
    let Some(format) = format.listing() else {
        let paper = meeting_record(store, (rules, settings), &position, &review, &list)?;
        return write_pdf(&paper, out, style);
    };
    let prepared = list.prepared(rules);
    let mut listing = Listing::new(&[
        ("position", tr(Msg::Position), false),
        ("rank", "#", false),
        ("nip", tr(Msg::Nip), false),
        ("name", tr(Msg::Name), true),
        ("standing", tr(Msg::Standing), false),
        ("score", tr(Msg::Score), false),
        ("jpm", "JPM", false),
        ("box", "Box", false),
        ("grade", tr(Msg::Grade), false),
        ("current_position", tr(Msg::CurrentPosition), true),
        ("current_unit", tr(Msg::CurrentUnit), true),
        ("education", tr(Msg::Education), false),
        ("years_in_grade", tr(Msg::YearsInGrade), false),
        ("years_of_service", tr(Msg::Service), false),
        ("failed", tr(Msg::Rule), false),
        ("reasons", tr(Msg::Reason), true),
        ("decision", tr(Msg::Decision), false),
        ("displaced_by", tr(Msg::DisplacedBy), false),
        ("note", tr(Msg::Note), true),
        ("decided_by", tr(Msg::User), false),
        ("decided_at", tr(Msg::When), false),
    ])
    // The title names the position; a narrow table keeps the decisions and the facts.
    .droppable("position", 1)
    .droppable("decided_at", 2)
    .droppable("displaced_by", 3)
    .droppable("years_of_service", 4)
    .droppable("education", 5)
    .droppable("standing", 6)
    .droppable("decided_by", 7)
    .droppable("years_in_grade", 8)
    .droppable("current_unit", 9);
    for entry in &list.ranking.entries {
        let mark = review.mark(entry.nip);
        if entry.standing() != Standing::Eligible && mark.is_none() {
            continue;
        }
        let Some(person) = list.person(entry) else { continue };
        let e = explain(&person, entry, &prepared);
        let standing = entry.standing().key();
        let mut ids: Vec<String> = e.failed.iter().map(|f| f.rule.to_string()).collect();
        ids.dedup();
        let reasons: Vec<String> = e.failed.iter().map(|f| f.message.clone()).collect();
        let years = |d: Option<Date>| d.map(|d| d.years_until(today) as i64);
        listing.push(vec![
            position.code.clone().into(),
            e.rank.map(u64::from).into(),
            e.nip.clone().into(),
            e.name.clone().into(),
            standing.into(),
            Cell::Float(e.score, 3),
            Cell::float(e.jpm, 1),
            e.nine_box.map(u64::from).into(),
            e.grade.clone().into(),
            e.current_position.clone().into(),
            e.current_unit.clone().into(),
            person.facts.education.map(|x| x.to_string()).into(),
            years(person.facts.grade_since).into(),
            years(Some(person.facts.service_start)).into(),
            Cell::List(ids),
            Cell::List(reasons),
            mark.and_then(|m| m.decision).map(|d| d.as_str().to_string()).into(),
            mark.and_then(|m| m.displaced_by).into(),
            mark.and_then(|m| m.note.clone()).into(),
            mark.map(|m| m.stamp.user.clone()).into(),
            mark.map_or(Cell::Text(String::new()), |m| Cell::Time(m.stamp.at)),
        ]);
    }
    if format == Format::Table {
        writeln!(
            out,
            "{}",
            style.line(&format!("{} {} — {}", position.code, position.name, path_text(store, position.unit)?))
        )?;
    }
    listing.write(out, format, style)?;
    Ok(Outcome::Done)
}

/// Writes `paper` as PDF to `out` (`--out FILE`, or a pipe; never a terminal).
pub fn write_pdf(paper: &crate::print::Paper, out: &mut dyn Write, style: &Style) -> anyhow::Result<Outcome> {
    let pdf = crate::print::to_pdf(paper)?;
    super::output::write_binary(out, &pdf, style)?;
    Ok(Outcome::Done)
}

/// The meeting's record (berita acara) of the review of `position`: the position, the
/// nominee with the facts behind the choice, the others considered with their standing
/// and reasons, every decision and note with who and when, and where the committee signs.
fn meeting_record(
    store: &dyn Store,
    (rules, settings): (&RuleSet, &crate::config::Documents),
    position: &Position,
    review: &Review,
    list: &crate::queries::CandidateList,
) -> anyhow::Result<crate::print::Paper> {
    use crate::i18n::{label, trf};
    use crate::print::{Block, Column, Paper, Signature, Table};
    let prepared = list.prepared(rules);
    let path = path_text(store, position.unit)?;
    let instansi = settings.agency.clone().unwrap_or_else(|| path.split(" › ").next().unwrap_or_default().to_string());
    let today = list.today;
    let holders: Vec<String> = store.holders(position.id)?.iter().map(|e| format!("{} ({})", e.name, e.nip)).collect();
    let field = crate::queries::field_label(store, position, rules)?;
    let [eligible, near, ineligible, rotations] = list.ranking.counts();
    let mut blocks = vec![Block::Paragraph(trf(
        Msg::MinutesOpening,
        &[&today, &position.name, &position.code, &eligible, &near, &ineligible, &rotations],
    ))];
    let mut facts = vec![
        (tr(Msg::Code).to_string(), position.code.clone()),
        (tr(Msg::Name).to_string(), position.name.clone()),
        (tr(Msg::Path).to_string(), path.clone()),
        (tr(Msg::Kind).to_string(), label::kind_level(position.spec.kind, position.spec.level)),
    ];
    if let Some(e) = position.spec.eselon {
        facts.push((tr(Msg::Eselon).to_string(), e.to_string()));
    }
    if let Some(c) = position.spec.class {
        facts.push((tr(Msg::Class).to_string(), c.to_string()));
    }
    if let Some(f) = field {
        facts.push((tr(Msg::FieldOfPost).to_string(), f));
    }
    let holders = if holders.is_empty() { tr(Msg::Vacant).to_string() } else { holders.join(", ") };
    facts.push((tr(Msg::Holders).to_string(), holders));
    blocks.push(Block::Heading(tr(Msg::MinutesPosition).into()));
    blocks.push(Block::Facts(facts));

    // The nominee, with what the list says of them.
    blocks.push(Block::Heading(tr(Msg::MinutesNominee).into()));
    let nominee = review.nominee().and_then(|nip| Some((list.find(nip)?, review.mark(nip)?)));
    match nominee.and_then(|(entry, mark)| Some((list.person(entry)?, entry, mark))) {
        Some((person, entry, mark)) => {
            let e = explain(&person, entry, &prepared);
            let years = |d: Option<Date>| d.map_or_else(|| "-".to_string(), |d| d.years_until(today).to_string());
            let rank = e.rank.map_or_else(|| label::standing(entry.standing()).to_string(), |r| format!("#{r}"));
            let mut facts = vec![
                (tr(Msg::Nip).to_string(), e.nip.clone()),
                (tr(Msg::Name).to_string(), e.name.clone()),
                (tr(Msg::CurrentPosition).to_string(), e.place().unwrap_or_else(|| "-".into())),
                (tr(Msg::Grade).to_string(), e.grade.clone().unwrap_or_else(|| "-".into())),
                (tr(Msg::Education).to_string(), person.facts.education.map_or_else(|| "-".into(), |x| x.to_string())),
                (tr(Msg::RankScore).to_string(), format!("{rank}, {:.3}", e.score)),
                ("JPM".into(), e.jpm.map_or_else(|| "-".into(), |j| format!("{j:.1}"))),
                (tr(Msg::BoxShort).to_string(), e.nine_box.map_or_else(|| "-".into(), |b| b.to_string())),
                (tr(Msg::YearsInGrade).to_string(), years(person.facts.grade_since)),
                (tr(Msg::Service).to_string(), years(Some(person.facts.service_start))),
            ];
            let why: Vec<String> = e.failed.iter().map(|f| f.message.clone()).chain(e.notes.iter().cloned()).collect();
            if !why.is_empty() {
                facts.push((tr(Msg::WhyChosen).to_string(), why.join("; ")));
            }
            if let Some(note) = &mark.note {
                facts.push((tr(Msg::Note).to_string(), note.clone()));
            }
            facts.push((tr(Msg::DecidedBy).to_string(), format!("{}, {}", mark.stamp.user, mark.stamp.local_time())));
            blocks.push(Block::Facts(facts));
        }
        None => blocks.push(Block::Paragraph(tr(Msg::MinutesNoNominee).into())),
    }

    // The others: every eligible one and anyone with a decision or note, in rank order.
    blocks.push(Block::Heading(tr(Msg::MinutesOthers).into()));
    blocks.push(Block::Paragraph(tr(Msg::MinutesOthersNote).into()));
    let mut rows = Vec::new();
    for entry in &list.ranking.entries {
        let mark = review.mark(entry.nip);
        if Some(entry.nip) == review.nominee() || entry.standing() != Standing::Eligible && mark.is_none() {
            continue;
        }
        let Some(person) = list.person(entry) else { continue };
        let e = explain(&person, entry, &prepared);
        let reasons: Vec<String> = e.failed.iter().map(|f| f.message.clone()).chain(e.notes.iter().cloned()).collect();
        let decision = mark.and_then(|m| m.decision).map(decision_word).unwrap_or_default();
        let decision = match mark.and_then(|m| m.note.as_deref()) {
            Some(note) if decision.is_empty() => note.to_string(),
            Some(note) => format!("{decision}: {note}"),
            None => decision.to_string(),
        };
        rows.push(vec![
            e.rank.map(|r| r.to_string()).unwrap_or_default(),
            format!("{}\n{}", e.name, e.nip),
            match (&e.current_position, &e.current_unit) {
                (Some(p), Some(u)) if !p.contains(u.as_str()) => format!("{p} — {u}"),
                (Some(p), _) => p.clone(),
                _ => String::new(),
            },
            e.grade.clone().unwrap_or_default(),
            label::standing(entry.standing()).to_string(),
            format!("{:.3}", e.score),
            e.jpm.map(|j| format!("{j:.1}")).unwrap_or_default(),
            reasons.join("; "),
            decision,
        ]);
    }
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::number("#", 0.5),
            Column::text(tr(Msg::Name), 2.6),
            Column::text(tr(Msg::CurrentPosition), 3.0),
            Column::text(tr(Msg::Grade), 1.2),
            Column::text(tr(Msg::Standing), 1.4),
            Column::number(tr(Msg::Score), 0.9),
            Column::number("JPM", 0.8),
            Column::text(tr(Msg::Reason), 3.1),
            Column::text(tr(Msg::Decision), 2.0),
        ],
        rows,
        bold: Vec::new(),
    }));

    // Every decision and note, with who and when.
    blocks.push(Block::Heading(tr(Msg::MinutesDecisions).into()));
    let trail = review.trail();
    if trail.is_empty() {
        blocks.push(Block::Paragraph(tr(Msg::MinutesNoDecisions).into()));
    } else {
        let name_of = |nip| list.find(nip).and_then(|e| list.person(e)).map(|p| p.name.to_string()).unwrap_or_default();
        let rows = trail
            .iter()
            .map(|m| {
                vec![
                    m.stamp.local_time(),
                    m.stamp.user.clone(),
                    format!("{}\n{}", name_of(m.nip), m.nip),
                    m.decision.map(decision_word).unwrap_or_default().to_string(),
                    m.note.clone().unwrap_or_default(),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::text(tr(Msg::When), 1.6),
                Column::text(tr(Msg::User), 1.2),
                Column::text(tr(Msg::Name), 2.4),
                Column::text(tr(Msg::Decision), 1.2),
                Column::text(tr(Msg::Note), 3.6),
            ],
            rows,
            bold: Vec::new(),
        }));
    }
    blocks.push(Block::Paragraph(tr(Msg::MinutesClosing).into()));
    // The committee from the configuration, else lines to fill in by hand.
    let blank = |role: Msg| Signature { role: tr(role).into(), name: String::new(), id: "NIP".into() };
    let signatures = if settings.baperjakat.is_empty() {
        vec![
            blank(Msg::MinutesChair),
            blank(Msg::MinutesSecretary),
            blank(Msg::MinutesMember),
            blank(Msg::MinutesMember),
            blank(Msg::MinutesMember),
            blank(Msg::MinutesMember),
        ]
    } else {
        settings
            .baperjakat
            .iter()
            .map(|s| Signature {
                role: s.role.clone(),
                name: s.name.clone(),
                id: format!("NIP {}", s.nip).trim().into(),
            })
            .collect()
    };
    blocks.push(Block::Signatures(signatures));
    Ok(Paper {
        title: tr(Msg::MinutesTitle).into(),
        subtitle: format!("{instansi} — {today}"),
        blocks,
        footer: trf(Msg::MinutesFooter, &[&position.code, &env!("CARGO_PKG_VERSION")]),
        page_of: tr(Msg::PageOf).into(),
        landscape: true,
    })
}
