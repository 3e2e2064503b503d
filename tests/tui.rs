//! The interface without a terminal: key sequences drive the application, frames are
//! drawn into ratatui's TestBackend and read back.

use crate::common;

use common::Backend;
use common::tui::*;
use jabat::app::{Mode, Pane};
use jabat::model::Date;
use jabat::store::Store;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn a_new_user_finds_bkpsdm_its_positions_a_person_and_quits(backend: Backend) {
    let (_db, store) = demo_db(backend, "a_new_user_finds_bkpsdm_its_positions_a_person_and_quits");
    let mut app = app(&*store, 120, 40);
    // Search the agency by its acronym, jump to it, open it.
    press(&mut app, &*store, "/bkpsdm<enter>l");
    let screen = text(&render(&app, 120, 40, PLAIN));
    assert!(screen.contains("▶    ▾ Badan Kepegawaian"), "{screen}");
    assert!(screen.contains("Bidang Mutasi dan Promosi"), "{screen}");
    // Into a bidang, down to its positions, and over to the holders.
    press(&mut app, &*store, ":goto 1276.23.03<enter>l");
    press(&mut app, &*store, "jjjj");
    let screen = text(&render(&app, 120, 40, PLAIN));
    assert!(screen.contains("★ Kepala Bidang Mutasi"), "{screen}");
    assert!(screen.contains("Holders (1)"), "{screen}");
    press(&mut app, &*store, "<enter>");
    assert_eq!(app.focus, Pane::Details);
    press(&mut app, &*store, "<enter>");
    let screen = text(&render(&app, 120, 40, PLAIN));
    assert!(screen.contains("Employee profile") && screen.contains("Retires:"), "{screen}");
    // Search a person by surname and jump to them: their profile opens.
    press(&mut app, &*store, "<esc>/siregar<enter>");
    let screen = text(&render(&app, 120, 40, PLAIN));
    assert!(screen.contains("Employee profile"), "{screen}");
    let profile = app.details.profile.as_ref().expect("a profile is open");
    assert!(profile.profile.employee.name.contains("Siregar"));
    assert!(screen.contains(&profile.profile.employee.nip.spaced()));
    // n steps to the next match.
    let first = profile.profile.employee.nip;
    press(&mut app, &*store, "<esc>n");
    assert_ne!(app.details.profile.as_ref().map(|p| p.profile.employee.nip), Some(first));
    press(&mut app, &*store, "q");
    assert!(app.quit);
}

fn back_and_forward_walk_the_jumps_not_every_row_passed(backend: Backend) {
    let (_db, store) = demo_db(backend, "back_and_forward_walk_the_jumps_not_every_row_passed");
    let mut app = app(&*store, 100, 30);
    let code = |app: &Tui| match app.tree.selected().and_then(|id| app.tree.info(id).cloned()) {
        Some(jabat::app::tree::RowInfo::Unit { code, .. }) => code,
        Some(jabat::app::tree::RowInfo::Position { position, .. }) => position.code,
        _ => String::new(),
    };
    // Rows passed are not jumps.
    press(&mut app, &*store, "jjj");
    let walked = code(&app);
    press(&mut app, &*store, "<c-o>");
    assert_eq!(code(&app), walked, "nothing to go back to yet");
    assert!(app.message.as_deref().unwrap_or("").contains("no earlier jump"), "{:?}", app.message);
    // Two jumps, then Enter into a position's holders and a profile opened.
    press(&mut app, &*store, ":goto 1276.05<enter>:goto 1276.23.03-J03<enter><enter><enter>");
    assert_eq!(app.focus, Pane::Details);
    let profile = app.details.profile.as_ref().map(|p| p.profile.employee.nip);
    assert!(profile.is_some(), "a holder's profile");
    // Back: the holders, the position in the tree, the dinas, where the walk ended.
    press(&mut app, &*store, "<c-o>");
    assert_eq!((app.focus, code(&app).as_str()), (Pane::Details, "1276.23.03-J03"));
    assert!(app.details.profile.is_none());
    press(&mut app, &*store, "<c-o>");
    assert_eq!((app.focus, code(&app).as_str()), (Pane::Tree, "1276.23.03-J03"));
    press(&mut app, &*store, "<c-o>");
    assert_eq!(code(&app), "1276.05");
    press(&mut app, &*store, "<c-o>");
    assert_eq!(code(&app), walked);
    // Forward retraces them, to the profile.
    press(&mut app, &*store, "<c-n><c-n><c-n><c-n>");
    assert_eq!(app.details.profile.as_ref().map(|p| p.profile.employee.nip), profile);
    // A jump's target stands a third down, with what is under it in view.
    let mut app = self::app(&*store, 100, 16);
    press(&mut app, &*store, ":goto 1276.12.02<enter>");
    let (cursor, offset, height) = (app.tree.cursor(), app.tree.offset(), app.tree_height());
    assert!(offset > 0 && cursor - offset == height / 3, "{cursor} {offset} {height}");
}

fn g_g_goes_to_the_top_and_a_pending_g_is_shown(backend: Backend) {
    let (_db, store) = demo_db(backend, "g_g_goes_to_the_top_and_a_pending_g_is_shown");
    let mut app = app(&*store, 100, 30);
    press(&mut app, &*store, "G");
    assert_eq!(app.tree.cursor(), app.tree.len() - 1);
    press(&mut app, &*store, "g");
    assert!(text(&render(&app, 100, 30, PLAIN)).contains("g … (waiting for the next key)"));
    press(&mut app, &*store, "g");
    assert_eq!(app.tree.cursor(), 0);
}

fn command_line_completes_and_switches_language(backend: Backend) {
    let (_db, store) = demo_db(backend, "command_line_completes_and_switches_language");
    let mut app = app(&*store, 100, 30);
    press(&mut app, &*store, ":la<tab>id<enter>");
    let screen = text(&render(&app, 100, 30, PLAIN));
    assert!(screen.contains("Struktur") && screen.contains("bahasa: Indonesia"), "{screen}");
    press(&mut app, &*store, ":lang en<enter>:nonsense<enter>");
    assert!(text(&render(&app, 100, 30, PLAIN)).contains("unknown command: nonsense"));
    press(&mut app, &*store, "?");
    assert_eq!(app.mode, Mode::Help);
    assert!(text(&render(&app, 100, 30, PLAIN)).contains("Open the unit and everything below"));
    press(&mut app, &*store, "<esc>");
    assert_eq!(app.mode, Mode::Normal);
}

fn every_size_from_one_cell_to_a_wall_renders_without_panic(backend: Backend) {
    let (_db, store) = demo_db(backend, "every_size_from_one_cell_to_a_wall_renders_without_panic");
    let mut app = app(&*store, 80, 24);
    press(&mut app, &*store, "l:goto 1276.23.03<enter>ljjjj<enter><enter>");
    for (w, h) in [
        (1, 1),
        (2, 1),
        (1, 5),
        (5, 2),
        (10, 3),
        (20, 6),
        (39, 12),
        (79, 24),
        (80, 24),
        (120, 40),
        (200, 60),
        (300, 100),
    ] {
        app.dispatch(jabat::app::Action::Resize(w, h));
        for theme in [PLAIN, COLOUR] {
            render(&app, w, h, theme);
        }
        press(&mut app, &*store, "/s");
        render(&app, w, h, PLAIN);
        press(&mut app, &*store, "<esc>?");
        render(&app, w, h, PLAIN);
        press(&mut app, &*store, "<esc>");
        // The reorganization's form, question and lists (and a draft's marks).
        for (keys, close) in
            [("a", "<esc>"), ("e", "<esc>"), ("d", "n"), ("8", "<esc>"), (":draft s<enter>xp", ":draft<enter>")]
        {
            press(&mut app, &*store, keys);
            render(&app, w, h, PLAIN);
            render(&app, w, h, COLOUR);
            press(&mut app, &*store, close);
        }
        press(&mut app, &*store, "7");
        app.answer_now(&*store);
        render(&app, w, h, PLAIN);
        press(&mut app, &*store, "<esc>");
        // The gaps and candidates views, waiting and answered, of a unit and a position.
        for keys in ["2", "3", "k2", "3", "4", "5", "6", "j1"] {
            press(&mut app, &*store, keys);
            render(&app, w, h, PLAIN);
            app.answer_now(&*store);
            press(&mut app, &*store, "<tab>G");
            render(&app, w, h, COLOUR);
            press(&mut app, &*store, "<tab>");
        }
    }
}

fn the_selection_is_reversed_and_marked_and_shortages_carry_a_symbol_in_every_theme(backend: Backend) {
    let (_db, store) =
        demo_db(backend, "the_selection_is_reversed_and_marked_and_shortages_carry_a_symbol_in_every_theme");
    let app = app(&*store, 100, 30);
    for theme in [PLAIN, COLOUR] {
        let buffer = render(&app, 100, 30, theme);
        let row = app.tree.cursor() - app.tree.offset() + 1;
        let cell = &buffer[(1, row as u16)];
        assert_eq!(cell.symbol(), "▶");
        assert!(cell.modifier.contains(Modifier::REVERSED), "{theme:?}");
        let screen = text(&buffer);
        assert!(screen.contains("▼"), "shortages are marked without colour too");
    }
    // With colour, the shortage mark is red; without, no colour at all.
    let colour = render(&app, 100, 30, COLOUR);
    let plain = render(&app, 100, 30, PLAIN);
    let mark = |b: &Buffer| {
        (0..b.area.height).flat_map(|y| (0..b.area.width).map(move |x| (x, y))).find(|p| b[*p].symbol() == "▼").unwrap()
    };
    assert_eq!(colour[mark(&colour)].fg, Color::Red);
    assert!(plain.content.iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
}

fn narrow_terminals_stack_the_details_under_the_tree(backend: Backend) {
    let (_db, store) = demo_db(backend, "narrow_terminals_stack_the_details_under_the_tree");
    let app = app(&*store, 60, 24);
    let screen = text(&render(&app, 60, 24, PLAIN));
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines[0].starts_with("┏▶ Structure"), "the focused pane is marked without colour:\n{screen}");
    assert!(lines.iter().any(|l| l.starts_with("┌ Details")), "{screen}");
}

fn panes_snapshot_at_two_sizes(backend: Backend) {
    let (_db, store) = demo_db(backend, "panes_snapshot_at_two_sizes");
    for (w, h) in [(100, 30), (60, 20)] {
        let mut app = app(&*store, w, h);
        insta::assert_snapshot!(format!("start_{w}x{h}"), text(&render(&app, w, h, PLAIN)));
        press(&mut app, &*store, ":goto 1276.23.03<enter>ljjjjjjj");
        insta::assert_snapshot!(format!("position_{w}x{h}"), text(&render(&app, w, h, PLAIN)));
        press(&mut app, &*store, "<enter><enter>");
        insta::assert_snapshot!(format!("profile_{w}x{h}"), text(&render(&app, w, h, PLAIN)));
        press(&mut app, &*store, "<esc><esc>/dinas kes");
        insta::assert_snapshot!(format!("search_{w}x{h}"), text(&render(&app, w, h, PLAIN)));
        press(&mut app, &*store, "<esc>?");
        insta::assert_snapshot!(format!("help_{w}x{h}"), text(&render(&app, w, h, PLAIN)));
    }
}

