//! Malformed responses of every kind give an error of the right kind at the
//! right byte offset (and line, for format 0), never a panic; proptests feed
//! arbitrary and mutated bodies under arbitrary expectations to every parse
//! entry point and to `check_certificates`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use collectssl::response::{Expectation, Format, Response};
use collectssl::{Blob, ErrorKind, QueryType, ResponseEncoding, ResponseFormat, ResponseType};
use proptest::prelude::*;

fn exp(q: QueryType, r: ResponseType, flags: &str) -> Expectation {
    let mut e = Expectation::new(q);
    e.response_type = r;
    e.show_validity_period = flags.contains('V');
    e.show_fqdn = flags.contains('F');
    e.show_ext_status = flags.contains('E');
    e.show_mdc_domain_details = flags.contains('M');
    e.show_status_details = flags.contains('D');
    e.show_mdc_domain_details2 = flags.contains('2');
    e
}

fn status_only(flags: &str) -> Expectation {
    exp(
        QueryType::StatusOnly,
        ResponseType::IndividuallyEncoded,
        flags,
    )
}

fn crt() -> Expectation {
    exp(
        QueryType::Certificate,
        ResponseType::IndividuallyEncoded,
        "",
    )
}

fn chain_exp() -> Expectation {
    exp(
        QueryType::CertificateAndChain,
        ResponseType::IndividuallyEncoded,
        "",
    )
}

