//! The reply splitter against replies written the way real clients write
//! them (Outlook, Apple Mail, Gmail, Thunderbird, Yahoo; Norwegian, Danish,
//! Swedish, German, French and others) and against text that only looks like
//! quoting.

use vsd::mail::quote::{Split, split};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/quotes/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn quoted(new_text: &str, evidence: &str) -> Split {
    Split {
        new_text: new_text.to_string(),
        quoted: true,
        evidence: Some(evidence.to_string()),
    }
}

fn unquoted(text: &str) -> Split {
    Split {
        new_text: text.trim_end().to_string(),
        quoted: false,
        evidence: None,
    }
}

fn assert_unquoted(text: &str) {
    assert_eq!(split(text, None), unquoted(text), "text: {text:?}");
}

// ---- Outlook header blocks ----

#[test]
fn outlook_norwegian_with_separator() {
    assert_eq!(
        split(&fixture("outlook_no.txt"), None),
        quoted(
            "Hei,\n\nVi får fortsatt HTTP 400 når vi oppretter betalingen i testmiljøet.\nSe vedlagt forespørsel.\n\nMvh\nOla Nordmann\nAcme AS",
            "Fra: Vipps Integration <integration@example.com>"
        )
    );
}

#[test]
fn outlook_norwegian_without_separator() {
    assert_eq!(
        split(&fixture("outlook_no_noseparator.txt"), None),
        quoted(
            "Takk, det virker nå.",
            "Fra: Vipps Integration <integration@example.com>"
        )
    );
}

#[test]
fn outlook_english_bold_from_html_conversion() {
    let text = "Outlook with a reply\n\n ------------------------------\n*From:* Vipps Integration [mailto:integration@example.com]\n*Sent:* Thursday, March 12, 2026 1:36 PM\n*To:* ola@example.com\n*Subject:* VSD-12345\n\nOld text\n";
    assert_eq!(
        split(text, None),
        quoted(
            "Outlook with a reply",
            "*From:* Vipps Integration [mailto:integration@example.com]"
        )
    );
}

#[test]
fn outlook_swedish_danish_german() {
    let sv = "Tack!\n\nFrån: Kari <kari@example.com>\nSkickat: den 12 mars 2026 09:41\nTill: Ola <ola@example.com>\nÄmne: SV: Betalning\n\nGammal text";
    assert_eq!(
        split(sv, None),
        quoted("Tack!", "Från: Kari <kari@example.com>")
    );
    let da = "Tak.\n\n-----Oprindelig meddelelse-----\nFra: Peter Petersen\nSendt: 24. november 2025 10:00\nTil: Anders\nEmne: Projekt\n\nHej";
    assert_eq!(
        split(da, None),
        quoted("Tak.", "-----Oprindelig meddelelse-----")
    );
    let de = "Danke.\n\nVon: Hans Müller <hans@example.de>\nGesendet: Donnerstag, 12. März 2026 09:41\nAn: Ola <ola@example.com>\nBetreff: AW: Zahlung\n\nAlt";
    assert_eq!(
        split(de, None),
        quoted("Danke.", "Von: Hans Müller <hans@example.de>")
    );
}

#[test]
fn outlook_from_line_wrapped() {
    let text = "See below.\n\nFrom: Human Resources\n<a-really-long-address@example.com>\nSent: Monday, August 26, 2019 4:37 PM\nTo: Ola <ola@example.com>\nSubject: A new message\n\nOld";
    assert_eq!(
        split(text, None),
        quoted("See below.", "From: Human Resources")
    );
}

#[test]
fn original_message_separators() {
    for sep in [
        "-----Original Message-----",
        "-----Opprinnelig melding-----",
        "-----Ursprüngliche Nachricht-----",
        "-----Oprindelig meddelelse-----",
        "-----Ursprungligt meddelande-----",
        "----- Original Message -----",
        "---------- Forwarded message ---------",
    ] {
        let text = format!("Mine ord.\n\n{sep}\nGammel tekst\n");
        assert_eq!(split(&text, None), quoted("Mine ord.", sep), "{sep}");
    }
}

// ---- attributions ----

#[test]
fn apple_mail_norwegian_inside_quote() {
    assert_eq!(
        split(&fixture("apple_no.txt"), None),
        quoted(
            "Hei igjen,\n\nDet fungerer nå i produksjon.\n\nOla",
            "> 8. mar. 2026 kl. 10:12 skrev Kari Nordmann <kari@example.com>:"
        )
    );
}

#[test]
fn apple_mail_norwegian_attribution_above_quote() {
    assert_eq!(
        split(&fixture("apple_no_unquoted_attribution.txt"), None),
        quoted(
            "Hei igjen,\n\nDet fungerer nå.\n\nSendt fra min iPhone",
            "8. mar. 2026 kl. 10:12 skrev Kari Nordmann <kari@example.com>:"
        )
    );
}

