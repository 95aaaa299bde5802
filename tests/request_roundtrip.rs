//! Property tests: every valid request survives encode → parse unchanged,
//! the encoders agree with each other and with `encoded_len`, no value can
//! add or split a parameter, and parsing any bytes never panics.

use collectssl::{
    ErrorKind, QueryType, Refusal, Request, ResponseEncoding, ResponseFormat, ResponseType,
    Selector,
};
use proptest::prelude::*;

/// The largest `certificateID` (16 digits).
const MAX_CERTIFICATE_ID: u64 = 9_999_999_999_999_999;

/// Characters that could break a form body if a value were not encoded,
/// plus non-ASCII of every UTF-8 length.
const HOSTILE: &[char] = &[
    '&',
    '=',
    '%',
    '+',
    ';',
    '\r',
    '\n',
    '\0',
    ' ',
    '\t',
    '#',
    '?',
    '/',
    '~',
    '*',
    'é',
    '€',
    '\u{FFFD}',
    '😀',
    '\u{10FFFF}',
];

fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(HOSTILE),
        3 => prop::char::range('a', 'z'),
        1 => prop::char::range('0', '9'),
        2 => any::<char>(),
    ]
}

/// 1..=`max` Unicode scalar values, often exactly `max` to hit the limit.
fn text(max: usize) -> impl Strategy<Value = String> {
    let chars = |n| prop::collection::vec(any_char(), n).prop_map(String::from_iter);
    prop_oneof![
        3 => chars(1..=8.min(max)),
        2 => chars(1..=max),
        1 => chars(max..=max),
    ]
}

/// The owned parts of a valid request; `build` borrows them.
#[derive(Debug, Clone)]
struct Spec {
    login: String,
    password: String,
    order_number: Option<String>,
    certificate_id: Option<u64>,
    base_order_number: Option<u64>,
    query_type: QueryType,
    response_type: Option<ResponseType>,
    response_encoding: Option<ResponseEncoding>,
    response_format: Option<ResponseFormat>,
    flags: [Option<bool>; 6],
    collection_code: Option<String>,
    response_mime_type: Option<String>,
}

const QUERY_TYPES: [QueryType; 4] = [
    QueryType::StatusOnly,
    QueryType::CertificateAndChain,
    QueryType::Certificate,
    QueryType::CaBundle,
];
const RESPONSE_TYPES: [ResponseType; 4] = [
    ResponseType::Zip,
    ResponseType::NetscapeCertificateSequence,
    ResponseType::Pkcs7,
    ResponseType::IndividuallyEncoded,
];

/// The `responseType`s allowed with `q` (omitted always is): 0–2 need `queryType=1`.
fn allowed_response_types(q: QueryType) -> Vec<Option<ResponseType>> {
    let mut v = vec![None, Some(ResponseType::IndividuallyEncoded)];
    if q == QueryType::CertificateAndChain {
        v.extend(RESPONSE_TYPES[..3].iter().copied().map(Some));
    }
    v
}

/// The `responseEncoding`s allowed: binary needs `queryType=1` and ZIP or PKCS#7.
fn allowed_encodings(q: QueryType, r: Option<ResponseType>) -> Vec<Option<ResponseEncoding>> {
    let mut v = vec![None, Some(ResponseEncoding::Base64)];
    if q == QueryType::CertificateAndChain
        && matches!(r, Some(ResponseType::Zip | ResponseType::Pkcs7))
    {
        v.push(Some(ResponseEncoding::Binary));
    }
    v
}

fn spec() -> impl Strategy<Value = Spec> {
    // Which selectors: at least one, in any combination.
    let selectors = (
        1u8..8,
        text(128),
        0..=MAX_CERTIFICATE_ID,
        prop_oneof![any::<u64>(), Just(u64::MAX), Just(0)],
    );
    let codes = (
        0usize..4,
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
    );
    let flag = || prop::option::of(any::<bool>());
    let flags = [flag(), flag(), flag(), flag(), flag(), flag()];
    let extras = (
        prop::option::of(prop::sample::select(
            &[ResponseFormat::NewlineDelimited, ResponseFormat::UrlEncoded][..],
        )),
        prop::option::of(text(40)),
        prop::option::of(text(40)),
    );
    (text(64), text(128), selectors, codes, flags, extras).prop_map(
        |(login, password, (which, order, id, base), (q, r, e), flags, (format, cc, mime))| {
            let query_type = QUERY_TYPES[q];
            let response_type = *r.get(&allowed_response_types(query_type));
            let response_encoding = *e.get(&allowed_encodings(query_type, response_type));
            Spec {
                login,
                password,
                order_number: (which & 1 != 0).then_some(order),
                certificate_id: (which & 2 != 0).then_some(id),
                base_order_number: (which & 4 != 0).then_some(base),
                query_type,
                response_type,
                response_encoding,
                response_format: format,
                flags,
                collection_code: cc,
                response_mime_type: mime,
            }
        },
    )
}

