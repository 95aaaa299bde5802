//! The request's argument names, and the server's refusals that name
//! them: primitives that both the request and the crate's [`Error`] use,
//! so that neither depends on the other.
//!
//! [`Error`]: crate::Error

use core::fmt;

use crate::status::Status;

pub(crate) mod spelling;

/// A request argument, in the order the server checks them: the spec
/// table's order, then the later additions `collectionCode` and
/// `responseMimeType` in the order of the version history.
///
/// ```
/// use collectssl::Field;
///
/// assert_eq!(Field::ShowFqdn.name(), "showFQDN");
/// assert_eq!(Field::from_name(b"SHOWfqdn"), Some(Field::ShowFqdn));
/// assert_eq!(Field::from_name(b"showFODN"), None); // the spec's typo is not a name
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Field {
    /// `loginName`
    LoginName,
    /// `loginPassword`
    LoginPassword,
    /// `orderNumber`
    OrderNumber,
    /// `certificateID`
    CertificateId,
    /// `baseOrderNumber`
    BaseOrderNumber,
    /// `queryType`
    QueryType,
    /// `responseType`
    ResponseType,
    /// `responseEncoding`
    ResponseEncoding,
    /// `showValidityPeriod`
    ShowValidityPeriod,
    /// `showFQDN`
    ShowFqdn,
    /// `showExtStatus`
    ShowExtStatus,
    /// `responseFormat`
    ResponseFormat,
    /// `showMDCDomainDetails`
    ShowMdcDomainDetails,
    /// `showMDCDomainDetails2`
    ShowMdcDomainDetails2,
    /// `showStatusDetails`
    ShowStatusDetails,
    /// `collectionCode` (version 1.06)
    CollectionCode,
    /// `responseMimeType` (version 1.06)
    ResponseMimeType,
}

impl Field {
    /// Every field, in the order the server checks them.
    pub const ALL: [Field; 17] = [
        Field::LoginName,
        Field::LoginPassword,
        Field::OrderNumber,
        Field::CertificateId,
        Field::BaseOrderNumber,
        Field::QueryType,
        Field::ResponseType,
        Field::ResponseEncoding,
        Field::ShowValidityPeriod,
        Field::ShowFqdn,
        Field::ShowExtStatus,
        Field::ResponseFormat,
        Field::ShowMdcDomainDetails,
        Field::ShowMdcDomainDetails2,
        Field::ShowStatusDetails,
        Field::CollectionCode,
        Field::ResponseMimeType,
    ];

    /// The longest name, in bytes (`showMDCDomainDetails2`).
    pub const MAX_NAME_LEN: usize = 21;

    /// The spec's canonical spelling.
    ///
    /// ```
    /// assert_eq!(collectssl::Field::CertificateId.name(), "certificateID");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Self::LoginName => "loginName",
            Self::LoginPassword => "loginPassword",
            Self::OrderNumber => "orderNumber",
            Self::CertificateId => "certificateID",
            Self::BaseOrderNumber => "baseOrderNumber",
            Self::QueryType => "queryType",
            Self::ResponseType => "responseType",
            Self::ResponseEncoding => "responseEncoding",
            Self::ShowValidityPeriod => "showValidityPeriod",
            Self::ShowFqdn => "showFQDN",
            Self::ShowExtStatus => "showExtStatus",
            Self::ResponseFormat => "responseFormat",
            Self::ShowMdcDomainDetails => "showMDCDomainDetails",
            Self::ShowMdcDomainDetails2 => "showMDCDomainDetails2",
            Self::ShowStatusDetails => "showStatusDetails",
            Self::CollectionCode => "collectionCode",
            Self::ResponseMimeType => "responseMimeType",
        }
    }

    /// The field whose name matches `name` ignoring ASCII case.
    ///
    /// ```
    /// use collectssl::Field;
    /// assert_eq!(Field::from_name(b"loginname"), Some(Field::LoginName));
    /// assert_eq!(Field::from_name(b"caaStatus"), None);
    /// ```
    pub fn from_name(name: &[u8]) -> Option<Self> {
        spelling::named(name)
    }

    /// The position in [`Field::ALL`].
    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    /// The canonical name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why the server refuses a request: its three statuses about arguments,
/// with the argument at fault. This is the one home of a refusal:
/// [`RequestError`](crate::RequestError) adds what the body said (the name
/// as sent, the offset), and [`ErrorKind::Refused`](crate::ErrorKind::Refused)
/// carries it in the crate's [`Error`](crate::Error), e.g. from
/// [`Request::validate`](crate::Request::validate).
///
/// `Display` writes the crate's wording; the server's exact message is
/// [`RequestError`](crate::RequestError)'s.
///
/// ```
/// use collectssl::{Field, Refusal, Status};
///
/// let refusal = Refusal::Missing(Field::LoginName);
/// assert_eq!(refusal.status(), Status::ArgumentMissing);
/// assert_eq!(refusal.field(), Some(Field::LoginName));
/// assert_eq!(refusal.to_string(), "the 'loginName' argument is missing");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// -2: a name that is not an argument.
    Unrecognised,
    /// -3: a required argument is absent or empty.
    Missing(Field),
    /// -4: an argument's value is refused (or the argument is repeated).
    Invalid(Field),
}

impl Refusal {
    /// The status the server answers with.
    ///
    /// ```
    /// use collectssl::{Field, Refusal, Status};
    /// assert_eq!(Refusal::Unrecognised.status(), Status::UnrecognisedArgument);
    /// assert_eq!(Refusal::Invalid(Field::QueryType).status(), Status::ArgumentInvalid);
    /// ```
    pub const fn status(self) -> Status {
        match self {
            Self::Unrecognised => Status::UnrecognisedArgument,
            Self::Missing(_) => Status::ArgumentMissing,
            Self::Invalid(_) => Status::ArgumentInvalid,
        }
    }

    /// The argument at fault, unless it is not an argument at all.
    ///
    /// ```
    /// use collectssl::{Field, Refusal};
    /// assert_eq!(Refusal::Unrecognised.field(), None);
    /// assert_eq!(Refusal::Missing(Field::QueryType).field(), Some(Field::QueryType));
    /// ```
    pub const fn field(self) -> Option<Field> {
        match self {
            Self::Unrecognised => None,
            Self::Missing(field) | Self::Invalid(field) => Some(field),
        }
    }
}

impl fmt::Display for Refusal {
    /// The crate's wording, which [`Error`](crate::Error) locates.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unrecognised => f.write_str("unrecognised argument"),
            Self::Missing(field) => write!(f, "the '{field}' argument is missing"),
            Self::Invalid(field) => write!(f, "the value of the '{field}' argument is invalid"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn all_is_in_index_order_and_names_are_unique() {
        for (i, field) in Field::ALL.into_iter().enumerate() {
            assert_eq!(field.index(), i);
            assert_eq!(Field::from_name(field.name().as_bytes()), Some(field));
            assert!(field.name().len() <= Field::MAX_NAME_LEN);
        }
    }

    #[test]
    fn typos_and_response_names_are_not_request_names() {
        for name in [
            "showFODN",
            "showMCDomainDetails",
            "caaStatus",
            "brandValStatus",
            "",
        ] {
            assert_eq!(Field::from_name(name.as_bytes()), None, "{name}");
        }
    }
}
