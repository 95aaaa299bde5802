//! The seven status details (spec section 2.2.7; `showStatusDetails=Y`):
//! one bare integer each, `-1 | 0 | 1 | 2`, in the spec's order.

use core::fmt;
use core::str::FromStr;

use crate::error::{Error, ErrorKind};
use crate::text::Text;

/// The state of one step of an order, as every status detail reports it.
///
/// ```
/// use collectssl::DetailStatus;
///
/// assert_eq!(DetailStatus::from_code(2), Some(DetailStatus::InProgress));
/// assert_eq!(DetailStatus::NotRequired.code(), -1);
/// assert_eq!(DetailStatus::NotRequired.to_string(), "-1");
/// assert_eq!("1".parse::<DetailStatus>(), Ok(DetailStatus::Completed));
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
}

impl DetailStatus {
    /// Every value, in code order.
    ///
    /// ```
    /// use collectssl::DetailStatus;
    /// assert!(DetailStatus::ALL.iter().all(|s| DetailStatus::from_code(s.code().into()) == Some(*s)));
    /// ```
    pub const ALL: [DetailStatus; 4] = [
        Self::NotRequired,
        Self::NotCompleted,
        Self::Completed,
        Self::InProgress,
    ];

    /// The wire code, `-1` to `2`.
    ///
    /// ```
    /// assert_eq!(collectssl::DetailStatus::InProgress.code(), 2);
    /// ```
    pub const fn code(self) -> i8 {
        match self {
            Self::NotRequired => -1,
            Self::NotCompleted => 0,
            Self::Completed => 1,
            Self::InProgress => 2,
        }
    }

    /// The value for a wire code, if it is one of `-1`, `0`, `1`, `2`.
    ///
    /// ```
    /// use collectssl::DetailStatus;
    /// assert_eq!(DetailStatus::from_code(-1), Some(DetailStatus::NotRequired));
    /// assert_eq!(DetailStatus::from_code(3), None);
    /// ```
    pub const fn from_code(code: i64) -> Option<Self> {
        match code {
            -1 => Some(Self::NotRequired),
            0 => Some(Self::NotCompleted),
            1 => Some(Self::Completed),
            2 => Some(Self::InProgress),
            _ => None,
        }
    }

    /// Parses a wire value, plain (a format-0 line) or form-encoded (a
    /// format-1 value as sent): exactly `-1`, `0`, `1` or `2` once decoded,
    /// with no sign `+`, space or leading zero. An error is
    /// [`ErrorKind::InvalidStatusDetail`] at the raw offset of the first byte
    /// that does not fit (the length when the value ends too early).
    ///
    /// ```
    /// use collectssl::{DetailStatus, ErrorKind, Text};
    ///
    /// assert_eq!(DetailStatus::parse(Text::form(b"%2D1")), Ok(DetailStatus::NotRequired));
    /// let err = DetailStatus::parse(Text::plain("01")).unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidStatusDetail, 1));
    /// ```
    pub fn parse(text: Text<'_>) -> Result<Self, Error> {
        Self::from_indexed(text.byte_indices(), text.raw().len())
    }

    /// `status-detail = "-1" / "0" / "1" / "2"` over decoded bytes with
    /// their offsets; `end` is the offset of the end of the input.
    fn from_indexed(
        mut bytes: impl Iterator<Item = Result<(usize, u8), Error>>,
        end: usize,
    ) -> Result<Self, Error> {
        let invalid = |at| Error::new(ErrorKind::InvalidStatusDetail, at);
        let status = match bytes.next().transpose()? {
            Some((_, b'-')) => match bytes.next().transpose()? {
                Some((_, b'1')) => Self::NotRequired,
                Some((at, _)) => return Err(invalid(at)),
                None => return Err(invalid(end)),
            },
            Some((_, b'0')) => Self::NotCompleted,
            Some((_, b'1')) => Self::Completed,
            Some((_, b'2')) => Self::InProgress,
            Some((at, _)) => return Err(invalid(at)),
            None => return Err(invalid(end)),
        };
        match bytes.next().transpose()? {
            None => Ok(status),
            Some((at, _)) => Err(invalid(at)),
        }
    }
}

/// `status-detail` on a plain format-0 line (see [`DetailStatus::parse`]).
pub(crate) fn detail_status(line: &[u8]) -> Result<DetailStatus, Error> {
    DetailStatus::from_indexed(line.iter().copied().enumerate().map(Ok), line.len())
}

impl FromStr for DetailStatus {
    type Err = Error;

    /// Exactly `-1`, `0`, `1` or `2`.
    fn from_str(s: &str) -> Result<Self, Error> {
        detail_status(s.as_bytes())
    }
}

impl fmt::Display for DetailStatus {
    /// The wire code: `-1`, `0`, `1` or `2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for DetailStatus {
    /// The wire code, as a number.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i8(self.code())
    }
}

