//! Format 1 (URL-encoded) responses (docs/reading-the-spec.md#format-1): every parameter in
//! any order, escapes in either case, `+` and `%20`, base64 with CR/LF,
//! trailing line breaks, repeated `caCertificate`, the `ovCallbackStatus`
//! alias, unknown names, repetitions, missing and partial data, bad escapes
//! and invalid numbers.

use std::fs;
use std::path::Path;

use collectssl::response::Response;
use collectssl::{
    Blob, CaaStatus, CertificateStatus, DcvStatus, DetailStatus, ErrorKind, MdcDomain,
    MdcDomainDetails, ResponseFormat, Status, StatusDetails, Text, ValidationStatus,
};
use proptest::prelude::*;

/// One certificate of the sample chain: its base64 (no line breaks) and DER.
struct Cert {
    b64: String,
    der: Vec<u8>,
}

fn chain() -> [Cert; 3] {
    ["root", "intermediate", "leaf"].map(|name| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("examples/samples/chain/{name}.pem"));
        let pem = fs::read_to_string(path).unwrap();
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let blob = Blob::base64(b64.as_bytes());
        let mut der = vec![0; blob.decoded_len().unwrap()];
        blob.decode_into(&mut der).unwrap();
        Cert { b64, der }
    })
}

/// `application/x-www-form-urlencoded` of `s` (space as `+`, escapes upper case).
fn form(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn body_of(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The strict reading of `body`, which the tolerant reading must equal.
#[track_caller]
fn parse(body: &str) -> Response<'_> {
    match Response::parse_urlencoded_strict(body.as_bytes()) {
        Ok(r) => {
            assert_eq!(
                Response::parse_urlencoded(body.as_bytes()),
                Ok(r),
                "{body:?}"
            );
            r
        }
        Err(e) => panic!("{body:?}: {e}"),
    }
}

/// The strict reading refuses `body` with `kind` at `offset`. (The
/// tolerant reading may read it: `response_tolerant.rs` pins what it reads.)
#[track_caller]
fn assert_err(body: &str, kind: ErrorKind, offset: usize) {
    match Response::parse_urlencoded_strict(body.as_bytes()) {
        Ok(r) => panic!("{body:?} parsed: {r:?}"),
        Err(e) => {
            assert_eq!(
                (e.kind(), e.offset(), e.line()),
                (kind, Some(offset), None),
                "{body:?}"
            );
        }
    }
}

const MDC: &str = "a.example VALIDATED, b.example NOTVALIDATED";
const MDC2: &str = "a.example VALIDATED, b.example NOTVALIDATED, c.example AWAITINGBRAND";
const DETAIL_NAMES: [&str; 7] = [
    "csrStatus",
    "dcvStatus",
    "ovCallBackStatus",
    "organizationValidationStatus",
    "freeDVUPStatus",
    "evClickThroughStatus",
    "brandValStatus",
];
const DETAILS: [&str; 7] = ["1", "2", "-1", "0", "-1", "0", "2"];
const DETAIL_VALUES: [DetailStatus; 7] = [
    DetailStatus::Completed,
    DetailStatus::InProgress,
    DetailStatus::NotRequired,
    DetailStatus::NotCompleted,
    DetailStatus::NotRequired,
    DetailStatus::NotCompleted,
    DetailStatus::InProgress,
];

/// Every parameter the spec names (and one it does not), each once, except
/// `caCertificate` twice.
fn every_parameter(chain: &[Cert; 3]) -> Vec<(String, String)> {
    let p = |n: &str, v: &str| (n.to_owned(), v.to_owned());
    let mut params = vec![
        p("errorCode", "2"),
        p("errorMessage", &form("Odd & rare = 100% ;-)")),
        p("notBefore", "1052870400"),
        p("notAfter", "1084492799"),
        p("fqdn", "secure.example.com"),
        p("zipFile", &form(&chain[0].b64)),
        p("netscapeCertificateSequence", &form(&chain[1].b64)),
        p("pkcs7", &form(&chain[2].b64)),
        p("caCertificate", &form(&chain[0].b64)),
        p("caCertificate", &form(&chain[1].b64)),
        p("certificate", &form(&chain[2].b64)),
        p("certificateStatus", &form("Issued")),
        p("validationStatus", &form("Awaiting Legal Documents")),
        p("mdcDomainDetails", &form(MDC)),
        p("mdcDomainDetails2", &form(MDC2)),
        p("caaStatus", &form("Error '17'")),
        p("errorItem", "queryType"),
    ];
    for (name, value) in DETAIL_NAMES.iter().zip(DETAILS) {
        params.push(p(name, value));
    }
    params
}

/// Checks a parse of (a permutation of) [`every_parameter`].
fn check_every_parameter(r: &Response<'_>, chain: &[Cert; 3], ca_order: &[usize]) {
    assert_eq!(r.status, Status::CertificatesAttached);
    assert_eq!(r.error_message, Some(Text::plain("Odd & rare = 100% ;-)")));
    assert_eq!(r.not_before, Some(1_052_870_400));
    assert_eq!(r.not_after, Some(1_084_492_799));
    assert_eq!(r.fqdn, Some(Text::plain("secure.example.com")));
    assert_eq!(r.zip_file, Some(Blob::binary(&chain[0].der)));
    assert_eq!(
        r.netscape_certificate_sequence,
        Some(Blob::binary(&chain[1].der))
    );
    assert_eq!(r.pkcs7, Some(Blob::binary(&chain[2].der)));
    let cas: Vec<Blob<'_>> = r.ca_certificates.iter().collect();
    let want: Vec<Blob<'_>> = ca_order
        .iter()
        .map(|&i| Blob::binary(&chain[i].der))
        .collect();
    assert_eq!(cas, want);
    assert_eq!(r.ca_certificates.len(), 2);
    assert_eq!(r.certificate, Some(Blob::binary(&chain[2].der)));
    assert!(matches!(
        r.certificate_status,
        Some(CertificateStatus::Issued)
    ));
    assert!(matches!(
        r.validation_status,
        Some(ValidationStatus::AwaitingLegalDocuments)
    ));
    let a = MdcDomain::new(Text::plain("a.example"), DcvStatus::Validated);
    let b = MdcDomain::new(Text::plain("b.example"), DcvStatus::NotValidated);
    let c = MdcDomain::new(Text::plain("c.example"), DcvStatus::AwaitingBrand);
    assert_eq!(
        r.mdc_domain_details,
        Some(MdcDomainDetails::from_items(&[a, b]))
    );
    assert_eq!(
        r.mdc_domain_details2,
        Some(MdcDomainDetails::from_items(&[a, b, c]))
    );
    assert_eq!(r.status_details, StatusDetails::from_array(DETAIL_VALUES));
    assert!(matches!(r.caa_status, Some(CaaStatus::ErrorCode(17))));
    let unknown: Vec<_> = r.other_parameters.iter().collect();
    assert_eq!(
        unknown,
        [(Text::plain("errorItem"), Text::plain("queryType"))]
    );
    r.check_certificates().unwrap();
    assert_eq!(r.blobs().count(), 6);
}

#[test]
fn every_parameter_in_wire_and_reversed_order() {
    let chain = chain();
    let params = every_parameter(&chain);
    check_every_parameter(&parse(&body_of(&params)), &chain, &[0, 1]);
    let reversed: Vec<_> = params.into_iter().rev().collect();
    // caCertificate keeps wire order: now the intermediate comes first.
    check_every_parameter(&parse(&body_of(&reversed)), &chain, &[1, 0]);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Read by name, in any order; `caCertificate` in the order it came.
    #[test]
    fn every_parameter_in_any_order(order in Just((0..24usize).collect::<Vec<_>>()).prop_shuffle()) {
        let chain = chain();
        let params = every_parameter(&chain);
        prop_assert_eq!(params.len(), 24);
        let shuffled: Vec<_> = order.iter().map(|&i| params[i].clone()).collect();
        // The two caCertificate parameters are at indices 8 (root) and 9.
        let ca_order: Vec<usize> = order.iter().filter(|&&i| i == 8 || i == 9).map(|&i| i - 8).collect();
        let body = body_of(&shuffled);
        check_every_parameter(&parse(&body), &chain, &ca_order);
    }
}

#[test]
fn escapes_in_either_case_and_both_spellings_of_space() {
    let chain = chain();
    let upper = form(&chain[2].b64);
    let lower = upper
        .replace("%2B", "%2b")
        .replace("%2F", "%2f")
        .replace("%3D", "%3d");
    assert_ne!(upper, lower, "the leaf's base64 has escapes");
    for cert in [&upper, &lower] {
        for b in [
            format!("errorCode=2&certificate={cert}"),
            format!("certificate={cert}&errorCode=2"),
        ] {
            let r = parse(&b);
            assert_eq!(r.certificate, Some(Blob::binary(&chain[2].der)));
            r.check_certificates().unwrap();
        }
    }
    // Text values: `+` and `%20` are a space; hex digits in either case.
    for (raw, known) in [
        ("Awaiting+Validation", true),
        ("Awaiting%20Validation", true),
        ("Awaiting%20Validatio%6E", true),
        ("Awaiting%20Validatio%6e", true),
        ("%41waiting+Validation", true),
        // %61 is a lower-case 'a': another text, kept as it is.
        ("%61waiting+Validation", false),
    ] {
        let body = format!("errorCode=0&certificateStatus={raw}");
        let r = parse(&body);
        let status = r.certificate_status.unwrap();
        assert_eq!(
            matches!(status, CertificateStatus::AwaitingValidation),
            known,
            "{raw}"
        );
        assert!(
            status
                .to_string()
                .eq_ignore_ascii_case("awaiting validation")
        );
    }
    let r = parse("errorCode=-16&errorMessage=a%2fb%2Fc%3a%3A+d%20e");
    assert_eq!(r.error_message, Some(Text::plain("a/b/c:: d e")));
    let r = parse("errorCode=0&caaStatus=Not%20Authorized");
    assert!(matches!(r.caa_status, Some(CaaStatus::NotAuthorized)));
    let r = parse("errorCode=0&caaStatus=Error+%2717%27");
    assert!(matches!(r.caa_status, Some(CaaStatus::ErrorCode(17))));
    for mdc in [
        "a.example+VALIDATED%2C+b.example+NOTVALIDATED",
        "a.example%20VALIDATED%2c%20b.example%20NOTVALIDATED",
        "a.example+VALIDATED,+b.example+NOTVALIDATED",
    ] {
        let body = format!("errorCode=0&mdcDomainDetails={mdc}");
        let r = parse(&body);
        let a = MdcDomain::new(Text::plain("a.example"), DcvStatus::Validated);
        let b = MdcDomain::new(Text::plain("b.example"), DcvStatus::NotValidated);
        assert_eq!(
            r.mdc_domain_details,
            Some(MdcDomainDetails::from_items(&[a, b]))
        );
    }
    // Names are percent-decoded before they are matched.
    assert_eq!(parse("err%6FrCode=1").status, Status::CertificatesAvailable);
    assert_eq!(parse("err%6frCode=1").status, Status::CertificatesAvailable);
    assert_eq!(parse("errorCode=1&fq%64n=x").fqdn, Some(Text::plain("x")));
}

#[test]
fn base64_values_may_hold_line_breaks_raw_or_escaped() {
    let chain = chain();
    let leaf = &chain[2];
    let lines: Vec<&str> = leaf
        .b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    for sep in ["\r\n", "\n", "%0D%0A", "%0d%0a", "%0A", "\r\n%0D%0A"] {
        let wrapped: Vec<String> = lines.iter().map(|l| form(l)).collect();
        let value = wrapped.join(sep);
        for tail in ["", sep, "\r\n"] {
            let body = format!("errorCode=2&caCertificate={value}{tail}&certificate={value}{tail}");
            let r = parse(&body);
            let what = format!("{sep:?} {tail:?}");
            assert_eq!(r.certificate, Some(Blob::binary(&leaf.der)), "{what}");
            let cas: Vec<_> = r.ca_certificates.iter().collect();
            assert_eq!(cas, [Blob::binary(&leaf.der)], "{what}");
            r.check_certificates().unwrap();
            let mut buf = [0u8; 2048];
            let blob = r.certificate.unwrap();
            assert_eq!(blob.decoded_len().unwrap(), leaf.der.len());
            assert_eq!(blob.decode_into(&mut buf).unwrap(), &leaf.der[..]);
            // The blob is located where its value starts.
            assert_eq!(
                blob.offset(),
                body.rfind("&certificate=").unwrap() + 13,
                "{what}"
            );
        }
    }
    // `+` unescaped in base64 is a space, which base64 has not.
    let raw_plus = format!("errorCode=2&certificate={}", leaf.b64);
    let at = raw_plus.find('+').expect("the leaf's base64 has a '+'");
    let r = parse(&raw_plus);
    let err = r.check_certificates().unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::InvalidBase64, Some(at))
    );
}