/// 1-based line of byte `offset`.
fn line_of(body: &[u8], offset: usize) -> u32 {
    body[..offset.min(body.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
        + 1
}

/// A format-0 body that the strict reading must refuse with `kind` at
/// `offset`, on that offset's line. The tolerant reading may read it (what
/// it reads is pinned in `response_tolerant.rs`); where it refuses too, the
/// error is in the body.
#[track_caller]
fn newline_err(body: &[u8], exp: &Expectation, kind: ErrorKind, offset: usize) {
    let what = String::from_utf8_lossy(body).into_owned();
    if let Err(e) = Response::parse_newline(body, exp) {
        assert!(
            e.offset().is_some_and(|at| at <= body.len()),
            "{what:?}: {e:?}"
        );
    }
    let err = match Response::parse_newline_strict(body, exp) {
        Ok(r) => panic!("{what:?} parsed: {r:?}"),
        Err(e) => e,
    };
    assert_eq!(
        (err.kind(), err.offset(), err.line().map(|l| l.get())),
        (kind, Some(offset), Some(line_of(body, offset))),
        "{what:?}"
    );
    // `Response::parse_strict` agrees when the body is text anyway.
    assert_eq!(Response::parse_strict(body, exp), Err(err), "{what:?}");
}

/// A body that parses, but whose certificates fail to decode with `kind` at `offset`.
#[track_caller]
fn certificate_err(r: &Response<'_>, kind: ErrorKind, offset: usize) {
    let err = r.check_certificates().unwrap_err();
    assert_eq!((err.kind(), err.offset()), (kind, Some(offset)), "{r:?}");
    // Decoding the blob that fails gives the same error.
    let mut buf = [0u8; 8192];
    let failing = r
        .blobs()
        .find(|b| b.decode_into(&mut buf).is_err())
        .unwrap();
    assert_eq!(failing.decode_into(&mut buf).unwrap_err(), err);
}

#[test]
fn status_lines_that_are_not_one() {
    let e = status_only("");
    newline_err(b"", &e, ErrorKind::UnexpectedEnd, 0);
    for body in [
        &b"\n"[..],
        b"\r\n",
        b"+2\n",
        b" 2\n",
        b"2 \n",
        b"2\t\n",
        b"99999999999\n",
        b"2147483648\n",
        b"-2147483649\n",
        b"1.0\n",
        b"0x1\n",
        b"--1\n",
        b"-\n",
        b"1-\n",
        "\u{ff12}\n".as_bytes(),
        "\u{feff}0\n".as_bytes(),
        b"0\0\n",
        b"\0",
        b"OK\n",
        b"\xff\n",
        b"2\r\r\n",
        b"<html><body>502 Bad Gateway</body></html>\n",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n2\r\n",
        b"errorCode=2",
    ] {
        newline_err(body, &e, ErrorKind::InvalidNumber, 0);
    }
    // The edges of an i32 are status codes (unknown ones, kept).
    for (body, code) in [
        (&b"2147483647\n"[..], i32::MAX),
        (b"-2147483648\nx\n", i32::MIN),
    ] {
        let r = Response::parse_newline(body, &e).unwrap();
        assert_eq!(r.status.code(), code);
    }
}

#[test]
fn impossible_and_malformed_dates() {
    let e = status_only("V");
    for (line, at) in [
        ("31/02/2025 01/03/2025", 0),
        ("00/01/2025 01/03/2025", 0),
        ("29/02/2023 01/03/2025", 0),
        ("32/01/2025 01/03/2025", 0),
        ("01/13/2025 01/03/2025", 0),
        ("01/00/2025 01/03/2025", 0),
        ("01/01/0000 01/03/2025", 0),
        ("1/01/2025 01/03/2025", 0),
        (" 01/01/2025 01/03/2025", 0),
        ("", 0),
        ("01/01/2025 31/02/2025", 11),
        ("01/01/2025 00/01/2025", 11),
        ("01/01/2025 31/04/2025", 11),
        ("01/01/2025  01/03/2025", 11),
        ("01/01/2025", 10),
        ("01/01/2025 ", 11),
        ("01/01/2025\t01/03/2025", 10),
        ("01-01-2025 01/03/2025", 2),
        ("01/01/2025 01/03/25", 17),
        ("01/01/2025 01/03/2025 ", 21),
        ("01/01/2025 01/03/2025 x", 21),
    ] {
        for eol in ["\n", "\r\n"] {
            let body = format!("1{eol}{line}{eol}");
            newline_err(
                body.as_bytes(),
                &e,
                ErrorKind::InvalidDate,
                1 + eol.len() + at,
            );
        }
    }
    // Leap days that exist.
    let r = Response::parse_newline(b"1\n29/02/2024 29/02/2000\n", &e).unwrap();
    assert_eq!(r.not_before, Some(1_709_164_800));
    assert_eq!(r.not_after, Some(951_868_799));
}

#[test]
fn missing_and_extra_lines() {
    let cases: [(&[u8], Expectation, ErrorKind, usize); 14] = [
        (b"1\n", status_only("V"), ErrorKind::MissingLine, 2),
        (b"1", status_only("F"), ErrorKind::MissingLine, 1),
        (b"0\nIssued\n", status_only("E"), ErrorKind::MissingLine, 9),
        (b"0\n", status_only("M"), ErrorKind::MissingLine, 2),
        (b"0\n1\n2\n", status_only("D"), ErrorKind::MissingLine, 6),
        (
            b"0\nx.example VALIDATED\n1\n1\n1\n1\n1\n1\n1\n",
            status_only("MD2"),
            ErrorKind::MissingLine,
            36,
        ),
        (b"-16\n", status_only(""), ErrorKind::MissingLine, 4),
        (b"2\n", crt(), ErrorKind::MissingLine, 2),
        (
            b"0\nTimeout\nextra\n",
            status_only(""),
            ErrorKind::UnexpectedLine,
            10,
        ),
        (b"0\n\n", status_only(""), ErrorKind::UnexpectedLine, 2),
        (
            b"-16\nPermission denied!\n\n",
            status_only(""),
            ErrorKind::UnexpectedLine,
            23,
        ),
        (
            b"-16\nPermission denied!\nTimeout\n",
            status_only("VFEMD2"),
            ErrorKind::UnexpectedLine,
            23,
        ),
        (
            b"1\n14/05/2003 13/05/2004\nTimeout\nx",
            status_only("V"),
            ErrorKind::UnexpectedLine,
            32,
        ),
        (
            b"0\r\nTimeout\r\n\r\n",
            status_only(""),
            ErrorKind::UnexpectedLine,
            12,
        ),
    ];
    for (body, e, kind, at) in cases {
        newline_err(body, &e, kind, at);
    }
}

#[test]
fn status_details_and_domain_lists() {
    let d = status_only("D");
    // "0\n" then the details; the third one is bad.
    for (value, shift) in [
        ("3", 0),
        ("01", 1),
        ("+1", 0),
        ("-1 ", 2),
        ("", 0),
        ("-", 1),
    ] {
        let body = format!("0\n1\n1\n{value}\n1\n1\n1\n1\n");
        newline_err(
            body.as_bytes(),
            &d,
            ErrorKind::InvalidStatusDetail,
            6 + shift,
        );
    }
    let m = status_only("M");
    for (line, at, kind) in [
        ("a.example", 9, ErrorKind::InvalidDomainList),
        (
            "a.example VALIDATED,b.example X",
            20,
            ErrorKind::InvalidDomainList,
        ),
        ("a.example VALIDATED, ", 21, ErrorKind::InvalidDomainList),
        ("a.example  VALIDATED", 10, ErrorKind::InvalidDomainList),
        ("a.example\tVALIDATED", 9, ErrorKind::InvalidDomainList),
        (" a.example VALIDATED", 0, ErrorKind::InvalidDomainList),
    ] {
        let body = format!("0\n{line}\n");
        newline_err(body.as_bytes(), &m, kind, 2 + at);
    }
    newline_err(b"0\n\xff VALIDATED\n", &m, ErrorKind::InvalidUtf8, 2);
    let m2 = status_only("2");
    newline_err(b"0\na.example\n", &m2, ErrorKind::InvalidDomainList, 11);
}

#[test]
fn invalid_utf8_and_nul_bytes() {
    // Text lines must be UTF-8; the error is at the line.
    newline_err(b"1\n\xff\n", &status_only("F"), ErrorKind::InvalidUtf8, 2);
    newline_err(
        b"1\nwww.\xc3.example\n",
        &status_only("F"),
        ErrorKind::InvalidUtf8,
        2,
    );
    newline_err(b"-16\n\xc3\n", &status_only(""), ErrorKind::InvalidUtf8, 4);
    newline_err(
        b"0\nIss\xffued\nComplete\n",
        &status_only("E"),
        ErrorKind::InvalidUtf8,
        2,
    );
    newline_err(
        b"0\nIssued\n\xed\xa0\x80\n",
        &status_only("E"),
        ErrorKind::InvalidUtf8,
        9,
    );
    // A NUL is a character like any other in a text line.
    let r = Response::parse_newline(b"1\nwww\0.example\n", &status_only("F")).unwrap();
    assert_eq!(r.fqdn.unwrap(), "www\0.example");
    // …and invalid base64 in a block.
    let body = b"2\n-----BEGIN CERTIFICATE-----\nAA\0A\n-----END CERTIFICATE-----\n";
    let r = Response::parse_newline(body, &crt()).unwrap();
    certificate_err(&r, ErrorKind::InvalidBase64, 32);

    // Format 1: in names anything goes (an unknown name); in values it
    // is an error of the value.
    let r = Response::parse_urlencoded(b"errorCode=0&\0=1&\xff%FF=2").unwrap();
    assert_eq!(r.other_parameters.iter().count(), 2);
    let err = Response::parse_urlencoded(b"errorCode=0\0").unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::InvalidNumber, Some(10))
    );
    let r = Response::parse_urlencoded(b"errorCode=1&fqdn=a\0b%00").unwrap();
    assert_eq!(r.fqdn.unwrap(), "a\0b\0");
    for (body, at) in [
        (&b"errorCode=0&fqdn=\xff"[..], 17),
        (b"errorCode=0&validationStatus=%C3%28", 29),
        (b"errorCode=-1&errorMessage=ab%ED%A0%80", 26),
    ] {
        let err = Response::parse_urlencoded(body).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::InvalidUtf8, Some(at)),
            "{body:?}"
        );
    }
}

