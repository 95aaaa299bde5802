//! The body of `responseEncoding=1` (docs/reading-the-spec.md#binary): with the
//! certificates ready it is the raw ZIP or DER PKCS#7, otherwise a text
//! answer in the requested format. DER starts with `0x30`, which is ASCII
//! `0`: `0`, `0\n` and `-16\n…` are text.

use std::fs;
use std::path::Path;

use collectssl::response::{Expectation, Format, Response};
use collectssl::{
    Blob, BlobEncoding, ErrorKind, QueryType, ResponseEncoding, ResponseFormat, ResponseType,
    Status,
};

fn sample(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/samples/{name}"));
    fs::read(path).unwrap()
}

/// What a binary request for `response_type` in `format` implies.
fn binary(format: ResponseFormat, response_type: ResponseType) -> Expectation {
    let mut exp = Expectation::new(QueryType::CertificateAndChain);
    exp.response_type = response_type;
    exp.response_encoding = ResponseEncoding::Binary;
    exp.response_format = format;
    exp
}

const FORMATS: [ResponseFormat; 2] = [ResponseFormat::NewlineDelimited, ResponseFormat::UrlEncoded];
const TYPES: [ResponseType; 2] = [ResponseType::Zip, ResponseType::Pkcs7];

fn text_format(format: ResponseFormat) -> Format {
    match format {
        ResponseFormat::NewlineDelimited => Format::NewlineDelimited,
        ResponseFormat::UrlEncoded => Format::UrlEncoded,
    }
}

/// The binary bodies: real DER and ZIP, and the smallest shapes of each.
fn binary_bodies() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("pkcs7 sample", sample("pkcs7-binary.body")),
        ("zip sample", sample("zip-binary.body")),
        ("short DER", vec![0x30, 0x03, 0x02, 0x01, 0x00]),
        ("long-form DER", vec![0x30, 0x82, 0x05, 0x00, 0x06, 0x09]),
        ("indefinite DER", vec![0x30, 0x80, 0x00, 0x00]),
        (
            "empty ZIP",
            b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec(),
        ),
        ("ZIP entry", b"PK\x03\x04\x14\0\0\0\x08\0".to_vec()),
    ]
}

#[test]
fn binary_bodies_are_the_container_asked_for() {
    for format in FORMATS {
        for response_type in TYPES {
            let exp = binary(format, response_type);
            for (name, body) in binary_bodies() {
                // The newline-delimited trap only: a ZIP never starts with a
                // digit, and format 1 tells text by its first bytes.
                if format == ResponseFormat::UrlEncoded
                    && !(body.starts_with(b"PK\x03\x04") || body[0] == 0x30)
                {
                    continue;
                }
                let what = format!("{format:?} {response_type:?} {name}");
                assert_eq!(Format::detect(&body, &exp), Format::Binary, "{what}");
                let r = Response::parse(&body, &exp).unwrap();
                assert_eq!(r.status, Status::CertificatesAttached, "{what}");
                let blob = Blob::binary(&body);
                let (zip, pkcs7) = match response_type {
                    ResponseType::Zip => (Some(blob), None),
                    _ => (None, Some(blob)),
                };
                assert_eq!((r.zip_file, r.pkcs7), (zip, pkcs7), "{what}");
                let got = r.container().unwrap();
                assert_eq!(got.encoding(), BlobEncoding::Binary, "{what}");
                assert_eq!(got.raw(), &body[..], "{what}");
                assert_eq!(got.decoded_len().unwrap(), body.len(), "{what}");
                assert_eq!(r.blobs().count(), 1, "{what}");
                assert!(r.ca_certificates.is_empty() && r.certificate.is_none());
                assert!(r.error_message.is_none() && r.caa_status.is_none());
                r.check_certificates().unwrap();
                let mut buf = vec![0u8; body.len()];
                assert_eq!(got.decode_into(&mut buf).unwrap(), &body[..]);
            }
        }
    }
}

