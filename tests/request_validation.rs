//! The server-side request parser against the rules of
//! `docs/reading-the-spec.md#the-request-form` and `#which-problem-wins`:
//! every rule, its status code, its exact message, the field it names and
//! where in the body it was found.
//!
//! Expectations are written out literally (names, messages, table order) so
//! that they do not lean on the crate's own `Field::name` or `Field::ALL`.

use collectssl::{
    Error, ErrorKind, Field, QueryType, Refusal, Request, ResponseEncoding, ResponseFormat,
    ResponseType, Selector,
};

/// The arguments in the order the server reports them (spec table order,
/// then the version-1.06 additions).
const ORDER: [(&str, Field); 17] = [
    ("loginName", Field::LoginName),
    ("loginPassword", Field::LoginPassword),
    ("orderNumber", Field::OrderNumber),
    ("certificateID", Field::CertificateId),
    ("baseOrderNumber", Field::BaseOrderNumber),
    ("queryType", Field::QueryType),
    ("responseType", Field::ResponseType),
    ("responseEncoding", Field::ResponseEncoding),
    ("showValidityPeriod", Field::ShowValidityPeriod),
    ("showFQDN", Field::ShowFqdn),
    ("showExtStatus", Field::ShowExtStatus),
    ("responseFormat", Field::ResponseFormat),
    ("showMDCDomainDetails", Field::ShowMdcDomainDetails),
    ("showMDCDomainDetails2", Field::ShowMdcDomainDetails2),
    ("showStatusDetails", Field::ShowStatusDetails),
    ("collectionCode", Field::CollectionCode),
    ("responseMimeType", Field::ResponseMimeType),
];

/// The `Y`/`N` flags.
const FLAGS: [&str; 6] = [
    "showValidityPeriod",
    "showFQDN",
    "showExtStatus",
    "showMDCDomainDetails",
    "showMDCDomainDetails2",
    "showStatusDetails",
];

fn field(name: &str) -> Field {
    ORDER
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .unwrap_or_else(|| panic!("test bug: no field {name}"))
}

/// The smallest valid body; `body()` starts from it.
const BASE: [(&str, &str); 4] = [
    ("loginName", "u"),
    ("loginPassword", "p"),
    ("orderNumber", "1"),
    ("queryType", "1"),
];

/// A body made of `BASE` with `changes` applied: a name of `BASE` gets the new
/// value in place (or is dropped for `None`), any other name is appended.
fn body(changes: &[(&str, Option<&str>)]) -> String {
    let mut pairs: Vec<(String, Option<String>)> = BASE
        .iter()
        .map(|(n, v)| (n.to_string(), Some(v.to_string())))
        .collect();
    for (name, value) in changes {
        let value = value.map(str::to_string);
        match pairs.iter_mut().find(|(n, _)| n == name) {
            Some(pair) => pair.1 = value,
            None => pairs.push((name.to_string(), value)),
        }
    }
    pairs
        .into_iter()
        .filter_map(|(n, v)| v.map(|v| format!("{n}={v}")))
        .collect::<Vec<_>>()
        .join("&")
}

/// Byte offset of the value of the first pair named exactly `name`.
fn value_at(body: &str, name: &str) -> usize {
    let head = format!("{name}=");
    if body.starts_with(&head) {
        return head.len();
    }
    body.find(&format!("&{head}"))
        .map(|at| at + 1 + head.len())
        .unwrap_or_else(|| panic!("test bug: no {name} in {body}"))
}

