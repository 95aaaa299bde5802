//! A minimal DER reader: one TLV at a time, borrowed, no recursion.
//!
//! It reads just what the containers need (X.690):
//!
//! ```text
//! tlv        = identifier length value
//! identifier = 1 byte, low tag number form (tag number 0..=30)
//! length     = 0x00..=0x7f                  ; short form
//!            / 0x81..=0x84 1*4(byte)        ; long form, big-endian
//! ```
//!
//! The indefinite length (`0x80`) is BER only and an error, as are longer
//! long forms (no certificate container is 4 GiB). A long form need not be
//! minimal: that leniency costs nothing here, since nothing is re-encoded.
//! Nested values are read by a new [`Reader`] over the value, so the depth
//! is the caller's fixed sequence of calls, never recursion on the input.

use nom::Parser as _;
use nom::bytes::complete::take;
use nom::combinator::verify;
use nom::number::complete::u8 as byte;

use super::cursor::Cursor;
use crate::error::{Error, ErrorKind};
use crate::grammar::{self, Parsed};

/// `SEQUENCE` (universal 16, constructed).
pub(crate) const SEQUENCE: u8 = 0x30;
/// `SET` (universal 17, constructed).
pub(crate) const SET: u8 = 0x31;
/// `INTEGER` (universal 2).
pub(crate) const INTEGER: u8 = 0x02;
/// `BIT STRING` (universal 3, primitive).
pub(crate) const BIT_STRING: u8 = 0x03;
/// `OBJECT IDENTIFIER` (universal 6).
pub(crate) const OID: u8 = 0x06;
/// `[0]`, constructed: explicit, or implicit over a constructed type.
pub(crate) const CONTEXT_0: u8 = 0xa0;
/// `[1]`, constructed.
pub(crate) const CONTEXT_1: u8 = 0xa1;

/// nom's reason as a DER error: bytes missing at the end are an
/// unexpected end; anything else is malformed DER.
fn der_kind(reason: nom::error::ErrorKind) -> ErrorKind {
    match reason {
        nom::error::ErrorKind::Eof => ErrorKind::UnexpectedEnd,
        _ => ErrorKind::InvalidDer,
    }
}

/// `identifier`: one byte in the low tag number form (the high form,
/// tag number 31, is never used by the structures read here).
fn identifier(input: &[u8]) -> Parsed<'_, u8> {
    verify(byte, |tag: &u8| tag & 0x1f != 0x1f).parse(input)
}

/// `length`: the short form, or the long form with one to four bytes.
fn length(input: &[u8]) -> Parsed<'_, usize> {
    let (rest, first) = verify(byte, |b: &u8| *b != 0x80 && *b <= 0x84).parse(input)?;
    if first < 0x80 {
        return Ok((rest, usize::from(first)));
    }
    let (rest, bytes) = take(first & 0x7f).parse(rest)?;
    let value = bytes.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b));
    match usize::try_from(value) {
        Ok(n) => Ok((rest, n)),
        Err(_) => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::TooLarge,
        ))),
    }
}

/// `identifier length`: the tag and the length of the value.
fn header(input: &[u8]) -> Parsed<'_, (u8, usize)> {
    (identifier, length).parse(input)
}

/// One DER value, borrowed, with where it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tlv<'a> {
    /// The identifier byte.
    pub(crate) tag: u8,
    /// The whole encoding: identifier, length and value.
    pub(crate) raw: &'a [u8],
    /// The contents.
    pub(crate) value: &'a [u8],
    /// Offset of the identifier in the outermost input.
    pub(crate) offset: usize,
    /// The whole encoding, at its position.
    encoding: Cursor<'a>,
    /// The contents, at their position.
    contents: Cursor<'a>,
}

