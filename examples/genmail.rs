//! Writes a large, realistic support-desk mailbox for benchmarks.
//!
//! The mail imitates a team writing to a service desk over two years: new
//! requests, the desk's auto-replies carrying `VSD-12345` keys, replies with
//! References chains, quoted history in about a third of the replies, English
//! and Norwegian text, RFC 2047 subjects, quoted-printable and base64 bodies,
//! HTML alternatives and attachments with a long tail of large ones. Threads
//! are interleaved in time as in a real mailbox.
//!
//! Output is an mbox file or Maildir folders (Dovecot-style file names). The
//! same seed always gives the same bytes. Messages are written one at a time,
//! so memory stays small whatever `--messages` is.
//!
//! ```text
//! cargo run --release --example genmail -- --messages 100000 --seed 7 --format maildir --folders --out /tmp/mail
//! ```

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use chrono::{DateTime, Datelike, Duration, FixedOffset, TimeZone, Utc};
use clap::{Parser, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Mbox,
    Maildir,
}

#[derive(Debug, Clone, Parser)]
#[command(about = "Generate a support-desk mailbox for benchmarks")]
pub struct Options {
    /// How many messages to write.
    #[arg(long, default_value_t = 100_000)]
    pub messages: u64,
    /// Seed of the generator; the same seed gives the same mailbox.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_enum, default_value_t = Format::Mbox)]
    pub format: Format,
    /// The mbox file, or the Maildir directory.
    #[arg(long)]
    pub out: PathBuf,
    /// Maildir only: desk mail in PATH/INBOX, team mail in PATH/Sent.
    #[arg(long)]
    pub folders: bool,
}

/// What a run wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub messages: u64,
    pub bytes: u64,
    pub issues: u64,
}

/// splitmix64: tiny, fast and good enough for synthetic mail.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
}

const TEAM: &[(&str, &str)] = &[
    ("Ola Nordmann", "ola"),
    ("Kari Hansen", "kari"),
    ("Per Olsen", "per"),
    ("Ingrid Berg", "ingrid"),
    ("Jonas Lie", "jonas"),
    ("Sindre Bakken", "sindre"),
    ("Marte Haugen", "marte"),
    ("Lars Johansen", "lars"),
    ("Silje Karlsen", "silje"),
    ("Åse Ødegård", "ase"),
    ("Bjørn Kristiansen", "bjorn"),
    ("Nora Pedersen", "nora"),
];
const AGENTS: &[&str] = &["Sofie", "Anders", "Marius", "Hanne", "Eirik", "Thea"];