/// The seven status details of an order, in the spec's order (format 0
/// sends one line each in this order; format 1 names them).
///
/// ```
/// use collectssl::{DetailStatus, StatusDetails, Text};
///
/// let mut details = StatusDetails::from_array([DetailStatus::NotCompleted; 7]);
/// let index = StatusDetails::index_of(Text::form(b"ovCallBackStatus")).unwrap();
/// *details.get_mut(index).unwrap() = DetailStatus::Completed;
/// assert_eq!(details.ov_callback, DetailStatus::Completed);
/// assert_eq!(StatusDetails::index_of("ovCallbackStatus"), Some(index)); // format 0's spelling
///
/// let (name, status) = details.iter().nth(2).unwrap();
/// assert_eq!((name, status.code()), ("ovCallBackStatus", 1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusDetails {
    /// `csrStatus`: the CSR.
    pub csr: DetailStatus,
    /// `dcvStatus`: domain control validation.
    pub dcv: DetailStatus,
    /// `ovCallBackStatus` (`ovCallbackStatus` in format 0): the OV callback
    /// of the account.
    pub ov_callback: DetailStatus,
    /// `organizationValidationStatus`: account validation (OV).
    pub organization_validation: DetailStatus,
    /// `freeDVUPStatus`: the free DV upgrade.
    pub free_dvup: DetailStatus,
    /// `evClickThroughStatus`: acceptance of the EV click-through.
    pub ev_click_through: DetailStatus,
    /// `brandValStatus`: brand validation.
    pub brand_val: DetailStatus,
}

