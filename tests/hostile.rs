//! Hostile input: values full of the wire's own syntax come back unchanged,
//! format 0 refuses a line break inside a field rather than split it, the
//! password shows only where the caller asks for it, and 1 MiB adversarial
//! bodies are parsed or refused without harm (their cost, linear in their
//! size, is measured by `benches/adversarial.rs`).

use collectssl::response::{CaCertificates, Expectation, Response};
use collectssl::{
    Blob, CaaStatus, CertificateStatus, DcvStatus, ErrorKind, MdcDomain, MdcDomainDetails,
    QueryType, Request, ResponseFormat, Selector, Status, Text, ValidationStatus,
};

/// Every byte the wire gives a meaning to, and text that is not ASCII.
const HOSTILE: &[&str] = &[
    "&",
    "=",
    "%",
    "+",
    ";",
    "\r",
    "\n",
    "\0",
    "\r\n",
    "a&queryType=2",
    "x=y&z",
    "%41%4",
    "%%",
    "%zz",
    "1+1=2",
    "a b",
    " leading and trailing ",
    "semi;colon;",
    "line\nbreak\r\nand\rreturn",
    "nul\0inside",
    "é",
    "日本語のテキスト",
    "😀 emoji",
    "\u{FEFF}bom",
    "\u{FFFD}",
    "\u{7f}\u{80}\u{9f}",
    "-----BEGIN CERTIFICATE-----",
    "&=%+;\r\n\0é日😀",
];

fn request_with(name: &str, password: &str, order: &str, code: &str) -> Request<'static> {
    let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
    Request::new(
        leak(name),
        leak(password),
        Selector::OrderNumber(leak(order)),
        QueryType::CertificateAndChain,
    )
    .with_collection_code(leak(code))
    .with_response_mime_type(leak(code))
}

fn encode_request(r: &Request<'_>) -> Vec<u8> {
    let mut buf = vec![0u8; r.encoded_len()];
    let n = r.encode(&mut buf).unwrap();
    assert_eq!(n, buf.len(), "encoded_len is exact");
    buf
}

#[test]
fn hostile_request_values_round_trip_unchanged() {
    for &value in HOSTILE {
        let r = request_with(value, value, value, value);
        let body = encode_request(&r);
        // No value escapes its pair: five texts plus queryType, six pairs,
        // and only the unreserved bytes, `%` escapes and `+` in the values.
        let pairs: Vec<&[u8]> = body.split(|&b| b == b'&').collect();
        assert_eq!(
            pairs.len(),
            6,
            "{value:?} -> {:?}",
            String::from_utf8_lossy(&body)
        );
        for pair in &pairs {
            let value = &pair[pair.iter().position(|&b| b == b'=').unwrap() + 1..];
            assert!(
                value
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || b"*-._%+".contains(b)),
                "{:?}",
                String::from_utf8_lossy(value)
            );
        }
        let back = Request::parse(&body).unwrap();
        assert_eq!(back, r);
        for text in [
            back.login_name,
            back.login_password.expose(),
            back.order_number.unwrap(),
            back.collection_code.unwrap(),
            back.response_mime_type.unwrap(),
        ] {
            assert_eq!(text.to_string(), value);
            let mut out = vec![0u8; value.len()];
            assert_eq!(text.decode_into(&mut out).unwrap(), value);
        }
        // The same through `write_to`.
        let mut s = String::new();
        r.write_to(&mut s).unwrap();
        assert_eq!(s.as_bytes(), &body[..]);
    }
}

/// A response whose every text field holds `value`.
fn hostile_response<'a>(
    status: Status,
    value: &'a str,
    items: &'a [MdcDomain<'a>],
    cas: &'a [Blob<'a>],
) -> Response<'a> {
    let mut r = Response::new(status);
    let text = Text::plain(value);
    if status.code() < 0 {
        r.error_message = Some(text);
        return r;
    }
    if status.code() > 0 {
        r.fqdn = Some(text);
        r.not_before = Some(0);
        r.not_after = Some(86_399);
    }
    if status.code() == 2 {
        r.ca_certificates = CaCertificates::from_blobs(cas);
        r.certificate = Some(Blob::binary(b"\x30\x03\x02\x01\x01"));
    }
    r.certificate_status = Some(CertificateStatus::from_text(text));
    r.validation_status = Some(ValidationStatus::from_text(text));
    r.caa_status = Some(CaaStatus::from_text(text));
    if status.code() == 0 {
        r.mdc_domain_details = Some(MdcDomainDetails::from_items(items));
    }
    r
}

