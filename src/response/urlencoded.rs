//! Format 1 (`responseFormat=1`): URL-encoded parameters, read by name in
//! any order (docs/reading-the-spec.md#format-1), strictly or tolerantly
//! (docs/reading-the-spec.md#two-readings).

use core::ops::Range;

use super::lists::Known;
use super::newline::LineShape;
use super::param::{Param, next_param};
use super::{CaCertificates, OtherParameters, Response};
use crate::blob::{Blob, write_base64};
use crate::caa::CaaStatus;
use crate::details::DetailStatus;
use crate::error::{Error, ErrorKind};
use crate::ext_status::{CertificateStatus, ValidationStatus, known_value};
use crate::form;
use crate::mdc::MdcDomainDetails;
use crate::offset::add_within;
use crate::sink::{FmtAdapter, Mode, Sink};
use crate::status::Status;
use crate::text::{ByteIndices, Text};

/// A decoded integer value: `-?[0-9]+`. Digits need no escapes, so most
/// values read as they are, without a look for escapes first.
fn integer(raw: &[u8]) -> Option<i64> {
    crate::number::integer(raw).or_else(|| {
        let mut buf = [0u8; 24];
        crate::number::integer(form::decoded(raw, &mut buf).ok()?)
    })
}

impl<'a> Response<'a> {
    /// Parses a format-1 body with the tolerant reading: every parameter in
    /// any order, escapes in either case, `caCertificate` repeated in wire
    /// order, parameters the model does not name kept in
    /// [`Response::other_parameters`], a trailing line break ignored; and
    /// what the live service sends beyond the written spec: any subset of
    /// the status details (with any integer value), an empty optional text
    /// (`fqdn=`) as absent, PEM armour around a certificate's base64. See
    /// [`Response::parse_urlencoded_strict`] for the written spec alone.
    /// Values stay encoded until used.
    ///
    /// ```
    /// use collectssl::response::Response;
    /// use collectssl::Status;
    ///
    /// let r = Response::parse_urlencoded(
    ///     b"fqdn=www.example.com&errorCode=1&notBefore=1052870400&notAfter=1084492799\r\n").unwrap();
    /// assert_eq!(r.status, Status::CertificatesAvailable);
    /// assert_eq!(r.fqdn.unwrap(), "www.example.com");
    /// assert_eq!(r.not_after, Some(1_084_492_799));
    ///
    /// let err = Response::parse_urlencoded(b"errorCode=0&fqdn=a&fqdn=b").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (collectssl::ErrorKind::RepeatedParameter, Some(19)));
    ///
    /// let r = Response::parse_urlencoded(b"errorCode=1&fqdn=&csrStatus=1").unwrap();
    /// assert_eq!((r.fqdn, r.status_details.len()), (None, 1));
    /// ```
    pub fn parse_urlencoded(body: &'a [u8]) -> Result<Self, Error> {
        read::<false>(body)
    }

    /// Parses a format-1 body with the strict reading: the written spec
    /// exactly (the seven status details or none, each `-1` to `2`; no
    /// empty optional text; base64 values), parameters it does not name
    /// kept as in the tolerant reading. Whatever it accepts,
    /// [`Response::parse_urlencoded`] accepts with an equal value.
    ///
    /// ```
    /// use collectssl::response::Response;
    /// use collectssl::ErrorKind;
    ///
    /// assert!(Response::parse_urlencoded_strict(b"errorCode=0&errorItem=x").is_ok());
    /// let err = Response::parse_urlencoded_strict(b"errorCode=1&fqdn=").unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::EmptyValue, Some(17)));
    /// ```
    pub fn parse_urlencoded_strict(body: &'a [u8]) -> Result<Self, Error> {
        read::<true>(body)
    }
}