#[test]
fn gmail_norwegian() {
    assert_eq!(
        split(&fixture("gmail_no.txt"), None),
        quoted(
            "Hei,\n\nHer er request og response.\n\nKari",
            "tor. 12. mar. 2026 kl. 09:41 skrev Vipps Integration <integration@example.com>:"
        )
    );
}

#[test]
fn attributions_in_many_languages() {
    let cases = [
        "On Thu, Mar 12, 2026 at 9:41 AM Kari Nordmann <kari@example.com> wrote:",
        "Den 12. mars 2026 kl. 09:41 skrev Kari Nordmann <kari@example.com>:",
        "Den tors 12 mars 2026 kl 09:41 skrev Kari Nordmann <kari@example.com>:",
        "Den 12. mar. 2026 skrev Kari:",
        "Le jeu. 12 mars 2026 à 09:41, Kari Nordmann <kari@example.com> a écrit :",
        "Am Do., 12. März 2026 um 09:41 Uhr schrieb Kari Nordmann <kari@example.com>:",
        "Op do 12 mrt. 2026 om 09:41 schreef Kari Nordmann <kari@example.com>:",
        "El jue, 12 mar 2026 a las 9:41, Kari Nordmann (<kari@example.com>) escribió:",
        "Kari Nordmann <kari@example.com> kirjoitti 12.3.2026 klo 9.41:",
        "Kari Nordmann <kari@example.com> kirjoitti:",
        "Dnia 12 marca 2026 09:41 Kari Nordmann <kari@example.com> napisał(a):",
        "Il giorno gio 12 mar 2026 alle ore 09:41 Kari Nordmann <kari@example.com> ha scritto:",
        "Em qui., 12 de mar. de 2026 às 09:41, Kari Nordmann <kari@example.com> escreveu:",
        "12. mar. 2026 kl. 09:41 skrev Kari Nordmann <kari@example.com>:",
        "---- On Thu, 12 Mar 2026 09:41:00 +0100 kari@example.com wrote ----",
    ];
    for attribution in cases {
        let text = format!("My reply.\n\n{attribution}\n\n> old text\n");
        assert_eq!(
            split(&text, None),
            quoted("My reply.", attribution),
            "{attribution}"
        );
        // Without a quoted block under it, the attribution alone still counts.
        let bare = format!("My reply.\n\n{attribution}\n\nold text\n");
        assert_eq!(
            split(&bare, None),
            quoted("My reply.", attribution),
            "{attribution}"
        );
    }
}

#[test]
fn attribution_wrapped_over_two_and_three_lines() {
    let two = "Svar.\n\nAm So., 1. Jan. 2023 um 17:22 Uhr schrieb John Doe <\njohn@example.com>:\n\n> old\n";
    assert_eq!(
        split(two, None),
        quoted(
            "Svar.",
            "Am So., 1. Jan. 2023 um 17:22 Uhr schrieb John Doe <"
        )
    );
    let three =
        "Answer.\n\nOn Dec 16, 2011, at 12:47 PM, John Doe\n<john@example.com>\nwrote:\n\n> old\n";
    assert_eq!(
        split(three, None),
        quoted("Answer.", "On Dec 16, 2011, at 12:47 PM, John Doe")
    );
    let gmail =
        "Svar.\n\ntir. 18. apr. 2017 kl. 13:09 skrev Test user <test@example.com\n>:\n\n> old\n";
    assert_eq!(
        split(gmail, None),
        quoted(
            "Svar.",
            "tir. 18. apr. 2017 kl. 13:09 skrev Test user <test@example.com"
        )
    );
}

#[test]
fn short_danish_attribution_above_quote_is_removed() {
    let text = "Tak for svaret.\n\nPeter skrev:\n> Hvordan går det?\n";
    assert_eq!(
        split(text, None),
        quoted("Tak for svaret.", "> Hvordan går det?")
    );
}

// ---- > blocks ----

#[test]
fn nested_gt_blocks() {
    for block in ["> old", "  > old", "> > older", ">> older", ">>> oldest"] {
        let text = format!("New words.\n{block}\n");
        assert_eq!(
            split(&text, None),
            quoted("New words.", block.trim()),
            "{block}"
        );
    }
}

#[test]
fn inline_reply_keeps_answers_between_quotes() {
    let text = "On Tue, Apr 29, 2014 at 4:22 PM, Kari <kari@example.com> wrote:\n\n> First question?\n\nFirst answer.\n\n> Second question?\n\nSecond answer.\n";
    assert_eq!(
        split(text, None),
        quoted(
            "First answer.\n\nSecond answer.",
            "On Tue, Apr 29, 2014 at 4:22 PM, Kari <kari@example.com> wrote:"
        )
    );
}