/// The panes issue 16 changed, in both languages, at the two sizes: the add form with
/// a field's values, a message longer than the bar, the holding list, a filtered
/// problems list, the command line's completion, and a terminal too small.
fn changed_panes_snapshot_in_both_languages(backend: Backend) {
    use jabat::i18n::{Lang, set_lang};
    let (_db, store) = demo_db(backend, "changed_panes_snapshot_in_both_languages");
    for lang in [Lang::En, Lang::Id] {
        for (w, h) in [(100, 30), (60, 20)] {
            let name = |what: &str| format!("{what}_{lang:?}_{w}x{h}").to_lowercase();
            let mut app = app(&*store, w, h);
            set_lang(lang);
            press(&mut app, &*store, ":goto 1276.23.03<enter>a<up><up><tab><down><down><down>");
            insta::assert_snapshot!(name("form"), text(&render(&app, w, h, PLAIN)));
            press(&mut app, &*store, "<esc>:goto 1276.23<enter>x:goto 1276.23.01<enter>p");
            insta::assert_snapshot!(name("long_message"), text(&render(&app, w, h, PLAIN)));
            press(&mut app, &*store, "Glj");
            insta::assert_snapshot!(name("holding_list"), text(&render(&app, w, h, PLAIN)));
            press(&mut app, &*store, "7");
            app.answer_now(&*store);
            press(&mut app, &*store, "f");
            insta::assert_snapshot!(name("problems"), text(&render(&app, w, h, PLAIN)));
            press(&mut app, &*store, "<esc>:goto 1276.0<tab>");
            insta::assert_snapshot!(name("completion"), text(&render(&app, w, h, PLAIN)));
            set_lang(Lang::En);
        }
        let app = app(&*store, 30, 8);
        set_lang(lang);
        insta::assert_snapshot!(format!("too_small_{lang:?}").to_lowercase(), text(&render(&app, 30, 8, PLAIN)));
        set_lang(Lang::En);
    }
}

fn the_mouse_selects_opens_and_scrolls(backend: Backend) {
    use jabat::app::Action;
    let (_db, store) = demo_db(backend, "the_mouse_selects_opens_and_scrolls");
    let mut app = app(&*store, 100, 30);
    // Row 3 of the tree pane is the third visible row (the border is row 0).
    app.dispatch(Action::Click { column: 5, row: 3 });
    assert_eq!(app.tree.cursor(), 2);
    let before = app.tree.len();
    app.dispatch(Action::Click { column: 5, row: 3 });
    assert!(app.tree.len() > before, "a second click on the selected unit opens it");
    app.dispatch(Action::Wheel { delta: 3, column: 5, row: 10 });
    assert_eq!(app.tree.offset(), 3);
    app.dispatch(Action::Click { column: 80, row: 10 });
    assert_eq!(app.focus, Pane::Details);
}

fn the_profile_counts_retirement_with_the_agencys_rules(backend: Backend) {
    let (_db, store) = demo_db(backend, "the_profile_counts_retirement_with_the_agencys_rules");
    let mut rules = jabat::rules::RuleSet::default();
    rules.retirement.functional_junior = 60;
    jabat::i18n::set_lang(jabat::i18n::Lang::En);
    let mut app = app_with(&*store, rules.clone(), false, 100, 30);
    // The holder of Pranata Komputer Terampil (fungsional, keterampilan): 58 by
    // default, 60 here.
    press(&mut app, &*store, ":goto 1276.23.03-J03<enter><enter><enter>");
    let view = app.details.profile.as_ref().expect("a profile is open");
    let birth = view.profile.employee.birth_date();
    assert_eq!(view.retires, birth.add_years(60).first_of_next_month());
}

