//! Reading a request body the way the server does, and the server's answer
//! when it cannot serve it.

use core::fmt;

use super::{
    Field, MAX_CERTIFICATE_ID_DIGITS, MAX_LOGIN_NAME, MAX_LOGIN_PASSWORD, MAX_ORDER_NUMBER,
    Password, QueryType, Request, ResponseEncoding, ResponseFormat, ResponseType,
};
use crate::error::{Error, ErrorKind};
use crate::form::{self, DecodePieces};
use crate::status::Status;
use crate::text::Text;

/// Why the server refuses a request: status -2, -3 or -4 with the argument.
///
/// `Display` writes the exact message the server sends.
///
/// ```
/// use collectssl::{Field, Request, RequestError, Status};
///
/// let err = Request::parse(b"loginName=u&queryType=1").unwrap_err();
/// assert_eq!(err.status(), Status::ArgumentMissing);
/// assert_eq!(err.field(), Some(Field::LoginPassword));
/// assert_eq!(err.to_string(), "The 'loginPassword' argument is missing!");
///
/// let err = Request::parse(b"LoginName=u&Colour=red").unwrap_err();
/// assert_eq!(err.to_string(), "'Colour' is an unrecognised argument!");
/// assert_eq!(err.offset(), 12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError<'a> {
    /// -2: the first name in body order that is not an argument, decoded
    /// but with the case it was sent in.
    Unrecognised {
        /// The name as written in the body.
        name: Text<'a>,
        /// Byte offset of the name in the body.
        offset: usize,
    },
    /// -3: a required argument is absent or empty.
    Missing {
        /// The argument, in canonical spelling.
        field: Field,
        /// The end of the body, where it would have had to be.
        offset: usize,
    },
    /// -4: an argument's value is refused (or the argument is repeated).
    Invalid {
        /// The argument, in canonical spelling.
        field: Field,
        /// Byte offset of the refused value (or of the repetition).
        offset: usize,
    },
}

impl RequestError<'_> {
    /// The status the server answers with.
    ///
    /// ```
    /// use collectssl::{Request, Status};
    /// let err = Request::parse(b"x=1").unwrap_err();
    /// assert_eq!(err.status(), Status::UnrecognisedArgument);
    /// ```
    pub fn status(&self) -> Status {
        match self {
            Self::Unrecognised { .. } => Status::UnrecognisedArgument,
            Self::Missing { .. } => Status::ArgumentMissing,
            Self::Invalid { .. } => Status::ArgumentInvalid,
        }
    }

    /// The argument at fault, unless it is not an argument at all.
    ///
    /// ```
    /// use collectssl::{Field, Request};
    /// let err = Request::parse(b"loginName=u&loginPassword=p&orderNumber=1&queryType=9").unwrap_err();
    /// assert_eq!(err.field(), Some(Field::QueryType));
    /// ```
    pub fn field(&self) -> Option<Field> {
        match self {
            Self::Unrecognised { .. } => None,
            Self::Missing { field, .. } | Self::Invalid { field, .. } => Some(*field),
        }
    }

    /// Byte offset in the body.
    ///
    /// ```
    /// let err = collectssl::Request::parse(b"x=1").unwrap_err();
    /// assert_eq!(err.offset(), 0);
    /// ```
    pub fn offset(&self) -> usize {
        match self {
            Self::Unrecognised { offset, .. }
            | Self::Missing { offset, .. }
            | Self::Invalid { offset, .. } => *offset,
        }
    }
}

impl fmt::Display for RequestError<'_> {
    /// The server's message for this refusal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unrecognised { name, .. } => write!(f, "'{name}' is an unrecognised argument!"),
            Self::Missing { field, .. } => write!(f, "The '{field}' argument is missing!"),
            Self::Invalid { field, .. } => {
                write!(f, "The value of the '{field}' argument is invalid!")
            }
        }
    }
}

impl core::error::Error for RequestError<'_> {}

impl From<RequestError<'_>> for Error {
    fn from(e: RequestError<'_>) -> Self {
        let kind = match e {
            RequestError::Unrecognised { .. } => ErrorKind::UnrecognisedArgument,
            RequestError::Missing { field, .. } => ErrorKind::MissingArgument(field),
            RequestError::Invalid { field, .. } => ErrorKind::InvalidArgument(field),
        };
        Error::new(kind, e.offset())
    }
}

/// What the body said about one argument.
#[derive(Clone, Copy, Default)]
struct Slot<'a> {
    /// The first value and its offset.
    value: Option<(&'a [u8], usize)>,
    /// Where the name came again, if it did.
    repeated_at: Option<usize>,
}

