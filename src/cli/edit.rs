//! The headless side of reorganization: `ops` (apply and export operations files, one
//! operation, undo, redo), `draft`, `history` and `check`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};

use super::Outcome;
use super::output::{Cell, Format, Listing, Style};
use crate::edit::{self, EditError};
use crate::i18n::{Msg, tr, trf};
use crate::model::text::printable;
use crate::model::{Date, Draft, JournalEntry, Op, Origin};
use crate::rules::RuleSet;
use crate::rules::checks::Gravity;
use crate::store::Store;

/// The operations of a file, each with its line number; every line that does not read
/// is reported with the file and line, and nothing is applied.
pub fn read_ops(path: &Path) -> anyhow::Result<Vec<(usize, Op)>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut ops = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match Op::parse_line(trimmed) {
            Ok(op) => ops.push((i + 1, op)),
            Err(e) => problems.push(format!("{}:{}: {e}", path.display(), i + 1)),
        }
    }
    if !problems.is_empty() {
        bail!("{} ({})", problems.join("\n"), tr(Msg::CliNothingApplied));
    }
    Ok(ops)
}

/// Turns an edit error of a sequence read from `path` into one naming the line.
fn at_line(e: EditError, path: &Path, lines: &[usize]) -> anyhow::Error {
    match e {
        EditError::Invalid { index, line, message, .. } => anyhow::anyhow!(
            "{}:{}: '{line}' {}: {message} ({})",
            path.display(),
            lines.get(index).copied().unwrap_or(0),
            tr(Msg::CliDoesNotFit),
            tr(Msg::CliNothingApplied)
        ),
        other => other.into(),
    }
}

/// `jabat ops apply FILE [--dry-run]`.
pub fn apply_file(
    store: &dyn Store,
    path: &Path,
    dry_run: bool,
    reason: Option<String>,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let read = read_ops(path)?;
    let lines: Vec<usize> = read.iter().map(|(l, _)| *l).collect();
    let ops: Vec<Op> = read.into_iter().map(|(_, op)| op).collect();
    if ops.is_empty() {
        writeln!(out, "{}: {}", path.display(), tr(Msg::CliNoOperations))?;
        return Ok(Outcome::NothingFound);
    }
    if dry_run {
        let planned = edit::plan(store, &ops).map_err(|e| at_line(e, path, &lines))?;
        let c = planned.staged.change();
        let text = trf(Msg::CliDryRun, &[&ops.len(), &c.units.len(), &c.positions.len(), &c.employees.len()]);
        writeln!(out, "{}: {text}", path.display())?;
        return Ok(Outcome::Done);
    }
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let entry = edit::commit(store, ops, Origin::File(name), reason, None).map_err(|e| at_line(e, path, &lines))?;
    writeln!(out, "#{}: {}", entry.seq, trf(Msg::CliApplied, &[&entry.ops.len(), &path.display()]))?;
    Ok(Outcome::Done)
}

/// `jabat ops export FILE`: every committed operation, oldest first, one per line.
pub fn export_file(store: &dyn Store, path: &Path, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let journal = store.journal()?;
    let mut text = String::from("# jabat operations: one per line, units and positions by code, employees by NIP\n");
    text.push_str("# apply with: jabat ops apply FILE [--dry-run]\n");
    let mut count = 0;
    for entry in &journal {
        text.push_str(&format!(
            "\n# #{} {} {} ({}){}\n",
            entry.seq,
            entry.stamp.local_time(),
            entry.stamp.user,
            entry.origin.label(),
            entry.reason.as_deref().map(|r| format!(": {}", printable(r))).unwrap_or_default()
        ));
        for op in &entry.ops {
            text.push_str(&op.to_line());
            text.push('\n');
            count += 1;
        }
    }
    if path == Path::new("-") {
        // `-` is standard output, as for any command-line tool; the count is a message.
        out.write_all(text.as_bytes())?;
        super::output::say(trf(Msg::CliExported, &[&count, &journal.len()]));
    } else {
        std::fs::write(path, text)
            .and_then(|()| crate::privacy::share(path))
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(out, "{} → {}", trf(Msg::CliExported, &[&count, &journal.len()]), path.display())?;
    }
    Ok(if count == 0 { Outcome::NothingFound } else { Outcome::Done })
}

