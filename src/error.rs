//! The crate's one error type: what went wrong, and where.

use core::fmt;
use core::num::NonZeroU32;

use crate::field::Refusal;

/// What went wrong while parsing, decoding or encoding.
///
/// New kinds may be added in minor releases, so match with a wildcard arm.
///
/// ```
/// use collectssl::{form, ErrorKind};
///
/// let mut out = [0u8; 8];
/// let err = form::decode(b"a%zz", &mut out).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidEscape);
/// assert_eq!(err.offset(), Some(1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A `%` not followed by two hexadecimal digits.
    InvalidEscape,
    /// Decoded bytes that are not UTF-8 where text is required.
    InvalidUtf8,
    /// The caller's output buffer is too small; nothing useful was truncated into it.
    BufferTooSmall,
    /// The `core::fmt::Write` sink refused a write.
    Write,
    /// A request the server would refuse (status -2, -3 or -4), e.g. from
    /// [`Request::validate`](crate::Request::validate) or a
    /// [`RequestError`](crate::RequestError).
    Refused(Refusal),
    /// The input ended where more was required.
    UnexpectedEnd,
    /// A line (format 0) or parameter (format 1) the request implies is absent.
    MissingLine,
    /// A line after the last one the request implies, or a line of the wrong kind.
    UnexpectedLine,
    /// A single-valued format-1 parameter given twice.
    RepeatedParameter,
    /// An empty (or, for a status line, blank) value where the strict
    /// reading requires one: the tolerant reading reads an empty optional
    /// text as absent, and neither reading takes a blank line for a status.
    EmptyValue,
    /// A status code, timestamp or other integer that is not one.
    InvalidNumber,
    /// A `DD/MM/YYYY` date that is malformed or not in the calendar.
    InvalidDate,
    /// A status detail that is not -1, 0, 1 or 2.
    InvalidStatusDetail,
    /// An MDC domain list item that is not `domain STATUS`.
    InvalidDomainList,
    /// A PEM armor line that is missing or malformed.
    InvalidPem,
    /// Base64 that is not the standard alphabet with correct padding.
    InvalidBase64,
    /// A value that an encoder cannot represent, e.g. a line break inside a
    /// format-0 line.
    Unrepresentable,
    /// DER that is malformed: a bad tag or length, an indefinite length, a
    /// value of the wrong type where a structure requires another, or bytes
    /// left over after it.
    InvalidDer,
    /// A PKCS#7 or Netscape Certificate Sequence whose content type is not
    /// the object identifier it must be.
    UnexpectedContentType,
    /// A ZIP archive that is malformed: no end-of-central-directory record,
    /// a bad signature, an offset or size past the end, a deflate stream
    /// that is corrupt or not the size the archive says.
    InvalidZip,
    /// A ZIP feature this crate does not read: a compression method other
    /// than stored (0) or deflate (8), encryption, ZIP64 or a split archive.
    UnsupportedZip,
    /// A ZIP entry whose CRC-32 differs from the one the archive records.
    CrcMismatch,
    /// The certificates do not form one chain: none at all, or more than
    /// one leaf (a missing link in the middle leaves two ends).
    ///
    /// The chain kinds name a certificate by its index among the
    /// certificates ordered, not by a byte: the error has no offset.
    ChainBroken {
        /// The index of the second leaf; `None` when there is no certificate.
        certificate: Option<usize>,
    },
    /// The certificates' issuer names lead round in a loop.
    ChainLoop {
        /// The index of a certificate in the loop.
        certificate: usize,
    },
    /// Two different certificates with the same subject name: which one
    /// issued the next is not guessed.
    ChainAmbiguous {
        /// The index of the second.
        certificate: usize,
    },
}

