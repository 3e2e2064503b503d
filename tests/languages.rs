//! Nothing of one language leaks into the other: every view and overlay of the
//! interface is drawn in Indonesian and in English, and no text of the other language's
//! catalogue (nor one of its telltale words, nor an internal identifier) shows on the
//! screen.

use crate::common;

use common::tui::*;
use jabat::i18n::{Lang, Msg, set_lang};
use jabat::store::{MemoryStore, Store};

/// The other language's catalogue, as fragments that could only come from it: the
/// texts that differ between the two languages, cut at their placeholders, of at least
/// seven characters, and not found in any text of `lang` itself.
fn foreign_fragments(lang: Lang) -> Vec<&'static str> {
    let other = if lang == Lang::Id { Lang::En } else { Lang::Id };
    let own: Vec<&str> = Msg::ALL.iter().map(|m| m.text(lang)).collect();
    let mut out: Vec<&'static str> = Msg::ALL
        .iter()
        .filter(|m| m.text(lang) != m.text(other))
        .flat_map(|m| split_placeholders(m.text(other)))
        .map(|f| f.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|f| f.chars().count() >= 6 && f.contains(char::is_alphabetic))
        .filter(|f| !own.iter().any(|o| o.contains(f)))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn split_placeholders(text: &'static str) -> Vec<&'static str> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        parts.push(&rest[..open]);
        rest = rest[open..].find('}').map_or("", |close| &rest[open + close + 1..]);
    }
    parts.push(rest);
    parts
}

/// Words that give a language away wherever they stand alone.
fn telltale_words(lang: Lang) -> &'static [&'static str] {
    match lang {
        // English on an Indonesian screen.
        Lang::Id => &["the", "of", "error", "warning", "position", "not", "with", "leave", "yes", "none"],
        // Indonesian on an English screen.
        Lang::En => &["yang", "tidak", "belum", "dengan", "untuk", "keluar", "kosong", "tahun", "orang", "ya"],
    }
}

fn words(screen: &str) -> impl Iterator<Item = &str> {
    // A word cut short by an ellipsis is the start of a name that did not fit ("Lina
    // Ya…" for Lina Yanti): data, not the interface's own text.
    screen
        .split(|c: char| !c.is_alphanumeric() && c != '_' && c != '…')
        .filter(|w| !w.is_empty() && !w.ends_with('…'))
        .map(|w| w.trim_start_matches('…'))
}

/// Whether `fragment` stands in `screen` as words of their own: a text of several
/// words anywhere, a single word only as a label (`Pendidikan:`), since single words
/// of Indonesian are also the names of units and posts (Dinas Pendidikan).
fn shows(screen: &str, fragment: &str) -> bool {
    let several = fragment.contains(' ');
    screen.match_indices(fragment).any(|(at, _)| {
        let before = screen[..at].chars().next_back();
        let after = screen[at + fragment.len()..].chars().next();
        let bounded = !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        bounded && (several || after == Some(':'))
    })
}

/// What of the other language `screen` shows.
fn leaks(screen: &str, lang: Lang, fragments: &[&str]) -> Vec<String> {
    // A check's rule id (`position.over-need`) is a code, the same in both languages.
    let mut screen = screen.to_string();
    for (id, _) in jabat::rules::checks::RULES {
        screen = screen.replace(id, &" ".repeat(id.chars().count()));
    }
    let screen = screen.as_str();
    let mut found: Vec<String> = fragments.iter().filter(|f| shows(screen, f)).map(|f| format!("text {f:?}")).collect();
    let telltale = telltale_words(lang);
    found
        .extend(words(screen).filter(|w| telltale.contains(&w.to_lowercase().as_str())).map(|w| format!("word {w:?}")));
    // An internal identifier (`sangat_baik`, `ahli_madya`) is in no language.
    found.extend(words(screen).filter(|w| w.contains('_')).map(|w| format!("identifier {w:?}")));
    found.sort();
    found.dedup();
    found
}

