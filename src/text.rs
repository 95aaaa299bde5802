//! A borrowed text value in its wire encoding, decoded only when asked.

use core::fmt;
use core::iter::FusedIterator;
use core::ops::Range;

use crate::error::{Error, ErrorKind};
use crate::form::{self, DecodePieces};
use crate::grammar::{self, Parsed, fitting};
use crate::offset::add_within;
use crate::sink::Sink;

/// How a [`Text`] is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// The bytes are the text itself.
    Plain,
    /// The bytes are form-encoded (`+` for space, `%XX` escapes).
    Form,
}

/// A text value that borrows its input and decodes lazily.
///
/// Values parsed out of a form body stay as they were sent until they are
/// compared, displayed or decoded; a value without escapes is handed out as
/// a `&str` directly. Two texts are equal when their decoded bytes are, so a
/// parsed value equals the plain value it was encoded from.
///
/// ```
/// use collectssl::Text;
///
/// let sent = Text::form(b"Sectigo+Ltd%21");
/// assert_eq!(sent, Text::plain("Sectigo Ltd!"));
/// assert_eq!(sent.to_string(), "Sectigo Ltd!");
/// assert_eq!(sent.as_str(), None); // needs decoding
///
/// let mut buf = [0u8; 32];
/// assert_eq!(sent.decode_into(&mut buf).unwrap(), "Sectigo Ltd!");
/// assert_eq!(Text::form(b"plain").as_str(), Some("plain"));
/// ```
#[derive(Clone, Copy)]
pub struct Text<'a>(Repr<'a>);

