//! Round trips of arbitrary `Response` values through both formats: encode
//! then parse gives the value back, `encoded_len` is exact, both formats
//! parse to equal models, re-encoding a parse is byte-for-byte the first
//! encoding, and what format 0 cannot say is refused, never changed.

use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use collectssl::response::{CaCertificates, Response};
use collectssl::{
    Blob, CaaStatus, CertificateStatus, DcvStatus, DetailStatus, ErrorKind, MdcDomain,
    MdcDomainDetails, ResponseFormat, ResponseType, Status, StatusDetails, Text, ValidationStatus,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// An owned model of a response, and the borrowed `Response` built from it.

#[derive(Debug, Clone)]
enum Certs {
    None,
    /// queryType=3: the CA certificates only.
    Bundle(Vec<Vec<u8>>),
    /// queryType=2: the end entity only.
    Leaf(Vec<u8>),
    /// queryType=1: CA certificates (at least one) and the end entity.
    Chain(Vec<Vec<u8>>, Vec<u8>),
    /// queryType=1 with responseType 0, 1 or 2.
    Container(ResponseType, Vec<u8>),
}

#[derive(Debug, Clone)]
enum Caa {
    Known(usize),
    Code(i64),
    Other(String),
}

const KNOWN_CAA: [CaaStatus<'static>; 8] = [
    CaaStatus::Authorized,
    CaaStatus::NotAuthorized,
    CaaStatus::UnrecognizedCriticalTag,
    CaaStatus::Empty,
    CaaStatus::MalformedResponse,
    CaaStatus::Timeout,
    CaaStatus::Error,
    CaaStatus::AwaitingCompletion,
];

#[derive(Debug, Clone)]
struct Model {
    status: i32,
    message: Option<String>,
    /// Days since 1970-01-01 of the first and the last day.
    validity: Option<(i64, i64)>,
    fqdn: Option<String>,
    certs: Certs,
    ext: Option<(String, String)>,
    mdc: Option<Vec<(String, String)>>,
    mdc2: Option<Vec<(String, String)>>,
    details: Option<[DetailStatus; 7]>,
    caa: Option<Caa>,
}

/// The borrowed pieces a `Response` of a model points into.
struct Parts<'m> {
    cas: Vec<Blob<'m>>,
    mdc: Vec<MdcDomain<'m>>,
    mdc2: Vec<MdcDomain<'m>>,
}

fn items(list: &[(String, String)]) -> Vec<MdcDomain<'_>> {
    list.iter()
        .map(|(d, s)| MdcDomain::new(Text::plain(d), DcvStatus::from_text(Text::plain(s))))
        .collect()
}

fn parts(m: &Model) -> Parts<'_> {
    let cas = match &m.certs {
        Certs::Bundle(cas) | Certs::Chain(cas, _) => cas.iter().map(|c| Blob::binary(c)).collect(),
        _ => Vec::new(),
    };
    Parts {
        cas,
        mdc: m.mdc.as_deref().map(items).unwrap_or_default(),
        mdc2: m.mdc2.as_deref().map(items).unwrap_or_default(),
    }
}

const DAY: i64 = 86_400;

