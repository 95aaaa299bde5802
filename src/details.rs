//! The seven status details (spec section 2.2.7; `showStatusDetails=Y`):
//! one bare integer each, `-1 | 0 | 1 | 2`, in the spec's order.

use core::fmt;
use core::str::FromStr;

use nom::Parser as _;
use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::combinator::{cut, value};
use nom::sequence::preceded;

use crate::error::{Error, ErrorKind};
use crate::grammar::{Parsed, whole};
use crate::text::Text;

/// The state of one step of an order, as every status detail reports it.
///
/// The spec knows `-1` to `2`; a later version of the service may send
/// another integer, which the tolerant reading keeps as
/// [`DetailStatus::Other`] rather than refuse the whole answer.
///
/// ```
/// use collectssl::DetailStatus;
///
/// assert_eq!(DetailStatus::from_code(2), DetailStatus::InProgress);
/// assert_eq!(DetailStatus::NotRequired.code(), -1);
/// assert_eq!(DetailStatus::NotRequired.to_string(), "-1");
/// assert_eq!("1".parse::<DetailStatus>(), Ok(DetailStatus::Completed));
/// assert_eq!(DetailStatus::from_code(3).code(), 3);
/// assert!(!DetailStatus::from_code(3).is_known());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DetailStatus {
    /// `-1`: not required, or not applicable.
    NotRequired,
    /// `0`: not completed.
    NotCompleted,
    /// `1`: completed.
    Completed,
    /// `2`: in progress.
    InProgress,
    /// Any other code, from a version of the service later than the spec.
    /// Only [`DetailStatus::from_code`] builds it, so it never stands for
    /// one of the four codes above.
    Other(OtherDetail),
}

/// A status-detail code outside `-1..=2`, kept as sent.
///
/// ```
/// use collectssl::DetailStatus;
/// let DetailStatus::Other(other) = DetailStatus::from_code(7) else { unreachable!() };
/// assert_eq!(other.code(), 7);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OtherDetail(i32);

impl OtherDetail {
    /// The code as sent.
    ///
    /// ```
    /// assert_eq!(collectssl::DetailStatus::from_code(-5).code(), -5);
    /// ```
    pub const fn code(self) -> i32 {
        self.0
    }
}

impl DetailStatus {
    /// The four values the spec knows, in code order.
    ///
    /// ```
    /// use collectssl::DetailStatus;
    /// assert!(DetailStatus::ALL.iter().all(|s| DetailStatus::from_code(s.code()) == *s));
    /// ```
    pub const ALL: [DetailStatus; 4] = [
        Self::NotRequired,
        Self::NotCompleted,
        Self::Completed,
        Self::InProgress,
    ];

    /// The wire code.
    ///
    /// ```
    /// assert_eq!(collectssl::DetailStatus::InProgress.code(), 2);
    /// ```
    pub const fn code(self) -> i32 {
        match self {
            Self::NotRequired => -1,
            Self::NotCompleted => 0,
            Self::Completed => 1,
            Self::InProgress => 2,
            Self::Other(other) => other.0,
        }
    }

    /// The value for a wire code: one of the four the spec knows, or
    /// [`DetailStatus::Other`].
    ///
    /// ```
    /// use collectssl::DetailStatus;
    /// assert_eq!(DetailStatus::from_code(-1), DetailStatus::NotRequired);
    /// assert_eq!(DetailStatus::from_code(3).code(), 3);
    /// ```
    pub const fn from_code(code: i32) -> Self {
        match code {
            -1 => Self::NotRequired,
            0 => Self::NotCompleted,
            1 => Self::Completed,
            2 => Self::InProgress,
            other => Self::Other(OtherDetail(other)),
        }
    }

    /// Whether the spec knows this value (`-1` to `2`).
    ///
    /// ```
    /// use collectssl::DetailStatus;
    /// assert!(DetailStatus::Completed.is_known());
    /// assert!(!DetailStatus::from_code(9).is_known());
    /// ```
    pub const fn is_known(self) -> bool {
        !matches!(self, Self::Other(_))
    }