#[test]
fn invalid_utf8_on_the_caa_line() {
    newline_err(b"1\n\xff\n", &status_only(""), ErrorKind::InvalidUtf8, 2);
}

#[test]
fn truncated_and_broken_pem() {
    let e = crt();
    let begin = "-----BEGIN CERTIFICATE-----\n";
    let cases: [(String, ErrorKind, usize); 8] = [
        // Truncated: no END line anywhere.
        (format!("2\n{begin}AAEC\n"), ErrorKind::UnexpectedEnd, 35),
        (format!("2\n{begin}AAEC"), ErrorKind::UnexpectedEnd, 34),
        (format!("2\n{begin}"), ErrorKind::UnexpectedEnd, 30),
        (
            "2\n-----BEGIN CERTIFICATE-----".to_owned(),
            ErrorKind::UnexpectedEnd,
            29,
        ),
        // No content, END not at a line start, END cut short.
        (
            format!("2\n{begin}-----END CERTIFICATE-----\n"),
            ErrorKind::InvalidPem,
            30,
        ),
        (
            format!("2\n{begin}AAEC-----END CERTIFICATE-----\n"),
            ErrorKind::InvalidPem,
            34,
        ),
        (
            format!("2\n{begin}AAEC\n-----END CERT"),
            ErrorKind::InvalidPem,
            35,
        ),
        // base64url's `-` is where the armor seems to start.
        (
            format!("2\n{begin}AA-A\n-----END CERTIFICATE-----\n"),
            ErrorKind::InvalidPem,
            32,
        ),
    ];
    for (body, kind, at) in cases {
        newline_err(body.as_bytes(), &e, kind, at);
    }
    // A chain cut short in its last block, and after its first.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/samples/issued-newline.body");
    let issued = fs::read(path).unwrap();
    let exp = chain_exp();
    let start = issued.windows(5).position(|w| w == b"-----").unwrap();
    let blocks_end = issued.windows(9).rposition(|w| w == b"-----END ").unwrap();
    let body = format!(
        "2\n{}",
        std::str::from_utf8(&issued[start..blocks_end - 40]).unwrap()
    );
    newline_err(body.as_bytes(), &exp, ErrorKind::UnexpectedEnd, body.len());
    let first_end = issued.windows(9).position(|w| w == b"-----END ").unwrap() + 26;
    let body = format!(
        "2\n{}",
        std::str::from_utf8(&issued[start..first_end]).unwrap()
    );
    newline_err(body.as_bytes(), &exp, ErrorKind::MissingLine, body.len());
}