/// The two forms of a [`Text`]: the encoding is the variant, so the bytes
/// and the way to read them always agree.
#[derive(Clone, Copy)]
enum Repr<'a> {
    /// The text itself, UTF-8 checked once where the `&str` came from.
    Plain(&'a str),
    /// Form-encoded bytes as they were sent (`+` for space, `%XX`).
    Form(&'a [u8]),
}

impl<'a> Text<'a> {
    /// A text that is exactly `s`.
    ///
    /// ```
    /// assert_eq!(collectssl::Text::plain("a+b").to_string(), "a+b");
    /// ```
    pub const fn plain(s: &'a str) -> Self {
        Self(Repr::Plain(s))
    }

    /// A text whose bytes are form-encoded. Nothing is checked here: a bad
    /// escape or invalid UTF-8 is reported by the decoding methods, and
    /// `Display` shows such bytes literally (U+FFFD for invalid UTF-8).
    ///
    /// ```
    /// assert_eq!(collectssl::Text::form(b"a+b").to_string(), "a b");
    /// ```
    pub const fn form(raw: &'a [u8]) -> Self {
        Self(Repr::Form(raw))
    }

    /// The bytes as they are on the wire.
    ///
    /// ```
    /// assert_eq!(collectssl::Text::form(b"a+b").raw(), b"a+b");
    /// ```
    pub const fn raw(&self) -> &'a [u8] {
        match self.0 {
            Repr::Plain(s) => s.as_bytes(),
            Repr::Form(raw) => raw,
        }
    }

    /// How the bytes are encoded.
    ///
    /// ```
    /// use collectssl::text::{Encoding, Text};
    /// assert_eq!(Text::plain("x").encoding(), Encoding::Plain);
    /// ```
    pub const fn encoding(&self) -> Encoding {
        match self.0 {
            Repr::Plain(_) => Encoding::Plain,
            Repr::Form(_) => Encoding::Form,
        }
    }

    /// Whether the decoded text is empty (the wire treats an empty value as absent).
    ///
    /// ```
    /// assert!(collectssl::Text::form(b"").is_empty());
    /// ```
    pub const fn is_empty(&self) -> bool {
        self.raw().is_empty()
    }

    /// The text without copying, when it needs no decoding and is UTF-8.
    ///
    /// ```
    /// use collectssl::Text;
    /// assert_eq!(Text::form(b"abc").as_str(), Some("abc"));
    /// assert_eq!(Text::form(b"a%20c").as_str(), None);
    /// ```
    pub fn as_str(&self) -> Option<&'a str> {
        match self.0 {
            Repr::Plain(s) => Some(s),
            Repr::Form(raw) if !form::is_verbatim(raw) => None,
            Repr::Form(raw) => core::str::from_utf8(raw).ok(),
        }
    }

    /// The raw bytes when they are the decoded bytes too: a plain text, or
    /// a form-encoded one without `+` or `%`.
    pub(crate) fn verbatim(&self) -> Option<&'a [u8]> {
        match self.0 {
            Repr::Plain(s) => Some(s.as_bytes()),
            Repr::Form(raw) => form::is_verbatim(raw).then_some(raw),
        }
    }

    /// The decoded pieces; a bad escape ends the stream with an error.
    ///
    /// ```
    /// use collectssl::Text;
    /// let n: usize = Text::form(b"a%41").pieces().map(|p| p.unwrap().len()).sum();
    /// assert_eq!(n, 2);
    /// ```
    pub fn pieces(&self) -> DecodePieces<'a> {
        match self.0 {
            Repr::Form(raw) => form::decode_pieces(raw),
            // A plain text is one verbatim piece: give the decoder an input
            // without `%` or `+` by construction of its position.
            Repr::Plain(s) => DecodePieces::verbatim(s.as_bytes()),
        }
    }

    /// The number of decoded bytes.
    ///
    /// ```
    /// assert_eq!(collectssl::Text::form(b"%C3%A9").decoded_len().unwrap(), 2);
    /// ```
    pub fn decoded_len(&self) -> Result<usize, Error> {
        // No more than the raw bytes, so the sum cannot overflow.
        self.pieces().map(|p| p.map(<[u8]>::len)).sum()
    }

    /// `rule` over all of the decoded bytes of the text (plain, or form-encoded
    /// as sent), with the errors of [`grammar::whole`] at their raw offsets:
    /// `kind` at the raw offset of the first decoded byte that does not fit
    /// (the raw length when the value ends too early), or
    /// [`ErrorKind::InvalidEscape`] when a bad escape comes before any such
    /// byte, as a reader that decodes byte by byte would find them.
    ///
    /// At most `N` decoded bytes are read: `N` must exceed the longest value
    /// the rule accepts, so that a longer one fails within them.
    pub(crate) fn parse_whole<O, const N: usize>(
        self,
        kind: ErrorKind,
        rule: impl for<'b> Fn(&'b [u8]) -> Parsed<'b, O>,
    ) -> Result<O, Error> {
        if let Some(bytes) = self.verbatim() {
            return grammar::whole(bytes, kind, rule);
        }
        let (mut bytes, mut offsets) = ([0u8; N], [0usize; N]);
        let mut walk = self.byte_indices();
        let (mut len, mut escape) = (0usize, None);
        for (byte, offset) in bytes.iter_mut().zip(&mut offsets) {
            match walk.next() {
                Some(Ok((at, decoded))) => (*offset, *byte) = (at, decoded),
                Some(Err(e)) => escape = Some(e),
                None => break,
            }
            if escape.is_some() {
                break;
            }
            len = len.saturating_add(1);
        }
        // Where the decoded bytes stop: at a bad escape, or at the raw offset
        // of the next byte (the raw length at the end).
        let stop = escape.unwrap_or(Error::new(kind, walk.offset()));
        let decoded = bytes.get(..len).unwrap_or_default();
        match fitting(decoded, rule) {
            Ok(value) if escape.is_none() && walk.offset() == self.raw().len() => Ok(value),
            Ok(_) => Err(stop),
            Err(at) => Err(match offsets.get(..len).and_then(|o| o.get(at)) {
                Some(&raw) => Error::new(kind, raw),
                None => stop,
            }),
        }
    }

    /// The number of Unicode scalar values, checking escapes and UTF-8.
    ///
    /// ```
    /// assert_eq!(collectssl::Text::form(b"%C3%A9t%C3%A9").char_count().unwrap(), 3);
    /// ```
    pub fn char_count(&self) -> Result<usize, Error> {
        // Most values are ASCII without an escape: a character a byte.
        if let Some(bytes) = self.verbatim()
            && bytes.is_ascii()
        {
            return Ok(bytes.len());
        }
        if let Some(s) = self.as_str() {
            return Ok(scalar_count(s));
        }
        // Most values fit a small buffer: decode once, check once.
        let mut buf = [0u8; 256];
        if let Repr::Form(raw) = self.0 {
            match form::decode(raw, &mut buf) {
                Ok(bytes) => {
                    // At the value's start, as the streamed path reports it.
                    return core::str::from_utf8(bytes)
                        .map(scalar_count)
                        .map_err(|_| Error::new(ErrorKind::InvalidUtf8, 0));
                }
                Err(e) if e.kind() != ErrorKind::BufferTooSmall => return Err(e),
                Err(_) => {}
            }
        }
        let mut count = 0usize;
        self.stream(false, |s| {
            count = add_within(count, scalar_count(s));
            Ok(())
        })
        .map_err(Stop::into_error)?;
        Ok(count)
    }

    /// Decodes into `out` and returns the text, checking escapes and UTF-8.
    ///
    /// ```
    /// let mut buf = [0u8; 8];
    /// assert_eq!(collectssl::Text::form(b"1%2B1").decode_into(&mut buf).unwrap(), "1+1");
    /// ```
    pub fn decode_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o str, Error> {
        let bytes = match self.0 {
            Repr::Form(raw) => form::decode(raw, out)?,
            Repr::Plain(s) => {
                let dst = out
                    .get_mut(..s.len())
                    .ok_or(Error::new(ErrorKind::BufferTooSmall, 0))?;
                dst.copy_from_slice(s.as_bytes());
                &*dst
            }
        };
        core::str::from_utf8(bytes).map_err(|e| Error::new(ErrorKind::InvalidUtf8, e.valid_up_to()))
    }

    /// Decodes into a bounded owned string of at most `N` bytes.
    ///
    /// ```
    /// let s: heapless::String<16> = collectssl::Text::form(b"a+b").to_heapless().unwrap();
    /// assert_eq!(s.as_str(), "a b");
    /// ```
    pub fn to_heapless<const N: usize>(&self) -> Result<heapless::String<N>, Error> {
        let mut out = heapless::String::new();
        self.stream(false, |s| {
            out.push_str(s)
                .map_err(|_| Error::new(ErrorKind::BufferTooSmall, out.len()))
        })
        .map_err(Stop::into_error)?;
        Ok(out)
    }

    /// Writes the decoded text to `w`, failing on a bad escape or invalid UTF-8.
    ///
    /// ```
    /// let mut s = heapless::String::<8>::new();
    /// collectssl::Text::form(b"x%3Dy").write_to(&mut s).unwrap();
    /// assert_eq!(s, "x=y");
    /// ```
    pub fn write_to<W: fmt::Write>(&self, w: &mut W) -> Result<(), Error> {
        self.stream(false, |s| {
            w.write_str(s)
                .map_err(|_| Error::unlocated(ErrorKind::Write))
        })
        .map_err(Stop::into_error)
    }

    /// The decoded bytes, each with the offset in [`raw`](Self::raw) where
    /// its encoding starts (a `%XX` escape is three raw bytes for one decoded
    /// byte). A bad escape yields one error at its offset and ends the walk.
    ///
    /// With the offsets a reader can split a value where its decoded text
    /// has a delimiter, and keep each part as a borrowed [`Text`] (see
    /// [`sub`](Self::sub)) without decoding it anywhere.
    ///
    /// ```
    /// use collectssl::Text;
    ///
    /// let walked: Vec<_> = Text::form(b"a+%2Cb").byte_indices().collect::<Result<_, _>>().unwrap();
    /// assert_eq!(walked, [(0, b'a'), (1, b' '), (2, b','), (5, b'b')]);
    /// let plain: Vec<_> = Text::plain("%+").byte_indices().map(Result::unwrap).collect();
    /// assert_eq!(plain, [(0, b'%'), (1, b'+')]);
    /// ```
    pub fn byte_indices(&self) -> ByteIndices<'a> {
        ByteIndices {
            text: *self,
            pos: 0,
        }
    }

    /// The text of the raw bytes in `range`, in the same encoding, or `None`
    /// when `range` is out of bounds (like `slice::get`). Nothing is copied.
    ///
    /// ```
    /// use collectssl::Text;
    ///
    /// let list = Text::form(b"a.com%2C+b.com");
    /// assert_eq!(list.sub(9..14), Some(Text::plain("b.com")));
    /// assert_eq!(list.sub(0..5).unwrap().raw(), b"a.com");
    /// assert_eq!(list.sub(9..99), None);
    /// ```
    pub fn sub(&self, range: Range<usize>) -> Option<Text<'a>> {
        match self.0 {
            // A range that splits a character is no text: `None`.
            Repr::Plain(s) => s.get(range).map(Self::plain),
            Repr::Form(raw) => Some(Self::form(raw.get(range)?)),
        }
    }

    /// Decoded pieces that never fail: a bad escape stands for itself.
    /// Writes the decoded bytes form-encoded: how the request and format-1
    /// encoders write every text value.
    pub(crate) fn put_form(&self, out: &mut impl Sink) -> Result<(), Error> {
        for piece in self.pieces() {
            for encoded in form::encoded_bytes(piece?) {
                out.put_bytes(encoded)?;
            }
        }
        Ok(())
    }

    pub(crate) fn lenient_bytes(&self) -> impl Iterator<Item = u8> + 'a {
        let mut pieces = self.pieces();
        core::iter::from_fn(move || {
            Some(match pieces.next()? {
                Ok(piece) => piece,
                // A bad escape ends the pieces; one at no byte ends them here.
                Err(err) => pieces.resume_after_bad_escape(err.offset()?),
            })
        })
        .flatten()
        .copied()
    }

    /// Streams the decoded text as `&str` chunks. Invalid UTF-8 becomes
    /// U+FFFD when `lossy`, an error otherwise; bad escapes stand for
    /// themselves when `lossy`.
    fn stream<E>(
        &self,
        lossy: bool,
        mut sink: impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), Stop<E>> {
        if let Some(s) = self.as_str() {
            return sink(s).map_err(Stop::Sink);
        }
        let mut buf = Utf8Buffer::default();
        let mut pieces = self.pieces();
        while let Some(piece) = pieces.next() {
            let mut piece = match piece {
                Ok(piece) => piece,
                Err(err) => match err.offset().filter(|_| lossy) {
                    Some(at) => pieces.resume_after_bad_escape(at),
                    None => return Err(Stop::Error(err)),
                },
            };
            while !piece.is_empty() {
                piece = buf.fill(piece);
                buf.flush(false, lossy, &mut sink)?;
            }
        }
        buf.flush(true, lossy, &mut sink)
    }
}

