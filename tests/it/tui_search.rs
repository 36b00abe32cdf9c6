//! Search in the TUI over a real store: `/` opens a prompt, Enter runs the
//! query through the store's FTS5 index (the UI only asks its source), the
//! list shows the issues that matched with the count in its header, opening
//! one lands on its first matching message with the words highlighted, and
//! `n`/`N` walk the matches across issues, around the ends with a note.

use crate::common::{Home, Mail, mailbox, write_mbox};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

use vsd::app::TuiSource;

use crate::support::tui::{
    self, line, open_home as open, press, render_80x24 as render, screen, type_text,
};
use vsd::ui::{App, Command, IssueSource, Screen, fulfil};

const DESK: &str = "Vipps Integration <integration@vipps.no>";
const OLA: &str = "Ola Nordmann <ola@example.com>";

/// Two issues whose bodies (not subjects) name the zebra campaign: VSD-700
/// in its request and in the team's last reply, VSD-800 in its request.
fn zebra_mail() -> Vec<Mail> {
    vec![
        Mail::new("r700@example.com", "Mon, 2 Nov 2026 09:00:00 +0100", OLA, "Refund fails for campaign orders")
            .to("integration@vipps.no")
            .body("Hi,\n\nRefunds of the Zebra campaign orders fail with HTTP 500.\nMSN 123456, orderId zz-1.\n\nOla\n"),
        Mail::new("a700@vipps.no", "Mon, 2 Nov 2026 09:01:00 +0100", DESK, "[VSD-700] Refund fails for campaign orders")
            .to(OLA)
            .reply("r700@example.com", &["r700@example.com"])
            .body("Thank you. Your issue number is VSD-700.\n"),
        Mail::new("d700@vipps.no", "Tue, 3 Nov 2026 10:00:00 +0100", DESK, "RE: [VSD-700] Refund fails for campaign orders")
            .to(OLA)
            .reply("a700@vipps.no", &["r700@example.com", "a700@vipps.no"])
            .body("Which orders?\n"),
        Mail::new("t700@example.com", "Tue, 3 Nov 2026 11:00:00 +0100", OLA, "Re: [VSD-700] Refund fails for campaign orders")
            .to("integration@vipps.no")
            .reply("d700@vipps.no", &["r700@example.com", "a700@vipps.no", "d700@vipps.no"])
            .body("All orders of the ZEBRA-campaign since Monday.\n"),
        Mail::new("r800@example.com", "Wed, 4 Nov 2026 09:00:00 +0100", OLA, "Capture missing in the report")
            .to("integration@vipps.no")
            .body("Hi,\n\nThe zebras report lacks captures. MSN 123456.\n\nOla\n"),
        Mail::new("a800@vipps.no", "Wed, 4 Nov 2026 09:01:00 +0100", DESK, "[VSD-800] Capture missing in the report")
            .to(OLA)
            .reply("r800@example.com", &["r800@example.com"])
            .body("Thank you. Your issue number is VSD-800.\n"),
    ]
}

fn home() -> Home {
    let home = Home::new();
    let mut mails = mailbox();
    mails.extend(zebra_mail());
    let mbox = home.path("box.mbox");
    write_mbox(&mbox, &mails);
    home.vsd().arg("import").arg(&mbox).assert().success();
    home
}

fn search(app: &mut App, source: &dyn IssueSource, text: &str) {
    press(app, source, KeyCode::Char('/'));
    type_text(app, source, text);
    press(app, source, KeyCode::Enter);
}

/// The keys of the list's rows (the key column after the marks).
fn listed(t: &Terminal<TestBackend>) -> Vec<String> {
    screen(t)[2..23]
        .iter()
        .filter_map(|l| l.get(3..)?.split_whitespace().next().map(str::to_string))
        .filter(|k| k.starts_with("VSD-"))
        .collect()
}

