//! What the fuzz targets assert, one function per target.
//!
//! Each target in `fuzz_targets/` is one line that calls the function of
//! its name here, and `tests/fuzz_corpus_replay.rs` includes this file to
//! run every committed corpus and crash file through the same function: a
//! crash that was fixed stays fixed, with the same assertions.
//!
//! Targets that read a response body under an expectation take it from a
//! two-byte header (see [`split_header`]); the value targets build a
//! `Request` or `Response` from `arbitrary` plain data.

#![forbid(unsafe_code)]

use std::fmt::Write as _;

use arbitrary::{Arbitrary, Unstructured};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use collectssl::response::{CaCertificates, Expectation, Format, Response};
use collectssl::{
    Blob, BlobEncoding, CaaStatus, CertificateStatus, Date, DcvStatus, DetailStatus, Error,
    ErrorKind, MdcDomain, MdcDomainDetails, Password, QueryType, Request, ResponseEncoding,
    ResponseFormat, ResponseType, Status, StatusDetails, Text, ValidationStatus, form,
};

/// A target: its name (the folder of its corpus) and what it asserts.
pub type Target = (&'static str, fn(&[u8]));

/// Every target.
pub const TARGETS: &[Target] = &[
    ("request_parse", request_parse),
    ("response_newline", response_newline),
    ("response_urlencoded", response_urlencoded),
    ("response_detect", response_detect),
    ("blob_decode", blob_decode),
    ("values", values),
    ("request_value", request_value),
    ("response_value", response_value),
    ("containers", containers),
    ("base64_differential", base64_differential),
];

// ---------------------------------------------------------------------------
// The expectation header.

/// The expectation of a two-byte header.
///
/// Byte 0: bit 0 `showValidityPeriod`, 1 `showFQDN`, 2 `showExtStatus`,
/// 3 `showMDCDomainDetails`, 4 `showStatusDetails`, 5
/// `showMDCDomainDetails2`, bits 6–7 `queryType`. Byte 1: bits 0–1
/// `responseType`, bit 2 `responseEncoding=1`, bit 3 `responseFormat=1`;
/// the other bits are ignored.
pub fn expectation(header: [u8; 2]) -> Expectation {
    let [flags, shape] = header;
    let query = QueryType::ALL[usize::from(flags >> 6)];
    let mut exp = Expectation::new(query);
    exp.show_validity_period = flags & 1 != 0;
    exp.show_fqdn = flags & 2 != 0;
    exp.show_ext_status = flags & 4 != 0;
    exp.show_mdc_domain_details = flags & 8 != 0;
    exp.show_status_details = flags & 16 != 0;
    exp.show_mdc_domain_details2 = flags & 32 != 0;
    exp.response_type = ResponseType::ALL[usize::from(shape & 3)];
    if shape & 4 != 0 {
        exp.response_encoding = ResponseEncoding::Binary;
    }
    if shape & 8 != 0 {
        exp.response_format = ResponseFormat::UrlEncoded;
    }
    exp
}

/// The header of an expectation: the inverse of [`expectation`].
pub fn header(exp: &Expectation) -> [u8; 2] {
    let bit = |on: bool, at: u8| u8::from(on) << at;
    let flags = bit(exp.show_validity_period, 0)
        | bit(exp.show_fqdn, 1)
        | bit(exp.show_ext_status, 2)
        | bit(exp.show_mdc_domain_details, 3)
        | bit(exp.show_status_details, 4)
        | bit(exp.show_mdc_domain_details2, 5)
        | exp.query_type.code() << 6;
    let shape = exp.response_type.code()
        | bit(exp.response_encoding == ResponseEncoding::Binary, 2)
        | bit(exp.response_format == ResponseFormat::UrlEncoded, 3);
    [flags, shape]
}

/// The expectation of the first two bytes, and the body after them.
pub fn split_header(data: &[u8]) -> Option<(Expectation, &[u8])> {
    match data {
        [flags, shape, body @ ..] => Some((expectation([*flags, *shape]), body)),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Shared checks.

/// Encodes `r` in `format` through every entry point and checks that they
/// agree: `encoded_len` is exact, a buffer of exactly that size is enough
/// and one byte less is not, `write_to` writes the same bytes.
fn encode_response(r: &Response<'_>, format: ResponseFormat) -> Result<Vec<u8>, Error> {
    let len = r.encoded_len(format);
    let mut buf = vec![0u8; len];
    let result = r.encode(format, &mut buf);
    let mut text = String::new();
    let written = r.write_to(format, &mut text);
    match result {
        Ok(n) => {
            assert_eq!(n, len, "encoded_len is not exact");
            assert_eq!(written, Ok(()));
            assert_eq!(text.as_bytes(), &buf[..], "write_to differs from encode");
            if let Some(short) = len.checked_sub(1) {
                let mut small = vec![0u8; short];
                let err = r.encode(format, &mut small).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::BufferTooSmall);
            }
            Ok(buf)
        }
        Err(err) => {
            assert_ne!(
                err.kind(),
                ErrorKind::BufferTooSmall,
                "encoded_len is too small"
            );
            assert_eq!(written, Err(err), "write_to and encode disagree");
            // Refused before the first byte, whatever the reason.
            assert!(
                buf.iter().all(|&b| b == 0),
                "a refusal wrote part of the body"
            );
            assert_eq!(text, "", "a refusal wrote part of the body");
            Err(err)
        }
    }
}

/// Whether an encoder may refuse `r` with `err`: a value the format cannot
/// carry, or a certificate whose base64 is broken.
fn may_refuse(r: &Response<'_>, err: Error) -> bool {
    match err.kind() {
        ErrorKind::Unrepresentable => true,
        ErrorKind::InvalidBase64 | ErrorKind::InvalidEscape => r.check_certificates().is_err(),
        _ => false,
    }
}

/// Uses every read-only accessor of a parsed response, for panics.
fn observe(r: &Response<'_>, size: usize) {
    // `Debug` lists a blob's bytes: worth it on small bodies only.
    if size < 512 {
        let _ = format!("{r:?}");
    }
    let checked = r.check_certificates();
    let mut all_ok = true;
    for blob in r.blobs() {
        all_ok &= blob_consistent(blob, false).is_ok();
    }
    assert_eq!(
        checked.is_ok(),
        all_ok,
        "check_certificates and decoding disagree"
    );
    for list in [r.mdc_domain_details, r.mdc_domain_details2]
        .into_iter()
        .flatten()
    {
        assert_eq!(list.validate(), Ok(()), "a parsed list does not validate");
        for item in list.iter() {
            let item = item.expect("a parsed list has a bad item");
            let _ = (item.to_string(), item.domain.char_count());
        }
        let _ = list.to_string();
    }
    let texts = [r.error_message, r.fqdn].into_iter().flatten();
    for text in texts {
        let _ = text.to_string();
    }
    let _ = (
        r.certificate_status.map(|s| s.to_string()),
        r.validation_status.map(|s| s.to_string()),
        r.caa_status.map(|s| s.to_string()),
        r.status.to_string(),
        r.status.message(),
    );
    for (name, value) in r.other_parameters.iter() {
        let _ = (name.to_string(), value.to_string());
    }
    let _ = r.container();
}

/// Decodes `blob` every way there is and checks that the ways agree; the
/// decoded bytes when it is valid.
///
/// `thorough` adds what is slow and seldom differs: `check` on its own, and
/// a buffer one byte short.
fn blob_consistent(blob: Blob<'_>, thorough: bool) -> Result<Vec<u8>, Error> {
    let len = blob.decoded_len();
    let mut chunks = Vec::new();
    let streamed = blob.for_each_chunk(|chunk| {
        chunks.extend_from_slice(chunk);
        Ok(())
    });
    if thorough {
        assert_eq!(blob.check(), streamed, "check and for_each_chunk disagree");
    }
    match streamed {
        Ok(()) => {
            let len = len.expect("valid base64 without a decoded_len");
            assert_eq!(len, chunks.len(), "decoded_len is not exact");
            let mut out = vec![0u8; len];
            let decoded = blob.decode_into(&mut out).expect("decode_into fails");
            assert_eq!(decoded, &chunks[..]);
            if let Some(short) = len.checked_sub(1).filter(|_| thorough) {
                let mut small = vec![0u8; short];
                let err = blob.decode_into(&mut small).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::BufferTooSmall);
            }
            assert_eq!(blob, Blob::binary(&chunks), "a blob is not its bytes");
            Ok(chunks)
        }
        Err(err) => {
            let mut out = vec![0u8; blob.raw().len()];
            assert_eq!(
                blob.decode_into(&mut out),
                Err(err),
                "decode_into and check disagree"
            );
            assert!(
                matches!(
                    err.kind(),
                    ErrorKind::InvalidBase64 | ErrorKind::InvalidEscape
                ),
                "{err:?}"
            );
            let end = blob.offset() + blob.raw().len();
            assert!(
                err.offset()
                    .is_some_and(|at| at >= blob.offset() && at <= end),
                "{err:?}"
            );
            Err(err)
        }
    }
}

/// A format-0 parse error sits in the body, on the line it names.
fn located(body: &[u8], err: Error) {
    let at = err.offset().expect("a parse error is at a byte");
    assert!(at <= body.len(), "{err:?} past the end");
    let line = body[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    assert_eq!(
        err.line().map(|l| l.get() as usize),
        Some(line),
        "{err:?} names the wrong line"
    );
    let _ = err.to_string();
}

/// The format-0 encoding of a response parses back to it under `exp`, with
/// both readings, and re-encodes to the same bytes.
fn newline_round_trip(r: &Response<'_>, exps: &[Expectation]) {
    let bytes = match encode_response(r, ResponseFormat::NewlineDelimited) {
        Ok(bytes) => bytes,
        Err(err) => {
            assert!(may_refuse(r, err), "format 0 refused {r:?}: {err:?}");
            return;
        }
    };
    for exp in exps {
        let back = Response::parse_newline_strict(&bytes, exp)
            .unwrap_or_else(|e| panic!("{r:?} encoded as {bytes:?} does not parse: {e:?}"));
        assert_eq!(&back, r, "format 0 changed the value");
        assert_eq!(
            Response::parse_newline(&bytes, exp).as_ref(),
            Ok(r),
            "the tolerant reading differs from the strict one"
        );
        let again = encode_response(&back, ResponseFormat::NewlineDelimited).unwrap();
        assert_eq!(again, bytes, "format 0 is not a fixed point");
        // The binary-or-text decision reads every encoding as text.
        let mut binary = *exp;
        binary.response_encoding = ResponseEncoding::Binary;
        binary.response_format = ResponseFormat::NewlineDelimited;
        assert_eq!(Format::detect(&bytes, &binary), Format::NewlineDelimited);
        assert_eq!(Response::parse(&bytes, &binary).as_ref(), Ok(r));
        assert_eq!(Response::parse_strict(&bytes, &binary).as_ref(), Ok(r));
    }
}

/// The format-1 encoding of a response parses back to it, and re-encodes to
/// the same bytes.
fn urlencoded_round_trip(r: &Response<'_>) {
    let bytes = match encode_response(r, ResponseFormat::UrlEncoded) {
        Ok(bytes) => bytes,
        Err(err) => {
            assert!(may_refuse(r, err), "format 1 refused {r:?}: {err:?}");
            return;
        }
    };
    let back = Response::parse_urlencoded_strict(&bytes)
        .unwrap_or_else(|e| panic!("{r:?} encoded as {bytes:?} does not parse: {e:?}"));
    assert_eq!(&back, r, "format 1 changed the value");
    assert_eq!(
        Response::parse_urlencoded(&bytes).as_ref(),
        Ok(r),
        "the tolerant reading differs from the strict one"
    );
    let again = encode_response(&back, ResponseFormat::UrlEncoded).unwrap();
    assert_eq!(again, bytes, "format 1 is not a fixed point");
    let mut binary = Expectation::new(QueryType::CertificateAndChain);
    binary.response_encoding = ResponseEncoding::Binary;
    binary.response_format = ResponseFormat::UrlEncoded;
    assert_eq!(Format::detect(&bytes, &binary), Format::UrlEncoded);
}

// ---------------------------------------------------------------------------
// Byte targets.

/// `Request::parse`: no panic; a refusal names a place in the body and
/// gives the server's answer; an accepted request encodes (with
/// `encoded_len` exact), parses back equal, re-encodes to the same bytes,
/// implies the expectation `Expectation::from_form` reads, and never shows
/// its password in `Debug`.
pub fn request_parse(body: &[u8]) {
    let lenient = Expectation::from_form(body);
    let request = match Request::parse(body) {
        Ok(request) => request,
        Err(err) => {
            assert!(err.offset().is_some_and(|at| at <= body.len()), "{err:?}");
            let _ = (err.to_string(), format!("{err:?}"), Error::from(err));
            // The message quotes the name, a bad byte as U+FFFD (3 bytes).
            let mut message = vec![0u8; 3 * body.len() + 64];
            let answer = Response::from_request_error(&err, &mut message).unwrap();
            for format in [ResponseFormat::NewlineDelimited, ResponseFormat::UrlEncoded] {
                let bytes = match encode_response(&answer, format) {
                    Ok(bytes) => bytes,
                    // A name with a line break cannot be quoted on one line.
                    Err(e) if e.kind() == ErrorKind::Unrepresentable => {
                        assert_eq!(format, ResponseFormat::NewlineDelimited);
                        assert!(
                            answer
                                .error_message
                                .unwrap()
                                .to_string()
                                .contains(['\r', '\n'])
                        );
                        continue;
                    }
                    Err(e) => panic!("{answer:?}: {e:?}"),
                };
                let back = match format {
                    ResponseFormat::NewlineDelimited => {
                        Response::parse_newline(&bytes, &Expectation::new(QueryType::StatusOnly))
                    }
                    ResponseFormat::UrlEncoded => Response::parse_urlencoded(&bytes),
                };
                assert_eq!(back, Ok(answer));
            }
            return;
        }
    };
    assert_eq!(
        request.validate(),
        Ok(()),
        "a parsed request does not validate"
    );
    assert_eq!(
        lenient,
        Expectation::from(&request),
        "from_form reads a valid request differently"
    );
    let bytes = request_bytes(&request).expect("a parsed request does not encode");
    let back = Request::parse(&bytes).expect("an encoded request is refused");
    assert_eq!(back, request, "a request changed on the way");
    assert_eq!(request_bytes(&back).unwrap(), bytes, "not a fixed point");
    password_hidden(&request);
}

/// Encodes a request through both entry points; they must agree and
/// `encoded_len` must be exact.
fn request_bytes(r: &Request<'_>) -> Result<Vec<u8>, Error> {
    let len = r.encoded_len();
    let mut buf = vec![0u8; len];
    let result = r.encode(&mut buf);
    let mut text = String::new();
    let written = r.write_to(&mut text);
    match result {
        Ok(n) => {
            assert_eq!(n, len, "encoded_len is not exact");
            assert_eq!(written, Ok(()));
            assert_eq!(text.as_bytes(), &buf[..]);
            if let Some(short) = len.checked_sub(1) {
                let mut small = vec![0u8; short];
                assert_eq!(
                    r.encode(&mut small).unwrap_err().kind(),
                    ErrorKind::BufferTooSmall
                );
            }
            Ok(buf)
        }
        Err(err) => {
            assert_eq!(r.validate(), Err(err), "encode refused a valid request");
            assert_eq!(written, Err(err));
            Err(err)
        }
    }
}

/// `Debug` of a request does not depend on its password.
fn password_hidden(r: &Request<'_>) {
    let mut other = *r;
    other.login_password = Password::new(Text::plain("\u{1F511} other"));
    assert_eq!(
        format!("{r:?}"),
        format!("{other:?}"),
        "Debug shows the password"
    );
}

/// Format 0 under any expectation, with both readings: no panic; an error
/// sits in the body on the line it names; whatever the strict reading
/// accepts, the tolerant one accepts with an equal value; a parse has
/// consistent certificates, and its encodings (where the encoders can
/// carry it) parse back equal, in format 0 under the same expectation and
/// under `Response::expectation`.
pub fn response_newline(data: &[u8]) {
    let Some((exp, body)) = split_header(data) else {
        return;
    };
    let strict = Response::parse_newline_strict(body, &exp);
    let tolerant = Response::parse_newline(body, &exp);
    if let Ok(r) = &strict {
        assert_eq!(
            tolerant.as_ref(),
            Ok(r),
            "tolerant differs on a strict body"
        );
    }
    // A strict value reads back under the expectation it was read with; a
    // tolerant one only under its own (an absent FQDN, say, cannot be
    // written where the request implies a line).
    for (parsed, original) in [(strict, true), (tolerant, false)] {
        match parsed {
            Ok(r) => {
                observe(&r, body.len());
                let exps = if original {
                    vec![exp, r.expectation()]
                } else {
                    vec![r.expectation()]
                };
                newline_round_trip(&r, &exps);
                urlencoded_round_trip(&r);
            }
            Err(err) => located(body, err),
        }
    }
}

/// `Response::parse_urlencoded`: no panic; an error sits in the body; a
/// parse re-encodes to format 1 and parses back equal, and to format 0
/// unless that cannot carry it.
pub fn response_urlencoded(body: &[u8]) {
    let strict = Response::parse_urlencoded_strict(body);
    let tolerant = Response::parse_urlencoded(body);
    if let Ok(r) = &strict {
        assert_eq!(
            tolerant.as_ref(),
            Ok(r),
            "tolerant differs on a strict body"
        );
        // What the strict reading accepts, the format-1 encoder carries.
        if let Err(err) = encode_response(r, ResponseFormat::UrlEncoded) {
            assert_ne!(err.kind(), ErrorKind::Unrepresentable, "{r:?}");
        }
    }
    for parsed in [strict, tolerant] {
        let r = match parsed {
            Ok(r) => r,
            Err(err) => {
                assert!(err.offset().is_some_and(|at| at <= body.len()), "{err:?}");
                let _ = err.to_string();
                continue;
            }
        };
        observe(&r, body.len());
        urlencoded_round_trip(&r);
        newline_round_trip(&r, &[r.expectation()]);
    }
}

/// `Format::detect` and `Response::parse`: the decision is the one the
/// request allows (text unless `responseEncoding=1`), `parse` follows it,
/// a binary body becomes the one container asked for, whole, and a body
/// the format-0 parser accepts is never taken for binary.
pub fn response_detect(data: &[u8]) {
    let Some((exp, body)) = split_header(data) else {
        return;
    };
    let format = Format::detect(body, &exp);
    let text = match exp.response_format {
        ResponseFormat::NewlineDelimited => Format::NewlineDelimited,
        ResponseFormat::UrlEncoded => Format::UrlEncoded,
    };
    if exp.response_encoding == ResponseEncoding::Base64 || body.is_empty() {
        assert_eq!(format, text);
    }
    let parsed = Response::parse(body, &exp);
    match format {
        Format::NewlineDelimited => {
            assert_eq!(format, text);
            assert_eq!(parsed, Response::parse_newline(body, &exp));
            let strict = Response::parse_strict(body, &exp);
            assert_eq!(strict, Response::parse_newline_strict(body, &exp));
        }
        Format::UrlEncoded => {
            assert_eq!(format, text);
            assert_eq!(parsed, Response::parse_urlencoded(body));
            let strict = Response::parse_strict(body, &exp);
            assert_eq!(strict, Response::parse_urlencoded_strict(body));
        }
        Format::Binary => {
            assert_eq!(exp.response_encoding, ResponseEncoding::Binary);
            let r = parsed.expect("a binary body is refused");
            assert_eq!(r.status, Status::CertificatesAttached);
            let blobs: Vec<_> = r.blobs().collect();
            assert_eq!(blobs.len(), 1);
            assert_eq!(blobs[0].raw(), body);
            assert_eq!(blobs[0].encoding(), BlobEncoding::Binary);
            observe(&r, body.len());
            assert_eq!(Response::parse_strict(body, &exp), Ok(r));
            if exp.response_format == ResponseFormat::NewlineDelimited {
                assert!(
                    Response::parse_newline_strict(body, &exp).is_err(),
                    "a format-0 answer was taken for binary"
                );
            }
            // What arrived binary encodes as text and reads back equal.
            urlencoded_round_trip(&r);
            newline_round_trip(&r, &[r.expectation()]);
        }
    }
}

/// Blob decoding: every way of decoding agrees, and agrees with a plain
/// reference (drop the line breaks, decode with the `base64` crate); a
/// valid blob written as PEM or as format 1 reads back as the same bytes.
///
/// Byte 0 picks the encoding (0 base64, 1 form-encoded base64, 2 binary).
pub fn blob_decode(data: &[u8]) {
    let Some((&kind, raw)) = data.split_first() else {
        return;
    };
    let blob = match kind % 3 {
        0 => Blob::base64(raw),
        1 => Blob::form_base64(raw),
        _ => Blob::binary(raw),
    };
    let reference = reference_decode(blob);
    let decoded = blob_consistent(blob, true);
    match (&decoded, &reference) {
        (Ok(ours), Some(theirs)) => assert_eq!(ours, theirs),
        (Err(_), None) => {}
        _ => panic!("decoded {decoded:?}, the reference {reference:?}"),
    }
    let Ok(bytes) = decoded else {
        return;
    };
    // As PEM, in a format-0 body of a `queryType=2` answer.
    let mut pem = String::from("2\n");
    blob.write_pem("CERTIFICATE", &mut pem).unwrap();
    if bytes.is_empty() {
        // A PEM block needs a line of base64.
        assert!(Response::parse_newline(pem.as_bytes(), &crt()).is_err());
        return;
    }
    assert!(pem.lines().all(|l| l.len() <= 64 || l.starts_with("-----")));
    let r = Response::parse_newline(pem.as_bytes(), &crt()).expect("written PEM is refused");
    assert_eq!(r.certificate, Some(Blob::binary(&bytes)));
    let mut response = Response::new(Status::CertificatesAttached);
    response.certificate = Some(blob);
    newline_round_trip(&response, &[crt()]);
    urlencoded_round_trip(&response);
}

fn crt() -> Expectation {
    Expectation::new(QueryType::Certificate)
}

/// What a blob decodes to by the plainest reading of the rules, or `None`.
fn reference_decode(blob: Blob<'_>) -> Option<Vec<u8>> {
    let chars = match blob.encoding() {
        BlobEncoding::Binary => return Some(blob.raw().to_vec()),
        BlobEncoding::Base64 => blob.raw().to_vec(),
        BlobEncoding::FormBase64 => reference_form_decode(blob.raw())?,
    };
    let chars: Vec<u8> = chars
        .into_iter()
        .filter(|b| !matches!(b, b'\r' | b'\n'))
        .collect();
    STANDARD.decode(chars).ok()
}

/// Strict form decoding: `+` is a space, `%` needs two hex digits.
fn reference_form_decode(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = raw.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    Some(out)
}

/// The value modules on their own: MDC lists, CAA and extended statuses,
/// status details, dates, texts and the form tokenizer. Each parse that
/// succeeds displays as text that parses back to an equal value.
///
/// Byte 0 picks the module; the rest is the input.
pub fn values(data: &[u8]) {
    let Some((&kind, raw)) = data.split_first() else {
        return;
    };
    match kind % 7 {
        0 => mdc_list(raw),
        1 => text_enums(raw),
        2 => detail(raw),
        3 => date(raw),
        4 => text(raw),
        5 => pairs(raw),
        _ => unix(raw),
    }
}

fn mdc_list(raw: &[u8]) {
    let mut texts = vec![Text::form(raw)];
    if let Ok(s) = std::str::from_utf8(raw) {
        texts.push(Text::plain(s));
    }
    for text in texts {
        let wire = MdcDomainDetails::from_wire(text);
        let walked: Result<Vec<MdcDomain<'_>>, Error> = wire.iter().collect();
        let parsed = MdcDomainDetails::parse(text);
        assert_eq!(parsed.err(), walked.as_ref().err().copied());
        assert_eq!(wire.validate().err(), walked.as_ref().err().copied());
        let Ok(items) = walked else {
            let _ = format!("{wire:?}");
            continue;
        };
        let list = parsed.unwrap();
        let built = MdcDomainDetails::from_items(&items);
        assert_eq!(built.validate(), Ok(()), "parsed items do not validate");
        assert_eq!(built, list);
        assert_eq!(list, built);
        let shown = list.to_string();
        assert_eq!(built.to_string(), shown);
        let again = MdcDomainDetails::parse(Text::plain(&shown)).expect("display does not parse");
        assert_eq!(again, list);
        let encoded = form_encode(shown.as_bytes());
        assert_eq!(MdcDomainDetails::parse(Text::form(&encoded)), Ok(list));
        assert_eq!(list.is_empty(), items.is_empty());
    }
}

fn text_enums(raw: &[u8]) {
    let text = Text::form(raw);
    let caa = CaaStatus::from_text(text);
    let certificate = CertificateStatus::from_text(text);
    let validation = ValidationStatus::from_text(text);
    let dcv = DcvStatus::from_text(text);
    let shown = [
        caa.to_string(),
        certificate.to_string(),
        validation.to_string(),
        dcv.to_string(),
    ];
    if text.char_count().is_err() {
        return;
    }
    assert_eq!(CaaStatus::from_text(Text::plain(&shown[0])), caa);
    assert_eq!(
        CertificateStatus::from_text(Text::plain(&shown[1])),
        certificate
    );
    assert_eq!(
        ValidationStatus::from_text(Text::plain(&shown[2])),
        validation
    );
    assert_eq!(DcvStatus::from_text(Text::plain(&shown[3])), dcv);
    for s in &shown {
        assert_eq!(text, s.as_str(), "a status is not its text");
    }
}

fn detail(raw: &[u8]) {
    let form = DetailStatus::parse(Text::form(raw));
    if let Ok(status) = form {
        assert_eq!(status.to_string().parse::<DetailStatus>(), Ok(status));
        assert_eq!(DetailStatus::from_code(status.code()), status);
        assert!(status.is_known());
    }
    if let Ok(s) = std::str::from_utf8(raw) {
        let plain = s.parse::<DetailStatus>();
        assert_eq!(plain, DetailStatus::parse(Text::plain(s)));
        if form::is_verbatim(raw) {
            assert_eq!(plain, form);
        }
    }
}

fn date(raw: &[u8]) {
    let Ok(s) = std::str::from_utf8(raw) else {
        return;
    };
    let Ok(d) = s.parse::<Date>() else {
        return;
    };
    assert_eq!(d.to_string(), s, "a date has one spelling");
    assert_eq!(Date::new(d.year(), d.month(), d.day()), Some(d));
    assert_eq!(Date::from_unix_days(d.unix_days()), Some(d));
    assert_eq!(Date::from_start_unix(d.start_unix()), Some(d));
    assert_eq!(Date::from_end_unix(d.end_unix()), Some(d));
    assert_eq!(Date::from_unix(d.end_unix()), Some(d));
    assert_eq!(d.end_unix() - d.start_unix(), 86_399);
}

fn unix(raw: &[u8]) {
    let mut bytes = [0u8; 8];
    let n = raw.len().min(8);
    bytes[..n].copy_from_slice(&raw[..n]);
    let secs = i64::from_le_bytes(bytes);
    if let Some(d) = Date::from_unix(secs) {
        assert!(d.start_unix() <= secs && secs <= d.end_unix());
        assert_eq!(Date::from_unix_days(d.unix_days()), Some(d));
    }
    if let Some(d) = Date::from_start_unix(secs) {
        assert_eq!(d.start_unix(), secs);
    }
    if let Some(d) = Date::from_end_unix(secs) {
        assert_eq!(d.end_unix(), secs);
    }
    if let Some(d) = Date::from_unix_days(secs) {
        assert_eq!(d.unix_days(), secs);
    }
}

fn text(raw: &[u8]) {
    let text = Text::form(raw);
    let decoded_len = text.decoded_len();
    let mut out = vec![0u8; raw.len()];
    let decoded = text.decode_into(&mut out).map(str::to_owned);
    let count = text.char_count();
    let walked: Result<Vec<u8>, Error> = text.byte_indices().map(|r| r.map(|(_, b)| b)).collect();
    let shown = text.to_string();
    let _ = format!("{text:?}");
    match &decoded {
        Ok(s) => {
            assert_eq!(decoded_len, Ok(s.len()));
            assert_eq!(count, Ok(s.chars().count()));
            assert_eq!(walked.as_deref(), Ok(s.as_bytes()));
            assert_eq!(&shown, s);
            assert_eq!(text, Text::plain(s));
            assert_eq!(text, s.as_str());
            assert_eq!(text.as_str().is_some(), form::is_verbatim(raw));
            let mut heap = String::new();
            text.write_to(&mut heap).unwrap();
            assert_eq!(&heap, s);
            let encoded = form_encode(s.as_bytes());
            assert_eq!(Text::form(&encoded), text);
            assert_eq!(form::encoded_len(s.as_bytes()), encoded.len());
            assert_eq!(
                form::Encoded(s.as_bytes()).to_string().as_bytes(),
                &encoded[..]
            );
        }
        Err(err) => {
            assert!(count.is_err());
            assert!(matches!(
                err.kind(),
                ErrorKind::InvalidEscape | ErrorKind::InvalidUtf8
            ));
        }
    }
}

fn pairs(raw: &[u8]) {
    let mut rebuilt = Vec::new();
    let mut last_end = 0;
    for pair in form::pairs(raw) {
        assert!(pair.offset >= last_end);
        assert!(raw[..pair.offset].iter().all(|&b| b == b'&') || raw[pair.offset - 1] == b'&');
        assert!(raw[pair.offset..].starts_with(pair.name));
        assert!(raw[pair.value_offset..].starts_with(pair.value));
        assert!(!pair.name.contains(&b'&') && !pair.value.contains(&b'&'));
        assert!(!pair.name.contains(&b'='));
        last_end = pair.value_offset + pair.value.len();
        rebuilt.push((pair.name, pair.value));
    }
    let reference: Vec<&[u8]> = raw
        .split(|&b| b == b'&')
        .filter(|p| !p.is_empty())
        .collect();
    assert_eq!(rebuilt.len(), reference.len());
    for ((name, value), item) in rebuilt.iter().zip(reference) {
        match item.iter().position(|&b| b == b'=') {
            Some(eq) => assert_eq!((*name, *value), (&item[..eq], &item[eq + 1..])),
            None => assert_eq!((*name, *value), (item, &b""[..])),
        }
    }
}

fn form_encode(value: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; form::encoded_len(value)];
    let n = form::encode(value, &mut out).unwrap();
    assert_eq!(n, out.len());
    // The crate's encoder is the WHATWG one.
    let whatwg: String = form_urlencoded::byte_serialize(value).collect();
    assert_eq!(whatwg.as_bytes(), &out[..]);
    out
}

// ---------------------------------------------------------------------------
// Value targets.

/// A request as plain data.
#[derive(Debug, Arbitrary)]
struct RequestModel {
    login_name: String,
    login_password: String,
    order_number: Option<String>,
    certificate_id: Option<u64>,
    base_order_number: Option<u64>,
    query_type: u8,
    response_type: Option<u8>,
    response_encoding: Option<u8>,
    response_format: Option<u8>,
    flags: [Option<bool>; 6],
    collection_code: Option<String>,
    response_mime_type: Option<String>,
    /// Keep the numbers small more often, so that they can be valid.
    small_numbers: bool,
}

/// An `Arbitrary` request: encoding either refuses it (exactly as
/// `validate` does) or writes it with `encoded_len` exact, byte for byte as
/// the WHATWG form serializer would, and it parses back equal. The password
/// never shows in `Debug`.
pub fn request_value(data: &[u8]) {
    let Ok(m) = RequestModel::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let small = |n: u64| if m.small_numbers { n % 10_000 } else { n };
    let mut r = Request::new(
        &m.login_name,
        &m.login_password,
        collectssl::Selector::BaseOrderNumber(0),
        QueryType::ALL[usize::from(m.query_type % 4)],
    );
    r.base_order_number = m.base_order_number.map(small);
    r.order_number = m.order_number.as_deref().map(Text::plain);
    r.certificate_id = m.certificate_id.map(small);
    r.response_type = m
        .response_type
        .map(|c| ResponseType::ALL[usize::from(c % 4)]);
    r.response_encoding = m
        .response_encoding
        .map(|c| ResponseEncoding::ALL[usize::from(c % 2)]);
    r.response_format = m
        .response_format
        .map(|c| ResponseFormat::ALL[usize::from(c % 2)]);
    r.show_validity_period = m.flags[0];
    r.show_fqdn = m.flags[1];
    r.show_ext_status = m.flags[2];
    r.show_mdc_domain_details = m.flags[3];
    r.show_mdc_domain_details2 = m.flags[4];
    r.show_status_details = m.flags[5];
    r.collection_code = m.collection_code.as_deref().map(Text::plain);
    r.response_mime_type = m.response_mime_type.as_deref().map(Text::plain);
    password_hidden(&r);

    let reference = reference_request(&r);
    let Ok(bytes) = request_bytes(&r) else {
        return;
    };
    assert_eq!(bytes, reference.as_bytes(), "not the WHATWG serialization");
    let back = Request::parse(&bytes)
        .unwrap_or_else(|e| panic!("{r:?} encoded as {reference:?} is refused: {e}"));
    assert_eq!(back, r, "a request changed on the way");
    assert_eq!(Expectation::from_form(&bytes), Expectation::from(&r));
}

/// The request body by `form_urlencoded`, in the spec's field order.
fn reference_request(r: &Request<'_>) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    let flag = |f: bool| if f { "Y" } else { "N" };
    s.append_pair("loginName", &r.login_name.to_string());
    s.append_pair("loginPassword", &r.login_password.expose().to_string());
    if let Some(v) = r.order_number {
        s.append_pair("orderNumber", &v.to_string());
    }
    if let Some(v) = r.certificate_id {
        s.append_pair("certificateID", &v.to_string());
    }
    if let Some(v) = r.base_order_number {
        s.append_pair("baseOrderNumber", &v.to_string());
    }
    s.append_pair("queryType", &r.query_type.to_string());
    if let Some(v) = r.response_type {
        s.append_pair("responseType", &v.to_string());
    }
    if let Some(v) = r.response_encoding {
        s.append_pair("responseEncoding", &v.to_string());
    }
    let flags = [
        ("showValidityPeriod", r.show_validity_period),
        ("showFQDN", r.show_fqdn),
        ("showExtStatus", r.show_ext_status),
    ];
    for (name, value) in flags {
        if let Some(v) = value {
            s.append_pair(name, flag(v));
        }
    }
    if let Some(v) = r.response_format {
        s.append_pair("responseFormat", &v.to_string());
    }
    let flags = [
        ("showMDCDomainDetails", r.show_mdc_domain_details),
        ("showMDCDomainDetails2", r.show_mdc_domain_details2),
        ("showStatusDetails", r.show_status_details),
    ];
    for (name, value) in flags {
        if let Some(v) = value {
            s.append_pair(name, flag(v));
        }
    }
    if let Some(v) = r.collection_code {
        s.append_pair("collectionCode", &v.to_string());
    }
    if let Some(v) = r.response_mime_type {
        s.append_pair("responseMimeType", &v.to_string());
    }
    s.finish()
}

/// A certificate or container as plain data.
#[derive(Debug, Arbitrary)]
enum BlobModel {
    Binary(Vec<u8>),
    /// Base64 text, valid or not (line breaks allowed).
    Base64(String),
    /// Form-encoded base64, valid or not.
    FormBase64(Vec<u8>),
}

impl BlobModel {
    fn blob(&self) -> Blob<'_> {
        match self {
            Self::Binary(bytes) => Blob::binary(bytes),
            Self::Base64(text) => Blob::base64(text.as_bytes()),
            Self::FormBase64(raw) => Blob::form_base64(raw),
        }
    }
}

