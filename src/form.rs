//! `application/x-www-form-urlencoded`: the pair tokenizer, percent decoding
//! and encoding, all streaming over borrowed bytes without allocation.
//!
//! Decoding follows the form rules the API uses: `+` is a space, `%XX`
//! escapes in either case, and a `%` without two hex digits after it is an
//! error (never passed through, so a value cannot mean two things). Encoding
//! is the WHATWG byte serializer: ASCII letters, digits and `*-._` stand for
//! themselves, a space becomes `+`, every other byte becomes `%XX` (upper
//! case). So no encoded value can contain `&`, `=`, `%` or a line break of
//! its own.
//!
//! ```
//! use collectssl::form;
//!
//! let mut buf = [0u8; 32];
//! let n = form::encode(b"a b&c=d", &mut buf).unwrap();
//! assert_eq!(&buf[..n], b"a+b%26c%3Dd");
//!
//! let mut out = [0u8; 32];
//! assert_eq!(form::decode(&buf[..n], &mut out).unwrap(), b"a b&c=d");
//! ```

use core::fmt;

use crate::error::{Error, ErrorKind};

/// Every byte value once, so a decoded byte can be handed out as a
/// `&'static [u8]` of length one.
#[allow(clippy::indexing_slicing)] // evaluated at compile time, in bounds
static BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        #[allow(clippy::cast_possible_truncation)] // i < 256
        {
            t[i] = i as u8;
        }
        i += 1;
    }
    t
};

/// Bytes the encoder leaves as they are: `A-Z a-z 0-9 * - . _`.
const fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_')
}

/// Whether each byte stands for itself in an encoded value
/// ([`is_unreserved`]): one lookup a byte finds the runs that are copied
/// as they are.
#[allow(clippy::indexing_slicing)] // evaluated at compile time, in bounds
static UNRESERVED: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        #[allow(clippy::cast_possible_truncation)] // i < 256
        {
            t[i] = is_unreserved(i as u8);
        }
        i += 1;
    }
    t
};

/// Whether `b` stands for itself, from [`UNRESERVED`].
fn unreserved(b: u8) -> bool {
    // A `u8` indexes every entry: the fallback is never taken.
    UNRESERVED.get(usize::from(b)).copied().unwrap_or(false)
}

/// `%XX` for every byte, upper-case hex.
#[allow(clippy::indexing_slicing)] // evaluated at compile time, in bounds
static ESCAPES: [[u8; 3]; 256] = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut t = [[0u8; 3]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [b'%', HEX[i >> 4], HEX[i & 15]];
        i += 1;
    }
    t
};

fn one_byte(b: u8) -> &'static [u8] {
    // A `u8` indexes every entry: the fallback is never taken.
    BYTES.get(usize::from(b)..=usize::from(b)).unwrap_or(b"%")
}

/// `HEXDIG`, in either case, as its value.
const fn hex_digit(b: u8) -> Option<u8> {
    let digit = b.wrapping_sub(b'0');
    if digit < 10 {
        return Some(digit);
    }
    // ASCII letters differ from their lower case in bit 5 only.
    let letter = (b | 0x20).wrapping_sub(b'a');
    if letter < 6 {
        Some(letter.wrapping_add(10))
    } else {
        None
    }
}

/// `escape = "%" HEXDIG HEXDIG` at the start of `raw`: the byte it stands
/// for, or `None` when `raw` does not start with a whole escape. The one
/// reading of an escape: form values and the form-encoded base64 of
/// certificates both decode through it.
pub(crate) fn escape(raw: &[u8]) -> Option<u8> {
    let [b'%', hi, lo, ..] = *raw else {
        return None;
    };
    Some(hex_digit(hi)? << 4 | hex_digit(lo)?)
}

mod pairs;

pub(crate) use pairs::pairs_from;
pub use pairs::{Pair, Pairs, pairs};

/// A byte `1` in every lane of a `u64`.
const LOW_BITS: u64 = u64::from_le_bytes([1; 8]);
/// The top bit of every lane of a `u64`.
const HIGH_BITS: u64 = u64::from_le_bytes([0x80; 8]);

