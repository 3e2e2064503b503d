//! Text folding for search: case- and accent-insensitive tokens.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The most characters a name (of a unit, position, person, training or task), a code
/// or any imported value may have: the longest real nomenclature is under 200.
pub const MAX_NAME: usize = 500;

/// The most characters a note, a reason or a draft's name may have.
pub const MAX_NOTE: usize = 2000;

/// Why a text cannot be stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextProblem {
    /// It holds a control character (escape, bell, NUL, a line end …), which could
    /// steer a terminal that shows it.
    Control(char),
    /// It is longer than allowed.
    TooLong {
        /// Its length in characters.
        chars: usize,
        /// The most allowed.
        max: usize,
    },
}

impl std::fmt::Display for TextProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TextProblem::Control(c) => write!(f, "holds a control character (U+{:04X}); remove it", *c as u32),
            TextProblem::TooLong { chars, max } => write!(f, "is {chars} characters long; at most {max} are allowed"),
        }
    }
}

/// What is wrong with `text` as a stored value of at most `max` characters, if anything.
/// Every way in (import, operations, forms, reasons, notes, drafts) asks this.
pub fn text_problem(text: &str, max: usize) -> Option<TextProblem> {
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Some(TextProblem::Control(c));
    }
    let chars = text.chars().count();
    (chars > max).then_some(TextProblem::TooLong { chars, max })
}

/// `text` safe to print on a terminal: each control character becomes its visible
/// picture (ESC `␛`, BEL `␇`, NUL `␀`, a line end `␊` …), so a value can never steer the
/// terminal. Every way out to a terminal uses it.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| match c as u32 {
                n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
                0x7f => '\u{2421}',
                _ if c.is_control() => '\u{fffd}',
                _ => c,
            })
            .collect(),
    )
}

/// A message for a terminal (standard error, the status bar) that may run over several
/// lines: like [`printable`], but its own line ends stay line ends. What it quotes (a
/// column's name, a value, a line of a file, an argument) can then never steer the
/// terminal, and a quoted line end shows as `␊` only inside a quoted value's own
/// `printable`.
pub fn printable_lines(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.split('\n').map(|line| printable(line).into_owned()).collect::<Vec<_>>().join("\n"))
}

/// `text` folded into lines of at most `width` columns, at spaces where it can, inside
/// a word where a word is longer than a line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let sep = usize::from(!line.is_empty());
        if line.width() + sep + word.width() <= width {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if line.width() + c.width().unwrap_or(0) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` cut to `width` columns with an ellipsis.
pub fn truncate(text: &str, width: usize) -> String {
    truncate_keeping(text, width, false)
}

/// `text` cut to `width` columns from the front, `…` first: for codes and numbers,
/// whose end tells them apart (`…23.03-J01`).
pub fn truncate_front(text: &str, width: usize) -> String {
    truncate_keeping(text, width, true)
}

fn truncate_keeping(text: &str, width: usize, end: bool) -> String {
    if end {
        if text.width() <= width {
            return text.to_string();
        }
        if width == 0 {
            return String::new();
        }
        let mut kept: Vec<char> = Vec::new();
        let mut used = 0;
        for c in text.chars().rev() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w + 1 > width {
                break;
            }
            kept.push(c);
            used += w;
        }
        return std::iter::once('…').chain(kept.into_iter().rev()).collect();
    }
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Lower-cases `text` and removes accents (`Andrés` → `andres`).
pub fn fold(text: &str) -> String {
    text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// The folded search tokens of `text`: runs of letters and digits. Single letters
/// (initials, the pieces of `S.E.`) are dropped, since no one searches by them.
pub fn tokens(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out: Vec<String> = Vec::new();
    for token in folded.split(|c: char| !c.is_alphanumeric()) {
        if token.chars().count() >= 2 && !out.iter().any(|t| t == token) {
            out.push(token.to_string());
        }
    }
    out
}

/// Words left out of acronyms, as Indonesian agencies form them (BKPSDM is "Badan
/// Kepegawaian dan Pengembangan Sumber Daya Manusia").
const ACRONYM_SKIP: [&str; 6] = ["dan", "di", "ke", "dari", "pada", "untuk"];

/// The acronym of a name: the first letters of its words, without the small joining
/// words; `None` for names of fewer than three counted words.
pub fn acronym(text: &str) -> Option<String> {
    let folded = fold(text);
    let letters: String = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !ACRONYM_SKIP.contains(w))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphabetic())
        .collect();
    (letters.chars().count() >= 3).then_some(letters)
}

/// The folded tokens of a query; unlike [`tokens`] it keeps one-letter tokens, since
/// the user may still be typing.
pub fn query_tokens(query: &str) -> Vec<String> {
    fold(query).split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_folds_at_spaces_and_inside_words_longer_than_a_line() {
        assert_eq!(wrap("move-unit 1276.23 refused here", 12), ["move-unit", "1276.23", "refused here"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), [""]);
        assert!(wrap("a long line of words to fold", 7).iter().all(|l| l.width() <= 7));
    }

    #[test]
    fn truncation_counts_terminal_columns() {
        assert_eq!(truncate("Badan Kepegawaian", 8), "Badan K…");
        assert_eq!(truncate("Dinas", 8), "Dinas");
        assert_eq!(truncate("abc", 1), "…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("ANDRÉS Müller"), "andres muller");
    }

    #[test]
    fn acronyms_skip_joining_words() {
        assert_eq!(acronym("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia").as_deref(), Some("bkpsdm"));
        assert_eq!(acronym("Badan Pengelolaan Keuangan dan Aset Daerah").as_deref(), Some("bpkad"));
        assert_eq!(acronym("Dinas Sosial"), None);
    }

    #[test]
    fn tokens_drop_initials_and_duplicates() {
        assert_eq!(tokens("Dr. Siti Nasution, S.E., M.Si."), ["dr", "siti", "nasution", "si"]);
        assert_eq!(tokens("Bidang Bina Bidang"), ["bidang", "bina"]);
        assert_eq!(query_tokens("  s nas "), ["s", "nas"]);
    }
}

#[cfg(test)]
mod safety_tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_and_never_printed() {
        assert_eq!(text_problem("Dinas\x1b]52;c;aGk=\x07", MAX_NAME), Some(TextProblem::Control('\x1b')));
        assert_eq!(text_problem(&"a".repeat(501), MAX_NAME), Some(TextProblem::TooLong { chars: 501, max: 500 }));
        assert_eq!(text_problem("Dinas Pendidikan", MAX_NAME), None);
        assert_eq!(printable("a\x1b[2Jb\x07\x00\n"), "a␛[2Jb␇␀␊");
        assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(printable_lines("one\ntwo \x1b]52;c;eA==\x07\r\n\0"), "one\ntwo ␛]52;c;eA==␇␍\n␀");
        assert!(matches!(printable_lines("a\nb"), std::borrow::Cow::Borrowed(_)));
    }
}