#[test]
fn hostile_format_1_values_round_trip_unchanged() {
    let cas = [Blob::binary(b"\x30\x00")];
    for &value in HOSTILE {
        // An MDC domain is one word: no space, comma or control inside.
        let word: String = value
            .chars()
            .filter(|c| !c.is_ascii_control() && *c != ' ' && *c != ',')
            .collect();
        let word = if word.is_empty() {
            "x".to_owned()
        } else {
            word
        };
        let items = [MdcDomain::new(
            Text::plain(&word),
            DcvStatus::from_text(Text::plain(&word)),
        )];
        for status in [
            Status::from_code(-16),
            Status::from_code(0),
            Status::from_code(2),
        ] {
            let r = hostile_response(status, value, &items, &cas);
            let mut body = vec![0u8; r.encoded_len(ResponseFormat::UrlEncoded)];
            let n = r.encode(ResponseFormat::UrlEncoded, &mut body).unwrap();
            assert_eq!(n, body.len());
            assert!(
                !body.contains(&b'\r') && !body.contains(&b'\n') && !body.contains(&0),
                "{:?}",
                String::from_utf8_lossy(&body)
            );
            let back = Response::parse_urlencoded(&body).unwrap();
            assert_eq!(back, r, "{value:?}");
            assert!(back.other_parameters.is_empty(), "a value made a parameter");
            let texts = [back.error_message, back.fqdn].into_iter().flatten();
            for text in texts {
                assert_eq!(text.to_string(), value);
            }
            if let Some(status) = back.certificate_status {
                assert_eq!(status.to_string(), value);
                assert_eq!(back.validation_status.unwrap().to_string(), value);
                assert_eq!(back.caa_status.unwrap().to_string(), value);
            }
            if let Some(list) = back.mdc_domain_details {
                let item = list.iter().next().unwrap().unwrap();
                assert_eq!(item.domain.to_string(), word);
                assert_eq!(item.status.to_string(), word);
            }
        }
    }
}

#[test]
fn format_0_refuses_a_line_break_inside_a_field() {
    let cas = [Blob::binary(b"\x30\x00")];
    let items = [MdcDomain::new(
        Text::plain("a.example"),
        DcvStatus::from_text(Text::plain("VALIDATED")),
    )];
    for &value in HOSTILE {
        let has_break = value.contains(['\r', '\n']);
        for status in [
            Status::from_code(-16),
            Status::from_code(0),
            Status::from_code(2),
        ] {
            let r = hostile_response(status, value, &items, &cas);
            let mut body = vec![0u8; 1 << 12];
            match r.encode(ResponseFormat::NewlineDelimited, &mut body) {
                Ok(n) => {
                    assert!(!has_break, "{value:?} was written on one line");
                    let back = Response::parse_newline(&body[..n], &r.expectation()).unwrap();
                    assert_eq!(back, r, "{value:?}");
                }
                Err(e) => {
                    assert_eq!(e.kind(), ErrorKind::Unrepresentable, "{value:?}");
                    // A break, or (after certificates) a line an armor line
                    // could be taken for: never changed, always refused.
                    assert!(has_break || value.starts_with("-----"), "{value:?}");
                    assert_eq!(body[..16], [0u8; 16], "a refusal writes nothing");
                }
            }
            // Each field on its own, with each kind of line break.
            for line_break in ["\n", "\r", "\r\n"] {
                let broken = format!("{value}{line_break}more");
                let mut one = Response::new(status);
                if status.code() < 0 {
                    one.error_message = Some(Text::plain(&broken));
                } else {
                    one.fqdn = (status.code() > 0).then_some(Text::plain(&broken));
                    one.caa_status = Some(CaaStatus::from_text(Text::plain(&broken)));
                }
                let err = one
                    .encode(ResponseFormat::NewlineDelimited, &mut body)
                    .unwrap_err();
                assert_eq!(err.kind(), ErrorKind::Unrepresentable);
                assert!(
                    one.write_to(ResponseFormat::NewlineDelimited, &mut String::new())
                        .is_err()
                );
                // Format 1 carries it.
                let n = one.encode(ResponseFormat::UrlEncoded, &mut body).unwrap();
                assert_eq!(Response::parse_urlencoded(&body[..n]).unwrap(), one);
            }
        }
    }
}