#[test]
fn a_trailing_line_break_is_ignored() {
    for tail in ["", "\n", "\r\n", "\n\n", "\r\n\r\n", "\r"] {
        let body = format!("errorCode=1&fqdn=www.example.com{tail}");
        let r = parse(&body);
        assert_eq!(r.status, Status::CertificatesAvailable, "{tail:?}");
        assert_eq!(r.fqdn, Some(Text::plain("www.example.com")), "{tail:?}");
        let body = format!("errorCode=-14&errorMessage=An+unknown+error+occurred%21{tail}");
        let r = parse(&body);
        assert_eq!(
            r,
            Response::error(Status::UnknownError, "An unknown error occurred!")
        );
    }
    // An escaped line break is part of the value.
    let r = parse("errorCode=1&fqdn=a%0D%0A");
    assert_eq!(r.fqdn, Some(Text::plain("a\r\n")));
}

#[test]
fn repeated_ca_certificates_in_wire_order() {
    let chain = chain();
    let [root, intermediate, leaf] = &chain;
    let body = format!(
        "errorCode=2&caCertificate={}&fqdn=x&caCertificate={}&certificate={}&caCertificate={}",
        form(&leaf.b64),
        form(&root.b64),
        form(&leaf.b64),
        form(&intermediate.b64)
    );
    let r = parse(&body);
    assert_eq!(r.ca_certificates.len(), 3);
    let cas: Vec<Blob<'_>> = r.ca_certificates.iter().collect();
    assert_eq!(
        cas,
        [
            Blob::binary(&leaf.der),
            Blob::binary(&root.der),
            Blob::binary(&intermediate.der)
        ]
    );
    // Each blob points at its value in the body.
    let offsets: Vec<usize> = r.ca_certificates.iter().map(|b| b.offset()).collect();
    let want: Vec<usize> = body
        .match_indices("caCertificate=")
        .map(|(i, _)| i + "caCertificate=".len())
        .collect();
    assert_eq!(offsets, want);
    // Iterating twice gives the same, and `into_iter` agrees.
    assert_eq!((&r.ca_certificates).into_iter().count(), 3);
    assert_eq!(r.ca_certificates.iter().collect::<Vec<_>>(), cas);
    r.check_certificates().unwrap();
    // Re-encoding keeps the order.
    let mut buf = vec![0u8; r.encoded_len(ResponseFormat::UrlEncoded)];
    let n = r.encode(ResponseFormat::UrlEncoded, &mut buf).unwrap();
    let again = Response::parse_urlencoded(&buf[..n]).unwrap();
    assert_eq!(again, r);
}