fn response<'a>(m: &'a Model, p: &'a Parts<'a>) -> Response<'a> {
    let mut r = Response::new(Status::from_code(m.status));
    r.error_message = m.message.as_deref().map(Text::plain);
    if let Some((from, to)) = m.validity {
        // Whole days: format 0 can carry them.
        r.not_before = Some(from * DAY);
        r.not_after = Some(to * DAY + DAY - 1);
    }
    r.fqdn = m.fqdn.as_deref().map(Text::plain);
    r.ca_certificates = CaCertificates::from_blobs(&p.cas);
    match &m.certs {
        Certs::Leaf(leaf) | Certs::Chain(_, leaf) => r.certificate = Some(Blob::binary(leaf)),
        Certs::Container(kind, bytes) => {
            let blob = Some(Blob::binary(bytes));
            match kind {
                ResponseType::Zip => r.zip_file = blob,
                ResponseType::NetscapeCertificateSequence => r.netscape_certificate_sequence = blob,
                _ => r.pkcs7 = blob,
            }
        }
        Certs::None | Certs::Bundle(_) => {}
    }
    if let Some((c, v)) = &m.ext {
        r.certificate_status = Some(CertificateStatus::from_text(Text::plain(c)));
        r.validation_status = Some(ValidationStatus::from_text(Text::plain(v)));
    }
    r.mdc_domain_details = m.mdc.as_ref().map(|_| MdcDomainDetails::from_items(&p.mdc));
    r.mdc_domain_details2 = m
        .mdc2
        .as_ref()
        .map(|_| MdcDomainDetails::from_items(&p.mdc2));
    r.status_details = m
        .details
        .map_or(StatusDetails::NONE, StatusDetails::from_array);
    r.caa_status = m.caa.as_ref().map(|caa| match caa {
        Caa::Known(i) => KNOWN_CAA[*i],
        Caa::Code(code) => CaaStatus::ErrorCode(*code),
        Caa::Other(text) => CaaStatus::from_text(Text::plain(text)),
    });
    r
}

/// Keeps only the lines format 0 allows for the model's status
/// (docs/reading-the-spec.md#format-0).
fn restrict(mut m: Model) -> Model {
    if m.status < 0 {
        // A negative status carries its message, never empty.
        let message = m.message.take().unwrap_or_else(|| "x".to_owned());
        return Model {
            status: m.status,
            message: Some(message),
            validity: None,
            fqdn: None,
            certs: Certs::None,
            ext: None,
            mdc: None,
            mdc2: None,
            details: None,
            caa: None,
        };
    }
    m.message = None;
    if m.status == 0 {
        m.validity = None;
        m.fqdn = None;
    }
    if m.status != 2 {
        m.certs = Certs::None;
    }
    if m.status != 0 {
        m.mdc = None;
        m.mdc2 = None;
    }
    m
}

// ---------------------------------------------------------------------------
// Strategies.

/// The DER of the sample chain.
fn chain_der() -> &'static [Vec<u8>] {
    static CHAIN: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    CHAIN.get_or_init(|| {
        ["root", "intermediate", "leaf"]
            .iter()
            .map(|name| {
                let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(format!("examples/samples/chain/{name}.pem"));
                let pem = fs::read_to_string(path).unwrap();
                let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
                let blob = Blob::base64(b64.as_bytes());
                let mut der = vec![0; blob.decoded_len().unwrap()];
                blob.decode_into(&mut der).unwrap();
                der
            })
            .collect()
    })
}

fn blob_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => prop::collection::vec(any::<u8>(), 1..120),
        1 => prop::sample::select(chain_der().to_vec()),
    ]
}

fn certs() -> impl Strategy<Value = Certs> {
    let cas = || prop::collection::vec(blob_bytes(), 1..6);
    prop_oneof![
        1 => Just(Certs::None),
        1 => cas().prop_map(Certs::Bundle),
        1 => blob_bytes().prop_map(Certs::Leaf),
        2 => (cas(), blob_bytes()).prop_map(|(c, l)| Certs::Chain(c, l)),
        2 => (
            prop::sample::select(vec![
                ResponseType::Zip,
                ResponseType::NetscapeCertificateSequence,
                ResponseType::Pkcs7,
            ]),
            blob_bytes()
        )
            .prop_map(|(t, b)| Certs::Container(t, b)),
    ]
}

/// Characters of one format-0 line: hostile to forms (`& = % + ;`), non-ASCII,
/// NUL and tab, but no line break.
const LINE_CHARS: &[char] = &[
    'a', 'Z', '0', '9', ' ', '.', '*', '\'', '!', '&', '=', '%', '+', ';', '/', '?', '#', '-', '_',
    '\0', '\t', '\u{7f}', 'é', '€', '😀', '\u{feff}',
];