/// Format 1 with either reading (a constant, so that each reading is
/// compiled without the other).
pub(super) fn read<const STRICT: bool>(body: &[u8]) -> Result<Response<'_>, Error> {
    let mut body = body;
    while let [rest @ .., b'\r' | b'\n'] = body {
        body = rest;
    }
    let mut r = Response::new(Status::BeingProcessed);
    let mut status = None;
    let mut seen = 0u32;
    let mut ca_count = 0usize;
    let mut known = Known::at(0);
    let mut has_other = false;
    let mut pairs = form::pairs(body);
    while let Some((pair, param)) = next_param(&mut pairs) {
        let Some(param) = param else {
            has_other = true;
            continue;
        };
        if param != Param::CaCertificate {
            if seen & param.bit() != 0 {
                return Err(Error::new(ErrorKind::RepeatedParameter, pair.offset));
            }
            seen |= param.bit();
        }
        let at = pair.value_offset;
        let text = || optional_text::<STRICT>(pair.value, at);
        let blob = || checked_blob::<STRICT>(pair.value, at).map(Some);
        let number = || integer(pair.value).ok_or(Error::new(ErrorKind::InvalidNumber, at));
        match param {
            Param::ErrorCode => {
                let code = i32::try_from(number()?)
                    .map_err(|_| Error::new(ErrorKind::InvalidNumber, at))?;
                status = Some(Status::from_code(code));
            }
            Param::ErrorMessage => r.error_message = text()?,
            Param::NotBefore => r.not_before = Some(number()?),
            Param::NotAfter => r.not_after = Some(number()?),
            Param::Fqdn => r.fqdn = text()?,
            Param::ZipFile => r.zip_file = blob()?,
            Param::NetscapeCertificateSequence => r.netscape_certificate_sequence = blob()?,
            Param::Pkcs7 => r.pkcs7 = blob()?,
            Param::CaCertificate => {
                if let Some(blob) = blob()? {
                    known.keep(ca_count, blob, add_within(at, pair.value.len()));
                }
                ca_count = add_within(ca_count, 1);
            }
            Param::Certificate => r.certificate = blob()?,
            // Known values have no `+` or `%`: as sent, they are decoded.
            Param::CertificateStatus => {
                r.certificate_status = match known_value(CertificateStatus::KNOWN, pair.value) {
                    None => text()?.map(CertificateStatus::from_text),
                    known => known,
                };
            }
            Param::ValidationStatus => {
                r.validation_status = match known_value(ValidationStatus::KNOWN, pair.value) {
                    None => text()?.map(ValidationStatus::from_text),
                    known => known,
                };
            }
            Param::MdcDomainDetails => r.mdc_domain_details = mdc(pair.value, at)?,
            Param::MdcDomainDetails2 => r.mdc_domain_details2 = mdc(pair.value, at)?,
            Param::Detail(i) => {
                if let Some(slot) = r.status_details.get_mut(i) {
                    *slot = detail::<STRICT>(pair.value, at)?;
                }
            }
            Param::CaaStatus => {
                // Nor has a known CAA status: read as sent, as above.
                r.caa_status = match CaaStatus::known_as_sent(pair.value) {
                    None => text()?.map(CaaStatus::from_text),
                    known => known,
                };
            }
        }
    }
    r.status = status.ok_or(Error::new(ErrorKind::MissingLine, body.len()))?;
    if STRICT && !r.status_details.is_as_specified() {
        // Some status details without the others: the rest are missing.
        return Err(Error::new(ErrorKind::MissingLine, body.len()));
    }
    r.ca_certificates = CaCertificates::form(body, ca_count, known);
    if has_other {
        r.other_parameters = OtherParameters::of(body);
    }
    Ok(r)
}

/// An optional text value, checked once so that later use cannot fail.
/// Empty (or blank) it is absent to the tolerant reading and refused by
/// the strict one.
fn optional_text<const STRICT: bool>(raw: &[u8], at: usize) -> Result<Option<Text<'_>>, Error> {
    let text = Text::form(raw);
    // Most texts are ASCII and start with a character that is no space:
    // checked in one pass.
    let starts_visible = raw
        .first()
        .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'+' | b'%'));
    if starts_visible && form::ascii_decoded_len(raw).is_some() {
        return Ok(Some(text));
    }
    text.char_count().map_err(|e| e.shifted(at))?;
    let blank = |b: u8| matches!(b, b' ' | b'\t');
    let is_blank = match text.verbatim() {
        Some(bytes) => bytes.iter().all(|&b| blank(b)),
        None => text.lenient_bytes().all(blank),
    };
    if !is_blank {
        return Ok(Some(text));
    }
    if STRICT {
        Err(Error::new(ErrorKind::EmptyValue, at))
    } else {
        Ok(None)
    }
}

/// A status detail: `-1 | 0 | 1 | 2` to the strict reading; any decimal
/// integer to the tolerant one, which reads an empty value as absent.
fn detail<const STRICT: bool>(raw: &[u8], at: usize) -> Result<Option<DetailStatus>, Error> {
    match STRICT {
        true => DetailStatus::parse(Text::form(raw))
            .map(Some)
            .map_err(|e| e.shifted(at)),
        false if raw.is_empty() => Ok(None),
        false => {
            let invalid = Error::new(ErrorKind::InvalidStatusDetail, at);
            let mut buf = [0u8; 24];
            // Digits need no escapes: most values read as they are.
            let code = match super::newline::status_line(raw) {
                Some(code) => code,
                None => {
                    let decoded = form::decoded(raw, &mut buf).map_err(|e| match e.kind() {
                        ErrorKind::InvalidEscape => e.shifted(at),
                        _ => invalid,
                    })?;
                    super::newline::status_line(decoded).ok_or(invalid)?
                }
            };
            Ok(Some(DetailStatus::from_code(code)))
        }
    }
}

