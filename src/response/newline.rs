//! Format 0 (`responseFormat=0`): newline-delimited lines whose meaning
//! depends on the request (DESIGN.md items 1–6).
//!
//! One rule per line kind; the driver reads them in the order the spec
//! lists them, as far as the status and the expectation call for them.

use nom::Parser as _;
use nom::bytes::complete::tag;
use nom::character::complete::digit1;
use nom::combinator::{all_consuming, opt};

use super::{CaCertificates, Expectation, Response};
use crate::caa::CaaStatus;
use crate::date::{Date, validity_line};
use crate::details::{DetailStatus, StatusDetails, detail_status};
use crate::error::{Error, ErrorKind};
use crate::ext_status::{CertificateStatus, ValidationStatus};
use crate::mdc::MdcDomainDetails;
use crate::pem::{self, line_at, pem_block};
use crate::request::{QueryType, ResponseType};
use crate::sink::{Counter, FmtAdapter, Mode, Sink};
use crate::status::Status;
use crate::text::Text;

/// A decimal integer, `-?[0-9]+`: the status line here, and the
/// integer values of format 1.
pub(super) fn decimal(input: &[u8]) -> Option<i64> {
    let parsed: nom::IResult<&[u8], _> = all_consuming((opt(tag(&b"-"[..])), digit1)).parse(input);
    let (_, (minus, digits)) = parsed.ok()?;
    let magnitude = digits.iter().try_fold(0u64, |n, &d| {
        n.checked_mul(10)?
            .checked_add(u64::from(d.wrapping_sub(b'0')))
    })?;
    // Through the unsigned magnitude, so that `i64::MIN` reads back.
    match minus {
        Some(_) => 0i64.checked_sub_unsigned(magnitude),
        None => i64::try_from(magnitude).ok(),
    }
}

/// Status line: a decimal `i32`.
pub(super) fn status_line(line: &[u8]) -> Option<i32> {
    i32::try_from(decimal(line)?).ok()
}

/// A text line: any UTF-8.
fn text_line(line: &[u8]) -> Option<Text<'_>> {
    core::str::from_utf8(line).ok().map(Text::plain)
}

/// The 1-based line that byte `offset` of `body` is on.
fn line_of(body: &[u8], offset: usize) -> u32 {
    let before = body.get(..offset).unwrap_or(body);
    let breaks = memchr::memchr_iter(b'\n', before).count();
    u32::try_from(breaks).unwrap_or(u32::MAX).saturating_add(1)
}

/// Reads the body line by line.
struct Lines<'a> {
    body: &'a [u8],
    pos: usize,
}

impl<'a> Lines<'a> {
    /// The next line and its offset; the final line break is optional.
    fn next(&mut self) -> Option<(&'a [u8], usize)> {
        if self.pos >= self.body.len() {
            return None;
        }
        let at = self.pos;
        let (line, next) = line_at(self.body, at);
        self.pos = next;
        Some((line, at))
    }

    /// The next line, which the expectation requires.
    fn require(&mut self) -> Result<(&'a [u8], usize), Error> {
        self.next()
            .ok_or_else(|| self.error(ErrorKind::MissingLine, self.body.len()))
    }

    fn error(&self, kind: ErrorKind, offset: usize) -> Error {
        Error::new(kind, offset).at_line(line_of(self.body, offset))
    }

