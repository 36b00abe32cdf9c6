//! The guidelines' "What to include in the email" checklist for a new request.
//!
//! A request gets help fastest when it names the organisation number, the
//! merchant serial number, the product or API, the environment, an orderId,
//! the date and the request and response. [`missing`] reads a request's
//! subject and text, in English or Norwegian, and lists the items it does not
//! give. Each item needs a value, not only its name: "MSN 123456" gives the
//! merchant serial number, "we do not know the MSN" does not.
//!
//! All patterns are `regex` automata, linear in the text.

use std::sync::LazyLock;

use regex::Regex;

/// One item of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    OrgNumber,
    MerchantSerialNumber,
    ProductOrApi,
    Environment,
    OrderId,
    Date,
    RequestResponse,
    /// "Please provide screenshots, if possible": asked for, never required,
    /// so never in [`missing`]; an attached image gives it.
    Screenshots,
}

impl Item {
    /// Every item, in the guidelines' order.
    pub const ALL: [Item; 7] = [
        Item::OrgNumber,
        Item::MerchantSerialNumber,
        Item::ProductOrApi,
        Item::Environment,
        Item::OrderId,
        Item::Date,
        Item::RequestResponse,
    ];

    /// The items a request may leave out without breaking a rule: what
    /// `vsd check` suggests rather than flags.
    pub const OPTIONAL: [Item; 1] = [Item::Screenshots];

    /// The stable id used in JSON output.
    pub fn id(self) -> &'static str {
        match self {
            Item::OrgNumber => "organisation-number",
            Item::MerchantSerialNumber => "merchant-serial-number",
            Item::ProductOrApi => "product-or-api",
            Item::Environment => "environment",
            Item::OrderId => "order-id",
            Item::Date => "date",
            Item::RequestResponse => "request-response",
            Item::Screenshots => "screenshots",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Item::OrgNumber => "Organisation number",
            Item::MerchantSerialNumber => "Merchant Serial Number (MSN)",
            Item::ProductOrApi => "Product or API",
            Item::Environment => "Environment (test/MT or production)",
            Item::OrderId => "orderId (and transactionId, contextId)",
            Item::Date => "Date of the problem",
            Item::RequestResponse => "Complete request and response",
            Item::Screenshots => "Screenshots (if possible)",
        }
    }
}

/// Checklist items that a new request with this subject and text does not give.
///
/// The patterns use ASCII word boundaries: a Unicode `\b` would keep the
/// regex engine off its fast path on every message with a non-ASCII letter.
pub fn missing(subject: &str, text: &str) -> Vec<Item> {
    let all = format!("{subject}\n{text}");
    Item::ALL
        .into_iter()
        .filter(|&item| !gives(item, &all))
        .collect()
}

fn gives(item: Item, s: &str) -> bool {
    match item {
        Item::OrgNumber => ORG.iter().any(|r| r.is_match(s)),
        Item::MerchantSerialNumber => MSN.is_match(s),
        Item::ProductOrApi => PRODUCT.iter().any(|r| r.is_match(s)) || named_api(s),
        Item::Environment => ENVIRONMENT.iter().any(|r| r.is_match(s)),
        Item::OrderId => ORDER_ID.is_match(s),
        Item::Date => DATE.iter().any(|r| r.is_match(s)),
        Item::RequestResponse => REQUEST_RESPONSE.iter().any(|r| r.is_match(s)),
        // Only an attached image gives a screenshot; words do not.
        Item::Screenshots => false,
    }
}

fn regex(pattern: &str) -> Regex {
    // The patterns are constants checked by the tests; a broken one must
    // fail loudly at its first use.
    Regex::new(pattern).expect("checklist pattern compiles")
}

const NINE_DIGITS: &str = r"\d{3}[ \u{a0}]?\d{3}[ \u{a0}]?\d{3}(?-u:\b)";

static ORG: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        regex(&format!(
            r"(?i)(?-u:\b)(?:org\.?\s*-?\s*(?:nr|no|num|number|nummer|id)|orgnr|orgnummer|org|organi[sz]ation\s*(?:number|no|nr|id)|organisasjons?\s*-?\s*(?:nummer|nr)|foretaksnummer|foretaksnr|bedriftsnummer|virksomhetsnummer|enhetsnummer|company\s*(?:reg(?:istration)?\.?\s*)?(?:number|no|nr|id)|business\s*(?:number|id)|registration\s*number)(?-u:\b)\.?[^\d\n]{{0,30}}(?-u:\b){NINE_DIGITS}"
        )),
        regex(&format!(r"(?i)(?-u:\b){NINE_DIGITS}\s*mva(?-u:\b)")),
        regex(&format!(r"(?-u:\b)NO\s?{NINE_DIGITS}")),
    ]
});