impl<'a> Tlv<'a> {
    /// A reader over the contents, e.g. the elements of a `SEQUENCE`.
    pub(crate) const fn reader(&self) -> Reader<'a> {
        Reader {
            cursor: self.contents,
        }
    }

    /// A reader over the whole encoding, to read the value again as
    /// something more specific (a certificate from a container).
    pub(crate) const fn encoding(&self) -> Reader<'a> {
        Reader {
            cursor: self.encoding,
        }
    }

    /// Offset of the contents in the outermost input.
    #[cfg(test)]
    pub(crate) const fn value_offset(&self) -> usize {
        self.contents.position()
    }
}

/// Reads consecutive TLVs with a [`Cursor`], so that every value and
/// every error carries its absolute offset.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reader<'a> {
    cursor: Cursor<'a>,
}

impl<'a> Reader<'a> {
    /// A reader over all of `input`, at offset 0.
    pub(crate) const fn new(input: &'a [u8]) -> Self {
        Self {
            cursor: Cursor::new(input),
        }
    }

    /// No values.
    pub(crate) const EMPTY: Self = Self {
        cursor: Cursor::EMPTY,
    };

    /// Whether nothing is left.
    pub(crate) const fn is_empty(&self) -> bool {
        self.cursor.is_empty()
    }

    /// The identifier of the next value, if any.
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.cursor.peek()
    }

    /// The next value, whatever its tag. On error nothing is consumed.
    pub(crate) fn read(&mut self) -> Result<Tlv<'a>, Error> {
        let start = self.cursor;
        let mut cursor = self.cursor;
        let (after, (tag, len)) = header(cursor.rest())
            .map_err(|e| grammar::error(cursor.rest(), e, der_kind).shifted(cursor.position()))?;
        cursor.advance_to(after);
        // A length past the end: the value is missing from its start.
        let contents = cursor
            .take(len)
            .ok_or(Error::new(ErrorKind::UnexpectedEnd, cursor.position()))?;
        self.cursor = cursor;
        let encoding = start.until(&cursor);
        Ok(Tlv {
            tag,
            raw: encoding.rest(),
            value: contents.rest(),
            offset: start.position(),
            encoding,
            contents,
        })
    }

    /// The next value, which must have `tag`.
    pub(crate) fn expect(&mut self, tag: u8) -> Result<Tlv<'a>, Error> {
        let at = self.cursor.position();
        let found = self.read()?;
        if found.tag == tag {
            Ok(found)
        } else {
            Err(Error::new(ErrorKind::InvalidDer, at))
        }
    }

    /// The next value if it has `tag` (an `OPTIONAL` field), else nothing
    /// is consumed.
    pub(crate) fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, Error> {
        if self.peek_tag() == Some(tag) {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Checks that nothing is left.
    pub(crate) fn finish(&self) -> Result<(), Error> {
        if self.cursor.is_empty() {
            Ok(())
        } else {
            Err(Error::new(ErrorKind::InvalidDer, self.cursor.position()))
        }
    }

    /// The one value left, which must have `tag`: `expect` then `finish`.
    pub(crate) fn only(mut self, tag: u8) -> Result<Tlv<'a>, Error> {
        let found = self.expect(tag)?;
        self.finish()?;
        Ok(found)
    }
}