/// The top bit of each byte of `word` equal to `byte`: exact up to the
/// lowest one (a borrow may set the bits of lanes above it).
pub(crate) const fn lanes_equal(word: u64, byte: u8) -> u64 {
    let diff = word ^ LOW_BITS.wrapping_mul(byte as u64);
    diff.wrapping_sub(LOW_BITS) & !diff & HIGH_BITS
}

/// Parts this long or shorter are searched eight bytes at a time in a
/// `u64`; memchr's SIMD pays off only past them (long values, base64).
const SHORT: usize = 32;

/// The offset of the first `end` (or `or_end`, when given) in `bytes`.
/// Most parts a parser meets (names, numbers, status lines) end within
/// the first words, found without a call; past [`SHORT`] bytes, memchr.
/// Inlined on 64-bit targets, where the bytes fold into the loop; small
/// targets keep one copy for every search.
#[cfg_attr(target_pointer_width = "64", inline(always))]
pub(crate) fn find_end(bytes: &[u8], end: u8, or_end: Option<u8>) -> Option<usize> {
    let (words, tail) = bytes.as_chunks::<8>();
    let mut len = 0usize;
    for word in words.iter().take(SHORT / 8) {
        let word = u64::from_le_bytes(*word);
        let ends = lanes_equal(word, end) | or_end.map_or(0, |b| lanes_equal(word, b));
        if ends != 0 {
            // A lane is eight bits: at most 7 more bytes, within `bytes`.
            return Some(len.wrapping_add((ends.trailing_zeros() / 8) as usize));
        }
        // At most `bytes.len()`.
        len = len.wrapping_add(8);
    }
    if words.len() > SHORT / 8 {
        // The first `len` bytes hold no end.
        let (_, rest) = split(bytes, len);
        let found = match or_end {
            Some(b) => memchr::memchr2(end, b, rest),
            None => memchr::memchr(end, rest),
        };
        return found.map(|at| len.wrapping_add(at));
    }
    tail.iter()
        .position(|&b| b == end || Some(b) == or_end)
        .map(|at| len.wrapping_add(at))
}

/// `bytes` split at `at`, which is at most its length.
fn split(bytes: &[u8], at: usize) -> (&[u8], &[u8]) {
    let parts = bytes.split_at_checked(at);
    debug_assert!(parts.is_some(), "{at} is past the end");
    parts.unwrap_or((bytes, &[]))
}

/// The decoded form of `raw` as a stream of borrowed pieces: runs of bytes
/// that need no decoding, and single decoded bytes. A bad escape yields one
/// error (its offset relative to `raw`) and ends the stream.
///
/// ```
/// use collectssl::form;
///
/// let pieces: Vec<_> = form::decode_pieces(b"ab+c%41").collect::<Result<_, _>>().unwrap();
/// assert_eq!(pieces, [&b"ab"[..], b" ", b"c", b"A"]);
/// ```
pub fn decode_pieces(raw: &[u8]) -> DecodePieces<'_> {
    DecodePieces {
        raw,
        rest: raw,
        verbatim: false,
    }
}

/// Iterator over decoded pieces; see [`decode_pieces`].
#[derive(Debug, Clone)]
pub struct DecodePieces<'a> {
    raw: &'a [u8],
    /// What is left to decode, a tail of `raw`.
    rest: &'a [u8],
    verbatim: bool,
}

impl<'a> DecodePieces<'a> {
    /// Pieces of bytes that are already decoded: `raw` in one piece.
    pub(crate) fn verbatim(raw: &'a [u8]) -> Self {
        Self {
            raw,
            rest: raw,
            verbatim: true,
        }
    }

    /// After a bad escape at `offset`, goes on behind its `%` and returns
    /// the `%` itself, for readers that show bad input literally.
    pub(crate) fn resume_after_bad_escape(&mut self, offset: usize) -> &'static [u8] {
        let behind = self.raw.get(offset..).and_then(|rest| rest.get(1..));
        // An error's offset is where its `%` is.
        debug_assert!(behind.is_some(), "no escape at {offset}");
        self.rest = behind.unwrap_or_default();
        b"%"
    }
}