impl Spec {
    fn build(&self) -> Request<'_> {
        let first = match (
            &self.order_number,
            self.certificate_id,
            self.base_order_number,
        ) {
            (Some(n), _, _) => Selector::OrderNumber(n),
            (None, Some(id), _) => Selector::CertificateId(id),
            (None, None, Some(b)) => Selector::BaseOrderNumber(b),
            (None, None, None) => unreachable!("the strategy always picks a selector"),
        };
        let mut r = Request::new(&self.login, &self.password, first, self.query_type);
        if let Some(id) = self.certificate_id {
            r = r.with_selector(Selector::CertificateId(id));
        }
        if let Some(b) = self.base_order_number {
            r = r.with_selector(Selector::BaseOrderNumber(b));
        }
        if let Some(v) = self.response_type {
            r = r.with_response_type(v);
        }
        if let Some(v) = self.response_encoding {
            r = r.with_response_encoding(v);
        }
        if let Some(v) = self.response_format {
            r = r.with_response_format(v);
        }
        let [validity, fqdn, ext, mdc, mdc2, details] = self.flags;
        if let Some(v) = validity {
            r = r.with_show_validity_period(v);
        }
        if let Some(v) = fqdn {
            r = r.with_show_fqdn(v);
        }
        if let Some(v) = ext {
            r = r.with_show_ext_status(v);
        }
        if let Some(v) = mdc {
            r = r.with_show_mdc_domain_details(v);
        }
        if let Some(v) = mdc2 {
            r = r.with_show_mdc_domain_details2(v);
        }
        if let Some(v) = details {
            r = r.with_show_status_details(v);
        }
        if let Some(v) = &self.collection_code {
            r = r.with_collection_code(v);
        }
        if let Some(v) = &self.response_mime_type {
            r = r.with_response_mime_type(v);
        }
        r
    }

    /// How many arguments the body must carry: login, password and
    /// queryType always, then every optional one that is set.
    fn present(&self) -> usize {
        3 + usize::from(self.order_number.is_some())
            + usize::from(self.certificate_id.is_some())
            + usize::from(self.base_order_number.is_some())
            + usize::from(self.response_type.is_some())
            + usize::from(self.response_encoding.is_some())
            + usize::from(self.response_format.is_some())
            + self.flags.iter().filter(|f| f.is_some()).count()
            + usize::from(self.collection_code.is_some())
            + usize::from(self.response_mime_type.is_some())
    }
}

/// Encodes a request that is valid by construction, checking the encoders
/// agree; returns the body.
fn encode_checked(r: &Request<'_>) -> Vec<u8> {
    let len = r.encoded_len();
    let mut buf = vec![0u8; len + 16];
    let n = r.encode(&mut buf).expect("a valid request encodes");
    assert_eq!(n, len, "encoded_len is exact");
    buf.truncate(n);

    let mut s = String::new();
    r.write_to(&mut s).expect("write_to a String");
    assert_eq!(s.as_bytes(), &buf[..], "write_to and encode agree");

    // One byte short is refused, never truncated.
    let mut short = vec![0u8; len - 1];
    let err = r.encode(&mut short).expect_err("a buffer one byte short");
    assert_eq!(err.kind(), ErrorKind::BufferTooSmall);
    buf
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn valid_requests_round_trip(spec in spec()) {
        let r = spec.build();
        let body = encode_checked(&r);
        prop_assert_eq!(Request::parse(&body), Ok(r));

        // No value adds or splits a parameter: one `&` between arguments,
        // one `=` in each, and no raw byte that could end a line or a string.
        let amps = body.iter().filter(|&&b| b == b'&').count();
        prop_assert_eq!(amps, spec.present() - 1);
        let eqs = body.iter().filter(|&&b| b == b'=').count();
        prop_assert_eq!(eqs, spec.present());
        prop_assert!(!body.iter().any(|b| matches!(b, b'\r' | b'\n' | b'\0')));
        prop_assert!(body.iter().all(|b| b.is_ascii_graphic()), "{:?}", String::from_utf8_lossy(&body));
    }
}

/// The argument names, to make random bodies that often parse.
const NAMES: [&str; 17] = [
    "loginName",
    "loginPassword",
    "orderNumber",
    "certificateID",
    "baseOrderNumber",
    "queryType",
    "responseType",
    "responseEncoding",
    "showValidityPeriod",
    "showFQDN",
    "showExtStatus",
    "responseFormat",
    "showMDCDomainDetails",
    "showMDCDomainDetails2",
    "showStatusDetails",
    "collectionCode",
    "responseMimeType",
];

/// A name as a client might send it: random case, maybe an escape.
fn spelled(name: &'static str) -> impl Strategy<Value = Vec<u8>> {
    (any::<u32>(), any::<bool>()).prop_map(move |(mask, escape_first)| {
        let mut out = Vec::new();
        for (i, c) in name.bytes().enumerate() {
            let c = if mask >> (i % 32) & 1 == 1 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            if i == 0 && escape_first {
                out.extend(format!("%{c:02x}").bytes());
            } else {
                out.push(c);
            }
        }
        out
    })
}