/// An error with its kind, the byte offset in the input (or output) where it
/// happened if it happened at one, and for line-oriented input the 1-based
/// line number.
///
/// Some errors have no position: a request's validation concerns the
/// request, not bytes, and a chain's error names a certificate
/// ([`ErrorKind::ChainBroken`]). Their offset is `None`, never a stand-in 0.
///
/// It is `Copy` and carries no borrowed data, so it can be stored and passed
/// anywhere; `Display` says what and, when it is known, where.
///
/// ```
/// use collectssl::{form, ErrorKind};
///
/// let err = form::decode(b"%4", &mut [0u8; 4]).unwrap_err();
/// assert_eq!(err.to_string(), "invalid percent escape at byte 0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error {
    kind: ErrorKind,
    offset: Option<usize>,
    line: Option<NonZeroU32>,
}

impl Error {
    /// An error of `kind` at byte `offset`.
    ///
    /// ```
    /// use collectssl::{Error, ErrorKind};
    /// let e = Error::new(ErrorKind::BufferTooSmall, 12);
    /// assert_eq!((e.kind(), e.offset(), e.line()), (ErrorKind::BufferTooSmall, Some(12), None));
    /// ```
    pub const fn new(kind: ErrorKind, offset: usize) -> Self {
        Self {
            kind,
            offset: Some(offset),
            line: None,
        }
    }

    /// An error of `kind` that is at no byte: about a value rather than
    /// its encoding, or a refusal before anything is read or written.
    ///
    /// ```
    /// use collectssl::{Error, ErrorKind};
    /// let e = Error::unlocated(ErrorKind::Unrepresentable);
    /// assert_eq!((e.offset(), e.to_string().as_str()),
    ///     (None, "value cannot be represented in this format"));
    /// ```
    pub const fn unlocated(kind: ErrorKind) -> Self {
        Self {
            kind,
            offset: None,
            line: None,
        }
    }

    /// The same error, located on 1-based `line` of a line-oriented input
    /// (a `line` of 0 leaves it without a line).
    ///
    /// ```
    /// use collectssl::{Error, ErrorKind};
    /// let e = Error::new(ErrorKind::InvalidUtf8, 40).at_line(3);
    /// assert_eq!(e.line().map(|l| l.get()), Some(3));
    /// ```
    #[must_use]
    pub const fn at_line(self, line: u32) -> Self {
        Self {
            line: NonZeroU32::new(line),
            ..self
        }
    }

    /// The same error with its offset moved by `base` bytes, for errors found
    /// in a slice of a larger input; an unlocated error stays unlocated.
    ///
    /// Both are offsets into one input, which is at most `isize::MAX`
    /// bytes long, so the sum fits. Were it not to, the error would lose
    /// its position rather than claim a wrong one.
    ///
    /// ```
    /// use collectssl::{Error, ErrorKind};
    /// assert_eq!(Error::new(ErrorKind::InvalidEscape, 2).shifted(10).offset(), Some(12));
    /// assert_eq!(Error::unlocated(ErrorKind::Write).shifted(10).offset(), None);
    /// ```
    #[must_use]
    pub const fn shifted(self, base: usize) -> Self {
        Self {
            offset: match self.offset {
                Some(offset) => offset.checked_add(base),
                None => None,
            },
            ..self
        }
    }

    /// What went wrong.
    ///
    /// ```
    /// use collectssl::{Error, ErrorKind};
    /// assert_eq!(Error::unlocated(ErrorKind::Write).kind(), ErrorKind::Write);
    /// ```
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The byte offset in the input (for encoders, in the output) where it
    /// went wrong; `None` for an error that is at no byte.
    ///
    /// ```
    /// use collectssl::{Error, ErrorKind};
    /// assert_eq!(Error::new(ErrorKind::Write, 7).offset(), Some(7));
    /// assert_eq!(Error::unlocated(ErrorKind::Write).offset(), None);
    /// ```
    pub const fn offset(&self) -> Option<usize> {
        self.offset
    }