#[test]
fn header_block_at_top_leaves_no_own_text() {
    let text = "From: Kari <kari@example.com>\nSent: Thursday, March 12, 2026 9:41 AM\nTo: Ola <ola@example.com>\nSubject: Test\n\nForwarded text\n";
    assert_eq!(
        split(text, None),
        quoted("", "From: Kari <kari@example.com>")
    );
}

// ---- HTML containers ----

#[test]
fn html_outlook_web_norwegian() {
    let got = split("", Some(&fixture("outlook_no.html")));
    assert_eq!(got.new_text, "Hei,\n\nVi har testet igjen, samme feil.");
    assert!(got.quoted);
    assert_eq!(got.evidence.as_deref(), Some("<div id=\"appendonsend\">"));
}

#[test]
fn html_outlook_desktop_border_top() {
    let got = split("", Some(&fixture("outlook_desktop_no.html")));
    assert_eq!(got.new_text, "Hei,\n\nHer er responsen fra API-et.");
    assert_eq!(
        got.evidence.as_deref(),
        Some(
            "<div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm\">"
        )
    );
}

#[test]
fn html_apple_mail_norwegian() {
    let got = split("", Some(&fixture("apple_no.html")));
    assert_eq!(
        got.new_text,
        "Hei igjen,\n\nDet fungerer nå i produksjon.\n\nOla"
    );
    assert_eq!(got.evidence.as_deref(), Some("<blockquote type=\"cite\">"));
}

#[test]
fn html_apple_mail_english_attribution_div_removed() {
    let got = split("", Some(&fixture("apple_en.html")));
    assert_eq!(got.new_text, "Thanks, that fixed it.\n\nAnna");
    assert!(got.quoted);
}

#[test]
fn html_gmail_norwegian() {
    let got = split("", Some(&fixture("gmail_no.html")));
    assert_eq!(got.new_text, "Hei,\n\nHer er request og response.\n\nKari");
    assert_eq!(
        got.evidence.as_deref(),
        Some("<div class=\"gmail_quote gmail_quote_container\">")
    );
}

#[test]
fn html_thunderbird_yahoo_and_hr() {
    let tb = split("", Some(&fixture("thunderbird.html")));
    assert_eq!(tb.new_text, "Thanks, we will try that.");
    assert_eq!(
        tb.evidence.as_deref(),
        Some("<div class=\"moz-cite-prefix\">")
    );
    let y = split("", Some(&fixture("yahoo.html")));
    assert_eq!(y.new_text, "Thank you, it works now.");
    assert_eq!(
        y.evidence.as_deref(),
        Some("<div id=\"ydpyahoo_quoted_1\" class=\"yahoo_quoted\">")
    );
    let hr = split("", Some(&fixture("hr_reply.html")));
    assert_eq!(hr.new_text, "Here is the response body.");
    assert_eq!(hr.evidence.as_deref(), Some("<hr>"));
}

#[test]
fn html_text_part_is_preferred_when_it_shows_the_quote() {
    let got = split(&fixture("gmail_no.txt"), Some(&fixture("gmail_no.html")));
    assert_eq!(got.new_text, "Hei,\n\nHer er request og response.\n\nKari");
    assert_eq!(
        got.evidence.as_deref(),
        Some("tor. 12. mar. 2026 kl. 09:41 skrev Vipps Integration <integration@example.com>:")
    );
}

#[test]
fn html_x_prefixed_reply_container() {
    let html = "<div>Svar her.</div><div id=\"x_divRplyFwdMsg\"><b>Fra:</b> x</div>";
    let got = split("", Some(html));
    assert_eq!(got.new_text, "Svar her.");
    assert_eq!(
        got.evidence.as_deref(),
        Some("<div id=\"x_divRplyFwdMsg\">")
    );
}

#[test]
fn html_table_and_decorative_rule_are_not_quotes() {
    let got = split("", Some(&fixture("table_no_quote.html")));
    assert!(!got.quoted);
    assert_eq!(got.evidence, None);
}

// ---- things that are not quotes ----

#[test]
fn gt_inside_a_line_menu_paths_and_arrows() {
    assert_unquoted("Go to Settings > Payments > Webhooks and add the URL.");
    assert_unquoted("The flow is created -> authorized -> captured.\nAlso a => b.");
    assert_unquoted("If amount > 100 the call fails.");
}

#[test]
fn pasted_log_with_from_and_to_lines() {
    assert_unquoted("The webhook log says:\nFrom: 10.0.0.1\nTo: 10.0.0.2\nStatus: 500\n\nWhy?");
    assert_unquoted("From: our shop\nTo: your API\n\nThat is the flow.");
    assert_unquoted(
        "HTTP/1.1 400 Bad Request\nDate: Thu, 12 Mar 2026 09:41:00 GMT\nContent-Type: application/json\n\n{\"title\":\"Bad Request\"}",
    );
}

