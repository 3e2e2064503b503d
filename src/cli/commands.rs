//! The commands behind the command line: `run` opens the database (through its server
//! when one holds it) and dispatches; here too are the analyses (gaps, candidates,
//! rules) and generate. Import is in `import`, lookups in `lookup`, review in `review`,
//! staff analyses in `workforce`, edits in `edit`, the server in `server`.
//! Each reads the store and builds a listing or a record; printing is `output`'s job.

use std::io::{IsTerminal, Write};

use anyhow::{Context, bail};

use super::lookup;
use super::output::{Cell, Format, Listing, Style};
use super::{Cli, Command, Outcome, is_empty, open};
use crate::i18n::{Msg, tr, trf};
use crate::interchange::{self, generate};
use crate::model::{Date, Nip};
use crate::queries::path_text;
use crate::store::Store;

/// Runs the parsed command line.
pub fn run(cli: &Cli, config: &crate::config::Config, out: &mut dyn Write) -> anyhow::Result<Outcome> {
    let sheet = cli.command.as_ref().map_or_else(|| "jabat".to_string(), Command::name);
    let style = match &cli.out {
        // A file: whole lines, no colour, as for a pipe.
        Some(_) => Style { colour: false, width: None, no_header: cli.no_header, terminal: false, sheet },
        None => Style { no_header: cli.no_header, sheet, ..Style::detect() },
    };
    // Files-only generation needs no database at all.
    if let Some(Command::Generate { out: Some(path), preset, employees, seed, as_of, .. }) = &cli.command {
        let shown = !cli.quiet;
        let data = super::progress::busy(shown, tr(Msg::ProgressGenerating), || {
            generate_data(*preset, *employees, *seed, as_of.unwrap_or_else(|| cli.today()))
        });
        super::progress::busy(shown, tr(Msg::ProgressExporting), || interchange::export(&data, path))
            .with_context(|| format!("cannot write {}", path.display()))?;
        writeln!(out, "{}: {} → {}", tr(Msg::Generated), summary(&data), path.display())?;
        return Ok(Outcome::Done);
    }
    // What describes jabat itself needs no database.
    if let Some(Command::Completions { shell }) = &cli.command {
        use super::ShellArg as S;
        use clap_complete::Shell;
        let shell = match shell {
            S::Bash => Shell::Bash,
            S::Zsh => Shell::Zsh,
            S::Fish => Shell::Fish,
            S::Elvish => Shell::Elvish,
            S::Powershell => Shell::PowerShell,
        };
        clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "jabat", out);
        return Ok(Outcome::Done);
    }
    if let Some(Command::Man) = &cli.command {
        clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)?;
        return Ok(Outcome::Done);
    }
    if let Some(Command::Rules { show, check, format }) = &cli.command {
        return rules(cli, *show, check.as_deref(), *format, out, &style);
    }
    // Every command that writes is refused under --read-only before anything is
    // opened: one rule, whatever the command.
    if let Some(command) = cli.command.as_ref().filter(|c| cli.read_only && c.writes()) {
        bail!("{}", trf(Msg::ReadOnlyCommand, &[&command.name()]));
    }
    // The reconciliation's options mean nothing to another import: said, not ignored.
    if let Some(Command::Import { merge, dry_run, complete, format, .. }) = &cli.command
        && !(*merge && *dry_run)
        && (*complete || *format != Format::Table)
    {
        bail!("{}", tr(Msg::ImportReconcileOnly));
    }
    // Validating an import needs no database: with none there, against an empty one.
    let db = super::db_location(cli).ok();
    let db_dir = db.as_ref().and_then(|at| at.dir()).filter(|_| !cli.demo);
    if let Some(Command::Import { path, dry_run: true, .. }) = &cli.command
        && !cli.demo
        && db.as_ref().is_none_or(|at| at.dir().is_some_and(|p| !crate::store::SledStore::exists(p)))
    {
        return super::import::import_dry_run(
            &super::load_rules(cli)?,
            (path, super::import::import_options(cli)),
            Default::default(),
            out,
        );
    }
    if let (Some(Command::Init), Some(dir)) = (&cli.command, db_dir)
        && crate::store::SledStore::exists(dir)
    {
        writeln!(out, "{}", trf(Msg::AlreadyInitialized, &[&dir.display()]))?;
        return Ok(Outcome::Done);
    }
    match &cli.command {
        Some(Command::Serve { idle_exit }) => return super::server::serve(cli, *idle_exit, out),
        Some(Command::Server { action }) => return super::server::server(cli, action, out, &style),
        Some(Command::Db { action }) => return super::db::run(cli, action, out, &style),
        Some(Command::Copy { from, to, replace }) => return super::db::copy(cli, from.as_ref(), to, *replace, out),
        _ => {}
    }
    // An import into a database that is not there yet is validated before anything is
    // created: a refused import leaves no empty database behind.
    let validated_first = match &cli.command {
        Some(Command::Import { path, dry_run: false, .. })
            if db_dir.is_some_and(|dir| !crate::store::SledStore::exists(dir)) =>
        {
            Some(
                super::import::validated(
                    &super::load_rules(cli)?,
                    (path, super::import::import_options(cli)),
                    Default::default(),
                    !cli.quiet,
                )?
                .0,
            )
        }
        _ => None,
    };
    // A database directory is opened through its server, which `open` starts when none
    // runs, so that a second pane, another user or a cron job can work beside it.
    let opened = open(cli)?;
    let outcome = run_on(cli, config, (&opened, validated_first), out, &style).map_err(|e| {
        // A failure of the storage itself says which database it was.
        match e.downcast_ref::<crate::store::StoreError>() {
            Some(crate::store::StoreError::Backend(_) | crate::store::StoreError::Database(_)) => {
                e.context(format!("database {}", opened.store().location()))
            }
            _ => e,
        }
    })?;
    // After a bulk write, open the database once more before returning: sled records
    // its recovery snapshot only while opening, so this pays the replay of the write
    // here instead of at the user's next start (about a second on a national database).
    let bulk_write =
        matches!(&cli.command, Some(Command::Import { dry_run: false, .. }) | Some(Command::Generate { .. }));
    if bulk_write && !cli.demo {
        opened.settle()?;
    }
    Ok(outcome)
}