    /// Parses a wire value as the spec writes it, plain (a format-0 line)
    /// or form-encoded (a format-1 value as sent): exactly `-1`, `0`, `1`
    /// or `2` once decoded, with no sign `+`, space or leading zero. An
    /// error is [`ErrorKind::InvalidStatusDetail`] at the raw offset of the
    /// first byte that does not fit (the length when the value ends too
    /// early). This is the strict reading's rule; the tolerant reading
    /// takes any decimal integer.
    ///
    /// ```
    /// use collectssl::{DetailStatus, ErrorKind, Text};
    ///
    /// assert_eq!(DetailStatus::parse(Text::form(b"%2D1")), Ok(DetailStatus::NotRequired));
    /// let err = DetailStatus::parse(Text::plain("01")).unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidStatusDetail, Some(1)));
    /// ```
    pub fn parse(text: Text<'_>) -> Result<Self, Error> {
        // "-1" is the longest value: a longer one fails within 3 bytes.
        text.parse_whole::<_, 3>(ErrorKind::InvalidStatusDetail, status_detail)
    }
}

/// `status-detail = "-" "1" / "0" / "1" / "2"`: one of the four codes the
/// spec knows, with no sign `+`, space or leading zero. After `-` only
/// `1` fits, so a `-` followed by anything else fails at that byte.
fn status_detail(input: &[u8]) -> Parsed<'_, DetailStatus> {
    let code = |wire: &'static [u8], status| value(status, tag(wire));
    alt((
        preceded(tag(&b"-"[..]), cut(code(b"1", DetailStatus::NotRequired))),
        code(b"0", DetailStatus::NotCompleted),
        code(b"1", DetailStatus::Completed),
        code(b"2", DetailStatus::InProgress),
    ))
    .parse(input)
}

/// `status-detail` on a plain format-0 line (see [`DetailStatus::parse`]).
pub(crate) fn detail_status(line: &[u8]) -> Result<DetailStatus, Error> {
    whole(line, ErrorKind::InvalidStatusDetail, status_detail)
}

impl FromStr for DetailStatus {
    type Err = Error;

    /// Exactly `-1`, `0`, `1` or `2`.
    fn from_str(s: &str) -> Result<Self, Error> {
        detail_status(s.as_bytes())
    }
}

impl fmt::Display for DetailStatus {
    /// The wire code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for DetailStatus {
    /// The wire code, as a number.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i32(self.code())
    }
}

/// The status details of an order (`showStatusDetails=Y`), each optional:
/// the spec lists seven, and the live service leaves out the EV-only ones
/// (`evClickThroughStatus`, `brandValStatus`) for orders that are not EV.
/// Format 0 sends one line each in the spec's order; format 1 names them.
///
/// ```
/// use collectssl::{DetailStatus, StatusDetails, Text};
///
/// let mut details = StatusDetails::from_array([DetailStatus::NotCompleted; 7]);
/// let index = StatusDetails::index_of(Text::form(b"ovCallBackStatus")).unwrap();
/// *details.get_mut(index).unwrap() = Some(DetailStatus::Completed);
/// assert_eq!(details.ov_callback, Some(DetailStatus::Completed));
/// assert_eq!(StatusDetails::index_of("ovCallbackStatus"), Some(index)); // format 0's spelling
///
/// let (name, status) = details.iter().nth(2).unwrap();
/// assert_eq!((name, status.code()), ("ovCallBackStatus", 1));
///
/// details.brand_val = None;
/// assert_eq!((details.len(), details.is_complete()), (6, false));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct StatusDetails {
    /// `csrStatus`: the CSR.
    pub csr: Option<DetailStatus>,
    /// `dcvStatus`: domain control validation.
    pub dcv: Option<DetailStatus>,
    /// `ovCallBackStatus` (`ovCallbackStatus` in format 0): the OV callback
    /// of the account.
    pub ov_callback: Option<DetailStatus>,
    /// `organizationValidationStatus`: account validation (OV).
    pub organization_validation: Option<DetailStatus>,
    /// `freeDVUPStatus`: the free DV upgrade.
    pub free_dvup: Option<DetailStatus>,
    /// `evClickThroughStatus`: acceptance of the EV click-through.
    pub ev_click_through: Option<DetailStatus>,
    /// `brandValStatus`: brand validation.
    pub brand_val: Option<DetailStatus>,
}