fn the_candidates_pane_ranks_a_vacant_kepala_bidang_as_the_command_line_does(backend: Backend) {
    use jabat::app::question::ViewState;
    let (dir, store) = demo_db(backend, "the_candidates_pane_ranks_a_vacant_kepala_bidang_as_the_command_line_does");
    let mut app = app(&*store, 160, 45);
    // The command line counts with the real date, so the pane does too here.
    app.today = Date::today();
    press(&mut app, &*store, ":goto 1276.05.04-J01<enter>3");
    assert!(matches!(app.views.state, ViewState::Waiting(..)), "the work is handed off, not done in the key press");
    let screen = text(&render(&app, 160, 45, PLAIN));
    assert!(screen.contains("computing"), "{screen}");
    app.answer_now(&*store);
    let screen = text(&render(&app, 160, 45, PLAIN));
    assert!(screen.contains("Kepala Bidang Pelayanan Kesehatan (1276.05.04-J01)"), "{screen}");
    assert!(screen.contains("(vacant)"), "{screen}");
    // Down to the first near miss: the foot of the pane gives the reason in full.
    let ViewState::Ready(computed) = &app.views.state else { panic!("answered") };
    let Ok(jabat::app::question::Answer::Candidates(c)) = computed.answer.as_ref() else { panic!("candidates") };
    let [eligible, near, others, _rotations] = c.list.ranking.counts();
    assert!(eligible > 0 && near > 0 && others > 0);
    let first_nip = c.list.ranking.entries[0].nip;
    press(&mut app, &*store, "<tab>");
    press(&mut app, &*store, &"j".repeat(eligible));
    let screen = text(&render(&app, 160, 45, PLAIN));
    assert!(screen.contains(&format!("── Near misses (one rule failed) ({near})")), "{screen}");
    let rules = ["experience", "rating", "competency", "grade", "field", "retirement", "penalty", "education"];
    assert!(rules.iter().any(|r| screen.contains(&format!("  {r}: "))), "{screen}");
    // Enter on the best-ranked opens their profile.
    press(&mut app, &*store, "gg<enter>");
    assert_eq!(app.details.profile.as_ref().map(|p| p.profile.employee.nip), Some(first_nip));
    assert!(text(&render(&app, 160, 45, PLAIN)).contains("┐┏▶ Employee profile"), "the profile replaces the list");
    press(&mut app, &*store, "<esc>");
    let screen = text(&render(&app, 160, 45, PLAIN));

    // The command line, on the same database, ranks the same people in the same order.
    drop(app);
    drop(store);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jabat"))
        .args(["--lang", "en", "--db"])
        .arg(&dir)
        .args(["candidates", "1276.05.04-J01", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let people: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let cli_eligible: Vec<&str> =
        people.iter().filter(|p| p["eligible"] == true).map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(cli_eligible.len(), eligible);
    let cli_near = people.iter().filter(|p| p["standing"] == "near_miss");
    assert_eq!(cli_near.clone().count(), near);
    // A near miss fails one rule, and never `level` (a step down is no near miss).
    for p in cli_near {
        let rules: std::collections::BTreeSet<&str> =
            p["failed"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
        assert!(rules.len() == 1 && !rules.contains("level"), "{p}");
    }
    let mut at = 0;
    for name in cli_eligible.iter().take(5) {
        // Long names are shortened to fit the pane: their first characters suffice.
        let name = &name[..name.char_indices().nth(20).map_or(name.len(), |(i, _)| i)];
        let found = screen[at..].find(name).unwrap_or_else(|| panic!("{name} after offset {at} in\n{screen}"));
        at += found + name.len();
    }
}

fn a_newer_selection_makes_an_older_answer_stale_and_the_gaps_pane_puts_the_worst_first(backend: Backend) {
    use jabat::app::Action;
    use jabat::app::question::{Answer, Computed, ViewState};
    use jabat::ui::worker::compute;
    let (_db, store) =
        demo_db(backend, "a_newer_selection_makes_an_older_answer_stale_and_the_gaps_pane_puts_the_worst_first");
    let mut app = app(&*store, 160, 45);
    press(&mut app, &*store, ":goto 1276.04<enter>2");
    let first = app.jobs.out.take().expect("asked for the dinas's matrix");
    press(&mut app, &*store, "j");
    let second = app.jobs.out.expect("asked again for the new selection");
    assert_ne!(first.id, second.id);
    // The worker finishing the first question late changes nothing.
    let late = compute(&*store, first.question, &app.rules, app.today, &|| true).unwrap().unwrap();
    let late = Computed { job: first, answer: std::sync::Arc::new(Ok(late)), took: Default::default() };
    app.dispatch(Action::Computed(late));
    assert!(matches!(&app.views.state, ViewState::Waiting(job, _) if *job == second));
    // Back on the dinas: its matrix, worst rows first, as `jabat gaps` orders them.
    press(&mut app, &*store, "k");
    app.answer_now(&*store);
    let ViewState::Ready(c) = &app.views.state else { panic!("answered") };
    let Ok(Answer::UnitGaps(unit, matrix)) = c.answer.as_ref() else { panic!("a matrix") };
    assert_eq!(unit.code, "1276.04");
    let severities: Vec<f64> = matrix.rows.iter().map(|r| r.severity()).collect();
    let worst = matrix.rows[0].position.id;
    assert!(severities.windows(2).all(|w| w[0] <= w[1]), "worst first");
    let screen = text(&render(&app, 160, 45, PLAIN));
    assert!(screen.contains("Dinas Pendidikan") && screen.contains("▼ short ≥1"), "{screen}");
    // Enter on a row goes to that position in the tree.
    press(&mut app, &*store, "<tab><enter>");
    assert_eq!(app.tree.selected(), Some(jabat::app::tree::NodeId::Position(worst)));
}

fn nominating_a_second_candidate_says_who_lost_the_nomination_and_the_record_keeps_it(backend: Backend) {
    // Regression: the first nominee silently went back to the shortlist.
    let (_db, store) =
        demo_db(backend, "nominating_a_second_candidate_says_who_lost_the_nomination_and_the_record_keeps_it");
    let mut app = app(&*store, 160, 45);
    press(&mut app, &*store, ":goto 1276.04.03-J01<enter>3");
    app.answer_now(&*store);
    press(&mut app, &*store, "<tab>a");
    let first = app.selected_candidate().unwrap();
    assert_eq!(app.message.as_deref(), Some("nominated"));
    press(&mut app, &*store, "ja");
    let second = app.selected_candidate().unwrap();
    let message = app.message.clone().unwrap();
    assert!(message.contains(&first.to_string()) && message.contains("back on the shortlist"), "{message}");
    let review = store.review("1276.04.03-J01").unwrap().unwrap();
    let mark = review.mark(first).unwrap();
    assert_eq!((mark.decision, mark.displaced_by), (Some(jabat::model::Decision::Shortlisted), Some(second)));
    assert_eq!(review.nominee(), Some(second));
    // The same person nominated for another post as well: said at once, naming it.
    let mut other = jabat::model::Review::new("1276.04.02-J01");
    other.decide(second, jabat::model::Decision::Nominated, jabat::model::Stamp { user: "siti".into(), at: 1 });
    store.put_review(&other).unwrap();
    press(&mut app, &*store, "a");
    assert_eq!(store.review("1276.04.03-J01").unwrap().unwrap().nominee(), None, "taken back");
    press(&mut app, &*store, "a");
    let message = app.message.clone().unwrap();
    assert!(message.contains(&second.to_string()) && message.contains("nominated for 1276.04.02-J01 too"), "{message}");
}

fn decisions_and_notes_on_candidates_are_kept_with_who_and_when_and_undo_walks_back(backend: Backend) {
    use jabat::app::question::CandidateFilter;
    use jabat::model::Decision;
    let (dir, store) =
        demo_db(backend, "decisions_and_notes_on_candidates_are_kept_with_who_and_when_and_undo_walks_back");
    let mut app = app(&*store, 160, 45);
    press(&mut app, &*store, ":goto 1276.04.03-J01<enter>3");
    app.answer_now(&*store);
    // Shortlist the first two, reject the third with a note, compare two, nominate one.
    press(&mut app, &*store, "<tab>sjsjxn");
    assert_eq!(app.mode, Mode::Note);
    press(&mut app, &*store, "belum 3 tahun<enter>");
    press(&mut app, &*store, "ggcjcC");
    assert!(app.views.comparing);
    let screen = text(&render(&app, 160, 45, PLAIN));
    assert!(screen.contains("Candidates compared") && screen.contains("Years in grade"), "{screen}");
    press(&mut app, &*store, "<esc>a");
    let review = store.review("1276.04.03-J01").unwrap().expect("saved");
    let decisions: Vec<Option<Decision>> = review.marks().iter().map(|m| m.decision).collect();
    assert_eq!(review.counts(), [1, 1, 1], "{decisions:?}");
    let rejected = review.marks().iter().find(|m| m.decision == Some(Decision::Rejected)).unwrap();
    assert_eq!(rejected.note.as_deref(), Some("belum 3 tahun"));
    assert!(!rejected.stamp.user.is_empty() && rejected.stamp.at > 1_700_000_000);
    // Undo takes the nomination back: the second is shortlisted again.
    press(&mut app, &*store, "u");
    assert_eq!(store.review("1276.04.03-J01").unwrap().unwrap().counts(), [2, 1, 0]);
    press(&mut app, &*store, "a");
    // The filter narrows the list to those reviewed.
    while app.views.filter != CandidateFilter::Reviewed {
        press(&mut app, &*store, "f");
    }
    assert_eq!(app.views.visible.len(), 3);
    // A new session on the same database shows the marks.
    drop(app);
    let mut again = self::app(&*store, 160, 45);
    press(&mut again, &*store, ":goto 1276.04.03-J01<enter>3");
    again.answer_now(&*store);
    let screen = text(&render(&again, 160, 45, PLAIN));
    assert!(screen.contains("✓ 1 ✗ 1 ★ 1"), "{screen}");
    assert!(screen.contains("★     2 ") || screen.contains("★     1 "), "{screen}");
    drop(again);
    drop(store);
    // And the command line lists them, and writes the meeting's list.
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_jabat"))
            .args(["--lang", "en", "--db"])
            .arg(&dir)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let listed = run(&["review", "1276.04.03-J01", "--format", "csv"]);
    assert_eq!(listed.lines().count(), 4, "{listed}");
    assert!(listed.contains("rejected,,belum 3 tahun,"), "{listed}");
    let all = run(&["review", "--all", "--format", "json"]);
    assert!(all.contains("\"code\": \"1276.04.03-J01\"") && all.contains("\"shortlisted\": 1"), "{all}");
    let meeting = run(&["export-review", "1276.04.03-J01", "--format", "csv"]);
    let header = meeting.lines().next().unwrap();
    assert!(header.starts_with("position,rank,nip,name,standing,score,jpm,box,grade"), "{header}");
    assert!(meeting.lines().any(|l| l.contains(",nominated,")), "{meeting}");
}

fn read_only_sessions_do_not_record_decisions(backend: Backend) {
    let (_db, store) = demo_db(backend, "read_only_sessions_do_not_record_decisions");
    let mut app = app_with(&*store, jabat::rules::RuleSet::default(), true, 160, 45);
    press(&mut app, &*store, ":goto 1276.04.03-J01<enter>3");
    app.answer_now(&*store);
    press(&mut app, &*store, "<tab>sn");
    assert_eq!(app.mode, Mode::Normal);
    assert!(store.review("1276.04.03-J01").unwrap().is_none());
    assert!(app.message.as_deref().is_some_and(|m| m.contains("read-only")), "{:?}", app.message);
}

fn the_nine_box_training_and_formation_views_agree_with_the_command_line(backend: Backend) {
    use jabat::app::question::{Answer, ViewState};
    let (dir, store) = demo_db(backend, "the_nine_box_training_and_formation_views_agree_with_the_command_line");
    let mut app = app(&*store, 160, 45);
    app.today = Date::today();
    let mut answer = |keys: &str| {
        press(&mut app, &*store, keys);
        app.answer_now(&*store);
        let screen = text(&render(&app, 160, 45, PLAIN));
        let ViewState::Ready(c) = &app.views.state else { panic!("answered") };
        (c.clone(), screen)
    };
    let (nine, screen) = answer(":goto 1276.04<enter>4");
    assert!(screen.contains("Nine-box") && screen.contains("people placed"), "{screen}");
    let Ok(Answer::NineBox(_, nine_box)) = nine.answer.as_ref() else { panic!("a grid") };
    let grid = &nine_box.1;
    let placed = grid.placed();
    let unplaced = grid.unplaced.len();
    let (training, screen) = answer(":goto 1276<enter>5");
    assert!(screen.contains("Training needs"), "{screen}");
    let Ok(Answer::Training(_, training_needs)) = training.answer.as_ref() else { panic!("needs") };
    let needs = &training_needs.1;
    let below: Vec<(String, usize)> = needs.iter().map(|n| (n.competency.id(), n.people.len())).collect();
    let (formation, screen) = answer("6");
    assert!(screen.contains("Formation plan"), "{screen}");
    // With room, the years as bars under the list; at 80×24 the numbers alone.
    assert!(screen.contains("retiring that year") && screen.contains("short at the year's end"), "{screen}");
    assert!(!text(&render(&app, 80, 24, PLAIN)).contains("retiring that year"));
    // The same key again lists only the short positions, and once more all of them.
    let all = app.views.rows();
    press(&mut app, &*store, "6");
    let screen = text(&render(&app, 160, 45, PLAIN));
    let short = app.views.rows();
    assert!(screen.contains("only the shortages") && short > 0 && short < all, "{short} of {all}\n{screen}");
    press(&mut app, &*store, "6");
    assert_eq!(app.views.rows(), all);
    let Ok(Answer::Formation(_, formation_plan)) = formation.answer.as_ref() else { panic!("a plan") };
    let plan = &formation_plan.1;
    let total = (plan.total.needed, plan.total.filled, plan.total.shortage_now, plan.total.shortage_by_year.clone());
    drop(app);
    drop(store);
    let run = |args: &[&str]| -> serde_json::Value {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_jabat"))
            .args(["--lang", "en", "--db"])
            .arg(&dir)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let cli = run(&["ninebox", "1276.04", "--format", "json"]);
    assert_eq!(cli["placed"], placed);
    assert_eq!(cli["unplaced"].as_array().unwrap().len(), unplaced);
    let counted: u64 = (1..=9).map(|b| cli["counts"][b.to_string()].as_u64().unwrap()).sum();
    assert_eq!(counted as usize, placed, "the boxes add up to the people placed");
    let cli = run(&["training-needs", "1276", "--format", "json"]);
    let cli_below: Vec<(String, usize)> = cli["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["competency"].as_str().unwrap().to_string(), c["below"].as_u64().unwrap() as usize))
        .collect();
    assert_eq!(cli_below, below);
    let cli = run(&["formation", "1276", "--format", "json"]);
    let t = &cli["total"];
    let cli_total = (
        t["needed"].as_u64().unwrap() as u32,
        t["filled"].as_u64().unwrap() as u32,
        t["shortage_now"].as_u64().unwrap() as u32,
        t["shortage_by_year"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u32).collect::<Vec<_>>(),
    );
    assert_eq!(cli_total, total);
    assert_eq!((total.0, total.1), (5226, 4990), "the city's kebutuhan and bezetting");
}

fn a_units_details_say_who_its_staff_are_as_numbers_and_with_room_as_pictures(backend: Backend) {
    use jabat::app::question::{Answer, ViewState};
    let (db, store) = demo_db(backend, "a_units_details_say_who_its_staff_are_as_numbers_and_with_room_as_pictures");
    let mut app = app(&*store, 160, 45);
    app.today = common::sample_day();
    press(&mut app, &*store, ":goto 1276.05<enter>");
    app.answer_now(&*store);
    let ViewState::Ready(c) = &app.views.state else { panic!("answered") };
    let Ok(Answer::StaffProfile(_, profile, _)) = c.answer.as_ref() else { panic!("the staff profile") };
    // Everyone with a grade is counted once by golongan, everyone once by age and sex.
    let by_age: u32 = profile.by_age.iter().map(|(m, f)| m + f).sum();
    assert_eq!(by_age, 699, "the Dinas Kesehatan's bezetting");
    assert!(profile.by_golongan.iter().sum::<u32>() <= by_age && profile.by_golongan[2] > 0);
    for theme in [COLOUR, PLAIN] {
        let screen = text(&render(&app, 160, 45, theme));
        assert!(screen.contains("By golongan:") && screen.contains("By age, men/women:"), "{screen}");
        assert!(
            screen.contains("Age pyramid") && screen.contains("Men │ Women") && screen.contains("PPPK"),
            "{screen}"
        );
        // The pyramid: the biggest band of men reaches from the left up to its count in
        // the middle, mirrored, and its women's bar starts after theirs.
        let (band, (men, women)) = profile.by_age.iter().enumerate().max_by_key(|(_, (m, _))| *m).unwrap();
        let label = ["<30", "30–39", "40–49", "50–54", "55–59", "60+"][band];
        let middle = format!("██{men:>5} {label:^5} {women:<5}█");
        assert!(screen.contains(&middle), "{middle:?} in\n{screen}");
    }
    // Small: the numbers only.
    let screen = text(&render(&app, 80, 24, PLAIN));
    assert!(!screen.contains("Age pyramid"), "{screen}");
    // A unit's and a position's latest changes, newest first, with who made them.
    let rename =
        |code: &str, name: &str| vec![jabat::model::Op::RenamePosition { code: code.into(), name: name.into() }];
    db.commit_as(&*store, "siti", rename("1276.05.01-J02", "Analis Pertama"));
    db.commit_as(&*store, "budi", rename("1276.05.01-J02", "Analis Kedua"));
    press(&mut app, &*store, ":goto 1276.05.01-J02<enter>");
    app.answer_now(&*store);
    // Tall enough for the details down to the changes, after the former holders.
    let screen = text(&render(&app, 160, 60, PLAIN));
    let (budi, siti) = (screen.find("budi rename position"), screen.find("siti rename position"));
    assert!(budi.is_some() && siti.is_some() && budi < siti, "newest first:\n{screen}");
    assert!(screen.contains("Changes"), "{screen}");
    // A position's former holders (from the careers), who left last first.
    let (code, former) = store
        .all_positions()
        .unwrap()
        .into_iter()
        .map(|p| (p.code.clone(), store.former_holders(&p.code).unwrap()))
        .find(|(_, f)| f.len() > 1)
        .expect("a post held by several before");
    let last = former.iter().max_by_key(|(_, post)| (post.to, post.from)).unwrap();
    let name = store.employee(last.0).unwrap().unwrap().name;
    press(&mut app, &*store, &format!(":goto {code}<enter>"));
    app.answer_now(&*store);
    let screen = text(&render(&app, 160, 45, PLAIN));
    let heading = format!("Former holders ({})", former.len());
    assert!(screen.contains(&heading) && screen.contains(&name), "{heading}, {name}:\n{screen}");
}

fn the_nine_box_is_walked_box_by_box_and_a_box_lists_its_people(backend: Backend) {
    use jabat::app::question::{Answer, ViewState};
    let (_db, store) = demo_db(backend, "the_nine_box_is_walked_box_by_box_and_a_box_lists_its_people");
    let mut app = app(&*store, 160, 45);
    app.today = common::sample_day();
    press(&mut app, &*store, ":goto 1276.04<enter>4");
    app.answer_now(&*store);
    let (in_five, second) = {
        let ViewState::Ready(c) = &app.views.state else { panic!("answered") };
        let Ok(Answer::NineBox(_, answer)) = c.answer.as_ref() else { panic!("a grid") };
        let five = &answer.1.boxes[4];
        (five.len(), answer.0.name(five[1].person).to_string())
    };
    // The walk starts at box 9, top right; left is 7, down from 7 is 5; the edge stops.
    press(&mut app, &*store, "<tab>");
    assert_eq!(app.views.nine_box.unwrap_or(9), 9);
    press(&mut app, &*store, "hj");
    assert_eq!(app.views.nine_box, Some(5));
    press(&mut app, &*store, "jjjhhh");
    assert_eq!(app.views.nine_box, Some(1), "the bottom left corner");
    press(&mut app, &*store, "kl");
    assert_eq!(app.views.nine_box, Some(5));
    for theme in [PLAIN, COLOUR] {
        let screen = text(&render(&app, 160, 45, theme));
        assert!(screen.contains("▶[5]") && screen.contains("[5] ") && screen.contains("Enter: list"), "{screen}");
    }
    // Enter lists box 5's people, j moves among them, Enter opens a profile.
    press(&mut app, &*store, "<enter>");
    assert!(app.views.box_listing);
    assert_eq!(app.views.rows(), in_five);
    press(&mut app, &*store, "j<enter>");
    let screen = text(&render(&app, 160, 45, PLAIN));
    assert!(screen.contains(&second) && screen.contains("NIP:"), "{second}\n{screen}");
    // Esc closes the profile, Esc again goes back to the boxes.
    press(&mut app, &*store, "<esc>");
    assert!(app.views.box_listing && app.details.profile.is_none());
    press(&mut app, &*store, "<esc>");
    assert!(!app.views.box_listing);
    press(&mut app, &*store, "l");
    assert_eq!(app.views.nine_box, Some(8));
}

fn the_performance_view_draws_the_years_finds_the_weakest_and_opens_a_follow_up(backend: Backend) {
    use jabat::app::question::{Answer, ViewState};
    let (dir, store) = demo_db(backend, "the_performance_view_draws_the_years_finds_the_weakest_and_opens_a_follow_up");
    let mut app = app(&*store, 200, 60);
    app.today = common::sample_day();
    press(&mut app, &*store, ":goto 1276.05<enter>9");
    app.answer_now(&*store);
    let (weakest, weakest_code, subs, first) = {
        let ViewState::Ready(c) = &app.views.state else { panic!("answered") };
        let Ok(Answer::Performance(_, answer)) = c.answer.as_ref() else { panic!("monitoring") };
        let (data, monitored) = answer.as_ref();
        let weakest = &monitored.branches[monitored.monitoring.weakest().expect("a weakest")];
        let first = monitored.monitoring.follow_ups.first().expect("someone to follow up");
        (weakest.name.clone(), weakest.code.clone(), monitored.branches.len(), data.name(first.person).to_string())
    };
    // Wide: the bars with their years and labels, each sub-unit with its trend.
    for (theme, name) in [(COLOUR, "colour"), (PLAIN, "NO_COLOR")] {
        let screen = text(&render(&app, 200, 60, theme));
        assert!(screen.contains("Performance") && screen.contains("2021") && screen.contains("2025"), "{screen}");
        assert!(screen.contains("VG") && screen.contains("Needs improvement"), "{name}: the legend\n{screen}");
        assert!(screen.contains("◀") && screen.contains("Need a follow-up"), "{name}\n{screen}");
        assert!(screen.contains("UPT Puskesmas") && (screen.contains('▇') || screen.contains('█')), "{screen}");
    }
    // Narrow: the years as numbers, nothing cut into the other pane.
    let screen = text(&render(&app, 80, 24, PLAIN));
    assert!(screen.contains("2025 VG") && screen.contains('≥'), "{screen}");
    // The weakest is marked on its own row.
    let screen = text(&render(&app, 200, 60, PLAIN));
    let row = screen.lines().find(|l| l.contains(" ◀") && !l.contains("◀ weakest")).expect("a marked row");
    assert!(row.contains(&weakest.chars().take(20).collect::<String>()), "{row} / {weakest}");
    // Walk past the sub-units to the first follow-up and open the profile.
    press(&mut app, &*store, "<tab>");
    press(&mut app, &*store, &"j".repeat(subs));
    press(&mut app, &*store, "<enter>");
    app.answer_now(&*store);
    let screen = text(&render(&app, 200, 60, PLAIN));
    assert!(screen.contains("NIP:") && screen.contains("Grade history"), "the profile of {first}\n{screen}");
    assert!(screen.contains(&first), "{screen}");
    // The sub-units are listed weakest first: Enter on the first goes there, and the
    // view follows.
    drop(app);
    let mut app = self::app(&*store, 200, 60);
    app.today = common::sample_day();
    press(&mut app, &*store, ":goto 1276.05<enter>9");
    app.answer_now(&*store);
    press(&mut app, &*store, "<tab><enter>");
    app.answer_now(&*store);
    let ViewState::Ready(c) = &app.views.state else { panic!("answered") };
    let Ok(Answer::Performance(unit, _)) = c.answer.as_ref() else { panic!("monitoring") };
    assert_eq!(unit.code, weakest_code);
    drop(dir);
}

/// The code of the unit under which `code` sits.
fn parent_code(store: &dyn Store, code: &str) -> Option<String> {
    let unit = store.unit_by_code(code).unwrap()?;
    store.unit(unit.parent?).unwrap().map(|u| u.code)
}

fn reorganizing_by_keyboard_merges_moves_edits_undoes_and_redoes(backend: Backend) {
    let (_db, store) = demo_db(backend, "reorganizing_by_keyboard_merges_moves_edits_undoes_and_redoes");
    let mut app = app(&*store, 140, 40);
    // Merge a bidang into its sibling, picking the target by search, with a reason.
    press(&mut app, &*store, ":reason penyederhanaan birokrasi<enter>:goto 1276.12.03<enter>m1276.12.02<enter>");
    assert_eq!(app.mode, Mode::Confirm);
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.contains("Merge 1276.12.03 into 1276.12.02"), "{screen}");
    press(&mut app, &*store, "y");
    assert!(store.unit_by_code("1276.12.03").unwrap().is_none());
    assert_eq!(parent_code(&*store, "1276.12.03.01").as_deref(), Some("1276.12.02"));
    let merged = store.unit_by_code("1276.12.02").unwrap().unwrap();
    assert_eq!(store.positions_of(merged.id).unwrap().iter().filter(|p| p.spec.head).count(), 1);
    // Cut a seksi, paste it into another dinas; the moved node is marked ».
    press(&mut app, &*store, ":goto 1276.12.04.01<enter>x:goto 1276.13<enter>p");
    assert_eq!(parent_code(&*store, "1276.12.04.01").as_deref(), Some("1276.13"));
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.lines().any(|l| l.contains('»') && l.contains("Seksi Pelayanan Statistik")), "{screen}");
    // Three pengawas posts become fungsional: the form once, then `.` twice.
    press(&mut app, &*store, ":goto 1276.12.02.01-J01<enter>e");
    assert_eq!(app.mode, Mode::Form);
    press(&mut app, &*store, "<c-u>fungsional<down>ahli muda<down><c-u><down><down><down><c-u>no<enter>");
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    press(&mut app, &*store, ":goto 1276.12.02.02-J01<enter>.:goto 1276.12.01.01-J01<enter>.");
    let kind = |code: &str| store.position_by_code(code).unwrap().unwrap().spec.kind.to_string();
    for code in ["1276.12.02.01-J01", "1276.12.02.02-J01", "1276.12.01.01-J01"] {
        assert_eq!(kind(code), "fungsional", "{code}");
    }
    // Undo the last, redo it.
    press(&mut app, &*store, "u");
    assert_eq!(kind("1276.12.01.01-J01"), "pengawas");
    press(&mut app, &*store, "<c-r>");
    assert_eq!(kind("1276.12.01.01-J01"), "fungsional");
    assert_eq!(store.journal().unwrap().len(), 7);
    assert_eq!(store.journal().unwrap()[0].reason.as_deref(), Some("penyederhanaan birokrasi"));
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
    // The history view lists it, newest first.
    press(&mut app, &*store, "8");
    assert_eq!(app.mode, Mode::Overlay);
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.contains("redo #5"), "{screen}");
}

fn an_anjabs_requirements_are_edited_in_a_form_and_its_details_show_it(backend: Backend) {
    let (_db, store) = demo_db(backend, "an_anjabs_requirements_are_edited_in_a_form_and_its_details_show_it");
    let mut app = app(&*store, 140, 60);
    let code = "1276.01.01.01-J02";
    let position = store.position_by_code(code).unwrap().unwrap();
    let before = store.anjab(position.id).unwrap().expect("the sample has one");
    press(&mut app, &*store, &format!(":goto {code}<enter>"));
    // The details show it under the workload (a tall screen, not to scroll).
    app.dispatch(jabat::app::Action::Resize(140, 160));
    let screen = text(&render(&app, 140, 160, PLAIN));
    assert!(screen.contains("Job description (anjab)") && screen.contains("Requirements:"), "{screen}");
    // A rank typed into the first field, two trainings into the third; the rest kept.
    press(&mut app, &*store, "S");
    assert_eq!(app.mode, Mode::Form);
    press(&mut app, &*store, "Penata Muda (III/a)<down><down><c-u>Diklat SAKIP; Diklat SIASN<enter>");
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    let after = store.anjab(position.id).unwrap().unwrap();
    let req = |key: &str| after.item(jabat::model::Section::Requirement, key).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(req("pangkat_golongan"), ["Penata Muda (III/a)"]);
    assert_eq!(req("kursus_diklat"), ["Diklat SAKIP", "Diklat SIASN"]);
    let others = |a: &jabat::model::JobDescription| {
        a.rows.iter().filter(|r| r.section != jabat::model::Section::Requirement).cloned().collect::<Vec<_>>()
    };
    assert_eq!(others(&after), others(&before), "the rest of the anjab is as it was");
    // One change in the journal, which undo takes back.
    assert!(matches!(store.journal().unwrap().last().unwrap().ops[..], [jabat::model::Op::SetAnjab { .. }]));
    press(&mut app, &*store, "u");
    assert_eq!(store.anjab(position.id).unwrap(), Some(before.clone()));
    // The factor levels in their own form: the details show the kelas they give beside
    // the stored one; a level beyond a factor's is refused and the form stays open.
    let factor = |a: &jabat::model::JobDescription, key: &str| {
        a.item(jabat::model::Section::Factor, key).next().map(str::to_string)
    };
    let screen = text(&render(&app, 140, 160, PLAIN));
    let class = position.spec.class.unwrap();
    assert!(screen.contains(&format!("Class: {class} · ")) && screen.contains(&format!("→ class {class}")), "{screen}");
    press(&mut app, &*store, "K");
    assert_eq!(app.mode, Mode::Form);
    press(&mut app, &*store, "<c-u>10<enter>");
    assert_eq!(app.mode, Mode::Form, "10 is beyond the first factor's nine levels");
    press(&mut app, &*store, "<c-u>9<down><c-u><enter>");
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    let after = store.anjab(position.id).unwrap().unwrap();
    assert_eq!(factor(&after, "pengetahuan").as_deref(), Some("9"));
    assert_eq!(factor(&after, "pengawasan_penyelia"), None, "an emptied field leaves no level");
    assert_eq!(factor(&after, "pedoman"), factor(&before, "pedoman"));
    let screen = text(&render(&app, 140, 160, PLAIN));
    assert!(screen.contains(&format!("Class: {class} · factors without a level:")), "{screen}");
    press(&mut app, &*store, "u");
    assert_eq!(store.anjab(position.id).unwrap(), Some(before));
}

fn a_draft_leaves_the_structure_alone_until_applied_and_then_commits_in_one_entry(backend: Backend) {
    let (_db, store) =
        demo_db(backend, "a_draft_leaves_the_structure_alone_until_applied_and_then_commits_in_one_entry");
    let mut app = app(&*store, 140, 40);
    press(&mut app, &*store, ":draft reorg<enter>:goto 1276.12.04.01<enter>x:goto 1276.13<enter>p");
    // Committed: untouched. Shown: moved, and marked.
    assert_eq!(parent_code(&*store, "1276.12.04.01").as_deref(), Some("1276.12.04"));
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.contains("draft: reorg"), "{screen}");
    assert!(screen.lines().any(|l| l.contains('»') && l.contains("Seksi Pelayanan Statistik")), "{screen}");
    // What the draft adds is found by search.
    press(&mut app, &*store, ":goto 1276.12<enter>aSeksi Kecerdasan Buatan<down>seksi<enter>/kecerdasan");
    assert!(app.search.results.iter().any(|r| r.name == "Seksi Kecerdasan Buatan"), "{:?}", app.search.results);
    press(&mut app, &*store, "<esc>:goto 1276.12.03.01<enter>d");
    assert_eq!(app.mode, Mode::Confirm);
    press(&mut app, &*store, "y");
    assert!(store.unit_by_code("1276.12.03.01").unwrap().is_some());
    // The counts are the draft's (one unit added, one removed with its positions); the
    // committed ones are untouched.
    let committed = store.stats().unwrap();
    assert_eq!(app.stats.units, committed.units);
    let removed = store.positions_of(store.unit_by_code("1276.12.03.01").unwrap().unwrap().id).unwrap().len() as u64;
    assert_eq!(app.stats.positions + removed, committed.positions);
    // Shown where it was, marked removed.
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.lines().any(|l| l.contains('−') && l.contains("Seksi Pengembangan Aplikasi")), "{screen}");
    // The diff names the operations and the units' before and after.
    press(&mut app, &*store, ":diff<enter>");
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.contains("move unit 1276.12.04.01 under 1276.13"), "{screen}");
    assert!(screen.contains("remove unit 1276.12.03.01"), "{screen}");
    // The peta jabatan of the unit selected, as the draft leaves it, with what it changes.
    let dir = tempfile::tempdir().unwrap();
    let peta = dir.path().join("peta.csv");
    press(&mut app, &*store, &format!("<esc>:goto 1276.12<enter>:peta {}<enter>", peta.display()));
    let csv = std::fs::read_to_string(&peta).expect(":peta wrote the file");
    assert!(csv.lines().any(|l| l.starts_with("unit,,1276.12.04.01,") && l.contains(",moved_away,")), "{csv}");
    assert!(csv.lines().any(|l| l.contains("1276.12.04.01") && l.ends_with(",Dinas Perhubungan")), "{csv}");
    assert!(csv.lines().any(|l| l.contains("1276.12.03.01") && l.contains(",removed,")), "{csv}");
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.contains(&format!("written: {}", peta.display())), "{screen}");
    press(&mut app, &*store, ":apply<enter>");
    assert_eq!(app.drafting.name, None);
    assert_eq!(parent_code(&*store, "1276.12.04.01").as_deref(), Some("1276.13"));
    assert!(store.unit_by_code("1276.12.03.01").unwrap().is_none());
    let journal = store.journal().unwrap();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].origin, jabat::model::Origin::Draft("reorg".into()));
    assert!(store.drafts().unwrap().is_empty());
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
}

