//! Credential detection: what shows more than its last four characters, and
//! the many things that look like credentials but are not, or are masked.

use vsd::issues::secrets::{Secret, find, mask};

/// (text, name, value) for texts holding exactly one credential in full.
const POSITIVE: &[(&str, &str, &str)] = &[
    // header form
    (
        "client_secret: 9f8e7d6c5b4a39f3e",
        "client_secret",
        "9f8e7d6c5b4a39f3e",
    ),
    (
        "Ocp-Apim-Subscription-Key: 0123456789abcdef0123456789ab9f3e",
        "Ocp-Apim-Subscription-Key",
        "0123456789abcdef0123456789ab9f3e",
    ),
    (
        "ocp-apim-subscription-key: abcdef123456",
        "ocp-apim-subscription-key",
        "abcdef123456",
    ),
    (
        "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
        "Authorization",
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
    ),
    (
        "authorization: bearer abc.def.ghi123",
        "authorization",
        "abc.def.ghi123",
    ),
    (
        "Authorization: Basic dXNlcjpwYXNzd29yZA==",
        "Authorization",
        "dXNlcjpwYXNzd29yZA==",
    ),
    (
        "access_token: eyJ0eXAiOiJKV1QifQ.payload.signature",
        "access_token",
        "eyJ0eXAiOiJKV1QifQ.payload.signature",
    ),
    ("password: hunter2hunter2", "password", "hunter2hunter2"),
    ("Passord: Sommer2026!", "Passord", "Sommer2026!"),
    (
        "x-api-key: 5f4dcc3b5aa765d61d83",
        "x-api-key",
        "5f4dcc3b5aa765d61d83",
    ),
    ("api_key: AKIA1234567890", "api_key", "AKIA1234567890"),
    ("apikey: zyx987654321", "apikey", "zyx987654321"),
    ("Client-Secret: s3cr3tv4lu3", "Client-Secret", "s3cr3tv4lu3"),
    // JSON
    (
        "{\"client_secret\": \"Zm9vYmFyYmF6cXV4\"}",
        "client_secret",
        "Zm9vYmFyYmF6cXV4",
    ),
    (
        "{\n  \"client_id\": \"6b0e0a2c-1111-2222-3333-444455556666\",\n  \"client_secret\": \"abcdEFGH1234\"\n}",
        "client_secret",
        "abcdEFGH1234",
    ),
    (
        "{\"access_token\":\"eyJraWQiOiJ4In0.e30.c2lnbmF0dXJl\",\"token_type\":\"Bearer\"}",
        "access_token",
        "eyJraWQiOiJ4In0.e30.c2lnbmF0dXJl",
    ),
    (
        "{\"password\": \"correct horse battery staple\"}",
        "password",
        "correct horse battery staple",
    ),
    ("{\"apiKey\": \"k-123456789\"}", "apiKey", "k-123456789"),
    (
        "{ 'client_secret' : 'single-quoted-1234' }",
        "client_secret",
        "single-quoted-1234",
    ),
    // form and query
    (
        "grant_type=client_credentials&client_id=abc&client_secret=QWERTY123456&scope=x",
        "client_secret",
        "QWERTY123456",
    ),
    (
        "client_secret=QWERTY123456",
        "client_secret",
        "QWERTY123456",
    ),
    (
        "https://example.com/cb?access_token=tok_abcdef123456&state=1",
        "access_token",
        "tok_abcdef123456",
    ),
    ("password = pa55word99", "password", "pa55word99"),
    ("api-key=abcdef123456; path=/", "api-key", "abcdef123456"),
    // curl
    (
        "curl -X POST https://apitest.vipps.no/accesstoken/get -H 'client_secret: abcDEF123456789' -H 'client_id: 123'",
        "client_secret",
        "abcDEF123456789",
    ),
    (
        "curl https://api.example.com -H \"Ocp-Apim-Subscription-Key: 11112222333344445555\"",
        "Ocp-Apim-Subscription-Key",
        "11112222333344445555",
    ),
    (
        "curl --header 'Authorization: Bearer tok123456789' https://api.example.com",
        "Authorization",
        "tok123456789",
    ),
    (
        "curl --header \"x-api-key: abcdefgh1234\" \\\n  https://api.example.com",
        "x-api-key",
        "abcdefgh1234",
    ),
    // partly masked, but more than four characters still show
    (
        "client_secret: abcd****9f3e",
        "client_secret",
        "abcd****9f3e",
    ),
    (
        "Ocp-Apim-Subscription-Key: 1234567890ab...",
        "Ocp-Apim-Subscription-Key",
        "1234567890ab...",
    ),
    (
        "Authorization: eyJhbGciOiJIUzI1NiJ9abcdef",
        "Authorization",
        "eyJhbGciOiJIUzI1NiJ9abcdef",
    ),
    (
        "Hei, her er nøkkelen vår:\nOcp-Apim-Subscription-Key: fedcba9876543210\nMvh Ola",
        "Ocp-Apim-Subscription-Key",
        "fedcba9876543210",
    ),
];