const TOPICS_EN: &[&str] = &[
    "POST /epayment/v1/payments gives HTTP 400 \"Invalid merchant serial number\"",
    "Webhooks not arriving in the test environment",
    "Recurring agreement stays PENDING after approval",
    "Login: redirect_uri rejected after domain change",
    "Capture returns 409 Conflict",
    "Refund fails with \"Refund amount too high\"",
    "Access to MSN {n} in the portal",
    "Test environment keys return 401 Unauthorized",
    "QR code for merchant redirect returns 404",
    "Checkout session expires too early",
    "Order Management receipt not shown in the app",
    "Webhook signature verification fails",
    "Payment stuck in AUTHORIZED after timeout",
    "Userinfo endpoint returns 403 Forbidden",
    "Recurring charge not captured on due date",
    "Invalid phone number for customers with spaces",
];
const TOPICS_NO: &[&str] = &[
    "Webhooks kommer ikke fram i testmiljøet",
    "Får ikke tilgang til MSN {n} i portalen",
    "Capture feiler med «Payment not in valid state»",
    "Feil beløp i capture etter delvis kansellering",
    "Kunden får ikke push-varsel ved betaling",
    "Ordrestatus ukjent etter tidsavbrudd",
    "Recurring: variabelt beløp blir avvist med HTTP 400",
    "Vipps Logg inn: redirect_uri blir avvist i produksjon",
    "QR-koden fungerer ikke etter oppdatering",
    "Testnøkler vises ikke for nytt salgssted",
    "Refusjon gir HTTP 500 i produksjon",
    "Webhooks blir sendt to ganger",
    "Kvittering vises ikke i appen",
    "Betalinger blir stående i CREATED",
];
const SENT_EN: &[&str] = &[
    "We create the payment with the ePayment API and get a 400 Bad Request back.",
    "The same request works in the test environment but fails in production.",
    "It started after our deploy on Tuesday, but nothing in that deploy touches the payment flow.",
    "We have checked the documentation and the FAQ without finding an explanation.",
    "The webhook endpoint answers 200 OK when we call it from Postman.",
    "About one in twenty orders is affected, always during the evening peak.",
    "The user approves in the app and is sent back to our returnUrl as expected.",
    "GET on the payment still shows the state AUTHORIZED an hour later.",
    "We retry with the same Idempotency-Key after a timeout.",
    "The agreement is ACTIVE, but the charge stays RESERVED after the due date.",
    "Could you check your logs for the reference below?",
    "Thanks for the quick answer, that explains what we see.",
    "We have changed our integration as you suggested and will monitor it over the weekend.",
    "Unfortunately the problem came back this morning for a few orders.",
    "Our customers are starting to notice, so a quick answer would be much appreciated.",
    "The sales unit was created last week and the keys are visible in the portal.",
];
const SENT_NO: &[&str] = &[
    "Vi oppretter betalingen med ePayment-API-et og får 400 Bad Request tilbake.",
    "Den samme forespørselen fungerer i testmiljøet, men feiler i produksjon.",
    "Det startet etter produksjonssettingen vår på tirsdag, men den endret ikke betalingsflyten.",
    "Vi har lest dokumentasjonen og FAQ-en uten å finne en forklaring.",
    "Endepunktet for webhooks svarer 200 OK når vi kaller det fra Postman.",
    "Omtrent én av tjue ordrer er berørt, alltid om kvelden når trafikken er størst.",
    "Brukeren godkjenner i appen og blir sendt tilbake til returnUrl som forventet.",
    "GET på betalingen viser fortsatt AUTHORIZED en time senere.",
    "Vi prøver på nytt med samme Idempotency-Key etter et tidsavbrudd.",
    "Avtalen er ACTIVE, men trekket blir stående som RESERVED etter forfallsdato.",
    "Kan dere sjekke loggene for referansen nedenfor?",
    "Takk for raskt svar, det forklarer det vi ser.",
    "Vi har endret integrasjonen slik dere foreslo og følger med på det i helgen.",
    "Dessverre kom feilen tilbake i morges for noen få ordrer.",
    "Kundene våre begynner å merke det, så vi setter stor pris på et raskt svar.",
    "Salgsstedet ble opprettet forrige uke, og nøklene vises i portalen.",
];
const DESK_EN: &[&str] = &[
    "Thank you for the detailed description.",
    "From our logs we can see that the request used the keys of another sales unit.",
    "An Idempotency-Key can only be reused for exactly the same request.",
    "Webhooks are delivered at least once, so please use the event id to remove duplicates.",
    "The redirect URI must match the registered one exactly, including a trailing slash.",
    "Can you send the complete request and response, with secrets masked?",
    "We found an incident on our side in that period; it has been fixed.",
    "Please hash the raw body exactly as received, before any JSON parsing.",
];
const DESK_NO: &[&str] = &[
    "Takk for grundig beskrivelse.",
    "I loggene våre ser vi at forespørselen brukte nøklene til et annet salgssted.",
    "En Idempotency-Key kan bare brukes på nytt for nøyaktig samme forespørsel.",
    "Webhooks leveres minst én gang, så bruk hendelsens id til å fjerne duplikater.",
    "Redirect-URI-en må være nøyaktig lik den som er registrert, også skråstrek til slutt.",
    "Kan dere sende hele forespørselen og svaret, med hemmeligheter maskert?",
    "Vi fant en feil hos oss i det tidsrommet; den er rettet nå.",
    "Beregn hash av rå body slik den kom fram, før JSON-parsing.",
];

/// Where messages go: one mbox file, or one or two Maildirs.
enum Sink {
    Mbox(BufWriter<File>),
    Maildir {
        inbox: PathBuf,
        sent: Option<PathBuf>,
        seq: u64,
    },
}