fn discarding_a_draft_asks_first_and_undo_brings_it_back_not_an_older_commit(backend: Backend) {
    // Regression: `:discard` dropped a draft without a question, and `u` then undid an
    // unrelated earlier commit.
    let (_db, store) = demo_db(backend, "discarding_a_draft_asks_first_and_undo_brings_it_back_not_an_older_commit");
    let mut app = app(&*store, 140, 40);
    press(&mut app, &*store, ":goto 1276.12.04.01<enter>x:goto 1276.13<enter>p");
    assert_eq!(store.journal().unwrap().len(), 1, "an earlier commit");
    press(&mut app, &*store, ":draft reorg<enter>:goto 1276.12.03.01<enter>x:goto 1276.14<enter>p");
    press(&mut app, &*store, ":goto 1276.12.02<enter>rDinas Baru<enter>");
    let ops = |store: &dyn Store| store.drafts().unwrap().iter().map(|d| d.ops().count()).sum::<usize>();
    assert_eq!(ops(&*store), 2);
    press(&mut app, &*store, ":discard<enter>");
    assert_eq!(app.mode, Mode::Confirm);
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.contains("Discard draft reorg with its 2 operations?"), "{screen}");
    press(&mut app, &*store, "n");
    assert_eq!((ops(&*store), app.drafting.name.as_deref()), (2, Some("reorg")), "no keeps it");
    press(&mut app, &*store, ":discard<enter>y");
    assert!(store.drafts().unwrap().is_empty() && app.drafting.name.is_none());
    press(&mut app, &*store, "u");
    assert_eq!(store.journal().unwrap().len(), 1, "the earlier commit is not undone");
    assert_eq!(parent_code(&*store, "1276.12.04.01").as_deref(), Some("1276.13"));
    assert_eq!((ops(&*store), app.drafting.name.as_deref()), (2, Some("reorg")), "the draft is back and open");
    assert!(app.message.as_deref().unwrap_or("").contains("restored"), "{:?}", app.message);
    // Once something else is done, u undoes that as before.
    press(&mut app, &*store, ":discard<enter>y:goto 1276.12.04<enter>rBidang X<enter>u");
    assert!(store.drafts().unwrap().is_empty());
    assert_eq!(store.journal().unwrap().len(), 3, "the rename and its undo");
}

