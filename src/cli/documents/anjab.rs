//! `jabat anjab POS`: a position's job description in the form's order.

use super::*;

/// The headings of an anjab's sections, in the form's order (the uraian tugas apart).
fn anjab_sections() -> [(crate::model::Section, Msg); 9] {
    use crate::model::Section as S;
    [
        (S::Material, Msg::AnjabMaterials),
        (S::Tool, Msg::AnjabTools),
        (S::Responsibility, Msg::AnjabResponsibilities),
        (S::Authority, Msg::AnjabAuthorities),
        (S::Correlation, Msg::AnjabCorrelations),
        (S::Condition, Msg::AnjabConditions),
        (S::Hazard, Msg::AnjabHazards),
        (S::Requirement, Msg::AnjabRequirements),
        (S::Expected, Msg::AnjabExpected),
    ]
}

/// A position's anjab with what it is read with: its unit's path, its tasks.
struct AnjabDocument {
    position: crate::model::Position,
    path: String,
    tasks: Vec<crate::model::Task>,
    anjab: crate::model::JobDescription,
    /// The job evaluation of its factor levels, when it holds any.
    evaluation: Option<crate::rules::evaluation::Evaluation>,
}

impl AnjabDocument {
    /// The requirements, each key once with its texts joined.
    fn requirements(&self) -> Vec<(String, String)> {
        use crate::model::{REQUIREMENTS, Section};
        REQUIREMENTS
            .iter()
            .filter_map(|key| {
                let texts: Vec<&str> = self.anjab.item(Section::Requirement, key).collect();
                (!texts.is_empty()).then(|| (key.to_string(), texts.join("; ")))
            })
            .collect()
    }

    /// The uraian tugas: each task with its steps and result (the anjab's rows for it).
    fn duties(&self) -> Vec<(&crate::model::Task, Vec<&str>, Option<&str>)> {
        use crate::model::Section;
        self.tasks
            .iter()
            .map(|t| {
                let steps = self.anjab.item(Section::TaskStep, &t.name).collect();
                (t, steps, self.anjab.item(Section::TaskResult, &t.name).next())
            })
            .collect()
    }

    fn json(&self) -> Value {
        use crate::model::Section;
        let mut doc = serde_json::Map::new();
        doc.insert("code".into(), self.position.code.clone().into());
        doc.insert("name".into(), self.position.name.clone().into());
        doc.insert("unit".into(), self.path.clone().into());
        doc.insert("class".into(), self.position.spec.class.map_or(Value::Null, Value::from));
        doc.insert("evaluation".into(), self.evaluation.as_ref().map_or(Value::Null, evaluation_json));
        doc.insert("summary".into(), self.anjab.texts(Section::Summary).collect::<Vec<_>>().join(" ").into());
        let duties: Vec<Value> = self
            .duties()
            .into_iter()
            .map(|(t, steps, result)| {
                json!({"task": t.name, "steps": steps, "result": result, "volume": t.volume, "minutes": t.minutes,
                       "workload_minutes": t.workload()})
            })
            .collect();
        doc.insert("duties".into(), duties.into());
        for (section, _) in anjab_sections() {
            if section == Section::Requirement {
                let reqs: serde_json::Map<String, Value> =
                    self.requirements().into_iter().map(|(k, v)| (k, v.into())).collect();
                doc.insert("requirements".into(), reqs.into());
            } else {
                let texts: Vec<&str> = self.anjab.texts(section).collect();
                let key = match section {
                    Section::Material => "materials",
                    Section::Tool => "tools",
                    Section::Responsibility => "responsibilities",
                    Section::Authority => "authorities",
                    Section::Correlation => "correlations",
                    Section::Condition => "conditions",
                    Section::Hazard => "hazards",
                    _ => "expected",
                };
                doc.insert(key.into(), texts.into());
            }
        }
        Value::Object(doc)
    }