    /// Reads a required line with `rule`, an error of `kind` at the line if it fails.
    fn read<T>(
        &mut self,
        kind: ErrorKind,
        rule: impl FnOnce(&'a [u8]) -> Option<T>,
    ) -> Result<T, Error> {
        let (line, at) = self.require()?;
        rule(line).ok_or_else(|| self.error(kind, at))
    }
}

impl<'a> Response<'a> {
    /// Parses a format-0 body with the shape `expectation` implies.
    ///
    /// Lines end in LF or CRLF, the final one optionally. Errors carry the
    /// byte offset and the line number.
    ///
    /// ```
    /// use collectssl::response::{Expectation, Response};
    /// use collectssl::{QueryType, Status};
    ///
    /// let mut exp = Expectation::new(QueryType::StatusOnly);
    /// exp.show_validity_period = true;
    /// exp.show_fqdn = true;
    /// let r = Response::parse_newline(b"1\r\n14/05/2003 13/05/2004\r\nsecure.example.com\r\n", &exp).unwrap();
    /// assert_eq!(r.status, Status::CertificatesAvailable);
    /// assert_eq!(r.not_before, Some(1_052_870_400));
    /// assert_eq!(r.not_after, Some(1_084_492_799));
    /// assert_eq!(r.fqdn.unwrap(), "secure.example.com");
    ///
    /// let err = Response::parse_newline(b"1\n", &exp).unwrap_err();
    /// assert_eq!((err.offset(), err.line().unwrap().get()), (2, 2));
    /// ```
    pub fn parse_newline(body: &'a [u8], expectation: &Expectation) -> Result<Self, Error> {
        let exp = expectation;
        let mut lines = Lines { body, pos: 0 };
        let (first, _) = lines
            .next()
            .ok_or(Error::new(ErrorKind::UnexpectedEnd, 0).at_line(1))?;
        let code = status_line(first).ok_or_else(|| lines.error(ErrorKind::InvalidNumber, 0))?;
        let mut r = Response::new(Status::from_code(code));

        if code < 0 {
            r.error_message = Some(lines.read(ErrorKind::InvalidUtf8, text_line)?);
        } else {
            if code > 0 && exp.show_validity_period {
                let (line, at) = lines.require()?;
                let (from, to) = validity_line(line)
                    .map_err(|e| lines.error(e.kind(), at.saturating_add(e.offset())))?;
                r.not_before = Some(from.start_unix());
                r.not_after = Some(to.end_unix());
            }
            if code > 0 && exp.show_fqdn {
                r.fqdn = Some(lines.read(ErrorKind::InvalidUtf8, text_line)?);
            }
            if code == 2 && exp.query_type != QueryType::StatusOnly {
                certificates(&mut lines, exp, &mut r)?;
            }
            if exp.show_ext_status {
                let status = lines.read(ErrorKind::InvalidUtf8, text_line)?;
                r.certificate_status = Some(CertificateStatus::from_text(status));
                let status = lines.read(ErrorKind::InvalidUtf8, text_line)?;
                r.validation_status = Some(ValidationStatus::from_text(status));
            }
            if code == 0 && exp.show_mdc_domain_details {
                r.mdc_domain_details = Some(mdc_line(&mut lines)?);
            }
            if exp.show_status_details {
                let mut details = [DetailStatus::NotRequired; 7];
                for slot in &mut details {
                    let (line, at) = lines.require()?;
                    *slot = detail_status(line)
                        .map_err(|e| lines.error(e.kind(), at.saturating_add(e.offset())))?;
                }
                r.status_details = Some(StatusDetails::from_array(details));
            }
            if code == 0 && exp.show_mdc_domain_details2 {
                r.mdc_domain_details2 = Some(mdc_line(&mut lines)?);
            }
            if let Some((line, at)) = lines.next() {
                // The spec prints the CAA line only when it is not empty.
                let text =
                    text_line(line).ok_or_else(|| lines.error(ErrorKind::InvalidUtf8, at))?;
                if text.is_empty() {
                    return Err(lines.error(ErrorKind::UnexpectedLine, at));
                }
                r.caa_status = Some(CaaStatus::from_text(text));
            }
        }
        match lines.next() {
            Some((_, at)) => Err(lines.error(ErrorKind::UnexpectedLine, at)),
            None => Ok(r),
        }
    }
}

/// An MDC domain list line.
fn mdc_line<'a>(lines: &mut Lines<'a>) -> Result<MdcDomainDetails<'a>, Error> {
    let (line, at) = lines.require()?;
    let text = text_line(line).ok_or_else(|| lines.error(ErrorKind::InvalidUtf8, at))?;
    MdcDomainDetails::parse(text).map_err(|e| lines.error(e.kind(), at.saturating_add(e.offset())))
}