impl StatusDetails {
    /// The number of status details the spec lists.
    ///
    /// ```
    /// assert_eq!(collectssl::StatusDetails::COUNT, 7);
    /// ```
    pub const COUNT: usize = 7;

    /// No status details at all.
    ///
    /// ```
    /// assert!(collectssl::StatusDetails::NONE.is_empty());
    /// ```
    pub const NONE: Self = Self::from_options([None; Self::COUNT]);

    /// The format-1 names, in the spec's order (the order of the fields and
    /// of the format-0 lines).
    ///
    /// ```
    /// use collectssl::StatusDetails;
    /// assert_eq!(StatusDetails::NAMES[0], "csrStatus");
    /// assert_eq!(StatusDetails::NAMES[2], "ovCallBackStatus");
    /// ```
    pub const NAMES: [&'static str; Self::COUNT] = [
        "csrStatus",
        "dcvStatus",
        "ovCallBackStatus",
        "organizationValidationStatus",
        "freeDVUPStatus",
        "evClickThroughStatus",
        "brandValStatus",
    ];

    /// Other spellings, with the index they stand for: format 0's table
    /// writes `ovCallbackStatus`.
    pub(crate) const ALIASES: [(&'static str, usize); 1] = [("ovCallbackStatus", 2)];

    /// All seven details, from an array in the spec's order.
    ///
    /// ```
    /// use collectssl::{DetailStatus, StatusDetails};
    /// let d = StatusDetails::from_array([DetailStatus::Completed; 7]);
    /// assert_eq!(d.brand_val, Some(DetailStatus::Completed));
    /// assert!(d.is_complete());
    /// ```
    pub const fn from_array(statuses: [DetailStatus; Self::COUNT]) -> Self {
        let [a, b, c, d, e, f, g] = statuses;
        Self::from_options([
            Some(a),
            Some(b),
            Some(c),
            Some(d),
            Some(e),
            Some(f),
            Some(g),
        ])
    }

    /// The details from an array in the spec's order, each present or not.
    ///
    /// ```
    /// use collectssl::{DetailStatus, StatusDetails};
    /// let d = StatusDetails::from_options([Some(DetailStatus::Completed), None, None, None, None, None, None]);
    /// assert_eq!(d.len(), 1);
    /// ```
    pub const fn from_options(statuses: [Option<DetailStatus>; Self::COUNT]) -> Self {
        let [
            csr,
            dcv,
            ov_callback,
            organization_validation,
            free_dvup,
            ev_click_through,
            brand_val,
        ] = statuses;
        Self {
            csr,
            dcv,
            ov_callback,
            organization_validation,
            free_dvup,
            ev_click_through,
            brand_val,
        }
    }

    /// The details as an array in the spec's order.
    ///
    /// ```
    /// use collectssl::{DetailStatus, StatusDetails};
    /// let array = [Some(DetailStatus::InProgress), None, None, None, None, None, None];
    /// assert_eq!(StatusDetails::from_options(array).to_array(), array);
    /// ```
    pub const fn to_array(&self) -> [Option<DetailStatus>; Self::COUNT] {
        [
            self.csr,
            self.dcv,
            self.ov_callback,
            self.organization_validation,
            self.free_dvup,
            self.ev_click_through,
            self.brand_val,
        ]
    }

    /// How many details are present.
    ///
    /// ```
    /// assert_eq!(collectssl::StatusDetails::NONE.len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether no detail is present.
    ///
    /// ```
    /// use collectssl::{DetailStatus, StatusDetails};
    /// assert!(StatusDetails::default().is_empty());
    /// assert!(!StatusDetails::from_array([DetailStatus::Completed; 7]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// Whether all seven are present.
    ///
    /// ```
    /// assert!(!collectssl::StatusDetails::NONE.is_complete());
    /// ```
    pub fn is_complete(&self) -> bool {
        self.to_array().iter().all(Option::is_some)
    }

    /// What the written spec allows: none, or all seven with the codes it
    /// knows. The strict reading accepts only this, and the encoders write
    /// only this.
    pub(crate) fn is_as_specified(&self) -> bool {
        self.is_empty() || (self.is_complete() && self.iter().all(|(_, s)| s.is_known()))
    }

    /// [`StatusDetails::index_of`] for a decoded name, without `Text`.
    pub(crate) fn index_of_bytes(name: &[u8]) -> Option<usize> {
        Self::NAMES
            .iter()
            .position(|n| n.as_bytes() == name)
            .or_else(|| {
                Self::ALIASES
                    .iter()
                    .find(|(alias, _)| alias.as_bytes() == name)
                    .map(|(_, index)| *index)
            })
    }

    /// The index (in the spec's order) of a detail's name: a format-1 name
    /// exactly as the spec spells it (case-sensitive), or format 0's
    /// `ovCallbackStatus`. The name may be plain or form-encoded.
    ///
    /// ```
    /// use collectssl::{StatusDetails, Text};
    /// assert_eq!(StatusDetails::index_of("brandValStatus"), Some(6));
    /// assert_eq!(StatusDetails::index_of(Text::form(b"dcv%53tatus")), Some(1));
    /// assert_eq!(StatusDetails::index_of("dcvstatus"), None);
    /// ```
    pub fn index_of<'n>(name: impl Into<Text<'n>>) -> Option<usize> {
        let name = name.into();
        Self::NAMES.iter().position(|n| name == *n).or_else(|| {
            Self::ALIASES
                .iter()
                .find(|(alias, _)| name == *alias)
                .map(|(_, index)| *index)
        })
    }

    /// The detail at `index` in the spec's order, if present.
    ///
    /// ```
    /// use collectssl::{DetailStatus, StatusDetails};
    /// let d = StatusDetails::from_array([DetailStatus::Completed; 7]);
    /// assert_eq!(d.get(6), Some(DetailStatus::Completed));
    /// assert_eq!(d.get(7), None);
    /// ```
    pub fn get(&self, index: usize) -> Option<DetailStatus> {
        self.to_array().get(index).copied().flatten()
    }

    /// The detail at `index` in the spec's order, to set or clear it.
    ///
    /// ```
    /// use collectssl::{DetailStatus, StatusDetails};
    /// let mut d = StatusDetails::from_array([DetailStatus::Completed; 7]);
    /// *d.get_mut(0).unwrap() = Some(DetailStatus::NotRequired);
    /// *d.get_mut(6).unwrap() = None;
    /// assert_eq!((d.csr, d.brand_val), (Some(DetailStatus::NotRequired), None));
    /// assert!(d.get_mut(7).is_none());
    /// ```
    pub fn get_mut(&mut self, index: usize) -> Option<&mut Option<DetailStatus>> {
        match index {
            0 => Some(&mut self.csr),
            1 => Some(&mut self.dcv),
            2 => Some(&mut self.ov_callback),
            3 => Some(&mut self.organization_validation),
            4 => Some(&mut self.free_dvup),
            5 => Some(&mut self.ev_click_through),
            6 => Some(&mut self.brand_val),
            _ => None,
        }
    }

    /// The (format-1 name, status) pairs of the details present, in the
    /// spec's order.
    ///
    /// ```
    /// use collectssl::{DetailStatus, StatusDetails};
    /// let d = StatusDetails::from_array([DetailStatus::NotCompleted; 7]);
    /// let names: Vec<_> = d.iter().map(|(name, _)| name).collect();
    /// assert_eq!(names, StatusDetails::NAMES);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, DetailStatus)> + Clone + use<> {
        Self::NAMES
            .into_iter()
            .zip(self.to_array())
            .filter_map(|(name, status)| Some((name, status?)))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for StatusDetails {
    /// An object of the format-1 names present, each with its code as a number.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut object = serializer.serialize_map(Some(self.len()))?;
        for (name, status) in self.iter() {
            object.serialize_entry(name, &status)?;
        }
        object.end()
    }
}

#[cfg(test)]
mod tests;