#[test]
fn ov_callback_status_alias_and_case_sensitive_names() {
    let details = |ov_name: &str| {
        DETAIL_NAMES
            .iter()
            .zip(DETAILS)
            .map(|(n, v)| {
                format!(
                    "&{}={v}",
                    if *n == "ovCallBackStatus" { ov_name } else { n }
                )
            })
            .collect::<String>()
    };
    for name in ["ovCallBackStatus", "ovCallbackStatus"] {
        let body = format!("errorCode=0{}", details(name));
        let r = parse(&body);
        let d = r.status_details;
        assert_eq!(d, StatusDetails::from_array(DETAIL_VALUES), "{name}");
        assert_eq!(d.ov_callback, Some(DetailStatus::NotRequired));
    }
    // Both spellings name the same parameter: the second is a repetition.
    let body = format!(
        "errorCode=0{}&ovCallbackStatus=1",
        details("ovCallBackStatus")
    );
    assert_err(
        &body,
        ErrorKind::RepeatedParameter,
        body.rfind("&ovCallbackStatus").unwrap() + 1,
    );
    // Other spellings are not it: unknown, and then one detail is missing.
    for name in ["ovcallbackstatus", "OVCALLBACKSTATUS", "ovCallBackstatus"] {
        let body = format!("errorCode=0{}", details(name));
        assert_err(&body, ErrorKind::MissingLine, body.len());
    }
    // Names are case-sensitive.
    let r = parse("FQDN=x&errorCode=1&Fqdn=y&CaaStatus=Timeout");
    assert_eq!(r.fqdn, None);
    assert_eq!(r.caa_status, None);
    let names: Vec<String> = r
        .other_parameters
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(names, ["FQDN", "Fqdn", "CaaStatus"]);
    assert_err("ErrorCode=0", ErrorKind::MissingLine, 11);
    assert_err("errorcode=0&ERRORCODE=0", ErrorKind::MissingLine, 23);
}