#[test]
fn bad_base64_is_found_by_check_certificates() {
    let e = crt();
    // The content starts at byte 30: "2\n" and the BEGIN line.
    for (content, kind, at) in [
        ("AA*A", ErrorKind::InvalidBase64, 32),
        ("AA A", ErrorKind::InvalidBase64, 32),
        ("AA_A", ErrorKind::InvalidBase64, 32),
        ("AAAA\nAA*A", ErrorKind::InvalidBase64, 37),
        ("AAAA\r\nAA\tA", ErrorKind::InvalidBase64, 38),
        ("AA==\nAAAA", ErrorKind::InvalidBase64, 32),
    ] {
        let body =
            format!("2\n-----BEGIN CERTIFICATE-----\n{content}\n-----END CERTIFICATE-----\n");
        let r = Response::parse_newline(body.as_bytes(), &e).unwrap();
        certificate_err(&r, kind, at);
    }
    // Wrong length or padding: an error within the blob.
    for content in ["AAA", "AAAAA", "A", "AB==", "A===", "=AAA", "AAA=A"] {
        let body =
            format!("2\n-----BEGIN CERTIFICATE-----\n{content}\n-----END CERTIFICATE-----\n");
        let r = Response::parse_newline(body.as_bytes(), &e).unwrap();
        let err = r.check_certificates().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidBase64, "{content}");
        assert!(
            err.offset()
                .is_some_and(|at| (30..=30 + content.len()).contains(&at)),
            "{content}: {err}"
        );
    }
    // In the middle of a chain: the offset is in the body, not the block.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/samples/issued-newline.body");
    let mut body = fs::read(path).unwrap();
    let second = body
        .windows(11)
        .enumerate()
        .filter(|(_, w)| w == b"-----BEGIN ")
        .nth(1)
        .unwrap()
        .0;
    let at = second + "-----BEGIN CERTIFICATE-----\n".len() + 70;
    body[at] = b'*';
    let exp = exp(
        QueryType::CertificateAndChain,
        ResponseType::IndividuallyEncoded,
        "VFED",
    );
    let r = Response::parse_newline(&body, &exp).unwrap();
    certificate_err(&r, ErrorKind::InvalidBase64, at);
    let bad = r.ca_certificates.iter().nth(1).unwrap();
    assert_eq!(
        bad.decode_into(&mut [0u8; 4096]).unwrap_err().offset(),
        Some(at)
    );

    // Format 1: at the offset in the body.
    for (body, kind, at) in [
        (
            &b"errorCode=2&certificate=AA*A"[..],
            ErrorKind::InvalidBase64,
            26,
        ),
        (
            b"errorCode=2&caCertificate=QUFB&caCertificate=QU*B",
            ErrorKind::InvalidBase64,
            47,
        ),
        (b"errorCode=2&pkcs7=AA+A", ErrorKind::InvalidBase64, 20),
        (
            b"errorCode=2&zipFile=AAAA%0D%0AAA*A",
            ErrorKind::InvalidBase64,
            32,
        ),
        (b"errorCode=2&pkcs7=AA%zz", ErrorKind::InvalidEscape, 20),
    ] {
        let r = Response::parse_urlencoded(body).unwrap();
        certificate_err(&r, kind, at);
    }
}