impl<'a> Iterator for DecodePieces<'a> {
    type Item = Result<&'a [u8], Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let (&first, after) = self.rest.split_first()?;
        if self.verbatim {
            let all = self.rest;
            self.rest = &[];
            return Some(Ok(all));
        }
        match first {
            b'+' => {
                self.rest = after;
                Some(Ok(b" "))
            }
            b'%' => match (escape(self.rest), self.rest.get(3..)) {
                (Some(byte), Some(rest)) => {
                    self.rest = rest;
                    Some(Ok(one_byte(byte)))
                }
                _ => {
                    let offset = self.raw.len().checked_sub(self.rest.len());
                    // `rest` is a tail of `raw`.
                    debug_assert!(offset.is_some(), "not a tail");
                    self.rest = &[];
                    let at = offset.unwrap_or(0);
                    Some(Err(Error::new(ErrorKind::InvalidEscape, at)))
                }
            },
            _ => {
                let run = find_escape(self.rest).unwrap_or(self.rest.len());
                let (piece, rest) = split(self.rest, run);
                self.rest = rest;
                Some(Ok(piece))
            }
        }
    }
}

/// Whether `raw` decodes to itself (no `%` and no `+`), so it can be
/// borrowed as it is.
///
/// ```
/// assert!(collectssl::form::is_verbatim(b"abc"));
/// assert!(!collectssl::form::is_verbatim(b"a+c"));
/// ```
pub fn is_verbatim(raw: &[u8]) -> bool {
    find_escape(raw).is_none()
}

/// The number of bytes `raw` decodes to when it decodes to ASCII: every
/// byte ASCII and every escape whole and below `%80`. `None` otherwise,
/// which says nothing more: a caller that must tell a bad escape from
/// UTF-8 asks [`decode_pieces`]. A decoded ASCII byte is a character, so
/// this counts the characters of most request values (a login with `%40`,
/// a password with `+`) in one pass, eight bytes at a time between escapes.
pub(crate) fn ascii_decoded_len(raw: &[u8]) -> Option<usize> {
    let mut rest = raw;
    // Each escape is three bytes for one: `raw.len()` less two a time.
    let mut len = raw.len();
    loop {
        // The words before the next `%`, checked to be ASCII.
        while let Some((word, after)) = rest.split_first_chunk::<8>() {
            let word = u64::from_le_bytes(*word);
            if word & HIGH_BITS != 0 {
                return None;
            }
            let percents = lanes_equal(word, b'%');
            if percents != 0 {
                // The lowest lane found is exact: at most 7 bytes on.
                let (_, at) = split(rest, (percents.trailing_zeros() / 8) as usize);
                rest = at;
                break;
            }
            rest = after;
        }
        match rest {
            [] => return Some(len),
            [b'%', ..] => {
                let byte = escape(rest).filter(u8::is_ascii)?;
                debug_assert!(byte.is_ascii());
                rest = rest.get(3..)?;
                // Two of the three bytes counted in `raw.len()`.
                len = len.checked_sub(2)?;
            }
            [b, after @ ..] if b.is_ascii() => rest = after,
            _ => return None,
        }
    }
}

/// The first `%` or `+`. Short values (names, flags, statuses) are
/// scanned faster without setting up SIMD.
fn find_escape(raw: &[u8]) -> Option<usize> {
    if raw.len() < 64 {
        raw.iter().position(|&b| b == b'%' || b == b'+')
    } else {
        memchr::memchr2(b'%', b'+', raw)
    }
}

/// The number of bytes `raw` decodes to, checking every escape.
///
/// ```
/// assert_eq!(collectssl::form::decoded_len(b"%41%42+").unwrap(), 3);
/// ```
pub fn decoded_len(raw: &[u8]) -> Result<usize, Error> {
    // The pieces are at most `raw.len()` bytes in all: no overflow.
    decode_pieces(raw).try_fold(0usize, |n, piece| Ok(n.wrapping_add(piece?.len())))
}

/// Decodes `raw` into `out` and returns the decoded bytes.
///
/// A bad escape is an error at its offset in `raw`; a too small `out` is
/// [`ErrorKind::BufferTooSmall`] at the offset in `out` where it ran out.
///
/// ```
/// let mut out = [0u8; 8];
/// assert_eq!(collectssl::form::decode(b"x%3dy", &mut out).unwrap(), b"x=y");
/// ```
pub fn decode<'o>(raw: &[u8], out: &'o mut [u8]) -> Result<&'o [u8], Error> {
    let mut len = 0usize;
    for piece in decode_pieces(raw) {
        let piece = piece?;
        let (dst, end) = len
            .checked_add(piece.len())
            .and_then(|end| Some((out.get_mut(len..end)?, end)))
            .ok_or(Error::new(ErrorKind::BufferTooSmall, len))?;
        dst.copy_from_slice(piece);
        len = end;
    }
    Ok(split(out, len).0)
}