impl Sink {
    fn open(opts: &Options) -> io::Result<Sink> {
        match opts.format {
            Format::Mbox => {
                if let Some(parent) = opts.out.parent().filter(|p| !p.as_os_str().is_empty()) {
                    fs::create_dir_all(parent)?;
                }
                Ok(Sink::Mbox(BufWriter::with_capacity(
                    1 << 20,
                    File::create(&opts.out)?,
                )))
            }
            Format::Maildir => {
                let (inbox, sent) = if opts.folders {
                    (opts.out.join("INBOX"), Some(opts.out.join("Sent")))
                } else {
                    (opts.out.clone(), None)
                };
                for dir in std::iter::once(&inbox).chain(sent.as_ref()) {
                    for sub in ["cur", "new", "tmp"] {
                        fs::create_dir_all(dir.join(sub))?;
                    }
                }
                Ok(Sink::Maildir {
                    inbox,
                    sent,
                    seq: 0,
                })
            }
        }
    }

    /// Writes one message; returns the bytes written.
    fn write(
        &mut self,
        sender: &str,
        date: DateTime<FixedOffset>,
        from_desk: bool,
        seen: bool,
        msg: &[u8],
    ) -> io::Result<u64> {
        match self {
            Sink::Mbox(w) => {
                let sep = format!(
                    "From {sender} {}\n",
                    date.with_timezone(&Utc).format("%a %b %e %H:%M:%S %Y")
                );
                w.write_all(sep.as_bytes())?;
                let mut written = sep.len() as u64;
                // mboxrd: a line that reads `From ` after any number of `>`
                // gets one more `>`.
                let mut from = 0;
                for at in memchr::memmem::find_iter(msg, b"From ") {
                    let line_start = msg[..at]
                        .iter()
                        .rposition(|&b| b != b'>')
                        .map_or(0, |i| i + 1);
                    if line_start == 0 || msg[line_start - 1] == b'\n' {
                        w.write_all(&msg[from..line_start])?;
                        w.write_all(b">")?;
                        written += 1;
                        from = line_start;
                    }
                }
                w.write_all(&msg[from..])?;
                w.write_all(b"\n")?;
                Ok(written + msg.len() as u64 + 1)
            }
            Sink::Maildir { inbox, sent, seq } => {
                *seq += 1;
                let dir = match sent {
                    Some(sent) if !from_desk => sent,
                    _ => inbox,
                };
                let lines = msg.iter().filter(|&&b| b == b'\n').count();
                let base = format!(
                    "{}.M{}P4242Q{}.genmail,S={},W={}",
                    date.timestamp(),
                    *seq % 1_000_000,
                    *seq,
                    msg.len(),
                    msg.len() + lines
                );
                let path = if seen {
                    dir.join("cur").join(format!("{base}:2,S"))
                } else {
                    dir.join("new").join(base)
                };
                fs::write(path, msg)?;
                Ok(msg.len() as u64)
            }
        }
    }

    fn finish(self) -> io::Result<()> {
        match self {
            Sink::Mbox(mut w) => w.flush(),
            Sink::Maildir { .. } => Ok(()),
        }
    }
}

/// One thread in progress.
struct Thread {
    key: String,
    subject: String,
    norwegian: bool,
    requester: usize,
    cc: Vec<usize>,
    form: u8,
    total: u32,
    pos: u32,
    refs: Vec<String>,
    last_text: String,
    last_from: String,
    last_date: DateTime<FixedOffset>,
    date: DateTime<FixedOffset>,
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 in 76-character lines.
pub fn base64_lines(data: &[u8], out: &mut Vec<u8>) {
    out.reserve(data.len() / 3 * 4 + data.len() / 57 + 6);
    for line in data.chunks(57) {
        let mut groups = line.chunks_exact(3);
        for g in &mut groups {
            let n = (g[0] as u32) << 16 | (g[1] as u32) << 8 | g[2] as u32;
            out.extend_from_slice(&[
                B64[(n >> 18) as usize & 63],
                B64[(n >> 12) as usize & 63],
                B64[(n >> 6) as usize & 63],
                B64[n as usize & 63],
            ]);
        }
        match *groups.remainder() {
            [a] => {
                let n = (a as u32) << 16;
                out.extend_from_slice(&[
                    B64[(n >> 18) as usize & 63],
                    B64[(n >> 12) as usize & 63],
                    b'=',
                    b'=',
                ]);
            }
            [a, b] => {
                let n = (a as u32) << 16 | (b as u32) << 8;
                out.extend_from_slice(&[
                    B64[(n >> 18) as usize & 63],
                    B64[(n >> 12) as usize & 63],
                    B64[(n >> 6) as usize & 63],
                    b'=',
                ]);
            }
            _ => {}
        }
        out.push(b'\n');
    }
    if data.is_empty() {
        out.push(b'\n');
    }
}

/// Quoted-printable with soft breaks before 76 characters.
pub fn quoted_printable(text: &str, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for line in text.split('\n') {
        let mut col = 0;
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let last = i + 1 == bytes.len();
            let plain = (b == b' ' || b == b'\t') && !last || (33..=126).contains(&b) && b != b'=';
            let width = if plain { 1 } else { 3 };
            if col + width > 75 {
                out.extend_from_slice(b"=\n");
                col = 0;
            }
            if plain {
                out.push(b);
            } else {
                out.extend_from_slice(&[b'=', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
            }
            col += width;
        }
        out.push(b'\n');
    }
}

/// RFC 2047 encoded words, folded, when the text is not ASCII.
pub fn encode_header(text: &str, b_encoding: bool) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    // An encoded word may be at most 75 characters long.
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        chunk.push(c);
        if chunk.len() >= 30 {
            words.push(encode_word(&chunk, b_encoding));
            chunk.clear();
        }
    }
    if !chunk.is_empty() {
        words.push(encode_word(&chunk, b_encoding));
    }
    words.join("\n ")
}