#[test]
fn the_zero_trap_in_format_0() {
    let denied = Response::error(Status::PermissionDenied, "Permission denied!");
    let pending = Response::new(Status::BeingProcessed);
    let cases: [(&[u8], Response<'static>); 8] = [
        (b"0", pending),
        (b"0\n", pending),
        (b"0\r\n", pending),
        (b"-16\nPermission denied!\n", denied),
        (b"-16\r\nPermission denied!", denied),
        (b"1\n", Response::new(Status::CertificatesAvailable)),
        (
            b"-22\nStill awaiting payment!\n",
            Response::error(Status::AwaitingPayment, "Still awaiting payment!"),
        ),
        (
            b"-26\nNew\n",
            Response::error(Status::from_code(-26), "New"),
        ),
    ];
    for response_type in TYPES {
        let exp = binary(ResponseFormat::NewlineDelimited, response_type);
        for (body, want) in cases {
            let what = String::from_utf8_lossy(body);
            assert_eq!(
                Format::detect(body, &exp),
                Format::NewlineDelimited,
                "{what}"
            );
            assert_eq!(Response::parse(body, &exp).unwrap(), want, "{what}");
            assert_eq!(Response::parse_newline(body, &exp).unwrap(), want, "{what}");
        }
        // A text answer is read with the request's show flags.
        let mut exp_ext = exp;
        exp_ext.show_ext_status = true;
        let r = Response::parse(b"0\nAwaiting Validation\nComplete\n", &exp_ext).unwrap();
        assert_eq!(r.status, Status::BeingProcessed);
        assert!(r.certificate_status.is_some());
        // A text answer that goes wrong is an error, not a binary body
        // (the strict reading; the tolerant one reads these).
        let err = Response::parse_strict(b"-16\n", &exp).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::MissingLine, Some(4))
        );
        let err = Response::parse_strict(b"0\nextra\nmore\n", &exp).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::UnexpectedLine, Some(8))
        );
        let r = Response::parse(b"-16\n", &exp).unwrap();
        assert_eq!(
            (r.status, r.error_message),
            (Status::PermissionDenied, None)
        );
        let r = Response::parse(b"0\nextra\nmore\n", &exp).unwrap();
        assert_eq!(r.other_lines.iter().collect::<Vec<_>>(), [&b"more"[..]]);
        // A first line that is no decimal integer is binary, even if it
        // starts with `0` or a digit.
        for body in [&b"0x"[..], b"00 \n", b"0-\n", b"2 \n", b"+2\n", b"\x30\x82"] {
            assert_eq!(Format::detect(body, &exp), Format::Binary, "{body:?}");
        }
        // docs/reading-the-spec.md#binary: a first line of digits is text, even where it
        // could be a tiny DER SEQUENCE (0x30 0x0a = `0\n`, 0x30 0x31 = `01`).
        for body in [
            &[0x30u8, 0x0a, 0x02][..],
            &[0x30, 0x31, 0x0a],
            &[0x30, 0x0d, 0x0a],
        ] {
            assert_eq!(
                Format::detect(body, &exp),
                Format::NewlineDelimited,
                "{body:?}"
            );
        }
    }
}

#[test]
fn text_answers_in_format_1() {
    let cases: [(&[u8], Response<'static>); 4] = [
        (
            b"errorCode=-16&errorMessage=Permission+denied%21",
            Response::error(Status::PermissionDenied, "Permission denied!"),
        ),
        (
            b"errorMessage=An+unknown+error+occurred%21&errorCode=-14",
            Response::error(Status::UnknownError, "An unknown error occurred!"),
        ),
        (b"errorCode=0", Response::new(Status::BeingProcessed)),
        (b"errorCode=0\r\n", Response::new(Status::BeingProcessed)),
    ];
    for response_type in TYPES {
        let exp = binary(ResponseFormat::UrlEncoded, response_type);
        for (body, want) in cases {
            let what = String::from_utf8_lossy(body);
            assert_eq!(Format::detect(body, &exp), Format::UrlEncoded, "{what}");
            assert_eq!(Response::parse(body, &exp).unwrap(), want, "{what}");
        }
        // An empty body is no ZIP or DER: a format-1 answer without errorCode.
        assert_eq!(Format::detect(b"", &exp), Format::UrlEncoded);
        let err = Response::parse(b"", &exp).unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::MissingLine, Some(0))
        );
    }
}