    /// The 1-based line, for line-oriented (format 0) input.
    ///
    /// ```
    /// use collectssl::{Error, ErrorKind};
    /// assert_eq!(Error::new(ErrorKind::Write, 7).line(), None);
    /// ```
    pub const fn line(&self) -> Option<NonZeroU32> {
        self.line
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidEscape => f.write_str("invalid percent escape"),
            Self::InvalidUtf8 => f.write_str("invalid UTF-8"),
            Self::BufferTooSmall => f.write_str("output buffer too small"),
            Self::Write => f.write_str("the writer refused the output"),
            Self::Refused(refusal) => refusal.fmt(f),
            Self::UnexpectedEnd => f.write_str("unexpected end of input"),
            Self::MissingLine => f.write_str("a line the request implies is missing"),
            Self::UnexpectedLine => f.write_str("unexpected line"),
            Self::EmptyValue => f.write_str("empty value"),
            Self::RepeatedParameter => f.write_str("repeated parameter"),
            Self::InvalidNumber => f.write_str("invalid number"),
            Self::InvalidDate => f.write_str("invalid date"),
            Self::InvalidStatusDetail => f.write_str("invalid status detail"),
            Self::InvalidDomainList => f.write_str("invalid MDC domain list"),
            Self::InvalidPem => f.write_str("invalid PEM armor"),
            Self::InvalidBase64 => f.write_str("invalid base64"),
            Self::Unrepresentable => f.write_str("value cannot be represented in this format"),
            Self::InvalidDer => f.write_str("invalid DER"),
            Self::UnexpectedContentType => f.write_str("unexpected content type"),
            Self::InvalidZip => f.write_str("invalid ZIP archive"),
            Self::UnsupportedZip => f.write_str("unsupported ZIP feature"),
            Self::CrcMismatch => f.write_str("CRC-32 mismatch"),
            Self::ChainBroken { certificate: None } => {
                f.write_str("the certificates do not form one chain: there is none")
            }
            Self::ChainBroken {
                certificate: Some(i),
            } => write!(
                f,
                "the certificates do not form one chain: certificate {i} is a second leaf"
            ),
            Self::ChainLoop { certificate } => {
                write!(
                    f,
                    "the certificate chain loops through certificate {certificate}"
                )
            }
            Self::ChainAmbiguous { certificate } => write!(
                f,
                "two certificates have the same subject: certificate {certificate} is the second"
            ),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)?;
        if let Some(offset) = self.offset {
            write!(f, " at byte {offset}")?;
        }
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn display_names_kind_offset_and_line() {
        let e = Error::new(ErrorKind::InvalidUtf8, 17).at_line(2);
        assert_eq!(e.to_string(), "invalid UTF-8 at byte 17 (line 2)");
        let e = Error::new(ErrorKind::InvalidUtf8, 0);
        assert_eq!(e.to_string(), "invalid UTF-8 at byte 0");
    }

    #[test]
    fn an_unlocated_error_names_no_byte() {
        let e = Error::unlocated(ErrorKind::Refused(Refusal::Missing(Field::QueryType)));
        assert_eq!(e.offset(), None);
        assert_eq!(e.to_string(), "the 'queryType' argument is missing");
        let e = Error::unlocated(ErrorKind::UnexpectedEnd).at_line(1);
        assert_eq!(e.to_string(), "unexpected end of input (line 1)");
        let e = Error::unlocated(ErrorKind::ChainBroken { certificate: None });
        assert_eq!(
            e.to_string(),
            "the certificates do not form one chain: there is none"
        );
    }

    #[test]
    fn shifted_never_claims_a_wrong_byte() {
        let e = Error::new(ErrorKind::Write, usize::MAX).shifted(5);
        assert_eq!(e.offset(), None);
        let e = Error::unlocated(ErrorKind::Write).shifted(5);
        assert_eq!(e.offset(), None);
        let e = Error::new(ErrorKind::Write, 3).shifted(5);
        assert_eq!(e.offset(), Some(8));
    }
}