impl StatusDetails {
    /// The number of status details.
    ///
    /// ```
    /// assert_eq!(collectssl::StatusDetails::COUNT, 7);
    /// ```
    pub const COUNT: usize = 7;

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
    const ALIASES: [(&'static str, usize); 1] = [("ovCallbackStatus", 2)];

    /// The details from an array in the spec's order.
    ///
    /// ```
    /// use collectssl::{DetailStatus, StatusDetails};
    /// let d = StatusDetails::from_array([DetailStatus::Completed; 7]);
    /// assert_eq!(d.brand_val, DetailStatus::Completed);
    /// ```
    pub const fn from_array(statuses: [DetailStatus; Self::COUNT]) -> Self {
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
    /// let array = [DetailStatus::InProgress; 7];
    /// assert_eq!(StatusDetails::from_array(array).to_array(), array);
    /// ```
    pub const fn to_array(&self) -> [DetailStatus; Self::COUNT] {
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

    /// The detail at `index` in the spec's order.
    ///
    /// ```
    /// use collectssl::{DetailStatus, StatusDetails};
    /// let d = StatusDetails::from_array([DetailStatus::Completed; 7]);
    /// assert_eq!(d.get(6), Some(DetailStatus::Completed));
    /// assert_eq!(d.get(7), None);
    /// ```
    pub fn get(&self, index: usize) -> Option<DetailStatus> {
        self.to_array().get(index).copied()
    }

    /// The detail at `index` in the spec's order, to set it.
    ///
    /// ```
    /// use collectssl::{DetailStatus, StatusDetails};
    /// let mut d = StatusDetails::from_array([DetailStatus::Completed; 7]);
    /// *d.get_mut(0).unwrap() = DetailStatus::NotRequired;
    /// assert_eq!(d.csr, DetailStatus::NotRequired);
    /// assert!(d.get_mut(7).is_none());
    /// ```
    pub fn get_mut(&mut self, index: usize) -> Option<&mut DetailStatus> {
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

    /// The (format-1 name, status) pairs in the spec's order.
    ///
    /// ```
    /// use collectssl::{DetailStatus, StatusDetails};
    /// let d = StatusDetails::from_array([DetailStatus::NotCompleted; 7]);
    /// let names: Vec<_> = d.iter().map(|(name, _)| name).collect();
    /// assert_eq!(names, StatusDetails::NAMES);
    /// ```
    pub fn iter(
        &self,
    ) -> impl ExactSizeIterator<Item = (&'static str, DetailStatus)> + Clone + use<> {
        Self::NAMES.into_iter().zip(self.to_array())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for StatusDetails {
    /// An object of the seven format-1 names, each with its code as a number.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut object = serializer.serialize_struct("StatusDetails", Self::COUNT)?;
        for (name, status) in self.iter() {
            object.serialize_field(name, &status)?;
        }
        object.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn codes_round_trip() {
        for status in DetailStatus::ALL {
            assert_eq!(DetailStatus::from_code(status.code().into()), Some(status));
            let wire = status.to_string();
            assert_eq!(detail_status(wire.as_bytes()), Ok(status));
            assert_eq!(DetailStatus::parse(Text::plain(&wire)), Ok(status));
            assert_eq!(wire.parse::<DetailStatus>(), Ok(status));
        }
        for code in [-2, 3, i64::MIN, i64::MAX] {
            assert_eq!(DetailStatus::from_code(code), None);
        }
    }

    #[test]
    fn only_the_four_bare_integers() {
        for (wire, at) in [
            ("", 0),
            ("-", 1),
            ("+1", 0),
            ("01", 1),
            ("00", 1),
            ("-0", 1),
            ("-2", 1),
            ("--1", 1),
            ("3", 0),
            ("10", 1),
            (" 1", 0),
            ("1 ", 1),
            ("1\r", 1),
            ("-1-1", 2),
            ("١", 0),
        ] {
            let e = detail_status(wire.as_bytes()).unwrap_err();
            assert_eq!(
                (e.kind(), e.offset()),
                (ErrorKind::InvalidStatusDetail, at),
                "{wire:?}"
            );
            assert_eq!(DetailStatus::parse(Text::plain(wire)), Err(e));
        }
    }

    #[test]
    fn form_values_decode_first_and_report_raw_offsets() {
        assert_eq!(
            DetailStatus::parse(Text::form(b"%2d1")),
            Ok(DetailStatus::NotRequired)
        );
        assert_eq!(
            DetailStatus::parse(Text::form(b"%32")),
            Ok(DetailStatus::InProgress)
        );
        let e = DetailStatus::parse(Text::form(b"%2D1+")).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidStatusDetail, 4));
        let e = DetailStatus::parse(Text::form(b"%2D")).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidStatusDetail, 3));
        let e = DetailStatus::parse(Text::form(b"+1")).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidStatusDetail, 0));
        let e = DetailStatus::parse(Text::form(b"1%2")).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidEscape, 1));
    }

    #[test]
    fn names_and_indices() {
        for (index, name) in StatusDetails::NAMES.iter().enumerate() {
            assert_eq!(StatusDetails::index_of(*name), Some(index));
        }
        assert_eq!(StatusDetails::index_of("ovCallbackStatus"), Some(2));
        for other in [
            "",
            "csrstatus",
            "CSRSTATUS",
            "csrStatus ",
            "caaStatus",
            "ovcallbackstatus",
        ] {
            assert_eq!(StatusDetails::index_of(other), None, "{other:?}");
        }
    }

    #[test]
    fn fields_follow_the_spec_order() {
        let statuses = [
            DetailStatus::NotRequired,
            DetailStatus::NotCompleted,
            DetailStatus::Completed,
            DetailStatus::InProgress,
            DetailStatus::NotRequired,
            DetailStatus::Completed,
            DetailStatus::InProgress,
        ];
        let mut details = StatusDetails::from_array(statuses);
        assert_eq!(details.csr, DetailStatus::NotRequired);
        assert_eq!(details.ov_callback, DetailStatus::Completed);
        assert_eq!(details.brand_val, DetailStatus::InProgress);
        for (index, (name, status)) in details.iter().enumerate() {
            assert_eq!(name, StatusDetails::NAMES[index]);
            assert_eq!(Some(status), details.get(index));
        }
        for index in 0..StatusDetails::COUNT {
            *details.get_mut(index).unwrap() = DetailStatus::NotCompleted;
            assert_eq!(details.to_array()[index], DetailStatus::NotCompleted);
        }
        assert_eq!(
            details,
            StatusDetails::from_array([DetailStatus::NotCompleted; 7])
        );
        assert_eq!(details.iter().len(), 7);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serializes_with_format_1_names_and_numbers() {
        let details = StatusDetails::from_array([
            DetailStatus::NotRequired,
            DetailStatus::NotCompleted,
            DetailStatus::Completed,
            DetailStatus::InProgress,
            DetailStatus::NotRequired,
            DetailStatus::NotCompleted,
            DetailStatus::Completed,
        ]);
        assert_eq!(
            serde_json::to_string(&details).unwrap(),
            concat!(
                r#"{"csrStatus":-1,"dcvStatus":0,"ovCallBackStatus":1,"#,
                r#""organizationValidationStatus":2,"freeDVUPStatus":-1,"#,
                r#""evClickThroughStatus":0,"brandValStatus":1}"#
            )
        );
    }

    proptest::proptest! {
        #[test]
        fn any_value_is_one_of_four_or_refused(raw in proptest::collection::vec(proptest::num::u8::ANY, 0..6)) {
            if let Ok(status) = DetailStatus::parse(Text::form(&raw)) {
                let shown = status.to_string();
                proptest::prop_assert_eq!(Text::form(&raw), Text::plain(&shown));
            }
            if let Ok(status) = detail_status(&raw) {
                let shown = status.to_string();
                proptest::prop_assert_eq!(shown.as_bytes(), &raw[..]);
            }
        }
    }
}
