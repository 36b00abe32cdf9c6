//! Measures the reply splitter against the labelled quote corpus: precision
//! and recall of "has quoted history", first-line accuracy of the message's
//! own text, and throughput.
//!
//! The corpus lives outside the repository (`../shared/corpora/quotes`,
//! relative to the crate root, or where `VSD_QUOTE_CORPUS` says, for a
//! checkout elsewhere); the benchmark says so and exits when it is absent.

use std::path::{Path, PathBuf};
use std::time::Instant;

use vsd::mail::quote::split;

struct Case {
    path: String,
    has_quote: bool,
    first_line: String,
    text: String,
    html: Option<String>,
}

fn main() {
    let root = std::env::var_os("VSD_QUOTE_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/quotes"),
        PathBuf::from,
    );
    let labels = root.join("labels.tsv");
    let Ok(tsv) = std::fs::read_to_string(&labels) else {
        println!("quotes: corpus not found at {}, skipped", labels.display());
        return;
    };
    let mut cases = Vec::new();
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        let path = root.join(cols[0]);
        match load(&path) {
            Ok((text, html)) => cases.push(Case {
                path: cols[0].to_string(),
                has_quote: cols[1] == "1",
                first_line: cols[2].trim().to_string(),
                text,
                html,
            }),
            Err(e) => println!("cannot load {}: {e}", path.display()),
        }
    }

    let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
    let (mut first_ok, mut first_total) = (0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        let got = split(&case.text, case.html.as_deref());
        match (case.has_quote, got.quoted) {
            (true, true) => tp += 1,
            (false, true) => {
                fp += 1;
                failures.push(format!(
                    "{}: false positive at {:?}",
                    case.path, got.evidence
                ));
            }
            (true, false) => {
                fn_ += 1;
                failures.push(format!("{}: quote missed", case.path));
            }
            (false, false) => tn += 1,
        }
        // An empty label gives no first line to compare.
        if !case.first_line.is_empty() {
            first_total += 1;
            let first = got
                .new_text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("");
            if first == case.first_line {
                first_ok += 1;
            } else {
                failures.push(format!(
                    "{}: first line {:?}, expected {:?}",
                    case.path, first, case.first_line
                ));
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let first = first_ok as f64 / first_total.max(1) as f64;
    println!(
        "quotes: {} cases (tp {tp}, fp {fp}, fn {fn_}, tn {tn})",
        cases.len()
    );
    println!(
        "precision {precision:.3}  recall {recall:.3}  first-line {first:.3} ({first_ok}/{first_total})"
    );
    for f in &failures {
        println!("  FAIL {f}");
    }

    let bytes: usize = cases
        .iter()
        .map(|c| c.text.len() + c.html.as_ref().map_or(0, String::len))
        .sum();
    let rounds = 200;
    let start = Instant::now();
    for _ in 0..rounds {
        for case in &cases {
            std::hint::black_box(split(
                std::hint::black_box(&case.text),
                case.html.as_deref(),
            ));
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "throughput {:.1} MB/s ({} bytes x {rounds} in {secs:.3} s, {:.1} µs per message)",
        (bytes * rounds) as f64 / secs / 1e6,
        bytes,
        secs * 1e6 / (rounds * cases.len()) as f64
    );

    let typical = typical_message();
    let n = 20_000;
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(split(std::hint::black_box(&typical), None));
    }
    println!(
        "typical {} B plain reply: {:.2} µs per split",
        typical.len(),
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    );

    for (name, text) in pathological() {
        let start = Instant::now();
        let got = split(&text, None);
        println!(
            "pathological {name} ({} B): {:.2} ms, quoted {}",
            text.len(),
            start.elapsed().as_secs_f64() * 1e3,
            got.quoted
        );
    }
}

/// The plain text and HTML of one corpus file.
fn load(path: &PathBuf) -> Result<(String, Option<String>), String> {
    let raw = std::fs::read(path).map_err(|e| e.to_string())?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        "eml" => {
            let mail = mailparse::parse_mail(&raw).map_err(|e| e.to_string())?;
            let mut text = None;
            let mut html = None;
            collect_parts(&mail, &mut text, &mut html);
            let text = match (text, &html) {
                (Some(t), _) => t,
                (None, Some(h)) => html2text::from_read(h.as_bytes(), 10_000).unwrap_or_default(),
                (None, None) => String::new(),
            };
            Ok((text, html))
        }
        "html" => {
            let html = String::from_utf8_lossy(&raw).into_owned();
            let text = html2text::from_read(html.as_bytes(), 10_000).unwrap_or_default();
            Ok((text, Some(html)))
        }
        _ => Ok((String::from_utf8_lossy(&raw).into_owned(), None)),
    }
}

fn collect_parts(
    part: &mailparse::ParsedMail<'_>,
    text: &mut Option<String>,
    html: &mut Option<String>,
) {
    if part.subparts.is_empty() {
        let body = part.get_body().unwrap_or_default().replace("\r\n", "\n");
        match part.ctype.mimetype.as_str() {
            "text/plain" if text.is_none() => *text = Some(body),
            "text/html" if html.is_none() => *html = Some(body),
            _ => {}
        }
    }
    for sub in &part.subparts {
        collect_parts(sub, text, html);
    }
}

/// A 3 KB reply of the kind the desk gets: a few paragraphs, a signature and
/// an Outlook header block over the quoted request.
fn typical_message() -> String {
    let mut s = String::from(
        "Hi,\n\nThanks for the quick answer. We tried again in the test environment.\n\n",
    );
    while s.len() < 1_800 {
        s.push_str("The call to POST /epayment/v1/payments returned HTTP 400 with a problem body; the reference was acme-order-1234 and the MSN 123456.\n");
    }
    s.push_str("\nBest regards,\nOla Nordmann\nAcme AS\n\n");
    s.push_str("Fra: Vipps Integration <integration@example.com>\nSendt: fredag 13. mars 2026 10:12\nTil: Ola Nordmann <ola@example.com>\nEmne: SV: VSD-12345 Payment fails\n\n");
    while s.len() < 3_000 {
        s.push_str("Please send the complete request and response, with the secret masked.\n");
    }
    s
}

fn pathological() -> Vec<(&'static str, String)> {
    vec![
        ("100k lines of 'On'", "On\n".repeat(100_000)),
        ("100k lines of '>'", ">\n".repeat(100_000)),
        ("100k lines of 'From: x'", "From: x\n".repeat(100_000)),
        (
            "100k lines of 'On x wrote'",
            "On x\n".repeat(100_000) + "wrote:\n",
        ),
        ("1 MB line of 'On '", "On ".repeat(350_000)),
        ("1 MB line of ':'", ":".repeat(1_000_000)),
        ("500k lines of ':'", ":\n".repeat(500_000)),
        (
            "100k lines 'Den 1 skrev:'",
            "x\nDen 1 skrev\n".repeat(50_000),
        ),
        // Every line a rule of words or an opening line, each over labels
        // that never make a header.
        (
            "100k rules over labels",
            "----- Ord ord -----\nFra: a@b\nTil: 12:00\n".repeat(33_000),
        ),
        (
            "100k lines 'Ord ord:'",
            "Ord ord:\nNavn: a\n".repeat(50_000),
        ),
    ]
}