#[test]
fn unknown_names_are_kept_and_iterated_in_body_order() {
    let body = "errorItem=queryType&errorCode=-4&ErrorCode=7&x&errorMessage=The+value+of+the+%27queryType%27+argument+is+invalid%21&%65rrorItem2=a%2Bb+c&=v&fq%zzdn=1";
    let r = parse(body);
    assert_eq!(r.status, Status::ArgumentInvalid);
    assert_eq!(
        r.error_message,
        Some(Text::plain(
            "The value of the 'queryType' argument is invalid!"
        ))
    );
    assert!(!r.other_parameters.is_empty());
    let unknown: Vec<(String, String)> = r
        .other_parameters
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let p = |n: &str, v: &str| (n.to_owned(), v.to_owned());
    assert_eq!(
        unknown,
        [
            p("errorItem", "queryType"),
            p("ErrorCode", "7"),
            p("x", ""),
            p("errorItem2", "a+b c"),
            p("", "v"),
            // A name with a bad escape is no known name: kept as sent.
            p("fq%zzdn", "1"),
        ]
    );
    let (name, value) = r.other_parameters.iter().nth(3).unwrap();
    assert_eq!(name.raw(), b"%65rrorItem2");
    assert_eq!(value.raw(), b"a%2Bb+c");
    // Without unknown names there are none.
    assert!(parse("errorCode=0").other_parameters.is_empty());
    assert_eq!(parse("errorCode=0").other_parameters.iter().count(), 0);

    // They are written back after the known ones; format 0 has no place
    // for them.
    let r = parse("errorItem=queryType&errorCode=-4&x&errorMessage=m&=v");
    let mut buf = [0u8; 256];
    let n = r.encode(ResponseFormat::UrlEncoded, &mut buf).unwrap();
    assert_eq!(
        std::str::from_utf8(&buf[..n]).unwrap(),
        "errorCode=-4&errorMessage=m&errorItem=queryType&x=&=v"
    );
    assert_eq!(r.encoded_len(ResponseFormat::UrlEncoded), n);
    assert_eq!(Response::parse_urlencoded(&buf[..n]).unwrap(), r);
    let err = r
        .encode(ResponseFormat::NewlineDelimited, &mut buf)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unrepresentable);
}