/// The text on row `y` drawn in the highlight style, words split by gaps.
fn highlighted(t: &Terminal<TestBackend>, y: u16) -> Vec<String> {
    let buf = t.backend().buffer();
    let mut words = Vec::new();
    let mut cur = String::new();
    for x in 0..buf.area.width {
        let cell = &buf[(x, y)];
        let on = cell.modifier.contains(Modifier::REVERSED | Modifier::BOLD);
        if on {
            cur.push_str(cell.symbol());
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

fn start(source: &dyn IssueSource) -> App {
    tui::start_sized(source, "search", 80, 24)
}

#[test]
fn slash_searches_every_message_and_esc_restores_the_list() {
    let home = home();
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source);
    let before = listed(&render(&app));
    assert!(
        !before.contains(&"VSD-200".to_string()),
        "resolved: {before:?}"
    );

    press(&mut app, &source, KeyCode::Char('/'));
    type_text(&mut app, &source, "callback");
    let t = render(&app);
    assert!(
        line(&t, 23).starts_with("search: callback▏"),
        "{}",
        line(&t, 23)
    );
    press(&mut app, &source, KeyCode::Enter);
    let t = render(&app);
    // The desk's answer on a resolved issue: a search looks at every issue.
    assert!(
        line(&t, 0).starts_with("search: callback  (1 hit in 1 issue)"),
        "{}",
        line(&t, 0)
    );
    assert_eq!(listed(&t), ["VSD-200"]);
    assert!(
        line(&t, 23).contains("Esc leaves the search"),
        "{}",
        line(&t, 23)
    );

    press(&mut app, &source, KeyCode::Esc);
    let t = render(&app);
    assert!(line(&t, 0).starts_with("vsd · search"), "{}", line(&t, 0));
    assert_eq!(listed(&t), before);
    assert!(app.search().is_none());
}

#[test]
fn opening_a_result_lands_on_the_matching_message_with_the_words_highlighted() {
    let home = home();
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source);
    // Upper case and a prefix: "MANGL" finds "manglet" in the desk's answer,
    // the fifth message of VSD-200.
    search(&mut app, &source, "MANGL");
    press(&mut app, &source, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Issue);
    assert_eq!(app.detail_id(), Some("VSD-200"));
    let t = render(&app);
    let rows = screen(&t);
    // Scrolled to it (or as far as the text goes: the log comes after it).
    assert!(app.scroll() > 0);
    assert!(
        rows[2..23].iter().any(|l| l.starts_with("── 5/5 ·")),
        "the match in view: {rows:#?}"
    );
    let y = rows
        .iter()
        .position(|l| l.contains("callback-URL manglet https"))
        .expect("the matching text on screen") as u16;
    assert_eq!(highlighted(&t, y), ["manglet"]);
    assert_eq!(app.match_position(), Some((0, 1)));
    // The message keys (H, X, O, Y) act on the message landed on.
    assert_eq!(app.current_message(), 4);
    assert!(rows[23].starts_with("match 1/1 here"), "{}", rows[23]);
    // Back in the results, the list is still the search's.
    press(&mut app, &source, KeyCode::Esc);
    assert_eq!(listed(&render(&app)), ["VSD-200"]);
}

#[test]
fn a_word_is_highlighted_only_where_it_starts_a_word_in_any_case() {
    let home = home();
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source);
    search(&mut app, &source, "zebra");
    let keys: Vec<String> = listed(&render(&app));
    assert_eq!(
        {
            let mut k = keys.clone();
            k.sort();
            k
        },
        ["VSD-700", "VSD-800"]
    );
    let Some(row) = keys.iter().position(|k| *k == "VSD-700") else {
        panic!("VSD-700 listed: {keys:?}")
    };
    for _ in 0..row {
        press(&mut app, &source, KeyCode::Char('j'));
    }
    press(&mut app, &source, KeyCode::Enter);
    let t = render(&app);
    let rows = screen(&t);
    let y = rows
        .iter()
        .position(|l| l.contains("Zebra campaign"))
        .expect("the request's text") as u16;
    assert_eq!(highlighted(&t, y), ["Zebra"]);
    // `n`: the team's reply, whose "ZEBRA-campaign" matches as the query
    // does (the word, then punctuation).
    press(&mut app, &source, KeyCode::Char('n'));
    let t = render(&app);
    let rows = screen(&t);
    let y = rows
        .iter()
        .position(|l| l.contains("ZEBRA-campaign"))
        .expect("the reply's text") as u16;
    assert_eq!(highlighted(&t, y), ["ZEBRA"]);
}

