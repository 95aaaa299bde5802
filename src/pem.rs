//! PEM armour (RFC 7468, and the spaced form the spec prints): finding a
//! block in a format-0 body. Writing one is [`crate::Blob::write_pem`]'s.

use nom::Parser as _;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::combinator::recognize;
use nom::multi::many0_count;
use nom::sequence::delimited;

use crate::blob::Blob;
use crate::error::{Error, ErrorKind};
use crate::form::find_end;
use crate::grammar::{Parsed, fitting};

/// A PEM block found in a body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Block<'a> {
    /// The armor label, e.g. `CERTIFICATE`.
    pub(crate) label: &'a [u8],
    /// The base64 between the armor lines.
    pub(crate) blob: Blob<'a>,
    /// Offset just past the END line and its line break.
    pub(crate) end: usize,
}

/// The line starting at `pos`, without its LF or CRLF, and the offset of
/// the next line (the body's length after the last line).
///
/// Callers pass where a line starts, so `pos` is at most the body's
/// length; past it (a bug) the line is empty, and the next at the end.
pub(crate) fn line_at(body: &[u8], pos: usize) -> (&[u8], usize) {
    let rest = body.get(pos..);
    debug_assert!(rest.is_some(), "a line at {pos}, past {} bytes", body.len());
    let (line, after) = split_line(rest.unwrap_or_default());
    (line, tail_offset(body, after))
}

/// What follows a line break at the start of `after` (LF or CRLF).
#[inline(always)]
pub(crate) fn after_break(after: &[u8]) -> Option<&[u8]> {
    match after {
        [b'\n', tail @ ..] | [b'\r', b'\n', tail @ ..] => Some(tail),
        _ => None,
    }
}

/// What follows `line` and its line break at the start of `rest`: an
/// armour line almost every body has, found without a search for its end
/// (a tenth of the format-0 parse). On 64-bit targets only: on a
/// microcontroller the search finds it too, and the flash is dearer.
fn known_line<'r, const N: usize>(rest: &'r [u8], line: &[u8; N]) -> Option<&'r [u8]> {
    if cfg!(not(target_pointer_width = "64")) {
        return None;
    }
    let (start, after) = rest.split_first_chunk::<N>()?;
    if start != line {
        return None;
    }
    after_break(after)
}

/// The first line of `rest` without its LF or CRLF, and what follows it.
#[cfg_attr(target_pointer_width = "64", inline(always))]
fn split_line(rest: &[u8]) -> (&[u8], &[u8]) {
    let (line, after) = match line_break(rest) {
        Some(i) => split_around(rest, i),
        None => (rest, &[][..]),
    };
    (line.strip_suffix(b"\r").unwrap_or(line), after)
}

/// The offset of the first LF in `bytes`: most lines a body is read by
/// are short (status, dates, details; the base64 is skipped with one
/// search for its END line's dash), so they are searched a word at a time.
fn line_break(bytes: &[u8]) -> Option<usize> {
    find_end(bytes, b'\n', None)
}

/// The bytes before and after byte `i` of `bytes`, which has it (an index
/// `memchr` found).
fn split_around(bytes: &[u8], i: usize) -> (&[u8], &[u8]) {
    let (before, from) = split_found(bytes, i);
    (before, from.split_first().map_or(from, |(_, after)| after))
}

/// `bytes` split before byte `i`, which it has (an index `memchr` found).
fn split_found(bytes: &[u8], i: usize) -> (&[u8], &[u8]) {
    let split = bytes.split_at_checked(i);
    debug_assert!(
        split.is_some_and(|(_, from)| !from.is_empty()),
        "no byte {i} in {} bytes",
        bytes.len()
    );
    split.unwrap_or((bytes, &[]))
}

/// Where `tail`, the end of `body`, starts in it.
fn tail_offset(body: &[u8], tail: &[u8]) -> usize {
    let offset = body.len().checked_sub(tail.len());
    debug_assert!(offset.is_some(), "a tail longer than its body");
    offset.unwrap_or(body.len())
}