/// Format 1 carries line breaks too.
const FORM_CHARS: &[char] = &[
    'a', 'Z', '0', ' ', '.', '&', '=', '%', '+', ';', '#', '-', '\0', '\t', '\r', '\n', 'é', '😀',
];

/// Characters of an MDC word: no space, comma or control.
const WORD_CHARS: &[char] = &[
    'a', 'z', '0', '9', '.', '*', '-', '&', '=', '%', '+', ';', '\'', 'é', '😀',
];

fn text_of(chars: &'static [char], len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(chars), len).prop_map(String::from_iter)
}

/// A text that is not blank: an empty or blank optional text is absent to
/// the tolerant reading and refused by the strict one, so the encoders
/// refuse to write it.
fn filled(chars: &'static [char]) -> BoxedStrategy<String> {
    text_of(chars, 1..20)
        .prop_filter("blank", |s| !s.chars().all(|c| c == ' ' || c == '\t'))
        .boxed()
}

fn mdc_list(chars: &'static [char]) -> impl Strategy<Value = Vec<(String, String)>> {
    let status = prop_oneof![
        prop::sample::select(vec!["VALIDATED", "NOTVALIDATED", "AWAITINGBRAND"])
            .prop_map(str::to_owned),
        "[A-Z_]{1,8}",
        text_of(WORD_CHARS, 1..6),
    ];
    prop::collection::vec((text_of(chars, 1..12), status), 0..4)
}

fn caa(text: BoxedStrategy<String>) -> impl Strategy<Value = Caa> {
    prop_oneof![
        (0..KNOWN_CAA.len()).prop_map(Caa::Known),
        any::<i64>().prop_map(Caa::Code),
        text.prop_map(Caa::Other),
    ]
}

fn ext(text: BoxedStrategy<String>) -> impl Strategy<Value = (String, String)> {
    let certificate = prop_oneof![
        prop::sample::select(vec![
            "Awaiting Validation",
            "Issued",
            "Revoked",
            "NO STATUS"
        ])
        .prop_map(str::to_owned),
        text.clone(),
    ];
    let validation = prop_oneof![
        prop::sample::select(vec![
            "Complete",
            "Awaiting Legal Documents",
            "Awaiting Document Translation",
            "Awaiting private WHOIS entry release",
            "Awaiting Brand Validation",
        ])
        .prop_map(str::to_owned),
        text,
    ];
    (certificate, validation)
}

fn status() -> impl Strategy<Value = i32> {
    // Weighted towards the statuses with the most lines.
    prop_oneof![
        4 => Just(2),
        2 => Just(0),
        2 => Just(1),
        3 => prop::sample::select(vec![-1, -2, -3, -4, -14, -16, -17, -20, -21, -22, -26, 3]),
        1 => any::<i32>(),
    ]
}

/// First and last day within what a format-0 date can say (years 1–9999).
fn validity() -> impl Strategy<Value = (i64, i64)> {
    let day = -719_162i64..=2_932_896;
    (day.clone(), day)
}

/// A response that format 0 can carry: lines by the status's rules, no
/// line breaks in texts, a non-empty CAA text.
fn format0_model() -> impl Strategy<Value = Model> {
    let line = || filled(LINE_CHARS);
    // Neither reading takes a bare integer for a CAA status.
    let caa_text = filled(LINE_CHARS)
        .prop_filter("a bare integer", |s| {
            let digits = s.strip_prefix('-').unwrap_or(s);
            digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit())
        })
        .boxed();
    (
        status(),
        prop::option::of(line()),
        prop::option::of(validity()),
        prop::option::of(line()),
        certs(),
        prop::option::of(ext(line())),
        prop::option::of(mdc_list(WORD_CHARS)),
        prop::option::of(mdc_list(WORD_CHARS)),
        prop::option::of(prop::array::uniform7(prop::sample::select(
            &DetailStatus::ALL[..],
        ))),
        prop::option::of(caa(caa_text)),
    )
        .prop_map(
            |(status, message, validity, fqdn, certs, ext, mdc, mdc2, details, caa)| {
                restrict(Model {
                    status,
                    message,
                    validity,
                    fqdn,
                    certs,
                    ext,
                    mdc,
                    mdc2,
                    details,
                    caa,
                })
            },
        )
}