#[test]
fn a_repeated_single_valued_name_is_an_error_at_its_offset() {
    let single: [(&str, &str); 22] = [
        ("errorCode", "0"),
        ("errorMessage", "x"),
        ("notBefore", "0"),
        ("notAfter", "0"),
        ("fqdn", "a"),
        ("zipFile", "QUFB"),
        ("netscapeCertificateSequence", "QUFB"),
        ("pkcs7", "QUFB"),
        ("certificate", "QUFB"),
        ("certificateStatus", "Issued"),
        ("validationStatus", "Complete"),
        ("mdcDomainDetails", "a.example+VALIDATED"),
        ("mdcDomainDetails2", "a.example+VALIDATED"),
        ("csrStatus", "1"),
        ("dcvStatus", "1"),
        ("ovCallBackStatus", "1"),
        ("ovCallbackStatus", "1"),
        ("organizationValidationStatus", "1"),
        ("freeDVUPStatus", "1"),
        ("evClickThroughStatus", "1"),
        ("brandValStatus", "1"),
        ("caaStatus", "Timeout"),
    ];
    for (name, value) in single {
        let head = if name == "errorCode" {
            "fqdn=z"
        } else {
            "errorCode=0"
        };
        let first = format!("{head}&{name}={value}&");
        // The second value need not even be valid: the repetition comes first.
        for second in [value, "%zz", ""] {
            let body = format!("{first}{name}={second}&pkcs7=x");
            assert_err(&body, ErrorKind::RepeatedParameter, first.len());
        }
    }
    // caCertificate may repeat; a repetition later in the body is found.
    let r = parse("errorCode=2&caCertificate=QUFB&caCertificate=QUFB&caCertificate=QUFB");
    assert_eq!(r.ca_certificates.len(), 3);
    let body = "errorCode=2&caCertificate=QUFB&fqdn=a&caCertificate=QUFB&fqdn=a";
    assert_err(
        body,
        ErrorKind::RepeatedParameter,
        body.rfind("fqdn").unwrap(),
    );
}

