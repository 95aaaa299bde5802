//! Format 0 (`responseFormat=0`): newline-delimited lines whose meaning
//! depends on the request (docs/reading-the-spec.md#format-0), read
//! strictly or tolerantly (docs/reading-the-spec.md#two-readings).
//!
//! One rule per line kind; the driver reads them in the order the spec
//! lists them, as far as the status and the expectation call for them.

use super::lists::Known;
use super::{CaCertificates, Expectation, OtherLines, Response};
use crate::blob::pem_block;
use crate::caa::CaaStatus;
use crate::date::{Date, validity_line};
use crate::details::{DetailStatus, StatusDetails, detail_status};
use crate::error::{Error, ErrorKind};
use crate::ext_status::{CertificateStatus, ValidationStatus, known_value};
use crate::mdc::MdcDomainDetails;
use crate::offset::add_within;
use crate::pem::{self, CERTIFICATE, line_at};
use crate::request::{QueryType, ResponseType};
use crate::sink::{Counter, FmtAdapter, Mode, Sink};
use crate::status::Status;
use crate::text::Text;

/// Status line: a decimal `i32`.
pub(super) fn status_line(line: &[u8]) -> Option<i32> {
    i32::try_from(crate::number::integer(line)?).ok()
}

/// A text line: any UTF-8.
fn text_line(line: &[u8]) -> Option<Text<'_>> {
    core::str::from_utf8(line).ok().map(Text::plain)
}

/// `blank-line = *(SP / HTAB)`: never a value, in either reading.
pub(super) fn is_blank(line: &[u8]) -> bool {
    line.iter().all(is_blank_byte)
}

/// A byte a blank line may hold before its line break.
fn is_blank_byte(byte: &u8) -> bool {
    matches!(byte, b' ' | b'\t')
}

/// `bare-integer = ["-"] 1*DIGIT`: a status detail's shape, which is never
/// a CAA status (the CAA line's numeric form is `Error 'xxx'`).
fn is_bare_integer(line: &[u8]) -> bool {
    let digits = line.strip_prefix(b"-").unwrap_or(line);
    !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
}

/// Whether a line can be the CAA status: not blank, not a bare integer,
/// and not an armour line (which no CAA status starts with).
fn may_be_caa(line: &[u8]) -> bool {
    !is_blank(line) && !is_bare_integer(line) && !line.starts_with(b"-----")
}

/// Where the content of a body ends for the tolerant reading: before the
/// blank lines that close it, each as [`line_at`] reads it (spaces and
/// tabs, then LF, CRLF or the end).
fn content_end(body: &[u8]) -> usize {
    let mut end = body.len();
    // `upto` is the body up to and with `byte`: its length is the offset after `byte`.
    let mut upto = body;
    while let [before @ .., byte] = upto {
        match byte {
            b'\n' => end = upto.len(),
            b' ' | b'\t' => {}
            b'\r' if matches!(body.get(upto.len()), Some(b'\n') | None) => {}
            _ => return end,
        }
        upto = before;
    }
    0
}

/// The offset after any blank lines that start at `pos`, up to `end`.
pub(super) fn skip_blank_lines(body: &[u8], mut pos: usize, end: usize) -> usize {
    while pos < end {
        // A line that starts with any other byte is not blank: told without
        // finding its end (after a certificate block, the next one's BEGIN line).
        if !body
            .get(pos)
            .is_some_and(|b| is_blank_byte(b) || matches!(b, b'\r' | b'\n'))
        {
            break;
        }
        let (line, next) = line_at(body, pos);
        if !is_blank(line) {
            break;
        }
        // `end` is where a line starts, so a blank line before it ends there at the latest.
        pos = next;
    }
    pos
}

/// The 1-based line that byte `offset` of `body` is on.
/// A line past `u32::MAX` (a body of more than 4 GiB) is given as `u32::MAX`.
fn line_of(body: &[u8], offset: usize) -> u32 {
    // Errors are within the body, or at its end.
    let before = body.get(..offset);
    debug_assert!(
        before.is_some(),
        "an error at {offset}, past {} bytes",
        body.len()
    );
    let breaks = memchr::memchr_iter(b'\n', before.unwrap_or(body)).count();
    u32::try_from(breaks).map_or(u32::MAX, |breaks| breaks.saturating_add(1))
}