/// Any response, with hostile texts: format 1 carries all of it.
fn hostile_model() -> impl Strategy<Value = Model> {
    let text = || filled(FORM_CHARS);
    (
        status(),
        prop::option::of(text()),
        prop::option::of(validity()),
        prop::option::of(text()),
        certs(),
        prop::option::of(ext(text())),
        prop::option::of(mdc_list(WORD_CHARS)),
        prop::option::of(mdc_list(WORD_CHARS)),
        prop::option::of(prop::array::uniform7(prop::sample::select(
            &DetailStatus::ALL[..],
        ))),
        prop::option::of(caa(text())),
    )
        .prop_map(
            |(status, message, validity, fqdn, certs, ext, mdc, mdc2, details, caa)| Model {
                status,
                message,
                validity,
                fqdn,
                certs,
                ext,
                mdc,
                mdc2,
                details,
                caa,
            },
        )
}

// ---------------------------------------------------------------------------
// Properties.

/// Encodes `r` in `format`, checking `encoded_len` and `write_to` agree.
fn encode(r: &Response<'_>, format: ResponseFormat) -> Result<Vec<u8>, collectssl::Error> {
    let len = r.encoded_len(format);
    let mut buf = vec![0u8; len];
    let n = r.encode(format, &mut buf)?;
    assert_eq!(n, len, "encoded_len is exact");
    let mut text = String::new();
    r.write_to(format, &mut text).unwrap();
    assert_eq!(
        text.as_bytes(),
        &buf[..],
        "write_to writes what encode does"
    );
    if len > 0 {
        let err = r.encode(format, &mut vec![0u8; len - 1]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BufferTooSmall);
    }
    Ok(buf)
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn both_formats_round_trip(m in format0_model()) {
        let p = parts(&m);
        let v = response(&m, &p);
        let exp = v.expectation();
        let text = encode(&v, ResponseFormat::NewlineDelimited)?;
        let form = encode(&v, ResponseFormat::UrlEncoded)?;

        // value → encode → parse == value, in each format.
        let from_form = Response::parse_urlencoded(&form)?;
        prop_assert_eq!(from_form, v);
        let from_text = Response::parse_newline(&text, &exp)?;
        prop_assert_eq!(from_text, v);
        prop_assert_eq!(Response::parse(&text, &exp)?, v);
        let mut form_exp = exp;
        form_exp.response_format = ResponseFormat::UrlEncoded;
        prop_assert_eq!(Response::parse(&form, &form_exp)?, v);

        // Both formats give equal models, with equal expectations.
        prop_assert_eq!(from_text, from_form);
        prop_assert_eq!(from_text.expectation(), exp);
        from_text.check_certificates()?;
        from_form.check_certificates()?;

        // encode(parse(encode(v))) is encode(v), byte for byte, and the
        // parse of either format encodes to the other format's bytes too.
        for parsed in [from_text, from_form] {
            prop_assert_eq!(&encode(&parsed, ResponseFormat::NewlineDelimited)?, &text);
            prop_assert_eq!(&encode(&parsed, ResponseFormat::UrlEncoded)?, &form);
        }
    }

    #[test]
    fn format_1_carries_hostile_text_unchanged(m in hostile_model()) {
        let p = parts(&m);
        let v = response(&m, &p);
        let form = encode(&v, ResponseFormat::UrlEncoded)?;
        let parsed = Response::parse_urlencoded(&form)?;
        prop_assert_eq!(parsed, v);
        prop_assert_eq!(&encode(&parsed, ResponseFormat::UrlEncoded)?, &form);
        // The texts come back as they went, and no value made a parameter.
        for (sent, got) in [(v.error_message, parsed.error_message), (v.fqdn, parsed.fqdn)] {
            prop_assert_eq!(sent.map(|t| t.to_string()), got.map(|t| t.to_string()));
        }
        prop_assert!(parsed.other_parameters.is_empty());
        prop_assert!(!form.contains(&b'\r') && !form.contains(&b'\n') && !form.contains(&0));

        // Format 0 either carries the value or refuses it: never changes it.
        match encode(&v, ResponseFormat::NewlineDelimited) {
            Ok(text) => prop_assert_eq!(Response::parse_newline(&text, &v.expectation())?, v),
            Err(e) => prop_assert_eq!(e.kind(), ErrorKind::Unrepresentable),
        }
    }

    #[test]
    fn format_0_refuses_a_line_break_in_any_text(
        m in format0_model(),
        field in 0..5usize,
        before in text_of(LINE_CHARS, 0..6),
        line_break in prop::sample::select(vec!["\n", "\r", "\r\n"]),
        after in text_of(LINE_CHARS, 0..6),
    ) {
        let mut m = m;
        let broken = format!("{before}{line_break}{after}");
        if m.status < 0 {
            m.message = Some(broken);
        } else {
            let ext = m.ext.get_or_insert_with(|| ("Issued".into(), "Complete".into()));
            match field {
                0 => ext.0 = broken,
                1 => ext.1 = broken,
                2 => m.caa = Some(Caa::Other(broken)),
                3 if m.status > 0 => m.fqdn = Some(broken),
                _ => ext.0 = broken,
            }
        }
        let p = parts(&m);
        let v = response(&m, &p);
        let err = encode(&v, ResponseFormat::NewlineDelimited).unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::Unrepresentable);
        let mut s = String::new();
        prop_assert_eq!(v.write_to(ResponseFormat::NewlineDelimited, &mut s).unwrap_err().kind(), ErrorKind::Unrepresentable);
        // Format 1 has no such limit.
        let form = encode(&v, ResponseFormat::UrlEncoded)?;
        prop_assert_eq!(Response::parse_urlencoded(&form)?, v);
    }
}

