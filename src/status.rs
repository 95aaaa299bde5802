//! The status code that opens every response (`errorCode` in format 1).

use core::fmt;

/// A CollectSSL status code (spec section 2.1, "Status Code").
///
/// Every code of the spec has a variant; any other integer is kept in
/// [`Status::Other`], so parsing never loses information. Only
/// [`Status::from_code`] builds `Other`, so a listed code always has its
/// own variant and two statuses are equal exactly when their codes are.
///
/// ```
/// use collectssl::Status;
///
/// let s = Status::from_code(-16);
/// assert_eq!(s, Status::PermissionDenied);
/// assert_eq!(s.code(), -16);
/// assert_eq!(s.message(), Some("Permission denied!"));
/// assert_eq!(Status::from_code(-26).code(), -26);
/// assert!(matches!(Status::from_code(-26), Status::Other(_)));
/// assert_eq!(Status::from_code(2), Status::CertificatesAttached);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(from = "i32", into = "i32"))]
pub enum Status {
    /// `2`: the certificates are attached.
    CertificatesAttached,
    /// `1`: the certificates are available.
    CertificatesAvailable,
    /// `0`: the order is being processed by Sectigo.
    BeingProcessed,
    /// `-1`: the request was not made over https.
    NotHttps,
    /// `-2`: an argument was not recognised.
    UnrecognisedArgument,
    /// `-3`: a required argument is missing.
    ArgumentMissing,
    /// `-4`: an argument's value is invalid.
    ArgumentInvalid,
    /// `-14`: an unknown error occurred.
    UnknownError,
    /// `-16`: permission denied (e.g. a wrong password).
    PermissionDenied,
    /// `-17`: the request used GET rather than POST.
    GetNotPost,
    /// `-20`: the certificate request has been rejected.
    Rejected,
    /// `-21`: the certificate has been revoked.
    Revoked,
    /// `-22`: the order is still awaiting payment.
    AwaitingPayment,
    /// Any code the spec does not list, kept as sent. Only
    /// [`Status::from_code`] builds it, so it never stands for a code above.
    Other(OtherStatus),
}

/// A status code the spec does not list, kept as sent.
///
/// ```
/// use collectssl::Status;
/// let Status::Other(other) = Status::from_code(-26) else { unreachable!() };
/// assert_eq!(other.code(), -26);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OtherStatus(i32);

impl OtherStatus {
    /// The code as sent.
    ///
    /// ```
    /// use collectssl::Status;
    /// let Status::Other(other) = Status::from_code(7) else { unreachable!() };
    /// assert_eq!(other.code(), 7);
    /// ```
    pub const fn code(self) -> i32 {
        self.0
    }
}

/// The known statuses with their codes and the spec's messages.
const KNOWN: [(Status, i32, &str); 13] = [
    (Status::CertificatesAttached, 2, "Certificates Attached"),
    (Status::CertificatesAvailable, 1, "Certificates Available"),
    (Status::BeingProcessed, 0, "Being processed by Sectigo"),
    (Status::NotHttps, -1, "Request was not made over https!"),
    (Status::UnrecognisedArgument, -2, "Unrecognised argument!"),
    (
        Status::ArgumentMissing,
        -3,
        "The 'xxx' argument is missing!",
    ),
    (
        Status::ArgumentInvalid,
        -4,
        "The value of the 'xxx' argument is invalid!",
    ),
    (Status::UnknownError, -14, "An unknown error occurred!"),
    (Status::PermissionDenied, -16, "Permission denied!"),
    (
        Status::GetNotPost,
        -17,
        "Request used GET rather than POST!",
    ),
    (
        Status::Rejected,
        -20,
        "The certificate request has been rejected!",
    ),
    (Status::Revoked, -21, "The certificate has been revoked!"),
    (Status::AwaitingPayment, -22, "Still awaiting payment!"),
];

impl Status {
    /// The status for a wire code; unknown codes become [`Status::Other`].
    ///
    /// ```
    /// use collectssl::Status;
    /// assert_eq!(Status::from_code(2), Status::CertificatesAttached);
    /// assert_eq!(Status::from_code(3).code(), 3);
    /// assert!(!Status::from_code(3).is_known());
    /// ```
    pub const fn from_code(code: i32) -> Self {
        /// The status of `code` in `known`, searched in a `const` way.
        const fn find(known: &[(Status, i32, &str)], code: i32) -> Status {
            match known {
                [] => Status::Other(OtherStatus(code)),
                [(status, c, _), ..] if *c == code => *status,
                [_, rest @ ..] => find(rest, code),
            }
        }
        find(&KNOWN, code)
    }

    /// Whether the spec lists this status (it is not [`Status::Other`]).
    ///
    /// ```
    /// use collectssl::Status;
    /// assert!(Status::from_code(-22).is_known());
    /// assert!(!Status::from_code(-26).is_known());
    /// ```
    pub const fn is_known(self) -> bool {
        !matches!(self, Self::Other(_))
    }