/// What the server should answer.
#[derive(Debug, Clone, Copy)]
enum Want<'a> {
    /// -2 quoting this name.
    Unrecognised(&'a str),
    /// -3 naming this field.
    Missing(&'a str),
    /// -4 naming this field.
    Invalid(&'a str),
}
use Want::{Invalid, Missing, Unrecognised};

/// Parses `body` and checks status, message, field, offset (when given; for
/// -3 always the end of the body) and the conversion into `collectssl::Error`.
fn check(body: &[u8], want: Want<'_>, offset: Option<usize>) {
    let shown = String::from_utf8_lossy(body);
    let err = match Request::parse(body) {
        Ok(r) => panic!("{shown:?}: parsed as {r:?}, wanted {want:?}"),
        Err(err) => err,
    };
    let (code, message, field, kind) = match want {
        Unrecognised(name) => (
            -2,
            format!("'{name}' is an unrecognised argument!"),
            None,
            ErrorKind::Refused(Refusal::Unrecognised),
        ),
        Missing(name) => (
            -3,
            format!("The '{name}' argument is missing!"),
            Some(field(name)),
            ErrorKind::Refused(Refusal::Missing(field(name))),
        ),
        Invalid(name) => (
            -4,
            format!("The value of the '{name}' argument is invalid!"),
            Some(field(name)),
            ErrorKind::Refused(Refusal::Invalid(field(name))),
        ),
    };
    assert_eq!(err.status().code(), code, "status of {shown:?}");
    assert_eq!(err.to_string(), message, "message of {shown:?}");
    assert_eq!(err.field(), field, "field of {shown:?}");
    if matches!(want, Missing(_)) {
        assert_eq!(
            err.offset(),
            Some(body.len()),
            "-3 is located at the end of {shown:?}"
        );
    }
    if let Some(offset) = offset {
        assert_eq!(err.offset(), Some(offset), "offset in {shown:?}");
    }
    let e = Error::from(err);
    assert_eq!(
        (e.kind(), e.offset()),
        (kind, err.offset()),
        "Error of {shown:?}"
    );
}

/// `check` for a body that is text, with the offset of the value of `at`.
fn check_at(body: &str, want: Want<'_>, at: &str) {
    check(body.as_bytes(), want, Some(value_at(body, at)));
}

/// Parses a body that must be valid.
fn ok(body: &[u8]) -> Request<'_> {
    Request::parse(body).unwrap_or_else(|e| {
        panic!(
            "{:?}: refused with {} {e}",
            String::from_utf8_lossy(body),
            e.status().code()
        )
    })
}

#[test]
fn each_required_field_missing_is_minus_3() {
    let cases = [
        ("", "loginName"),
        ("loginPassword=p&orderNumber=1&queryType=1", "loginName"),
        ("loginName=u&orderNumber=1&queryType=1", "loginPassword"),
        ("loginName=u&loginPassword=p&queryType=1", "orderNumber"),
        ("loginName=u&loginPassword=p&orderNumber=1", "queryType"),
        // The selector is checked before queryType.
        ("loginName=u&loginPassword=p", "orderNumber"),
        // An empty value counts as absent, for every required argument.
        (
            "loginName=&loginPassword=p&orderNumber=1&queryType=1",
            "loginName",
        ),
        (
            "loginName=u&loginPassword=&orderNumber=1&queryType=1",
            "loginPassword",
        ),
        (
            "loginName=u&loginPassword=p&orderNumber=&queryType=1",
            "orderNumber",
        ),
        (
            "loginName=u&loginPassword=p&orderNumber=1&queryType=",
            "queryType",
        ),
        (
            "loginName=u&loginPassword=p&orderNumber=&certificateID=&baseOrderNumber=&queryType=1",
            "orderNumber",
        ),
        // A pair without `=` has an empty value, so it is absent too.
        (
            "loginName&loginPassword=p&orderNumber=1&queryType=1",
            "loginName",
        ),
        (
            "loginName=u&loginPassword=p&orderNumber&queryType=1",
            "orderNumber",
        ),
        (
            "loginName=u&loginPassword=p&orderNumber=1&queryType",
            "queryType",
        ),
    ];
    for (body, name) in cases {
        check(body.as_bytes(), Missing(name), None);
    }
}

#[test]
fn any_one_selector_is_enough_and_empty_ones_are_absent() {
    let r = ok(b"loginName=u&loginPassword=p&certificateID=7&queryType=0");
    assert_eq!(
        (r.order_number, r.certificate_id, r.base_order_number),
        (None, Some(7), None)
    );
    let r = ok(b"loginName=u&loginPassword=p&baseOrderNumber=8&queryType=0");
    assert_eq!(
        (r.order_number, r.certificate_id, r.base_order_number),
        (None, None, Some(8))
    );
    let r = ok(
        b"loginName=u&loginPassword=p&orderNumber=&certificateID=&baseOrderNumber=9&queryType=0",
    );
    assert_eq!(
        (r.order_number, r.certificate_id, r.base_order_number),
        (None, None, Some(9))
    );
    let r = ok(
        b"loginName=u&loginPassword=p&orderNumber=A1&certificateID=2&baseOrderNumber=3&queryType=0",
    );
    assert_eq!(r.order_number.unwrap(), "A1");
    assert_eq!((r.certificate_id, r.base_order_number), (Some(2), Some(3)));
}

#[test]
fn empty_pairs_and_pairs_without_equals() {
    // `&&`, a leading and a trailing `&` are skipped.
    let r = ok(b"&&loginName=u&&loginPassword=p&&&orderNumber=1&queryType=1&");
    assert_eq!(
        r,
        Request::new(
            "u",
            "p",
            Selector::OrderNumber("1"),
            QueryType::CertificateAndChain
        )
    );
    // An optional argument without `=` is merely absent.
    let r = ok(b"loginName=u&loginPassword=p&orderNumber=1&queryType=1&showFQDN&collectionCode");
    assert_eq!((r.show_fqdn, r.collection_code), (None, None));
    // Only the first `=` splits: the rest belongs to the value.
    let r = ok(b"loginName=a=b&loginPassword===&orderNumber=1&queryType=1");
    assert_eq!(r.login_name, "a=b");
    assert_eq!(r.login_password.expose(), "==");
}

#[test]
fn names_are_case_insensitive_and_percent_decoded() {
    let bodies: [&[u8]; 6] = [
        b"LOGINNAME=u&LoginPassword=p&ORDERNUMBER=1&querytype=1",
        b"%6CoginName=u&loginPassword=p&orderNumber=1&queryType=1",
        b"%6coginName=u&login%50assword=p&%6F%72%64%65%72Number=1&QUERY%54YPE=1",
        b"loginName=u&loginPassword=p&orderNumber=1&queryType=1&SHOW%46qdn=y",
        b"loginName=u&loginPassword=p&orderNumber=1&queryType=1&sHoWfQdN=y",
        // Longer than any name before decoding, 21 bytes after it.
        b"loginName=u&loginPassword=p&orderNumber=1&queryType=1&%73%68%6F%77MDCDomainDetails2=Y",
    ];
    for b in bodies {
        let r = ok(b);
        assert_eq!(r.login_name, "u");
        assert_eq!(r.query_type, QueryType::CertificateAndChain);
    }
    assert_eq!(ok(bodies[3]).show_fqdn, Some(true));
    assert_eq!(ok(bodies[5]).show_mdc_domain_details2, Some(true));
    // Every canonical name in upper and lower case is recognised: sent with
    // a bad value, it is refused as that field's value, not as a name.
    for (name, _) in ORDER {
        for spelled in [name.to_uppercase(), name.to_lowercase()] {
            let b = format!("{}&{spelled}=%ZZ", body(&[(name, None)]));
            check(b.as_bytes(), Invalid(name), Some(b.len() - 3));
        }
    }
}

#[test]
fn unrecognised_names_are_minus_2_and_beat_everything() {
    let base = body(&[]);
    let after = base.len() + 1;
    let cases: Vec<(String, &str, usize)> = vec![
        (format!("{base}&Colour=red"), "Colour", after),
        ("LoginName=u&Colour=red".into(), "Colour", 12),
        // Before anything else is checked: missing and invalid arguments lose.
        ("Colour=red".into(), "Colour", 0),
        ("queryType=9&loginName=&Colour=red".into(), "Colour", 23),
        ("queryType=1&queryType=2&x=1".into(), "x", 24),
        // The first unknown name in body order, not the last.
        ("a=1&B=2".into(), "a", 0),
        ("loginName=u&Zeta=1&Alpha=2".into(), "Zeta", 12),
        // Without `=`, and with an empty name.
        (format!("{base}&foo"), "foo", after),
        (format!("{base}&=x"), "", after),
        // Quoted decoded, in the case it was sent.
        ("%43OLOUR=1".into(), "COLOUR", 0),
        (format!("{base}&caa%53tatus=1"), "caaStatus", after),
        (format!("{base}&login+Name=u"), "login Name", after),
        (format!("{base}&loginName+=u"), "loginName ", after),
        (format!("{base}&login=u"), "login", after),
        (
            format!("{base}&showMDCDomainDetails22=Y"),
            "showMDCDomainDetails22",
            after,
        ),
        (format!("{base}&loginName%3D=u"), "loginName=", after),
        // The spec's typos, response names and the removed argument.
        (format!("{base}&showFODN=Y"), "showFODN", after),
        (
            format!("{base}&showMCDomainDetails=Y"),
            "showMCDomainDetails",
            after,
        ),
        (format!("{base}&caaStatus=1"), "caaStatus", after),
        (format!("{base}&brandValStatus=1"), "brandValStatus", after),
        (format!("{base}&saspSessionID=1"), "saspSessionID", after),
        (format!("{base}&errorCode=0"), "errorCode", after),
        // A bad escape in a name: it cannot name an argument; shown as sent.
        (format!("{base}&login%ZZName=u"), "login%ZZName", after),
        ("show%4FQDN%=Y&loginName=".into(), "showOQDN%", 0),
    ];
    for (b, name, offset) in &cases {
        check(b.as_bytes(), Unrecognised(name), Some(*offset));
    }
    // A name that is not UTF-8 after decoding is quoted with U+FFFD.
    check(b"%FF=1&loginName=u", Unrecognised("\u{FFFD}"), Some(0));
}

#[test]
fn bad_escapes_and_invalid_utf8_in_values_are_minus_4() {
    let cases: Vec<(String, &str)> = vec![
        (body(&[("loginName", Some("a%ZZ"))]), "loginName"),
        (body(&[("loginName", Some("%FF"))]), "loginName"),
        (body(&[("loginPassword", Some("%C3"))]), "loginPassword"),
        (body(&[("loginPassword", Some("ab%4"))]), "loginPassword"),
        (body(&[("orderNumber", Some("%C3%28"))]), "orderNumber"),
        (body(&[("orderNumber", Some("%"))]), "orderNumber"),
        (body(&[("queryType", Some("%3"))]), "queryType"),
        (body(&[("certificateID", Some("1%G0"))]), "certificateID"),
        (body(&[("showFQDN", Some("%"))]), "showFQDN"),
        (body(&[("responseFormat", Some("%3"))]), "responseFormat"),
        (body(&[("collectionCode", Some("%G0"))]), "collectionCode"),
        (
            body(&[("collectionCode", Some("%ED%A0%80"))]),
            "collectionCode",
        ), // a surrogate
        (
            body(&[("responseMimeType", Some("text%2Fplain%80"))]),
            "responseMimeType",
        ),
        (
            body(&[("responseMimeType", Some("%F4%90%80%80"))]),
            "responseMimeType",
        ), // > U+10FFFF
    ];
    for (b, name) in &cases {
        check_at(b, Invalid(name), name);
    }
    // Bytes sent unescaped stand for themselves and must be UTF-8 too.
    let raw = b"loginName=\xFF&loginPassword=p&orderNumber=1&queryType=1";
    check(raw, Invalid("loginName"), Some(10));
    let raw = "loginName=\u{e9}t\u{e9}&loginPassword=p&orderNumber=1&queryType=1";
    assert_eq!(ok(raw.as_bytes()).login_name, "\u{e9}t\u{e9}");
}

#[test]
fn text_limits_count_unicode_scalar_values() {
    let e_acute = "%C3%A9"; // 'é', two bytes
    let emoji = "%F0%9F%98%80"; // '😀', four bytes
    for (name, max) in [
        ("loginName", 64),
        ("loginPassword", 128),
        ("orderNumber", 128),
    ] {
        for unit in ["a", e_acute, emoji, "+", "\u{e9}"] {
            let at_limit = unit.repeat(max);
            let b = body(&[(name, Some(&at_limit))]);
            let r = ok(b.as_bytes());
            let text = match name {
                "loginName" => r.login_name,
                "loginPassword" => r.login_password.expose(),
                _ => r.order_number.unwrap(),
            };
            assert_eq!(text.char_count().unwrap(), max, "{name} of {max} × {unit}");
            let over = body(&[(name, Some(&unit.repeat(max + 1)))]);
            check_at(&over, Invalid(name), name);
        }
    }
    // No limit on the later additions beyond being text.
    let long = "x".repeat(4096);
    let b = body(&[
        ("collectionCode", Some(&long)),
        ("responseMimeType", Some(&long)),
    ]);
    let r = ok(b.as_bytes());
    assert_eq!(r.collection_code.unwrap().char_count().unwrap(), 4096);
}

#[test]
fn certificate_id_is_1_to_16_plain_digits() {
    let good = [
        ("0", 0),
        ("1", 1),
        ("0000000000000001", 1),
        ("9999999999999999", 9_999_999_999_999_999),
        ("%31%32", 12), // values are percent-decoded first
    ];
    for (v, want) in good {
        let r = ok_value("certificateID", v);
        assert_eq!(r, Some(want), "certificateID={v}");
    }
    let bad = [
        "00000000000000001", // 17 digits, even with leading zeros
        "10000000000000000",
        "-1",
        "+1", // a space
        "%2B1",
        "%201",
        "1+",
        "1.0",
        "0x1",
        "1e3",
        "\u{ff11}", // a fullwidth digit
        "x",
    ];
    for v in bad {
        let b = body(&[("certificateID", Some(v))]);
        check_at(&b, Invalid("certificateID"), "certificateID");
    }
}

/// The `certificateID` or `baseOrderNumber` a valid body with that value parses to.
fn ok_value(name: &str, value: &str) -> Option<u64> {
    let b = body(&[(name, Some(value))]);
    let r = ok(b.as_bytes());
    if name == "certificateID" {
        r.certificate_id
    } else {
        r.base_order_number
    }
}

#[test]
fn base_order_number_is_a_u64() {
    for (v, want) in [
        ("0", 0),
        ("18446744073709551615", u64::MAX),
        ("000000000000000000000000042", 42),
    ] {
        assert_eq!(
            ok_value("baseOrderNumber", v),
            Some(want),
            "baseOrderNumber={v}"
        );
    }
    for v in [
        "18446744073709551616",
        "99999999999999999999",
        "-0",
        "+5",
        "5 ",
        "five",
    ] {
        let b = body(&[("baseOrderNumber", Some(v))]);
        check_at(&b, Invalid("baseOrderNumber"), "baseOrderNumber");
    }
}

#[test]
fn query_type_codes() {
    for (v, want) in [
        ("0", QueryType::StatusOnly),
        ("1", QueryType::CertificateAndChain),
        ("2", QueryType::Certificate),
        ("3", QueryType::CaBundle),
        ("01", QueryType::CertificateAndChain),
        ("%33", QueryType::CaBundle),
    ] {
        let b = body(&[("queryType", Some(v))]);
        assert_eq!(ok(b.as_bytes()).query_type, want, "queryType={v}");
    }
    for v in ["4", "10", "-1", "1a", "+1", "18446744073709551617"] {
        let b = body(&[("queryType", Some(v))]);
        check_at(&b, Invalid("queryType"), "queryType");
    }
}

#[test]
fn response_type_needs_query_type_1_except_3() {
    let all = [
        ResponseType::Zip,
        ResponseType::NetscapeCertificateSequence,
        ResponseType::Pkcs7,
        ResponseType::IndividuallyEncoded,
    ];
    for qt in ["0", "1", "2", "3"] {
        for (code, want) in ["0", "1", "2", "3"].into_iter().zip(all) {
            let b = body(&[("queryType", Some(qt)), ("responseType", Some(code))]);
            if qt == "1" || code == "3" {
                assert_eq!(ok(b.as_bytes()).response_type, Some(want), "{b}");
            } else {
                check_at(&b, Invalid("responseType"), "responseType");
            }
        }
        for code in ["4", "-3", "x"] {
            let b = body(&[("queryType", Some(qt)), ("responseType", Some(code))]);
            check_at(&b, Invalid("responseType"), "responseType");
        }
    }
    // `00` is a number, so it is the code 0.
    let b = body(&[("responseType", Some("00"))]);
    assert_eq!(ok(b.as_bytes()).response_type, Some(ResponseType::Zip));
}

#[test]
fn response_encoding_binary_needs_query_type_1_and_zip_or_pkcs7() {
    // (queryType, responseType or omitted, responseEncoding, valid)
    let cases = [
        ("1", Some("0"), "1", true),
        ("1", Some("2"), "1", true),
        ("1", Some("1"), "1", false),
        ("1", Some("3"), "1", false),
        ("1", None, "1", false), // omitted responseType means 3
        ("2", Some("3"), "1", false),
        ("0", None, "1", false),
        ("3", Some("3"), "1", false),
        ("0", None, "0", true),
        ("2", Some("3"), "0", true),
        ("1", Some("1"), "0", true),
        ("1", Some("2"), "2", false),
        ("1", Some("2"), "-1", false),
    ];
    for (qt, rt, re, valid) in cases {
        let b = body(&[
            ("queryType", Some(qt)),
            ("responseType", rt),
            ("responseEncoding", Some(re)),
        ]);
        if valid {
            let want = if re == "1" {
                ResponseEncoding::Binary
            } else {
                ResponseEncoding::Base64
            };
            assert_eq!(ok(b.as_bytes()).response_encoding, Some(want), "{b}");
        } else {
            check_at(&b, Invalid("responseEncoding"), "responseEncoding");
        }
    }
    // When responseType itself is refused, it is reported first.
    let b = body(&[
        ("queryType", Some("2")),
        ("responseType", Some("0")),
        ("responseEncoding", Some("1")),
    ]);
    check_at(&b, Invalid("responseType"), "responseType");
}

#[test]
fn response_format_is_0_or_1_in_plain_digits() {
    // Leading zeros are plain digits, as for every other number: `01` is 1.
    for (v, want) in [
        ("0", ResponseFormat::NewlineDelimited),
        ("1", ResponseFormat::UrlEncoded),
        ("%31", ResponseFormat::UrlEncoded),
        ("00", ResponseFormat::NewlineDelimited),
        ("01", ResponseFormat::UrlEncoded),
        ("%30%31", ResponseFormat::UrlEncoded),
        ("0000000000000000000001", ResponseFormat::UrlEncoded),
    ] {
        let b = body(&[("responseFormat", Some(v))]);
        assert_eq!(
            ok(b.as_bytes()).response_format,
            Some(want),
            "responseFormat={v}"
        );
    }
    for v in [
        "2",
        "02",
        "+0",
        "0+",
        "-0",
        "%2B1",
        "Y",
        "%00",
        "1.0",
        "18446744073709551617",
    ] {
        let b = body(&[("responseFormat", Some(v))]);
        check_at(&b, Invalid("responseFormat"), "responseFormat");
    }
    // Format 1 together with binary encoding is allowed.
    let b = body(&[
        ("responseType", Some("2")),
        ("responseEncoding", Some("1")),
        ("responseFormat", Some("1")),
    ]);
    let r = ok(b.as_bytes());
    assert_eq!(
        (r.response_encoding, r.response_format),
        (
            Some(ResponseEncoding::Binary),
            Some(ResponseFormat::UrlEncoded)
        )
    );
}

#[test]
fn every_flag_takes_y_or_n_in_either_case() {
    fn get(r: &Request<'_>, name: &str) -> Option<bool> {
        match name {
            "showValidityPeriod" => r.show_validity_period,
            "showFQDN" => r.show_fqdn,
            "showExtStatus" => r.show_ext_status,
            "showMDCDomainDetails" => r.show_mdc_domain_details,
            "showMDCDomainDetails2" => r.show_mdc_domain_details2,
            "showStatusDetails" => r.show_status_details,
            _ => unreachable!(),
        }
    }
    for flag in FLAGS {
        for (v, want) in [
            ("Y", Some(true)),
            ("y", Some(true)),
            ("N", Some(false)),
            ("n", Some(false)),
            ("%59", Some(true)),
            ("", None), // empty means absent
        ] {
            let b = body(&[(flag, Some(v))]);
            assert_eq!(get(&ok(b.as_bytes()), flag), want, "{flag}={v}");
        }
        for v in ["YES", "yes", "1", "0", "T", "Y+", "+N", "%59%59", "\u{d9}"] {
            let b = body(&[(flag, Some(v))]);
            check_at(&b, Invalid(flag), flag);
        }
    }
}

#[test]
fn collection_code_and_response_mime_type_are_accepted() {
    let b = body(&[
        ("collectionCode", Some("AB+12%26")),
        ("responseMimeType", Some("application/pkix-cert")),
    ]);
    let r = ok(b.as_bytes());
    assert_eq!(r.collection_code.unwrap(), "AB 12&");
    assert_eq!(r.response_mime_type.unwrap(), "application/pkix-cert");
    let r = ok(b"loginName=u&loginPassword=p&orderNumber=1&queryType=1&COLLECTIONCODE=x&responsemimetype=text%2Fplain");
    assert_eq!(r.collection_code.unwrap(), "x");
    assert_eq!(r.response_mime_type.unwrap(), "text/plain");
}

#[test]
fn a_repeated_name_is_minus_4_at_its_place_in_table_order() {
    let base = body(&[]);
    let after = base.len() + 1;
    let cases: Vec<(String, &str, usize)> = vec![
        (
            format!("{base}&showFQDN=Y&showFQDN=Y"),
            "showFQDN",
            after + 11,
        ),
        (
            format!("{base}&showFQDN=Y&SHOWFQDN=N"),
            "showFQDN",
            after + 11,
        ),
        (
            format!("{base}&showFQDN=Y&show%46QDN=Y"),
            "showFQDN",
            after + 11,
        ),
        // Beats an invalid responseFormat, which comes later in the table…
        (
            format!("{base}&responseFormat=02&showFQDN=Y&showFQDN=N"),
            "showFQDN",
            after + 18 + 11,
        ),
        // …and a missing loginPassword, for a repeated loginName.
        ("loginName=u&loginName=u".into(), "loginName", 12),
        (format!("{base}&loginName=u"), "loginName", after),
        (
            format!("{base}&collectionCode=a&collectionCode=a"),
            "collectionCode",
            after + 17,
        ),
        // Only the second occurrence is reported, not a third.
        (
            format!("{base}&queryType=1&queryType=1"),
            "queryType",
            after,
        ),
    ];
    for (b, name, offset) in &cases {
        check(b.as_bytes(), Invalid(name), Some(*offset));
    }
    // Loses to an invalid queryType, which comes earlier in the table.
    let b = body(&[("queryType", Some("4")), ("showFQDN", Some("Y"))]) + "&showFQDN=Y";
    check_at(&b, Invalid("queryType"), "queryType");
    // A repeated loginPassword loses to a missing loginName.
    check(
        b"loginPassword=p&loginPassword=p",
        Missing("loginName"),
        None,
    );
}

/// A value that makes each field invalid on its own.
fn invalid_value(name: &str) -> String {
    match name {
        "loginName" => "x".repeat(65),
        "loginPassword" | "orderNumber" => "x".repeat(129),
        "certificateID" | "baseOrderNumber" => "x".into(),
        "queryType" | "responseType" => "4".into(),
        "responseEncoding" | "responseFormat" => "2".into(),
        "collectionCode" => "%ZZ".into(),
        "responseMimeType" => "%FF".into(),
        _ => "X".into(), // the flags
    }
}

/// A value each field accepts with `queryType=1` and nothing else set.
fn valid_value(name: &str) -> &'static str {
    match name {
        "responseType" => "3",
        "responseEncoding" | "responseFormat" => "0",
        "collectionCode" | "responseMimeType" | "loginName" | "loginPassword" => "c",
        n if FLAGS.contains(&n) => "Y",
        _ => "1", // the selectors and queryType
    }
}