/// The matches in the order `n` visits them: each listed issue's matching
/// messages in the view's order, as (issue, message number).
fn expected_walk(app: &App, listed: &[String]) -> Vec<(String, usize)> {
    let matched = |k: &str| match k {
        "VSD-700" => vec![1, 4],
        "VSD-800" => vec![1],
        other => panic!("unexpected {other} in {:?}", app.search().map(|s| &s.text)),
    };
    listed
        .iter()
        .flat_map(|k| matched(k).into_iter().map(move |n| (k.clone(), n)))
        .collect()
}

/// Where the issue view is: its issue and the number of the message whose
/// match `n` went to, read from the screen's top body line.
fn place(app: &App) -> (String, usize) {
    let t = render(app);
    let rows = screen(&t);
    let id = app.detail_id().expect("an issue open").to_string();
    let (c, _) = app.match_position().expect("at a match");
    let starts = app.message_starts();
    let lines = app.match_lines();
    let n = starts
        .iter()
        .position(|&s| s == lines[c])
        .expect("a message start")
        + 1;
    let head = format!("── {n}/");
    assert!(
        rows[2..23].iter().any(|l| l.starts_with(&head)),
        "message {n} of {id} in view: {rows:#?}"
    );
    (id, n)
}

#[test]
fn n_and_shift_n_walk_the_matches_across_issues_and_around_the_ends() {
    let home = home();
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source);
    search(&mut app, &source, "zebra");
    let keys = listed(&render(&app));
    let walk = expected_walk(&app, &keys);
    assert_eq!(walk.len(), 3);
    press(&mut app, &source, KeyCode::Enter);
    assert_eq!(place(&app), walk[0]);
    press(&mut app, &source, KeyCode::Char('n'));
    assert_eq!(place(&app), walk[1]);
    press(&mut app, &source, KeyCode::Char('n'));
    assert_eq!(place(&app), walk[2]);
    // Past the last match: around to the first, and the footer says so.
    press(&mut app, &source, KeyCode::Char('n'));
    assert_eq!(place(&app), walk[0]);
    let t = render(&app);
    assert!(
        line(&t, 23).contains("past the last match: on from the first"),
        "{}",
        line(&t, 23)
    );
    // `N` goes back the same way, around the start to the last match.
    press(&mut app, &source, KeyCode::Char('N'));
    assert_eq!(place(&app), walk[2]);
    assert!(line(&render(&app), 23).contains("past the first match: on from the last"));
    press(&mut app, &source, KeyCode::Char('N'));
    assert_eq!(place(&app), walk[1]);
    press(&mut app, &source, KeyCode::Char('N'));
    assert_eq!(place(&app), walk[0]);
    // In the list, `n` moves the selection to the next issue of the results.
    press(&mut app, &source, KeyCode::Esc);
    let at = app.selected_id().map(str::to_string);
    press(&mut app, &source, KeyCode::Char('n'));
    assert_ne!(app.selected_id().map(str::to_string), at);
}

#[test]
fn a_search_follows_new_mail_on_a_reload() {
    let home = home();
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source);
    search(&mut app, &source, "callback");
    assert!(line(&render(&app), 0).contains("(1 hit in 1 issue)"));
    let more = home.path("more.mbox");
    write_mbox(
        &more,
        &[Mail::new(
            "t100c@example.com",
            "Wed, 4 Mar 2026 11:00:00 +0100",
            OLA,
            "Re: [VSD-100] POST /epayment gives 400",
        )
        .to("integration@vipps.no")
        .reply("d100@vipps.no", &["req100@example.com", "d100@vipps.no"])
        .body("Our callback is reachable now.\n")],
    );
    home.vsd().arg("import").arg(&more).assert().success();
    assert!(fulfil(&mut app, &source, Command::Reload));
    let t = render(&app);
    assert!(
        line(&t, 0).contains("(2 hits in 2 issues)"),
        "{}",
        line(&t, 0)
    );
    let mut keys = listed(&t);
    keys.sort();
    assert_eq!(keys, ["VSD-100", "VSD-200"]);
}