fn encode_word(text: &str, b_encoding: bool) -> String {
    if b_encoding {
        let mut v = Vec::new();
        base64_lines(text.as_bytes(), &mut v);
        let b: String = String::from_utf8_lossy(&v)
            .chars()
            .filter(|c| *c != '\n')
            .collect();
        format!("=?UTF-8?B?{b}?=")
    } else {
        let mut s = String::from("=?UTF-8?Q?");
        for &b in text.as_bytes() {
            match b {
                b' ' => s.push('_'),
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'/' | b':' => {
                    s.push(b as char)
                }
                _ => s.push_str(&format!("={b:02X}")),
            }
        }
        s.push_str("?=");
        s
    }
}

fn oslo(utc: DateTime<Utc>) -> DateTime<FixedOffset> {
    // Summer time, approximately: April to October.
    let hours = if (4..=10).contains(&utc.month()) {
        2
    } else {
        1
    };
    match FixedOffset::east_opt(hours * 3600) {
        Some(offset) => utc.with_timezone(&offset),
        None => utc.fixed_offset(),
    }
}

fn team_addr(i: usize) -> String {
    format!(
        "{} <{}@example.com>",
        encode_header(TEAM[i].0, i.is_multiple_of(2)),
        TEAM[i].1
    )
}

fn msgid(rng: &mut Rng, domain: &str) -> String {
    format!(
        "<{:016x}.{:08x}@{domain}>",
        rng.next_u64(),
        rng.next_u64() as u32
    )
}

/// Writes the mailbox and returns what it wrote.
pub fn generate(opts: &Options) -> io::Result<Summary> {
    let mut rng = Rng::new(opts.seed);
    let mut sink = Sink::open(opts)?;
    let mut summary = Summary::default();
    let n = opts.messages;
    let start = Utc
        .with_ymd_and_hms(2024, 11, 26, 8, 0, 0)
        .single()
        .unwrap_or_else(Utc::now);
    let span_secs = 730.0 * 86_400.0;
    let mut active: Vec<Thread> = Vec::new();
    let mut committed: u64 = 0;
    let mut next_key: u64 = 10_000;
    let mut msg = Vec::with_capacity(1 << 16);
    let mut emitted = 0u64;

    while emitted < n {
        let budget = n - emitted;
        let now = start + Duration::seconds((span_secs * emitted as f64 / n as f64) as i64);
        let can_start = committed < budget;
        let start_new = can_start && (active.is_empty() || (active.len() < 60 && rng.chance(0.2)));
        let idx = if start_new {
            let u = rng.unit();
            let planned = (2 + (14.0 * u * u) as u64).min(15);
            let total = planned.min(budget - committed);
            committed += total;
            if total >= 2 {
                summary.issues += 1;
            }
            let norwegian = rng.chance(0.45);
            let topics = if norwegian { TOPICS_NO } else { TOPICS_EN };
            let subject = rng
                .pick(topics)
                .replace("{n}", &rng.range(100_000, 999_999).to_string());
            let requester = rng.below(TEAM.len() as u64) as usize;
            let mut cc = Vec::new();
            for _ in 0..rng.below(3) {
                let c = rng.below(TEAM.len() as u64) as usize;
                if c != requester && !cc.contains(&c) {
                    cc.push(c);
                }
            }
            next_key += 1 + rng.below(4);
            let key = if emitted > n * 9 / 10 && rng.chance(0.3) {
                format!("Case {}", 100_000 + next_key * 3)
            } else {
                format!("VSD-{next_key}")
            };
            let date = oslo(now);
            active.push(Thread {
                key,
                subject,
                norwegian,
                requester,
                cc,
                form: rng.below(3) as u8,
                total: total as u32,
                pos: 0,
                refs: Vec::new(),
                last_text: String::new(),
                last_from: String::new(),
                last_date: date,
                date,
            });
            active.len() - 1
        } else {
            rng.below(active.len() as u64) as usize
        };

        let t = &mut active[idx];
        // Later messages come hours to days after the previous one.
        if t.pos > 0 {
            let gap = if t.pos == 1 {
                rng.range(30, 300)
            } else {
                rng.range(1_800, 4 * 86_400)
            };
            t.date = t.date.max(oslo(now)) + Duration::seconds(gap as i64);
        }
        let (from_desk, sender) = write_message(&mut rng, t, &mut msg);
        let seen = !rng.chance(0.05);
        summary.bytes += sink.write(&sender, t.date, from_desk, seen, &msg)?;
        summary.messages += 1;
        emitted += 1;
        committed -= 1;
        t.pos += 1;
        if t.pos >= t.total {
            active.swap_remove(idx);
        }
    }
    sink.finish()?;
    Ok(summary)
}

