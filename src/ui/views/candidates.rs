//! The Candidates view: the ranked list in three groups with the reasons of each, and
//! the comparison of up to three candidates.

use super::*;
use crate::i18n::label;

/// One row of the candidate list as drawn: a section heading or an entry.
enum ListRow {
    Heading(Standing),
    Entry(usize),
}

/// The sections of the list: every standing, the rotations only when there are any.
fn sections(counts: [usize; 4]) -> impl Iterator<Item = (Standing, usize)> {
    Standing::ALL.into_iter().zip(counts).filter(|(s, n)| *s != Standing::Rotation || *n > 0)
}

/// Row `v` of the list: the entries in their order, each section after its heading.
fn list_row(v: usize, counts: [usize; 4]) -> ListRow {
    let (mut heading, mut before) = (0, 0);
    for (standing, n) in sections(counts) {
        if v == heading {
            return ListRow::Heading(standing);
        }
        if v <= heading + n {
            return ListRow::Entry(before + v - heading - 1);
        }
        heading += n + 1;
        before += n;
    }
    ListRow::Entry(before + v.saturating_sub(heading))
}

/// Where entry `k` is drawn.
fn row_of_entry(k: usize, counts: [usize; 4]) -> usize {
    let mut before = 0;
    for (headings, (_, n)) in sections(counts).enumerate() {
        if k < before + n {
            return k + headings + 1;
        }
        before += n;
    }
    k + sections(counts).count()
}

/// The marks drawn before a candidate's name: decision, note, marked for comparison.
fn marks(app: &App, nip: crate::model::Nip) -> String {
    use crate::model::Decision;
    let mark = app.views.review.as_ref().and_then(|r| r.mark(nip));
    let decision = match mark.and_then(|m| m.decision) {
        Some(Decision::Nominated) => '★',
        Some(Decision::Shortlisted) => '✓',
        Some(Decision::Rejected) => '✗',
        None => ' ',
    };
    let note = if mark.is_some_and(|m| m.note.is_some()) { '✎' } else { ' ' };
    let compared = if app.views.compare.contains(&nip) { '◆' } else { ' ' };
    format!("{decision}{note}{compared}")
}