// ---------------------------------------------------------------------------
// Fixed cases.

#[test]
fn each_text_field_with_a_line_break_is_unrepresentable_in_format_0() {
    let mut buf = [0u8; 256];
    let refuse = |r: &Response<'_>, buf: &mut [u8]| {
        let err = r.encode(ResponseFormat::NewlineDelimited, buf).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unrepresentable, "{r:?}");
        // Format 1 writes it, escaped.
        let n = r.encode(ResponseFormat::UrlEncoded, buf).unwrap();
        assert_eq!(Response::parse_urlencoded(&buf[..n]).unwrap(), *r);
    };
    for broken in ["a\nb", "a\rb", "\r\n", "\n", "end\r"] {
        refuse(&Response::error(Status::PermissionDenied, broken), &mut buf);
        let mut r = Response::new(Status::CertificatesAvailable);
        r.fqdn = Some(Text::plain(broken));
        refuse(&r, &mut buf);
        let mut r = Response::new(Status::BeingProcessed);
        r.certificate_status = Some(CertificateStatus::from_text(Text::plain(broken)));
        r.validation_status = Some(ValidationStatus::Complete);
        refuse(&r, &mut buf);
        r.certificate_status = Some(CertificateStatus::Issued);
        r.validation_status = Some(ValidationStatus::from_text(Text::plain(broken)));
        refuse(&r, &mut buf);
        let mut r = Response::new(Status::BeingProcessed);
        r.caa_status = Some(CaaStatus::from_text(Text::plain(broken)));
        refuse(&r, &mut buf);
        // A form-encoded text that decodes to a line break, too.
        let mut r = Response::new(Status::CertificatesAvailable);
        r.fqdn = Some(Text::form(b"a%0Ab"));
        let err = r
            .encode(ResponseFormat::NewlineDelimited, &mut buf)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unrepresentable);
    }
    // An MDC list with a line break in a domain cannot be a format-0 line.
    let items = [MdcDomain::new(Text::plain("a\nb"), DcvStatus::Validated)];
    let mut r = Response::new(Status::BeingProcessed);
    r.mdc_domain_details = Some(MdcDomainDetails::from_items(&items));
    let err = r
        .encode(ResponseFormat::NewlineDelimited, &mut buf)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unrepresentable);
}