#[test]
fn header_names_in_two_languages_are_not_a_block() {
    assert_unquoted("Fra: Kari\nSent: yesterday\nTil: alle\n\nNotes from the meeting.");
}

#[test]
fn prose_attribution_without_date_is_not_a_quote() {
    assert_unquoted("Hi,\n\nour customer wrote:\nthe payment never arrived.\n\nCan you check?");
    assert_unquoted("Kunden skrev:\nbetalingen kom aldri frem.");
    assert_unquoted("On your remote host you can run:\n\n    telnet 127.0.0.1 52698");
    assert_unquoted("On the surface this looks fine.\nOn average it works.");
}

#[test]
fn signature_separator_is_not_a_quote() {
    assert_unquoted("Thanks!\n\n-- \nOla Nordmann\nAcme AS");
    assert_unquoted("Analysis:\n----\n1. faster\n----\nDone.\n====");
}

#[test]
fn empty_and_blank_text() {
    assert_eq!(split("", None), unquoted(""));
    assert_eq!(split("\n\n  \n", None), unquoted(""));
}

#[test]
fn crlf_line_endings() {
    let text =
        "Svar.\r\n\r\nDen 12. mars 2026 kl. 09:41 skrev Kari <kari@example.com>:\r\n> gammel\r\n";
    assert_eq!(
        split(text, None),
        quoted(
            "Svar.",
            "Den 12. mars 2026 kl. 09:41 skrev Kari <kari@example.com>:"
        )
    );
}

// ---- time ----

/// Inputs that a quadratic scan would take hours on. No clock is read here:
/// a regression shows as a suite that does not finish, and the figures are
/// `benches/quotes.rs`'s (milliseconds each in release).
#[test]
fn pathological_inputs_are_split_without_quadratic_work() {
    let inputs = [
        "On\n".repeat(100_000),
        ">".repeat(1_000_000),
        "From: x\n".repeat(100_000),
        "On x\n".repeat(100_000) + "wrote:\n",
        "On ".repeat(350_000),
        ":\n".repeat(500_000),
        format!("{}\n", "a".repeat(1_000_000)),
        "x\nDen 1 skrev\n".repeat(50_000),
    ];
    for input in &inputs {
        let got = split(input, Some(input));
        assert_eq!(got.quoted, input.starts_with('>'));
    }
}

// ---- any input ----

proptest::proptest! {
    #[test]
    fn never_panics_and_new_text_comes_from_the_text(
        text in "(?s)[a-zA-Z0-9 >:<@.\\-_*\n\r\u{e5}\u{f8}\u{e9}\u{430}]{0,400}",
    ) {
        let got = split(&text, None);
        // The own text is a prefix of the message (or inline answers from it).
        for line in got.new_text.lines() {
            proptest::prop_assert!(text.contains(line.trim_end_matches('\r')));
        }
        proptest::prop_assert_eq!(got.quoted, got.evidence.is_some());
    }

    #[test]
    fn never_panics_on_html(html in "(?s)[a-z<>/=\" :\u{e5}\n]{0,300}") {
        let got = split("", Some(&html));
        proptest::prop_assert_eq!(got.quoted, got.evidence.is_some());
    }
}

#[test]
fn html_other_reply_containers() {
    let cases = [
        (
            "<div>Svar.</div><div id=\"AppleOriginalContents\"><div>Gammel</div></div>",
            "<div id=\"AppleOriginalContents\">",
        ),
        (
            "<div>Svar.</div><span id=\"OLK_SRC_BODY_SECTION\"><div>Fra: x</div></span>",
            "<span id=\"OLK_SRC_BODY_SECTION\">",
        ),
        (
            "<div>Svar.</div><div id=\"divRplyFwdMsg\" dir=\"ltr\"><b>From:</b> x</div>",
            "<div id=\"divRplyFwdMsg\" dir=\"ltr\">",
        ),
        (
            "<div>Svar.</div><blockquote type=cite><div>Gammel</div></blockquote>",
            "<blockquote type=cite>",
        ),
        (
            "<p>Svar.</p><div style=\"border:none;border-top:solid #B5C4DF 1.0pt\"><p><b>From:</b> x</p></div>",
            "<div style=\"border:none;border-top:solid #B5C4DF 1.0pt\">",
        ),
    ];
    for (html, evidence) in cases {
        assert_eq!(split("", Some(html)), quoted("Svar.", evidence), "{html}");
    }
}

// ---- issue 16: the families the splitter missed ----

#[test]
fn yahoo_forward_header_run_together_on_one_line() {
    let text = "Se under.\n\n----- Forwarded Message ----- From: Kari <kari@example.com> To: Ola <ola@example.com> Sent: Thursday, March 12, 2026, 09:41:00 AM GMT+1 Subject: Test\n\nGammel tekst\n";
    let got = split(text, None);
    assert!(got.quoted);
    assert_eq!(got.new_text, "Se under.");
}

