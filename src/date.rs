//! Calendar dates: the `DD/MM/YYYY` rule of the format-0 validity line, and
//! Unix seconds both ways for format 1's `notBefore` / `notAfter`.
//!
//! Sectigo certificates always run from 00:00:00 GMT of their first day to
//! 23:59:59 GMT of their last (spec section 2.2.2), so a day is all the
//! format-0 line needs to say, and the two formats carry the same data.

use core::fmt;
use core::str::FromStr;

use nom::bytes::complete::{tag, take_while_m_n};
use nom::combinator::map_opt;
use nom::{IResult, Parser};

use crate::error::{Error, ErrorKind};
use crate::grammar::whole;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The last second of a day, from its start.
const LAST_SECOND: i64 = 86_399;

/// Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar.
const EPOCH_SHIFT: i64 = 719_468;

/// Days in a 400-year cycle.
const ERA_DAYS: i64 = 146_097;

/// [`Date::MIN`] and [`Date::MAX`] as days since 1970-01-01.
const MIN_DAYS: i64 = -719_162;
const MAX_DAYS: i64 = 2_932_896;

/// A day of the proleptic Gregorian calendar, years 1 to 9999.
///
/// The format-0 validity line gives days (`14/05/2003 13/05/2004`) where
/// format 1 gives Unix seconds; a `Date` converts between the two. It orders
/// chronologically and displays as the wire writes it.
///
/// ```
/// use collectssl::Date;
///
/// let d = Date::new(2003, 5, 14).unwrap();
/// assert_eq!(d.to_string(), "14/05/2003");
/// assert_eq!(d.start_unix(), 1_052_870_400); // 2003-05-14 00:00:00 GMT
/// assert_eq!("14/05/2003".parse::<Date>(), Ok(d));
/// assert_eq!(Date::new(2003, 2, 29), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The first representable day, 01/01/0001.
    ///
    /// ```
    /// assert_eq!(collectssl::Date::MIN.to_string(), "01/01/0001");
    /// ```
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };

    /// The last representable day, 31/12/9999 (the wire has four year digits).
    ///
    /// ```
    /// assert_eq!(collectssl::Date::MAX.to_string(), "31/12/9999");
    /// ```
    pub const MAX: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// The date `year`-`month`-`day`, if it is in the calendar and the year
    /// is 1 to 9999.
    ///
    /// ```
    /// use collectssl::Date;
    /// assert!(Date::new(2024, 2, 29).is_some()); // leap year
    /// assert!(Date::new(1900, 2, 29).is_none()); // not one
    /// assert!(Date::new(2000, 2, 29).is_some()); // but this is
    /// assert!(Date::new(0, 1, 1).is_none());
    /// assert!(Date::new(2024, 4, 31).is_none());
    /// ```
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if year < 1 || year > 9999 || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year, 1 to 9999.
    ///
    /// ```
    /// assert_eq!(collectssl::Date::new(2004, 5, 13).unwrap().year(), 2004);
    /// ```
    pub const fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    ///
    /// ```
    /// assert_eq!(collectssl::Date::new(2004, 5, 13).unwrap().month(), 5);
    /// ```
    pub const fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    ///
    /// ```
    /// assert_eq!(collectssl::Date::new(2004, 5, 13).unwrap().day(), 13);
    /// ```
    pub const fn day(&self) -> u8 {
        self.day
    }

    /// The number of days since 1970-01-01 (negative before it).
    ///
    /// ```
    /// use collectssl::Date;
    /// assert_eq!(Date::new(1970, 1, 1).unwrap().unix_days(), 0);
    /// assert_eq!(Date::new(1969, 12, 31).unwrap().unix_days(), -1);
    /// assert_eq!(Date::new(2000, 3, 1).unwrap().unix_days(), 11_017);
    /// ```
    pub fn unix_days(&self) -> i64 {
        let days = days_from_civil(self.year, self.month, self.day);
        // Every step is in range for years 1..=9999, so a `Date` has its day.
        debug_assert!(days.is_some(), "{self:?} has no day number");
        days.unwrap_or(0)
    }

    /// The date `days` days after 1970-01-01, or `None` outside
    /// [`Date::MIN`]..=[`Date::MAX`]. Constant time, for any `i64`.
    ///
    /// ```
    /// use collectssl::Date;
    /// assert_eq!(Date::from_unix_days(11_017), Date::new(2000, 3, 1));
    /// assert_eq!(Date::from_unix_days(i64::MIN), None);
    /// ```
    pub fn from_unix_days(days: i64) -> Option<Date> {
        if !(MIN_DAYS..=MAX_DAYS).contains(&days) {
            return None;
        }
        civil_from_days(days)
    }

    /// The day that contains the Unix time `secs` (seconds since
    /// 1970-01-01 00:00:00 GMT, floored to the day), or `None` outside
    /// [`Date::MIN`]..=[`Date::MAX`].
    ///
    /// ```
    /// use collectssl::Date;
    /// assert_eq!(Date::from_unix(1_084_492_799), Date::new(2004, 5, 13)); // 23:59:59
    /// assert_eq!(Date::from_unix(-1), Date::new(1969, 12, 31));
    /// assert_eq!(Date::from_unix(i64::MAX), None);
    /// ```
    pub fn from_unix(secs: i64) -> Option<Date> {
        Self::from_unix_days(secs.div_euclid(DAY))
    }

    /// The day that starts exactly at the Unix time `secs` (00:00:00 GMT),
    /// or `None` for any other time. Only such a `notBefore` can be written
    /// as a format-0 date.
    ///
    /// ```
    /// use collectssl::Date;
    /// assert_eq!(Date::from_start_unix(1_052_870_400), Date::new(2003, 5, 14));
    /// assert_eq!(Date::from_start_unix(1_052_870_401), None);
    /// ```
    pub fn from_start_unix(secs: i64) -> Option<Date> {
        if secs.rem_euclid(DAY) != 0 {
            return None;
        }
        Self::from_unix(secs)
    }

    /// The day that ends exactly at the Unix time `secs` (23:59:59 GMT), or
    /// `None` for any other time. Only such a `notAfter` can be written as a
    /// format-0 date.
    ///
    /// ```
    /// use collectssl::Date;
    /// assert_eq!(Date::from_end_unix(1_084_492_799), Date::new(2004, 5, 13));
    /// assert_eq!(Date::from_end_unix(1_084_492_800), None);
    /// ```
    pub fn from_end_unix(secs: i64) -> Option<Date> {
        if secs.rem_euclid(DAY) != LAST_SECOND {
            return None;
        }
        Self::from_unix(secs)
    }

    /// The Unix time at which the day starts, 00:00:00 GMT: a format-1
    /// `notBefore`.
    ///
    /// ```
    /// use collectssl::Date;
    /// assert_eq!(Date::new(1970, 1, 2).unwrap().start_unix(), 86_400);
    /// assert_eq!(Date::MIN.start_unix(), -62_135_596_800);
    /// ```
    pub fn start_unix(&self) -> i64 {
        // Within MIN_DAYS..=MAX_DAYS days, far from overflow.
        let secs = self.unix_days().checked_mul(DAY);
        debug_assert!(secs.is_some(), "{self:?} overflows");
        secs.unwrap_or(i64::MIN)
    }

    /// The Unix time of the day's last second, 23:59:59 GMT: a format-1
    /// `notAfter`.
    ///
    /// ```
    /// use collectssl::Date;
    /// assert_eq!(Date::new(1970, 1, 1).unwrap().end_unix(), 86_399);
    /// ```
    pub fn end_unix(&self) -> i64 {
        // Within MIN_DAYS..=MAX_DAYS days, far from overflow.
        let secs = self.start_unix().checked_add(LAST_SECOND);
        debug_assert!(secs.is_some(), "{self:?} overflows");
        secs.unwrap_or(i64::MAX)
    }
}