fn canonical(t: &Thread) -> String {
    match t.form {
        0 => format!("[{}] {}", t.key, t.subject),
        1 => format!("{}: {}", t.key, t.subject),
        _ => format!("RE: {} [{}]", t.subject, t.key),
    }
}

fn paragraph(rng: &mut Rng, pool: &[&str], sentences: u64) -> String {
    let mut p = String::new();
    for i in 0..sentences {
        if i > 0 {
            p.push(' ');
        }
        let sentence: &&str = rng.pick(pool);
        p.push_str(sentence);
    }
    p
}

fn pasted_log(rng: &mut Rng, lines: u64) -> String {
    let mut s = String::from(
        "Request:\nPOST https://api.vipps.no/epayment/v1/payments\nMerchant-Serial-Number: 212345\nOcp-Apim-Subscription-Key: ****9f3e\n\n",
    );
    for i in 0..lines {
        let status = *rng.pick(&[200, 200, 200, 400, 409, 500]);
        s.push_str(&format!(
            "{{\"ts\": \"2026-03-{:02}T{:02}:{:02}:{:02}Z\", \"reference\": \"ex-{}\", \"status\": {status}, \"traceId\": \"00-{:032x}-01\"}}\n",
            1 + i % 28,
            rng.below(24),
            rng.below(60),
            rng.below(60),
            rng.range(100_000, 999_999),
            rng.next_u64() as u128 * rng.next_u64() as u128,
        ));
    }
    s
}