#[test]
fn outlook_mac_forward_indented_body_is_not_own_text() {
    let text =
        "On 12/03/2026, 09:41, \"Kari\" <kari@example.com> wrote:\n\n    Old question\n    Kari\n";
    assert_eq!(
        split(text, None),
        quoted(
            "",
            "On 12/03/2026, 09:41, \"Kari\" <kari@example.com> wrote:"
        )
    );
}

#[test]
fn forward_without_own_text_gives_empty_own_text_and_the_flag() {
    for text in [
        "-------- Forwarded Message --------\nSubject: Test\nDate: Thu, 12 Mar 2026 09:41:00 +0100\nFrom: Kari <kari@example.com>\n\nForwarded text\n",
        "Begin forwarded message:\n\nFrom: Kari <kari@example.com>\nDate: 12 March 2026 at 09:41\n\nForwarded text\n",
        "---------- Forwarded message ---------\nFrom: Kari <kari@example.com>\n\nForwarded text\n",
    ] {
        let got = split(text, None);
        assert!(got.quoted, "{text}");
        assert_eq!(got.new_text, "", "{text}");
    }
}

#[test]
fn attribution_of_only_a_date_and_a_name() {
    let text = "Ja, det stemmer.\n\nOn 12 March 2026, at 09:41, Kari Nordmann:\n> Er det riktig?\n";
    let got = split(text, None);
    assert!(got.quoted);
    assert_eq!(got.new_text, "Ja, det stemmer.");
    // Without the `>` block below it, a date and a name are not a quote.
    assert_unquoted("Møtet er flyttet.\n\n12.03.2026 09:41, Kari Nordmann:\nnoe annet");
}

#[test]
fn decorated_separators() {
    for sep in [
        "*-------- Original Message --------*",
        "** -----Original Message----- **",
        "============ Forwarded message ============",
        "-------- Ursprüngliche Nachricht --------Von: Kari <kari@example.com>",
    ] {
        let text = format!("Mine ord.\n\n{sep}\nGammel tekst\n");
        assert_eq!(split(&text, None), quoted("Mine ord.", sep), "{sep}");
    }
}

#[test]
fn bold_french_header_fields_with_blank_lines_between() {
    let text = "Merci.\n\n** De : Kari <kari@example.com> **\n\n** Envoyé : jeudi 12 mars 2026 09:41 **\n\n** À : Ola <ola@example.com> **\n\nAncien texte\n";
    assert_eq!(
        split(text, None),
        quoted("Merci.", "** De : Kari <kari@example.com> **")
    );
}

#[test]
fn gmail_attribution_wrapped_over_two_lines_keeps_the_reply_below_the_quote() {
    let text = "On Thu, Mar 12, 2026 at 9:41 AM Kari Nordmann <\nkari@example.com> wrote:\n\n> Can you check the payment?\n\nYes, it went through at 10:02.\n\nOla\n";
    let got = split(text, None);
    assert!(got.quoted);
    assert_eq!(got.new_text, "Yes, it went through at 10:02.\n\nOla");
}

#[test]
fn newsletter_blockquote_layout_is_not_a_quote() {
    let html = "<html><body><h1>March news</h1><blockquote><p>Our new API is live.</p></blockquote><p>Read more on our site.</p></body></html>";
    let text = html2text::from_read(html.as_bytes(), 10_000).unwrap_or_default();
    assert!(
        text.contains("> "),
        "the converter quotes a blockquote: {text:?}"
    );
    let got = split(&text, Some(html));
    assert!(!got.quoted, "{got:?}");
    assert_eq!(got.evidence, None);
    // A blockquote that is a reply container still counts.
    let reply = "<div>Svar.</div><blockquote type=\"cite\">Gammel</blockquote>";
    let text = html2text::from_read(reply.as_bytes(), 10_000).unwrap_or_default();
    assert!(split(&text, Some(reply)).quoted);
}

#[test]
fn help_desk_marker_opens_the_quoted_notification() {
    let text = "Thanks, that helps.\n\n—-—-—-—-\nReply above this line.\n\nOla commented:\nPlease send the MSN.\n";
    let got = split(text, None);
    assert!(got.quoted);
    assert_eq!(got.new_text, "Thanks, that helps.");
    let zendesk =
        "Done.\n\n##- Please type your reply above this line -##\n\nYour request was updated.\n";
    assert_eq!(split(zendesk, None).new_text, "Done.");
    // The desk's own notification starts with the marker: nothing is quoted.
    assert_unquoted("Reply above this line.\n\nOla commented:\nPlease send the MSN.");
}