impl<'a> Request<'a> {
    /// Parses a request body as the server does, for servers and mocks:
    /// names in any case, values percent-decoded, every limit and
    /// cross-field rule checked, and the first problem reported the way the
    /// server reports it. The rules and their order are in the repository's
    /// `docs/reading-the-spec.md#the-request-form` and `#which-problem-wins`.
    ///
    /// Values borrow `body` and decode lazily.
    ///
    /// ```
    /// use collectssl::{QueryType, Request, ResponseType};
    ///
    /// let r = Request::parse(b"LOGINNAME=me&loginpassword=p%40ss&orderNumber=1\
    ///     &queryType=1&responseType=2&showFQDN=y").unwrap();
    /// assert_eq!(r.login_name, "me");
    /// assert_eq!(r.login_password.expose(), "p@ss");
    /// assert_eq!(r.query_type, QueryType::CertificateAndChain);
    /// assert_eq!(r.response_type, Some(ResponseType::Pkcs7));
    /// assert_eq!(r.show_fqdn, Some(true));
    /// assert_eq!(r.show_ext_status, None);
    /// ```
    pub fn parse(body: &'a [u8]) -> Result<Self, RequestError<'a>> {
        let mut slots = [Slot::default(); Field::ALL.len()];
        for pair in form::pairs(body) {
            let Some(field) = field_of(pair.name) else {
                return Err(RequestError::Unrecognised {
                    name: Text::form(pair.name),
                    offset: pair.offset,
                });
            };
            if let Some(slot) = slots.get_mut(field.index()) {
                if slot.value.is_none() {
                    slot.value = Some((pair.value, pair.value_offset));
                } else if slot.repeated_at.is_none() {
                    slot.repeated_at = Some(pair.offset);
                }
            }
        }
        let present = |field: Field| {
            slots
                .get(field.index())
                .and_then(|s| s.value)
                .is_some_and(|(v, _)| !v.is_empty())
        };
        let has_selector = present(Field::OrderNumber)
            || present(Field::CertificateId)
            || present(Field::BaseOrderNumber);

        let mut request = Request::empty(QueryType::StatusOnly);
        for (field, slot) in Field::ALL.into_iter().zip(slots) {
            if let Some(offset) = slot.repeated_at {
                return Err(RequestError::Invalid { field, offset });
            }
            let invalid = |offset| RequestError::Invalid { field, offset };
            let Some((raw, offset)) = slot.value.filter(|(v, _)| !v.is_empty()) else {
                let required = matches!(
                    field,
                    Field::LoginName | Field::LoginPassword | Field::QueryType
                ) || (field == Field::OrderNumber && !has_selector);
                if required {
                    return Err(RequestError::Missing {
                        field,
                        offset: body.len(),
                    });
                }
                continue;
            };
            request.set(field, raw).ok_or(invalid(offset))?;
        }
        Ok(request)
    }

    /// Reads one present, non-empty value into the request; `None` if the
    /// server would refuse it. Earlier fields are already set, which is what
    /// the cross-field rules look at.
    fn set(&mut self, field: Field, raw: &'a [u8]) -> Option<()> {
        match field {
            Field::LoginName => self.login_name = text(raw, MAX_LOGIN_NAME)?,
            Field::LoginPassword => {
                self.login_password = Password::new(text(raw, MAX_LOGIN_PASSWORD)?);
            }
            Field::OrderNumber => self.order_number = Some(text(raw, MAX_ORDER_NUMBER)?),
            Field::CertificateId => {
                let (id, digits) = number(raw)?;
                (digits <= MAX_CERTIFICATE_ID_DIGITS).then_some(())?;
                self.certificate_id = Some(id);
            }
            Field::BaseOrderNumber => self.base_order_number = Some(number(raw)?.0),
            Field::QueryType => self.query_type = QueryType::from_code(number(raw)?.0)?,
            Field::ResponseType => {
                let value = ResponseType::from_code(number(raw)?.0)?;
                value.allowed_with(self.query_type).then_some(())?;
                self.response_type = Some(value);
            }
            Field::ResponseEncoding => {
                let value = ResponseEncoding::from_code(number(raw)?.0)?;
                value
                    .allowed_with(self.query_type, self.response_type)
                    .then_some(())?;
                self.response_encoding = Some(value);
            }
            Field::ResponseFormat => {
                self.response_format = Some(ResponseFormat::from_code(number(raw)?.0)?);
            }
            Field::ShowValidityPeriod => self.show_validity_period = Some(flag(raw)?),
            Field::ShowFqdn => self.show_fqdn = Some(flag(raw)?),
            Field::ShowExtStatus => self.show_ext_status = Some(flag(raw)?),
            Field::ShowMdcDomainDetails => self.show_mdc_domain_details = Some(flag(raw)?),
            Field::ShowMdcDomainDetails2 => self.show_mdc_domain_details2 = Some(flag(raw)?),
            Field::ShowStatusDetails => self.show_status_details = Some(flag(raw)?),
            Field::CollectionCode => self.collection_code = Some(text(raw, usize::MAX)?),
            Field::ResponseMimeType => self.response_mime_type = Some(text(raw, usize::MAX)?),
        }
        Some(())
    }
}

/// The argument a sent name stands for: percent-decoded, then matched
/// ignoring ASCII case.
pub(crate) fn field_of(raw_name: &[u8]) -> Option<Field> {
    // Names need no escapes, so most match as sent.
    if let Some(field) = Field::from_name(raw_name) {
        return Some(field);
    }
    if form::is_verbatim(raw_name) {
        return None;
    }
    let mut buf = [0u8; Field::MAX_NAME_LEN];
    Field::from_name(form::decode(raw_name, &mut buf).ok()?)
}

/// A text value: valid escapes, UTF-8, at most `max` characters.
fn text(raw: &[u8], max: usize) -> Option<Text<'_>> {
    let text = Text::form(raw);
    (text.char_count().ok()? <= max).then_some(text)
}