/// The certificate blocks of a status-2 answer (DESIGN.md item 4): with
/// `queryType=1` the CA certificates in wire order then the end entity
/// (at least two blocks), with 2 the end entity only, with 3 the CA
/// certificates only; a container type gives one block of any label.
fn certificates<'a>(
    lines: &mut Lines<'a>,
    exp: &Expectation,
    r: &mut Response<'a>,
) -> Result<(), Error> {
    let body = lines.body;
    let first = lines.pos;
    let single = exp.response_type != ResponseType::IndividuallyEncoded
        || exp.query_type == QueryType::Certificate;
    let mut count = 0usize;
    let mut last = None;
    // Armor lines are the only lines that start with dashes.
    while body
        .get(lines.pos..)
        .is_some_and(|rest| rest.starts_with(b"-----"))
    {
        let block = pem::block(body, lines.pos).map_err(|e| lines.error(e.kind(), e.offset()))?;
        if exp.response_type == ResponseType::IndividuallyEncoded
            && block.label != CERTIFICATE.as_bytes()
        {
            return Err(lines.error(ErrorKind::InvalidPem, lines.pos));
        }
        lines.pos = block.end;
        last = Some(block.blob);
        count = count.saturating_add(1);
        if single {
            break;
        }
    }
    if count == 0 {
        // No block where one must be: name what stands there instead.
        return Err(if lines.pos >= body.len() {
            lines.error(ErrorKind::MissingLine, body.len())
        } else {
            lines.error(ErrorKind::InvalidPem, lines.pos)
        });
    }
    match (exp.response_type, exp.query_type) {
        (ResponseType::Zip, _) => r.zip_file = last,
        (ResponseType::NetscapeCertificateSequence, _) => r.netscape_certificate_sequence = last,
        (ResponseType::Pkcs7, _) => r.pkcs7 = last,
        (ResponseType::IndividuallyEncoded, QueryType::Certificate) => r.certificate = last,
        (ResponseType::IndividuallyEncoded, QueryType::CaBundle) => {
            r.ca_certificates = CaCertificates::pem(body, first, count);
        }
        (ResponseType::IndividuallyEncoded, _) if count < 2 => {
            // The end entity needs at least one CA certificate before it.
            return Err(lines.error(ErrorKind::MissingLine, lines.pos));
        }
        (ResponseType::IndividuallyEncoded, _) => {
            r.ca_certificates = CaCertificates::pem(body, first, count.saturating_sub(1));
            r.certificate = last;
        }
    }
    Ok(())
}

/// The armor label a format-0 encoder writes for each kind of blob.
const CERTIFICATE: &str = "CERTIFICATE";

/// Writes `r` as format 0, LF line endings, a line break after every line.
pub(super) fn emit(r: &Response<'_>, out: &mut impl Sink) -> Result<(), Error> {
    check(r)?;
    let code = r.status.code();
    out.put_i64(code.into())?;
    out.put("\n")?;
    if code < 0 {
        if let Some(message) = r.error_message {
            text(out, &message)?;
        }
        return Ok(());
    }
    if let (Some(from), Some(to)) = (r.not_before, r.not_after) {
        let unrepresentable = Error::new(ErrorKind::Unrepresentable, 0);
        let from = Date::from_start_unix(from).ok_or(unrepresentable)?;
        let to = Date::from_end_unix(to).ok_or(unrepresentable)?;
        FmtAdapter::display(out, Mode::Line, &format_args!("{from} {to}"))?;
        out.put("\n")?;
    }
    if let Some(fqdn) = r.fqdn {
        text(out, &fqdn)?;
    }
    for ca in r.ca_certificates.iter() {
        pem_block(out, CERTIFICATE, ca)?;
    }
    if let Some(certificate) = r.certificate {
        pem_block(out, CERTIFICATE, certificate)?;
    }
    if let Some(zip) = r.zip_file {
        pem_block(out, "ZIP", zip)?;
    }
    if let Some(sequence) = r.netscape_certificate_sequence {
        pem_block(out, "NETSCAPE CERTIFICATE SEQUENCE", sequence)?;
    }
    if let Some(pkcs7) = r.pkcs7 {
        pem_block(out, "PKCS7", pkcs7)?;
    }
    if let (Some(certificate), Some(validation)) = (r.certificate_status, r.validation_status) {
        text(out, &certificate)?;
        text(out, &validation)?;
    }
    if let Some(list) = r.mdc_domain_details {
        text(out, &list)?;
    }
    if let Some(details) = r.status_details {
        for (_, detail) in details.iter() {
            out.put_i64(detail.code().into())?;
            out.put("\n")?;
        }
    }
    if let Some(list) = r.mdc_domain_details2 {
        text(out, &list)?;
    }
    if let Some(caa) = r.caa_status {
        text(out, &caa)?;
    }
    Ok(())
}

/// One line of text, refusing line breaks inside it.
fn text(out: &mut impl Sink, value: &dyn core::fmt::Display) -> Result<(), Error> {
    FmtAdapter::display(out, Mode::Line, value)?;
    out.put("\n")
}