#[test]
fn thunderbird_separators_with_a_second_language_or_other_words() {
    // Finnish and Slovak Thunderbird write the English words after their
    // own; Polish Thunderbird writes "Treść …" between short rules; the
    // rest are words of Thunderbird and Thunderbird for Android that no
    // other client writes.
    for sep in [
        "-------- Välitetty viesti / Fwd.Msg --------",
        "-------- Alkuperäinen viesti / Orig.Msg. --------",
        "-------- Preposlaná správa --- Forwarded Message --------",
        "-------- Pôvodná správa --- Original Message --------",
        "--- Treść przekazanej wiadomości ---",
        "-------- Перенаправленное сообщение --------",
        "-------- Препратено писмо --------",
        "-------- رسالة ممرّرة --------",
        "-------- 轉寄郵件 --------",
        // Thunderbird for Android's header quote style.
        "-------- Courriel initial --------",
        "-------- correo original --------",
        "-------- Πρωτότυπο μήνυμα --------",
        "-------- Original besked --------",
        "-------- Originalus tekstas --------",
        "-------- Sākotnējā ziņa --------",
        "-------- 元メール --------",
    ] {
        let text = format!("Mine ord.\n\n{sep}\nAihe: \tMaksu\n\nGammel tekst\n");
        assert_eq!(split(&text, None), quoted("Mine ord.", sep), "{sep}");
        let alone = format!("{sep}\nGammel tekst\n");
        assert_eq!(split(&alone, None), quoted("", sep), "{sep}");
    }
    // The words alone, without the rule's dashes, are prose.
    assert_unquoted("Välitetty viesti / Fwd.Msg on liitteenä.");
}

#[test]
fn thunderbird_attributions_croatian_and_korean() {
    // Croatian "piše" and Korean "이(가) 쓴 글" above a quote that is not a
    // `>` block (a client that indents instead) are attributions of their own.
    for attribution in [
        "12.3.2026. u 09:41, Kari Nordmann piše:",
        "2026. 3. 12. 오전 9:41에 Kari Nordmann 이(가) 쓴 글:",
    ] {
        let text = format!("Hvala.\n\n{attribution}\n    Stari tekst\n");
        assert_eq!(
            split(&text, None),
            quoted("Hvala.", attribution),
            "{attribution}"
        );
    }
}

#[test]
fn yahoo_german_attribution_says_folgendes_geschrieben() {
    let attribution = "Am Donnerstag, 12. März 2026, 09:41:00 MEZ hat Kari Nordmann <kari@example.com> Folgendes geschrieben:";
    // Not only above a `>` block: over the indented text a converter makes.
    let text = format!("Danke.\n\n{attribution}\n\n    Alte Frage\n");
    assert_eq!(split(&text, None), quoted("Danke.", attribution));
}

#[test]
fn zendesk_marker_in_german() {
    let marker = "##- Bitte geben Sie Ihre Antwort oberhalb dieser Zeile ein. -##";
    let text = format!("Erledigt.\n\n{marker}\n\nIhre Anfrage wurde aktualisiert.\n");
    assert_eq!(split(&text, None), quoted("Erledigt.", marker));
    // The notification itself opens with the marker: nothing is quoted.
    assert_unquoted(&format!("{marker}\n\nIhre Anfrage wurde aktualisiert."));
}

#[test]
fn attribution_that_opens_with_its_verb_above_a_quote() {
    // Norwegian and Arabic Thunderbird write "#1 wrote:" verb first.
    for attribution in ["skrev Kari Nordmann:", "كتب Kari Nordmann:"] {
        let text = format!("Takk.\n\n{attribution}\n> Gammel tekst\n");
        assert_eq!(
            split(&text, None),
            quoted("Takk.", "> Gammel tekst"),
            "{attribution}"
        );
        // Without the quote below it, it is a line like any other.
        assert_unquoted(&format!("Takk.\n\n{attribution}\nNy tekst"));
    }
}

#[test]
fn proton_web_rule_in_unicode_hyphens() {
    // Proton's web app drew its rule with U+2010 hyphens, not ASCII ones.
    let rule = "\u{2010}\u{2010}\u{2010}\u{2010}\u{2010}\u{2010}\u{2010} Original Message \u{2010}\u{2010}\u{2010}\u{2010}\u{2010}\u{2010}\u{2010}";
    let text = format!(
        "{rule}\nOn Thursday, March 12th, 2026 at 09:41, Kari <kari@example.com> wrote:\n\n> Old question\n"
    );
    assert_eq!(split(&text, None), quoted("", rule));
    let text = format!("Done.\n\n{text}");
    assert_eq!(split(&text, None), quoted("Done.", rule));
}

#[test]
fn proton_android_divider_over_an_attribution_with_a_spaced_address() {
    // Proton Mail for Android writes "< address>" and, in Greek, puts the
    // article inside the brackets.
    for attribution in [
        "Am Donnerstag, 12. März 2026 09:41, schrieb Kari < kari@example.com>:",
        "Την Πέμπτη, 12 Μαρτίου 2026 09:41, Kari < ο/η kari@example.com> έγραψε:",
        "2026年3月12日木曜日 09:41 に Kari < kari@example.com> が送信:",
    ] {
        let text = format!("Takk.\n\n{attribution}\n\n> Gammel tekst\n");
        let got = split(&text, None);
        assert!(got.quoted, "{attribution}");
        assert_eq!(got.new_text, "Takk.", "{attribution}");
    }
}