/// Moves the pair named exactly `name` to the front of `body`.
fn move_to_front(body: &str, name: &str) -> String {
    let pairs: Vec<&str> = body.split('&').collect();
    let head = format!("{name}=");
    let (front, rest): (Vec<&str>, Vec<&str>) = pairs.iter().partition(|p| p.starts_with(&head));
    assert_eq!(front.len(), 1, "test bug: {name} in {body}");
    front.into_iter().chain(rest).collect::<Vec<_>>().join("&")
}

#[test]
fn the_first_problem_in_table_order_wins() {
    let mut cases = 0;
    for (i, (first, _)) in ORDER.iter().enumerate() {
        for (second, _) in &ORDER[i + 1..] {
            let (v1, v2) = (invalid_value(first), invalid_value(second));
            let (ok1, ok2) = (valid_value(first), valid_value(second));

            // Both invalid, the later field written first in the body: the
            // table order decides, not the body order.
            let b = body(&[(first, Some(&v1)), (second, Some(&v2))]);
            let b = move_to_front(&b, second);
            check_at(&b, Invalid(first), first);

            // A repeated earlier field beats a later invalid one…
            let again = format!("&{first}={ok1}");
            let b = body(&[(first, Some(ok1)), (second, Some(&v2))]) + &again;
            check(
                b.as_bytes(),
                Invalid(first),
                Some(b.len() - again.len() + 1),
            );

            // …and an earlier invalid field beats a later repeated one.
            let b = body(&[(first, Some(&v1)), (second, Some(ok2))]) + &format!("&{second}={ok2}");
            check_at(&b, Invalid(first), first);
            cases += 3;
        }
    }
    assert_eq!(cases, 3 * 17 * 16 / 2);

    // A missing field and an invalid one: whichever comes first in the table.
    let b = body(&[("loginPassword", None), ("queryType", Some("9"))]);
    check(b.as_bytes(), Missing("loginPassword"), None);
    let b = body(&[
        ("loginName", Some(&"x".repeat(65))),
        ("loginPassword", None),
    ]);
    check_at(&b, Invalid("loginName"), "loginName");
    let b = body(&[
        ("orderNumber", None),
        ("loginPassword", Some(&"x".repeat(129))),
    ]);
    check_at(&b, Invalid("loginPassword"), "loginPassword");
    let b = body(&[("queryType", None), ("certificateID", Some("x"))]);
    check_at(&b, Invalid("certificateID"), "certificateID");
    let b = body(&[("queryType", None), ("showFQDN", Some("x"))]);
    check(b.as_bytes(), Missing("queryType"), None);
    // A cross-field refusal takes the dependent field's place.
    let b = body(&[
        ("queryType", Some("2")),
        ("responseType", Some("0")),
        ("showValidityPeriod", Some("x")),
    ]);
    check_at(&b, Invalid("responseType"), "responseType");
    let b = body(&[
        ("loginPassword", None),
        ("queryType", Some("2")),
        ("responseType", Some("0")),
    ]);
    check(b.as_bytes(), Missing("loginPassword"), None);
    let b = body(&[
        ("responseEncoding", Some("1")),
        ("responseFormat", Some("7")),
    ]);
    check_at(&b, Invalid("responseEncoding"), "responseEncoding");
}