    fn text(&self, out: &mut dyn Write, style: &Style) -> std::io::Result<()> {
        use crate::model::Section;
        let p = &self.position;
        writeln!(out, "{}", style.bold(&tr(Msg::AnjabTitle).to_uppercase()))?;
        for (label, value) in [
            (tr(Msg::Name), p.name.clone()),
            (tr(Msg::Code), p.code.clone()),
            (tr(Msg::Path), self.path.clone()),
            (tr(Msg::AnjabClass), self.class_line()),
        ] {
            writeln!(out, "{}", style.paragraph(&format!("{label}: {value}")))?;
        }
        let mut number = 0;
        let mut heading = |out: &mut dyn Write, msg: Msg| -> std::io::Result<()> {
            number += 1;
            writeln!(out)?;
            writeln!(out, "{}", style.bold(&format!("{number}. {}", tr(msg))))
        };
        heading(out, Msg::AnjabSummary)?;
        for t in self.anjab.texts(Section::Summary) {
            writeln!(out, "{}", style.paragraph(&format!("   {t}")))?;
        }
        heading(out, Msg::AnjabTasks)?;
        for (i, (t, steps, result)) in self.duties().into_iter().enumerate() {
            writeln!(out, "{}", style.paragraph(&format!("   {}) {}", i + 1, t.name)))?;
            for (k, step) in steps.iter().enumerate() {
                let letter = char::from(b'a' + (k % 26) as u8);
                writeln!(out, "{}", style.paragraph(&format!("      {letter}. {step}")))?;
            }
            let line = format!(
                "      {}",
                trf(Msg::AnjabDutyLine, &[&tr(Msg::AnjabResult), &result.unwrap_or("-"), &t.volume, &t.minutes])
            );
            writeln!(out, "{}", style.paragraph(&line))?;
        }
        for (section, msg) in anjab_sections() {
            heading(out, msg)?;
            if section == Section::Requirement {
                for (k, v) in self.requirements() {
                    writeln!(out, "{}", style.paragraph(&format!("   {}: {v}", crate::i18n::label::requirement(&k))))?;
                }
            } else {
                for t in self.anjab.texts(section) {
                    writeln!(out, "{}", style.paragraph(&format!("   - {t}")))?;
                }
            }
        }
        heading(out, Msg::AnjabClass)?;
        writeln!(out, "{}", style.paragraph(&format!("   {}", self.class_line())))?;
        if let Some(e) = &self.evaluation {
            writeln!(out)?;
            writeln!(out, "{}", style.bold(&format!("   {}", tr(Msg::AnjabEvaluation))))?;
            let width = e.factors.iter().map(|f| crate::i18n::label::factor(f.factor).chars().count()).max();
            for f in &e.factors {
                let name = crate::i18n::label::factor(f.factor);
                let pad = " ".repeat(width.unwrap_or(0) - name.chars().count());
                let points = f.points.map_or_else(|| "-".into(), |p| p.to_string());
                let line = format!("   {name}{pad}  {} {}  {points:>5}", tr(Msg::AnjabLevel), f.level);
                writeln!(out, "{}", style.paragraph(&line))?;
            }
            writeln!(out, "{}", style.paragraph(&format!("   {}", e.summary())))?;
        }
        Ok(())
    }

    /// The stored kelas, and beside it what the job evaluation gives when it is
    /// complete: `9 (1 295 points → class 9)`.
    fn class_line(&self) -> String {
        let stored = self.position.spec.class.map_or_else(|| "-".into(), |c| c.to_string());
        match &self.evaluation {
            Some(e) => format!("{stored} ({})", e.summary()),
            None => stored,
        }
    }

    fn paper(
        &self,
        settings: &crate::config::Documents,
        signer: &crate::documents::chart::Signatory,
    ) -> crate::print::Paper {
        use crate::model::Section;
        use crate::print::{Block, Column, Paper, Signature, Table};
        let p = &self.position;
        let mut blocks = vec![Block::Facts(vec![
            (tr(Msg::Name).into(), p.name.clone()),
            (tr(Msg::Code).into(), p.code.clone()),
            (tr(Msg::Path).into(), self.path.clone()),
        ])];
        let mut number = 0;
        let mut heading = |blocks: &mut Vec<Block>, msg: Msg| {
            number += 1;
            blocks.push(Block::Heading(format!("{number}. {}", tr(msg))));
        };
        heading(&mut blocks, Msg::AnjabSummary);
        blocks.extend(self.anjab.texts(Section::Summary).map(|t| Block::Paragraph(t.into())));
        heading(&mut blocks, Msg::AnjabTasks);
        let rows = self
            .duties()
            .into_iter()
            .enumerate()
            .map(|(i, (t, steps, result))| {
                let steps: Vec<String> = steps
                    .iter()
                    .enumerate()
                    .map(|(k, s)| format!("{}. {s}", char::from(b'a' + (k % 26) as u8)))
                    .collect();
                let name = if steps.is_empty() { t.name.clone() } else { format!("{}\n{}", t.name, steps.join("\n")) };
                vec![
                    (i + 1).to_string(),
                    name,
                    result.unwrap_or("").to_string(),
                    t.volume.to_string(),
                    t.minutes.to_string(),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            columns: vec![
                Column::number("No", 0.5),
                Column::text(tr(Msg::AnjabTasks), 5.0),
                Column::text(tr(Msg::AnjabResult), 1.6),
                Column::number(tr(Msg::AnjabVolume), 1.2),
                Column::number(tr(Msg::AnjabMinutes), 1.0),
            ],
            rows,
            bold: Vec::new(),
        }));
        for (section, msg) in anjab_sections() {
            heading(&mut blocks, msg);
            if section == Section::Requirement {
                let facts =
                    self.requirements().into_iter().map(|(k, v)| (crate::i18n::label::requirement(&k), v)).collect();
                blocks.push(Block::Facts(facts));
            } else {
                let items: Vec<String> =
                    self.anjab.texts(section).enumerate().map(|(i, t)| format!("{}. {t}", i + 1)).collect();
                blocks.push(Block::Paragraph(if items.is_empty() { "-".into() } else { items.join("\n") }));
            }
        }
        heading(&mut blocks, Msg::AnjabClass);
        blocks.push(Block::Paragraph(self.class_line()));
        if let Some(e) = &self.evaluation {
            let rows = e
                .factors
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let points = f.points.map_or_else(|| "-".into(), |p| p.to_string());
                    vec![(i + 1).to_string(), crate::i18n::label::factor(f.factor), f.level.to_string(), points]
                })
                .collect();
            blocks.push(Block::Table(Table {
                columns: vec![
                    Column::number("No", 0.5),
                    Column::text(tr(Msg::AnjabFactor), 5.0),
                    Column::number(tr(Msg::AnjabLevel), 1.0),
                    Column::number(tr(Msg::AnjabPoints), 1.0),
                ],
                rows,
                bold: Vec::new(),
            }));
            blocks.push(Block::Paragraph(e.summary()));
        }
        blocks.push(Block::Paragraph(signer.place_date.clone()));
        blocks.push(Block::Signatures(vec![Signature {
            role: signer.role.clone(),
            name: signer.name.clone(),
            id: signer.id.clone(),
        }]));
        Paper {
            title: format!("{} — {}", tr(Msg::AnjabTitle), p.name),
            subtitle: settings
                .agency
                .clone()
                .unwrap_or_else(|| self.path.split(" › ").next().unwrap_or("").to_string()),
            blocks,
            footer: format!("jabat · {} {}", tr(Msg::AnjabTitle), p.code),
            page_of: tr(Msg::PageOf).into(),
            landscape: false,
        }
    }
}

