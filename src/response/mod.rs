//! The response: one model for the newline-delimited text (format 0), the
//! URL-encoded parameters (format 1) and the binary body.

mod binary;
mod chain;
mod expectation;
mod lists;
mod newline;
mod param;
#[cfg(feature = "serde")]
mod serialize;
mod urlencoded;

use core::fmt;

pub use expectation::Expectation;
pub use lists::{
    CaCertificates, CaCertificatesIter, OtherLines, OtherLinesIter, OtherParameters,
    OtherParametersIter,
};

use crate::blob::Blob;
use crate::caa::CaaStatus;
use crate::details::StatusDetails;
use crate::error::{Error, ErrorKind};
use crate::ext_status::{CertificateStatus, ValidationStatus};
use crate::mdc::MdcDomainDetails;
use crate::request::RequestError;
use crate::sink::{Counter, FmtSink, Sink, SliceSink};
use crate::status::Status;
use crate::text::Text;

/// Which of the three shapes a response body has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `responseFormat=0`: newline-delimited lines.
    NewlineDelimited,
    /// `responseFormat=1`: URL-encoded parameters.
    UrlEncoded,
    /// `responseEncoding=1` with the certificates ready: the raw ZIP or PKCS#7.
    Binary,
}

impl Format {
    /// The shape of `body`, given what was asked for
    /// (docs/reading-the-spec.md#binary):
    /// with `responseEncoding=1`, a body whose first line is a decimal
    /// integer (format 0) or that reads as parameters (format 1) is a text
    /// answer, anything else is the binary structure. DER starts with
    /// `0x30`, which is ASCII `0`: `0` alone on the first line is text.
    ///
    /// ```
    /// use collectssl::response::{Expectation, Format};
    /// use collectssl::{QueryType, ResponseEncoding, ResponseType};
    ///
    /// let mut exp = Expectation::new(QueryType::CertificateAndChain);
    /// exp.response_type = ResponseType::Pkcs7;
    /// exp.response_encoding = ResponseEncoding::Binary;
    /// assert_eq!(Format::detect(b"0\n", &exp), Format::NewlineDelimited);
    /// assert_eq!(Format::detect(b"-16\nPermission denied!\n", &exp), Format::NewlineDelimited);
    /// assert_eq!(Format::detect(&[0x30, 0x82, 0x01, 0x0a], &exp), Format::Binary);
    /// ```
    pub fn detect(body: &[u8], expectation: &Expectation) -> Self {
        let text = match expectation.response_format {
            crate::ResponseFormat::NewlineDelimited => Self::NewlineDelimited,
            crate::ResponseFormat::UrlEncoded => Self::UrlEncoded,
        };
        if expectation.response_encoding == crate::ResponseEncoding::Binary
            && !binary::is_text(body, text)
        {
            Self::Binary
        } else {
            text
        }
    }
}