#[test]
fn a_query_that_cannot_be_read_says_why_in_the_footer() {
    let home = home();
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source);
    search(&mut app, &source, "flag:nope");
    let t = render(&app);
    assert!(
        line(&t, 23).contains("no rule is called \"nope\""),
        "{}",
        line(&t, 23)
    );
    assert!(app.search().is_none());
    // ↑ at the prompt brings back what was typed last, to mend it.
    press(&mut app, &source, KeyCode::Char('/'));
    press(&mut app, &source, KeyCode::Up);
    assert_eq!(app.prompt().map(|p| p.text.as_str()), Some("flag:nope"));
    press(&mut app, &source, KeyCode::Esc);
    search(&mut app, &source, "*** ()");
    assert!(
        line(&render(&app), 23).contains("nothing to search for"),
        "{}",
        line(&render(&app), 23)
    );
    // Nothing found is a search too: the list says so.
    search(&mut app, &source, "xylofon");
    let t = render(&app);
    assert!(line(&t, 0).starts_with("search: xylofon  (0 hits in 0 issues)"));
    assert_eq!(
        line(&t, 2),
        "No message matches \"xylofon\". Esc leaves the search."
    );
    press(&mut app, &source, KeyCode::Char('n'));
    assert!(line(&render(&app), 23).contains("nothing matched the search"));
}

#[test]
fn f_filters_and_w_drafts_a_new_request_now() {
    let home = home();
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source);
    press(&mut app, &source, KeyCode::Char('f'));
    assert!(app.typing_filter());
    press(&mut app, &source, KeyCode::Esc);
    assert_eq!(
        app.handle_key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE)),
        Some(Command::Draft(vsd::ui::DraftKind::NewRequest, None))
    );
    // `n` without a search says how to start one.
    press(&mut app, &source, KeyCode::Char('n'));
    assert!(line(&render(&app), 23).contains("/ searches every message"));
}

/// The results come best match first (the heading says so) until the user
/// sorts them; the order chosen then holds across a reload.
#[test]
fn results_come_best_first_until_the_user_sorts_them() {
    let home = home();
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source);
    search(&mut app, &source, "zebra");
    let t = render(&app);
    assert!(
        line(&t, 1).ends_with("title (best match first)"),
        "{}",
        line(&t, 1)
    );
    press(&mut app, &source, KeyCode::Char(':'));
    type_text(&mut app, &source, "sort key");
    press(&mut app, &source, KeyCode::Enter);
    let t = render(&app);
    assert!(line(&t, 1).ends_with("title (by key)"), "{}", line(&t, 1));
    let by_key = listed(&t);
    assert_eq!(by_key.len(), 2);
    press(&mut app, &source, KeyCode::Char('S'));
    let t = render(&app);
    assert!(
        line(&t, 1).ends_with("title (by key, reversed)"),
        "{}",
        line(&t, 1)
    );
    let reversed: Vec<String> = by_key.iter().rev().cloned().collect();
    assert_eq!(listed(&t), reversed);
    assert!(fulfil(&mut app, &source, Command::Reload));
    let t = render(&app);
    assert!(
        line(&t, 1).ends_with("title (by key, reversed)"),
        "{}",
        line(&t, 1)
    );
    assert_eq!(listed(&t), reversed);
    // A new search is ranked again.
    search(&mut app, &source, "zebra");
    assert!(line(&render(&app), 1).ends_with("title (best match first)"));
}

/// A search gives the window its first SEARCH_LIMIT hits; the header says
/// when there may be more.
#[test]
fn a_search_with_more_hits_than_it_reads_says_so() {
    let home = Home::new();
    let n = vsd::ui::SEARCH_LIMIT + 1;
    let mails: Vec<Mail> = (0..n)
        .map(|i| {
            Mail::new(
                &format!("many{i}@example.com"),
                "Mon, 2 Nov 2026 09:00:00 +0100",
                OLA,
                &format!("Pilot {i}"),
            )
            .to("integration@vipps.no")
            .body("The pilot of the flamingo campaign.\n")
        })
        .collect();
    let mbox = home.path("many.mbox");
    write_mbox(&mbox, &mails);
    home.vsd().arg("import").arg(&mbox).assert().success();
    let (store, cfg, paths) = open(&home);
    let source = TuiSource::reading(&store, &cfg, &paths);
    let mut app = start(&source);
    search(&mut app, &source, "flamingo");
    let head = line(&render(&app), 0);
    assert!(
        head.starts_with(&format!(
            "search: flamingo  ({}+ hits",
            vsd::ui::SEARCH_LIMIT
        )),
        "{head}"
    );
}