/// Iterator over the decoded bytes of a [`Text`] with their raw offsets;
/// see [`Text::byte_indices`].
///
/// ```
/// use collectssl::Text;
///
/// let mut walk = Text::form(b"%41b").byte_indices();
/// assert_eq!(walk.next(), Some(Ok((0, b'A'))));
/// assert_eq!(walk.offset(), 3);
/// ```
#[derive(Debug, Clone)]
pub struct ByteIndices<'a> {
    text: Text<'a>,
    pos: usize,
}

impl ByteIndices<'_> {
    /// The raw offset of the next byte: where the walk stands. After the last
    /// byte (or an error) it is the raw length.
    ///
    /// ```
    /// let mut walk = collectssl::Text::form(b"a+").byte_indices();
    /// walk.next();
    /// assert_eq!(walk.offset(), 1);
    /// walk.next();
    /// assert_eq!(walk.offset(), 2);
    /// ```
    pub fn offset(&self) -> usize {
        self.pos
    }
}

impl Iterator for ByteIndices<'_> {
    type Item = Result<(usize, u8), Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let at = self.pos;
        let raw = self.text.raw();
        let rest = raw.get(at..)?;
        let (&first, _) = rest.split_first()?;
        let (byte, len) = match (self.text.0, first) {
            (Repr::Form(_), b'+' | b'%') => match form::decode_pieces(rest).next() {
                Some(Ok(&[byte])) => (byte, if first == b'%' { 3 } else { 1 }),
                _ => {
                    self.pos = raw.len();
                    return Some(Err(Error::new(ErrorKind::InvalidEscape, at)));
                }
            },
            _ => (first, 1),
        };
        self.pos = add_within(at, len);
        Some(Ok((at, byte)))
    }
}