/// Builds one message of thread `t` into `out`; returns whether the desk
/// wrote it and the envelope sender.
fn write_message(rng: &mut Rng, t: &mut Thread, out: &mut Vec<u8>) -> (bool, String) {
    out.clear();
    let no = t.norwegian;
    // Desk and team mostly take turns; now and then one side writes twice.
    let from_desk = match t.pos {
        0 => false,
        1 => true,
        p => (p % 2 == 1) != rng.chance(0.2),
    };
    let author = if t.pos == 0 || t.cc.is_empty() || rng.chance(0.6) {
        t.requester
    } else {
        *rng.pick(&t.cc)
    };
    let canon = canonical(t);
    let subject = match t.pos {
        0 => t.subject.clone(),
        1 => canon.clone(),
        _ => {
            let prefix = if from_desk {
                "RE: "
            } else {
                *rng.pick(&[
                    "Re: ", "Re: ", "RE: ", "SV: ", "Sv: ", "AW: ", "VS: ", "Re: RE: ",
                ])
            };
            format!("{prefix}{canon}")
        }
    };
    let (from, sender) = if from_desk {
        (
            "Vipps Integration <integration@vipps.no>".to_string(),
            "integration@vipps.no".to_string(),
        )
    } else {
        (team_addr(author), format!("{}@example.com", TEAM[author].1))
    };
    let mut to = Vec::new();
    let mut cc = Vec::new();
    if from_desk {
        to.push(team_addr(t.requester));
        cc.extend(t.cc.iter().map(|&c| team_addr(c)));
    } else {
        to.push("Vipps Integration <integration@vipps.no>".to_string());
        for &c in std::iter::once(&t.requester).chain(t.cc.iter()) {
            if c != author {
                cc.push(team_addr(c));
            }
        }
        if rng.chance(0.3) {
            cc.push("Example Team <team@example.com>".to_string());
        }
    }
    let domain = if from_desk {
        "vipps.atlassian.net"
    } else if rng.chance(0.5) {
        "eurprd04.prod.outlook.com"
    } else {
        "mail.gmail.com"
    };
    let id = msgid(rng, domain);

    // The text a person wrote.
    let mut text = String::new();
    if t.pos == 1 {
        text.push_str(&if no {
            format!(
                "Hei,\n\nTakk for henvendelsen. Saken din er registrert som {}. Behold {} i emnefeltet når du svarer.\n\nDette er et automatisk svar.\nVipps Integration",
                t.key, t.key
            )
        } else {
            format!(
                "Hello,\n\nThank you for contacting Vipps Integration. Your request has been registered as {}. Please keep {} in the Subject when you reply.\n\nThis is an automatic reply.\nVipps Integration",
                t.key, t.key
            )
        });
    } else {
        let greet = if no { "Hei," } else { "Hi," };
        text.push_str(greet);
        text.push_str("\n\n");
        let pool = match (from_desk, no) {
            (true, true) => DESK_NO,
            (true, false) => DESK_EN,
            (false, true) => SENT_NO,
            (false, false) => SENT_EN,
        };
        for _ in 0..rng.range(2, 6) {
            let sentences = rng.range(2, 6);
            let p = paragraph(rng, pool, sentences);
            text.push_str(&p);
            text.push_str("\n\n");
        }
        if from_desk && rng.chance(0.05) {
            text.push_str("From the logs we can see the same traceId on both calls.\n\n");
        }
        if t.pos == 0 {
            text.push_str(&format!(
                "Org.nr.: 912 345 678\nMSN: {}\nEnvironment: {}\norderId: ex-{}\n\n",
                rng.range(100_000, 999_999),
                rng.pick(&["Test (MT)", "Production", "produksjon", "test"]),
                rng.range(100_000, 999_999)
            ));
        }
        if !from_desk && rng.chance(0.25) {
            let lines = rng.range(3, 40);
            text.push_str(&pasted_log(rng, lines));
            text.push('\n');
        }
        if from_desk {
            text.push_str(&format!(
                "{}\n{}\nVipps Integration",
                if no { "Vennlig hilsen" } else { "Best regards" },
                rng.pick(AGENTS)
            ));
        } else {
            text.push_str(&format!(
                "{}\n{}\n\n-- \n{} | Example AS\nKarl Johans gate 1, 0154 Oslo\n+47 9{:02} {:02} {:03}\n\nThis email may contain confidential information. If you received it by mistake, please tell the sender and delete it.",
                if no { "Mvh" } else { "Best regards" },
                TEAM[author].0,
                TEAM[author].0,
                rng.below(100),
                rng.below(100),
                rng.below(1000)
            ));
        }
    }
    let own = text.clone();
    if t.pos > 1 && !from_desk && rng.chance(0.33) && !t.last_text.is_empty() {
        text.push_str(&format!(
            "\n\nOn {}, {} wrote:\n",
            t.last_date.format("%a, %d %b %Y at %H:%M"),
            t.last_from
        ));
        for line in t.last_text.lines() {
            text.push_str(if line.is_empty() { ">" } else { "> " });
            text.push_str(line);
            text.push('\n');
        }
    }

    // Headers.
    let date = t.date;
    let mut h = String::with_capacity(2048);
    h.push_str(&format!(
        "Return-Path: <{sender}>\nDelivered-To: team@example.com\nReceived: from mx{}.example.com (mx{}.example.com [10.0.{}.{}])\n\tby imap.example.com with LMTP id {:016x}\n\tfor <team@example.com>; {}\n",
        rng.below(4),
        rng.below(4),
        rng.below(256),
        rng.below(256),
        rng.next_u64(),
        date.format("%a, %d %b %Y %H:%M:%S %z")
    ));
    for hop in 0..rng.range(1, 4) {
        h.push_str(&format!(
            "Received: from {}.outbound.protection.outlook.com (mail-{}.outbound.protection.outlook.com [40.107.{}.{}])\n\tby mx{hop}.example.com (Postfix) with ESMTPS id {:012X}\n\tfor <team@example.com>; {}\n",
            rng.pick(&["EUR05", "EUR02", "EUR03", "DUZPR83"]),
            rng.pick(&["am6eur05on2071", "db3eur04on2092", "he1eur02on2113"]),
            rng.below(256),
            rng.below(256),
            rng.next_u64() >> 16,
            date.format("%a, %d %b %Y %H:%M:%S %z")
        ));
    }
    if domain.contains("outlook") {
        h.push_str(&format!(
            "X-MS-Has-Attach: \nX-MS-TNEF-Correlator: \nX-MS-Exchange-Organization-SCL: 1\nX-MS-Exchange-CrossTenant-Network-Message-Id: {:08x}-{:04x}-{:04x}-{:04x}-{:012x}\nX-MS-Exchange-CrossTenant-OriginalArrivalTime: {}\nX-MS-Exchange-CrossTenant-FromEntityHeader: Hosted\nX-MS-Exchange-Transport-CrossTenantHeadersStamped: AM0PR04MB{:04X}\nX-Forefront-Antispam-Report: CIP:255.255.255.255;CTRY:;LANG:nb;SCL:1;SRV:;IPV:NLI;SFV:NSPM;H:AM0PR04MB{:04X}.eurprd04.prod.outlook.com;PTR:;CAT:NONE;SFS:(13230040)(366016)(376014)(1800799024);DIR:OUT;SFP:1101;\n",
            rng.next_u64() as u32,
            rng.below(65536),
            rng.below(65536),
            rng.below(65536),
            rng.next_u64() >> 16,
            date.format("%d %b %Y %H:%M:%S%.3f (UTC)"),
            rng.below(65536),
            rng.below(65536),
        ));
    }
    if rng.chance(0.7) {
        let mut sig = Vec::new();
        let raw: Vec<u8> = (0..192).map(|_| rng.next_u64() as u8).collect();
        base64_lines(&raw, &mut sig);
        let sig = String::from_utf8_lossy(&sig).replace('\n', "\n\t");
        h.push_str(&format!(
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={}; s=selector1;\n\th=from:to:cc:subject:date:message-id; bh={:016x}{:016x}=;\n\tb={}\n",
            if from_desk { "vipps.no" } else { "example.com" },
            rng.next_u64(),
            rng.next_u64(),
            sig.trim_end()
        ));
    }
    h.push_str(&format!("From: {from}\n"));
    h.push_str(&format!("To: {}\n", to.join(", ")));
    if !cc.is_empty() {
        h.push_str(&format!("Cc: {}\n", cc.join(",\n ")));
    }
    h.push_str(&format!(
        "Subject: {}\n",
        encode_header(&subject, rng.chance(0.5))
    ));
    h.push_str(&format!(
        "Date: {}\n",
        date.format("%a, %d %b %Y %H:%M:%S %z")
    ));
    h.push_str(&format!("Message-ID: {id}\n"));
    if let Some(parent) = t.refs.last() {
        h.push_str(&format!("In-Reply-To: {parent}\n"));
        h.push_str(&format!("References: {}\n", t.refs.join("\n ")));
    }
    if t.pos == 1 {
        h.push_str("Auto-Submitted: auto-replied\n");
    }
    h.push_str("MIME-Version: 1.0\n");
    out.extend_from_slice(h.as_bytes());

    // Body.
    let attach = if rng.chance(0.004) {
        Some(rng.range(200_000, 2_000_000))
    } else if rng.chance(0.07) {
        Some(rng.range(4_000, 40_000))
    } else {
        None
    };
    let shape = rng.below(100);
    let boundary = format!("----=_Part_{:016x}", rng.next_u64());
    let alt_boundary = format!("----=_Alt_{:016x}", rng.next_u64());
    if attach.is_some() {
        out.extend_from_slice(
            format!(
                "Content-Type: multipart/mixed; boundary=\"{boundary}\"\n\nThis is a multi-part message in MIME format.\n\n--{boundary}\n"
            )
            .as_bytes(),
        );
    }
    if shape < 45 {
        text_part(rng, &text, out);
    } else if shape < 93 {
        out.extend_from_slice(
            format!(
                "Content-Type: multipart/alternative; boundary=\"{alt_boundary}\"\n\n--{alt_boundary}\n"
            )
            .as_bytes(),
        );
        text_part(rng, &text, out);
        out.extend_from_slice(format!("\n--{alt_boundary}\n").as_bytes());
        html_part(&text, out);
        out.extend_from_slice(format!("\n--{alt_boundary}--\n").as_bytes());
    } else {
        html_part(&text, out);
    }
    if let Some(size) = attach {
        let (ctype, name) = *rng.pick(&[
            ("image/png", "screenshot.png"),
            ("application/json", "log.json"),
            ("application/pdf", "report.pdf"),
            ("text/plain", "trace.txt"),
        ]);
        out.extend_from_slice(
            format!(
                "\n--{boundary}\nContent-Type: {ctype}; name=\"{name}\"\nContent-Disposition: attachment; filename=\"{name}\"\nContent-Transfer-Encoding: base64\n\n"
            )
            .as_bytes(),
        );
        let mut data = Vec::with_capacity(size as usize + 8);
        while (data.len() as u64) < size {
            data.extend_from_slice(&rng.next_u64().to_le_bytes());
        }
        data.truncate(size as usize);
        base64_lines(&data, out);
        out.extend_from_slice(format!("\n--{boundary}--\n").as_bytes());
    }

    t.refs.push(id);
    if t.refs.len() > 20 {
        t.refs.remove(1);
    }
    t.last_text = own;
    t.last_from = from;
    t.last_date = date;
    (from_desk, sender)
}