    /// The wire code.
    ///
    /// ```
    /// use collectssl::Status;
    /// assert_eq!(Status::AwaitingPayment.code(), -22);
    /// assert_eq!(Status::from_code(-26).code(), -26);
    /// ```
    pub fn code(self) -> i32 {
        match self {
            Self::Other(other) => other.0,
            known => {
                let code = KNOWN.iter().find(|(s, _, _)| *s == known);
                // Every status but `Other` has its code in `KNOWN`.
                debug_assert!(code.is_some(), "{known:?} is missing from KNOWN");
                code.map_or(0, |(_, c, _)| *c)
            }
        }
    }

    /// The spec's message for this status, or `None` for [`Status::Other`].
    ///
    /// For -3 and -4 the spec's text has the placeholder `'xxx'`; the server
    /// names the argument instead (see [`crate::RequestError`]).
    ///
    /// ```
    /// use collectssl::Status;
    /// assert_eq!(Status::Revoked.message(), Some("The certificate has been revoked!"));
    /// assert_eq!(Status::from_code(9).message(), None);
    /// ```
    pub fn message(self) -> Option<&'static str> {
        KNOWN
            .iter()
            .find(|(s, _, _)| *s == self)
            .map(|(_, _, m)| *m)
    }

    /// Whether this status is an error (a negative code), which carries an
    /// error message and nothing else.
    ///
    /// ```
    /// use collectssl::Status;
    /// assert!(Status::Rejected.is_error());
    /// assert!(!Status::BeingProcessed.is_error());
    /// ```
    pub fn is_error(self) -> bool {
        self.code() < 0
    }

    /// What this status means for a client that polls for its certificate:
    /// stop (the order is finished, or the request is at fault), ask again
    /// later, or retry.
    ///
    /// | class | codes |
    /// |---|---|
    /// | [`StatusClass::Final`]`(`[`Outcome::Issued`]`)` | `2`, `1` |
    /// | [`StatusClass::Final`]`(`[`Outcome::Rejected`]`)` | `-20` |
    /// | [`StatusClass::Final`]`(`[`Outcome::Revoked`]`)` | `-21` |
    /// | [`StatusClass::Pending`] | `0`, `-22` |
    /// | [`StatusClass::CallerError`] | `-1`, `-2`, `-3`, `-4`, `-16`, `-17` |
    /// | [`StatusClass::Retryable`] | `-14`, and every code the spec does not list |
    ///
    /// ```
    /// use collectssl::{Outcome, Status, StatusClass};
    ///
    /// assert_eq!(Status::CertificatesAttached.class(), StatusClass::Final(Outcome::Issued));
    /// assert_eq!(Status::Revoked.class(), StatusClass::Final(Outcome::Revoked));
    /// assert_eq!(Status::AwaitingPayment.class(), StatusClass::Pending);
    /// assert_eq!(Status::PermissionDenied.class(), StatusClass::CallerError);
    /// assert_eq!(Status::from_code(-26).class(), StatusClass::Retryable);
    /// ```
    pub fn class(self) -> StatusClass {
        match self {
            Self::CertificatesAttached | Self::CertificatesAvailable => {
                StatusClass::Final(Outcome::Issued)
            }
            Self::Rejected => StatusClass::Final(Outcome::Rejected),
            Self::Revoked => StatusClass::Final(Outcome::Revoked),
            Self::BeingProcessed | Self::AwaitingPayment => StatusClass::Pending,
            Self::NotHttps
            | Self::UnrecognisedArgument
            | Self::ArgumentMissing
            | Self::ArgumentInvalid
            | Self::PermissionDenied
            | Self::GetNotPost => StatusClass::CallerError,
            Self::UnknownError | Self::Other(_) => StatusClass::Retryable,
        }
    }
}

/// What a [`Status`] means for a client that polls for its certificate
/// (see [`Status::class`]): whether to stop, ask again later, fix the
/// request, or retry. [`crate::poll::Poller`] follows it.
///
/// ```
/// use collectssl::{Status, StatusClass};
///
/// for code in [0, -22] {
///     assert!(!Status::from_code(code).class().is_final());
///     assert!(Status::from_code(code).class().may_call_again());
/// }
/// assert!(Status::Rejected.class().is_final());
/// assert!(!Status::GetNotPost.class().may_call_again());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum StatusClass {
    /// The order is finished and will not change: its certificate is issued
    /// (`2` attached, `1` available), or it was rejected (`-20`) or revoked
    /// (`-21`). Asking again gives the same answer.
    Final(Outcome),
    /// The order is not finished yet: ask again later. `0` (being processed
    /// by Sectigo) and `-22` (still awaiting payment).
    Pending,
    /// The request is at fault and the same request will fail again: it was
    /// not made over https (`-1`), has an unrecognised (`-2`), missing (`-3`)
    /// or invalid (`-4`) argument, is not allowed for this account (`-16`,
    /// permission denied) or used GET rather than POST (`-17`). Fix the
    /// request before calling again.
    CallerError,
    /// The server failed (`-14`, an unknown error occurred) or answered with
    /// a code the spec does not list: the same request may succeed later.
    Retryable,
}