fn run_on(
    cli: &Cli,
    config: &crate::config::Config,
    (opened, validated_first): (&super::Opened, Option<crate::model::Dataset>),
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let store = opened.store();
    match &cli.command {
        None if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() => {
            let mouse = !cli.no_mouse && config.mouse.unwrap_or(true);
            let rules = super::load_rules(cli)?;
            crate::ui::run::run(
                store,
                crate::ui::run::Options {
                    mouse,
                    read_only: cli.read_only,
                    rules,
                    today: cli.today(),
                    documents: config.documents.clone(),
                },
            )?;
            Ok(Outcome::Done)
        }
        None => lookup::overview(store, out, style),
        Some(Command::Tree { code, depth, format }) => {
            lookup::tree(store, code.as_deref(), *depth, *format, out, style)
        }
        Some(Command::Show { target, format }) => {
            lookup::show(store, &super::load_rules(cli)?, cli.today(), target, *format, out, style)
        }
        Some(Command::Find { query, kind, limit, format }) => {
            lookup::find(store, &query.join(" "), *kind, *limit, *format, out, style)
        }
        Some(Command::Stats { storage, format }) => lookup::stats(store, *storage, *format, out, style),
        Some(Command::Import { path, dry_run, replace, merge, yes, complete, format, .. }) => {
            let rules = super::load_rules(cli)?;
            let source = match validated_first {
                Some(data) => super::import::Source::Validated(Box::new(data)),
                None => super::import::Source::Path(path, super::import::import_options(cli)),
            };
            let flags = [*dry_run, *replace, *merge, !cli.quiet, *yes, *complete];
            super::import::import(store, opened.remote(), &rules, source, flags, (*format, out, style))
        }
        Some(Command::Export { path }) => {
            let shown = !cli.quiet;
            let data = super::progress::busy(shown, tr(Msg::ProgressReading), || store.load_dataset())?;
            super::progress::busy(shown, tr(Msg::ProgressExporting), || interchange::export(&data, path))
                .with_context(|| format!("cannot write {}", path.display()))?;
            writeln!(out, "{} {}: {}", tr(Msg::Exported), path.display(), summary(&data))?;
            Ok(Outcome::Done)
        }
        Some(
            Command::Rules { .. }
            | Command::Serve { .. }
            | Command::Server { .. }
            | Command::Db { .. }
            | Command::Copy { .. }
            | Command::Completions { .. }
            | Command::Man,
        ) => {
            unreachable!("answered without opening the database here")
        }
        Some(
            command @ (Command::Gaps { .. }
            | Command::Candidates { .. }
            | Command::Ninebox { .. }
            | Command::TrainingNeeds { .. }
            | Command::Formation { .. }
            | Command::Performance { .. }
            | Command::Check { .. }),
        ) => {
            // Long work (check, the --all analyses) shows a spinner on a terminal; what
            // it prints is kept until the spinner has gone, and written as it would be.
            let shown = !cli.quiet && command.is_long() && std::io::stderr().is_terminal();
            let (mut printed, mut said) = (Vec::new(), Vec::new());
            let mut stderr = super::output::Messages::new(std::io::stderr());
            let (to_out, to_err): (&mut dyn Write, &mut dyn Write) =
                if shown { (&mut printed, &mut said) } else { (out, &mut stderr) };
            let ended = super::progress::busy(shown, tr(Msg::ProgressAnalysing), || match opened.remote() {
                // The server holding the database runs it on its own store.
                Some(server) => super::analysis::ask(server, cli, command, to_out, to_err, style),
                None => {
                    let rules = super::load_rules(cli)?;
                    super::analysis::run(command, &rules, cli.today(), store, to_out, to_err, style)
                }
            });
            if shown {
                out.write_all(&printed)?;
                out.flush()?;
                super::output::Messages::new(std::io::stderr()).write_all(&said)?;
            }
            ended
        }
        Some(Command::Review { code: Some(code), shortlist, reject, nominate, note, undo, format, .. })
            if shortlist.is_some() || reject.is_some() || nominate.is_some() || note.is_some() || *undo =>
        {
            let decision = match (shortlist, reject, nominate, note) {
                (Some(nip), ..) => super::review::Decide::Decision(crate::model::Decision::Shortlisted, nip.clone()),
                (_, Some(nip), ..) => super::review::Decide::Decision(crate::model::Decision::Rejected, nip.clone()),
                (_, _, Some(nip), _) => super::review::Decide::Decision(crate::model::Decision::Nominated, nip.clone()),
                (_, _, _, Some(note)) => super::review::Decide::Note(note[0].clone(), note[1].clone()),
                _ => super::review::Decide::Undo,
            };
            super::review::decide(store, code, decision, *format, out, style)
        }
        Some(Command::Review { code: Some(code), format, .. }) => {
            super::review::review(store, code, *format, out, style)
        }
        Some(Command::Review { code: None, format, .. }) => super::review::review_all(store, *format, out, style),
        Some(Command::ExportReview { code, format }) => super::review::export_review(
            store,
            (&super::load_rules(cli)?, &config.documents),
            cli.today(),
            code,
            *format,
            out,
            style,
        ),
        Some(Command::PetaJabatan { code, draft, format, paper }) => {
            let request = super::documents::PetaRequest {
                code,
                draft: draft.as_deref(),
                today: cli.today(),
                format: *format,
                paper: *paper,
            };
            super::documents::peta_jabatan(store, &config.documents, &request, out, style)
        }
        Some(Command::Anjab { code, format }) => super::documents::anjab(
            store,
            (&super::load_rules(cli)?, &config.documents),
            (code, cli.today()),
            *format,
            out,
            style,
        ),
        Some(Command::Abk { code, format }) => super::documents::abk(
            store,
            &super::load_rules(cli)?,
            &config.documents,
            (code, cli.today()),
            *format,
            out,
            style,
        ),
        Some(Command::Ops { action }) => {
            use super::OpsAction as A;
            match action {
                A::Apply { file, dry_run, reason } => {
                    super::edit::apply_file(store, file, *dry_run, reason.clone(), out)
                }
                A::Export { file } => super::edit::export_file(store, file, out),
                A::Do { line, reason } => {
                    super::edit::do_line(store, &super::edit::join_words(line), reason.clone(), out)
                }
                A::Merge { from, into, reason } => super::edit::merge(store, from, into, reason.clone(), out),
                A::Remove { code, reason } => super::edit::remove(store, code, reason.clone(), out),
                A::Undo => super::edit::undo_redo(store, false, out),
                A::Redo => super::edit::undo_redo(store, true, out),
            }
        }
        Some(Command::Draft { action }) => super::edit::draft_command(store, action, out, style),
        Some(Command::History { code, since, user, format }) => {
            super::edit::history(store, code.as_deref(), since.as_deref(), user.as_deref(), *format, out, style)
        }
        Some(Command::Init) => {
            writeln!(out, "{}: {}", tr(Msg::Initialized), store.location())?;
            Ok(Outcome::Done)
        }
        Some(Command::Generate { preset, employees, seed, replace, as_of, .. }) => {
            if !*replace && !is_empty(store)? {
                bail!("{}", tr(Msg::DatabaseNotEmpty));
            }
            let shown = !cli.quiet;
            let data = super::progress::busy(shown, tr(Msg::ProgressGenerating), || {
                generate_data(*preset, *employees, *seed, as_of.unwrap_or_else(|| cli.today()))
            });
            super::progress::busy(shown, tr(Msg::ProgressWriting), || store.replace_dataset(&data))?;
            writeln!(out, "{}: {} → {}", tr(Msg::Generated), summary(&data), store.location())?;
            Ok(Outcome::Done)
        }
    }
}

