//! Subjects: issue keys, reply and forward prefixes, and the title that is
//! left when both are taken away.
//!
//! Clients add prefixes in their own language and style (`Re:`, `RE:`, `SV:`,
//! `Aw:`, `Fwd:`, `Re[2]:`, `VS:`, `Odp:`, `回复：` …), repeated and in any case,
//! in the common languages of Europe and in Arabic, Chinese, Japanese and
//! Korean; gateways fold
//! long subjects over several lines. The desk's rule is that the Subject stays
//! unchanged, so comparisons here ignore exactly those differences and no
//! others.

use regex::Regex;
use std::sync::LazyLock;

/// Reply and forward prefixes, one entry per language (the clients' own
/// words: Outlook's, Gmail's, Thunderbird's, Apple Mail's). Matching ignores
/// case, so `SV:`, `Sv:` and `sv:` are one prefix; a new language is one entry.
const PREFIX_WORDS: &[(&str, &[&str])] = &[
    ("en", &["re", "fw", "fwd"]),
    ("de", &["aw", "antwort", "wg", "weitergeleitet"]),
    ("fr", &["réf", "ref", "tr", "réponse", "reponse"]),
    ("it", &["r", "rif", "i", "inoltro"]),
    ("es", &["rv", "reenv", "rta"]),
    ("pt", &["res", "enc", "resp"]),
    ("pl", &["odp", "pd", "odpowiedź"]),
    ("uk", &["відп", "пересл"]),
    ("ro", &["răsp", "rasp", "redirecționat"]),
    ("nl", &["antw", "doorst"]),
    ("tr", &["ynt", "ilt", "İlt", "yanıt"]),
    ("ru", &["отв", "ответ", "пересл"]),
    ("el", &["απ", "σχετ", "πρθ"]),
    ("cs", &["odp", "př", "fw"]),
    ("hu", &["vá", "válasz", "tov", "továbbítás"]),
    ("sv", &["sv", "vb"]),
    ("sr", &["odg", "одг", "prosl", "просл"]),
    ("bg", &["отг", "препр"]),
    ("da", &["sv", "vs", "videresendt"]),
    ("fi", &["vs", "vl"]),
    ("sk", &["odp", "pos"]),
    ("nb", &["sv", "vs", "vb"]),
    ("hr", &["odg", "prosl"]),
    ("lt", &["ats", "pers"]),
    ("sl", &["odg", "posr"]),
    ("lv", &["atb", "pārs"]),
    ("et", &["vs", "vast", "edasi"]),
    ("ca", &["rv", "resp"]),
    ("sq", &["përgj", "përc"]),
    ("mk", &["одг", "препрат"]),
    ("ar", &["رد", "إعادة توجيه", "تحويل", "توجيه"]),
    (
        "zh",
        &["回复", "回覆", "答复", "答覆", "转发", "轉寄", "轉發"],
    ),
    ("ja", &["返信", "転送"]),
    ("ko", &["회신", "답장", "전달"]),
];

/// Reply and forward prefixes in every language of [`PREFIX_WORDS`], with an
/// optional counter (`Re[2]:`, `Re(3):`, `Re^2:`), repeated, with a plain or
/// a full-width colon.
static PREFIXES: LazyLock<Regex> = LazyLock::new(|| {
    let mut words: Vec<&str> = PREFIX_WORDS
        .iter()
        .flat_map(|(_, w)| w.iter().copied())
        .collect();
    // Longest first, so that "antwort" is tried before "antw".
    words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    words.dedup();
    let alternatives: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&format!(
        r"(?i)^(?:\s*(?:{})\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*[:：]\s*)+",
        alternatives.join("|")
    ))
    .expect("prefix pattern")
});

static SPACES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+").expect("space pattern"));

/// Removes reply and forward prefixes, in any case and number.
pub fn strip_prefixes(subject: &str) -> &str {
    match PREFIXES.find(subject) {
        Some(m) => &subject[m.end()..],
        None => subject,
    }
}

/// True when the Subject starts with a reply or forward prefix.
pub fn has_prefix(subject: &str) -> bool {
    PREFIXES.is_match(subject)
}

/// Folds every run of white space to one space and trims the ends.
pub fn fold_whitespace(s: &str) -> String {
    SPACES.replace_all(s.trim(), " ").into_owned()
}

/// Every distinct issue key in the Subject, in order of appearance, with
/// inner white space folded (`Case  123` and `Case 123` are one key).
pub fn keys(subject: &str, pattern: &Regex) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // A set, so that a Subject naming thousands of keys stays linear.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let folded = fold_whitespace(subject);
    for m in pattern.find_iter(&folded) {
        let k = fold_whitespace(m.as_str());
        if !k.is_empty() && seen.insert(k.clone()) {
            out.push(k);
        }
    }
    out
}

/// The Subject as the desk's rule sees it: prefixes removed, white space
/// folded. Keys are kept.
pub fn canonical(subject: &str) -> String {
    fold_whitespace(strip_prefixes(&fold_whitespace(subject)))
}