/// A value that is usually right for the field `name` and sometimes wrong.
fn value(name: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let fitting: &'static [&'static str] = match name {
        "certificateID" => &["1", "0000000000000001", "9999999999999999", "%31"],
        "baseOrderNumber" => &["0", "18446744073709551615", "42"],
        "queryType" => &["0", "1", "2", "3", "01", "1", "1"],
        "responseType" => &["3", "0", "1", "2"],
        "responseEncoding" | "responseFormat" => &["0", "1"],
        n if n.starts_with("show") => &["Y", "y", "N", "n", "", "%59"],
        _ => &[
            "u",
            "p%40ss",
            "a+b",
            "%C3%A9t%C3%A9",
            "x%26y%3Dz",
            "%F0%9F%98%80",
        ],
    };
    let wrong: &'static [&'static str] = &[
        "",
        "%FF",
        "%zz",
        "YES",
        "4",
        "18446744073709551616",
        "-1",
        "%",
        "a%2",
    ];
    prop_oneof![
        20 => prop::sample::select(fitting),
        1 => prop::sample::select(wrong),
    ]
    .prop_map(|s| s.as_bytes().to_vec())
}

/// One `name=value` pair for the argument `name`.
fn pair(name: &'static str) -> impl Strategy<Value = Vec<u8>> {
    (spelled(name), value(name)).prop_map(|(mut n, v)| {
        n.push(b'=');
        n.extend(v);
        n
    })
}

/// Bodies built from the argument names, often valid, sometimes with a
/// missing, repeated, unknown or malformed pair; then shuffled.
fn structured_body() -> impl Strategy<Value = Vec<u8>> {
    let required = [0usize, 1, 2, 5].map(|i| prop::option::weighted(0.95, pair(NAMES[i])));
    let optional_names: Vec<&'static str> = NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| ![0, 1, 2, 5].contains(i))
        .map(|(_, n)| *n)
        .collect();
    let optional = prop::sample::subsequence(optional_names, 0..=13)
        .prop_flat_map(|names| names.into_iter().map(pair).collect::<Vec<_>>());
    let repeated =
        prop::option::weighted(0.05, prop::sample::select(&NAMES[..]).prop_flat_map(pair));
    let junk = prop::option::weighted(0.05, prop::collection::vec(any::<u8>(), 0..12));
    (required, optional, repeated, junk)
        .prop_map(|(required, optional, repeated, junk)| {
            let mut pairs: Vec<Vec<u8>> = required.into_iter().flatten().chain(optional).collect();
            pairs.extend(repeated);
            pairs.extend(junk);
            pairs
        })
        .prop_shuffle()
        .prop_map(|pairs| pairs.join(&b'&'))
}

/// Parse must not panic; what parses re-encodes to an equal request, and
/// encoding is canonical (a second round gives the same bytes).
fn parse_is_total_and_stable(body: &[u8]) -> Result<bool, TestCaseError> {
    let Ok(r) = Request::parse(body) else {
        return Ok(false);
    };
    let again = encode_checked(&r);
    let r2 = Request::parse(&again);
    prop_assert_eq!(r2, Ok(r));
    let third = encode_checked(&r2.unwrap());
    prop_assert_eq!(third, again);
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn parsing_arbitrary_bytes_never_panics(body in prop::collection::vec(any::<u8>(), 0..256)) {
        parse_is_total_and_stable(&body)?;
    }

    #[test]
    fn parsing_structured_bodies_is_stable(body in structured_body()) {
        parse_is_total_and_stable(&body)?;
    }
}

/// Guards against a vacuous property: the structured bodies must often be
/// valid, or the round trip above would test nothing.
#[test]
fn structured_bodies_are_often_valid() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = structured_body();
    let valid = (0..1000)
        .filter(|_| {
            let body = strategy.new_tree(&mut runner).unwrap().current();
            parse_is_total_and_stable(&body).unwrap()
        })
        .count();
    assert!(
        valid >= 250,
        "only {valid} of 1000 structured bodies parsed"
    );
}

/// A value the wire cannot carry is an error, never silently changed
/// (`docs/reading-the-spec.md#encoders`). An empty optional text is such a
/// value: the server reads `collectionCode=` as absent. So encoding must either refuse it or give a
/// body that parses back equal (regression: it once wrote `name=`).
#[test]
fn an_empty_optional_text_is_refused_or_survives() {
    let base = || Request::new("u", "p", Selector::CertificateId(5), QueryType::StatusOnly);
    let cases = [
        base().with_collection_code(""),
        base().with_response_mime_type(""),
        base().with_selector(Selector::OrderNumber("")),
    ];
    for r in cases {
        let mut buf = [0u8; 256];
        match r.encode(&mut buf) {
            Ok(n) => {
                let body = String::from_utf8_lossy(&buf[..n]).into_owned();
                assert_eq!(Request::parse(&buf[..n]), Ok(r), "{body}");
            }
            Err(e) => assert!(
                matches!(e.kind(), ErrorKind::Refused(Refusal::Invalid(_))),
                "{e}"
            ),
        }
    }
}