#[test]
fn the_real_request_vector_parses_field_by_field() {
    let raw = include_bytes!("vectors/real-comodo-test-ca/request.form");
    let r = ok(raw);
    assert_eq!(r.login_name, "reseller");
    assert_eq!(r.login_password.expose(), "secret");
    assert_eq!(r.order_number.unwrap(), "12345678");
    assert_eq!(r.certificate_id, None);
    assert_eq!(r.base_order_number, None);
    assert_eq!(r.query_type, QueryType::CertificateAndChain);
    assert_eq!(r.response_type, Some(ResponseType::IndividuallyEncoded));
    assert_eq!(r.response_encoding, Some(ResponseEncoding::Base64));
    assert_eq!(r.response_format, Some(ResponseFormat::NewlineDelimited));
    assert_eq!(r.show_validity_period, None);
    assert_eq!(r.show_fqdn, None);
    assert_eq!(r.show_ext_status, None);
    assert_eq!(r.show_mdc_domain_details, None);
    assert_eq!(r.show_mdc_domain_details2, None);
    assert_eq!(r.show_status_details, None);
    assert_eq!(r.collection_code, None);
    assert_eq!(r.response_mime_type, None);

    // The same request built by hand is equal, and encodes to the same bytes
    // (the vector is already in canonical order).
    let built = Request::new(
        "reseller",
        "secret",
        Selector::OrderNumber("12345678"),
        QueryType::CertificateAndChain,
    )
    .with_response_type(ResponseType::IndividuallyEncoded)
    .with_response_encoding(ResponseEncoding::Base64)
    .with_response_format(ResponseFormat::NewlineDelimited);
    assert_eq!(r, built);
    let mut buf = [0u8; 256];
    let n = built.encode(&mut buf).unwrap();
    assert_eq!(&buf[..n], raw.strip_suffix(b"\n").unwrap_or(raw));
}