/// Reads the body line by line, with the strict reading or the tolerant
/// one (a constant, so that each reading is compiled without the other).
struct Lines<'a, const STRICT: bool> {
    body: &'a [u8],
    pos: usize,
    /// The body's length.
    end: usize,
    /// Where the blank lines that close the body start (the tolerant
    /// reading ignores them), or the body's length (the strict reading).
    content_end: usize,
}

impl<'a, const STRICT: bool> Lines<'a, STRICT> {
    /// The next line and its offset, without reading it.
    fn peek(&self) -> Option<(&'a [u8], usize)> {
        (self.pos < self.end).then(|| (line_at(self.body, self.pos).0, self.pos))
    }

    /// The next line and its offset; the final line break is optional.
    fn next(&mut self) -> Option<(&'a [u8], usize)> {
        let at = self.pos;
        if at >= self.end {
            return None;
        }
        let (line, next) = line_at(self.body, at);
        self.pos = next;
        Some((line, at))
    }

    /// The next line and its offset when `keep` takes it; the line is
    /// found once either way.
    fn next_if(&mut self, keep: impl FnOnce(&[u8]) -> bool) -> Option<(&'a [u8], usize)> {
        let at = self.pos;
        if at >= self.end {
            return None;
        }
        let (line, next) = line_at(self.body, at);
        keep(line).then(|| {
            self.pos = next;
            (line, at)
        })
    }

    /// The next line, which the expectation requires.
    fn require(&mut self) -> Result<(&'a [u8], usize), Error> {
        self.next()
            .ok_or_else(|| self.error(ErrorKind::MissingLine, self.end))
    }

    fn error(&self, kind: ErrorKind, offset: usize) -> Error {
        Error::new(kind, offset).at_line(line_of(self.body, offset))
    }

    /// A status line (certificate or validation status): text, never
    /// blank. A known value (`known`) is read without a UTF-8 check; any
    /// other text becomes `other`'s.
    fn status<T>(
        &mut self,
        known: impl FnOnce(&[u8]) -> Option<T>,
        other: impl FnOnce(Text<'a>) -> T,
    ) -> Result<T, Error> {
        let (line, at) = self.require()?;
        if let Some(known) = known(line) {
            return Ok(known);
        }
        if is_blank(line) {
            return Err(self.error(ErrorKind::EmptyValue, at));
        }
        text_line(line)
            .map(other)
            .ok_or_else(|| self.error(ErrorKind::InvalidUtf8, at))
    }

    /// An optional text line (the error message, the FQDN): the strict
    /// reading requires it and refuses it blank; the tolerant reading reads
    /// a blank line, or the end of the body, as absent.
    fn optional_text(&mut self) -> Result<Option<Text<'a>>, Error> {
        if !STRICT && self.pos >= self.content_end {
            self.pos = self.end;
            return Ok(None);
        }
        let (line, at) = match (STRICT, self.next()) {
            (false, None) => return Ok(None),
            (_, Some(line)) => line,
            (true, None) => return Err(self.error(ErrorKind::MissingLine, self.end)),
        };
        match (STRICT, is_blank(line)) {
            (false, true) => Ok(None),
            (true, true) => Err(self.error(ErrorKind::EmptyValue, at)),
            (_, false) => text_line(line)
                .map(Some)
                .ok_or_else(|| self.error(ErrorKind::InvalidUtf8, at)),
        }
    }

    /// The status details (`showStatusDetails=Y`). Strict: the seven lines
    /// of the spec, each `-1 | 0 | 1 | 2`. Tolerant: the consecutive
    /// bare-integer lines, at most seven, in the spec's order; any integer
    /// is kept, and the first other line ends them.
    fn status_details(&mut self) -> Result<StatusDetails, Error> {
        let mut details = [None; StatusDetails::COUNT];
        for slot in &mut details {
            let (line, at) = match STRICT {
                true => self.require()?,
                false => match self.next_if(is_bare_integer) {
                    Some(line) => line,
                    None => break,
                },
            };
            let detail = match STRICT {
                true => detail_status(line),
                false => status_line(line)
                    .map(DetailStatus::from_code)
                    .ok_or(Error::new(ErrorKind::InvalidNumber, 0)),
            };
            *slot = Some(detail.map_err(|e| {
                self.error(e.kind(), e.offset().map_or(at, |o| at.saturating_add(o)))
            })?);
        }
        Ok(StatusDetails::from_options(details))
    }
}