#[test]
fn roundcube_slovenian_attribution_has_no_colon() {
    let attribution = "12.03.2026 09:41, je Kari Nordmann napisal";
    let text = format!("Hvala.\n\n{attribution}\n> Staro vprašanje\n");
    let got = split(&text, None);
    assert!(got.quoted);
    assert_eq!(got.new_text, "Hvala.");
    // Over text that is not a `>` block, it is a line like any other.
    assert_unquoted(&format!("Hvala.\n\n{attribution}\nNovo besedilo"));
}

#[test]
fn nextcloud_mail_line_has_no_words() {
    let line = "\"Kari Nordmann\" kari@example.com – 12. März 2026 um 09:41";
    let text = format!("Danke.\n\n{line}\n> Alte Frage\n");
    let got = split(&text, None);
    assert!(got.quoted);
    assert_eq!(got.new_text, "Danke.");
    // Over text that is not a `>` block, it is a line like any other.
    assert_unquoted(&format!("Danke.\n\n{line}\nNeue Frage"));
}

/// A forward under a rule whose words no table entry has (Icelandic here):
/// the rule's shape and the header below it, with a date and the sender's
/// address, are enough, and neither stays in the own text.
#[test]
fn forward_under_a_rule_in_a_language_the_table_does_not_know() {
    let forward = "---------- Áframsent bréf ----------\nFrá: Kari Nordmann <kari@example.com>\nDagsetning: fim., 12. mar. 2026 kl. 09:41\nEfni: Greiðsla\nTil: Ola <ola@example.com>\n\nKan du sjekke betalingen?\n";
    let got = split(&format!("Se under.\n\n{forward}"), None);
    assert_eq!(
        got,
        quoted("Se under.", "---------- Áframsent bréf ----------")
    );
    let alone = split(forward, None);
    assert!(alone.quoted, "{alone:?}");
    assert_eq!(alone.new_text, "");
}

/// A header block the table reads (Arabic "من:" over Gmail's English
/// labels) under a rule whose words it does not know: the rule goes with it.
#[test]
fn unknown_rule_above_a_known_header_block_is_not_own_text() {
    let text = "انظر أدناه\n\n---------- رسالة مُعاد توجيهها ---------\nمن: Kari Nordmann <kari@example.com>\nDate: الخميس، 12 مارس 2026\nSubject: الدفع\nTo: <ola@example.com>\n\nKan du sjekke betalingen?\n";
    let got = split(text, None);
    assert!(got.quoted, "{got:?}");
    assert_eq!(got.new_text, "انظر أدناه");
}

/// A banner over labelled lines is not a forward when nothing in it names
/// a sender: an order summary with one address, a contact card.
#[test]
fn labelled_lines_under_a_banner_without_a_sender_are_own_text() {
    assert_unquoted(
        "Hei,\n\n---------- Ordredetaljer ----------\nOrdre: acme-1001\nKunde: kari@example.com\nDato: 12.03.2026\nBeløp: 100 kr\n\nHilsen Ola\n",
    );
    assert_unquoted(
        "---------- Kontakt ----------\nNavn: Kari Nordmann\nE-post: kari@example.com\nTelefon: 912 34 567\nSist endret: 2026-03-12\n",
    );
}

/// "Quoting Kari <k@x>:" (Horde's attribution, and its German "Zitat von")
/// right above a `>` block goes with the quote; the same line above plain
/// text is the writer's own.
#[test]
fn name_and_address_line_above_a_quote_is_its_attribution() {
    for lead in [
        "Quoting Kari Nordmann <kari@example.com>:",
        "Zitat von Kari Nordmann <kari@example.com>:",
    ] {
        let text = format!("Takk, det virker nå.\n\n{lead}\n\n> Kan du sjekke betalingen?\n");
        assert_eq!(
            split(&text, None),
            quoted("Takk, det virker nå.", "> Kan du sjekke betalingen?")
        );
    }
    assert_unquoted("Send it on to this address:\nKari Nordmann <kari@example.com>:\nthanks\n");
}

/// Lotus Notes opens a forward with "----- Forwarded by Name/Org on date -----"
/// over its header block: the rule is cut with the block, not left as the
/// writer's last line.
#[test]
fn lotus_notes_forwarded_by_rule_goes_with_the_header_block() {
    let forward = "----- Forwarded by Kari Nordmann/ACME on 12.03.2026 09:41 -----\n\nFrom:\tPer Hansen <per@example.com>\nTo:\tKari Nordmann/ACME@ACME\nDate:\t12.03.2026 09:30\nSubject:\tPayment\n\nKan du sjekke betalingen?\n";
    let got = split(&format!("Se under.\n\n{forward}"), None);
    assert!(got.quoted, "{got:?}");
    assert_eq!(got.new_text, "Se under.");
    assert_eq!(split(forward, None).new_text, "");
}

