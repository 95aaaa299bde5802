//! Format 1 (`responseFormat=1`): URL-encoded parameters, read by name in
//! any order (DESIGN.md item 7).

use super::{CaCertificates, Response, UnknownParameters};
use crate::caa::CaaStatus;
use crate::details::{DetailStatus, StatusDetails};
use crate::error::{Error, ErrorKind};
use crate::ext_status::{CertificateStatus, ValidationStatus};
use crate::form;
use crate::mdc::MdcDomainDetails;
use crate::pem::{Blob, write_base64};
use crate::request::put_text;
use crate::sink::{FmtAdapter, Mode, Sink};
use crate::status::Status;
use crate::text::Text;

/// A parameter this crate knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Param {
    ErrorCode,
    ErrorMessage,
    NotBefore,
    NotAfter,
    Fqdn,
    ZipFile,
    NetscapeCertificateSequence,
    Pkcs7,
    CaCertificate,
    Certificate,
    CertificateStatus,
    ValidationStatus,
    MdcDomainDetails,
    MdcDomainDetails2,
    /// One of the seven status details, by its index in [`StatusDetails::NAMES`].
    Detail(usize),
    CaaStatus,
}

impl Param {
    /// A bit per single-valued parameter, to find repetitions.
    fn bit(self) -> u32 {
        let index = match self {
            Self::ErrorCode => 0,
            Self::ErrorMessage => 1,
            Self::NotBefore => 2,
            Self::NotAfter => 3,
            Self::Fqdn => 4,
            Self::ZipFile => 5,
            Self::NetscapeCertificateSequence => 6,
            Self::Pkcs7 => 7,
            Self::CaCertificate => 8,
            Self::Certificate => 9,
            Self::CertificateStatus => 10,
            Self::ValidationStatus => 11,
            Self::MdcDomainDetails => 12,
            Self::MdcDomainDetails2 => 13,
            Self::CaaStatus => 14,
            Self::Detail(i) => 16usize.saturating_add(i),
        };
        u32::try_from(index).map_or(0, |i| 1u32.checked_shl(i).unwrap_or(0))
    }
}

/// The parameter a sent name stands for (percent-decoded, exact case;
/// `ovCallbackStatus` is accepted for `ovCallBackStatus`).
pub(crate) fn param_of(raw_name: &[u8]) -> Option<Param> {
    // Known names need no escapes, so most names match as sent.
    if let Some(param) = param_named(raw_name) {
        return Some(param);
    }
    if form::is_verbatim(raw_name) {
        return None;
    }
    let mut buf = [0u8; 32];
    param_named(form::decode(raw_name, &mut buf).ok()?)
}

/// The spec's names of the single parameters. A table rather than a
/// `match`: as fast here, and a fraction of the code on small targets.
const NAMES: [(&str, Param); 15] = [
    ("errorCode", Param::ErrorCode),
    ("errorMessage", Param::ErrorMessage),
    ("notBefore", Param::NotBefore),
    ("notAfter", Param::NotAfter),
    ("fqdn", Param::Fqdn),
    ("zipFile", Param::ZipFile),
    (
        "netscapeCertificateSequence",
        Param::NetscapeCertificateSequence,
    ),
    ("pkcs7", Param::Pkcs7),
    ("caCertificate", Param::CaCertificate),
    ("certificate", Param::Certificate),
    ("certificateStatus", Param::CertificateStatus),
    ("validationStatus", Param::ValidationStatus),
    ("mdcDomainDetails", Param::MdcDomainDetails),
    ("mdcDomainDetails2", Param::MdcDomainDetails2),
    ("caaStatus", Param::CaaStatus),
];

fn param_named(name: &[u8]) -> Option<Param> {
    NAMES
        .iter()
        .find(|(n, _)| n.as_bytes() == name)
        .map(|(_, p)| *p)
        .or_else(|| StatusDetails::index_of_bytes(name).map(Param::Detail))
}

/// A decoded integer value: `-?[0-9]+`.
fn integer(raw: &[u8]) -> Option<i64> {
    let mut buf = [0u8; 24];
    super::newline::decimal(form::decode(raw, &mut buf).ok()?)
}