/// An evaluation as the anjab's JSON has it: the factors with level and points, the
/// value, the kelas (null when it gives none) and the problems by stable key.
fn evaluation_json(e: &crate::rules::evaluation::Evaluation) -> Value {
    let factors: Vec<Value> =
        e.factors.iter().map(|f| json!({"factor": f.factor, "level": f.level, "points": f.points})).collect();
    json!({
        "factors": factors,
        "points": e.points,
        "class": e.class,
        "problems": serde_json::to_value(&e.problems).unwrap_or(Value::Null),
    })
}

/// `jabat anjab POS`: a position's job description in the form's order.
pub fn anjab(
    store: &dyn Store,
    (rules, settings): (&crate::rules::RuleSet, &crate::config::Documents),
    (code, today): (&str, Date),
    format: AnjabFormat,
    out: &mut dyn Write,
    style: &Style,
) -> anyhow::Result<Outcome> {
    let Some(position) = store.position_by_code(code)? else {
        crate::cli::output::say(format!("jabat: {code}: {}", tr(Msg::NothingFound)));
        return Ok(Outcome::NothingFound);
    };
    let Some(anjab) = store.anjab(position.id)? else {
        crate::cli::output::say(format!("jabat: {code}: {}", tr(Msg::AnjabNone)));
        return Ok(Outcome::NothingFound);
    };
    let doc = AnjabDocument {
        path: crate::queries::path_text(store, position.unit)?,
        tasks: store.tasks(position.id)?,
        evaluation: crate::rules::evaluation::evaluate(position.spec.kind, &anjab, &rules.job_evaluation),
        anjab,
        position,
    };
    match format {
        AnjabFormat::Text => doc.text(out, style)?,
        AnjabFormat::Json => crate::cli::output::write_json(out, Format::Json, &doc.json())?,
        AnjabFormat::Ndjson => crate::cli::output::write_json(out, Format::Ndjson, &doc.json())?,
        AnjabFormat::Csv | AnjabFormat::Xlsx => {
            let mut listing = Listing::new(&[
                ("position_code", tr(Msg::Code), false),
                ("section", "", false),
                ("item", "", true),
                ("text", "", true),
            ]);
            for r in &doc.anjab.rows {
                let row = vec![
                    doc.position.code.clone().into(),
                    r.section.key().into(),
                    r.item.clone().into(),
                    r.text.clone().into(),
                ];
                listing.push(row);
            }
            let format = if format == AnjabFormat::Csv { Format::Csv } else { Format::Xlsx };
            listing.write(out, format, style)?;
        }
        AnjabFormat::Pdf => {
            let head = store.positions_of(doc.position.unit)?.into_iter().find(|p| p.spec.head);
            let signer = signatory(store, settings, head.as_ref().map(|h| (h.id, h.name.as_str())), today)?;
            crate::cli::review::write_pdf(&doc.paper(settings, &signer), out, style)?;
        }
    }
    Ok(Outcome::Done)
}

/// Output format of `anjab`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
pub enum AnjabFormat {
    /// The form as text, its headings in the interface's language.
    #[default]
    Text,
    /// One JSON document.
    Json,
    /// The JSON document on one line.
    Ndjson,
    /// Its rows as `anjab.csv` has them (`position_code, section, item, text`).
    Csv,
    /// The same rows as a spreadsheet (to --out FILE or a pipe).
    Xlsx,
    /// The form to print (to --out FILE, or a pipe).
    Pdf,
}