/// Texts with no credential shown in full.
const NEGATIVE: &[&str] = &[
    // masked as the guidelines ask
    "client_secret: ****9f3e",
    "client_secret: xxxx…9f3e",
    "client_secret: xxxxxxxx9f3e",
    "client_secret: XXXX-XXXX-9f3e",
    "client_secret: ***",
    "client_secret: …9f3e",
    "client_secret: ...9f3e",
    "client_secret: ••••••9f3e",
    "client_secret: <redacted>",
    "client_secret: [REDACTED]",
    "client_secret: <your-secret>",
    "client_secret: {{client_secret}}",
    "client_secret: ${CLIENT_SECRET}",
    "client_secret: $CLIENT_SECRET",
    "client_secret: REDACTED",
    "client_secret: YOUR_CLIENT_SECRET",
    "client_secret: 9f3e",
    "client_secret: abc",
    "client_secret:",
    "client_secret: ",
    "{\"client_secret\": \"****9f3e\"}",
    "{\"client_secret\": \"\"}",
    "{\"client_secret\": null}",
    "{\"client_secret\": \"<client_secret>\"}",
    "{\"client_secret\": \"{{clientSecret}}\"}",
    "client_secret=****9f3e&client_id=abc",
    "client_secret=&client_id=abc",
    "client_secret=%CLIENT_SECRET%",
    "Ocp-Apim-Subscription-Key: ****9f3e",
    "Ocp-Apim-Subscription-Key: xxxxxxxxxxxxxxxxxxxxxxxxxxxx9f3e",
    "Ocp-Apim-Subscription-Key: <subscription-key>",
    "Ocp-Apim-Subscription-Key: {{ocp_apim_subscription_key}}",
    "curl -H 'Ocp-Apim-Subscription-Key: ****9f3e' https://api.example.com",
    "curl -H \"client_secret: <redacted>\" https://api.example.com",
    "Authorization: Bearer ****9f3e",
    "Authorization: Bearer <token>",
    "Authorization: Bearer {{access_token}}",
    "Authorization: Bearer $TOKEN",
    "Authorization: Bearer ...9f3e",
    "Authorization: Bearer",
    "Authorization: Basic ****",
    "Authorization: Basic <base64>",
    "access_token: ****9f3e",
    "{\"access_token\": \"<access token>\", \"expires_in\": 3600}",
    "password: ****",
    "password: <password>",
    "password=********",
    "passord: *****",
    "x-api-key: ****9f3e",
    "api_key: [REDACTED]",
    "apikey: {{apikey}}",
    // webhook signatures and other schemes
    "Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=dGhpcyBpcyBhIHNpZ25hdHVyZQ==",
    "X-Vipps-Signature: sha256=3f0c9b1a7e2d4c6b8a0f1e3d5c7b9a1f",
    "X-Vipps-Authorization: HMAC-SHA256 SignedHeaders=x-ms-date&Signature=abcdef1234567890",
    "Authorization: Digest username=\"ola\", realm=\"x\"",
    "Authorization: AWS4-HMAC-SHA256 Credential=abc/20260312",
    "x-ms-content-sha256: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
    // identifiers that are not secrets
    "client_id: 6b0e0a2c-1111-2222-3333-444455556666",
    "{\"client_id\": \"6b0e0a2c-1111-2222-3333-444455556666\"}",
    "client_id=6b0e0a2c-1111-2222-3333-444455556666&grant_type=client_credentials",
    "6b0e0a2c-1111-2222-3333-444455556666",
    "The GUID is 6b0e0a2c-1111-2222-3333-444455556666.",
    "Message-ID: <CAF=abc123def456@mail.gmail.com>",
    "In-Reply-To: <20260312094100.12345@example.com>",
    "Merchant-Serial-Number: 123456",
    "{\"merchantSerialNumber\": \"123456\"}",
    "orderId: acme-order-1234567890",
    "reference: acme-1234567",
    "pspReference: 7d9f3b2e-aaaa-bbbb-cccc-111122223333",
    "Vipps-System-Name: acme-shop",
    "Vipps-System-Version: 1.2.3",
    "Idempotency-Key: 0c8f1b4e-1234-4cde-9abc-0123456789ab",
    "token_type: Bearer",
    "{\"token_type\": \"Bearer\", \"expires_in\": \"3600\"}",
    "X-Request-Id: 9a8b7c6d5e4f",
    "Content-Type: application/json",
    "subscription key rotation is planned",
    // prose
    "Please reset the password for our test user.",
    "We changed the password yesterday.",
    "Password: please reset it for us",
    "Passordet er endret, kan dere sjekke?",
    "Vi har glemt passordet til portalen.",
    "Where do I find the client_secret?",
    "The client_secret is in the portal under Keys.",
    "Is the Ocp-Apim-Subscription-Key still required?",
    "We send the Authorization header as documented.",
    "Our api_key expired.",
    "Do you need the access_token too?",
    "The access token: see the attached (masked) file.",
    "client_secret: see portal",
    "Use the client secret from the portal.",
    "password reset link does not work",
    "my_password_field is empty",
    "new_password: is required by the form",
    "Authorization: required",
    "Authorization: Bearer token expired",
    "The header is 'Authorization'.",
    "the passwords: all rotated",
    // non-values
    "client_secret: null",
    "client_secret: none",
    "{\"password\": false}",
    "{\"api_key\": \"string\"}",
    "password: true",
    "apikey: undefined",
    // names inside longer words
    "x_client_secret_hint: abcdefghijkl",
    "myapikey2: abcdefghijkl",
    "passwordless: enabled-for-all-users",
    "client_secrets_count: 12345678",
    "resetpassword=abcdefgh1234",
    // empty and odd input
    "",
    "\n\n\n",
    "client_secret",
    ":",
    "=",
    "client_secret\n: value-on-next-line-1234",
    "password\t",
    "\"client_secret\"",
    "client_secret = ''",
];