/// A certificate or container value. The strict reading refuses PEM
/// armour (base64 has no `-`); the tolerant one reads inside it.
fn checked_blob<const STRICT: bool>(raw: &[u8], at: usize) -> Result<Blob<'_>, Error> {
    if STRICT && starts_with_dash(raw) {
        return Err(Error::new(ErrorKind::InvalidBase64, at));
    }
    Ok(form_blob(raw, at))
}

/// A format-1 certificate or container value found at `at`: its base64,
/// inside the PEM armour when the value holds one once URL-decoded.
pub(super) fn form_blob(raw: &[u8], at: usize) -> Blob<'_> {
    let inner = if starts_with_dash(raw) {
        armoured(raw)
    } else {
        None
    };
    let (inside, offset) = inner
        .and_then(|range| Some((raw.get(range.clone())?, range.start)))
        .unwrap_or((raw, 0));
    Blob::form_base64(inside).at(add_within(at, offset))
}

/// Whether a form value decodes to something starting with `-`.
fn starts_with_dash(raw: &[u8]) -> bool {
    matches!(raw, [b'-', ..] | [b'%', b'2', b'D' | b'd', ..])
}

/// `armoured = begin-line LF base64 end-line`, over the decoded value:
/// the raw range of the base64 between `-----BEGIN …` (or the spec's
/// spaced `----- BEGIN …`) and the next `-----END` (or `----- END`).
/// Base64 has no `-`, so the first dash after the BEGIN line starts the
/// END line. `None` when the value is not armoured so; its base64 then
/// fails to decode.
fn armoured(raw: &[u8]) -> Option<Range<usize>> {
    let mut walk = Text::form(raw).byte_indices();
    if !armour_word(walk.clone(), b"BEGIN") {
        return None;
    }
    // The BEGIN line's label is not needed.
    while walk.next()?.ok()?.1 != b'\n' {}
    let start = walk.offset();
    let end = loop {
        let (offset, byte) = walk.next()?.ok()?;
        if byte == b'-' {
            break offset;
        }
    };
    armour_word(Text::form(raw.get(end..)?).byte_indices(), b"END").then_some(start..end)
}

/// Whether decoded bytes start `-----WORD` or `----- WORD`.
fn armour_word(mut walk: ByteIndices<'_>, word: &[u8]) -> bool {
    let mut next = move || walk.next().and_then(Result::ok).map(|(_, b)| b);
    for _ in 0..5 {
        if next() != Some(b'-') {
            return false;
        }
    }
    let mut byte = next();
    if byte == Some(b' ') {
        byte = next();
    }
    for &expected in word {
        if byte != Some(expected) {
            return false;
        }
        byte = next();
    }
    true
}

fn mdc(raw: &[u8], at: usize) -> Result<Option<MdcDomainDetails<'_>>, Error> {
    MdcDomainDetails::parse(Text::form(raw))
        .map(Some)
        .map_err(|e| e.shifted(at))
}

/// Writes `r` as format 1: the spec's names in the spec's order, then the
/// unknown parameters; every value form-encoded, base64 without line breaks.
pub(super) fn emit(r: &Response<'_>, out: &mut impl Sink) -> Result<(), Error> {
    check(r)?;
    out.put("errorCode=")?;
    out.put_i64(r.status.code().into())?;
    if let Some(message) = r.error_message {
        param(out, "errorMessage")?;
        message.put_form(out)?;
    }
    for (label, value) in [("notBefore", r.not_before), ("notAfter", r.not_after)] {
        if let Some(value) = value {
            param(out, label)?;
            out.put_i64(value)?;
        }
    }
    if let Some(fqdn) = r.fqdn {
        param(out, "fqdn")?;
        fqdn.put_form(out)?;
    }
    let containers = [
        ("zipFile", r.zip_file),
        (
            "netscapeCertificateSequence",
            r.netscape_certificate_sequence,
        ),
        ("pkcs7", r.pkcs7),
    ];
    for (label, blob) in containers {
        if let Some(blob) = blob {
            base64(out, label, blob)?;
        }
    }
    for ca in r.ca_certificates.iter() {
        base64(out, "caCertificate", ca)?;
    }
    if let Some(certificate) = r.certificate {
        base64(out, "certificate", certificate)?;
    }
    if let Some(status) = r.certificate_status {
        display(out, "certificateStatus", &status)?;
    }
    if let Some(status) = r.validation_status {
        display(out, "validationStatus", &status)?;
    }
    for (name, list) in [
        ("mdcDomainDetails", r.mdc_domain_details),
        ("mdcDomainDetails2", r.mdc_domain_details2),
    ] {
        if let Some(list) = list {
            display(out, name, &list)?;
        }
    }
    for (label, detail) in r.status_details.iter() {
        param(out, label)?;
        out.put_i64(detail.code().into())?;
    }
    if let Some(caa) = r.caa_status {
        display(out, "caaStatus", &caa)?;
    }
    // Unknown parameters do not fail the parse, bad escapes included; a
    // bad escape is written as the bytes it reads as, so it reads back equal.
    for (label, value) in r.other_parameters.iter() {
        out.put("&")?;
        put_lenient(out, label)?;
        out.put("=")?;
        put_lenient(out, value)?;
    }
    Ok(())
}

