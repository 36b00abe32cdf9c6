//! Text measured in terminal columns: cutting to a width, padding, word
//! wrapping and compact ages.
//!
//! Columns line up only if every cell is measured the way the terminal draws
//! it: a CJK character or an emoji takes two columns, `æøå` one, a combining
//! accent none. Lengths in bytes or chars get all of these wrong, so widths
//! here come from `unicode-width`.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of `s` in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `cols` columns, ending in `…` when something was cut.
/// A wide character that would straddle the edge is left out whole.
pub fn truncate(s: &str, cols: usize) -> String {
    if width(s) <= cols {
        return s.to_string();
    }
    if cols == 0 {
        return String::new();
    }
    let room = cols - 1;
    let mut end = 0;
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    // Per-character widths can undercount a sequence (an emoji with a
    // variation selector); back off until the whole prefix fits.
    let mut prefix = &s[..end];
    while width(prefix) > room {
        let mut chars = prefix.chars();
        chars.next_back();
        prefix = chars.as_str();
    }
    format!("{prefix}…")
}

/// `s` cut or padded with spaces to exactly `cols` columns.
pub fn fit(s: &str, cols: usize) -> String {
    let mut out = truncate(s, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// One line of text broken into lines of at most `cols` columns, at spaces
/// where possible; a word longer than a line is broken where it must be.
/// An empty input gives one empty line, so blank lines in a body survive.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    if width(s) <= cols {
        return vec![s.trim_end_matches(' ').to_string()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0;
    for word in s.split_inclusive(' ') {
        let word_w = width(word);
        let trimmed_w = width(word.trim_end_matches(' '));
        if line_w + trimmed_w <= cols {
            line.push_str(word);
            line_w += word_w;
            continue;
        }
        if !line.is_empty() {
            lines.push(line.trim_end_matches(' ').to_string());
            line.clear();
            line_w = 0;
        }
        for c in word.chars() {
            let w = UnicodeWidthChar::width(c).unwrap_or(0);
            if line_w + w > cols && !line.is_empty() {
                if c == ' ' {
                    continue;
                }
                lines.push(std::mem::take(&mut line));
                line_w = 0;
            }
            line.push(c);
            line_w += w;
        }
    }
    lines.push(line.trim_end_matches(' ').to_string());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_columns() {
        assert_eq!(width("æøå"), 3);
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1);
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("Betaling feiler", 8), "Betalin…");
        assert_eq!(truncate("short", 8), "short");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abc", 1), "…");
    }

    #[test]
    fn truncate_never_splits_a_wide_character() {
        // "日本語" is 6 columns; 4 columns leave room for one wide char and `…`
        // (3 columns), not a half of the second.
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(width(&truncate("日本語", 4)), 3);
        assert_eq!(truncate("日本語", 5), "日本…");
    }

    #[test]
    fn fit_pads_to_the_exact_width() {
        assert_eq!(fit("æøå", 5), "æøå  ");
        assert_eq!(fit("日本語テキスト", 7), "日本語…");
        assert_eq!(width(&fit("日本語テキスト", 7)), 7);
        assert_eq!(fit("🎉 party", 4), "🎉 …");
        assert_eq!(fit("🎉🎉🎉", 5), "🎉🎉…");
        assert_eq!(fit("🎉🎉🎉", 4), "🎉… ");
        assert_eq!(width(&fit("🎉 party", 4)), 4);
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        assert_eq!(
            wrap("the quick brown fox jumps", 10),
            vec!["the quick", "brown fox", "jumps"]
        );
        assert_eq!(wrap("", 10), vec![""]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wrap_measures_wide_characters() {
        assert_eq!(wrap("日本語テキスト", 6), vec!["日本語", "テキス", "ト"]);
        assert_eq!(
            wrap("blåbær og rødgrøt", 7),
            vec!["blåbær", "og", "rødgrøt"]
        );
    }
}