/// The PEM block whose BEGIN line starts at `pos`: the BEGIN line, base64
/// lines of any width, and the END line with the same label.
///
/// Base64 has no `-`, so the END line is found with one `memchr`; the
/// base64 itself is checked when the blob is decoded.
pub(crate) fn block(body: &[u8], pos: usize) -> Result<Block<'_>, Error> {
    let pem_error = |at: usize| Error::new(ErrorKind::InvalidPem, at);
    let start = body.get(pos..).ok_or(pem_error(pos))?;
    let (label, rest) = match known_line(start, BEGIN_CERTIFICATE) {
        Some(rest) => (CERTIFICATE_BYTES, rest),
        None => {
            let (begin, rest) = split_line(start);
            (begin_line(begin).ok_or(pem_error(pos))?, rest)
        }
    };
    let content_start = tail_offset(body, rest);
    let dash =
        memchr::memchr(b'-', rest).ok_or(Error::new(ErrorKind::UnexpectedEnd, body.len()))?;
    let (content, armor) = split_found(rest, dash);
    let end_start = tail_offset(body, armor);
    // The END line starts a line of its own, after at least one line.
    if !content.ends_with(b"\n") {
        return Err(pem_error(end_start));
    }
    let (end, after) = match known_line(armor, END_CERTIFICATE) {
        Some(after) => (Some(CERTIFICATE_BYTES), after),
        None => {
            let (end, after) = split_line(armor);
            (end_line(end), after)
        }
    };
    // Both labels of a certificate are the one `CERTIFICATE` the fast paths
    // give: the same slice, told apart without a call to compare bytes.
    if !end.is_some_and(|end| core::ptr::eq(end, label) || end == label) {
        return Err(pem_error(end_start));
    }
    Ok(Block {
        label,
        blob: Blob::base64(content).at(content_start),
        end: tail_offset(body, after),
    })
}

/// The label almost every block has.
pub(crate) const CERTIFICATE: &str = "CERTIFICATE";
/// Its bytes: the one slice the fast paths give as the label.
const CERTIFICATE_BYTES: &[u8] = CERTIFICATE.as_bytes();

/// Its armour lines, as RFC 7468 writes them.
const BEGIN_CERTIFICATE: &[u8; 27] = b"-----BEGIN CERTIFICATE-----";
const END_CERTIFICATE: &[u8; 25] = b"-----END CERTIFICATE-----";

/// `-----BEGIN LABEL-----` (RFC 7468), or the spaced form the spec prints,
/// `----- BEGIN LABEL -----`: the whole line, its label or `None`.
pub(crate) fn begin_line(line: &[u8]) -> Option<&[u8]> {
    armor_line(line, b"BEGIN", BEGIN_CERTIFICATE)
}

/// `-----END LABEL-----`, or `----- END LABEL -----`: the whole line, its
/// label or `None`.
pub(crate) fn end_line(line: &[u8]) -> Option<&[u8]> {
    armor_line(line, b"END", END_CERTIFICATE)
}

/// The [`armor`] rule over the whole `line`, after a fast path for the
/// armour almost every body has, `certificate`: the line
/// `-----BEGIN CERTIFICATE-----` or its END line. Each certificate has two;
/// the rule on them cost a sixth of the instructions of parsing the sample
/// body (callgrind), and the whole line compared as one array is a few
/// word compares without a call. A test holds the fast path to the rule on
/// arbitrary lines.
fn armor_line<'l, const N: usize>(
    line: &'l [u8],
    word: &'static [u8],
    certificate: &[u8; N],
) -> Option<&'l [u8]> {
    if <&[u8; N]>::try_from(line).is_ok_and(|line| line == certificate) {
        return Some(CERTIFICATE_BYTES);
    }
    fitting(line, |input| armor(input, word)).ok()
}

/// ```text
/// armor(word) = "-----" word SP label "-----"     ; RFC 7468
///             / "----- " word SP label " -----"   ; as the spec prints it
/// ```
///
/// `word` is `BEGIN` or `END`; the value is the label.
fn armor<'l>(input: &'l [u8], word: &'static [u8]) -> Parsed<'l, &'l [u8]> {
    alt((
        delimited(
            (tag(&b"-----"[..]), tag(word), tag(&b" "[..])),
            label,
            tag(&b"-----"[..]),
        ),
        delimited(
            (tag(&b"----- "[..]), tag(word), tag(&b" "[..])),
            label,
            tag(&b" -----"[..]),
        ),
    ))
    .parse(input)
}

/// `label = label-word *(SP label-word)`: upper-case words separated by
/// single spaces, e.g. `NETSCAPE CERTIFICATE SEQUENCE`.
fn label(input: &[u8]) -> Parsed<'_, &[u8]> {
    recognize((label_word, many0_count((tag(&b" "[..]), label_word)))).parse(input)
}

