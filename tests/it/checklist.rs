//! The new-request checklist: complete requests in English and Norwegian,
//! each item taken away in turn, and text that mentions an item without
//! giving it.

use vsd::issues::checklist::{Item, missing};

const SUBJECT_EN: &str = "POST /epayment/v1/payments gives HTTP 400";

/// A complete English request, one line per item so each can be dropped.
const LINES_EN: [(Item, &str); 7] = [
    (Item::OrgNumber, "Organization number: 987 654 321"),
    (Item::MerchantSerialNumber, "MSN: 123456"),
    (
        Item::ProductOrApi,
        "We use the Recurring API for subscriptions.",
    ),
    (Item::Environment, "This happens in the test environment."),
    (Item::OrderId, "orderId: acme-order-1001"),
    (Item::Date, "It started on 12 March 2026."),
    (
        Item::RequestResponse,
        "Response:\nHTTP/1.1 400 Bad Request\n{\"type\": \"validation\", \"status\": 400}",
    ),
];

const SUBJECT_NO: &str = "Feil ved betaling";

const LINES_NO: [(Item, &str); 7] = [
    (Item::OrgNumber, "Organisasjonsnummer: 987654321"),
    (Item::MerchantSerialNumber, "Salgsstednummer 654321"),
    (Item::ProductOrApi, "Vi bruker Vipps Logg Inn på nettsiden."),
    (Item::Environment, "Feilen skjer i produksjon."),
    (Item::OrderId, "Ordre-id: nettbutikk-4711"),
    (Item::Date, "Det skjedde i går rundt kl. 14."),
    (Item::RequestResponse, "Vi får 401 Unauthorized tilbake."),
];

fn body(lines: &[(Item, &str)], without: Option<Item>) -> String {
    let mut text = String::from("Hi,\n\nWe have a problem with payments.\n\n");
    for (item, line) in lines {
        if Some(*item) != without {
            text.push_str(line);
            text.push('\n');
        }
    }
    text.push_str("\nRegards,\nOla Nordmann\n");
    text
}

#[test]
fn ids_and_labels() {
    let ids: Vec<&str> = Item::ALL.iter().map(|i| i.id()).collect();
    assert_eq!(
        ids,
        [
            "organisation-number",
            "merchant-serial-number",
            "product-or-api",
            "environment",
            "order-id",
            "date",
            "request-response"
        ]
    );
    assert_eq!(
        Item::MerchantSerialNumber.label(),
        "Merchant Serial Number (MSN)"
    );
    assert!(Item::ALL.iter().all(|i| !i.label().is_empty()));
}

#[test]
fn complete_english_request_misses_nothing() {
    assert_eq!(missing(SUBJECT_EN, &body(&LINES_EN, None)), vec![]);
}

#[test]
fn complete_norwegian_request_misses_nothing() {
    assert_eq!(missing(SUBJECT_NO, &body(&LINES_NO, None)), vec![]);
}

#[test]
fn each_item_removed_is_reported_alone() {
    // The English subject names the product and the request; use a neutral
    // one so that removing those lines shows.
    for (item, _) in LINES_EN {
        assert_eq!(
            missing("Payment problem", &body(&LINES_EN, Some(item))),
            vec![item],
            "English without {item:?}"
        );
    }
    for (item, _) in LINES_NO {
        assert_eq!(
            missing(SUBJECT_NO, &body(&LINES_NO, Some(item))),
            vec![item],
            "Norwegian without {item:?}"
        );
    }
}

/// Every item in another of its common forms: `missing-info` must list
/// nothing for a request that gives them all.
#[test]
fn missing_info_lists_only_what_is_missing_in_other_forms() {
    let text = "Hei,\n\norg 912345678, brukerstednummer 123456.\nVi bruker ePayment i prod.\nordrenr 4711, 12.03.2026.\nVi får HTTP 500.\n";
    assert_eq!(missing("Feil", text), vec![]);
    let no_msn = "Hei,\n\norg.nr. 912345678.\nVi bruker ePayment i prod.\nordre nr. 4711, i går.\nVi får HTTP 500.\n";
    assert_eq!(missing("Feil", no_msn), vec![Item::MerchantSerialNumber]);
}

#[test]
fn empty_request_misses_everything() {
    assert_eq!(missing("", ""), Item::ALL.to_vec());
    assert_eq!(
        missing("Help", "Hi, it does not work. Regards, Ola"),
        Item::ALL.to_vec()
    );
}

#[test]
fn subject_counts() {
    assert_eq!(
        missing(
            SUBJECT_EN,
            "MSN 123456, org.nr 987654321, test, orderId acme-1, today"
        ),
        vec![]
    );
}

fn gives(item: Item, text: &str) -> bool {
    !missing("", text).contains(&item)
}