/// `raw` decoded: `raw` itself when it holds no escape (most short values:
/// numbers, statuses), else decoded into `buf` as [`decode`] does.
pub(crate) fn decoded<'b>(raw: &'b [u8], buf: &'b mut [u8]) -> Result<&'b [u8], Error> {
    if is_verbatim(raw) {
        return Ok(raw);
    }
    decode(raw, buf)
}

/// The encoded form of `value` as a stream of ASCII pieces.
///
/// ```
/// use collectssl::form;
///
/// let pieces: Vec<_> = form::encode_pieces(b"a b/").collect();
/// assert_eq!(pieces, ["a", "+", "b", "%2F"]);
/// ```
pub fn encode_pieces(value: &[u8]) -> EncodePieces<'_> {
    EncodePieces(encoded_bytes(value))
}

/// The encoded pieces as bytes, for encoders that write bytes (no UTF-8
/// check per piece).
pub(crate) fn encoded_bytes(value: &[u8]) -> EncodedBytes<'_> {
    EncodedBytes { rest: value }
}

/// Iterator over encoded pieces; see [`encode_pieces`].
#[derive(Debug, Clone)]
pub struct EncodePieces<'a>(EncodedBytes<'a>);

impl<'a> Iterator for EncodePieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let piece = core::str::from_utf8(self.0.next()?);
        // Every piece is ASCII: the fallback is never taken.
        debug_assert!(piece.is_ok(), "a piece past ASCII");
        Some(piece.unwrap_or("%"))
    }
}

/// The encoded pieces of a value, as bytes.
#[derive(Debug, Clone)]
pub(crate) struct EncodedBytes<'a> {
    /// What is left to encode.
    rest: &'a [u8],
}

/// What the encoder writes for a byte that does not stand for itself:
/// `+` for a space, else `%XX`.
fn escaped(b: u8) -> &'static [u8] {
    match b {
        b' ' => b"+",
        // A `u8` indexes every entry: the fallback is never taken.
        _ => ESCAPES.get(usize::from(b)).map_or(b"%", |e| &e[..]),
    }
}

impl<'a> Iterator for EncodedBytes<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let (&first, after) = self.rest.split_first()?;
        if !unreserved(first) {
            self.rest = after;
            return Some(escaped(first));
        }
        // A run of bytes that stand for themselves, in one piece.
        let run = after
            .iter()
            .position(|&b| !unreserved(b))
            .map_or(self.rest.len(), |at| at.wrapping_add(1));
        let (piece, rest) = split(self.rest, run);
        self.rest = rest;
        Some(piece)
    }
}

/// The top bit of each lane of `word` whose byte does not stand for
/// itself ([`is_unreserved`]), exactly: eight bytes classified at once.
/// Each range test adds to the lane's low seven bits, which cannot carry
/// into the next lane; a byte past ASCII is never unreserved.
#[cfg(target_pointer_width = "64")]
const fn reserved_lanes(word: u64) -> u64 {
    let low = word & !HIGH_BITS;
    let folded = low | LOW_BITS.wrapping_mul(0x20);
    let unreserved = within(folded, b'a', b'z')
        | within(low, b'0', b'9')
        | within(low, b'-', b'.')
        | within(low, b'*', b'*')
        | within(low, b'_', b'_');
    (!unreserved | word) & HIGH_BITS
}

/// The top bit of each lane of `x` (bytes below `0x80`) in `lo..=hi`.
#[cfg(target_pointer_width = "64")]
const fn within(x: u64, lo: u8, hi: u8) -> u64 {
    let at_least = x.wrapping_add(LOW_BITS.wrapping_mul(0x80u8.wrapping_sub(lo) as u64));
    let above = x.wrapping_add(LOW_BITS.wrapping_mul(0x7Fu8.wrapping_sub(hi) as u64));
    at_least & !above & HIGH_BITS
}