impl<'a> Response<'a> {
    /// Parses a format-0 body with the shape `expectation` implies, with
    /// the tolerant reading: what the live service sends beyond the
    /// written spec is read (blank lines that close the body or follow a
    /// certificate block, status details left out, an empty FQDN or error
    /// message as absent), and lines after every line the request implies
    /// are kept in [`Response::other_lines`]. See
    /// [`Response::parse_newline_strict`] for the written spec alone.
    ///
    /// Lines end in LF or CRLF, the final one optionally. Errors carry the
    /// byte offset and the line number.
    ///
    /// ```
    /// use collectssl::response::{Expectation, Response};
    /// use collectssl::{DetailStatus, QueryType, Status};
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
    /// assert_eq!((err.offset(), err.line().unwrap().get()), (Some(2), 2));
    ///
    /// // Five details (the EV-only ones left out), the CAA line, a blank line.
    /// let mut exp = Expectation::new(QueryType::StatusOnly);
    /// exp.show_status_details = true;
    /// let r = Response::parse_newline(b"0\n1\n0\n-1\n-1\n-1\nAuthorized\n\n", &exp).unwrap();
    /// assert_eq!(r.status_details.len(), 5);
    /// assert_eq!(r.status_details.dcv, Some(DetailStatus::NotCompleted));
    /// assert_eq!(r.caa_status.unwrap().to_string(), "Authorized");
    /// assert!(Response::parse_newline_strict(b"0\n1\n0\n-1\n-1\n-1\nAuthorized\n\n", &exp).is_err());
    /// ```
    pub fn parse_newline(body: &'a [u8], expectation: &Expectation) -> Result<Self, Error> {
        read::<false>(body, expectation)
    }

    /// Parses a format-0 body with the strict reading: exactly the lines
    /// the written spec gives for `expectation`, in its order, and nothing
    /// more; for mocks, conformance tests and fuzz oracles. Whatever it
    /// accepts, [`Response::parse_newline`] accepts with an equal value.
    ///
    /// ```
    /// use collectssl::response::{Expectation, Response};
    /// use collectssl::{ErrorKind, QueryType};
    ///
    /// let exp = Expectation::new(QueryType::StatusOnly);
    /// assert!(Response::parse_newline_strict(b"0\n", &exp).is_ok());
    /// let err = Response::parse_newline_strict(b"0\n\n", &exp).unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::UnexpectedLine, Some(2)));
    /// assert!(Response::parse_newline(b"0\n\n", &exp).is_ok());
    /// ```
    pub fn parse_newline_strict(body: &'a [u8], expectation: &Expectation) -> Result<Self, Error> {
        read::<true>(body, expectation)
    }
}