/// Whether `year` is a leap year of the Gregorian calendar.
const fn is_leap_year(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

/// The number of days of `month` in `year`, 0 for a month that is not 1–12.
const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a calendar date (H. Hinnant's `days_from_civil`:
/// years counted from March, in 400-year eras, without a loop).
fn days_from_civil(year: u16, month: u8, day: u8) -> Option<i64> {
    // 32-bit arithmetic is enough for years 1..=9999, and keeps 64-bit
    // division (a library call on 32-bit targets) off the parsing path.
    let (month, day) = (i32::from(month), i32::from(day));
    // The year counted from March: January and February belong to the year before.
    let year = i32::from(year).checked_sub(i32::from(month <= 2))?;
    let era = year.checked_div_euclid(400)?;
    let year_of_era = year.checked_rem_euclid(400)?; // [0, 399]
    let month_from_march = month.checked_add(9)?.checked_rem(12)?; // [0, 11]
    let day_of_year = month_from_march
        .checked_mul(153)?
        .checked_add(2)?
        .checked_div(5)?
        .checked_add(day)?
        .checked_sub(1)?; // [0, 365]
    let day_of_era = year_of_era
        .checked_mul(365)?
        .checked_add(year_of_era.checked_div(4)?)?
        .checked_sub(year_of_era.checked_div(100)?)?
        .checked_add(day_of_year)?; // [0, 146096]
    let days = era
        .checked_mul(i32::try_from(ERA_DAYS).ok()?)?
        .checked_add(day_of_era)?;
    i64::from(days).checked_sub(EPOCH_SHIFT)
}

/// The calendar date of a day count since 1970-01-01 (H. Hinnant's
/// `civil_from_days`), `None` if the year does not fit a `u16`.
fn civil_from_days(days: i64) -> Option<Date> {
    let days = days.checked_add(EPOCH_SHIFT)?;
    let era = days.checked_div_euclid(ERA_DAYS)?;
    let day_of_era = days.checked_rem_euclid(ERA_DAYS)?; // [0, 146096]
    let year_of_era = day_of_era
        .checked_sub(day_of_era.checked_div(1460)?)?
        .checked_add(day_of_era.checked_div(36_524)?)?
        .checked_sub(day_of_era.checked_div(146_096)?)?
        .checked_div(365)?; // [0, 399]
    let day_of_year = day_of_era.checked_sub(
        year_of_era
            .checked_mul(365)?
            .checked_add(year_of_era.checked_div(4)?)?
            .checked_sub(year_of_era.checked_div(100)?)?,
    )?; // [0, 365]
    let month_from_march = day_of_year
        .checked_mul(5)?
        .checked_add(2)?
        .checked_div(153)?; // [0, 11]
    let day = day_of_year
        .checked_sub(
            month_from_march
                .checked_mul(153)?
                .checked_add(2)?
                .checked_div(5)?,
        )?
        .checked_add(1)?; // [1, 31]
    let month = if month_from_march < 10 {
        month_from_march.checked_add(3)?
    } else {
        month_from_march.checked_sub(9)?
    }; // [1, 12]
    let year = era
        .checked_mul(400)?
        .checked_add(year_of_era)?
        .checked_add(i64::from(month <= 2))?;
    Date::new(
        u16::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

/// Exactly `N` ASCII digits, as a number.
fn digits<const N: usize>(input: &[u8]) -> IResult<&[u8], u16> {
    // At most four digits: always a `u16`.
    map_opt(
        take_while_m_n(N, N, |b: u8| b.is_ascii_digit()),
        |ds: &[u8]| {
            ds.iter().try_fold(0u16, |n, d| {
                n.checked_mul(10)?
                    .checked_add(u16::from(d.checked_sub(b'0')?))
            })
        },
    )
    .parse(input)
}

/// `date = 2DIGIT "/" 2DIGIT "/" 4DIGIT` (day, month, year), a day of the
/// calendar; fails at the start of the date when the numbers are no date.
pub(crate) fn date(input: &[u8]) -> IResult<&[u8], Date> {
    map_opt(
        (
            digits::<2>,
            tag(&b"/"[..]),
            digits::<2>,
            tag(&b"/"[..]),
            digits::<4>,
        ),
        |(day, _, month, _, year)| {
            Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
        },
    )
    .parse(input)
}

/// One date that must fill `input`, with errors at their offset in `input`.
fn whole_date(input: &[u8]) -> Result<Date, Error> {
    whole(input, ErrorKind::InvalidDate, date)
}

/// `validity-line = date SP date`: Not Before and Not After (spec section
/// 2.2.2), the whole line and nothing else. An error is
/// [`ErrorKind::InvalidDate`] at the offset where the line stops being one.
pub(crate) fn validity_line(line: &[u8]) -> Result<(Date, Date), Error> {
    /// `DD/MM/YYYY`
    const DATE_LEN: usize = 10;
    /// Where the second date starts, after the space.
    const SECOND_AT: usize = 11;
    let (first, rest) = line.split_at(DATE_LEN.min(line.len()));
    let not_before = whole_date(first)?;
    let second = match rest.split_first() {
        Some((b' ', second)) => second,
        _ => return Err(Error::new(ErrorKind::InvalidDate, DATE_LEN)),
    };
    let not_after = whole_date(second).map_err(|e| e.shifted(SECOND_AT))?;
    Ok((not_before, not_after))
}

impl FromStr for Date {
    type Err = Error;

    /// Parses `DD/MM/YYYY` exactly, the whole string.
    fn from_str(s: &str) -> Result<Date, Error> {
        whole_date(s.as_bytes())
    }
}

impl fmt::Display for Date {
    /// `DD/MM/YYYY`, as the format-0 validity line writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Date {
    /// The wire text, `DD/MM/YYYY`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn calendar_checks() {
        assert_eq!(Date::new(2023, 2, 28).map(|d| d.day()), Some(28));
        assert_eq!(Date::new(2023, 2, 29), None);
        assert!(Date::new(2400, 2, 29).is_some());
        assert_eq!(Date::new(2100, 2, 29), None);
        assert_eq!(Date::new(2023, 13, 1), None);
        assert_eq!(Date::new(2023, 0, 1), None);
        assert_eq!(Date::new(2023, 1, 0), None);
        assert_eq!(Date::new(2023, 1, 32), None);
        assert_eq!(Date::new(10_000, 1, 1), None);
        assert!(Date::new(9999, 12, 31).is_some());
    }

    #[test]
    fn known_days() {
        for (y, m, d, days) in [
            (1970, 1, 1, 0),
            (1970, 3, 1, 59),
            (1972, 3, 1, 790),
            (2000, 1, 1, 10_957),
            (2000, 2, 29, 11_016),
            (2003, 5, 14, 12_186),
            (2038, 1, 19, 24_855),
            (1, 1, 1, -719_162),
            (9999, 12, 31, 2_932_896),
        ] {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(date.unix_days(), days, "{date}");
            assert_eq!(Date::from_unix_days(days), Some(date));
        }
        assert_eq!(Date::from_unix_days(-719_163), None);
        assert_eq!(Date::from_unix_days(2_932_897), None);
    }

    #[test]
    fn every_day_round_trips_and_follows_the_one_before() {
        assert_eq!(
            (Date::MIN.unix_days(), Date::MAX.unix_days()),
            (MIN_DAYS, MAX_DAYS)
        );
        let mut previous = Date::MIN;
        for days in MIN_DAYS + 1..=MAX_DAYS {
            let date = Date::from_unix_days(days).unwrap();
            let (y, m, d) = (previous.year, previous.month, previous.day);
            let expected = Date::new(y, m, d + 1)
                .or(Date::new(y, m + 1, 1))
                .or(Date::new(y + 1, 1, 1))
                .unwrap();
            assert_eq!(date, expected);
            assert_eq!(date.unix_days(), days);
            previous = date;
        }
        assert_eq!(previous, Date::MAX);
    }

    #[test]
    fn unix_seconds_both_ways() {
        let d = Date::new(2004, 5, 13).unwrap();
        assert_eq!(d.start_unix(), 1_084_406_400);
        assert_eq!(d.end_unix(), 1_084_492_799);
        assert_eq!(Date::from_unix(d.start_unix()), Some(d));
        assert_eq!(Date::from_unix(d.end_unix()), Some(d));
        assert_eq!(Date::from_start_unix(d.start_unix()), Some(d));
        assert_eq!(Date::from_end_unix(d.end_unix()), Some(d));
        assert_eq!(Date::from_end_unix(d.start_unix()), None);
        assert_eq!(Date::from_start_unix(d.end_unix()), None);
        assert_eq!(Date::from_unix(-86_400), Date::new(1969, 12, 31));
        assert_eq!(Date::from_unix(-86_401), Date::new(1969, 12, 30));
        assert_eq!(Date::MAX.end_unix(), 253_402_300_799);
        assert_eq!(Date::from_unix(253_402_300_800), None);
        for secs in [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX - 1, i64::MAX] {
            let _ = (Date::from_unix(secs), Date::from_start_unix(secs));
            let _ = (Date::from_end_unix(secs), Date::from_unix_days(secs));
        }
    }

    #[test]
    fn date_rule() {
        let (rest, d) = date(b"29/02/2024 x").unwrap();
        assert_eq!((rest, d), (&b" x"[..], Date::new(2024, 2, 29).unwrap()));
        for bad in [
            &b"1/05/2003"[..],
            b"01/5/2003",
            b"01/05/03",
            b"01-05-2003",
            b"+1/05/2003",
            b"31/04/2003",
            b"00/01/2003",
            b"01/01/0000",
            b"",
        ] {
            assert!(date(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn from_str_locates_errors() {
        assert_eq!("01/01/1970".parse::<Date>().unwrap().unix_days(), 0);
        for (s, at) in [
            ("01/01/19700", 10),
            ("01/01/197", 6),
            ("31/02/2000", 0),
            ("01/13/2000", 0),
            ("1/01/2000", 0),
            ("01.01/2000", 2),
            ("", 0),
        ] {
            let e = s.parse::<Date>().unwrap_err();
            assert_eq!(
                (e.kind(), e.offset()),
                (ErrorKind::InvalidDate, Some(at)),
                "{s:?}"
            );
        }
    }

    #[test]
    fn validity_line_is_two_dates_and_one_space() {
        let (a, b) = validity_line(b"14/05/2003 13/05/2004").unwrap();
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("14/05/2003".into(), "13/05/2004".into())
        );
        assert_eq!(a.start_unix(), 1_052_870_400);
        assert_eq!(b.end_unix(), 1_084_492_799);
        for (line, at) in [
            (&b"14/05/2003  13/05/2004"[..], 11),
            (b"14/05/2003 13/05/2004 ", 21),
            (b"14/05/2003 13/05/2004\r", 21),
            (b"14/05/2003\t13/05/2004", 10),
            (b"14/05/2003", 10),
            (b"14/05/2003 ", 11),
            (b"14/05/200313/05/2004", 10),
            (b"32/05/2003 13/05/2004", 0),
            (b"14/05/2003 29/02/2003", 11),
            (b"14/05/2003 13/05/04", 17),
            (b" 14/05/2003 13/05/2004", 0),
            (b"", 0),
        ] {
            let e = validity_line(line).unwrap_err();
            assert_eq!(
                (e.kind(), e.offset()),
                (ErrorKind::InvalidDate, Some(at)),
                "{:?}",
                core::str::from_utf8(line)
            );
        }
    }

    #[test]
    fn display_pads() {
        assert_eq!(Date::new(5, 1, 2).unwrap().to_string(), "02/01/0005");
        assert_eq!(
            format!("{:?}", Date::MIN),
            "Date { year: 1, month: 1, day: 1 }"
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serializes_as_wire_text() {
        let d = Date::new(2003, 5, 14).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"14/05/2003\"");
    }

    proptest::proptest! {
        #[test]
        fn any_time_maps_to_its_day(secs in proptest::prop_oneof![
            proptest::num::i64::ANY,
            -62_135_596_900i64..=253_402_300_900,
        ]) {
            if let Some(date) = Date::from_unix(secs) {
                proptest::prop_assert!(date.start_unix() <= secs && secs <= date.end_unix());
                proptest::prop_assert_eq!(Date::from_unix_days(date.unix_days()), Some(date));
                let line = format!("{date} {date}");
                proptest::prop_assert_eq!(validity_line(line.as_bytes()), Ok((date, date)));
            } else {
                proptest::prop_assert!(secs < Date::MIN.start_unix() || secs > Date::MAX.end_unix());
            }
        }

        #[test]
        fn any_line_is_parsed_or_refused_without_panic(line in proptest::collection::vec(proptest::num::u8::ANY, 0..32)) {
            if let Ok((a, b)) = validity_line(&line) {
                let shown = format!("{a} {b}");
                proptest::prop_assert_eq!(shown.as_bytes(), &line[..]);
            }
        }
    }
}
