//! Decimal integers: one rule for every integer on the wire, the request's
//! numbers and codes as much as the responses' status line, status
//! details, format 1's integer values and the CAA line's `Error 'N'`.

use nom::Parser as _;
use nom::bytes::complete::tag;
use nom::combinator::{map_opt, opt};

use crate::grammar::{Parsed, fitting};

/// Digits read so far: their value and how many were written, leading
/// zeros included (a `certificateID` is limited in digits, not in value).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Digits {
    /// The value, never wrapped.
    pub(crate) value: u64,
    /// How many digits were written.
    pub(crate) count: usize,
}

impl Digits {
    /// [`digits`] continuing these: for digits that arrive in pieces, as
    /// the decoded runs of a form value do.
    pub(crate) fn then(self, input: &[u8]) -> Parsed<'_, Self> {
        // `digit1` and a fold, in one pass: the digits are read as they
        // are found.
        let fail = |kind| Err(nom::Err::Error(nom::error::Error::new(input, kind)));
        let (mut read, mut rest) = (self, input);
        while let [digit @ b'0'..=b'9', after @ ..] = rest {
            let Some(more) = read.push(*digit) else {
                return fail(nom::error::ErrorKind::MapOpt);
            };
            (read, rest) = (more, after);
        }
        if rest.len() == input.len() {
            return fail(nom::error::ErrorKind::Digit);
        }
        Ok((rest, read))
    }

    /// One more ASCII digit, or `None` when the value leaves `u64`.
    fn push(self, digit: u8) -> Option<Self> {
        Some(Self {
            value: self
                .value
                .checked_mul(10)?
                .checked_add(u64::from(digit.wrapping_sub(b'0')))?,
            count: self.count.checked_add(1)?,
        })
    }
}

/// `digits = 1*DIGIT` as a `u64`: plain ASCII digits, leading zeros
/// included, no sign and no space; a value outside `u64` is no number
/// (never wrapped). The one integer reader: the request's numbers and
/// codes are `digits`, and every integer of a response is a [`decimal`].
pub(crate) fn digits(input: &[u8]) -> Parsed<'_, Digits> {
    Digits::default().then(input)
}

/// `decimal = ["-"] digits` as an `i64`: a value outside `i64` is no
/// number (never wrapped).
pub(crate) fn decimal(input: &[u8]) -> Parsed<'_, i64> {
    map_opt(
        (opt(tag(&b"-"[..])), digits),
        |(minus, magnitude): (Option<&[u8]>, Digits)| match minus {
            // Through the unsigned magnitude, so that `i64::MIN` reads back.
            Some(_) => 0i64.checked_sub_unsigned(magnitude.value),
            None => i64::try_from(magnitude.value).ok(),
        },
    )
    .parse(input)
}

/// A [`decimal`] that is the whole of `input`.
pub(crate) fn integer(input: &[u8]) -> Option<i64> {
    fitting(input, decimal).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_and_their_limits() {
        for (input, want) in [
            (&b"0"[..], Some(0)),
            (b"007", Some(7)),
            (b"-16", Some(-16)),
            (b"-0", Some(0)),
            (b"9223372036854775807", Some(i64::MAX)),
            (b"-9223372036854775808", Some(i64::MIN)),
            (b"9223372036854775808", None),
            (b"-9223372036854775809", None),
            (b"", None),
            (b"-", None),
            (b"+1", None),
            (b" 1", None),
            (b"1 ", None),
            (b"--1", None),
            (b"1-", None),
        ] {
            assert_eq!(integer(input), want, "{input:?}");
        }
    }

    #[test]
    fn digits_count_leading_zeros_and_never_wrap() {
        let read = |input: &[u8]| fitting(input, digits).ok().map(|d| (d.value, d.count));
        assert_eq!(read(b"0"), Some((0, 1)));
        assert_eq!(read(b"0007"), Some((7, 4)));
        assert_eq!(read(b"18446744073709551615"), Some((u64::MAX, 20)));
        assert_eq!(read(b"018446744073709551615"), Some((u64::MAX, 21)));
        assert_eq!(read(b"18446744073709551616"), None);
        for bad in [
            &b""[..],
            b"-1",
            b"+1",
            b" 1",
            b"1 ",
            b"1.0",
            b"x",
            "１".as_bytes(),
        ] {
            assert_eq!(read(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn digits_in_pieces_read_as_one_run() {
        let whole = fitting(b"00123", digits).ok();
        let pieces = [&b"0"[..], b"01", b"2", b"3"]
            .into_iter()
            .try_fold(Digits::default(), |read, piece| {
                fitting(piece, |i| read.then(i)).ok()
            });
        assert_eq!(pieces, whole);
        assert_eq!(
            fitting(b"1", |i| Digits {
                value: u64::MAX,
                count: 20
            }
            .then(i))
            .ok(),
            None
        );
    }
}