/// A `curl -v` trace pasted into a message marks the request with `>` and
/// the answer with `<`: it is the writer's own text, and a real quote after
/// it is still found.
#[test]
fn curl_verbose_trace_is_own_text_not_a_quote() {
    let trace = "Vi får 400:\n\n$ curl -v https://api.example.com/v1/payments\n*   Trying 10.0.0.1:443...\n> POST /v1/payments HTTP/1.1\n> Host: api.example.com\n> Content-Type: application/json\n>\n< HTTP/1.1 400 Bad Request\n< Content-Type: application/json\n<\n{\"error\":\"invalid\"}\n\nHva er feil?\nOla";
    assert_unquoted(trace);
    let reply = format!("{trace}\n\nKari skrev:\n> Send oss kallet du gjør.\n");
    assert_eq!(
        split(&reply, None),
        quoted(trace, "> Send oss kallet du gjør.")
    );
}

/// Outlook's rule of underscores over a header block whose labels no table
/// entry has (Icelandic "Frá:/Sent:/Til:/Efni:"): the block's sender and
/// date make it a reply's history.
#[test]
fn outlook_rule_over_labels_in_a_language_the_table_does_not_know() {
    let text = "Takk.\n\n________________________________\nFrá: Kari Nordmann <kari@example.com>\nSent: 12. mars 2026 09:41\nTil: Ola <ola@example.com>\nEfni: Greiðsla\n\nKan du sjekke betalingen?\n";
    assert_eq!(
        split(text, None),
        quoted("Takk.", "Frá: Kari Nordmann <kari@example.com>")
    );
    // A rule over a signature's labelled lines is no header block.
    assert_unquoted(
        "Takk.\n\n________________________________\nAcme AS\nTlf: 912 34 567\nE-post: ola@acme.no\nOrg.nr: 912 345 678\n",
    );
}

/// An `<hr>` over a header block in HTML (Outlook 2003–2010 wrote its reply
/// header so) opens the history; an `<hr>` over a feed's or newsletter's
/// "Date:" footer does not.
#[test]
fn html_rule_opens_history_only_over_a_whole_header_block() {
    let reply = "<html><body><p>Takk, det virker nå.</p><div><hr size=2 width=\"100%\" align=center tabindex=-1><font size=2 face=Tahoma><b>From:</b> Kari Nordmann [mailto:kari@example.com]<br><b>Sent:</b> Thursday, March 12, 2026 9:41 AM<br><b>To:</b> Ola Nordmann<br><b>Subject:</b> Payment fails</font></div><p>Kan du sjekke betalingen?</p></body></html>";
    let got = split("", Some(reply));
    assert!(got.quoted, "{got:?}");
    assert_eq!(got.new_text, "Takk, det virker nå.");

    let feed = "<html><body><p>Malmö 2016-07-09</p><p>Vi er ferdige på Regementsgatan.</p><hr width=\"100%\"/><table><tr><td><b>Date:</b></td><td>2016-07-19 11:54:24 +0200</td></tr><tr><td><b>Author:</b></td><td>malmoborg</td></tr><tr><td><b>Filed under:</b></td><td>Nyheter</td></tr></table></body></html>";
    let text = "Malmö 2016-07-09\n\nVi er ferdige på Regementsgatan.\n\nDate: 2016-07-19 11:54:24 +0200\nAuthor: malmoborg\nFiled under: Nyheter";
    assert_eq!(split(text, Some(feed)), unquoted(text));
}

/// Apple Mail's "Begin forwarded message:" in words the table lacks
/// (Icelandic here) over a header with the sender, the recipient and a sent
/// date with its time is a forward; "Here are the details:" over an order's
/// labelled lines is the writer's own text.
#[test]
fn forward_opening_line_in_unknown_words_needs_a_whole_header_below() {
    let forward = "Áframsent bréf:\n\nFrá: Kari Nordmann <kari@example.com>\nEfni: Greiðsla\nDagsetning: 12. mars 2026 kl. 09:41:00 CET\nTil: Ola <ola@example.com>\n\nKan du sjekke betalingen?\n";
    assert_eq!(
        split(&format!("Se under.\n\n{forward}"), None),
        quoted("Se under.", "Áframsent bréf:")
    );
    assert_eq!(split(forward, None).new_text, "");
    assert_unquoted(
        "Her er detaljene:\nKunde: Kari Nordmann <kari@example.com>\nKopi: ola@example.com\nDato: 12.03.2026\nBeløp: 100 kr\n",
    );
}