/// `label-word = 1*(%x41-5A / DIGIT)`: upper-case letters and digits.
fn label_word(input: &[u8]) -> Parsed<'_, &[u8]> {
    take_while1(|b: u8| b.is_ascii_uppercase() || b.is_ascii_digit()).parse(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn armor_lines_both_spellings() {
        assert_eq!(
            begin_line(b"-----BEGIN CERTIFICATE-----"),
            Some(&b"CERTIFICATE"[..])
        );
        assert_eq!(
            begin_line(b"----- BEGIN CERTIFICATE -----"),
            Some(&b"CERTIFICATE"[..])
        );
        assert_eq!(end_line(b"-----END PKCS7-----"), Some(&b"PKCS7"[..]));
        assert_eq!(
            end_line(b"----- END NETSCAPE CERTIFICATE SEQUENCE -----"),
            Some(&b"NETSCAPE CERTIFICATE SEQUENCE"[..])
        );
        for bad in [
            &b"-----BEGIN CERTIFICATE----"[..],
            b"-----BEGIN  CERTIFICATE-----",
            b"-----BEGIN certificate-----",
            b"-----BEGIN -----",
            b"----- BEGIN CERTIFICATE-----",
            b"-----END CERTIFICATE-----",
            b"-----BEGIN CERTIFICATE----- ",
        ] {
            assert_eq!(begin_line(bad), None, "{:?}", core::str::from_utf8(bad));
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_path_reads_as_the_rule(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "-----", "----- ", " -----", "BEGIN", "END", " ", "CERTIFICATE", "PKCS7",
                "A", "9", "a", "-", "\r", "CERTIFICATES",
            ][..]), 0..8),
        ) {
            let line = parts.concat();
            let read = [begin_line(line.as_bytes()), end_line(line.as_bytes())];
            for (word, read) in [&b"BEGIN"[..], b"END"].into_iter().zip(read) {
                let rule = fitting(line.as_bytes(), |input| armor(input, word)).ok();
                proptest::prop_assert_eq!(read, rule, "{:?}", line);
            }
        }

        #[test]
        fn line_breaks_are_found_as_memchr_finds_them(
            filler in proptest::collection::vec(
                proptest::sample::select(&[b'A', b'\r', 0x0B, 0x8A, 0x09, 0xFF][..]),
                0..80,
            ),
            breaks in proptest::collection::vec(0usize..80, 0..3),
        ) {
            let mut bytes = filler;
            for at in breaks {
                if let Some(b) = bytes.get_mut(at) {
                    *b = b'\n';
                }
            }
            // Every start, so that the break falls in every lane and word.
            for start in 0..=bytes.len() {
                let rest = &bytes[start..];
                proptest::prop_assert_eq!(line_break(rest), memchr::memchr(b'\n', rest));
            }
        }
    }

    #[test]
    fn blocks_are_found_and_checked() {
        let body =
            b"x\n-----BEGIN CERTIFICATE-----\r\nAAEC\r\nAw==\r\n-----END CERTIFICATE-----\r\nnext";
        let b = block(body, 2).unwrap();
        assert_eq!(b.label, b"CERTIFICATE");
        assert_eq!(b.blob.offset(), 31);
        assert_eq!(b.blob, Blob::binary(&[0, 1, 2, 3]));
        assert_eq!(&body[b.end..], b"next");

        let err = |body: &[u8]| block(body, 0).unwrap_err();
        // Truncated: no END line at all.
        let e = err(b"-----BEGIN CERTIFICATE-----\nAAEC\n");
        assert_eq!((e.kind(), e.offset()), (ErrorKind::UnexpectedEnd, Some(33)));
        // Wrong label, empty content, END not at a line start.
        let e = err(b"-----BEGIN CERTIFICATE-----\nAAEC\n-----END PKCS7-----\n");
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidPem, Some(33)));
        let e = err(b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidPem, Some(28)));
        let e = err(b"-----BEGIN CERTIFICATE-----\nAAEC-----END CERTIFICATE-----\n");
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidPem, Some(32)));
        let e = err(b"BEGIN CERTIFICATE\n");
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidPem, Some(0)));
    }

    /// The certificate armour lines, found without a search when a line
    /// break follows them, read as the searched lines are.
    #[test]
    fn known_armour_lines_read_as_any_other() {
        let (begin, end) = (&BEGIN_CERTIFICATE[..], &END_CERTIFICATE[..]);
        let spaced_begin = &b"----- BEGIN CERTIFICATE -----"[..];
        let spaced_end = &b"----- END CERTIFICATE -----"[..];
        for (begin, end) in [(begin, end), (spaced_begin, end), (begin, spaced_end)] {
            // The END line ends the body, or a line follows it.
            for (begin_break, end_break, after) in [
                ("\n", "\n", "x"),
                ("\r\n", "\r\n", "x"),
                ("\n", "", ""),
                ("\r\n", "\r\n", ""),
            ] {
                let body = [
                    begin,
                    begin_break.as_bytes(),
                    b"AAEC\n",
                    end,
                    end_break.as_bytes(),
                    after.as_bytes(),
                ]
                .concat();
                let b = block(&body, 0).unwrap();
                assert_eq!(b.label, b"CERTIFICATE");
                assert_eq!(b.blob.offset(), begin.len() + begin_break.len());
                assert_eq!(b.blob.raw(), b"AAEC\n");
                assert_eq!(&body[b.end..], after.as_bytes(), "{body:?}");
            }
        }
        // A CR before the CRLF is part of the line, which then is no armour.
        for body in [
            &b"-----BEGIN CERTIFICATE-----\r\r\nAAEC\n-----END CERTIFICATE-----\n"[..],
            b"-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\r\r\n",
            b"-----BEGIN CERTIFICATE-----X\nAAEC\n-----END CERTIFICATE-----\n",
        ] {
            assert_eq!(block(body, 0).unwrap_err().kind(), ErrorKind::InvalidPem);
        }
    }
}