/// A free-text status: one of the known words, or any text.
#[derive(Debug, Arbitrary)]
enum WordModel {
    Known(u8),
    Other(String),
}

impl WordModel {
    fn text<'a>(&'a self, known: &[&'static str]) -> Text<'a> {
        match self {
            Self::Known(i) => Text::plain(known[usize::from(*i) % known.len()]),
            Self::Other(s) => Text::plain(s),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum CaaModel {
    Word(WordModel),
    Code(i64),
}

#[derive(Debug, Arbitrary)]
enum DatesModel {
    /// Whole days (format 0 can carry them), days since 1970.
    Days(i32, i32),
    /// Any seconds.
    Seconds(Option<i64>, Option<i64>),
}

/// A response as plain data.
#[derive(Debug, Arbitrary)]
struct ResponseModel {
    status: i32,
    /// Keep the status to the codes the spec knows more often.
    small_status: bool,
    error_message: Option<String>,
    dates: Option<DatesModel>,
    fqdn: Option<String>,
    ca_certificates: Vec<BlobModel>,
    certificate: Option<BlobModel>,
    zip_file: Option<BlobModel>,
    netscape_certificate_sequence: Option<BlobModel>,
    pkcs7: Option<BlobModel>,
    certificate_status: Option<WordModel>,
    validation_status: Option<WordModel>,
    mdc_domain_details: Option<Vec<(String, WordModel)>>,
    mdc_domain_details2: Option<Vec<(String, WordModel)>>,
    status_details: Option<[u8; 7]>,
    caa_status: Option<CaaModel>,
}

/// The known words of the certificate, validation, DCV and CAA statuses
/// (also the known-word test's, in `tests/closed_values.rs`).
pub const CERTIFICATE_WORDS: &[&str] = &["Awaiting Validation", "Issued", "Revoked", "NO STATUS"];
pub const VALIDATION_WORDS: &[&str] = &[
    "Complete",
    "Awaiting Legal Documents",
    "Awaiting Document Translation",
    "Awaiting private WHOIS entry release",
    "Awaiting Brand Validation",
];
pub const DCV_WORDS: &[&str] = &["VALIDATED", "NOTVALIDATED", "AWAITINGBRAND"];
pub const CAA_WORDS: &[&str] = &[
    "Authorized",
    "Not Authorized",
    "Unrecognized Critical Tag",
    "Empty",
    "Malformed Response",
    "Timeout",
    "ERROR",
    "Awaiting Completion",
];

/// An `Arbitrary` response in both formats: format 1 carries every value
/// whose certificates and lists are well formed; format 0 refuses what it
/// cannot say (`Unrepresentable`) and carries the rest. Whatever is
/// written has `encoded_len` exact and parses back equal (format 0 under
/// `Response::expectation`), and re-encodes to the same bytes.
pub fn response_value(data: &[u8]) {
    let Ok(m) = ResponseModel::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let cas: Vec<Blob<'_>> = m.ca_certificates.iter().map(BlobModel::blob).collect();
    let (mdc, mdc2) = (
        mdc_items(&m.mdc_domain_details),
        mdc_items(&m.mdc_domain_details2),
    );

    let status = if m.small_status {
        m.status % 30
    } else {
        m.status
    };
    let mut r = Response::new(Status::from_code(status));
    r.error_message = m.error_message.as_deref().map(Text::plain);
    match m.dates {
        Some(DatesModel::Days(from, to)) => {
            r.not_before = Some(i64::from(from) * 86_400);
            r.not_after = Some(i64::from(to) * 86_400 + 86_399);
        }
        Some(DatesModel::Seconds(from, to)) => (r.not_before, r.not_after) = (from, to),
        None => {}
    }
    r.fqdn = m.fqdn.as_deref().map(Text::plain);
    r.ca_certificates = CaCertificates::from_blobs(&cas);
    r.certificate = m.certificate.as_ref().map(BlobModel::blob);
    r.zip_file = m.zip_file.as_ref().map(BlobModel::blob);
    r.netscape_certificate_sequence = m
        .netscape_certificate_sequence
        .as_ref()
        .map(BlobModel::blob);
    r.pkcs7 = m.pkcs7.as_ref().map(BlobModel::blob);
    r.certificate_status = m
        .certificate_status
        .as_ref()
        .map(|w| CertificateStatus::from_text(w.text(CERTIFICATE_WORDS)));
    r.validation_status = m
        .validation_status
        .as_ref()
        .map(|w| ValidationStatus::from_text(w.text(VALIDATION_WORDS)));
    r.mdc_domain_details = m
        .mdc_domain_details
        .as_ref()
        .map(|_| MdcDomainDetails::from_items(&mdc));
    r.mdc_domain_details2 = m
        .mdc_domain_details2
        .as_ref()
        .map(|_| MdcDomainDetails::from_items(&mdc2));
    // 0-3: a code the spec knows; 4: left out; others: a later code.
    r.status_details = m.status_details.map_or(StatusDetails::NONE, |codes| {
        StatusDetails::from_options(codes.map(|c| match c {
            0..=3 => Some(DetailStatus::ALL[usize::from(c)]),
            4 => None,
            _ => Some(DetailStatus::from_code(i32::from(c))),
        }))
    });
    r.caa_status = m.caa_status.as_ref().map(|caa| match caa {
        CaaModel::Word(w) => CaaStatus::from_text(w.text(CAA_WORDS)),
        CaaModel::Code(code) => CaaStatus::ErrorCode(*code),
    });

    observe_value(&r);
    urlencoded_round_trip(&r);
    newline_round_trip(&r, &[r.expectation()]);
}

fn mdc_items(list: &Option<Vec<(String, WordModel)>>) -> Vec<MdcDomain<'_>> {
    list.iter()
        .flatten()
        .map(|(domain, status)| {
            MdcDomain::new(
                Text::plain(domain),
                DcvStatus::from_text(status.text(DCV_WORDS)),
            )
        })
        .collect()
}

/// A built response: its lists either validate or format 1 refuses them.
fn observe_value(r: &Response<'_>) {
    if r.blobs().map(|b| b.raw().len()).sum::<usize>() < 512 {
        let _ = format!("{r:?}");
    }
    for blob in r.blobs() {
        let _ = blob_consistent(blob, false);
    }
    let lists_ok = [r.mdc_domain_details, r.mdc_domain_details2]
        .into_iter()
        .flatten()
        .all(|l| l.validate().is_ok());
    if !lists_ok {
        let len = r.encoded_len(ResponseFormat::UrlEncoded);
        let err = r.encode(ResponseFormat::UrlEncoded, &mut vec![0u8; len]);
        assert!(err.is_err(), "format 1 wrote a list that does not validate");
    }
    let mut s = String::new();
    let _ = write!(s, "{}", r.status);
}

// ---------------------------------------------------------------------------
// Containers (`src/container/`).

/// Whether `part` lies inside `whole` (an empty part anywhere).
/// The CRC-32 of ZIP (reflected polynomial 0xEDB88320), bit by bit: an
/// oracle independent of the crate's.
fn reference_crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, &byte| {
        (0..8).fold(crc ^ u32::from(byte), |c, _| {
            if c & 1 == 1 {
                (c >> 1) ^ 0xedb8_8320
            } else {
                c >> 1
            }
        })
    })
}

fn within(whole: &[u8], part: &[u8]) -> bool {
    let range = whole.as_ptr_range();
    let (start, end) = (part.as_ptr(), part.as_ptr().wrapping_add(part.len()));
    part.is_empty() || (range.start <= start && end <= range.end)
}

/// The containers read any bytes without panic: PKCS#7 and the Netscape
/// sequence give certificates inside the input, a ZIP entry extracts to
/// exactly its declared size and CRC-32, a certificate file's blobs decode
/// consistently, and a chain comes leaf first, each certificate issued by
/// the next.
pub fn containers(data: &[u8]) {
    use collectssl::container::{
        Certificate, CertificateFile, Chain, NetscapeCertificateSequence, Pkcs7, Zip,
    };
    if let Ok(c) = Certificate::parse(data) {
        assert!(within(data, c.der()) && within(data, c.issuer()) && within(data, c.subject()));
        let again = Certificate::parse(c.der()).expect("a certificate's own DER");
        assert_eq!((again.issuer(), again.subject()), (c.issuer(), c.subject()));
        assert_eq!(c.is_self_issued(), c.is_issued_by(&c));
    }
    let sets = [
        Pkcs7::parse(data).map(|p| p.certificates()),
        NetscapeCertificateSequence::parse(data).map(|n| n.certificates()),
    ];
    for certificates in sets.into_iter().flatten() {
        let len = certificates.len();
        let ders: Vec<&[u8]> = certificates.collect();
        assert_eq!(ders.len(), len, "len is not the count");
        for der in &ders {
            assert!(within(data, der));
            assert_eq!(der.first(), Some(&0x30));
            let _ = Certificate::parse(der);
        }
        chain_ordered(Chain::<8>::from_der(ders.iter().copied()));
    }
    if let Ok(zip) = Zip::parse(data) {
        let entries: Vec<_> = zip.entries().collect();
        assert_eq!(entries.len(), zip.len());
        assert_eq!(zip.is_empty(), entries.is_empty());
        let mut out = vec![0u8; 1 << 16];
        for entry in &entries {
            assert!(within(data, entry.name()));
            assert!(zip.find(entry.name()).is_some());
            let _ = (entry.is_dir(), entry.compression(), entry.compressed_size());
            if let Ok(bytes) = zip.extract_into(entry, &mut out) {
                assert_eq!(bytes.len(), entry.uncompressed_size() as usize);
                assert_eq!(reference_crc32(bytes), entry.crc32());
            }
        }
        let mut buf = vec![0u8; 1 << 16];
        chain_ordered(Chain::<8>::from_zip(&zip, &mut buf));
    }
    if let Ok(file) = CertificateFile::parse(data) {
        let blobs: Vec<Blob<'_>> = file.blobs().collect();
        assert_eq!(blobs.len(), file.len());
        assert_eq!(file.is_empty(), blobs.is_empty());
        for blob in blobs {
            assert!(within(data, blob.raw()));
            let _ = blob_consistent(blob, false);
        }
    }
}

/// A chain that was ordered: leaf first, each issued by the next, the last
/// self-issued exactly when it ends with a root.
fn chain_ordered<const N: usize>(chain: Result<collectssl::container::Chain<'_, N>, Error>) {
    let Ok(chain) = chain else {
        return;
    };
    let certificates = chain.certificates();
    assert_eq!(certificates.len(), chain.len());
    let (Some(first), Some(last)) = (certificates.first(), certificates.last()) else {
        return;
    };
    assert_eq!(chain.leaf().der(), first.der());
    assert_eq!(chain.last().der(), last.der());
    for pair in certificates.windows(2) {
        assert!(pair[0].is_issued_by(&pair[1]), "not in chain order");
    }
    assert_eq!(chain.ends_with_root(), last.is_self_issued());
}

// ---------------------------------------------------------------------------
// Base64 against the `base64` engine.

/// The decoder against a model built on the `base64` engine, on any input:
/// the same bytes, the same refusals at the same offsets, with a buffer of
/// any size.
///
/// Byte 0: bit 0 picks form-encoded base64 over plain; bits 1–7 size a
/// second, short buffer (that many 128ths of what the model decodes). The
/// rest is the blob.
pub fn base64_differential(data: &[u8]) {
    let Some((&pick, raw)) = data.split_first() else {
        return;
    };
    let form = pick & 1 != 0;
    let blob = if form {
        Blob::form_base64(raw)
    } else {
        Blob::base64(raw)
    };
    let ample = raw.len();
    let want = base64_model(raw, form, ample);
    let mut out = vec![0u8; ample];
    let ours = blob.decode_into(&mut out).map(<[u8]>::to_vec);
    assert_eq!(ours, want, "decode_into and the model disagree on {raw:?}");
    let mut chunks = Vec::new();
    let streamed = blob.for_each_chunk(|c| {
        chunks.extend_from_slice(c);
        Ok(())
    });
    assert_eq!(streamed.map(|()| chunks), want, "for_each_chunk");
    assert_eq!(blob.check(), want.as_ref().map(|_| ()).map_err(|e| *e));
    if let Ok(bytes) = &want {
        assert_eq!(blob.decoded_len(), Ok(bytes.len()));
    }
    let decoded = want.as_ref().map_or(ample, Vec::len);
    let room = decoded * usize::from(pick >> 1) / 128;
    let mut short = vec![0u8; room];
    let ours = blob.decode_into(&mut short).map(<[u8]>::to_vec);
    assert_eq!(
        ours,
        base64_model(raw, form, room),
        "with {room} bytes of room"
    );
}

/// What a blob decodes to into `room` bytes, by the rules the decoder
/// documents: the characters (line breaks left out, form escapes resolved)
/// go in stages of 1024 to the engine; a refusal is at the raw offset of the
/// character the engine names, or at the last byte for a wrong length; a
/// stage that ends in padding may be followed only by line breaks; a bad
/// escape is refused where the stage that reads it stands.
pub fn base64_model(raw: &[u8], form: bool, room: usize) -> Result<Vec<u8>, Error> {
    const STAGE: usize = 1024;
    // The characters with their raw offsets, up to a bad escape.
    let mut chars = Vec::new();
    let mut bad_escape = None;
    let mut i = 0;
    while i < raw.len() {
        let (byte, used) = match raw[i] {
            b'%' if form => match raw.get(i + 1..i + 3) {
                Some(hex) if hex.iter().all(u8::is_ascii_hexdigit) => {
                    let hex = std::str::from_utf8(hex).unwrap();
                    (u8::from_str_radix(hex, 16).unwrap(), 3)
                }
                _ => {
                    bad_escape = Some(Error::new(ErrorKind::InvalidEscape, i));
                    break;
                }
            },
            b'+' if form => (b' ', 1),
            b => (b, 1),
        };
        if byte != b'\r' && byte != b'\n' {
            chars.push((byte, i));
        }
        i += used;
    }
    let invalid = |at: usize| Error::new(ErrorKind::InvalidBase64, at);
    let mut out = Vec::new();
    let stages: Vec<&[(u8, usize)]> = chars.chunks(STAGE).collect();
    for (k, stage) in stages.iter().enumerate() {
        let last = k + 1 == stages.len();
        if let (true, true, Some(e)) = (last, stage.len() < STAGE, bad_escape) {
            return Err(e);
        }
        let text: Vec<u8> = stage.iter().map(|&(b, _)| b).collect();
        match STANDARD.decode(&text) {
            Ok(bytes) => out.extend_from_slice(&bytes),
            Err(
                base64::DecodeError::InvalidByte(at, _)
                | base64::DecodeError::InvalidLastSymbol { offset: at, .. },
            ) => return Err(invalid(stage[at].1)),
            Err(_) => {
                assert!(
                    last && stage.len() < STAGE,
                    "a wrong length in a full stage"
                );
                return Err(invalid(raw.len() - 1));
            }
        }
        if out.len() > room {
            return Err(Error::new(ErrorKind::BufferTooSmall, room));
        }
        if text.last() == Some(&b'=') {
            if let Some(&(_, at)) = stages.get(k + 1).and_then(|s| s.first()) {
                return Err(invalid(at));
            }
            if let Some(e) = bad_escape {
                return Err(e);
            }
        }
    }
    match bad_escape {
        Some(e) => Err(e),
        None => Ok(out),
    }
}