/// A CollectSSL response: whatever format carried it, the same data gives
/// an equal value. Values borrow the body and decode lazily.
///
/// Names follow the spec's format-1 parameters. Fields the response did not
/// carry are `None` (or empty).
///
/// ```
/// use collectssl::response::{Expectation, Response};
/// use collectssl::{QueryType, Status};
///
/// let exp = Expectation::new(QueryType::StatusOnly);
/// let text = Response::parse(b"-16\nPermission denied!\n", &exp).unwrap();
/// let form = Response::parse_urlencoded(b"errorCode=-16&errorMessage=Permission+denied%21").unwrap();
/// assert_eq!(text, form);
/// assert_eq!(text.status, Status::PermissionDenied);
/// assert_eq!(text.error_message.unwrap(), "Permission denied!");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Response<'a> {
    /// `errorCode`: the status code.
    pub status: Status,
    /// `errorMessage`: present with a negative status.
    pub error_message: Option<Text<'a>>,
    /// `notBefore`, Unix seconds (format 0: 00:00:00 GMT of the first date).
    pub not_before: Option<i64>,
    /// `notAfter`, Unix seconds (format 0: 23:59:59 GMT of the second date).
    pub not_after: Option<i64>,
    /// `fqdn`: the certificate's fully-qualified domain name.
    pub fqdn: Option<Text<'a>>,
    /// `caCertificate`: the CA certificates in wire order (root first).
    pub ca_certificates: CaCertificates<'a>,
    /// `certificate`: the end-entity certificate.
    pub certificate: Option<Blob<'a>>,
    /// `zipFile`: the ZIP archive (`responseType=0`).
    pub zip_file: Option<Blob<'a>>,
    /// `netscapeCertificateSequence` (`responseType=1`).
    pub netscape_certificate_sequence: Option<Blob<'a>>,
    /// `pkcs7` (`responseType=2`).
    pub pkcs7: Option<Blob<'a>>,
    /// `certificateStatus`.
    pub certificate_status: Option<CertificateStatus<'a>>,
    /// `validationStatus`.
    pub validation_status: Option<ValidationStatus<'a>>,
    /// `mdcDomainDetails`.
    pub mdc_domain_details: Option<MdcDomainDetails<'a>>,
    /// `mdcDomainDetails2`.
    pub mdc_domain_details2: Option<MdcDomainDetails<'a>>,
    /// The status details (`showStatusDetails=Y`), each present or not.
    pub status_details: StatusDetails,
    /// `caaStatus`.
    pub caa_status: Option<CaaStatus<'a>>,
    /// Format-1 parameters the model does not name (e.g. `errorItem`, or
    /// those later versions of the service add), in body order.
    pub other_parameters: OtherParameters<'a>,
    /// Format-0 lines after every line the request implies, in body order
    /// (the tolerant reading keeps them; the strict one refuses them).
    pub other_lines: OtherLines<'a>,
}

impl<'a> Response<'a> {
    /// A response with `status` and nothing else.
    ///
    /// ```
    /// use collectssl::{response::Response, Status};
    /// let r = Response::new(Status::BeingProcessed);
    /// assert!(r.certificate.is_none());
    /// ```
    pub const fn new(status: Status) -> Self {
        Self {
            status,
            error_message: None,
            not_before: None,
            not_after: None,
            fqdn: None,
            ca_certificates: CaCertificates::EMPTY,
            certificate: None,
            zip_file: None,
            netscape_certificate_sequence: None,
            pkcs7: None,
            certificate_status: None,
            validation_status: None,
            mdc_domain_details: None,
            mdc_domain_details2: None,
            status_details: StatusDetails::NONE,
            caa_status: None,
            other_parameters: OtherParameters::EMPTY,
            other_lines: OtherLines::EMPTY,
        }
    }

    /// An error response: `status` with its message.
    ///
    /// ```
    /// use collectssl::{response::Response, Status};
    /// let r = Response::error(Status::Revoked, "The certificate has been revoked!");
    /// assert_eq!(r.error_message.unwrap(), "The certificate has been revoked!");
    /// ```
    pub const fn error(status: Status, message: &'a str) -> Self {
        let mut response = Self::new(status);
        response.error_message = Some(Text::plain(message));
        response
    }

    /// The server's answer to a request it refuses: -2, -3 or -4 with the
    /// exact message, written into `buf` (no allocation).
    ///
    /// ```
    /// use collectssl::{response::Response, Request, ResponseFormat};
    ///
    /// let err = Request::parse(b"loginName=u").unwrap_err();
    /// let mut msg = [0u8; 128];
    /// let answer = Response::from_request_error(&err, &mut msg).unwrap();
    /// let mut body = [0u8; 128];
    /// let n = answer.encode(ResponseFormat::NewlineDelimited, &mut body).unwrap();
    /// assert_eq!(&body[..n], b"-3\nThe 'loginPassword' argument is missing!\n");
    /// ```
    pub fn from_request_error(err: &RequestError<'_>, buf: &'a mut [u8]) -> Result<Self, Error> {
        let mut sink = SliceSink::new(buf);
        {
            let mut adapter = crate::sink::FmtAdapter::new(&mut sink);
            fmt::write(&mut adapter, format_args!("{err}")).map_err(|_| adapter.error())?;
        }
        let message = core::str::from_utf8(sink.into_written())
            .map_err(|e| Error::new(ErrorKind::InvalidUtf8, e.valid_up_to()))?;
        Ok(Self::error(err.status(), message))
    }