#[test]
fn a_missing_error_code_is_a_missing_line_at_the_end() {
    for (body, at) in [
        ("", 0),
        ("\r\n", 0),
        ("fqdn=a", 6),
        // The trailing line break is not part of the parameters.
        ("fqdn=a\r\n", 6),
        ("errorMessage=Permission+denied%21&errorItem=x", 45),
        ("errorcode=0", 11),
        ("&&&", 3),
    ] {
        assert_err(body, ErrorKind::MissingLine, at);
    }
}

#[test]
fn status_details_come_all_seven_or_none() {
    let all: Vec<String> = DETAIL_NAMES
        .iter()
        .zip(DETAILS)
        .map(|(n, v)| format!("&{n}={v}"))
        .collect();
    assert_eq!(parse("errorCode=0").status_details, StatusDetails::NONE);
    let body = format!("errorCode=0{}", all.concat());
    assert_eq!(
        parse(&body).status_details,
        StatusDetails::from_array(DETAIL_VALUES)
    );
    // Any one left out, and any first few.
    for skip in 0..7 {
        let body = format!(
            "errorCode=0{}",
            all.iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, s)| s.as_str())
                .collect::<String>()
        );
        assert_err(&body, ErrorKind::MissingLine, body.len());
    }
    for kept in 1..7 {
        let body = format!("errorCode=0{}\n", all[..kept].concat());
        assert_err(&body, ErrorKind::MissingLine, body.len() - 1);
    }
    // Values are exactly -1, 0, 1 or 2, escaped or not.
    let body = format!("errorCode=0{}", all.concat()).replace("csrStatus=1", "csrStatus=%2D1");
    assert_eq!(
        parse(&body).status_details.csr,
        Some(DetailStatus::NotRequired)
    );
    for (value, shift) in [
        ("3", 0),
        ("01", 1),
        ("+1", 0),
        ("-2", 1),
        ("", 0),
        ("1+", 1),
        ("%2B1", 0),
    ] {
        let body = format!("errorCode=0&csrStatus={value}");
        assert_err(&body, ErrorKind::InvalidStatusDetail, 22 + shift);
    }
}

#[test]
fn bad_escapes_are_errors_where_they_stand() {
    // Text values are checked as they are parsed.
    for body in [
        "errorCode=0&fqdn=a%zz",
        "errorCode=-16&errorMessage=Permission%2",
        "errorCode=0&certificateStatus=%G1",
        "errorCode=0&validationStatus=ok%",
        "errorCode=0&caaStatus=%%41",
        "errorCode=0&mdcDomainDetails=a.example+VALIDATED%2",
        "errorCode=0&mdcDomainDetails2=a.ex%zzample+VALIDATED",
        "errorCode=0&csrStatus=%2",
        "errorCode=0&brandValStatus=%x1",
    ] {
        assert_err(body, ErrorKind::InvalidEscape, body.find('%').unwrap());
    }
    // A number that does not decode is no number.
    assert_err("errorCode=%zz", ErrorKind::InvalidNumber, 10);
    assert_err("errorCode=0&notBefore=1%", ErrorKind::InvalidNumber, 22);
    // A certificate is only located while parsing; its escapes are checked
    // when it is decoded.
    for body in [
        "errorCode=2&certificate=AA%zz",
        "errorCode=2&caCertificate=QUFB&caCertificate=QU%G",
        "errorCode=2&pkcs7=QUFB%",
        "errorCode=2&zipFile=%",
        "errorCode=2&netscapeCertificateSequence=QUFB%4",
    ] {
        let r = parse(body);
        let err = r.check_certificates().unwrap_err();
        let at = body.find('%').unwrap();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::InvalidEscape, Some(at)),
            "{body}"
        );
        let blob = r.blobs().last().unwrap();
        assert_eq!(blob.decoded_len().unwrap_err(), err, "{body}");
        assert_eq!(
            blob.decode_into(&mut [0u8; 64]).unwrap_err().kind(),
            ErrorKind::InvalidEscape
        );
    }
    // Invalid UTF-8 after decoding, in a text value: at the value.
    assert_err("errorCode=0&fqdn=%FF", ErrorKind::InvalidUtf8, 17);
    assert_err("errorCode=0&caaStatus=ok%C3", ErrorKind::InvalidUtf8, 22);
    let raw = b"errorCode=0&certificateStatus=\xff";
    let err = Response::parse_urlencoded(raw).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::InvalidUtf8, Some(30))
    );
}