#[test]
fn what_format_0_cannot_say_is_refused() {
    let blobs = [Blob::binary(b"ca")];
    let leaf = Some(Blob::binary(b"leaf"));
    let mut cases: Vec<(&str, Response<'_>)> = Vec::new();
    let mut r = Response::error(Status::Revoked, "Revoked!");
    r.fqdn = Some(Text::plain("x"));
    cases.push(("a negative status with more than its message", r));
    cases.push((
        "a negative status without its message",
        Response::new(Status::Revoked),
    ));
    let mut r = Response::new(Status::BeingProcessed);
    r.error_message = Some(Text::plain("x"));
    cases.push(("a message with a non-negative status", r));
    let mut r = Response::new(Status::CertificatesAvailable);
    r.not_before = Some(0);
    cases.push(("half a validity period", r));
    let mut r = Response::new(Status::BeingProcessed);
    r.not_before = Some(0);
    r.not_after = Some(DAY - 1);
    cases.push(("a validity period with status 0", r));
    let mut r = Response::new(Status::CertificatesAvailable);
    r.not_before = Some(1);
    r.not_after = Some(DAY - 1);
    cases.push(("a notBefore that is not 00:00:00", r));
    let mut r = Response::new(Status::CertificatesAvailable);
    r.not_before = Some(0);
    r.not_after = Some(DAY);
    cases.push(("a notAfter that is not 23:59:59", r));
    let mut r = Response::new(Status::CertificatesAvailable);
    r.not_before = Some(-62_135_596_800 - DAY);
    r.not_after = Some(DAY - 1);
    cases.push(("a day before year 1", r));
    let mut r = Response::new(Status::BeingProcessed);
    r.fqdn = Some(Text::plain("x"));
    cases.push(("an FQDN with status 0", r));
    let mut r = Response::new(Status::CertificatesAvailable);
    r.certificate = leaf;
    cases.push(("a certificate with status 1", r));
    let mut r = Response::new(Status::CertificatesAttached);
    r.certificate = leaf;
    r.pkcs7 = leaf;
    cases.push(("a certificate and a container", r));
    let mut r = Response::new(Status::CertificatesAttached);
    r.zip_file = leaf;
    r.pkcs7 = leaf;
    cases.push(("two containers", r));
    let mut r = Response::new(Status::CertificatesAttached);
    r.ca_certificates = CaCertificates::from_blobs(&blobs);
    r.zip_file = leaf;
    cases.push(("CA certificates and a container", r));
    let mut r = Response::new(Status::CertificatesAvailable);
    r.certificate_status = Some(CertificateStatus::Issued);
    cases.push(("half the extended status", r));
    let mut r = Response::new(Status::CertificatesAvailable);
    r.mdc_domain_details = Some(MdcDomainDetails::from_items(&[]));
    cases.push(("MDC details with status 1", r));
    let mut r = Response::new(Status::CertificatesAttached);
    r.mdc_domain_details2 = Some(MdcDomainDetails::from_items(&[]));
    cases.push(("MDC details 2 with status 2", r));
    let unknown = Response::parse_urlencoded(b"errorCode=0&errorItem=x").unwrap();
    cases.push(("an unknown parameter", unknown));
    let mut buf = [0u8; 256];
    for (what, r) in cases {
        let err = r
            .encode(ResponseFormat::NewlineDelimited, &mut buf)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unrepresentable, "{what}");
        let mut s = String::new();
        let err = r
            .write_to(ResponseFormat::NewlineDelimited, &mut s)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unrepresentable, "{what}");
        // Format 1 is self-describing: it carries every one of them.
        let n = r.encode(ResponseFormat::UrlEncoded, &mut buf).unwrap();
        assert_eq!(Response::parse_urlencoded(&buf[..n]).unwrap(), r, "{what}");
    }
}