pub(super) fn candidate_lines(
    c: &Candidates,
    app: &App,
    took: &str,
    width: usize,
    height: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let list = &c.list;
    let target = &list.target;
    let mut lines =
        vec![Line::styled(truncate(&format!("{} ({})", target.name, target.code), width), theme.position())];
    if c.holders.is_empty() {
        lines.push(Line::styled(tr(Msg::Vacant), theme.vacant()));
    }
    // A pelaksana position can have dozens of holders: the first few say enough.
    const HOLDERS_SHOWN: usize = 3;
    for h in c.holders.iter().take(HOLDERS_SHOWN) {
        let retires = app.rules.retirement.date_in(h.birth_date(), Some(target));
        lines.push(Line::from(truncate(
            &format!("{}: {} · {} {retires}", tr(Msg::HeldBy), h.name, tr(Msg::Retires)),
            width,
        )));
    }
    if c.holders.len() > HOLDERS_SHOWN {
        lines.push(Line::styled(format!("  … +{}", c.holders.len() - HOLDERS_SHOWN), theme.dim()));
    }
    let all = list.ranking.counts();
    let rotations = if all[3] > 0 { format!(" · {} {}", tr(Msg::RotationsShort), all[3]) } else { String::new() };
    lines.push(Line::from(truncate(
        &format!(
            "{} {} · {} {} · {} {}{rotations} · {took}",
            tr(Msg::Eligible),
            all[0],
            tr(Msg::NearMissesShort),
            all[1],
            tr(Msg::Ineligible),
            all[2]
        ),
        width,
    )));
    let [shortlisted, rejected, nominated] = app.views.review.as_ref().map_or([0; 3], |r| r.counts());
    lines.push(Line::styled(
        truncate(
            &format!(
                "{}: {} · {}: {} · ✓ {shortlisted} ✗ {rejected} ★ {nominated}",
                tr(Msg::Filtered),
                app.views.filter.label(),
                tr(Msg::SortedBy),
                app.views.sort.label()
            ),
            width,
        ),
        theme.dim(),
    ));
    let entry_of = |k: usize| app.views.visible.get(k).and_then(|i| list.ranking.entries.get(*i as usize));
    let mut counts = [0; 4];
    for k in 0..app.views.visible.len() {
        if let Some(e) = entry_of(k) {
            counts[e.standing() as usize] += 1;
        }
    }
    let prepared = list.prepared(&app.rules);
    let explained = |k: usize| {
        let entry = entry_of(k)?;
        Some(explain(&list.person(entry)?, entry, &prepared))
    };
    // The highlighted person's reasons and note go at the foot, in full.
    let mut footer: Vec<Line<'static>> = Vec::new();
    if let Some(e) = explained(app.views.cursor) {
        footer.push(Line::styled(truncate(&format!("{} · {}", e.name, e.nip), width), theme.heading()));
        let at = e.place().unwrap_or_else(|| tr(Msg::NotPlaced).to_string());
        footer.push(Line::from(truncate(&format!("  {}: {at}", tr(Msg::CurrentPosition)), width)));
        footer.extend(
            e.failed
                .iter()
                .take(4)
                .map(|f| Line::from(truncate(&format!("  {}: {}", label::rule(f.rule), f.message), width))),
        );
        // The field and a follow-up (a training to attend) first, as the list gives them.
        footer.extend(e.notes.iter().take(2).map(|n| Line::styled(truncate(&format!("  {n}"), width), theme.dim())));
        let nip = entry_of(app.views.cursor).map(|x| x.nip);
        if let Some(mark) = nip.and_then(|n| app.views.review.as_ref()?.mark(n)) {
            let what = mark.decision.map_or(String::new(), |d| format!("{} · ", decision_text(d)));
            let note = mark.note.as_deref().map_or(String::new(), |n| format!("{}: {n} · ", tr(Msg::Note)));
            footer.push(Line::styled(
                truncate(
                    &format!("  {what}{note}{} {} {}", tr(Msg::By), mark.stamp.user, mark.stamp.local_time()),
                    width,
                ),
                theme.dim(),
            ));
        }
    }
    let name_width = width.saturating_sub(39).clamp(10, 40);
    // The columns of the ranked rows; the others name the rules they fail there.
    lines.push(Line::styled(
        truncate(
            &format!(
                "   {:>4} {:<name_width$} {:>5} {:>5} {:>2} {:<5} {}",
                "#",
                tr(Msg::Name),
                tr(Msg::Score),
                "JPM",
                tr(Msg::BoxShort).chars().next().unwrap_or('B'),
                tr(Msg::Grade),
                tr(Msg::CurrentPosition)
            ),
            width,
        ),
        theme.heading(),
    ));
    if app.views.visible.is_empty() {
        lines.push(Line::styled(tr(Msg::NoCandidatesShown), theme.dim()));
    }
    let rows = height.saturating_sub(lines.len() + footer.len());
    let total_rows = app.views.visible.len() + sections(counts).count();
    let cursor_row = row_of_entry(app.views.cursor, counts);
    let start = window_start(cursor_row, rows);
    for v in (start..total_rows).take(rows) {
        let line = match list_row(v, counts) {
            ListRow::Heading(standing) => {
                let (label, n) = match standing {
                    Standing::Eligible => (tr(Msg::Eligible), counts[0]),
                    Standing::NearMiss => (tr(Msg::NearMisses), counts[1]),
                    Standing::Ineligible => (tr(Msg::Ineligible), counts[2]),
                    Standing::Rotation => (tr(Msg::Rotations), counts[3]),
                };
                Line::styled(truncate(&format!("── {label} ({n}) "), width), theme.heading())
            }
            ListRow::Entry(k) => {
                let (Some(e), Some(entry)) = (explained(k), entry_of(k)) else { continue };
                let name = format!("{:<name_width$}", truncate(&e.name, name_width));
                let marks = marks(app, entry.nip);
                let text = match e.rank {
                    Some(rank) => format!(
                        "{marks}{rank:>4} {name} {:.3} {:>5} {:>2} {:<5} {}",
                        e.score,
                        e.jpm.map_or("-".to_string(), |j| format!("{j:.1}")),
                        e.nine_box.map_or("-".to_string(), |b| b.to_string()),
                        e.grade.clone().unwrap_or_default(),
                        e.current_position.clone().unwrap_or_default()
                    ),
                    // A rotation says the post they hold, as high as this one.
                    None if entry.rotation => {
                        let post = list
                            .person(entry)
                            .and_then(|p| list.current.get(&p.facts.position?))
                            .map_or_else(String::new, |c| c.name.clone());
                        format!("{marks}     {name} {}: {post}", tr(Msg::RotationFrom))
                    }
                    None if !e.failed.is_empty() && e.failed.iter().all(|f| f.rule == e.failed[0].rule) => {
                        format!("{marks}     {name} {}: {}", label::rule(e.failed[0].rule), e.failed[0].message)
                    }
                    None => {
                        let mut rules: Vec<&str> = e.failed.iter().map(|f| label::rule(f.rule)).collect();
                        rules.dedup();
                        format!("{marks}     {name} {}", rules.join(", "))
                    }
                };
                let style = if k == app.views.cursor { theme.selected() } else { Style::new() };
                Line::styled(truncate(&text, width), style)
            }
        };
        lines.push(line);
    }
    lines.extend(footer);
    lines
}