impl<'a> Response<'a> {
    /// Parses a format-1 body: every parameter in any order, escapes in
    /// either case, `caCertificate` repeated in wire order, unknown names
    /// kept in [`Response::unknown`]; a trailing line break is ignored.
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
    /// assert_eq!((err.kind(), err.offset()), (collectssl::ErrorKind::RepeatedParameter, 19));
    /// ```
    pub fn parse_urlencoded(body: &'a [u8]) -> Result<Self, Error> {
        let trimmed = body.len().saturating_sub(
            body.iter()
                .rev()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count(),
        );
        let body = body.get(..trimmed).unwrap_or_default();
        let mut r = Response::new(Status::BeingProcessed);
        let mut status = None;
        let mut seen = 0u32;
        let mut ca_count = 0usize;
        let mut details: [Option<DetailStatus>; 7] = [None; 7];
        let mut has_unknown = false;
        for pair in form::pairs(body) {
            let Some(param) = param_of(pair.name) else {
                has_unknown = true;
                continue;
            };
            if param != Param::CaCertificate {
                if seen & param.bit() != 0 {
                    return Err(Error::new(ErrorKind::RepeatedParameter, pair.offset));
                }
                seen |= param.bit();
            }
            let at = pair.value_offset;
            let text = || checked_text(pair.value, at);
            let blob = || Some(Blob::form_base64(pair.value).at(at));
            let number = || integer(pair.value).ok_or(Error::new(ErrorKind::InvalidNumber, at));
            match param {
                Param::ErrorCode => {
                    let code = i32::try_from(number()?)
                        .map_err(|_| Error::new(ErrorKind::InvalidNumber, at))?;
                    status = Some(Status::from_code(code));
                }
                Param::ErrorMessage => r.error_message = Some(text()?),
                Param::NotBefore => r.not_before = Some(number()?),
                Param::NotAfter => r.not_after = Some(number()?),
                Param::Fqdn => r.fqdn = Some(text()?),
                Param::ZipFile => r.zip_file = blob(),
                Param::NetscapeCertificateSequence => r.netscape_certificate_sequence = blob(),
                Param::Pkcs7 => r.pkcs7 = blob(),
                Param::CaCertificate => ca_count = ca_count.saturating_add(1),
                Param::Certificate => r.certificate = blob(),
                Param::CertificateStatus => {
                    r.certificate_status = Some(CertificateStatus::from_text(text()?));
                }
                Param::ValidationStatus => {
                    r.validation_status = Some(ValidationStatus::from_text(text()?));
                }
                Param::MdcDomainDetails => r.mdc_domain_details = Some(mdc(pair.value, at)?),
                Param::MdcDomainDetails2 => r.mdc_domain_details2 = Some(mdc(pair.value, at)?),
                Param::Detail(i) => {
                    let detail =
                        DetailStatus::parse(Text::form(pair.value)).map_err(|e| e.shifted(at))?;
                    if let Some(slot) = details.get_mut(i) {
                        *slot = Some(detail);
                    }
                }
                Param::CaaStatus => r.caa_status = Some(CaaStatus::from_text(text()?)),
            }
        }
        r.status = status.ok_or(Error::new(ErrorKind::MissingLine, body.len()))?;
        r.status_details = match details {
            [None, None, None, None, None, None, None] => None,
            [
                Some(a),
                Some(b),
                Some(c),
                Some(d),
                Some(e),
                Some(f),
                Some(g),
            ] => Some(StatusDetails::from_array([a, b, c, d, e, f, g])),
            // Some status details without the others: the rest are missing.
            _ => return Err(Error::new(ErrorKind::MissingLine, body.len())),
        };
        r.ca_certificates = CaCertificates::form(body, ca_count);
        if has_unknown {
            r.unknown = UnknownParameters::of(body);
        }
        Ok(r)
    }
}

/// A text value, checked once so that later use cannot fail.
fn checked_text(raw: &[u8], at: usize) -> Result<Text<'_>, Error> {
    let text = Text::form(raw);
    text.char_count().map_err(|e| e.shifted(at))?;
    Ok(text)
}

fn mdc(raw: &[u8], at: usize) -> Result<MdcDomainDetails<'_>, Error> {
    MdcDomainDetails::parse(Text::form(raw)).map_err(|e| e.shifted(at))
}

/// Writes `r` as format 1: the spec's names in the spec's order, then the
/// unknown parameters; every value form-encoded, base64 without line breaks.
pub(super) fn emit(r: &Response<'_>, out: &mut impl Sink) -> Result<(), Error> {
    // Items a caller built must read back as the same items; a list that
    // would not is refused before anything is written.
    for list in [r.mdc_domain_details, r.mdc_domain_details2]
        .iter()
        .flatten()
    {
        list.validate()
            .map_err(|_| Error::new(ErrorKind::Unrepresentable, 0))?;
    }
    out.put("errorCode=")?;
    out.put_i64(r.status.code().into())?;
    if let Some(message) = r.error_message {
        param(out, "errorMessage")?;
        put_text(out, message)?;
    }
    for (label, value) in [("notBefore", r.not_before), ("notAfter", r.not_after)] {
        if let Some(value) = value {
            param(out, label)?;
            out.put_i64(value)?;
        }
    }
    if let Some(fqdn) = r.fqdn {
        param(out, "fqdn")?;
        put_text(out, fqdn)?;
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
    if let Some(details) = r.status_details {
        for (label, detail) in details.iter() {
            param(out, label)?;
            out.put_i64(detail.code().into())?;
        }
    }
    if let Some(caa) = r.caa_status {
        display(out, "caaStatus", &caa)?;
    }
    // Unknown parameters do not fail the parse, bad escapes included; a
    // bad escape is written as the bytes it reads as, so it reads back equal.
    for (label, value) in r.unknown.iter() {
        out.put("&")?;
        put_lenient(out, label)?;
        out.put("=")?;
        put_lenient(out, value)?;
    }
    Ok(())
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