fn a_paste_is_typed_at_once_capped_and_searched_once(backend: Backend) {
    // Regression: pasting into search reran the search per character (10 KB froze the
    // interface for 2 s, 200 KB never recovered).
    let (_db, store) = demo_db(backend, "a_paste_is_typed_at_once_capped_and_searched_once");
    let mut app = app(&*store, 120, 40);
    press(&mut app, &*store, "/");
    let pasted = format!("bkpsdm\n{}", "x".repeat(200_000));
    let start = std::time::Instant::now();
    app.dispatch(jabat::app::Action::Paste(pasted));
    app.dispatch(jabat::app::Action::Idle);
    assert!(start.elapsed() < std::time::Duration::from_secs(2), "{:?}", start.elapsed());
    assert_eq!(app.search.input.chars().count(), jabat::app::SEARCH_MAX);
    assert!(app.search.input.starts_with("bkpsdm x"), "a line end becomes a space");
    // A burst of typed keys is searched once, when they stop.
    press(&mut app, &*store, "<esc>/");
    for c in "badan kepegawaian".chars() {
        app.dispatch(jabat::app::Action::Type(c));
    }
    assert!(app.search.results.is_empty() && app.search.stale, "nothing searched while keys keep coming");
    app.dispatch(jabat::app::Action::Idle);
    assert!(app.search.results.iter().any(|r| r.name.contains("Badan Kepegawaian")), "{:?}", app.search.results);
}

fn read_only_sessions_make_no_edits_and_say_so(backend: Backend) {
    let (_db, store) = demo_db(backend, "read_only_sessions_make_no_edits_and_say_so");
    jabat::i18n::set_lang(jabat::i18n::Lang::En);
    let mut app = app_with(&*store, jabat::rules::RuleSet::default(), true, 120, 30);
    press(&mut app, &*store, ":goto 1276.12.04.01<enter>x:goto 1276.13<enter>pdmrua:draft x<enter>");
    assert_eq!(parent_code(&*store, "1276.12.04.01").as_deref(), Some("1276.12.04"));
    assert!(store.journal().unwrap().is_empty() && store.drafts().unwrap().is_empty());
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.message.as_deref().unwrap_or("").contains("read-only"), "{:?}", app.message);
}