/// Refuses what the strict reading would not read back, before anything
/// is written (docs/reading-the-spec.md#encoders): MDC lists that would
/// not read back as their items, status details the spec does not list
/// (some left out, or a later code), a blank optional text, format-0 lines.
fn check(r: &Response<'_>) -> Result<(), Error> {
    let lists_valid = [r.mdc_domain_details, r.mdc_domain_details2]
        .iter()
        .flatten()
        .all(|list| list.validate().is_ok());
    let filled = |value: &dyn core::fmt::Display| !LineShape::of(value).blank;
    let texts_filled = r.error_message.is_none_or(|t| filled(&t))
        && r.fqdn.is_none_or(|t| filled(&t))
        && r.certificate_status.is_none_or(|s| filled(&s))
        && r.validation_status.is_none_or(|s| filled(&s))
        && r.caa_status.is_none_or(|c| filled(&c));
    if lists_valid && texts_filled && r.status_details.is_as_specified() && r.other_lines.is_empty()
    {
        Ok(())
    } else {
        Err(Error::unlocated(ErrorKind::Unrepresentable))
    }
}

fn put_lenient(out: &mut impl Sink, text: Text<'_>) -> Result<(), Error> {
    text.lenient_bytes()
        .try_for_each(|b| form::encoded_bytes(&[b]).try_for_each(|piece| out.put_bytes(piece)))
}

fn param(out: &mut impl Sink, name: &str) -> Result<(), Error> {
    out.put("&")?;
    out.put(name)?;
    out.put("=")
}

fn display(out: &mut impl Sink, name: &str, value: &dyn core::fmt::Display) -> Result<(), Error> {
    param(out, name)?;
    FmtAdapter::display(out, Mode::Form, value)
}

fn base64(out: &mut impl Sink, name: &str, blob: Blob<'_>) -> Result<(), Error> {
    param(out, name)?;
    write_base64(blob, |chunk| {
        form::encoded_bytes(chunk.as_bytes()).try_for_each(|piece| out.put_bytes(piece))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ResponseFormat;
    use crate::mdc::{DcvStatus, MdcDomain};
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    /// Found while writing the project's docs: a certificate whose base64
    /// does not decode was found only when it came to be written, after
    /// the status had gone to the caller's buffer.
    #[test]
    fn a_broken_certificate_writes_nothing() {
        let mut r = Response::new(Status::from_code(2));
        r.certificate = Some(Blob::form_base64(b"AA*A"));
        for format in [ResponseFormat::UrlEncoded, ResponseFormat::NewlineDelimited] {
            let mut buf = [0u8; 64];
            let err = r.encode(format, &mut buf).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidBase64);
            assert_eq!(buf, [0u8; 64]);
            let mut text = String::new();
            assert_eq!(r.write_to(format, &mut text), Err(err));
            assert_eq!(text, "");
        }
    }

    /// A list that would not read back as its items is refused before the
    /// first byte goes to the caller's buffer or writer.
    #[test]
    fn a_refusal_writes_nothing() {
        let items = [MdcDomain::new(
            Text::plain("a b"),
            DcvStatus::from_text(Text::plain("VALIDATED")),
        )];
        let mut r = Response::error(Status::from_code(-16), "Permission denied!");
        r.mdc_domain_details2 = Some(MdcDomainDetails::from_items(&items));
        let mut buf = [0u8; 128];
        let err = r.encode(ResponseFormat::UrlEncoded, &mut buf).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unrepresentable);
        assert_eq!(buf, [0u8; 128]);
        let mut text = String::new();
        assert!(r.write_to(ResponseFormat::UrlEncoded, &mut text).is_err());
        assert_eq!(text, "");
    }
}