/// The title: the Subject without prefixes, without the issue keys and the
/// brackets or separators that held them.
pub fn title(subject: &str, pattern: &Regex) -> String {
    let s = fold_whitespace(subject);
    let s = strip_prefixes(&s);
    remove_marked(&pattern.replace_all(s, "\u{0}"))
}

/// The Subject as compared for `subject-changed`: prefixes removed, and only
/// the issue's own key taken out, so that adding a second key is a change
/// while dropping the key is `key-missing` alone.
pub fn without_key(subject: &str, key: &str) -> String {
    let s = fold_whitespace(subject);
    let s = strip_prefixes(&s);
    remove_marked(&s.replace(key, "\u{0}"))
}

/// Removes the NUL-marked keys with the brackets or separators that held them.
fn remove_marked(marked: &str) -> String {
    let mut t = marked.to_string();
    for empty in ["[\u{0}]", "(\u{0})", "{\u{0}}", "<\u{0}>"] {
        t = t.replace(empty, "\u{0}");
    }
    // A key often sits between separators: "VSD-1: x", "x - VSD-1", "x | VSD-1".
    let parts: Vec<&str> = t
        .split('\u{0}')
        .map(|p| p.trim_matches(|c: char| c.is_whitespace() || ":-–—|#,;".contains(c)))
        .filter(|p| !p.is_empty())
        .collect();
    // Removing the key may expose prefixes that stood after it ("VSD-1: Re: x").
    let joined = parts.join(" ");
    fold_whitespace(strip_prefixes(&joined))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vsd() -> Regex {
        Regex::new("VSD-[0-9]+|Case [0-9]+").expect("test pattern")
    }

    #[test]
    fn strips_prefixes_in_any_case_and_number() {
        for s in [
            "Re: x",
            "RE: x",
            "re:x",
            "SV: Sv: x",
            "AW: WG: x",
            "Re[2]: x",
            "Re(3): FW: x",
            "Fwd: Re: RE: VS: x",
            "  Re :  x",
            "Antw: x",
            "TR: x",
            "VB: x",
            "R: x",
            "I: x",
            "Odp: x",
            "Vá: x",
            "RE：x",
            "回复: x",
            "回复：x",
            "转发: x",
            "Ynt: x",
            "İLT: x",
            "ΑΠ: x",
            "Отв: Fwd: x",
            "Відп: x",
            "Odg: x",
            "RV: x",
            "ENC: x",
            "返信: x",
            "회신: x",
            "رد: x",
            "VL: x",
            "Atb: x",
            "Ats: x",
            "PD: x",
        ] {
            assert_eq!(strip_prefixes(s).trim(), "x", "{s}");
        }
        assert_eq!(strip_prefixes("Regarding: x"), "Regarding: x");
        assert_eq!(strip_prefixes("Resolved: x"), "Resolved: x");
        assert_eq!(strip_prefixes("Info: x"), "Info: x");
        assert_eq!(strip_prefixes("Rate: x"), "Rate: x");
        assert_eq!(strip_prefixes("Ide: x"), "Ide: x");
    }

    #[test]
    fn keys_in_order_and_distinct() {
        assert_eq!(
            keys("Re: [VSD-12] and VSD-7, again VSD-12", &vsd()),
            vec!["VSD-12", "VSD-7"]
        );
        assert_eq!(keys("SV: Case  123456 refund", &vsd()), vec!["Case 123456"]);
        assert!(keys("no key here", &vsd()).is_empty());
    }

    #[test]
    fn title_drops_keys_brackets_and_separators() {
        let re = vsd();
        assert_eq!(
            title("[VSD-12345] POST /x gives 400", &re),
            "POST /x gives 400"
        );
        assert_eq!(
            title("VSD-12345: POST /x gives 400", &re),
            "POST /x gives 400"
        );
        assert_eq!(
            title("RE: POST /x gives 400 [VSD-12345]", &re),
            "POST /x gives 400"
        );
        assert_eq!(
            title("Re: SV: [VSD-1]  Webhooks\n  missing", &re),
            "Webhooks missing"
        );
        assert_eq!(title("Case 123456 - Refund fails", &re), "Refund fails");
        assert_eq!(title("VSD-1: Re: Refund fails", &re), "Refund fails");
    }

    #[test]
    fn without_key_keeps_other_keys() {
        assert_eq!(without_key("Re: [VSD-1] x", "VSD-1"), "x");
        assert_eq!(without_key("Re: [VSD-1] x VSD-2", "VSD-1"), "x VSD-2");
        assert_eq!(without_key("Re: x", "VSD-1"), "x");
    }

    #[test]
    fn canonical_keeps_key_and_folds() {
        assert_eq!(canonical("Re:  RE: [VSD-1]\t Webhooks"), "[VSD-1] Webhooks");
    }
}