impl FusedIterator for ByteIndices<'_> {}

/// The number of Unicode scalar values of `s`: its bytes that do not
/// continue a character. Smaller code than `chars().count()`, as fast.
fn scalar_count(s: &str) -> usize {
    s.bytes().filter(|&b| b & 0xC0 != 0x80).count()
}

/// Why streaming stopped: the sink refused, or the input is invalid.
enum Stop<E> {
    Sink(E),
    Error(Error),
}

impl Stop<Error> {
    fn into_error(self) -> Error {
        match self {
            Self::Sink(e) | Self::Error(e) => e,
        }
    }
}

impl Stop<fmt::Error> {
    fn into_fmt(self) -> fmt::Error {
        fmt::Error
    }
}

/// A small stack buffer that turns a byte stream into UTF-8 chunks.
struct Utf8Buffer {
    bytes: [u8; 64],
    len: usize,
}

impl Default for Utf8Buffer {
    fn default() -> Self {
        Self {
            bytes: [0; 64],
            len: 0,
        }
    }
}

impl Utf8Buffer {
    /// Copies as much of `piece` as fits and returns the rest.
    fn fill<'p>(&mut self, piece: &'p [u8]) -> &'p [u8] {
        let free = self.bytes.get_mut(self.len..);
        debug_assert!(free.is_some(), "a length past the buffer");
        let free = free.unwrap_or_default();
        let (now, rest) = piece.split_at(free.len().min(piece.len()));
        free.iter_mut().zip(now).for_each(|(d, s)| *d = *s);
        self.len = add_within(self.len, now.len());
        rest
    }

    /// Hands the complete characters to `sink`, keeping an incomplete one
    /// at the end unless this is the `last` flush.
    fn flush<E>(
        &mut self,
        last: bool,
        lossy: bool,
        sink: &mut impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), Stop<E>> {
        let pending = self.bytes.get(..self.len);
        debug_assert!(pending.is_some(), "a length past the buffer");
        let mut pending = pending.unwrap_or_default();
        while !pending.is_empty() {
            match core::str::from_utf8(pending) {
                Ok(s) => {
                    sink(s).map_err(Stop::Sink)?;
                    pending = &[];
                }
                Err(e) => {
                    let (valid, from_bad) = pending.split_at(e.valid_up_to());
                    // `valid` is UTF-8 by the error's own account.
                    if let Ok(s) = core::str::from_utf8(valid) {
                        sink(s).map_err(Stop::Sink)?;
                    }
                    pending = from_bad;
                    let bad = match e.error_len() {
                        Some(n) => n,
                        None if last => from_bad.len(),
                        None => break,
                    };
                    if !lossy {
                        // At the value's start: raw offsets are not kept here.
                        return Err(Stop::Error(Error::new(ErrorKind::InvalidUtf8, 0)));
                    }
                    sink("\u{FFFD}").map_err(Stop::Sink)?;
                    // The error's own length, within what is left.
                    let after = from_bad.get(bad..);
                    debug_assert!(after.is_some(), "an error longer than the bytes");
                    pending = after.unwrap_or_default();
                }
            }
        }
        // At most an incomplete character (3 bytes) is left: move it by
        // hand rather than pull in a general memmove.
        let mut carry = [0u8; 3];
        debug_assert!(pending.len() <= carry.len(), "more than a character left");
        carry.iter_mut().zip(pending).for_each(|(d, s)| *d = *s);
        let kept = pending.len().min(carry.len());
        self.bytes
            .iter_mut()
            .zip(&carry)
            .take(kept)
            .for_each(|(d, s)| *d = *s);
        self.len = kept;
        Ok(())
    }
}