#[test]
fn organisation_number_forms() {
    for text in [
        "Org.nr: 987654321",
        "org. nr. 987 654 321",
        "orgnr 987654321",
        "Organisation number 987654321",
        "organization no: 987654321",
        "Acme AS, 987 654 321 MVA",
        "NO 987654321 MVA",
        "org 912345678",
        "Org 912 345 678",
        "orgnr. 912345678",
        "org.nr. 912345678",
        "org-nr 912345678",
        "Org. nummer: 912345678",
        "orgnummer 912345678",
        "organisasjonsnr. 912345678",
        "foretaksnr 912345678",
        "company reg. no. 912345678",
    ] {
        assert!(gives(Item::OrgNumber, text), "{text}");
    }
    for text in [
        "Org.nr: see the portal",
        "orgnr 12345678",
        "orderId 987654321",
        "organic 912345678",
        "Our organisation number is on file.",
        "phone 98765432",
    ] {
        assert!(!gives(Item::OrgNumber, text), "{text}");
    }
}

#[test]
fn merchant_serial_number_forms() {
    for text in [
        "MSN 123456",
        "MSN: 12345",
        "merchant serial number: 1234567",
        "Merchant-Serial-Number: 654321",
        "salgsstednummer er 123456",
        "Salgssted: 765432",
        "merchant serial 123456",
        "MSN-nummer 123456",
        "msn nr. 123456",
        "brukerstednummer 123456",
    ] {
        assert!(gives(Item::MerchantSerialNumber, text), "{text}");
    }
    for text in [
        "We don't know our MSN.",
        "MSN 1234",
        "MSN 12345678",
        "merchant serial number missing",
        "123456",
    ] {
        assert!(!gives(Item::MerchantSerialNumber, text), "{text}");
    }
}

#[test]
fn product_or_api_forms() {
    for text in [
        "We use ePayment.",
        "eCom API v2",
        "the Report API",
        "Order Management",
        "our webhooks stopped",
        "Vipps MobilePay checkout",
        "Vipps Logg inn",
        "Login",
        "a QR code from the QR API",
        "we are a PSP",
        "GET /checkout/v3/session/abc",
    ] {
        assert!(gives(Item::ProductOrApi, text), "{text}");
    }
    for text in [
        "the API returns an error",
        "your API is down",
        "I cannot log in to the portal",
        "our checkout page is slow",
    ] {
        assert!(!gives(Item::ProductOrApi, text), "{text}");
    }
}

#[test]
fn environment_forms() {
    for text in [
        "in test",
        "MT",
        "prod",
        "Production",
        "i produksjon",
        "i testmiljøet",
        "https://apitest.vipps.no/epayment",
        "i prod",
        "on staging",
        "i prodmiljøet",
        "production environment",
    ] {
        assert!(gives(Item::Environment, text), "{text}");
    }
    for text in ["we tested it", "it is productive", "mt. everest", "protest"] {
        assert!(!gives(Item::Environment, text), "{text}");
    }
}

#[test]
fn order_id_forms() {
    for text in [
        "orderId: acme-1001",
        "order id 12345",
        "\"orderId\": \"acme-1001\"",
        "ordre-id: 4711",
        "transactionId 5001234567",
        "contextId: 7d9f3b2e-aaaa",
        "reference: shop-42",
        "referanse 2026-0001",
        "ordrenr 4711",
        "ordre nr. 4711",
        "ordrenummer: 4711",
        "order nr 4711",
        "order no. 4711",
        "bestillingsnummer 12345",
        "transaksjons-id 5001234567",
    ] {
        assert!(gives(Item::OrderId, text), "{text}");
    }
    for text in [
        "with reference to your email",
        "we have no orderId",
        "ordre-id mangler",
        "see the order",
    ] {
        assert!(!gives(Item::OrderId, text), "{text}");
    }
}

#[test]
fn date_forms() {
    for text in [
        "2026-03-12",
        "2026-03-12T09:41:00Z",
        "12.03.2026",
        "3/12/2026",
        "12 March",
        "March 12",
        "12. mars",
        "1st of May",
        "today",
        "yesterday",
        "i dag",
        "i går",
    ] {
        assert!(gives(Item::Date, text), "{text}");
    }
    for text in ["recently", "last week sometime", "version 1.2", "in March"] {
        assert!(!gives(Item::Date, text), "{text}");
    }
}

#[test]
fn request_response_forms() {
    for text in [
        "POST /epayment/v1/payments",
        "GET https://api.vipps.no/epayment/v1/payments/x",
        "HTTP 400",
        "HTTP/1.1 500 Internal Server Error",
        "400 Bad Request",
        "status code 403",
        "{\"title\": \"Bad Request\"}",
    ] {
        assert!(gives(Item::RequestResponse, text), "{text}");
    }
    // A request path names its product too.
    assert_eq!(
        missing("", "POST /recurring/v3/agreements"),
        vec![
            Item::OrgNumber,
            Item::MerchantSerialNumber,
            Item::Environment,
            Item::OrderId,
            Item::Date
        ]
    );
    for text in [
        "post the request",
        "we get an error",
        "it returns 400 items",
        "{ not json }",
    ] {
        assert!(!gives(Item::RequestResponse, text), "{text}");
    }
}

proptest::proptest! {
    #[test]
    fn never_panics_and_lists_items_in_order(text in "(?s).{0,300}") {
        let got = missing("", &text);
        let mut sorted = got.clone();
        sorted.sort();
        sorted.dedup();
        proptest::prop_assert_eq!(got, sorted);
    }
}