    /// Parses a body of any shape, told apart by [`Format::detect`], with
    /// the tolerant reading: the default, for clients. It reads what the
    /// live service is known to send beyond the written spec, keeps what it
    /// cannot place ([`Response::other_lines`],
    /// [`Response::other_parameters`]), and never misreads: an empty line
    /// is never a status, a bare integer never a CAA status. Whatever
    /// [`Response::parse_strict`] accepts, it accepts with an equal value.
    ///
    /// ```
    /// use collectssl::response::{Expectation, Response};
    /// use collectssl::{QueryType, Status};
    /// let r = Response::parse(b"0\n", &Expectation::new(QueryType::StatusOnly)).unwrap();
    /// assert_eq!(r.status, Status::BeingProcessed);
    ///
    /// // A non-EV order: the service leaves out the two EV-only details.
    /// let form = b"errorCode=0&csrStatus=1&dcvStatus=0&ovCallBackStatus=-1\
    ///     &organizationValidationStatus=-1&freeDVUPStatus=-1&errorItem=x";
    /// let exp = Expectation::from_form(b"queryType=0&responseFormat=1&showStatusDetails=Y");
    /// let r = Response::parse(form, &exp).unwrap();
    /// assert_eq!((r.status_details.len(), r.status_details.brand_val), (5, None));
    /// assert_eq!(r.other_parameters.iter().count(), 1);
    /// assert!(Response::parse_strict(form, &exp).is_err());
    /// ```
    pub fn parse(body: &'a [u8], expectation: &Expectation) -> Result<Self, Error> {
        Self::read::<false>(body, expectation)
    }

    /// Parses a body of any shape with the strict reading: the written spec
    /// (version 1.18) exactly, for mocks, conformance tests and fuzz
    /// oracles. It is what the encoders write.
    ///
    /// ```
    /// use collectssl::response::{Expectation, Response};
    /// use collectssl::{ErrorKind, QueryType, Status};
    /// let exp = Expectation::new(QueryType::StatusOnly);
    /// let r = Response::parse_strict(b"0\n", &exp).unwrap();
    /// assert_eq!(r.status, Status::BeingProcessed);
    /// let err = Response::parse_strict(b"0\nAuthorized\nlater\n", &exp).unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::UnexpectedLine, Some(13)));
    /// ```
    pub fn parse_strict(body: &'a [u8], expectation: &Expectation) -> Result<Self, Error> {
        Self::read::<true>(body, expectation)
    }

    /// Either reading, by a constant (`STRICT`): each is compiled without
    /// the other, so a program that uses one carries no code of the other.
    fn read<const STRICT: bool>(body: &'a [u8], expectation: &Expectation) -> Result<Self, Error> {
        match Format::detect(body, expectation) {
            Format::NewlineDelimited => newline::read::<STRICT>(body, expectation),
            Format::UrlEncoded => urlencoded::read::<STRICT>(body),
            Format::Binary => Ok(binary::parse(body, expectation)),
        }
    }

    /// The expectation under which this response's format-0 encoding
    /// parses back to it: the `show*` flags of the lines it has, and the
    /// query and response types of its certificates.
    ///
    /// ```
    /// use collectssl::response::Response;
    /// use collectssl::{QueryType, Status};
    /// let mut r = Response::new(Status::CertificatesAvailable);
    /// r.not_before = Some(0);
    /// r.not_after = Some(86_399);
    /// let exp = r.expectation();
    /// assert!(exp.show_validity_period);
    /// assert_eq!(exp.query_type, QueryType::StatusOnly);
    /// ```
    pub fn expectation(&self) -> Expectation {
        Expectation::of(self)
    }

    /// The number of bytes [`Response::encode`] writes in `format`: exact
    /// whenever encoding succeeds.
    ///
    /// ```
    /// use collectssl::{response::Response, ResponseFormat, Status};
    /// let r = Response::new(Status::BeingProcessed);
    /// assert_eq!(r.encoded_len(ResponseFormat::NewlineDelimited), 2);
    /// assert_eq!(r.encoded_len(ResponseFormat::UrlEncoded), "errorCode=0".len());
    /// ```
    pub fn encoded_len(&self, format: crate::ResponseFormat) -> usize {
        let mut counter = Counter::default();
        let _ = self.emit(format, &mut counter);
        counter.0
    }