fn decision_text(d: crate::model::Decision) -> &'static str {
    use crate::model::Decision;
    tr(match d {
        Decision::Shortlisted => Msg::Shortlisted,
        Decision::Rejected => Msg::Rejected,
        Decision::Nominated => Msg::Nominated,
    })
}

/// The marked candidates side by side, over the pane.
pub fn comparison(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let Some(c) = app.candidates() else { return };
    if area.width < 20 || area.height < 5 {
        return;
    }
    let list = &c.list;
    let prepared = list.prepared(&app.rules);
    let people: Vec<_> = app
        .views
        .compare
        .iter()
        .filter_map(|nip| {
            let entry = list.find(*nip)?;
            let person = list.person(entry)?;
            Some((explain(&person, entry, &prepared), person))
        })
        .collect();
    frame.render_widget(ratatui::widgets::Clear, area);
    let block = Block::new().borders(Borders::ALL).border_style(theme.focused_border()).title(format!(
        " {} — {} ",
        tr(Msg::Comparison),
        list.target.code
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_width = 18usize;
    let column = ((inner.width as usize).saturating_sub(label_width) / people.len().max(1)).clamp(8, 36);
    let mut rows: Vec<(String, Vec<String>, Option<Vec<Style>>)> = Vec::new();
    let text_row = |label: &str, values: Vec<String>| (label.to_string(), values, None);
    rows.push(text_row(tr(Msg::Name), people.iter().map(|(e, _)| e.name.clone()).collect()));
    rows.push(text_row(tr(Msg::Nip), people.iter().map(|(e, _)| e.nip.clone()).collect()));
    rows.push(text_row(
        tr(Msg::CurrentPosition),
        people.iter().map(|(e, _)| e.current_position.clone().unwrap_or_else(|| tr(Msg::NotPlaced).into())).collect(),
    ));
    rows.push(text_row(
        tr(Msg::CurrentUnit),
        people.iter().map(|(e, _)| e.current_unit.clone().unwrap_or_default()).collect(),
    ));
    rows.push(text_row(
        tr(Msg::Standing),
        people
            .iter()
            .map(|(e, _)| match e.rank {
                Some(r) => format!("#{r} {}", tr(Msg::Eligible).to_lowercase()),
                None if e.standing == Standing::Rotation.key() => tr(Msg::RotationsShort).to_string(),
                None => format!("{} {}", e.failed.len(), tr(Msg::RulesFailed)),
            })
            .collect(),
    ));
    rows.push(text_row(tr(Msg::Score), people.iter().map(|(e, _)| format!("{:.3}", e.score)).collect()));
    rows.push(text_row("JPM", people.iter().map(|(e, _)| e.jpm.map_or("-".into(), |j| format!("{j:.1}"))).collect()));
    rows.push(text_row(
        tr(Msg::BoxShort),
        people.iter().map(|(e, _)| e.nine_box.map_or("-".into(), |b| b.to_string())).collect(),
    ));
    rows.push(text_row(tr(Msg::Grade), people.iter().map(|(e, _)| e.grade.clone().unwrap_or_default()).collect()));
    let years = |d: Option<crate::model::Date>| d.map_or("-".to_string(), |d| d.years_until(list.today).to_string());
    rows.push(text_row(tr(Msg::YearsInGrade), people.iter().map(|(_, p)| years(p.facts.grade_since)).collect()));
    rows.push(text_row(tr(Msg::Service), people.iter().map(|(_, p)| years(Some(p.facts.service_start))).collect()));
    rows.push(text_row(
        tr(Msg::Education),
        people.iter().map(|(_, p)| p.facts.education.map_or("-".into(), |e| e.to_string())).collect(),
    ));
    let this_year = list.today.year();
    for year in (this_year - 3)..this_year {
        rows.push(text_row(
            &format!("{} {year}", tr(Msg::Rating)),
            people
                .iter()
                .map(|(_, p)| {
                    p.ratings
                        .iter()
                        .find(|r| i32::from(r.year) == year)
                        .map_or("-".into(), |r| label::rating(r.rating).into())
                })
                .collect(),
        ));
    }
    for s in &list.standard {
        let mut values = Vec::new();
        let mut styles = Vec::new();
        for (_, p) in &people {
            let level = p.levels.get(&s.competency);
            values.push(level.map_or("?".into(), |l| format!("{l} ({:+})", i16::from(l) - i16::from(s.level))));
            styles.push(match level {
                None => theme.dim(),
                Some(l) if l < s.level => theme.shortage(),
                Some(_) => theme.surplus(),
            });
        }
        // A technical competency by its name (its short form is its identifier), cut so
        // that the level it asks still shows.
        let level = format!(" ≥{}", s.level);
        let name = match &s.competency {
            crate::model::Competency::Teknis(_) => {
                truncate(&label::competency(&s.competency), (label_width - 1).saturating_sub(level.chars().count()))
            }
            c => c.short(),
        };
        rows.push((format!("{name}{level}"), values, Some(styles)));
    }
    rows.push(text_row(
        tr(Msg::Rule),
        people
            .iter()
            .map(|(e, _)| {
                let mut ids: Vec<&str> = e.failed.iter().map(|f| label::rule(f.rule)).collect();
                ids.dedup();
                if ids.is_empty() { "—".into() } else { ids.join(", ") }
            })
            .collect(),
    ));
    rows.push(text_row(
        tr(Msg::Decision),
        people
            .iter()
            .map(|(e, _)| {
                let nip = crate::model::Nip::parse(&e.nip).ok();
                let mark = nip.and_then(|n| app.views.review.as_ref()?.mark(n));
                let decision = mark.and_then(|m| m.decision).map_or("-".to_string(), |d| decision_text(d).to_string());
                match mark.and_then(|m| m.note.as_deref()) {
                    Some(note) => format!("{decision} · {note}"),
                    None => decision,
                }
            })
            .collect(),
    ));
    let lines: Vec<Line<'static>> = rows
        .into_iter()
        .map(|(label, values, styles)| {
            let mut spans =
                vec![Span::styled(format!("{:<label_width$}", truncate(&label, label_width - 1)), theme.dim())];
            for (i, v) in values.iter().enumerate() {
                let style = styles.as_ref().and_then(|s| s.get(i).copied()).unwrap_or_default();
                spans.push(Span::styled(format!("{:<column$}", truncate(v, column.saturating_sub(1))), style));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_drawn_on_its_own_row_between_the_headings() {
        for counts in [[0, 0, 0, 0], [2, 0, 3, 0], [0, 1, 0, 0], [3, 2, 4, 0], [1, 0, 2, 3], [0, 0, 0, 2]] {
            let total: usize = counts.iter().sum();
            let sections = 3 + usize::from(counts[3] > 0);
            for k in 0..total {
                assert!(matches!(list_row(row_of_entry(k, counts), counts), ListRow::Entry(x) if x == k));
            }
            let headings: Vec<Standing> = (0..total + sections)
                .filter_map(|v| match list_row(v, counts) {
                    ListRow::Heading(s) => Some(s),
                    ListRow::Entry(_) => None,
                })
                .collect();
            assert_eq!(headings.len(), sections, "{counts:?}");
            assert_eq!(
                headings.contains(&Standing::Rotation),
                counts[3] > 0,
                "rotations only when there are: {counts:?}"
            );
        }
    }
}