/// The one value that fills `input` exactly, with `tag`.
pub(crate) fn single(input: &[u8], tag: u8) -> Result<Tlv<'_>, Error> {
    Reader::new(input).only(tag)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    fn err(input: &[u8]) -> (ErrorKind, usize) {
        let e = Reader::new(input).read().unwrap_err();
        (e.kind(), e.offset().expect("a DER error is at a byte"))
    }

    #[test]
    fn short_and_long_lengths() {
        let input = [0x05, 0x00, 0x04, 0x02, 0xaa, 0xbb, 0xff];
        let mut reader = Reader::new(&input);
        reader.read().unwrap();
        let t = reader.read().unwrap();
        assert_eq!(
            (t.tag, t.value, t.offset, t.value_offset()),
            (4, &[0xaa, 0xbb][..], 2, 4)
        );
        assert_eq!(t.raw, &[0x04, 0x02, 0xaa, 0xbb]);

        let mut long = vec![0x30, 0x82, 0x01, 0x00];
        long.extend(core::iter::repeat_n(0u8, 256));
        let t = single(&long, SEQUENCE).unwrap();
        assert_eq!((t.value.len(), t.value_offset()), (256, 4));

        // Non-minimal long forms are accepted (BER leniency).
        let t = single(&[0x02, 0x81, 0x01, 0x07], INTEGER).unwrap();
        assert_eq!(t.value, &[0x07]);
        let t = single(&[0x02, 0x84, 0, 0, 0, 1, 0x07], INTEGER).unwrap();
        assert_eq!(t.value, &[0x07]);
    }

    #[test]
    fn indefinite_and_oversized_lengths_are_invalid() {
        assert_eq!(err(&[0x30, 0x80, 0x00, 0x00]), (ErrorKind::InvalidDer, 1));
        assert_eq!(
            err(&[0x30, 0x85, 0, 0, 0, 0, 1]),
            (ErrorKind::InvalidDer, 1)
        );
        assert_eq!(err(&[0x30, 0xff]), (ErrorKind::InvalidDer, 1));
    }

    #[test]
    fn high_tag_numbers_are_invalid() {
        assert_eq!(err(&[0x1f, 0x01, 0x00]), (ErrorKind::InvalidDer, 0));
        assert_eq!(err(&[0xbf, 0x81, 0x00]), (ErrorKind::InvalidDer, 0));
    }

    #[test]
    fn truncation_is_an_unexpected_end() {
        assert_eq!(err(&[]), (ErrorKind::UnexpectedEnd, 0));
        assert_eq!(err(&[0x30]), (ErrorKind::UnexpectedEnd, 1));
        assert_eq!(err(&[0x30, 0x82, 0x01]), (ErrorKind::UnexpectedEnd, 2));
        // A length past the end: the value is missing from its start.
        assert_eq!(err(&[0x30, 0x03, 0x01]), (ErrorKind::UnexpectedEnd, 2));
        assert_eq!(
            err(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]),
            (ErrorKind::UnexpectedEnd, 6)
        );
    }

    #[test]
    fn offsets_are_absolute_in_nested_readers() {
        // SEQUENCE { INTEGER 5, SEQUENCE { <truncated> } }
        let input = [0x30, 0x07, 0x02, 0x01, 0x05, 0x30, 0x02, 0x04, 0x05];
        let outer = single(&input, SEQUENCE).unwrap();
        let mut r = outer.reader();
        assert_eq!(r.expect(INTEGER).unwrap().value, &[5]);
        let inner = r.expect(SEQUENCE).unwrap();
        r.finish().unwrap();
        let e = inner.reader().read().unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::UnexpectedEnd, Some(9)));
    }

    #[test]
    fn expect_optional_and_finish() {
        let input = [0x02, 0x01, 0x00, 0x31, 0x00];
        let mut r = Reader::new(&input);
        assert!(r.optional(CONTEXT_0).unwrap().is_none());
        assert!(r.optional(INTEGER).unwrap().is_some());
        assert_eq!(r.cursor.position(), 3);
        let e = r.clone().expect(SEQUENCE).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidDer, Some(3)));
        assert_eq!(r.finish().unwrap_err().offset(), Some(3));
        assert!(r.expect(SET).unwrap().value.is_empty());
        assert!(r.is_empty());
        r.finish().unwrap();
        let e = r.expect(SET).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::UnexpectedEnd, Some(5)));
    }

    #[test]
    fn single_rejects_trailing_bytes() {
        let e = single(&[0x30, 0x00, 0x00], SEQUENCE).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidDer, Some(2)));
        let e = single(&[0x31, 0x00], SEQUENCE).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidDer, Some(0)));
    }
}