#[test]
fn invalid_numbers_are_errors_at_the_value() {
    let bad_any = [
        "", "abc", "1.0", "+1", "%2B1", " 1", "1 ", "1e3", "0x10", "--1", "-", "1-", "\u{ff11}",
        "%zz", "1%00",
    ];
    for name in ["errorCode", "notBefore", "notAfter"] {
        let extra: &[&str] = match name {
            "errorCode" => &["2147483648", "-2147483649", "99999999999"],
            _ => &["9223372036854775808", "-9223372036854775809"],
        };
        for value in bad_any.iter().chain(extra) {
            let head = if name == "errorCode" {
                "fqdn=a&"
            } else {
                "errorCode=1&"
            };
            let body = format!("{head}{name}={value}");
            assert_err(&body, ErrorKind::InvalidNumber, head.len() + name.len() + 1);
        }
    }
    // A name without `=` has an empty value, at the end of the name.
    assert_err("errorCode", ErrorKind::InvalidNumber, 9);
    // The edges of the ranges are numbers.
    assert_eq!(
        parse("errorCode=-2147483648").status,
        Status::from_code(i32::MIN)
    );
    assert_eq!(
        parse("errorCode=2147483647").status,
        Status::from_code(i32::MAX)
    );
    assert_eq!(parse("errorCode=%2D16").status, Status::PermissionDenied);
    let r = parse("errorCode=1&notBefore=-9223372036854775807&notAfter=9223372036854775807");
    assert_eq!(
        (r.not_before, r.not_after),
        (Some(i64::MIN + 1), Some(i64::MAX))
    );
}

#[test]
fn the_smallest_timestamp_round_trips() {
    let r = parse("errorCode=1&notBefore=-9223372036854775808");
    assert_eq!(r.not_before, Some(i64::MIN));
    let mut v = Response::new(Status::CertificatesAvailable);
    v.not_before = Some(i64::MIN);
    let mut buf = [0u8; 64];
    let n = v.encode(ResponseFormat::UrlEncoded, &mut buf).unwrap();
    assert_eq!(Response::parse_urlencoded(&buf[..n]).unwrap(), v);
}

#[test]
fn every_status_code() {
    for (code, status) in [
        (2, Status::CertificatesAttached),
        (1, Status::CertificatesAvailable),
        (0, Status::BeingProcessed),
        (-1, Status::NotHttps),
        (-2, Status::UnrecognisedArgument),
        (-3, Status::ArgumentMissing),
        (-4, Status::ArgumentInvalid),
        (-14, Status::UnknownError),
        (-16, Status::PermissionDenied),
        (-17, Status::GetNotPost),
        (-20, Status::Rejected),
        (-21, Status::Revoked),
        (-22, Status::AwaitingPayment),
        (-26, Status::from_code(-26)),
        (3, Status::from_code(3)),
    ] {
        let message = status.message().unwrap_or("New!");
        let body = format!("errorCode={code}&errorMessage={}", form(message));
        let r = parse(&body);
        assert_eq!(r.status, status);
        assert_eq!(r.error_message, Some(Text::plain(message)));
        // Format 1 is self-describing: no message is needed, none is implied.
        assert_eq!(parse(&format!("errorCode={code}")), Response::new(status));
    }
}