    /// Writes the response in `format` into `buf` and returns the length.
    /// It writes what the strict reading reads back equal: a value it would
    /// not (a line break inside a format-0 line, a date that is not a whole
    /// day, a field the status excludes, a blank text, status details the
    /// spec does not list, kept lines) is [`ErrorKind::Unrepresentable`],
    /// and a certificate that does not decode is its decoding error, both
    /// found before anything is written; a too small buffer is
    /// [`ErrorKind::BufferTooSmall`].
    ///
    /// ```
    /// use collectssl::{response::Response, ResponseFormat, Status};
    /// let r = Response::error(Status::PermissionDenied, "Permission denied!");
    /// let mut buf = [0u8; 64];
    /// let n = r.encode(ResponseFormat::UrlEncoded, &mut buf).unwrap();
    /// assert_eq!(&buf[..n], b"errorCode=-16&errorMessage=Permission+denied%21");
    /// ```
    pub fn encode(&self, format: crate::ResponseFormat, buf: &mut [u8]) -> Result<usize, Error> {
        let mut sink = SliceSink::new(buf);
        self.emit(format, &mut sink)?;
        Ok(sink.len)
    }

    /// Writes the response in `format` to any `core::fmt::Write`.
    ///
    /// ```
    /// use collectssl::{response::Response, ResponseFormat, Status};
    /// let mut s = heapless::String::<16>::new();
    /// Response::new(Status::BeingProcessed).write_to(ResponseFormat::NewlineDelimited, &mut s).unwrap();
    /// assert_eq!(s, "0\n");
    /// ```
    pub fn write_to<W: fmt::Write>(
        &self,
        format: crate::ResponseFormat,
        w: &mut W,
    ) -> Result<(), Error> {
        self.emit(format, &mut FmtSink::new(w))
    }

    fn emit(&self, format: crate::ResponseFormat, out: &mut impl Sink) -> Result<(), Error> {
        // Every blob is decoded when it is written: a broken one is found
        // first, so that a refusal leaves the caller's buffer as it was.
        self.check_certificates()?;
        match format {
            crate::ResponseFormat::NewlineDelimited => newline::emit(self, out),
            crate::ResponseFormat::UrlEncoded => urlencoded::emit(self, out),
        }
    }

    /// Every certificate and container in the response: the CA
    /// certificates in wire order, the end entity, then any container.
    ///
    /// ```
    /// use collectssl::{response::Response, Blob, Status};
    /// let mut r = Response::new(Status::CertificatesAttached);
    /// r.certificate = Some(Blob::binary(b"leaf"));
    /// assert_eq!(r.blobs().count(), 1);
    /// ```
    pub fn blobs(&self) -> impl Iterator<Item = Blob<'a>> + 'a {
        let singles = [
            self.certificate,
            self.zip_file,
            self.netscape_certificate_sequence,
            self.pkcs7,
        ];
        self.ca_certificates
            .iter()
            .chain(singles.into_iter().flatten())
    }

    /// Decodes every certificate and container once, to check its base64
    /// (parsing only locates them); the error names the byte offset.
    ///
    /// ```
    /// use collectssl::{response::Response, ErrorKind};
    /// let r = Response::parse_urlencoded(b"errorCode=2&certificate=AA*A").unwrap();
    /// let err = r.check_certificates().unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidBase64, Some(26)));
    /// ```
    pub fn check_certificates(&self) -> Result<(), Error> {
        self.blobs().try_for_each(|blob| blob.check())
    }

    /// The blob of a container response, if any (ZIP, Netscape sequence, PKCS#7).
    ///
    /// ```
    /// use collectssl::{response::Response, Blob, Status};
    /// let mut r = Response::new(Status::CertificatesAttached);
    /// r.pkcs7 = Some(Blob::binary(b"\x30\x00"));
    /// assert!(r.container().is_some());
    /// ```
    pub fn container(&self) -> Option<Blob<'a>> {
        self.zip_file
            .or(self.netscape_certificate_sequence)
            .or(self.pkcs7)
    }
}