/// Joins shell words back into one line, quoting a word the shell had unquoted
/// (`name="Bidang Baru"` arrives as `name=Bidang Baru`). One argument holding a whole
/// line (`'rename-unit 1276.05 name="Dinas Baru"'`, as a script passes it) is that line.
pub fn join_words(words: &[String]) -> String {
    if let [line] = words
        && let Some((verb, _)) = line.trim_start().split_once(char::is_whitespace)
        && crate::model::Op::is_verb(verb)
    {
        return line.clone();
    }
    let quote = |v: &str| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""));
    words
        .iter()
        .map(|w| {
            if !w.chars().any(char::is_whitespace) || w.starts_with('"') {
                return w.clone();
            }
            match w.split_once('=') {
                Some((k, v)) if !k.is_empty() && !k.contains(char::is_whitespace) && !v.starts_with('"') => {
                    format!("{k}={}", quote(v))
                }
                _ => quote(w),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `jabat ops do LINE`: one operation (or a removal with what it takes along).
pub fn do_line(store: &dyn Store, line: &str, reason: Option<String>, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let op = Op::parse_line(line).map_err(anyhow::Error::msg)?;
    let entry = edit::commit(store, vec![op], Origin::Edit, reason, None)?;
    writeln!(out, "#{}: {}", entry.seq, entry.ops[0].to_line())?;
    Ok(Outcome::Done)
}

/// `jabat ops merge FROM INTO`.
pub fn merge(
    store: &dyn Store,
    from: &str,
    into: &str,
    reason: Option<String>,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let ops = edit::merge_ops(&edit::Staged::new(store)?, from, into)?;
    let entry = edit::commit(store, ops, Origin::Edit, reason, None)?;
    writeln!(out, "#{}: {}", entry.seq, trf(Msg::CliMerged, &[&from, &into, &entry.ops.len()]))?;
    Ok(Outcome::Done)
}

/// `jabat ops remove CODE`.
pub fn remove(store: &dyn Store, code: &str, reason: Option<String>, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let staged = edit::Staged::new(store)?;
    let ops = if staged.unit_by_code(code)?.is_some() {
        edit::remove_unit_ops(&staged, code)?
    } else {
        edit::remove_position_ops(&staged, code)?
    };
    drop(staged);
    let (units, positions, people) = edit::removal_summary(&ops);
    let entry = edit::commit(store, ops, Origin::Edit, reason, None)?;
    writeln!(
        out,
        "#{}: removed {units} units and {positions} positions; {people} people moved to the holding list",
        entry.seq
    )?;
    Ok(Outcome::Done)
}

/// `jabat ops undo` / `redo`.
pub fn undo_redo(store: &dyn Store, redo: bool, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let result = if redo { edit::redo(store) } else { edit::undo(store) };
    match result {
        Ok(entry) => {
            writeln!(out, "{}", trf(Msg::CliUndoneN, &[&entry.seq, &entry.origin.label(), &entry.ops.len()]))?;
            Ok(Outcome::Done)
        }
        // Nothing of one's own since the last replace: the replace itself, while what
        // it took away is kept and nothing was committed on what replaced it.
        Err(EditError::Nothing(_)) if !redo && store.replaced()?.is_some() => {
            let back = store.bring_back()?;
            let s = &back.stats;
            writeln!(
                out,
                "{}",
                trf(
                    Msg::CliReplaceUndone,
                    &[&back.stamp.user, &back.stamp.local_time(), &s.units, &s.positions, &s.employees]
                )
            )?;
            Ok(Outcome::Done)
        }
        Err(EditError::Nothing(m)) => {
            writeln!(out, "{m}")?;
            Ok(Outcome::NothingFound)
        }
        Err(e) => Err(e.into()),
    }
}

/// `jabat history`.
pub fn history(
    store: &dyn Store,
    code: Option<&str>,
    since: Option<&str>,
    user: Option<&str>,
    format: Format,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let since = since
        .map(|s| Date::parse(s).map_err(|e| anyhow::anyhow!("--since: {e}")))
        .transpose()?
        .map(|d| i64::from(d.days_since_epoch()) * 86_400);
    let mut listing = Listing::new(&[
        ("seq", tr(Msg::Seq), false),
        ("at", tr(Msg::When), false),
        ("user", tr(Msg::User), false),
        ("origin", tr(Msg::Origin), false),
        ("reason", tr(Msg::Reason), true),
        ("operations", tr(Msg::Operations), true),
    ]);
    let entries: Vec<JournalEntry> = match code {
        Some(code) => store.journal_naming(code, None)?,
        None => store.journal()?,
    }
    .into_iter()
    .filter(|e| since.is_none_or(|s| e.stamp.at >= s))
    .filter(|e| user.is_none_or(|u| e.stamp.user == u))
    .collect();
    if let Some(code) = code {
        return history_of(store, code, &entries, &listing, format, out, style);
    }
    for e in &entries {
        let ops: Vec<String> = e.ops.iter().map(Op::to_line).collect();
        listing.push(vec![
            Cell::Int(e.seq as i64),
            Cell::Time(e.stamp.at),
            e.stamp.user.clone().into(),
            e.origin.label().into(),
            e.reason.clone().into(),
            Cell::List(ops),
        ]);
    }
    listing.write(out, format, style)?;
    Ok(if entries.is_empty() { Outcome::NothingFound } else { Outcome::Done })
}

/// `jabat history CODE`: the changes that name a unit, a position or an employee, with
/// for a position its holders now and for an employee their position history.
#[allow(clippy::too_many_arguments)]
fn history_of(
    store: &dyn Store,
    code: &str,
    entries: &[JournalEntry],
    columns: &Listing,
    format: Format,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    use super::output::Record;
    let mut changes = columns.clone();
    for e in entries {
        changes.push(vec![
            Cell::Int(e.seq as i64),
            Cell::Time(e.stamp.at),
            e.stamp.user.clone().into(),
            e.origin.label().into(),
            e.reason.clone().into(),
            Cell::List(e.ops.iter().map(Op::to_line).collect()),
        ]);
    }
    let mut r = Record::default();
    let known;
    if let Some(unit) = store.unit_by_code(code)? {
        known = true;
        r.field("code", tr(Msg::Code), unit.code.clone());
        r.field("name", tr(Msg::Name), unit.name.clone());
        r.field("path", tr(Msg::Path), crate::queries::path_text(store, unit.id)?);
    } else if let Some(p) = store.position_by_code(code)? {
        known = true;
        r.field("code", tr(Msg::Code), p.code.clone());
        r.field("name", tr(Msg::Name), p.name.clone());
        r.field("path", tr(Msg::Path), crate::queries::path_text(store, p.unit)?);
        let mut holders = Listing::new(&[
            ("nip", tr(Msg::Nip), false),
            ("name", tr(Msg::Name), true),
            ("since", tr(Msg::Since), false),
        ]);
        for e in store.holders(p.id)? {
            holders.push(vec![Cell::SplitNip(e.nip), e.name.clone().into(), e.position_since.into()]);
        }
        r.section("holders", tr(Msg::Holders), holders);
        former_holders(store, code, &mut r)?;
    } else if let Ok(nip) = crate::model::Nip::parse(code)
        && let Some(profile) = store.profile(nip)?
    {
        known = true;
        r.field("nip", tr(Msg::Nip), Cell::SplitNip(nip));
        r.field("name", tr(Msg::Name), profile.employee.name.clone());
        let mut posts = super::lookup::posts_listing(&profile.position_history);
        if let Some(p) = profile.employee.position.map(|id| store.position(id)).transpose()?.flatten() {
            posts.push(vec![
                profile.employee.position_since.into(),
                Cell::Shown(tr(Msg::Now).into(), Box::new(Cell::Text(String::new()))),
                p.name.clone().into(),
                p.code.clone().into(),
                store.unit(p.unit)?.map(|u| u.name).into(),
                p.spec.kind.as_str().into(),
                p.spec.level.map(|l| l.as_str()).into(),
            ]);
        }
        r.section("position_history", tr(Msg::PositionHistory), posts);
    } else {
        // A position since removed or renamed, or one of the imported history's.
        known = former_holders(store, code, &mut r)?;
    }
    if !known && entries.is_empty() {
        super::output::say(format!("jabat: {}: {code}", tr(Msg::NothingFound)));
        return Ok(Outcome::NothingFound);
    }
    r.section("changes", tr(Msg::Changes), changes);
    r.write(out, format, style)?;
    Ok(Outcome::Done)
}

/// Adds who held position `code` before (from the position histories) to `r`; false
/// when nobody did.
fn former_holders(store: &dyn Store, code: &str, r: &mut super::output::Record) -> anyhow::Result<bool> {
    let former = store.former_holders(code)?;
    let mut listing = Listing::new(&[
        ("nip", tr(Msg::Nip), false),
        ("name", tr(Msg::Name), true),
        ("from", tr(Msg::Since), false),
        ("to", tr(Msg::Until), false),
        ("unit", tr(Msg::Unit), true),
    ]);
    for (nip, post) in &former {
        let name = store.employee(*nip)?.map(|e| e.name);
        listing.push(vec![
            Cell::SplitNip(*nip),
            name.into(),
            post.from.into(),
            post.to.into(),
            post.unit.clone().into(),
        ]);
    }
    r.section("former_holders", tr(Msg::FormerHolders), listing);
    Ok(!former.is_empty())
}

/// What a draft does to a unit, as a key for scripts and a mark for the table.
fn change_of<T>(before: &Option<T>, after: &Option<T>) -> (&'static str, &'static str) {
    match (before, after) {
        (None, Some(_)) => ("added", "+"),
        (Some(_), None) => ("removed", "−"),
        _ => ("changed", "~"),
    }
}

/// The draft named `name`.
fn draft(store: &dyn Store, name: &str) -> anyhow::Result<Draft> {
    store.drafts()?.into_iter().find(|d| d.name == name).with_context(|| trf(Msg::CliNoDraft, &[&name]))
}

/// `jabat draft …`.
pub fn draft_command(
    store: &dyn Store,
    action: &super::DraftAction,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    use super::DraftAction as A;
    match action {
        A::List { format } => {
            let mut listing = Listing::new(&[
                ("name", tr(Msg::Name), true),
                ("user", tr(Msg::User), false),
                ("at", tr(Msg::When), false),
                ("operations", tr(Msg::Operations), false),
            ]);
            let drafts = store.drafts()?;
            for d in &drafts {
                listing.push(vec![
                    d.name.clone().into(),
                    d.created.user.clone().into(),
                    Cell::Time(d.created.at),
                    Cell::Int(d.ops().count() as i64),
                ]);
            }
            listing.write(out, *format, style)?;
            Ok(if drafts.is_empty() { Outcome::NothingFound } else { Outcome::Done })
        }
        A::New { name } => {
            if store.drafts()?.iter().any(|d| d.name == *name) {
                bail!("{}", trf(Msg::CliDraftExists, &[name]));
            }
            if name.trim().is_empty() || edit::text_refusal(name).is_some() || name.chars().count() > 100 {
                bail!("{}", tr(Msg::CliDraftName));
            }
            store.put_draft(&Draft { name: name.clone(), created: edit::stamp_now(store), changes: Vec::new() })?;
            writeln!(out, "{}", trf(Msg::CliDraftStarted, &[name]))?;
            Ok(Outcome::Done)
        }
        A::Add { name, line, reason } => {
            let mut d = draft(store, name)?;
            let op = Op::parse_line(&join_words(line)).map_err(anyhow::Error::msg)?;
            // It must fit after what the draft already holds.
            let mut staged = edit::staged_draft(store, &d)?;
            edit::apply_all(&mut staged, std::slice::from_ref(&op))?;
            d.changes.push((vec![op], reason.clone()));
            store.put_draft(&d)?;
            writeln!(out, "{}", trf(Msg::CliDraftCount, &[name, &d.ops().count()]))?;
            Ok(Outcome::Done)
        }
        A::Show { name } => {
            let d = draft(store, name)?;
            let title = format!("# draft {} ({}, {})", d.name, d.created.user, d.created.local_time());
            writeln!(out, "{}", printable(&title))?;
            for (ops, reason) in &d.changes {
                if let Some(r) = reason {
                    writeln!(out, "# {}", printable(r))?;
                }
                for op in ops {
                    writeln!(out, "{}", op.to_line())?;
                }
            }
            Ok(Outcome::Done)
        }
        A::Diff { name, format } => {
            let d = draft(store, name)?;
            let staged = edit::staged_draft(store, &d)?;
            let diff = edit::unit_diff(&staged)?;
            if *format == Format::Table {
                writeln!(out, "{}", style.bold(&trf(Msg::CliDraftCount, &[&d.name, &d.ops().count()])))?;
                for op in d.ops() {
                    writeln!(out, "  {}", op.to_line())?;
                }
                writeln!(out)?;
            }
            if *format != Format::Table {
                // Scripts get each figure before and after in columns of their own.
                let mut listing = Listing::new(&[
                    ("unit", "unit", false),
                    ("change", "change", false),
                    ("name_before", "", true),
                    ("name_after", "", true),
                    ("parent_before", "", false),
                    ("parent_after", "", false),
                    ("positions_before", "", false),
                    ("positions_after", "", false),
                    ("needed_before", "", false),
                    ("needed_after", "", false),
                    ("filled_before", "", false),
                    ("filled_after", "", false),
                    ("heads_before", "", false),
                    ("heads_after", "", false),
                ]);
                for (b, a) in &diff {
                    let any = a.as_ref().or(b.as_ref()).expect("one side exists");
                    let mut row: Vec<Cell> = vec![any.code.clone().into(), change_of(b, a).0.into()];
                    let sides = [b, a];
                    row.extend(sides.map(|s| Cell::from(s.as_ref().map(|s| s.name.clone()))));
                    row.extend(sides.map(|s| Cell::from(s.as_ref().and_then(|s| s.parent.clone()))));
                    row.extend(sides.map(|s| Cell::from(s.as_ref().map(|s| s.positions as u64))));
                    row.extend(sides.map(|s| Cell::from(s.as_ref().map(|s| s.needed))));
                    row.extend(sides.map(|s| Cell::from(s.as_ref().map(|s| s.filled))));
                    row.extend(
                        sides.map(|s| s.as_ref().map_or(Cell::Text(String::new()), |s| Cell::List(s.heads.clone()))),
                    );
                    listing.push(row);
                }
                listing.write(out, *format, style)?;
                return Ok(Outcome::Done);
            }
            let mut listing = Listing::new(&[
                ("unit", tr(Msg::Code), false),
                ("name", tr(Msg::Name), true),
                ("change", "±", false),
                ("parent", tr(Msg::Parent), false),
                ("positions", tr(Msg::Positions), false),
                ("needed", tr(Msg::Needed), false),
                ("filled", tr(Msg::Filled), false),
                ("heads", tr(Msg::Head), false),
            ]);
            let arrow = |b: Option<String>, a: Option<String>| -> Cell {
                match (b, a) {
                    (Some(b), Some(a)) if a == b => a.into(),
                    (b, a) => {
                        format!("{} → {}", b.unwrap_or_else(|| "–".into()), a.unwrap_or_else(|| "–".into())).into()
                    }
                }
            };
            for (b, a) in &diff {
                let any = a.as_ref().or(b.as_ref()).expect("one side exists");
                let change = change_of(b, a).1;
                let f = |s: &Option<edit::UnitSummary>, g: &dyn Fn(&edit::UnitSummary) -> String| s.as_ref().map(g);
                listing.push(vec![
                    any.code.clone().into(),
                    arrow(f(b, &|s| s.name.clone()), f(a, &|s| s.name.clone())),
                    change.into(),
                    arrow(
                        f(b, &|s| s.parent.clone().unwrap_or_default()),
                        f(a, &|s| s.parent.clone().unwrap_or_default()),
                    ),
                    arrow(f(b, &|s| s.positions.to_string()), f(a, &|s| s.positions.to_string())),
                    arrow(f(b, &|s| s.needed.to_string()), f(a, &|s| s.needed.to_string())),
                    arrow(f(b, &|s| s.filled.to_string()), f(a, &|s| s.filled.to_string())),
                    arrow(f(b, &|s| s.heads.join(" ")), f(a, &|s| s.heads.join(" "))),
                ]);
            }
            listing.write(out, *format, style)?;
            Ok(Outcome::Done)
        }
        A::Apply { name } => {
            let d = draft(store, name)?;
            let entry = edit::apply_draft(store, &d)?;
            writeln!(out, "#{}: {}", entry.seq, trf(Msg::CliDraftAppliedN, &[name, &entry.ops.len()]))?;
            Ok(Outcome::Done)
        }
        A::Discard { name } => {
            if !store.remove_draft(name)? {
                bail!("{}", trf(Msg::CliNoDraft, &[name]));
            }
            writeln!(out, "{}", trf(Msg::CliDraftDiscardedN, &[name]))?;
            Ok(Outcome::Done)
        }
    }
}

/// `jabat check`: findings, and exit code 1 when any is an error.
#[allow(clippy::too_many_arguments)]
pub fn check(
    store: &dyn Store,
    rules: &RuleSet,
    today: Date,
    (integrity, fail_on): (bool, super::FailOn),
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let findings = store.findings(rules, today)?;
    let mut listing = Listing::new(&[
        ("severity", tr(Msg::Severity), false),
        ("rule", tr(Msg::RuleId), false),
        ("kind", tr(Msg::Kind), false),
        ("node", tr(Msg::Node), false),
        ("message", tr(Msg::Explanation), true),
    ]);
    // What differs from a rebuild is a finding like the others (rule
    // `integrity.mismatch`, the tree as its node), so JSON and CSV stay one listing.
    let mismatches = if integrity { store.verify_integrity()? } else { Vec::new() };
    for m in &mismatches {
        let (tree, what) = m.split_once(": ").unwrap_or(("", m.as_str()));
        listing.push(vec!["error".into(), "integrity.mismatch".into(), "index".into(), tree.into(), what.into()]);
    }
    if integrity && mismatches.is_empty() {
        writeln!(err, "{}", tr(Msg::CliIntegrityOk))?;
    }
    for f in &findings {
        listing.push(vec![
            f.gravity.as_str().into(),
            f.rule.into(),
            f.node.kind().into(),
            f.node.key().into(),
            f.message.clone().into(),
        ]);
    }
    listing.write(out, format, style)?;
    let fails = |g: Gravity| match fail_on {
        super::FailOn::Error => g == Gravity::Error,
        super::FailOn::Warning => g != Gravity::Info,
        super::FailOn::Info => true,
    };
    let errors = !mismatches.is_empty() || findings.iter().any(|f| fails(f.gravity));
    let count = |g| findings.iter().filter(|f| f.gravity == g).count();
    writeln!(
        err,
        "{}",
        trf(
            Msg::FindingsSummary,
            &[
                &(findings.len() + mismatches.len()),
                &(count(Gravity::Error) + mismatches.len()),
                &count(Gravity::Warning),
                &count(Gravity::Info)
            ]
        )
    )?;
    Ok(if errors { Outcome::Flagged } else { Outcome::Done })
}