/// `jabat gaps CODE`: a position's holders against its standard, or a unit's matrix.
pub fn gaps(
    store: &dyn Store,
    rules: &crate::rules::RuleSet,
    code: &str,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    use crate::rules::gaps::{gap_matrix, position_gaps};
    use serde_json::json;
    if let Some(p) = store.position_by_code(code)? {
        let input = crate::queries::position_input(store, p, rules)?;
        let rows = position_gaps(&input, &rules.jpm);
        let found = if rows.is_empty() { Outcome::NothingFound } else { Outcome::Done };
        if format.is_json() {
            let holders: Vec<serde_json::Value> = rows
                .iter()
                .map(|(e, m)| {
                    json!({
                        "nip": e.nip.to_string(), "name": e.name, "jpm": m.jpm.map(|j| round(j, 1)),
                        "ikk": m.ikk().map(|i| round(i, 1)), "selection": m.selection(&rules.jpm), "mapping": m.mapping(&rules.jpm),
                        "not_assessed": m.not_assessed(),
                        "gaps": m.gaps.iter().map(|g| json!({
                            "competency": g.competency.id(), "required": g.required, "assessed": g.assessed, "gap": g.gap()
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let standard: Vec<serde_json::Value> =
                input.standard.iter().map(|s| json!({ "competency": s.competency.id(), "level": s.level })).collect();
            let doc = json!({
                "position": input.position.code, "name": input.position.name, "standard": standard, "holders": holders
            });
            super::output::write_json(out, format, &doc)?;
            return Ok(found);
        }
        let table = format == Format::Table;
        let mut columns: Vec<(String, String, bool)> = vec![
            ("nip".into(), tr(Msg::Nip).into(), false),
            ("name".into(), tr(Msg::Name).into(), true),
            ("jpm".into(), "JPM".into(), false),
            ("selection".into(), String::new(), false),
        ];
        for s in &input.standard {
            columns.push((s.competency.id(), format!("{}≥{}", s.competency.short(), s.level), false));
            if !table {
                // Scripts get the gap in a column of its own rather than drawn into the cell.
                columns.push((format!("{}_gap", s.competency.id()), String::new(), false));
            }
        }
        let columns: Vec<(&str, &str, bool)> = columns.iter().map(|(k, h, f)| (k.as_str(), h.as_str(), *f)).collect();
        let mut listing = Listing::new(&columns);
        for (e, m) in &rows {
            let selection = m.selection(&rules.jpm).map(|c| format!("{c:?}").to_lowercase());
            let mut row: Vec<Cell> = vec![
                e.nip.into(),
                e.name.clone().into(),
                Cell::float(m.jpm, 1),
                (if table { selection.map(|c| c.to_uppercase()) } else { selection }).into(),
            ];
            for g in &m.gaps {
                if table {
                    // The level and its symbol; the gap itself is in JSON and CSV.
                    let symbol = crate::rules::gaps::gap_symbol(g.gap().map(f64::from));
                    row.push(match g.assessed {
                        Some(a) => format!("{a}{symbol}").into(),
                        None => symbol.to_string().into(),
                    });
                } else {
                    row.push(g.assessed.into());
                    row.push(g.gap().map(i64::from).into());
                }
            }
            listing.push(row);
        }
        listing.write(out, format, style)?;
        return Ok(found);
    }
    let unit = match store.unit_by_code(code)? {
        Some(u) => u,
        None => {
            writeln!(err, "jabat: {}: {code}", tr(Msg::NotFoundCode))?;
            return Ok(Outcome::NothingFound);
        }
    };
    let matrix = gap_matrix(&crate::queries::subtree_inputs(store, unit.id, rules)?);
    let found = if matrix.rows.is_empty() { Outcome::NothingFound } else { Outcome::Done };
    if format.is_json() {
        let positions: Vec<serde_json::Value> = matrix
            .rows
            .iter()
            .map(|r| {
                let cells: serde_json::Map<String, serde_json::Value> = r
                    .cells
                    .iter()
                    .map(|(c, cell)| {
                        let value = json!({
                            "holders": cell.holders, "assessed": cell.assessed, "below": cell.below,
                            "average_gap": cell.average_gap().map(|g| round(g, 2)),
                            "share_below": cell.share_below().map(|s| round(s, 3)),
                        });
                        (c.id(), value)
                    })
                    .collect();
                json!({
                    "code": r.position.code, "name": r.position.name, "kind": r.position.spec.kind.as_str(),
                    "level": r.position.spec.level.map(|l| l.as_str()), "eselon": r.position.spec.eselon.map(|e| e.to_string()),
                    "holders": r.holders, "severity": round(r.severity(), 2), "cells": cells,
                })
            })
            .collect();
        let worst = matrix.worst().map(|w| {
            json!({
                "competency": w.competency.id(), "assessed": w.assessed, "below": w.below,
                "average_shortfall": round(w.average_shortfall, 2),
            })
        });
        let doc = json!({
            "unit": unit.code, "name": unit.name,
            "competencies": matrix.competencies.iter().map(|c| c.id()).collect::<Vec<_>>(),
            "worst": worst, "positions": positions,
        });
        super::output::write_json(out, format, &doc)?;
        return Ok(found);
    }
    let table = format == Format::Table;
    let mut columns: Vec<(String, String, bool)> = vec![
        ("code".into(), tr(Msg::Code).into(), false),
        ("name".into(), tr(Msg::Name).into(), true),
        ("holders".into(), tr(Msg::Holders).into(), false),
    ];
    for c in &matrix.competencies {
        if table {
            columns.push((c.id(), c.short(), false));
        } else {
            columns.push((format!("{}_average_gap", c.id()), String::new(), false));
            columns.push((format!("{}_share_below", c.id()), String::new(), false));
        }
    }
    let columns: Vec<(&str, &str, bool)> = columns.iter().map(|(k, h, f)| (k.as_str(), h.as_str(), *f)).collect();
    let mut listing = Listing::new(&columns).droppable("name", 1);
    if table {
        writeln!(out, "{}", style.line(&format!("{} {}", unit.code, unit.name)))?;
        writeln!(out, "{}", style.line(tr(Msg::Legend)))?;
    }
    for r in &matrix.rows {
        let mut row: Vec<Cell> =
            vec![r.position.code.clone().into(), r.position.name.clone().into(), u64::from(r.holders).into()];
        for c in &matrix.competencies {
            let cell = r.cells.get(c);
            let gap = cell.and_then(|cell| cell.average_gap());
            let share = cell.and_then(|cell| cell.share_below());
            if table {
                // Compact: the average gap and its symbol (the share below is in JSON
                // and CSV), so ten competencies fit beside the names.
                row.push(match (cell, gap) {
                    (None, _) => "".into(),
                    (Some(_), gap) => format!(
                        "{}{}",
                        gap.map_or(String::new(), |g| format!("{g:+.1}")),
                        crate::rules::gaps::gap_symbol(gap)
                    )
                    .into(),
                });
            } else {
                row.push(Cell::float(gap, 2));
                row.push(Cell::float(share, 3));
            }
        }
        listing.push(row);
    }
    listing.write(out, format, style)?;
    Ok(found)
}

/// `value` rounded to `decimals` places, for JSON.
fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// `jabat candidates CODE`.
#[allow(clippy::too_many_arguments)]
pub fn candidates(
    store: &dyn Store,
    rules: &crate::rules::RuleSet,
    today: Date,
    code: &str,
    limit: usize,
    all: bool,
    explain: Option<&str>,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let Some(target) = store.position_by_code(code)? else {
        writeln!(err, "jabat: {}: {code}", tr(Msg::NotFoundCode))?;
        return Ok(Outcome::NothingFound);
    };
    use crate::rules::ranking::Standing;
    let list = crate::queries::candidates(store, &target, all, rules, today, &|| true)?.expect("never asked to stop");
    if let Some(nip) = explain {
        let nip = Nip::parse(nip).map_err(anyhow::Error::msg)?;
        let Some(e) = list.find(nip).and_then(|e| list.explain(rules, [e]).pop()) else {
            writeln!(err, "jabat: {nip} {}: {code}", tr(Msg::NotConsidered))?;
            return Ok(Outcome::NothingFound);
        };
        match format {
            Format::Json | Format::Ndjson => {
                super::output::write_json(out, format, &serde_json::to_value(&e)?)?;
                return Ok(Outcome::Done);
            }
            Format::Csv | Format::Xlsx => {
                // A row per failed rule (one row, with no rule, when eligible).
                let mut listing = Listing::new(&[
                    ("position", tr(Msg::Position), false),
                    ("nip", tr(Msg::Nip), false),
                    ("name", tr(Msg::Name), true),
                    ("standing", tr(Msg::Standing), false),
                    ("rank", "#", false),
                    ("score", tr(Msg::Score), false),
                    ("jpm", "JPM", false),
                    ("box", "Box", false),
                    ("rule", tr(Msg::Rule), false),
                    ("message", tr(Msg::Reason), true),
                ]);
                let failures: Vec<(Option<&str>, Option<&str>)> = if e.failed.is_empty() {
                    vec![(None, None)]
                } else {
                    e.failed.iter().map(|f| (Some(f.rule), Some(f.message.as_str()))).collect()
                };
                for (rule, message) in failures {
                    listing.push(vec![
                        target.code.clone().into(),
                        e.nip.clone().into(),
                        e.name.clone().into(),
                        e.standing.into(),
                        e.rank.map(u64::from).into(),
                        Cell::Float(e.score, 3),
                        Cell::float(e.jpm, 1),
                        e.nine_box.map(u64::from).into(),
                        rule.into(),
                        message.into(),
                    ]);
                }
                listing.write(out, format, style)?;
                return Ok(Outcome::Done);
            }
            Format::Table => {}
        }
        writeln!(out, "{}", style.line(&format!("{} ({}) → {} {}", e.name, e.nip, target.code, target.name)))?;
        let verdict = match e.rank {
            Some(r) => format!("{}, {} {r}, {} {:.3}", tr(Msg::Eligible), tr(Msg::Rank), tr(Msg::Score), e.score),
            None if e.standing == Standing::Rotation.key() => tr(Msg::Rotations).to_string(),
            None => format!("{}: {} {}", tr(Msg::NotEligible), e.failed.len(), tr(Msg::RulesFailed)),
        };
        writeln!(
            out,
            "{verdict}; JPM {}; box {}",
            e.jpm.map_or("-".into(), |j| format!("{j:.1}")),
            e.nine_box.map_or("-".into(), |b| b.to_string())
        )?;
        for f in &e.failed {
            writeln!(out, "{}", style.line(&format!("  {:<11} {}", f.rule, f.message)))?;
        }
        if !e.experience.is_empty() {
            let posts: Vec<String> = e
                .experience
                .iter()
                .map(|p| {
                    format!(
                        "{} {} – {}",
                        p.kind,
                        p.from,
                        p.to.map_or_else(|| tr(Msg::Now).to_string(), |d| d.to_string())
                    )
                })
                .collect();
            let days: i64 = e.experience.iter().map(crate::rules::eligibility::CountedPost::days).sum();
            let years = format!("{:.1}", days as f64 / 365.25);
            writeln!(out, "{}", style.paragraph(&trf(Msg::ExperienceCounted, &[&years, &posts.join("; ")])))?;
        }
        for note in &e.notes {
            writeln!(out, "{}", style.paragraph(&format!("{}: {note}", tr(Msg::Note))))?;
        }
        return Ok(Outcome::Done);
    }
    if format == Format::Ndjson {
        // A verdict a line, streamed.
        let prepared = list.prepared(rules);
        for entry in &list.ranking.entries {
            if let Some(person) = list.person(entry) {
                serde_json::to_writer(&mut *out, &crate::rules::ranking::explain(&person, entry, &prepared))?;
                writeln!(out)?;
            }
        }
        return Ok(Outcome::Done);
    }
    if format.is_json() {
        // Streamed person by person: a whole database's verdicts need not sit in memory.
        let mut json = serde_json::Serializer::pretty(&mut *out);
        let mut seq = serde::Serializer::serialize_seq(&mut json, Some(list.ranking.entries.len()))?;
        let prepared = list.prepared(rules);
        for entry in &list.ranking.entries {
            if let Some(person) = list.person(entry) {
                serde::ser::SerializeSeq::serialize_element(
                    &mut seq,
                    &crate::rules::ranking::explain(&person, entry, &prepared),
                )?;
            }
        }
        serde::ser::SerializeSeq::end(seq)?;
        writeln!(out)?;
        return Ok(Outcome::Done);
    }
    if matches!(format, Format::Csv | Format::Xlsx) {
        // Everyone, in one table: the eligible ranked, then the near misses, then the
        // rest, each with every rule they fail.
        let mut listing = candidate_listing();
        let prepared = list.prepared(rules);
        for entry in &list.ranking.entries {
            if let Some(person) = list.person(entry) {
                listing.push(candidate_row(&target.code, &crate::rules::ranking::explain(&person, entry, &prepared)));
            }
        }
        listing.write(out, format, style)?;
        return Ok(Outcome::Done);
    }
    let holders = store.holders(target.id)?;
    writeln!(out, "{}", style.line(&format!("{} {} — {}", target.code, target.name, path_text(store, target.unit)?)))?;
    if holders.is_empty() {
        writeln!(out, "{}", tr(Msg::Vacant))?;
    }
    for h in &holders {
        let retires = rules.retirement.date_in(h.birth_date(), Some(&target));
        let line = format!("{}: {} ({}), {} {retires}", tr(Msg::Holders), h.name, h.nip, tr(Msg::Retires));
        writeln!(out, "{}", style.paragraph(&line))?;
    }
    let mut eligible = Listing::new(&[
        ("rank", "#", false),
        ("nip", tr(Msg::Nip), false),
        ("name", tr(Msg::Name), true),
        ("score", tr(Msg::Score), false),
        ("jpm", "JPM", false),
        ("box", "Box", false),
        ("grade", tr(Msg::Grade), false),
        ("current_position", tr(Msg::CurrentPosition), true),
    ]);
    for e in list.explain(rules, list.ranking.of(Standing::Eligible).take(limit)) {
        eligible.push(vec![
            u64::from(e.rank.unwrap_or(0)).into(),
            e.nip.into(),
            e.name.into(),
            Cell::Float(e.score, 3),
            Cell::float(e.jpm, 1),
            e.nine_box.map(u64::from).into(),
            e.grade.into(),
            where_they_sit(&e.current_position, &e.current_unit).into(),
        ]);
    }
    let mut near = Listing::new(&[
        ("nip", tr(Msg::Nip), false),
        ("name", tr(Msg::Name), true),
        ("rule", tr(Msg::Rule), false),
        ("reason", tr(Msg::Reason), true),
        ("current_position", tr(Msg::CurrentPosition), true),
    ]);
    for e in list.explain(rules, list.ranking.of(Standing::NearMiss).take(limit)) {
        let reasons: Vec<&str> = e.failed.iter().map(|f| f.message.as_str()).collect();
        near.push(vec![
            e.nip.clone().into(),
            e.name.clone().into(),
            e.failed.first().map(|f| f.rule).unwrap_or_default().into(),
            reasons.join("; ").into(),
            where_they_sit(&e.current_position, &e.current_unit).into(),
        ]);
    }
    // Those in a post as high: no promotion, listed apart with the post they hold.
    let mut rotations = Listing::new(&[
        ("nip", tr(Msg::Nip), false),
        ("name", tr(Msg::Name), true),
        ("current_position", tr(Msg::CurrentPosition), true),
    ]);
    for entry in list.ranking.of(Standing::Rotation).take(limit) {
        let Some(person) = list.person(entry) else { continue };
        let post = person.facts.position.and_then(|p| list.current.get(&p));
        let at = post.map(|c| where_they_sit(&Some(c.name.clone()), &Some(c.unit.clone())));
        rotations.push(vec![entry.nip.to_string().into(), person.name.to_string().into(), at.into()]);
    }
    let [eligible_count, near_count, others, rotation_count] = list.ranking.counts();
    writeln!(out, "\n{} ({eligible_count})", style.bold(tr(Msg::Eligible)))?;
    eligible.write(out, format, style)?;
    writeln!(out, "\n{} ({near_count})", style.bold(tr(Msg::NearMisses)))?;
    near.write(out, format, style)?;
    if rotation_count > 0 {
        writeln!(out, "\n{} ({rotation_count})", style.bold(tr(Msg::Rotations)))?;
        rotations.write(out, format, style)?;
    }
    writeln!(out, "\n{}", style.paragraph(&format!("{others} {}", tr(Msg::OthersFail))))?;
    Ok(Outcome::Done)
}

/// Where a candidate sits now, as a table shows it: the position, and its unit.
fn where_they_sit(position: &Option<String>, unit: &Option<String>) -> String {
    match (position, unit) {
        (Some(p), Some(u)) if !u.is_empty() => format!("{p} — {u}"),
        (Some(p), _) => p.clone(),
        (None, _) => tr(Msg::NotPlaced).to_string(),
    }
}

/// The columns of `candidates --format csv`: one person each.
fn candidate_listing() -> Listing {
    Listing::new(&[
        ("position", tr(Msg::Position), false),
        ("rank", "#", false),
        ("standing", tr(Msg::Standing), false),
        ("nip", tr(Msg::Nip), false),
        ("name", tr(Msg::Name), true),
        ("score", tr(Msg::Score), false),
        ("jpm", "JPM", false),
        ("box", "Box", false),
        ("failed", tr(Msg::Rule), false),
        ("reasons", tr(Msg::Reason), true),
        ("grade", tr(Msg::Grade), false),
        ("current_position", tr(Msg::CurrentPosition), true),
        ("current_unit", tr(Msg::CurrentUnit), true),
    ])
}

/// One person as a row of [`candidate_listing`].
fn candidate_row(position: &str, e: &crate::rules::ranking::Evaluated) -> Vec<Cell> {
    let mut rules: Vec<String> = e.failed.iter().map(|f| f.rule.to_string()).collect();
    rules.dedup();
    vec![
        position.into(),
        e.rank.map(u64::from).into(),
        e.standing.into(),
        e.nip.clone().into(),
        e.name.clone().into(),
        Cell::Float(e.score, 3),
        Cell::float(e.jpm, 1),
        e.nine_box.map(u64::from).into(),
        Cell::List(rules),
        Cell::List(e.failed.iter().map(|f| f.message.clone()).collect()),
        e.grade.clone().into(),
        e.current_position.clone().into(),
        e.current_unit.clone().into(),
    ]
}

/// `jabat rules`: print the effective rule set, or check a file.
fn rules(
    cli: &Cli,
    show: bool,
    check: Option<&std::path::Path>,
    format: Format,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    if let Some(path) = check {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        crate::rules::RuleSet::with_overrides(&text, &path.display().to_string()).map_err(anyhow::Error::msg)?;
        // With --show in a machine format the verdict is a message; stdout is the rule set.
        if show && format != Format::Table {
            super::output::say(format!("{}: ok", path.display()));
        } else {
            writeln!(out, "{}: ok", path.display())?;
        }
    }
    if !show && check.is_some() {
        return Ok(Outcome::Done);
    }
    let text = super::load_rules(cli)?.to_toml();
    match format {
        Format::Table => write!(out, "{text}")?,
        Format::Json | Format::Ndjson => {
            let table: toml::Table = text.parse().context("the rule set as TOML")?;
            super::output::write_json(out, format, &serde_json::to_value(table)?)?;
        }
        Format::Csv | Format::Xlsx => {
            let table: toml::Table = text.parse().context("the rule set as TOML")?;
            let mut listing = Listing::new(&[("key", "key", false), ("value", "value", true)]);
            flatten_toml("", &toml::Value::Table(table), &mut listing);
            listing.write(out, format, style)?;
        }
    }
    Ok(Outcome::Done)
}

/// Every leaf of a TOML value as a `key,value` row, keys dotted from the top.
fn flatten_toml(prefix: &str, value: &toml::Value, listing: &mut Listing) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten_toml(&key, v, listing);
            }
        }
        toml::Value::String(s) => listing.push(vec![prefix.into(), s.clone().into()]),
        other => listing.push(vec![prefix.into(), other.to_string().into()]),
    }
}

fn generate_data(
    preset: Option<generate::Preset>,
    employees: Option<u64>,
    seed: u64,
    as_of: Date,
) -> crate::model::Dataset {
    let preset = preset.unwrap_or_else(|| employees.map_or(generate::Preset::City, generate::Preset::for_employees));
    generate::generate(generate::Options { preset, employees, seed, as_of })
}

/// "604 units, 2053 positions, 5000 employees", in the interface's language.
pub(super) fn summary(data: &crate::model::Dataset) -> String {
    format!(
        "{} {}, {} {}, {} {}",
        data.units.len(),
        tr(Msg::Units).to_lowercase(),
        data.positions.len(),
        tr(Msg::Positions).to_lowercase(),
        data.employees.len(),
        tr(Msg::Employees).to_lowercase()
    )
}