/// Format 0 with either reading: the lines in the order the spec lists
/// them, as far as the status and the expectation call for them.
pub(super) fn read<'a, const STRICT: bool>(
    body: &'a [u8],
    exp: &Expectation,
) -> Result<Response<'a>, Error> {
    let end = if STRICT {
        body.len()
    } else {
        content_end(body)
    };
    // Every line the request implies is read to the body's end in both
    // readings, so that a blank one means the same to both (an empty MDC
    // list, an absent FQDN to the tolerant reading); the closing blank
    // lines are ignored only after them.
    let mut lines = Lines::<STRICT> {
        body,
        pos: 0,
        end: body.len(),
        content_end: end,
    };
    let (first, _) = lines
        .next()
        .ok_or(Error::new(ErrorKind::UnexpectedEnd, 0).at_line(1))?;
    let code = status_line(first).ok_or_else(|| lines.error(ErrorKind::InvalidNumber, 0))?;
    let mut r = Response::new(Status::from_code(code));
    // Kept lines: bare integers where the CAA line would be, then what
    // follows the CAA line; without a CAA line, one run to the end.
    let mut kept = [(end, end); 2];
    if code < 0 {
        r.error_message = lines.optional_text()?;
        kept[0] = (lines.pos.min(end), end);
    } else {
        if code > 0 && exp.show_validity_period {
            let (line, at) = lines.require()?;
            let (from, to) = validity_line(line).map_err(|e| {
                lines.error(e.kind(), e.offset().map_or(at, |o| at.saturating_add(o)))
            })?;
            r.not_before = Some(from.start_unix());
            r.not_after = Some(to.end_unix());
        }
        if code > 0 && exp.show_fqdn {
            r.fqdn = lines.optional_text()?;
        }
        if code == 2 && exp.query_type != QueryType::StatusOnly {
            certificates(&mut lines, exp, &mut r)?;
        }
        if exp.show_ext_status {
            let certificate = |line: &[u8]| known_value(CertificateStatus::KNOWN, line);
            let validation = |line: &[u8]| known_value(ValidationStatus::KNOWN, line);
            r.certificate_status = Some(lines.status(certificate, CertificateStatus::from_text)?);
            r.validation_status = Some(lines.status(validation, ValidationStatus::from_text)?);
        }
        if code == 0 && exp.show_mdc_domain_details {
            r.mdc_domain_details = Some(mdc_line(&mut lines)?);
        }
        if exp.show_status_details {
            r.status_details = lines.status_details()?;
        }
        if code == 0 && exp.show_mdc_domain_details2 {
            r.mdc_domain_details2 = Some(mdc_line(&mut lines)?);
        }
        let integers = lines.pos.min(end);
        if !STRICT {
            // A later version's further details: kept, never a CAA status.
            while lines.next_if(is_bare_integer).is_some() {}
            // Past the content, only the closing blank lines are left.
            if lines.pos >= end {
                lines.pos = lines.end;
            }
        }
        kept[0] = (integers, lines.pos.min(end));
        // The spec prints the CAA line only when it is not empty.
        if let Some((line, at)) = lines.next_if(may_be_caa) {
            let caa = match CaaStatus::known_as_sent(line) {
                Some(known) => known,
                None => CaaStatus::from_text(
                    text_line(line).ok_or_else(|| lines.error(ErrorKind::InvalidUtf8, at))?,
                ),
            };
            r.caa_status = Some(caa);
            kept[1] = (lines.pos, end);
        } else if let Some((_, at)) = lines.peek() {
            if STRICT {
                return Err(lines.error(ErrorKind::UnexpectedLine, at));
            }
            // Tolerant: not a CAA status; kept with all that follows.
            kept[0] = (integers, end);
        }
    }
    r.other_lines = OtherLines::new(body, kept);
    match (STRICT, lines.peek()) {
        (true, Some((_, at))) => Err(lines.error(ErrorKind::UnexpectedLine, at)),
        _ => Ok(r),
    }
}

/// An MDC domain list line.
fn mdc_line<'a, const STRICT: bool>(
    lines: &mut Lines<'a, STRICT>,
) -> Result<MdcDomainDetails<'a>, Error> {
    let (line, at) = lines.require()?;
    let text = text_line(line).ok_or_else(|| lines.error(ErrorKind::InvalidUtf8, at))?;
    MdcDomainDetails::parse(text)
        .map_err(|e| lines.error(e.kind(), e.offset().map_or(at, |o| at.saturating_add(o))))
}