#[test]
fn without_response_encoding_1_nothing_is_binary() {
    for format in FORMATS {
        for response_type in TYPES {
            let mut exp = binary(format, response_type);
            exp.response_encoding = ResponseEncoding::Base64;
            for (name, body) in binary_bodies() {
                assert_eq!(Format::detect(&body, &exp), text_format(format), "{name}");
                // Read as text, a DER or ZIP body is an error.
                assert!(Response::parse(&body, &exp).is_err(), "{format:?} {name}");
            }
            let err = Response::parse(&sample("pkcs7-binary.body"), &exp).unwrap_err();
            if format == ResponseFormat::NewlineDelimited {
                assert_eq!(
                    (err.kind(), err.offset()),
                    (ErrorKind::InvalidNumber, Some(0))
                );
                assert_eq!(err.line().map(|l| l.get()), Some(1));
            }
        }
    }
}

#[test]
fn a_binary_answer_equals_the_same_answer_in_base64() {
    for (name, response_type) in [
        ("pkcs7-binary.body", ResponseType::Pkcs7),
        ("zip-binary.body", ResponseType::Zip),
    ] {
        let body = sample(name);
        for format in FORMATS {
            let exp = binary(format, response_type);
            let r = Response::parse(&body, &exp).unwrap();
            // Encoded as text, in either format, it reads back equal.
            let mut base64_exp = exp;
            base64_exp.response_encoding = ResponseEncoding::Base64;
            for text in FORMATS {
                let mut buf = vec![0u8; r.encoded_len(text)];
                let n = r.encode(text, &mut buf).unwrap();
                assert_eq!(n, buf.len());
                let mut text_exp = base64_exp;
                text_exp.response_format = text;
                let again = Response::parse(&buf, &text_exp).unwrap();
                assert_eq!(again, r, "{name} {format:?} → {text:?}");
                again.check_certificates().unwrap();
                // The same text answer, sent to the binary request, is
                // told apart from a binary body and reads equal too.
                let mut binary_text_exp = exp;
                binary_text_exp.response_format = text;
                assert_eq!(Format::detect(&buf, &binary_text_exp), text_format(text));
                assert_eq!(Response::parse(&buf, &binary_text_exp).unwrap(), r);
            }
            // The format-0 encoding is one armored block with the type's label.
            let mut pem = vec![0u8; r.encoded_len(ResponseFormat::NewlineDelimited)];
            r.encode(ResponseFormat::NewlineDelimited, &mut pem)
                .unwrap();
            let label = match response_type {
                ResponseType::Zip => "ZIP",
                _ => "PKCS7",
            };
            assert!(pem.starts_with(format!("2\n-----BEGIN {label}-----\n").as_bytes()));
            assert!(pem.ends_with(format!("\n-----END {label}-----\n").as_bytes()));
        }
    }
    // The shipped PKCS#7 in format 0 is the binary sample's data.
    let binary_body = sample("pkcs7-binary.body");
    let text_body = sample("pkcs7-newline.body");
    let exp = binary(ResponseFormat::NewlineDelimited, ResponseType::Pkcs7);
    assert_eq!(Format::detect(&text_body, &exp), Format::NewlineDelimited);
    assert_eq!(
        Response::parse(&text_body, &exp).unwrap(),
        Response::parse(&binary_body, &exp).unwrap()
    );
}