fn text_part(rng: &mut Rng, text: &str, out: &mut Vec<u8>) {
    let roll = rng.below(10);
    if text.is_ascii() && roll < 5 {
        out.extend_from_slice(
            b"Content-Type: text/plain; charset=\"us-ascii\"\nContent-Transfer-Encoding: 7bit\n\n",
        );
        out.extend_from_slice(text.as_bytes());
        out.push(b'\n');
    } else if roll < 8 {
        out.extend_from_slice(b"Content-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n");
        quoted_printable(text, out);
    } else {
        out.extend_from_slice(
            b"Content-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: base64\n\n",
        );
        base64_lines(text.as_bytes(), out);
    }
}

fn html_part(text: &str, out: &mut Vec<u8>) {
    let mut html = String::with_capacity(text.len() * 2);
    html.push_str("<html><head><meta charset=\"utf-8\"></head><body style=\"font-family:Calibri,sans-serif;font-size:11pt\">\n");
    // Quoted lines become a cite blockquote, as mail clients send them.
    let mut in_quote = false;
    html.push_str("<div>");
    for line in text.lines() {
        let quoted = line.starts_with('>');
        if quoted != in_quote {
            html.push_str(if quoted {
                "</div>\n<blockquote type=\"cite\"><div>"
            } else {
                "</div></blockquote>\n<div>"
            });
            in_quote = quoted;
        }
        let line = if quoted {
            line.trim_start_matches('>').trim_start()
        } else {
            line
        };
        for c in line.chars() {
            match c {
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                '&' => html.push_str("&amp;"),
                _ => html.push(c),
            }
        }
        html.push_str("<br>\n");
    }
    html.push_str(if in_quote {
        "</div></blockquote>\n"
    } else {
        "</div>\n"
    });
    html.push_str("</body></html>");
    out.extend_from_slice(
        b"Content-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: quoted-printable\n\n",
    );
    quoted_printable(&html, out);
}

fn main() {
    let opts = Options::parse();
    if opts.folders && opts.format != Format::Maildir {
        eprintln!("genmail: --folders needs --format maildir");
        std::process::exit(2);
    }
    let started = std::time::Instant::now();
    match generate(&opts) {
        Ok(s) => {
            println!(
                "{} messages, {} bytes ({:.1} KB average), {} issues, written to {} in {:.2} s",
                s.messages,
                s.bytes,
                s.bytes as f64 / s.messages.max(1) as f64 / 1024.0,
                s.issues,
                opts.out.display(),
                started.elapsed().as_secs_f64()
            );
        }
        Err(e) => {
            eprintln!("genmail: cannot write {}: {e}", opts.out.display());
            std::process::exit(1);
        }
    }
}