fn the_problems_view_lists_findings_and_brackets_jump_between_them(backend: Backend) {
    let (_db, store) = demo_db(backend, "the_problems_view_lists_findings_and_brackets_jump_between_them");
    let mut app = app(&*store, 140, 40);
    press(&mut app, &*store, "7");
    // Computed off the interface thread; tests answer it here.
    assert_eq!(app.mode, Mode::Normal);
    app.answer_now(&*store);
    assert_eq!(app.mode, Mode::Overlay);
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.contains("Problems ("), "{screen}");
    assert!(screen.contains("employee.past-retirement") || screen.contains("unit.no-head"), "{screen}");
    press(&mut app, &*store, "<esc>]");
    let first = app.tree.selected();
    press(&mut app, &*store, "]");
    assert_ne!(app.tree.selected(), first);
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.lines().any(|l| l.contains("▶") && l.contains('!')), "{screen}");
}

fn adding_a_unit_and_a_position_through_the_form_and_deleting_a_position_with_holders(backend: Backend) {
    let (_db, store) =
        demo_db(backend, "adding_a_unit_and_a_position_through_the_form_and_deleting_a_position_with_holders");
    let mut app = app(&*store, 140, 40);
    // A sub-unit: the code is suggested, the name typed.
    press(&mut app, &*store, ":goto 1276.12.04<enter>a");
    assert_eq!(app.mode, Mode::Form);
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.contains("1276.12.04.03"), "the next free code is suggested: {screen}");
    // The name is typed first; the kind completes from the usual ones.
    press(&mut app, &*store, "Seksi Data Statistik<down>sek<tab>");
    assert!(app.message.as_deref().unwrap_or("").contains("sekretariat · seksi"), "{:?}", app.message);
    press(&mut app, &*store, "s<tab><down>IV.a<enter>");
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    let added = store.unit_by_code("1276.12.04.03").unwrap().expect("added");
    assert_eq!((added.name.as_str(), added.kind.as_str()), ("Seksi Data Statistik", "seksi"));
    // A position in it: Tab on the kind of node makes it a position, whose fields and
    // code the form then shows.
    press(&mut app, &*store, "a<up><up><tab>");
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.contains("1276.12.04.03-J01") && screen.contains("Class"), "{screen}");
    press(
        &mut app,
        &*store,
        "<down><down>Kepala Seksi Data Statistik<down><c-u>peng<tab><down><down>IV.a<down>9<down>1<down><tab><enter>",
    );
    assert_eq!(app.mode, Mode::Normal, "{:?}", app.message);
    let p = store.positions_of(added.id).unwrap();
    assert_eq!(p.len(), 1);
    assert!(p[0].spec.head && p[0].code.starts_with("1276.12.04.03-J"), "{p:?}");
    // A second head in the same unit is refused, and the form stays open with the reason.
    // (A position selected, the form adds a position.)
    press(&mut app, &*store, "aKepala Lain<down><c-u>pengawas<down><down>IV.a<down><down><down><tab><enter>");
    assert_eq!(app.mode, Mode::Form);
    assert!(app.message.as_deref().unwrap_or("").contains("already has a head"), "{:?}", app.message);
    press(&mut app, &*store, "<esc>");
    // Deleting a held position sends its holders to the holding list.
    let held = store.position_by_code("1276.12.04.01-J01").unwrap().unwrap();
    let holders = store.holder_nips(held.id).unwrap();
    assert!(!holders.is_empty());
    press(&mut app, &*store, ":goto 1276.12.04.01-J01<enter>d");
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.contains("to the holding list"), "{screen}");
    press(&mut app, &*store, "y");
    assert!(store.position_by_code("1276.12.04.01-J01").unwrap().is_none());
    for nip in holders {
        assert_eq!(store.employee(nip).unwrap().unwrap().position, None);
    }
    assert_eq!(store.verify_integrity().unwrap(), Vec::<String>::new());
}

fn the_analysis_views_read_the_open_draft(backend: Backend) {
    use jabat::app::question::{Answer, ViewState};
    let (_db, store) = demo_db(backend, "the_analysis_views_read_the_open_draft");
    let mut app = app(&*store, 160, 45);
    let needed = |app: &mut Tui| {
        app.answer_now(&*store);
        let ViewState::Ready(c) = &app.views.state else { panic!("no answer") };
        let Ok(Answer::Formation(_, plan)) = c.answer.as_ref() else { panic!("a formation plan") };
        plan.1.total.needed
    };
    press(&mut app, &*store, ":goto 1276.12<enter>6");
    let committed = needed(&mut app);
    // In a draft, a seksi of this dinas moves to another: the formation plan of the
    // dinas, computed by the worker's code, leaves its posts out.
    press(
        &mut app,
        &*store,
        ":draft pindah<enter>:goto 1276.12.04.01<enter>x:goto 1276.13<enter>p:goto 1276.12<enter>6",
    );
    assert_eq!(app.drafting.name.as_deref(), Some("pindah"));
    let drafted = needed(&mut app);
    assert!(drafted < committed, "the draft's plan ({drafted}) leaves the seksi's posts out of {committed}");
    // Applied, the committed plan is the draft's.
    press(&mut app, &*store, ":apply<enter>:goto 1276.12<enter>6");
    assert_eq!(app.drafting.name, None);
    assert_eq!(needed(&mut app), drafted);
}

fn in_a_draft_undo_takes_a_change_off_redo_puts_it_back_and_what_does_not_fit_is_refused(backend: Backend) {
    let (_db, store) =
        demo_db(backend, "in_a_draft_undo_takes_a_change_off_redo_puts_it_back_and_what_does_not_fit_is_refused");
    let mut app = app(&*store, 140, 40);
    let ops = |store: &dyn Store| store.drafts().unwrap().iter().map(|d| d.ops().count()).sum::<usize>();
    press(&mut app, &*store, ":draft d<enter>:goto 1276.12.04.01<enter>x:goto 1276.13<enter>p");
    assert_eq!(ops(&*store), 1);
    let shown_parent = |app: &Tui| {
        let store = app.session.shown();
        let unit = store.unit_by_code("1276.12.04.01").unwrap().unwrap();
        store.unit(unit.parent.unwrap()).unwrap().unwrap().code
    };
    assert_eq!(shown_parent(&app), "1276.13");
    press(&mut app, &*store, "u");
    assert_eq!((ops(&*store), shown_parent(&app)), (0, "1276.12.04".to_string()));
    press(&mut app, &*store, "u");
    assert!(app.message.as_deref().unwrap_or("").contains("othing to undo"), "{:?}", app.message);
    press(&mut app, &*store, "<c-r>");
    assert_eq!((ops(&*store), shown_parent(&app)), (1, "1276.13".to_string()));
    // A rename to a name already refused keeps the form open with the reason; the draft
    // is unchanged, and the committed structure was never touched.
    press(&mut app, &*store, ":goto 1276.13<enter>r");
    assert_eq!(app.mode, Mode::Form);
    let name_len = app.form.as_ref().unwrap().fields[0].value.chars().count();
    press(&mut app, &*store, &"<bs>".repeat(name_len));
    press(&mut app, &*store, "<enter>");
    assert_eq!(app.mode, Mode::Form, "{:?}", app.message);
    assert!(app.message.is_some());
    assert_eq!(ops(&*store), 1);
    assert!(store.journal().unwrap().is_empty());
}

fn the_hints_and_the_help_follow_the_part_that_has_the_keyboard(backend: Backend) {
    let (_db, store) = demo_db(backend, "the_hints_and_the_help_follow_the_part_that_has_the_keyboard");
    let mut app = app(&*store, 160, 200);
    let heading = |screen: &str, name: &str| screen.lines().position(|l| l.contains(&format!("│{name} ")));
    press(&mut app, &*store, "?");
    let screen = text(&render(&app, 160, 200, PLAIN));
    let (tree, candidates) =
        (heading(&screen, "Structure").unwrap(), heading(&screen, "Promotion candidates").unwrap());
    assert!(tree < candidates, "browsing first:\n{screen}");
    press(&mut app, &*store, "<esc>:goto 1276.04.03-J01<enter>3");
    app.answer_now(&*store);
    press(&mut app, &*store, "<tab>");
    assert_eq!(app.focused(), jabat::app::component::Component::Candidates);
    let screen = text(&render(&app, 160, 200, PLAIN));
    let hints = screen.lines().last().unwrap();
    assert!(hints.contains("Shortlist") || hints.contains("shortlist"), "{hints}");
    press(&mut app, &*store, "?");
    let screen = text(&render(&app, 160, 200, PLAIN));
    let (tree, candidates) =
        (heading(&screen, "Structure").unwrap(), heading(&screen, "Promotion candidates").unwrap());
    assert!(candidates < tree, "the candidate list's keys first:\n{screen}");
}

fn expand_all_opens_every_unit_below(backend: Backend) {
    let (_db, store) = demo_db(backend, "expand_all_opens_every_unit_below");
    let mut app = app(&*store, 140, 60);
    press(&mut app, &*store, ":goto 1276.23.02<enter>");
    let before = app.tree.len();
    press(&mut app, &*store, "L");
    let screen = text(&render(&app, 140, 60, PLAIN));
    assert!(app.tree.len() > before + 3, "{} rows, {before} before:\n{screen}", app.tree.len());
    assert!(!screen.lines().any(|l| l.contains("▸ Seksi Pengendalian Pengadaan")), "{screen}");
}

fn esc_and_a_key_in_one_burst_act_in_turn_even_from_the_help(backend: Backend) {
    let (_db, store) = demo_db(backend, "esc_and_a_key_in_one_burst_act_in_turn_even_from_the_help");
    let mut app = app(&*store, 120, 30);
    press(&mut app, &*store, "?");
    assert_eq!(app.mode, Mode::Help);
    // Esc closes the help; the q that came with it then quits, as typed apart.
    press(&mut app, &*store, "<a-q>");
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.quit, "the q was read in the help's keys and lost");
}

fn others_commits_show_with_who_and_an_edit_begun_before_them_on_the_same_node_is_refused(backend: Backend) {
    let (db, store) =
        demo_db(backend, "others_commits_show_with_who_and_an_edit_begun_before_them_on_the_same_node_is_refused");
    let mut app = app(&*store, 140, 40);
    press(&mut app, &*store, ":goto 1276.12.02<enter>r");
    assert_eq!(app.mode, Mode::Form);
    // Another analyst renames the same unit meanwhile, and another one elsewhere.
    let rename = |code: &str, name: &str| vec![jabat::model::Op::RenameUnit { code: code.into(), name: name.into() }];
    db.commit_as(&*store, "siti", rename("1276.12.02", "Dinas Siti"));
    db.commit_as(&*store, "budi", rename("1276.13", "Dinas Budi"));
    let Tui { app: inner, session } = &mut app;
    assert!(session.watch(inner, std::time::Instant::now()), "the interface notices");
    assert_eq!(app.mode, Mode::Form, "the form stays open");
    let screen = text(&render(&app, 140, 40, PLAIN));
    assert!(screen.contains("budi changed: rename unit 1276.13"), "{screen}");
    assert!(screen.contains("Dinas Siti") && screen.contains("@siti"), "the tree shows it, marked:\n{screen}");
    // The rename begun before siti's is refused, naming her.
    press(&mut app, &*store, &format!("{}Dinas Baru<enter>", "<bs>".repeat(40)));
    let said = app.message.clone().unwrap_or_default();
    assert!(said.contains("siti changed 1276.12.02"), "{said}");
    assert_eq!(store.unit_by_code("1276.12.02").unwrap().unwrap().name, "Dinas Siti", "nothing changed");
    // Made again now, looking at her change, it goes in.
    press(&mut app, &*store, &format!("<esc>r{}Dinas Baru<enter>", "<bs>".repeat(40)));
    assert_eq!(store.unit_by_code("1276.12.02").unwrap().unwrap().name, "Dinas Baru");
    assert_eq!(store.journal().unwrap().len(), 3);
}