const PASSWORD: &str = "hunter2-S3cr3t";

/// Bodies that carry the password, valid or not.
fn password_bodies() -> Vec<String> {
    vec![
        format!("loginName=u&loginPassword={PASSWORD}&orderNumber=1&queryType=1"),
        format!("loginName=u&loginPassword={PASSWORD}&orderNumber=1&queryType=9"),
        format!("loginName=u&loginPassword={PASSWORD}&orderNumber=1"),
        format!("loginName=u&loginPassword={PASSWORD}&loginPassword={PASSWORD}"),
        format!("loginPassword={PASSWORD}&colour=red"),
        format!("loginName=u&loginPassword={PASSWORD}&queryType=1&certificateID=x"),
    ]
}

#[test]
fn the_password_shows_only_when_asked_for() {
    let r = Request::new(
        "u",
        PASSWORD,
        Selector::OrderNumber("1"),
        QueryType::StatusOnly,
    );
    assert!(!format!("{r:?}").contains(PASSWORD));
    assert!(!format!("{r:#?}").contains(PASSWORD));
    assert!(!format!("{:?}", r.login_password).contains(PASSWORD));
    assert_eq!(r.login_password.expose(), PASSWORD);
    assert!(!format!("{:?}", Expectation::from(&r)).contains(PASSWORD));
    for body in password_bodies() {
        let what = match Request::parse(body.as_bytes()) {
            Ok(r) => {
                assert_eq!(r.login_password.expose().to_string(), PASSWORD);
                vec![format!("{r:?}"), format!("{r:#?}")]
            }
            Err(e) => {
                let mut buf = [0u8; 256];
                let answer = Response::from_request_error(&e, &mut buf).unwrap();
                let mut out = [0u8; 256];
                let n = answer.encode(ResponseFormat::UrlEncoded, &mut out).unwrap();
                vec![
                    format!("{e:?}"),
                    e.to_string(),
                    collectssl::Error::from(e).to_string(),
                    format!("{answer:?}"),
                    String::from_utf8_lossy(&out[..n]).into_owned(),
                ]
            }
        };
        for shown in what {
            assert!(!shown.contains(PASSWORD), "{body}: {shown}");
            assert!(!shown.contains("S3cr3t"), "{body}: {shown}");
        }
    }
}

#[cfg(feature = "serde")]
#[test]
fn the_password_is_never_serialized() {
    let r = Request::new(
        "u",
        PASSWORD,
        Selector::OrderNumber("1"),
        QueryType::StatusOnly,
    );
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains(PASSWORD), "{json}");
    assert!(json.contains(r#""loginPassword":"***""#), "{json}");
    // The caller who asks gets it.
    let exposed = serde_json::to_string(&r.login_password.expose()).unwrap();
    assert_eq!(exposed, format!("\"{PASSWORD}\""));
    for body in password_bodies() {
        if let Ok(r) = Request::parse(body.as_bytes()) {
            let json = serde_json::to_string(&r).unwrap();
            assert!(!json.contains(PASSWORD), "{json}");
        }
    }
}

// ---------------------------------------------------------------------------
// 1 MiB adversarial bodies: parsed or refused, each the way its grammar says.
// `benches/adversarial.rs` builds the same bodies at growing sizes.

const MIB: usize = 1 << 20;

#[path = "../benches/support/adversarial_bodies.rs"]
mod bodies;

#[test]
fn all_percent() {
    let body = bodies::all_percent(MIB);
    assert_eq!(body.len(), MIB);
    let e = Request::parse(&body).unwrap_err();
    assert_eq!((e.status(), e.offset()), (Status::from_code(-2), Some(0)));
    let e = Response::parse_urlencoded(&body).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingLine);
    let e = Response::parse_newline(&body, &Expectation::new(QueryType::StatusOnly)).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidNumber, Some(0)));
    // In a value, the first bad escape stops the read.
    let body = bodies::percent_value(MIB);
    let e = Response::parse_urlencoded(&body).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidEscape, Some(25)));
    let body = bodies::percent_request(MIB);
    let e = Request::parse(&body).unwrap_err();
    assert_eq!(e.status(), Status::from_code(-4));
}