static MSN: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:msn|merchant[\s_-]?serial(?:[\s_-]?(?:number|no|nr))?|merchantserialnumber|salgsstednummer|salgsstednr|salgssted|brukerstednummer|brukerstednr)(?-u:\b)[^\d\n]{0,40}(?-u:\b)\d{5,7}(?-u:\b)",
    )
});

static PRODUCT: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        regex(
            r"(?i)(?-u:\b)(?:epayment|e-?com|ecomm|order[\s-]management|webhooks?|vipps\s+mobilepay|mobilepay|vipps\s+logg\s+inn|logg\s+inn\s+med\s+vipps|vipps\s+login|login\s+api|userinfo|qr[\s-]api|qr[\s-]kode|recurring\s+(?:api|payments?|agreements?)|faste\s+betalinger|checkout\s+api|vipps\s+checkout)(?-u:\b)",
        ),
        regex(
            r"/(?:epayment|ecomm|recurring|checkout|order-management|webhooks|qr|accesstoken|access-management|vipps-userinfo-api)(?-u:\b)",
        ),
        regex(r"(?-u:\b)(?:Login|QR|PSP|Checkout|Recurring|ePayment|eCom)(?-u:\b)"),
    ]
});

/// Words that do not name an API in "… API".
const NOT_API_NAMES: &[&str] = &[
    "the", "a", "an", "this", "that", "your", "our", "their", "its", "same", "new", "to", "of",
    "in", "with", "from", "any", "which", "vipps", "et", "i", "vårt", "deres", "ditt", "mitt",
    "samme", "på", "til", "via", "rest", "json", "http", "public", "old",
];

static NAMED_API: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?-u:\b)([A-Za-z0-9_-]+)\s+API(?-u:\b)"));

/// "the Report API": a capitalised or product word before "API".
fn named_api(s: &str) -> bool {
    NAMED_API.captures_iter(s).any(|c| {
        c.get(1)
            .is_some_and(|w| !NOT_API_NAMES.contains(&w.as_str().to_lowercase().as_str()))
    })
}

static ENVIRONMENT: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        regex(
            r"(?i)(?-u:\b)(?:test|prod|production|produksjon|produksjonen|produksjonsmiljø(?:et)?|prodmiljø(?:et)?|testmiljø(?:et)?|test\s*environment|production\s*environment|staging|sandbox|apitest\.vipps\.no|api\.vipps\.no)(?-u:\b)",
        ),
        regex(r"(?-u:\b)MT(?-u:\b)"),
    ]
});

/// An id after its label, or the label as a line's heading with an answer
/// ("orderId: not relevant for Login" answers the checklist too).
static ORDER_ID: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"(?im)(?-u:\b)(?:order[\s_-]?id|ordre[\s_-]?id|ordrenummer|ordrenr|ordre\s*(?:nr|nummer)|order\s*(?:number|no|nr)|bestillingsnummer|transaction[\s_-]?id|transaksjons[\s_-]?id|context[\s_-]?id|psp[\s_-]?reference|reference|referanse|referansenummer)(?-u:\b)\.?(?:["']?\s*[:=]?\s*["'`]?(?:[\w.-]*\d[\w.-]*)|["']?\s*:[ \t]*\S)"#,
    )
});

const MONTHS: &str = "january|february|march|april|may|june|july|august|september|october|november|december|januar|februar|mars|mai|juni|juli|oktober|desember|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|okt|nov|dec|des";

static DATE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        regex(r"(?-u:\b)\d{4}-\d{2}-\d{2}"),
        regex(r"(?-u:\b)\d{1,2}[./]\d{1,2}[./]\d{2,4}(?-u:\b)"),
        regex(&format!(
            r"(?i)(?-u:\b)\d{{1,2}}(?:\.|st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})(?-u:\b)"
        )),
        regex(&format!(r"(?i)(?-u:\b)(?:{MONTHS})\.?\s+\d{{1,2}}(?-u:\b)")),
        regex(
            r"(?i)(?-u:\b)(?:today|yesterday|i\s+dag|idag|i\s+går|igår|i\s+forgårs|this\s+morning|i\s+morges)(?-u:\b)",
        ),
    ]
});

static REQUEST_RESPONSE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    vec![
        regex(r"(?-u:\b)(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(?:/|https?://)"),
        regex(r"(?i)(?-u:\b)HTTP(?:/\d(?:\.\d)?)?\s+[1-5]\d\d(?-u:\b)"),
        regex(
            r"(?i)(?-u:\b)[1-5]\d\d\s+(?:OK|Created|Accepted|No Content|Bad Request|Unauthorized|Forbidden|Not Found|Method Not Allowed|Conflict|Unprocessable (?:Entity|Content)|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)(?-u:\b)",
        ),
        regex(r"(?i)(?-u:\b)status(?:\s*code|kode)?\s*[:=]?\s*[1-5]\d\d(?-u:\b)"),
        regex(r#"\{\s*"[^"\n]{1,64}"\s*:"#),
    ]
});