/// Refuses what format 0 cannot say: lines the status excludes, half a
/// pair, certificates that do not fit one `queryType`/`responseType`,
/// parameters only format 1 knows, an empty CAA line, a line break inside
/// a line (or a line an armor line could be taken for), and a date that is
/// not a whole day: all of it before the first byte is written.
fn check(r: &Response<'_>) -> Result<(), Error> {
    let code = r.status.code();
    let has_certificates =
        !r.ca_certificates.is_empty() || r.certificate.is_some() || r.container().is_some();
    // A PEM block needs at least one line of base64.
    let empty_blob = r.blobs().any(|b| b.decoded_len().is_ok_and(|n| n == 0));
    let lists_valid = [r.mdc_domain_details, r.mdc_domain_details2]
        .iter()
        .flatten()
        .all(|list| list.validate().is_ok());
    let containers = [r.zip_file, r.netscape_certificate_sequence, r.pkcs7]
        .iter()
        .filter(|b| b.is_some())
        .count();
    let fits = if code < 0 {
        r.error_message.is_some()
            && r.not_before.is_none()
            && r.not_after.is_none()
            && r.fqdn.is_none()
            && !has_certificates
            && r.certificate_status.is_none()
            && r.validation_status.is_none()
            && r.mdc_domain_details.is_none()
            && r.mdc_domain_details2.is_none()
            && r.status_details.is_none()
            && r.caa_status.is_none()
    } else {
        r.error_message.is_none()
            && r.not_before.is_some() == r.not_after.is_some()
            && (code > 0 || (r.not_before.is_none() && r.fqdn.is_none()))
            && (code == 2 || !has_certificates)
            && (containers == 0
                || (containers == 1 && r.ca_certificates.is_empty() && r.certificate.is_none()))
            && r.certificate_status.is_some() == r.validation_status.is_some()
            && (code == 0 || (r.mdc_domain_details.is_none() && r.mdc_domain_details2.is_none()))
            && !matches!(r.caa_status, Some(CaaStatus::Other(t)) if t.is_empty())
    };
    // Every line is tried before anything is written, so that a refusal
    // leaves the caller's buffer or writer as it was.
    let one_line = |value: &dyn core::fmt::Display| {
        FmtAdapter::display(&mut Counter::default(), Mode::Line, value).is_ok()
    };
    let lines_fit = r.error_message.is_none_or(|t| one_line(&t))
        && r.fqdn.is_none_or(|t| one_line(&t))
        && r.certificate_status.is_none_or(|s| one_line(&s))
        && r.validation_status.is_none_or(|s| one_line(&s))
        && r.mdc_domain_details.is_none_or(|l| one_line(&l))
        && r.mdc_domain_details2.is_none_or(|l| one_line(&l))
        && r.caa_status.is_none_or(|c| one_line(&c));
    let dates_fit = r
        .not_before
        .is_none_or(|s| Date::from_start_unix(s).is_some())
        && r.not_after.is_none_or(|s| Date::from_end_unix(s).is_some());
    if fits && lines_fit && dates_fit && !empty_blob && lists_valid && r.unknown.is_empty() {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::Unrepresentable, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ResponseFormat;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    /// Found by `tests/hostile.rs`: a line break in the error message (or
    /// any later line) was refused only when its line came to be written,
    /// after the status line had gone to the caller's writer.
    #[test]
    fn a_refusal_writes_nothing() {
        let mut late_break = Response::new(Status::from_code(0));
        late_break.caa_status = Some(CaaStatus::from_text(Text::plain("a\nb")));
        let mut half_day = Response::new(Status::from_code(1));
        half_day.not_before = Some(0);
        half_day.not_after = Some(43_200);
        for r in [
            Response::error(Status::from_code(-16), "Permission\r\ndenied"),
            Response::error(Status::from_code(-16), "-----BEGIN CERTIFICATE-----"),
            late_break,
            half_day,
        ] {
            let mut buf = [0u8; 64];
            let err = r
                .encode(ResponseFormat::NewlineDelimited, &mut buf)
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Unrepresentable);
            assert_eq!(buf, [0u8; 64]);
            let mut text = String::new();
            assert!(
                r.write_to(ResponseFormat::NewlineDelimited, &mut text)
                    .is_err()
            );
            assert_eq!(text, "");
        }
    }
}
