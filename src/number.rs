//! Decimal integers as the responses write them: one rule for the status
//! line, the status details, format 1's integer values and the CAA line's
//! `Error 'N'`.

use nom::Parser as _;
use nom::bytes::complete::tag;
use nom::character::complete::digit1;
use nom::combinator::{map_opt, opt};

use crate::grammar::{Parsed, fitting};

/// `decimal = ["-"] 1*DIGIT` as an `i64`: leading zeros are plain digits,
/// and a value outside `i64` is no number (never wrapped).
pub(crate) fn decimal(input: &[u8]) -> Parsed<'_, i64> {
    map_opt(
        (opt(tag(&b"-"[..])), digit1),
        |(minus, digits): (_, &[u8])| {
            let magnitude = digits.iter().try_fold(0u64, |n, &d| {
                n.checked_mul(10)?
                    .checked_add(u64::from(d.wrapping_sub(b'0')))
            })?;
            // Through the unsigned magnitude, so that `i64::MIN` reads back.
            match minus {
                Some(_) => 0i64.checked_sub_unsigned(magnitude),
                None => i64::try_from(magnitude).ok(),
            }
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
}