/// The screens a user meets, each as the keys that lead there from the start, drawn
/// at 200×60 (room for every picture) and 80×24.
const SCREENS: &[(&str, &str)] = &[
    ("start", ""),
    ("search", "/bkpsdm"),
    ("unit details", ":goto 1276.05<enter>"),
    ("position details", ":goto 1276.04.03-J01<enter>"),
    ("holders", ":goto 1276.05.01-J02<enter><tab>"),
    ("profile", ":goto 1276.05.01-J02<enter><tab><enter>"),
    ("gaps of a unit", ":goto 1276.05<enter>2"),
    ("gaps of a position", ":goto 1276.05.01-J02<enter>2"),
    ("candidates", ":goto 1276.04.03-J01<enter>3<tab>"),
    ("candidates compared", ":goto 1276.04.03-J01<enter>3<tab>cjcC"),
    ("nine-box", ":goto 1276.05<enter>4<tab>"),
    ("nine-box listed", ":goto 1276.05<enter>4<tab>k<enter>"),
    ("training needs", ":goto 1276.05<enter>5"),
    ("formation", ":goto 1276.05<enter>6"),
    ("recruitment list", ":goto 1276.05<enter>66"),
    ("performance", ":goto 1276.05<enter>9"),
    ("help", "?"),
    ("help's end", "?GGGGGGGGGGGGGGGGGGGGjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj"),
    ("problems", "7"),
    ("history", "8"),
    ("messages", ":goto NOPE<enter>:messages<enter>"),
    ("add form", ":goto 1276.05<enter>a"),
    ("rename form", ":goto 1276.05<enter>r"),
    ("edit form", ":goto 1276.05.01-J02<enter>e"),
    ("delete question", ":goto 1276.05.01-J02<enter>d"),
    ("cut", ":goto 1276.05.01-J02<enter>x"),
    ("a refused move", ":goto 1276.23<enter>x:goto 1276.23.01<enter>p"),
    ("a draft's differences", ":draft coba<enter>:goto 1276.05<enter>rDinas Kesehatan Baru<enter>:diff<enter>"),
    ("command line", ":dr"),
];

#[test]
fn no_screen_shows_text_of_the_other_language() {
    let mut failures = Vec::new();
    let store = demo();
    // Someone else's change, for the history and the changes in details.
    common::commit_as(
        &store,
        "siti",
        vec![jabat::model::Op::RenamePosition { code: "1276.05.01-J02".into(), name: "Analis Kesehatan".into() }],
    );
    for lang in [Lang::Id, Lang::En] {
        let fragments = foreign_fragments(lang);
        assert!(fragments.len() > 100, "{lang:?}: {} fragments", fragments.len());
        for (name, keys) in SCREENS {
            for (w, h) in [(200, 60), (80, 24)] {
                let screen = screen_after(&store, lang, keys, w, h);
                let found = leaks(&screen, lang, &fragments);
                if !found.is_empty() {
                    failures.push(format!("{lang:?} {name} {w}×{h}: {}\n{screen}", found.join(", ")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} screens leak:\n{}", failures.len(), failures.join("\n"));
}

fn screen_after(store: &MemoryStore, lang: Lang, keys: &str, w: u16, h: u16) -> String {
    let mut app = app(store, w, h);
    set_lang(lang);
    app.today = common::sample_day();
    // Each key of a view answered at once, as the worker would.
    for part in keys.split_inclusive(['2', '3', '4', '5', '6', '7', '9', '>']) {
        press(&mut app, store as &dyn Store, part);
        app.answer_now(store);
    }
    let out = text(&render(&app, w, h, PLAIN));
    set_lang(Lang::En);
    out
}

#[test]
fn the_fragments_and_words_find_a_leak() {
    // The check itself: an English message on an Indonesian screen is found, and an
    // Indonesian one on an English screen.
    let id = foreign_fragments(Lang::Id);
    let en = foreign_fragments(Lang::En);
    let english = Msg::EditNothingToUndo.text(Lang::En);
    let indonesian = Msg::EditNothingToUndo.text(Lang::Id);
    assert!(!leaks(&format!("│ {english} │"), Lang::Id, &id).is_empty());
    assert!(!leaks(&format!("│ {indonesian} │"), Lang::En, &en).is_empty());
    assert!(leaks(&format!("│ {english} │"), Lang::En, &en).is_empty());
    assert!(!leaks("status error here", Lang::Id, &id).is_empty());
    assert!(leaks("Dinas Pendidikan · Koperasi", Lang::En, &en).is_empty(), "names are not text");
    assert!(!leaks("Pendidikan: S1", Lang::En, &en).is_empty(), "a label is");
}