#[test]
fn a_hundred_thousand_lines() {
    let (body, exp) = bodies::lines(MIB);
    assert!(body.iter().filter(|&&b| b == b'\n').count() >= 100_000);
    // One certificate whose base64 runs over every line.
    let r = Response::parse_newline(&body, &exp).unwrap();
    let certificate = r.certificate.unwrap();
    let n = certificate.decoded_len().unwrap();
    assert_eq!(certificate.decode_into(&mut vec![0u8; n]).unwrap().len(), n);
    // Line after line where the request implies none: the strict reading
    // refuses the first, the tolerant one ignores the closing blank lines.
    let blank = bodies::blank_lines(MIB);
    let e = Response::parse_newline_strict(&blank, &exp).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::UnexpectedLine, Some(2)));
    let r = Response::parse_newline(&blank, &exp).unwrap();
    assert!(r.other_lines.is_empty() && r.caa_status.is_none());
    let e = Response::parse_newline(&body[..body.len() - 30], &exp).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnexpectedEnd);
    assert_eq!(
        e.line().unwrap().get() as usize,
        body[..body.len() - 30]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    );
}

#[test]
fn a_hundred_thousand_mdc_domains() {
    for (body, exp) in [bodies::mdc_newline(MIB), bodies::mdc_urlencoded(MIB)] {
        let r = Response::parse(&body, &exp).unwrap();
        let list = r.mdc_domain_details.unwrap();
        let count = list.iter().map(Result::unwrap).count();
        assert!(count >= 90_000, "{count}");
        assert!(r.expectation().show_mdc_domain_details);
    }
    // One bad item at the very end fails the whole list there.
    let (mut body, exp) = bodies::mdc_newline(MIB);
    body.extend_from_slice(b",x");
    let e = Response::parse_newline(&body, &exp).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidDomainList);
    assert_eq!(e.offset(), Some(body.len() - 1), "{e:?}");
}

#[test]
fn one_line_of_a_mebibyte() {
    let (body, exp) = bodies::long_line(MIB);
    let r = Response::parse_newline(&body, &exp).unwrap();
    assert_eq!(r.fqdn.unwrap().char_count().unwrap(), MIB - 2);
    let body = bodies::long_form_value(MIB);
    let r = Response::parse_urlencoded(&body).unwrap();
    assert!(r.error_message.unwrap().to_string().len() > MIB / 3);
    // A login name of a mebibyte is refused at its value.
    let body = bodies::long_request_value(MIB);
    let e = Request::parse(&body).unwrap_err();
    assert_eq!((e.status(), e.offset()), (Status::from_code(-4), Some(10)));
    // A status line of a mebibyte of digits is no number.
    let e = Response::parse_newline(&bodies::long_status(MIB), &exp).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidNumber, Some(0)));
}

#[test]
fn ten_thousand_pem_blocks() {
    let (body, exp) = bodies::pem_blocks(MIB);
    let r = Response::parse_newline(&body, &exp).unwrap();
    assert!(
        r.ca_certificates.len() >= 9_000,
        "{}",
        r.ca_certificates.len()
    );
    assert_eq!(r.ca_certificates.iter().count(), r.ca_certificates.len());
    r.check_certificates().unwrap();
    // The same blocks where one was asked for: the strict reading refuses
    // them after the first; the tolerant one keeps them as other lines
    // (an armour line is never a CAA status).
    let crt = Expectation::new(QueryType::Certificate);
    let e = Response::parse_newline_strict(&body, &crt).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnexpectedLine);
    let r = Response::parse_newline(&body, &crt).unwrap();
    assert_eq!(r.caa_status, None);
    assert!(r.other_lines.iter().count() > 9_000);
    // A broken last block fails the parse at its place.
    let cut = &body[..body.len() - 10];
    let e = Response::parse_newline(cut, &exp).unwrap_err();
    assert!(e.offset().is_some_and(|at| at > MIB / 2), "{e:?}");
}
