//! Address lists as clients write them: display names with and without
//! quotes, comments, groups, missing brackets.

use super::decode_words;
use crate::mail::Address;
use std::borrow::Cow;

#[derive(Debug)]
enum AddrToken {
    Word(String),
    Quoted(String),
    Comment(String),
    Angle(String),
    Comma,
    Colon,
    Semicolon,
}

fn tokenize_addresses(value: &str) -> Vec<AddrToken> {
    let mut tokens = Vec::new();
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            ',' => tokens.push(AddrToken::Comma),
            ':' => tokens.push(AddrToken::Colon),
            ';' => tokens.push(AddrToken::Semicolon),
            '"' => {
                let mut s = String::new();
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some((_, e)) = chars.next() {
                                s.push(e);
                            }
                        }
                        c => s.push(c),
                    }
                }
                tokens.push(AddrToken::Quoted(s));
            }
            '(' => {
                let mut s = String::new();
                let mut depth = 1;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        '\\' => {
                            if let Some((_, e)) = chars.next() {
                                s.push(e);
                            }
                            continue;
                        }
                        _ => {}
                    }
                    s.push(c);
                }
                tokens.push(AddrToken::Comment(s));
            }
            '<' => {
                let mut s = String::new();
                for (_, c) in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                    s.push(c);
                }
                tokens.push(AddrToken::Angle(s));
            }
            '>' => {}
            _ => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() || matches!(d, ',' | ':' | ';' | '"' | '(' | '<' | '>') {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                tokens.push(AddrToken::Word(value[i..end].to_owned()));
            }
        }
    }
    tokens
}

/// Reads an address list leniently: display names quoted or not, encoded
/// words in names, groups (their members are listed, the group name is
/// dropped), bare addresses, `<addr>` alone, `addr (Name)`, odd spacing.
/// Entries without an address are skipped.
pub fn parse_addresses(value: &str, warnings: &mut Vec<String>) -> Vec<Address> {
    // An unbalanced quote would swallow the rest of the list; drop the quotes.
    let value = if !quotes_balance(value) {
        Cow::Owned(value.replace('"', ""))
    } else {
        Cow::Borrowed(value)
    };
    let tokens = tokenize_addresses(&value);
    let mut out = Vec::new();
    let mut phrase: Vec<&AddrToken> = Vec::new();
    let mut angle: Option<&str> = None;
    for (i, tok) in tokens.iter().enumerate() {
        match tok {
            AddrToken::Comma | AddrToken::Semicolon => {
                finish_mailbox(&mut phrase, &mut angle, &mut out, warnings);
            }
            AddrToken::Colon => {
                // A group's name ends at the colon, unless this is a colon
                // inside an address (`a:b@c`), which then follows directly.
                let next_is_addr = matches!(tokens.get(i + 1), Some(AddrToken::Word(w)) if w.contains('@'))
                    && angle.is_none()
                    && phrase.is_empty();
                if !next_is_addr {
                    phrase.clear();
                }
            }
            AddrToken::Angle(a) => {
                if angle.is_none() {
                    angle = Some(a);
                }
            }
            t => phrase.push(t),
        }
    }
    finish_mailbox(&mut phrase, &mut angle, &mut out, warnings);
    out
}

/// Whether every quoted string in a header value ends. A backslash escapes
/// the next character only inside quotes, so `"a\\"` (a name ending in a
/// backslash) is closed, while counting `\"` pairs would call it open.
fn quotes_balance(value: &str) -> bool {
    let mut inside = false;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if inside => {
                chars.next();
            }
            '"' => inside = !inside,
            _ => {}
        }
    }
    !inside
}

fn finish_mailbox<'t>(
    phrase: &mut Vec<&'t AddrToken>,
    angle: &mut Option<&'t str>,
    out: &mut Vec<Address>,
    warnings: &mut Vec<String>,
) {
    let words = std::mem::take(phrase);
    let angle = angle.take();
    let mut email: Option<String> = None;
    let mut name_parts: Vec<&str> = Vec::new();
    let mut comment: Option<&str> = None;
    if let Some(a) = angle {
        // Drop an obsolete source route (`@a,@b:user@c`) and a mailto: scheme.
        let a = a.rsplit_once(':').map_or(a, |(_, x)| x);
        email = Some(a.chars().filter(|c| !c.is_whitespace()).collect());
    }
    for t in &words {
        match t {
            AddrToken::Word(w) if email.is_none() && w.contains('@') => email = Some(w.clone()),
            AddrToken::Word(w) | AddrToken::Quoted(w) => name_parts.push(w),
            AddrToken::Comment(c) if comment.is_none() => comment = Some(c),
            _ => {}
        }
    }
    let email = match email {
        Some(e) => e,
        // A lone word names a local mailbox (`MAILER-DAEMON`).
        None if angle.is_none()
            && comment.is_none()
            && matches!(words.as_slice(), [AddrToken::Word(_)]) =>
        {
            let only = name_parts[0].to_owned();
            name_parts.clear();
            only
        }
        None => return,
    };
    let email = email.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
    if email.is_empty() {
        return;
    }
    let raw_name = if name_parts.is_empty() {
        comment.unwrap_or("").to_owned()
    } else {
        name_parts.join(" ")
    };
    let name = decode_words(&raw_name, warnings);
    let name = name.trim();
    let name = strip_matching(name, '\'');
    let name = strip_matching(name, '"').trim();
    let name = (!name.is_empty() && !name.eq_ignore_ascii_case(email)).then_some(name);
    out.push(Address::new(name, email));
}

fn strip_matching(s: &str, q: char) -> &str {
    s.strip_prefix(q)
        .and_then(|x| x.strip_suffix(q))
        .unwrap_or(s)
}