impl fmt::Display for Text<'_> {
    /// The decoded text; bad escapes shown literally, invalid UTF-8 as U+FFFD.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.stream(true, |s| f.write_str(s))
            .map_err(Stop::into_fmt)
    }
}

impl fmt::Debug for Text<'_> {
    /// The decoded text, quoted and escaped like a `str`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        self.stream(true, |s| {
            s.chars()
                .try_for_each(|c| fmt::Display::fmt(&c.escape_debug(), f))
        })
        .map_err(Stop::into_fmt)?;
        f.write_str("\"")
    }
}

impl PartialEq for Text<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.encoding() == other.encoding() && self.raw() == other.raw() {
            return true;
        }
        // Bytes that need no decoding compare as they are.
        if let (Some(a), Some(b)) = (self.verbatim(), other.verbatim()) {
            return a == b;
        }
        self.lenient_bytes().eq(other.lenient_bytes())
    }
}

impl Eq for Text<'_> {}

impl core::hash::Hash for Text<'_> {
    /// The decoded bytes as equality compares them, so equal texts in
    /// different spellings hash alike.
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        let len = self.lenient_bytes().fold(0usize, |len, byte| {
            state.write_u8(byte);
            len.wrapping_add(1)
        });
        state.write_usize(len);
    }
}

impl PartialEq<str> for Text<'_> {
    fn eq(&self, other: &str) -> bool {
        *self == Text::plain(other)
    }
}

impl PartialEq<&str> for Text<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == Text::plain(other)
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(s: &'a str) -> Self {
        Self::plain(s)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests;