impl StatusClass {
    /// Whether the order is finished ([`StatusClass::Final`]).
    ///
    /// ```
    /// use collectssl::{Outcome, StatusClass};
    /// assert!(StatusClass::Final(Outcome::Issued).is_final());
    /// assert!(!StatusClass::Pending.is_final());
    /// ```
    pub const fn is_final(self) -> bool {
        matches!(self, Self::Final(_))
    }

    /// Whether the same request may be sent again: [`StatusClass::Pending`]
    /// and [`StatusClass::Retryable`].
    ///
    /// ```
    /// use collectssl::StatusClass;
    /// assert!(StatusClass::Retryable.may_call_again());
    /// assert!(!StatusClass::CallerError.may_call_again());
    /// ```
    pub const fn may_call_again(self) -> bool {
        matches!(self, Self::Pending | Self::Retryable)
    }
}

/// How a finished order ended ([`StatusClass::Final`]).
///
/// ```
/// use collectssl::{Outcome, Status, StatusClass};
/// let StatusClass::Final(outcome) = Status::from_code(-21).class() else { unreachable!() };
/// assert_eq!(outcome, Outcome::Revoked);
/// assert!(!outcome.is_issued());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Outcome {
    /// The certificate is issued: `2` (certificates attached) or `1`
    /// (certificates available).
    Issued,
    /// `-20`: the certificate request has been rejected.
    Rejected,
    /// `-21`: the certificate has been revoked.
    Revoked,
}

impl Outcome {
    /// Whether the certificate was issued (the one successful outcome).
    ///
    /// ```
    /// use collectssl::Outcome;
    /// assert!(Outcome::Issued.is_issued());
    /// assert!(!Outcome::Rejected.is_issued());
    /// ```
    pub const fn is_issued(self) -> bool {
        matches!(self, Self::Issued)
    }
}

impl From<i32> for Status {
    fn from(code: i32) -> Self {
        Self::from_code(code)
    }
}

impl From<Status> for i32 {
    fn from(status: Status) -> Self {
        status.code()
    }
}

impl fmt::Display for Status {
    /// The code and, when known, the spec's message: `-16 Permission denied!`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.message() {
            Some(message) => write!(f, "{} {message}", self.code()),
            None => write!(f, "{}", self.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn every_known_code_round_trips() {
        for (status, code, message) in KNOWN {
            assert_eq!(Status::from_code(code), status);
            assert_eq!(status.code(), code);
            assert_eq!(status.message(), Some(message));
        }
    }

    #[test]
    fn other_is_only_a_code_the_spec_does_not_list() {
        for (status, code, _) in KNOWN {
            assert!(status.is_known());
            assert!(!matches!(Status::from_code(code), Status::Other(_)));
        }
        for code in [i32::MIN, -26, -5, 3, i32::MAX] {
            let other = Status::from_code(code);
            assert_eq!(other, Status::Other(OtherStatus(code)));
            assert_eq!((other.code(), other.message()), (code, None));
            assert_eq!(other.to_string(), code.to_string());
        }
    }

    #[test]
    fn final_statuses_are_issued_rejected_and_revoked() {
        for code in [2, 1] {
            assert_eq!(
                Status::from_code(code).class(),
                StatusClass::Final(Outcome::Issued)
            );
        }
        assert_eq!(
            Status::Rejected.class(),
            StatusClass::Final(Outcome::Rejected)
        );
        assert_eq!(
            Status::Revoked.class(),
            StatusClass::Final(Outcome::Revoked)
        );
    }

    #[test]
    fn being_processed_and_awaiting_payment_are_pending() {
        assert_eq!(Status::BeingProcessed.class(), StatusClass::Pending);
        assert_eq!(Status::AwaitingPayment.class(), StatusClass::Pending);
    }

    #[test]
    fn request_faults_are_caller_errors() {
        for code in [-1, -2, -3, -4, -16, -17] {
            assert_eq!(
                Status::from_code(code).class(),
                StatusClass::CallerError,
                "{code}"
            );
        }
    }

    #[test]
    fn unknown_error_and_unlisted_codes_are_retryable() {
        for code in [-14, -5, -15, -18, -19, -23, -26, 3, 99, i32::MIN, i32::MAX] {
            assert_eq!(
                Status::from_code(code).class(),
                StatusClass::Retryable,
                "{code}"
            );
        }
    }

    #[test]
    fn every_known_status_has_a_class() {
        for (status, _, _) in KNOWN {
            // Only the pending and retryable classes may call again.
            let again = matches!(
                status,
                Status::BeingProcessed | Status::AwaitingPayment | Status::UnknownError
            );
            assert_eq!(status.class().may_call_again(), again, "{status}");
        }
    }

    #[test]
    fn display_has_code_and_message() {
        assert_eq!(
            Status::GetNotPost.to_string(),
            "-17 Request used GET rather than POST!"
        );
    }
}
