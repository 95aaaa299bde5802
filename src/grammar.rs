//! What the grammar rules share: the result type of a rule, and the one
//! way from nom's error to the crate's [`Error`] ([`error`]), at the byte
//! offset where the input stops fitting the rule. The values' rules and
//! the DER reader (`container::der`) both go through it.
//!
//! Each rule is one function that reads bytes with nom and has its ABNF in
//! its doc comment (as [`crate::date`] has `date = 2DIGIT "/" 2DIGIT "/"
//! 4DIGIT`). A rule returns the rest of its input; [`whole`] runs it over
//! a whole value (and `text::whole` over the decoded bytes of a short
//! form-encoded text, with errors at raw offsets).

use nom::Parser;

use crate::error::{Error, ErrorKind};

/// What a rule returns: the rest of its input and the value, or nom's
/// error, which holds the input where the rule failed.
pub(crate) type Parsed<'a, O> = nom::IResult<&'a [u8], O>;

/// Where a rule run over `input` failed, and nom's reason: at the input
/// nom's error holds. The rules read complete input, so a rule that
/// wants more (nom's `Incomplete`) has reached the end: nom's `Eof`.
fn failure<'a>(
    input: &'a [u8],
    e: nom::Err<nom::error::Error<&'a [u8]>>,
) -> (usize, nom::error::ErrorKind) {
    match e {
        nom::Err::Error(e) | nom::Err::Failure(e) => (offset_of(input, e.input), e.code),
        nom::Err::Incomplete(_) => (input.len(), nom::error::ErrorKind::Eof),
    }
}

/// The offset in `input` of `rest`, a tail of it.
fn offset_of(input: &[u8], rest: &[u8]) -> usize {
    input.len().saturating_sub(rest.len())
}

/// nom's error `e` from a rule run over `input`, as the crate's: at the
/// offset in `input` where the rule failed, of the kind `kind_of` gives
/// for nom's reason. The one way from nom's errors to the crate's.
pub(crate) fn error<'a>(
    input: &'a [u8],
    e: nom::Err<nom::error::Error<&'a [u8]>>,
    kind_of: impl FnOnce(nom::error::ErrorKind) -> ErrorKind,
) -> Error {
    let (at, reason) = failure(input, e);
    Error::new(kind_of(reason), at)
}

/// `rule` over all of `input`: the value, or the offset in `input` where
/// it stops fitting (where the rule failed, or the first byte it left).
pub(crate) fn fitting<'a, O>(
    input: &'a [u8],
    mut rule: impl Parser<&'a [u8], Output = O, Error = nom::error::Error<&'a [u8]>>,
) -> Result<O, usize> {
    match rule.parse(input) {
        Ok(([], value)) => Ok(value),
        Ok((rest, _)) => Err(offset_of(input, rest)),
        Err(e) => Err(failure(input, e).0),
    }
}

/// `rule` over all of `input`, or an error of `kind` at the offset where
/// the input stops fitting it (the length when the input ends too early).
pub(crate) fn whole<'a, O>(
    input: &'a [u8],
    kind: ErrorKind,
    rule: impl Parser<&'a [u8], Output = O, Error = nom::error::Error<&'a [u8]>>,
) -> Result<O, Error> {
    fitting(input, rule).map_err(|at| Error::new(kind, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    use nom::bytes::complete::tag;
    use nom::number::complete::u8 as byte;

    /// nom's reason, as a rule that tells an early end apart would read it.
    fn end_or_number(reason: nom::error::ErrorKind) -> ErrorKind {
        match reason {
            nom::error::ErrorKind::Eof => ErrorKind::UnexpectedEnd,
            _ => ErrorKind::InvalidNumber,
        }
    }

    #[test]
    fn one_mapping_locates_and_names_the_failure() {
        let input = b"abX";
        let e = tag::<_, _, nom::error::Error<&[u8]>>(&b"abc"[..])
            .parse(&input[..])
            .unwrap_err();
        let e = error(input, e, end_or_number);
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidNumber, Some(0)));

        let input = b"ab";
        let e = (byte, byte, byte).parse(&input[..]).unwrap_err();
        let e = error(input, e, end_or_number);
        assert_eq!((e.kind(), e.offset()), (ErrorKind::UnexpectedEnd, Some(2)));

        // A rule that wants more has reached the end.
        let more = nom::Err::Incomplete(nom::Needed::Unknown);
        let e = error(b"abc", more, end_or_number);
        assert_eq!((e.kind(), e.offset()), (ErrorKind::UnexpectedEnd, Some(3)));
        assert_eq!(fitting(b"ab", (byte, byte, byte)), Err(2));
    }
}