/// The certificate blocks of a status-2 answer (docs/reading-the-spec.md#format-0): with
/// `queryType=1` the CA certificates in wire order then the end entity
/// (at least two blocks), with 2 the end entity only, with 3 the CA
/// certificates only; a container type gives one block of any label.
fn certificates<'a, const STRICT: bool>(
    lines: &mut Lines<'a, STRICT>,
    exp: &Expectation,
    r: &mut Response<'a>,
) -> Result<(), Error> {
    let body = lines.body;
    let first = lines.pos;
    let single = exp.response_type != ResponseType::IndividuallyEncoded
        || exp.query_type == QueryType::Certificate;
    let mut count = 0usize;
    let mut last = None;
    let mut known = Known::at(first);
    // Armor lines are the only lines that start with dashes.
    while body
        .get(lines.pos..)
        .is_some_and(|rest| rest.starts_with(b"-----"))
    {
        let block = pem::block(body, lines.pos)
            .map_err(|e| lines.error(e.kind(), e.offset().unwrap_or(lines.pos)))?;
        if exp.response_type == ResponseType::IndividuallyEncoded
            && block.label != CERTIFICATE.as_bytes()
        {
            return Err(lines.error(ErrorKind::InvalidPem, lines.pos));
        }
        // A client written against the live service expects a blank line
        // between the certificate and the status lines.
        lines.pos = if STRICT {
            block.end
        } else {
            skip_blank_lines(body, block.end, lines.content_end)
        };
        last = Some(block.blob);
        known.keep(count, block.blob, lines.pos);
        count = add_within(count, 1);
        if single {
            break;
        }
    }
    if count == 0 {
        // No block where one must be: name what stands there instead.
        return Err(if lines.pos >= lines.end {
            lines.error(ErrorKind::MissingLine, lines.end)
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
            r.ca_certificates = CaCertificates::pem(body, count, known);
        }
        (ResponseType::IndividuallyEncoded, _) => match count.checked_sub(1) {
            Some(ca_count) if ca_count > 0 => {
                r.ca_certificates = CaCertificates::pem(body, ca_count, known);
                r.certificate = last;
            }
            // The end entity needs at least one CA certificate before it.
            _ => return Err(lines.error(ErrorKind::MissingLine, lines.pos)),
        },
    }
    Ok(())
}

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
        let unrepresentable = Error::unlocated(ErrorKind::Unrepresentable);
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
    for (_, detail) in r.status_details.iter() {
        out.put_i64(detail.code().into())?;
        out.put("\n")?;
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

/// The shape of a value written as a line: blank (spaces and tabs only),
/// or a bare integer. Neither reading takes such a line for a status or
/// the CAA line, so the encoders refuse to write one there.
#[derive(Debug, Clone, Copy)]
pub(super) struct LineShape {
    pub(super) blank: bool,
    pub(super) bare_integer: bool,
    digits: bool,
    /// Whether a character has been seen (a `-` is a sign only first).
    started: bool,
}

impl LineShape {
    pub(super) fn of(value: &dyn core::fmt::Display) -> Self {
        let mut shape = Self {
            blank: true,
            bare_integer: true,
            digits: false,
            started: false,
        };
        // A failed write only stops the count; what was seen stays.
        let _ = core::fmt::write(&mut shape, format_args!("{value}"));
        shape.bare_integer &= shape.digits;
        shape
    }
}

impl core::fmt::Write for LineShape {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        for c in s.chars() {
            self.blank &= matches!(c, ' ' | '\t');
            self.bare_integer &= c.is_ascii_digit() || (c == '-' && !self.started);
            self.digits |= c.is_ascii_digit();
            self.started = true;
        }
        Ok(())
    }
}

/// Refuses what the strict reading would not read back (see
/// docs/reading-the-spec.md#encoders): lines the status excludes, half a
/// pair, certificates that do not fit one `queryType`/`responseType`,
/// parameters only format 1 knows, kept lines, status details the spec
/// does not list (some left out, or a later code), a blank text or status
/// line, a CAA line that is blank or a bare integer, a line break inside a
/// line (or a line an armor line could be taken for), and a date that is
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
            && r.status_details.is_empty()
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
            && r.caa_status.is_none_or(|c| {
                let shape = LineShape::of(&c);
                !shape.blank && !shape.bare_integer
            })
    };
    // Every line is tried before anything is written, so that a refusal
    // leaves the caller's buffer or writer as it was.
    let one_line = |value: &dyn core::fmt::Display| {
        FmtAdapter::display(&mut Counter::default(), Mode::Line, value).is_ok()
    };
    let lines_fit = r
        .error_message
        .is_none_or(|t| one_line(&t) && !LineShape::of(&t).blank)
        && r.fqdn
            .is_none_or(|t| one_line(&t) && !LineShape::of(&t).blank)
        && r.certificate_status
            .is_none_or(|s| one_line(&s) && !LineShape::of(&s).blank)
        && r.validation_status
            .is_none_or(|s| one_line(&s) && !LineShape::of(&s).blank)
        && r.mdc_domain_details.is_none_or(|l| one_line(&l))
        && r.mdc_domain_details2.is_none_or(|l| one_line(&l))
        && r.caa_status.is_none_or(|c| one_line(&c));
    let dates_fit = r
        .not_before
        .is_none_or(|s| Date::from_start_unix(s).is_some())
        && r.not_after.is_none_or(|s| Date::from_end_unix(s).is_some());
    if fits
        && lines_fit
        && dates_fit
        && !empty_blob
        && lists_valid
        && r.status_details.is_as_specified()
        && r.other_parameters.is_empty()
        && r.other_lines.is_empty()
    {
        Ok(())
    } else {
        Err(Error::unlocated(ErrorKind::Unrepresentable))
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