fn two_reviewers_on_one_position_keep_each_others_decisions_and_the_same_candidate_is_refused_to_the_second(
    backend: Backend,
) {
    use jabat::model::Decision;
    let (_db, store) = demo_db(
        backend,
        "two_reviewers_on_one_position_keep_each_others_decisions_and_the_same_candidate_is_refused_to_the_second",
    );
    let open = |store| {
        let mut tui = app(store, 160, 45);
        press(&mut tui, store, ":goto 1276.04.03-J01<enter>3");
        tui.answer_now(store);
        press(&mut tui, store, "<tab>");
        tui
    };
    // Both open the candidates before either decides.
    let (mut ana, mut budi) = (open(&*store), open(&*store));
    press(&mut ana, &*store, "s");
    press(&mut budi, &*store, "jx");
    let review = store.review("1276.04.03-J01").unwrap().unwrap();
    assert_eq!(review.counts(), [1, 1, 0], "both decisions are kept: {:?}", review.marks());
    assert_eq!(budi.views.review.as_ref().unwrap().counts(), [1, 1, 0], "the second sees the first's too");
    // Ana's list shows Budi's rejection once her interface looks (within a second).
    let before_watch = ana.views.review.clone();
    // Its next look, a second on (the watch asks the store at most every 400 ms).
    let Tui { app: inner, session } = &mut ana;
    let later = std::time::Instant::now() + std::time::Duration::from_secs(1);
    assert!(session.watch(inner, later), "the watch brings Budi's decision");
    assert_eq!(ana.views.review.as_ref().unwrap().counts(), [1, 1, 0]);
    ana.views.review = before_watch;
    // Ana, still looking at the list without Budi's rejection, shortlists the one he rejected.
    press(&mut ana, &*store, "js");
    let said = ana.message.clone().unwrap_or_default();
    assert!(said.contains("changed the review of") && said.contains("after this decision was prepared"), "{said}");
    let review = store.review("1276.04.03-J01").unwrap().unwrap();
    assert_eq!(review.counts(), [1, 1, 0], "nothing changed");
    assert_eq!(ana.views.review.as_ref(), Some(&review), "the list shows what is stored now");
    assert!(review.marks().iter().any(|m| m.decision == Some(Decision::Rejected)));
}

fn another_users_draft_opens_read_only(backend: Backend) {
    let (_db, store) = demo_db(backend, "another_users_draft_opens_read_only");
    let stamp = jabat::model::Stamp { user: "siti".into(), at: 1_780_000_000 };
    let ops = vec![jabat::model::Op::RenameUnit { code: "1276.12.02".into(), name: "Dinas Usulan Siti".into() }];
    store
        .put_draft(&jabat::model::Draft { name: "usulan".into(), created: stamp, changes: vec![(ops, None)] })
        .unwrap();
    let mut app = app(&*store, 160, 40);
    press(&mut app, &*store, ":draft usulan<enter>:goto 1276.12.02<enter>");
    let screen = text(&render(&app, 160, 40, PLAIN));
    assert!(screen.contains("Dinas Usulan Siti"), "her draft is shown:\n{screen}");
    assert!(screen.contains("usulan, siti's, read-only"), "and said to be hers:\n{screen}");
    press(&mut app, &*store, "r");
    assert_eq!(app.mode, Mode::Normal, "no form opens");
    let said = app.message.clone().unwrap_or_default();
    assert!(said.contains("draft usulan is siti's"), "{said}");
    // What was said goes with the next key that acts, and stays in `:messages`.
    press(&mut app, &*store, "X<enter>");
    assert_eq!(app.message, None);
    press(&mut app, &*store, ":messages<enter>");
    let screen = text(&render(&app, 160, 40, PLAIN));
    assert!(screen.contains("Messages (2)") && screen.contains(&said), "{screen}");
    press(&mut app, &*store, "<esc>");
    press(&mut app, &*store, ":apply<enter>");
    assert!(app.message.clone().unwrap_or_default().contains("siti's"));
    assert_eq!(store.drafts().unwrap()[0].ops().count(), 1, "her draft is as it was");
    assert_eq!(store.journal().unwrap().len(), 0, "nothing applied");
}

fn search_results_say_what_and_where_each_is_and_can_be_narrowed_by_kind(backend: Backend) {
    use jabat::app::{SearchKinds, Target};
    let (_db, store) = demo_db(backend, "search_results_say_what_and_where_each_is_and_can_be_narrowed_by_kind");
    let mut app = app(&*store, 160, 40);
    press(&mut app, &*store, "/analis");
    let screen = text(&render(&app, 160, 40, PLAIN));
    assert!(app.search.more && screen.contains("more than shown"), "{screen}");
    assert!(screen.contains("all · Tab: kind"), "{screen}");
    // A position says its unit; a unit its path.
    let position =
        app.search.results.iter().find(|r| matches!(r.target, Target::Node(jabat::app::tree::NodeId::Position(_))));
    let position = position.expect("a position among the hits");
    let unit = store.position_by_code(&position.code).unwrap().unwrap().unit;
    assert_eq!(position.context, store.unit(unit).unwrap().unwrap().name);
    // Tab: units only, then positions, then people (each with their position and unit).
    press(&mut app, &*store, "<bs><bs><bs><bs><bs><bs>siti<tab><tab><tab>");
    assert_eq!(app.search.kinds, SearchKinds::People);
    assert!(!app.search.results.is_empty());
    assert!(app.search.results.iter().all(|r| matches!(r.target, Target::Employee(_))));
    let person = &app.search.results[0];
    let Target::Employee(nip) = person.target else { unreachable!() };
    let held = store.employee(nip).unwrap().unwrap().position.and_then(|p| store.position(p).unwrap());
    assert!(person.context.starts_with(&held.expect("placed").name), "{}", person.context);
    let screen = text(&render(&app, 160, 40, PLAIN));
    assert!(screen.contains("Employees · Tab: kind") && screen.contains(&person.context[..20]), "{screen}");
}

fn the_holding_list_is_a_node_of_the_tree_whose_people_can_be_browsed_and_placed(backend: Backend) {
    let (_db, store) =
        demo_db(backend, "the_holding_list_is_a_node_of_the_tree_whose_people_can_be_browsed_and_placed");
    let unplaced = store.unplaced().unwrap();
    assert!(unplaced.len() >= 2, "the demo has people on the holding list");
    let mut app = app(&*store, 160, 45);
    // After the instansi, with how many are on it.
    press(&mut app, &*store, "G");
    let screen = text(&render(&app, 160, 45, PLAIN));
    let row = screen.lines().find(|l| l.contains("▶") && l.contains("Holding list (not placed)"));
    assert!(row.is_some_and(|r| r.contains(&format!("{} ppl", unplaced.len()))), "{screen}");
    assert!(screen.contains(&format!("{} employees without a position", unplaced.len())), "{screen}");
    // Open it, walk to a person: their profile shows; Enter gives it the keyboard.
    press(&mut app, &*store, "lj");
    let first = &unplaced[0];
    assert_eq!(app.tree.selected(), Some(jabat::app::tree::NodeId::Person(first.nip)));
    let screen = text(&render(&app, 160, 45, PLAIN));
    assert!(screen.contains(&first.nip.spaced()) && screen.contains("Employee profile"), "{screen}");
    press(&mut app, &*store, "<enter>");
    assert_eq!(app.focus, Pane::Details);
    // x, then p on a vacant post, places them; the list has one fewer and the
    // selection stays among it.
    press(&mut app, &*store, "<esc>x:goto 1276.23.03-J01<enter>p");
    let placed = store.employee(first.nip).unwrap().unwrap();
    let target = store.position_by_code("1276.23.03-J01").unwrap().unwrap();
    assert_eq!(placed.position, Some(target.id), "{:?}", app.message);
    assert_eq!(store.unplaced().unwrap().len(), unplaced.len() - 1);
    press(&mut app, &*store, "G");
    let screen = text(&render(&app, 160, 45, PLAIN));
    assert!(screen.contains(&format!("{} ppl", unplaced.len() - 1)), "{screen}");
    // A search for someone on the list goes to their row.
    let other = &unplaced[1];
    press(&mut app, &*store, &format!(":goto {}<enter>", other.nip));
    assert_eq!(app.tree.selected(), Some(jabat::app::tree::NodeId::Person(other.nip)));
}

fn a_profile_and_the_help_stop_scrolling_at_their_end(backend: Backend) {
    let (_db, store) = demo_db(backend, "a_profile_and_the_help_stop_scrolling_at_their_end");
    let mut app = app(&*store, 100, 24);
    press(&mut app, &*store, ":goto 1276.23.03-J03<enter><enter><enter>");
    assert!(app.details.profile.is_some());
    let first = text(&render(&app, 100, 24, PLAIN));
    press(&mut app, &*store, &"j".repeat(200));
    let end = app.details.scroll;
    let bottom = text(&render(&app, 100, 24, PLAIN));
    assert!(end > 0 && end < 200, "stopped at {end}");
    assert_ne!(first, bottom);
    // One key up moves at once: nothing was piled up beyond the end.
    press(&mut app, &*store, "k");
    assert_eq!(app.details.scroll, end - 1);
    // The help likewise.
    press(&mut app, &*store, "<esc><esc>?");
    render(&app, 100, 24, PLAIN);
    press(&mut app, &*store, &"j".repeat(500));
    let end = app.help.scroll;
    assert!(end > 0 && end < 500, "stopped at {end}");
    press(&mut app, &*store, "k");
    assert_eq!(app.help.scroll, end - 1);
}