#[test]
fn the_samples_round_trip_through_the_other_format() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/samples");
    for name in [
        "issued-newline",
        "pending-newline",
        "crt-newline",
        "pkcs7-newline",
        "denied-newline",
    ] {
        let body = fs::read(dir.join(format!("{name}.body"))).unwrap();
        let request = fs::read(dir.join(format!("{name}.request"))).unwrap();
        let exp = collectssl::Expectation::from_form(&request);
        let r = Response::parse_newline(&body, &exp).unwrap();
        let form = encode(&r, ResponseFormat::UrlEncoded).unwrap();
        let again = Response::parse_urlencoded(&form).unwrap();
        assert_eq!(again, r, "{name}");
        assert_eq!(
            encode(&again, ResponseFormat::NewlineDelimited).unwrap(),
            body,
            "{name}"
        );
        assert_eq!(r.expectation().query_type, again.expectation().query_type);
    }
}

/// `value` encoded in format 0 either fails as unrepresentable or parses
/// back to itself: it is never silently changed.
#[track_caller]
fn never_changed(v: &Response<'_>, format: ResponseFormat) {
    let mut buf = [0u8; 512];
    match v.encode(format, &mut buf) {
        Err(e) => assert_eq!(e.kind(), ErrorKind::Unrepresentable),
        Ok(n) => {
            let body = &buf[..n];
            let parsed = match format {
                ResponseFormat::NewlineDelimited => Response::parse_newline(body, &v.expectation()),
                ResponseFormat::UrlEncoded => Response::parse_urlencoded(body),
            };
            assert_eq!(parsed, Ok(*v), "{}", String::from_utf8_lossy(body));
        }
    }
}

#[test]
fn an_empty_certificate_is_refused_or_round_trips() {
    let mut v = Response::new(Status::CertificatesAttached);
    v.certificate = Some(Blob::binary(b""));
    never_changed(&v, ResponseFormat::UrlEncoded);
    never_changed(&v, ResponseFormat::NewlineDelimited);
}

#[test]
fn an_armor_line_as_text_after_ca_certificates_is_refused_or_round_trips() {
    let blobs = [Blob::binary(b"ca")];
    let mut v = Response::new(Status::CertificatesAttached);
    v.ca_certificates = CaCertificates::from_blobs(&blobs);
    v.certificate_status = Some(CertificateStatus::from_text(Text::plain(
        "-----BEGIN CERTIFICATE-----",
    )));
    v.validation_status = Some(ValidationStatus::Complete);
    never_changed(&v, ResponseFormat::NewlineDelimited);
    let mut v = Response::new(Status::CertificatesAttached);
    v.ca_certificates = CaCertificates::from_blobs(&blobs);
    v.caa_status = Some(CaaStatus::from_text(Text::plain("----- BEGIN X -----")));
    never_changed(&v, ResponseFormat::NewlineDelimited);
}

#[test]
fn mdc_items_the_wire_cannot_carry_are_refused() {
    for (domain, status) in [
        ("a b", "VALIDATED"),
        ("a,b", "VALIDATED"),
        ("a", "NOT VALID"),
        ("", "X"),
    ] {
        let items = [MdcDomain::new(
            Text::plain(domain),
            DcvStatus::from_text(Text::plain(status)),
        )];
        let mut v = Response::new(Status::BeingProcessed);
        v.mdc_domain_details = Some(MdcDomainDetails::from_items(&items));
        never_changed(&v, ResponseFormat::NewlineDelimited);
        never_changed(&v, ResponseFormat::UrlEncoded);
    }
}