#[test]
fn bad_base64_from_an_escape_is_located_at_the_escape() {
    let r = Response::parse_urlencoded(b"errorCode=2&certificate=AA%2AA").unwrap();
    certificate_err(&r, ErrorKind::InvalidBase64, 26);
}

#[test]
fn garbage_in_format_1() {
    for (body, kind, at) in [
        (
            &b"<html><body>502 Bad Gateway</body></html>"[..],
            ErrorKind::MissingLine,
            41,
        ),
        (b"\xff\xfe\x00\x01", ErrorKind::MissingLine, 4),
        (b"errorCode=2&errorCode", ErrorKind::RepeatedParameter, 12),
        (b"errorCode=0&fqdn=%", ErrorKind::InvalidEscape, 17),
        (
            b"errorCode=0&mdcDomainDetails=a.example",
            ErrorKind::InvalidDomainList,
            38,
        ),
        (
            b"errorCode=0&mdcDomainDetails=a.example+X%2Cb.example+Y",
            ErrorKind::InvalidDomainList,
            43,
        ),
        (b"errorCode=+2", ErrorKind::InvalidNumber, 10),
        (b"errorCode=2%20", ErrorKind::InvalidNumber, 10),
    ] {
        let err = Response::parse_urlencoded(body).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset(), err.line()),
            (kind, Some(at), None),
            "{body:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Never a panic.

fn any_expectation() -> impl Strategy<Value = Expectation> {
    (
        prop::sample::select(QueryType::ALL),
        prop::sample::select(ResponseType::ALL),
        prop::sample::select(ResponseEncoding::ALL),
        prop::sample::select(ResponseFormat::ALL),
        prop::array::uniform6(any::<bool>()),
    )
        .prop_map(|(q, r, encoding, format, flags)| {
            let mut e = Expectation::new(q);
            e.response_type = r;
            e.response_encoding = encoding;
            e.response_format = format;
            e.show_validity_period = flags[0];
            e.show_fqdn = flags[1];
            e.show_ext_status = flags[2];
            e.show_mdc_domain_details = flags[3];
            e.show_status_details = flags[4];
            e.show_mdc_domain_details2 = flags[5];
            e
        })
}

/// The sample bodies with the expectation their request implies.
fn samples() -> &'static [(Vec<u8>, Expectation)] {
    static SAMPLES: std::sync::OnceLock<Vec<(Vec<u8>, Expectation)>> = std::sync::OnceLock::new();
    SAMPLES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/samples");
        let mut all: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "body"))
            .collect();
        all.sort();
        all.into_iter()
            .map(|p| {
                let request = fs::read(p.with_extension("request")).unwrap();
                (fs::read(&p).unwrap(), Expectation::from_form(&request))
            })
            .collect()
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    Truncate(usize),
}