fn the_command_line_completes_codes_nips_and_draft_names(backend: Backend) {
    let (_db, store) = demo_db(backend, "the_command_line_completes_codes_nips_and_draft_names");
    let mut app = app(&*store, 160, 40);
    // A code: as far as the codes agree, and they are listed.
    press(&mut app, &*store, ":goto 1276.23.0<tab>");
    assert_eq!(&*app.command.input, "goto 1276.23.0");
    let said = app.message.clone().unwrap_or_default();
    assert!(said.contains("1276.23.01") && said.contains("1276.23.03") && !said.contains("-J"), "one level: {said}");
    // One left: it is completed.
    press(&mut app, &*store, "3-J03<bs><bs><bs><tab>");
    assert_eq!(&*app.command.input, "goto 1276.23.03-J0");
    press(&mut app, &*store, "3<enter>");
    assert_eq!(
        app.tree.selected(),
        store.position_by_code("1276.23.03-J03").unwrap().map(|p| jabat::app::tree::NodeId::Position(p.id))
    );
    // A NIP by its first digits.
    let nip = store.unplaced().unwrap()[0].nip.to_string();
    press(&mut app, &*store, &format!(":goto {}<tab>", &nip[..14]));
    assert_eq!(*app.command.input, format!("goto {nip}"));
    press(&mut app, &*store, "<esc>");
    // A draft's name.
    press(&mut app, &*store, ":draft usulan-baru<enter>:draft<enter>:draft us<tab>");
    assert_eq!(&*app.command.input, "draft usulan-baru");
    press(&mut app, &*store, "<esc>:lang i<tab>");
    assert_eq!(&*app.command.input, "lang id");
}

fn y_takes_the_code_of_a_node_the_nip_of_a_person_and_y_shifted_the_path(backend: Backend) {
    let (_db, store) = demo_db(backend, "y_takes_the_code_of_a_node_the_nip_of_a_person_and_y_shifted_the_path");
    let mut app = app(&*store, 160, 40);
    press(&mut app, &*store, ":goto 1276.23.03-J03<enter>y");
    assert_eq!(app.clipboard.take().as_deref(), Some("1276.23.03-J03"));
    press(&mut app, &*store, "Y");
    let path = app.clipboard.take().unwrap();
    assert!(path.starts_with("Pemerintah Kota Binjai › ") && path.ends_with("› Pranata Komputer Terampil"), "{path}");
    // The holder highlighted, then their profile: the NIP.
    let holder = store.holder_nips(store.position_by_code("1276.23.03-J03").unwrap().unwrap().id).unwrap()[0];
    press(&mut app, &*store, "<enter>y");
    assert_eq!(app.clipboard.take(), Some(holder.to_string()));
    press(&mut app, &*store, "<enter>Y");
    assert!(app.clipboard.take().unwrap().ends_with(&format!("({holder})")));
    assert!(app.message.as_deref().unwrap_or("").starts_with("copied to the clipboard:"));
}

fn several_picked_positions_or_people_move_together_in_one_change(backend: Backend) {
    let (_db, store) = demo_db(backend, "several_picked_positions_or_people_move_together_in_one_change");
    let mut app = app(&*store, 160, 40);
    let unit_of = |code: &str| {
        let p = store.position_by_code(code).unwrap().unwrap();
        store.unit(p.unit).unwrap().unwrap().code
    };
    // Two positions picked (v, then Space), cut together, pasted into another unit.
    press(&mut app, &*store, ":goto 1276.23.03-J02<enter>v:goto 1276.23.03-J03<enter> ");
    let screen = text(&render(&app, 160, 40, PLAIN));
    assert!(screen.contains("│ ◆ 2"), "{screen}");
    assert_eq!(app.editing.picked.len(), 2);
    press(&mut app, &*store, "x:goto 1276.23.02<enter>p");
    assert_eq!((unit_of("1276.23.03-J02"), unit_of("1276.23.03-J03")), ("1276.23.02".into(), "1276.23.02".into()));
    let journal = store.journal().unwrap();
    assert_eq!(journal.last().unwrap().ops.len(), 2, "one change");
    // Undo takes both back.
    press(&mut app, &*store, "u");
    assert_eq!(unit_of("1276.23.03-J02"), "1276.23.03");
    assert_eq!(unit_of("1276.23.03-J03"), "1276.23.03");
    // Two people from the holding list, placed in one position.
    let unplaced = store.unplaced().unwrap();
    press(
        &mut app,
        &*store,
        &format!(":goto {}<enter>v:goto {}<enter>vx:goto 1276.23.03-J01<enter>p", unplaced[0].nip, unplaced[1].nip),
    );
    let target = store.position_by_code("1276.23.03-J01").unwrap().unwrap().id;
    for e in &unplaced[..2] {
        assert_eq!(store.employee(e.nip).unwrap().unwrap().position, Some(target), "{:?}", app.message);
    }
    // A picked one picked again is taken out.
    press(&mut app, &*store, ":goto 1276.05<enter>vv");
    assert!(app.editing.picked.is_empty());
}

fn views_filter_the_tree_orders_by_shortage_and_the_problems_narrow(backend: Backend) {
    use jabat::app::question::{Answer, ViewState};
    let (_db, store) = demo_db(backend, "views_filter_the_tree_orders_by_shortage_and_the_problems_narrow");
    let mut app = app(&*store, 160, 45);
    // The gap grid of a unit, narrowed to one competency: only positions short in it,
    // the widest shortfall first.
    press(&mut app, &*store, ":goto 1276.05<enter>2");
    app.answer_now(&*store);
    press(&mut app, &*store, "<tab>f");
    let ViewState::Ready(c) = &app.views.state else { panic!("answered") };
    let Ok(Answer::UnitGaps(_, m)) = c.answer.as_ref() else { panic!("a grid") };
    let first = m.competencies[0].clone();
    assert_eq!(app.views.gap_focus.as_ref(), Some(&first));
    let listed = m.listed(Some(&first));
    assert!(!listed.is_empty() && listed.len() < m.rows.len());
    let gap = |r: &jabat::rules::gaps::GapRow| r.cells[&first].average_gap().unwrap();
    assert!(listed.iter().all(|r| gap(r) < 0.0) && listed.windows(2).all(|w| gap(w[0]) <= gap(w[1])));
    let count = m.competencies.len();
    let screen = text(&render(&app, 160, 45, PLAIN));
    assert!(screen.contains(&format!("▼{}", first.short())) && screen.contains("only positions short in"), "{screen}");
    // Every competency in turn, then all again.
    press(&mut app, &*store, &"f".repeat(count));
    assert_eq!(app.views.gap_focus, None);
    // The tree by shortage: the most short first, and back.
    press(&mut app, &*store, "<esc>1:goto 1276.04<enter>ho");
    let shortage = |app: &Tui, i: usize| match app.tree.row(i).map(|r| r.info.clone()) {
        Some(jabat::app::tree::RowInfo::Unit { totals, .. }) => totals.needed as i64 - totals.filled as i64,
        _ => i64::MIN,
    };
    let units: Vec<i64> = (1..12).map(|i| shortage(&app, i)).collect();
    assert!(units.windows(2).all(|w| w[0] >= w[1]), "{units:?}");
    assert!(app.message.as_deref().unwrap_or("").contains("largest shortage first"));
    press(&mut app, &*store, "o");
    let code = |app: &Tui, i: usize| match app.tree.row(i).map(|r| r.info.clone()) {
        Some(jabat::app::tree::RowInfo::Unit { code, .. }) => code,
        _ => String::new(),
    };
    assert_eq!((code(&app, 1), code(&app, 2)), ("1276.01".to_string(), "1276.02".to_string()));
    // The problems by gravity, then by rule.
    press(&mut app, &*store, "7");
    app.answer_now(&*store);
    let all = app.overlay.as_ref().unwrap().lines.len();
    press(&mut app, &*store, "f");
    let errors = app.overlay.as_ref().unwrap().clone();
    assert!(errors.title.contains("error") && errors.lines.len() < all, "{}", errors.title);
    assert!(errors.lines.iter().all(|l| l.starts_with("error")));
    press(&mut app, &*store, "fffr");
    let rule = app.overlay.as_ref().unwrap().clone();
    let id = app.problems.rule.clone().expect("a rule kept");
    assert!(rule.lines.iter().all(|l| l.contains(&id)) && rule.title.contains(&id));
}

on_each_backend!(
    a_new_user_finds_bkpsdm_its_positions_a_person_and_quits,
    back_and_forward_walk_the_jumps_not_every_row_passed,
    g_g_goes_to_the_top_and_a_pending_g_is_shown,
    command_line_completes_and_switches_language,
    every_size_from_one_cell_to_a_wall_renders_without_panic,
    the_selection_is_reversed_and_marked_and_shortages_carry_a_symbol_in_every_theme,
    narrow_terminals_stack_the_details_under_the_tree,
    panes_snapshot_at_two_sizes,
    changed_panes_snapshot_in_both_languages,
    the_mouse_selects_opens_and_scrolls,
    the_profile_counts_retirement_with_the_agencys_rules,
    the_candidates_pane_ranks_a_vacant_kepala_bidang_as_the_command_line_does,
    a_newer_selection_makes_an_older_answer_stale_and_the_gaps_pane_puts_the_worst_first,
    nominating_a_second_candidate_says_who_lost_the_nomination_and_the_record_keeps_it,
    decisions_and_notes_on_candidates_are_kept_with_who_and_when_and_undo_walks_back,
    read_only_sessions_do_not_record_decisions,
    the_nine_box_training_and_formation_views_agree_with_the_command_line,
    a_units_details_say_who_its_staff_are_as_numbers_and_with_room_as_pictures,
    the_nine_box_is_walked_box_by_box_and_a_box_lists_its_people,
    the_performance_view_draws_the_years_finds_the_weakest_and_opens_a_follow_up,
    reorganizing_by_keyboard_merges_moves_edits_undoes_and_redoes,
    a_draft_leaves_the_structure_alone_until_applied_and_then_commits_in_one_entry,
    an_anjabs_requirements_are_edited_in_a_form_and_its_details_show_it,
    discarding_a_draft_asks_first_and_undo_brings_it_back_not_an_older_commit,
    a_paste_is_typed_at_once_capped_and_searched_once,
    read_only_sessions_make_no_edits_and_say_so,
    the_problems_view_lists_findings_and_brackets_jump_between_them,
    adding_a_unit_and_a_position_through_the_form_and_deleting_a_position_with_holders,
    the_analysis_views_read_the_open_draft,
    in_a_draft_undo_takes_a_change_off_redo_puts_it_back_and_what_does_not_fit_is_refused,
    the_hints_and_the_help_follow_the_part_that_has_the_keyboard,
    expand_all_opens_every_unit_below,
    esc_and_a_key_in_one_burst_act_in_turn_even_from_the_help,
    others_commits_show_with_who_and_an_edit_begun_before_them_on_the_same_node_is_refused,
    two_reviewers_on_one_position_keep_each_others_decisions_and_the_same_candidate_is_refused_to_the_second,
    another_users_draft_opens_read_only,
    search_results_say_what_and_where_each_is_and_can_be_narrowed_by_kind,
    the_holding_list_is_a_node_of_the_tree_whose_people_can_be_browsed_and_placed,
    a_profile_and_the_help_stop_scrolling_at_their_end,
    the_command_line_completes_codes_nips_and_draft_names,
    y_takes_the_code_of_a_node_the_nip_of_a_person_and_y_shifted_the_path,
    several_picked_positions_or_people_move_together_in_one_change,
    views_filter_the_tree_orders_by_shortage_and_the_problems_narrow,
);
