//! The server's answer when it cannot serve a request body.

use core::fmt;

use crate::error::{Error, ErrorKind};
use crate::field::{Field, Refusal};
use crate::status::Status;
use crate::text::Text;

/// Why the server refuses a request body: a [`Refusal`] (status -2, -3 or
/// -4 with the argument), the name it quotes, and where in the body.
///
/// `Display` writes the exact message the server sends.
///
/// ```
/// use collectssl::{Field, Refusal, Request, RequestError, Status};
///
/// let err = Request::parse(b"loginName=u&queryType=1").unwrap_err();
/// assert_eq!(err.status(), Status::ArgumentMissing);
/// assert_eq!(err.refusal(), Refusal::Missing(Field::LoginPassword));
/// assert_eq!(err.to_string(), "The 'loginPassword' argument is missing!");
///
/// let err = Request::parse(b"LoginName=u&Colour=red").unwrap_err();
/// assert_eq!(err.to_string(), "'Colour' is an unrecognised argument!");
/// assert_eq!(err.offset(), Some(12));
///
/// // A server that refuses a request for what it names, not how it is written.
/// let err = RequestError::invalid(Field::OrderNumber);
/// assert_eq!(err.offset(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestError<'a> {
    refusal: Refusal,
    /// As sent for an unrecognised name, else the canonical spelling.
    name: Text<'a>,
    offset: Option<usize>,
}

impl<'a> RequestError<'a> {
    /// -2: `name`, as sent at byte `offset` of the body, is not an argument.
    ///
    /// ```
    /// use collectssl::{RequestError, Status, Text};
    /// let err = RequestError::unrecognised(Text::form(b"Colour"), 12);
    /// assert_eq!(err.status(), Status::UnrecognisedArgument);
    /// ```
    pub const fn unrecognised(name: Text<'a>, offset: usize) -> Self {
        Self {
            refusal: Refusal::Unrecognised,
            name,
            offset: Some(offset),
        }
    }

    /// -3: a required `field` is absent or empty; at no byte until [`at`](Self::at).
    ///
    /// ```
    /// use collectssl::{Field, RequestError};
    /// let err = RequestError::missing(Field::OrderNumber);
    /// assert_eq!(err.to_string(), "The 'orderNumber' argument is missing!");
    /// ```
    pub const fn missing(field: Field) -> Self {
        Self::naming(Refusal::Missing(field), field)
    }

    /// -4: the value of `field` is refused (or `field` is repeated); at no
    /// byte until [`at`](Self::at).
    ///
    /// ```
    /// use collectssl::{Field, RequestError};
    /// let err = RequestError::invalid(Field::QueryType);
    /// assert_eq!(err.to_string(), "The value of the 'queryType' argument is invalid!");
    /// ```
    pub const fn invalid(field: Field) -> Self {
        Self::naming(Refusal::Invalid(field), field)
    }

    /// A refusal that quotes `field` by its canonical spelling.
    const fn naming(refusal: Refusal, field: Field) -> Self {
        Self {
            refusal,
            name: Text::plain(field.name()),
            offset: None,
        }
    }

    /// The same refusal at byte `offset` of the body.
    ///
    /// ```
    /// use collectssl::{Field, RequestError};
    /// assert_eq!(RequestError::missing(Field::LoginName).at(0).offset(), Some(0));
    /// ```
    #[must_use]
    pub const fn at(self, offset: usize) -> Self {
        Self {
            offset: Some(offset),
            ..self
        }
    }

    /// Why: the status and the argument at fault.
    ///
    /// ```
    /// use collectssl::{Field, Refusal, Request};
    /// let err = Request::parse(b"loginName=u&loginPassword=p&orderNumber=1&queryType=9").unwrap_err();
    /// assert_eq!(err.refusal(), Refusal::Invalid(Field::QueryType));
    /// ```
    pub const fn refusal(&self) -> Refusal {
        self.refusal
    }

    /// The status the server answers with.
    ///
    /// ```
    /// use collectssl::{Request, Status};
    /// let err = Request::parse(b"x=1").unwrap_err();
    /// assert_eq!(err.status(), Status::UnrecognisedArgument);
    /// ```
    pub const fn status(&self) -> Status {
        self.refusal.status()
    }

    /// The argument at fault, unless it is not an argument at all.
    ///
    /// ```
    /// use collectssl::{Field, Request};
    /// let err = Request::parse(b"loginName=u&loginPassword=p&orderNumber=1&queryType=9").unwrap_err();
    /// assert_eq!(err.field(), Some(Field::QueryType));
    /// ```
    pub const fn field(&self) -> Option<Field> {
        self.refusal.field()
    }

    /// The name the server's message quotes: as sent (decoded, in the case
    /// it was sent in) for an unrecognised argument, else the canonical
    /// spelling.
    ///
    /// ```
    /// let err = collectssl::Request::parse(b"sh%6FwFODN=Y").unwrap_err();
    /// assert_eq!(err.name(), "showFODN");
    /// ```
    pub const fn name(&self) -> Text<'a> {
        self.name
    }

    /// Byte offset in the body: of an unrecognised name, of a refused value
    /// (or of the repetition), or the end of the body for a missing
    /// argument; `None` for a refusal that is at no byte.
    ///
    /// ```
    /// let err = collectssl::Request::parse(b"x=1").unwrap_err();
    /// assert_eq!(err.offset(), Some(0));
    /// ```
    pub const fn offset(&self) -> Option<usize> {
        self.offset
    }
}

impl fmt::Display for RequestError<'_> {
    /// The server's message for this refusal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.name;
        match self.refusal {
            Refusal::Unrecognised => write!(f, "'{name}' is an unrecognised argument!"),
            Refusal::Missing(_) => write!(f, "The '{name}' argument is missing!"),
            Refusal::Invalid(_) => write!(f, "The value of the '{name}' argument is invalid!"),
        }
    }
}

impl core::error::Error for RequestError<'_> {}

impl From<RequestError<'_>> for Error {
    /// The refusal, at its offset when it has one.
    fn from(e: RequestError<'_>) -> Self {
        let kind = ErrorKind::Refused(e.refusal);
        match e.offset {
            Some(offset) => Error::new(kind, offset),
            None => Error::unlocated(kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn a_refusal_keeps_its_position_or_has_none() {
        let e = Error::from(RequestError::invalid(Field::OrderNumber));
        assert_eq!(e.offset(), None);
        assert_eq!(
            e.kind(),
            ErrorKind::Refused(Refusal::Invalid(Field::OrderNumber))
        );
        let e = Error::from(RequestError::missing(Field::LoginName).at(7));
        assert_eq!(e.offset(), Some(7));
        let e = Error::from(RequestError::unrecognised(Text::plain("x"), 3));
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::Refused(Refusal::Unrecognised), Some(3))
        );
    }
}