#[test]
fn finds_each_credential_with_its_name_and_value() {
    assert!(POSITIVE.len() >= 30);
    for (text, name, value) in POSITIVE {
        let found = find(text);
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|s| (s.name.as_str(), s.value.as_str()))
            .collect();
        assert_eq!(got, vec![(*name, *value)], "text: {text:?}");
        let s = &found[0];
        assert_eq!(&text[s.span.clone()], *value, "span in {text:?}");
    }
}

#[test]
fn finds_nothing_in_masked_placeholder_or_unrelated_text() {
    assert!(NEGATIVE.len() >= 100, "{} negative cases", NEGATIVE.len());
    let wrong: Vec<(&str, Vec<Secret>)> = NEGATIVE
        .iter()
        .map(|t| (*t, find(t)))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    assert_eq!(wrong, vec![]);
}

#[test]
fn reports_line_and_span() {
    let text = "Hi,\n\nHere is the request:\nPOST /accesstoken/get\nclient_id: abc\nclient_secret: 0123456789abcdef\n";
    let found = find(text);
    assert_eq!(
        found,
        vec![Secret {
            name: "client_secret".to_string(),
            value: "0123456789abcdef".to_string(),
            line: 6,
            span: 78..94,
        }]
    );
}

#[test]
fn finds_several_in_one_request() {
    let text = "curl -X POST https://apitest.vipps.no/accesstoken/get \\\n  -H 'client_id: 123' \\\n  -H 'client_secret: SECRETsecret1234' \\\n  -H 'Ocp-Apim-Subscription-Key: KEYkeykey5678'\n\n{\"access_token\": \"eyJ0.eyJ1.sig9\"}";
    let got: Vec<(String, String, usize)> = find(text)
        .into_iter()
        .map(|s| (s.name, s.value, s.line))
        .collect();
    assert_eq!(
        got,
        vec![
            ("client_secret".into(), "SECRETsecret1234".into(), 3),
            (
                "Ocp-Apim-Subscription-Key".into(),
                "KEYkeykey5678".into(),
                4
            ),
            ("access_token".into(), "eyJ0.eyJ1.sig9".into(), 6),
        ]
    );
}

#[test]
fn mask_keeps_the_last_four_characters() {
    let text = "client_id: abc\nclient_secret: 0123456789abcdef\nAuthorization: Bearer tokentokentoken9f3e\n";
    assert_eq!(
        mask(text),
        "client_id: abc\nclient_secret: ****cdef\nAuthorization: Bearer ****9f3e\n"
    );
    // Masked text has nothing left to find, and masking again changes nothing.
    assert_eq!(find(&mask(text)), Vec::<Secret>::new());
    assert_eq!(mask(&mask(text)), mask(text));
}

#[test]
fn mask_handles_json_form_and_multibyte_values() {
    assert_eq!(
        mask("{\"client_secret\": \"abcdefgh\"}"),
        "{\"client_secret\": \"****efgh\"}"
    );
    assert_eq!(
        mask("a=1&client_secret=QWERTY123456&b=2"),
        "a=1&client_secret=****3456&b=2"
    );
    assert_eq!(mask("passord: blåbærsyltetøy"), "passord: ****etøy");
    assert_eq!(mask("nothing here"), "nothing here");
}

proptest::proptest! {
    #[test]
    fn find_and_mask_never_panic(
        text in "(?s)(client_secret|password|Authorization|Bearer |api_key|[:='\" \n\u{e5}\u{2026}*xa-f0-9]){0,60}",
    ) {
        let found = find(&text);
        for s in &found {
            proptest::prop_assert_eq!(&text[s.span.clone()], s.value.as_str());
            proptest::prop_assert_eq!(s.line, text[..s.span.start].matches('\n').count() + 1);
        }
        let masked = mask(&text);
        proptest::prop_assert!(find(&masked).is_empty(), "{:?} -> {:?}", text, masked);
    }
}