/// Encodes `value` into the start of `out` as [`encode`] does, when `out`
/// has room for the longest encoding (three bytes a byte); `None`, with
/// nothing written, when it has not. With that room no piece can fail,
/// so runs are found and copied eight bytes at a time: a word is stored
/// whole, and the bytes stored past its run are written again by what
/// follows, which takes at least a byte for each of them.
#[cfg(target_pointer_width = "64")]
#[inline]
pub(crate) fn encode_with_room(value: &[u8], out: &mut [u8]) -> Option<usize> {
    if out.len() / 3 < value.len() {
        return None;
    }
    let mut rest = value;
    // Where the next byte goes: at most three times what was read.
    let mut at = 0usize;
    while let Some(&word) = rest.first_chunk::<8>() {
        // Three bytes a byte leave room for eight from here.
        if let Some(dst) = out.get_mut(at..).and_then(|o| o.first_chunk_mut::<8>()) {
            *dst = word;
        }
        let reserved = reserved_lanes(u64::from_le_bytes(word));
        let run = match reserved {
            0 => 8,
            _ => (reserved.trailing_zeros() / 8) as usize,
        };
        at = at.wrapping_add(run);
        rest = split(rest, run).1;
        if run < 8 {
            let (&first, after) = rest.split_first()?;
            at = put_escaped(out, at, first);
            rest = after;
        }
    }
    for &b in rest {
        at = match unreserved(b) {
            true => put_byte(out, at, b),
            false => put_escaped(out, at, b),
        };
    }
    debug_assert!(at <= out.len(), "{at} bytes past the room");
    Some(at)
}

/// Writes what `b`, a byte that does not stand for itself, is encoded as
/// ([`escaped`]) into `out` at `at`, in fixed-size stores; where it ends.
/// Called within the room [`encode_with_room`] checked.
#[cfg(target_pointer_width = "64")]
fn put_escaped(out: &mut [u8], at: usize, b: u8) -> usize {
    if b == b' ' {
        return put_byte(out, at, b'+');
    }
    let dst = out.get_mut(at..).and_then(|o| o.first_chunk_mut::<3>());
    // A `u8` indexes every entry.
    let escape = ESCAPES.get(usize::from(b));
    debug_assert!(dst.is_some(), "an escape past the room");
    if let (Some(dst), Some(escape)) = (dst, escape) {
        *dst = *escape;
    }
    at.wrapping_add(3)
}

/// Writes `b` into `out` at `at`; where it ends. Called within the room
/// [`encode_with_room`] checked.
#[cfg(target_pointer_width = "64")]
fn put_byte(out: &mut [u8], at: usize, b: u8) -> usize {
    let dst = out.get_mut(at);
    debug_assert!(dst.is_some(), "a byte past the room");
    if let Some(dst) = dst {
        *dst = b;
    }
    at.wrapping_add(1)
}

/// The length of `value` once encoded.
///
/// ```
/// assert_eq!(collectssl::form::encoded_len(b"a&b c"), 7);
/// ```
pub fn encoded_len(value: &[u8]) -> usize {
    // Two more bytes for each escape. It saturates rather than wraps: no
    // buffer is that long, so encoding such a value fails either way.
    let escapes = value
        .iter()
        .filter(|&&b| !unreserved(b) && b != b' ')
        .count();
    value.len().saturating_add(escapes.saturating_mul(2))
}

/// Encodes `value` into `out` and returns the number of bytes written.
///
/// ```
/// let mut out = [0u8; 16];
/// let n = collectssl::form::encode("é".as_bytes(), &mut out).unwrap();
/// assert_eq!(&out[..n], b"%C3%A9");
/// ```
pub fn encode(value: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    let mut len = 0usize;
    for piece in encoded_bytes(value) {
        let (dst, end) = len
            .checked_add(piece.len())
            .and_then(|end| Some((out.get_mut(len..end)?, end)))
            .ok_or(Error::new(ErrorKind::BufferTooSmall, len))?;
        dst.copy_from_slice(piece);
        len = end;
    }
    Ok(len)
}

/// Displays its bytes form-encoded, for writing into any `core::fmt::Write`.
///
/// ```
/// use collectssl::form::Encoded;
/// assert_eq!(Encoded(b"x=1&y").to_string(), "x%3D1%26y");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encoded<'a>(pub &'a [u8]);

impl fmt::Display for Encoded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        encode_pieces(self.0).try_for_each(|piece| f.write_str(piece))
    }
}

#[cfg(test)]
mod tests;