/// Plain ASCII digits (leading zeros allowed, no sign or space), as a
/// `u64` without wrapping, and how many digits were written.
pub(crate) fn number(raw: &[u8]) -> Option<(u64, usize)> {
    let mut value = 0u64;
    let mut digits = 0usize;
    let pieces = if form::is_verbatim(raw) {
        DecodePieces::verbatim(raw)
    } else {
        form::decode_pieces(raw)
    };
    for piece in pieces {
        for &b in piece.ok()? {
            let digit = b
                .is_ascii_digit()
                .then(|| u64::from(b.wrapping_sub(b'0')))?;
            value = value.checked_mul(10)?.checked_add(digit)?;
            digits = digits.saturating_add(1);
        }
    }
    (digits > 0).then_some((value, digits))
}

/// The value when it decodes to exactly one byte.
fn single_byte(raw: &[u8]) -> Option<u8> {
    if let [b] = raw {
        return (*b != b'%' && *b != b'+').then_some(*b);
    }
    let mut buf = [0u8; 1];
    match form::decode(raw, &mut buf).ok()? {
        [b] => Some(*b),
        _ => None,
    }
}

/// A `Y`/`N` flag, in either case.
pub(crate) fn flag(raw: &[u8]) -> Option<bool> {
    match single_byte(raw)? {
        b'Y' | b'y' => Some(true),
        b'N' | b'n' => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    fn err(body: &str) -> (Status, String) {
        let e = Request::parse(body.as_bytes()).unwrap_err();
        (e.status(), e.to_string())
    }

    const OK: &str = "loginName=u&loginPassword=p&orderNumber=1&queryType=1";

    #[test]
    fn unrecognised_beats_everything_and_keeps_its_spelling() {
        assert_eq!(
            err("queryType=9&sh%6FwFODN=Y&caaStatus=1"),
            (
                Status::UnrecognisedArgument,
                "'showFODN' is an unrecognised argument!".into()
            )
        );
    }

    #[test]
    fn missing_in_table_order() {
        assert_eq!(err("").1, "The 'loginName' argument is missing!");
        assert_eq!(
            err("loginName=u&loginPassword=p&queryType=1").1,
            "The 'orderNumber' argument is missing!"
        );
        assert_eq!(
            err("loginName=u&loginPassword=p&orderNumber=&certificateID=").1,
            "The 'orderNumber' argument is missing!"
        );
        assert_eq!(
            err("loginName=u&loginPassword=p&certificateID=5").1,
            "The 'queryType' argument is missing!"
        );
    }

    #[test]
    fn numbers_are_plain_digits_without_wrapping() {
        let id = |v: &str| {
            let body = format!("{OK}&certificateID={v}");
            Request::parse(body.as_bytes())
                .map(|r| r.certificate_id)
                .ok()
        };
        assert_eq!(id("0000000000000001"), Some(Some(1)));
        assert_eq!(id("9999999999999999"), Some(Some(9_999_999_999_999_999)));
        for bad in ["00000000000000001", "-1", "%2B1", "+1", "%201", "1.0", "x"] {
            assert_eq!(id(bad), None, "{bad}");
        }
        let base = |v: &str| {
            let body = format!("{OK}&baseOrderNumber={v}");
            Request::parse(body.as_bytes())
                .map(|r| r.base_order_number)
                .ok()
        };
        assert_eq!(base("18446744073709551615"), Some(Some(u64::MAX)));
        assert_eq!(base("18446744073709551616"), None);
        assert_eq!(
            Request::parse(b"loginName=u&loginPassword=p&orderNumber=1&queryType=%30")
                .unwrap()
                .query_type,
            QueryType::StatusOnly
        );
    }

    #[test]
    fn a_repeated_name_is_invalid_at_its_table_place() {
        let e =
            Request::parse(b"queryType=1&loginName=u&loginPassword=p&orderNumber=1&QUERYTYPE=1")
                .unwrap_err();
        assert_eq!(
            e,
            RequestError::Invalid {
                field: Field::QueryType,
                offset: 54
            }
        );
    }
}
