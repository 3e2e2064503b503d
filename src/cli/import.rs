//! `jabat import`: reading a source (a directory, a workbook, one CSV, SIASN's export)
//! into a new database, over one (`--replace`, asked about when it would remove most of
//! it), or into one (`--merge`, through the server an editor's, made against the
//! journal's head); with `--dry-run` only validated, or for a merge, reconciled.

use std::io::{IsTerminal, Write};

use anyhow::bail;

use super::output::{Format, Style};
use super::{Cli, Command, Outcome, is_empty};
use crate::i18n::{Msg, tr, trf};
use crate::interchange;
use crate::store::Store;

use super::commands::summary;

/// What an import brings: a path to read, or its content already read and validated
/// (into a database not there before).
pub(super) enum Source<'a> {
    Path(&'a std::path::Path, interchange::Options),
    Validated(Box<crate::model::Dataset>),
}

pub(super) fn import(
    store: &dyn Store,
    server: Option<&crate::store::RemoteStore>,
    rules: &crate::rules::RuleSet,
    source: Source<'_>,
    [dry_run, replace, merge, shown, yes, complete]: [bool; 6],
    (format, out, style): (Format, &mut dyn Write, &Style),
) -> anyhow::Result<Outcome> {
    let (path, options) = match source {
        Source::Path(path, options) => (path, options),
        Source::Validated(data) => {
            super::progress::busy(shown, tr(Msg::ProgressWriting), || store.replace_dataset(&data))?;
            writeln!(out, "{}: {}", tr(Msg::Imported), summary(&data))?;
            return Ok(Outcome::Done);
        }
    };
    let empty = is_empty(store)?;
    if !empty && !replace && !merge && !dry_run {
        bail!("{}", tr(Msg::DatabaseNotEmpty));
    }
    let merging = merge && !empty;
    // The head before the content is read: what the merge is made against.
    let against = if merging { store.journal_head()? } else { 0 };
    let base = if merging {
        super::progress::busy(shown, tr(Msg::ProgressReading), || store.load_dataset())?
    } else {
        Default::default()
    };
    if dry_run && merging {
        // What the merge would change, to read before it is made.
        let before = base.clone();
        let (data, given) = validated(rules, (path, options), base, shown)?;
        let found = interchange::reconcile::reconcile(&before, &data, &given, complete);
        return super::reconcile::write(&data, &found, format, out, style);
    }
    if dry_run {
        return import_dry_run(rules, (path, options), base, out);
    }
    let data = validated(rules, (path, options), base, shown)?.0;
    if !merging && !empty && !yes {
        replace_allowed(&store.stats()?, &data)?;
    }
    super::progress::busy(shown, tr(Msg::ProgressWriting), || match server {
        // Through a server a merge is an editor's, which the server checks takes
        // nothing away; a replace is an administrator's.
        Some(server) if merging => server.merge_dataset(&data, against),
        _ => store.replace_dataset(&data),
    })?;
    writeln!(out, "{}: {}", tr(Msg::Imported), summary(&data))?;
    if !empty && store.replaced()?.is_some() {
        super::output::say(tr(Msg::ImportReplacedKept));
    }
    Ok(Outcome::Done)
}

/// Whether a replace may go ahead: one that leaves fewer than half of the units,
/// positions or people there are (an export of one dinas given for the whole city, a
/// units file with its header only) is asked about on a terminal, and refused without
/// one unless `--yes`.
fn replace_allowed(now: &crate::store::Stats, data: &crate::model::Dataset) -> anyhow::Result<()> {
    let after = [data.units.len() as u64, data.positions.len() as u64, data.employees.len() as u64];
    let before = [now.units, now.positions, now.employees];
    if !before.iter().zip(&after).any(|(b, a)| a * 2 < *b) {
        return Ok(());
    }
    let counts = |[u, p, e]: [u64; 3]| {
        format!(
            "{u} {}, {p} {}, {e} {}",
            tr(Msg::Units).to_lowercase(),
            tr(Msg::Positions).to_lowercase(),
            tr(Msg::Employees).to_lowercase()
        )
    };
    let question = trf(Msg::ImportReplaceMost, &[&counts(before), &counts(after)]);
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        eprint!("{question} [y/N] ");
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if matches!(answer.trim().to_lowercase().as_str(), "y" | "yes" | "ya") {
            return Ok(());
        }
        bail!("{}", tr(Msg::ImportReplaceDeclined));
    }
    bail!("{question} {}", tr(Msg::ImportReplaceNeedsYes));
}

/// How `import` treats the people it cannot place (`--unplaced`).
pub(super) fn import_options(cli: &Cli) -> interchange::Options {
    match &cli.command {
        Some(Command::Import { unplaced, .. }) => {
            interchange::Options { hold_unplaced: *unplaced == super::Unplaced::Hold }
        }
        _ => interchange::Options::default(),
    }
}

/// `import --dry-run`: validates `path` applied to `base`; writes nothing.
pub(super) fn import_dry_run(
    rules: &crate::rules::RuleSet,
    input: (&std::path::Path, interchange::Options),
    base: crate::model::Dataset,
    out: &mut dyn Write,
) -> anyhow::Result<Outcome> {
    let data = validated(rules, input, base, false)?.0;
    writeln!(out, "{}: {}", tr(Msg::Valid), summary(&data))?;
    Ok(Outcome::Done)
}

/// The dataset `path` gives on top of `base`, with kebutuhan from workloads filled in;
/// every problem printed and the import refused when there is any.
pub(super) fn validated(
    rules: &crate::rules::RuleSet,
    (path, options): (&std::path::Path, interchange::Options),
    base: crate::model::Dataset,
    shown: bool,
) -> anyhow::Result<(crate::model::Dataset, std::collections::HashSet<crate::model::Nip>)> {
    // The problems are said once the spinner has gone.
    let mut imported =
        super::progress::busy(shown, tr(Msg::ProgressValidating), || interchange::import_with(path, base, options));
    for w in &imported.warnings {
        super::output::say(format!("{}: {w}", tr(Msg::Warning)));
    }
    if !imported.held.is_empty() && imported.problems.is_empty() {
        super::output::say(trf(Msg::ImportHeld, &[&imported.held.len()]));
        let shown = interchange::read::PROBLEMS_SHOWN;
        for h in imported.held.iter().take(shown) {
            super::output::say(format!("  {h}"));
        }
        if imported.held.len() > shown {
            super::output::say(format!("  … {}", trf(Msg::ImpAndMore, &[&(imported.held.len() - shown)])));
        }
    }
    if !imported.problems.is_empty() {
        super::output::say(imported.problems.to_string().trim_end());
        bail!("{}", crate::i18n::trf(Msg::ImportRejectedN, &[&imported.problems.0.len()]));
    }
    // What fills a database (or is merged into an empty one) brings units.
    if imported.data.units.is_empty() {
        bail!("{}", trf(Msg::ImportNoUnits, &[&path.display()]));
    }
    // Positions with tasks and no kebutuhan of their own get it from their workload.
    let computed = match crate::rules::abk::fill_needed(&mut imported.data, &rules.abk) {
        Ok(n) => n,
        Err(too_big) => {
            for (code, need) in &too_big {
                let need = format!("{need:.0}");
                super::output::say(trf(Msg::ImpTasksNeedTooBig, &[code, &need, &crate::model::MAX_NEEDED]));
            }
            bail!("{}", crate::i18n::trf(Msg::ImportRejectedN, &[&too_big.len()]));
        }
    };
    if computed > 0 {
        super::output::say(crate::i18n::trf(Msg::NeedComputed, &[&computed]));
    }
    Ok((imported.data, imported.given))
}