/// Bytes that matter to the grammars, to make mutations bite.
const INTERESTING: &[u8] = b"\n\r-=&%+0129 ABZaz/*,'\0\xff\xc3";

fn mutation() -> impl Strategy<Value = Mutation> {
    let byte = prop_oneof![prop::sample::select(INTERESTING), any::<u8>()];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Mutation::Set(i, b)),
        (any::<usize>(), prop::collection::vec(byte, 1..8))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1..64usize).prop_map(|(i, n)| Mutation::Remove(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(mut body: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = body.len();
        match m {
            Mutation::Set(i, b) if len > 0 => body[i % len] = *b,
            Mutation::Insert(i, bytes) => {
                let at = i % (len + 1);
                body.splice(at..at, bytes.iter().copied());
            }
            Mutation::Remove(i, n) if len > 0 => {
                let at = i % len;
                body.drain(at..(at + n).min(len));
            }
            Mutation::Truncate(i) => body.truncate(i % (len + 1)),
            _ => {}
        }
    }
    body
}

/// Uses every part of a parsed response as a caller would, checking what
/// must hold whatever the input was.
fn exercise(body: &[u8], r: &Response<'_>) -> Result<(), TestCaseError> {
    let mut sink = String::new();
    match r.check_certificates() {
        Ok(()) => {
            let mut buf = vec![0u8; 16 * 1024];
            for blob in r.blobs() {
                let len = blob.decoded_len()?;
                let out = blob.decode_into(&mut buf)?;
                prop_assert_eq!(out.len(), len);
            }
        }
        Err(e) => prop_assert!(
            e.offset().is_some_and(|at| at <= body.len()),
            "{e} beyond {}",
            body.len()
        ),
    }
    for blob in r.ca_certificates.iter() {
        if let Err(e) = blob.decode_into(&mut [0u8; 64]) {
            prop_assert!(
                e.kind() == ErrorKind::BufferTooSmall
                    || e.offset().is_some_and(|at| at <= body.len())
            );
        }
    }
    for list in [r.mdc_domain_details, r.mdc_domain_details2]
        .into_iter()
        .flatten()
    {
        for item in list.iter() {
            let item = item?;
            write!(sink, "{} {}", item.domain, item.status).unwrap();
        }
    }
    write!(sink, "{r:?}").unwrap();
    for text in [r.error_message, r.fqdn].into_iter().flatten() {
        write!(sink, "{text}").unwrap();
        text.char_count()?;
    }
    for (name, value) in r.other_parameters.iter() {
        write!(sink, "{name}={value}").unwrap();
    }
    // Encoding never panics; when it works, the length is exact.
    for format in ResponseFormat::ALL {
        let len = r.encoded_len(*format);
        let mut buf = vec![0u8; len];
        if let Ok(n) = r.encode(*format, &mut buf) {
            prop_assert_eq!(n, len);
        }
    }
    Ok(())
}

/// Checks a parse result: errors within the body, format-0 errors on the
/// line of their offset, successes usable.
fn check_result(
    body: &[u8],
    result: Result<Response<'_>, collectssl::Error>,
    newline: bool,
) -> Result<(), TestCaseError> {
    match result {
        Ok(r) => exercise(body, &r),
        Err(e) => {
            let at = e.offset();
            prop_assert!(
                at.is_some_and(|at| at <= body.len()),
                "{e} beyond {}",
                body.len()
            );
            if newline {
                let line = at.map(|at| line_of(body, at));
                prop_assert_eq!(e.line().map(|l| l.get()), line);
            } else {
                prop_assert_eq!(e.line(), None);
            }
            Ok(())
        }
    }
}

/// A body that parsed, encoded again and parsed again, gives the same value.
fn idempotent(body: &[u8], exp: &Expectation) -> Result<(), TestCaseError> {
    if let Ok(r) = Response::parse_urlencoded(body) {
        let mut buf = vec![0u8; r.encoded_len(ResponseFormat::UrlEncoded)];
        if r.check_certificates().is_ok() && r.encode(ResponseFormat::UrlEncoded, &mut buf).is_ok()
        {
            prop_assert_eq!(Response::parse_urlencoded(&buf)?, r);
        }
    }
    if let Ok(r) = Response::parse_newline(body, exp) {
        let mut buf = vec![0u8; r.encoded_len(ResponseFormat::NewlineDelimited)];
        // The encoder refuses what format 0 cannot carry (an empty block, a
        // text line that starts like armor); whatever it writes reads back.
        if r.check_certificates().is_ok()
            && r.encode(ResponseFormat::NewlineDelimited, &mut buf).is_ok()
        {
            prop_assert_eq!(Response::parse_newline(&buf, &r.expectation())?, r);
        }
    }
    Ok(())
}

fn all_entry_points(body: &[u8], exp: &Expectation) -> Result<(), TestCaseError> {
    check_result(body, Response::parse_newline(body, exp), true)?;
    check_result(body, Response::parse_urlencoded(body), false)?;
    let newline = Format::detect(body, exp) == Format::NewlineDelimited;
    check_result(body, Response::parse(body, exp), newline)?;
    idempotent(body, exp)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..512),
            prop::collection::vec(prop::sample::select(INTERESTING), 0..256),
        ],
        exp in any_expectation(),
    ) {
        all_entry_points(&body, &exp)?;
        // The same bytes as a request, read leniently for its expectation.
        let lenient = Expectation::from_form(&body);
        all_entry_points(&body, &lenient)?;
    }

    #[test]
    fn mutated_sample_bodies_never_panic(
        index in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
        own_expectation in any::<bool>(),
        other in any_expectation(),
    ) {
        let (body, sample_exp) = index.get(samples());
        let body = mutate(body.clone(), &mutations);
        let exp = if own_expectation { *sample_exp } else { other };
        all_entry_points(&body, &exp)?;
    }
}

#[test]
fn blobs_of_any_bytes_never_panic() {
    // Every encoding, every byte value at every position of a short blob.
    let encodings: [fn(&[u8]) -> Blob<'_>; 3] = [
        |r| Blob::base64(r),
        |r| Blob::form_base64(r),
        |r| Blob::binary(r),
    ];
    for encoding in encodings {
        for len in 0..6 {
            for pos in 0..len {
                for byte in 0..=255u8 {
                    let mut raw = vec![b'A'; len];
                    raw[pos] = byte;
                    let blob = encoding(&raw);
                    let _ = blob.decoded_len();
                    let _ = blob.decode_into(&mut [0u8; 8]);
                    let _ = blob.decode_into(&mut [0u8; 0]);
                    if let Err(e) = blob.decode_into(&mut [0u8; 8]) {
                        assert!(e.offset().is_some_and(|at| at <= raw.len()), "{raw:?}: {e}");
                    }
                }
            }
        }
    }
}
