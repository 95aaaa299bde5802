//! Where encoders write: a caller's slice, any `core::fmt::Write`, or a
//! counter. One emit routine per message drives all three, so
//! `encoded_len()` is exact by construction.

use core::fmt;

use crate::error::{Error, ErrorKind};
use crate::offset::add_within;

/// An output for encoders. Everything encoders write is text.
pub(crate) trait Sink {
    /// Appends `bytes` (ASCII or UTF-8), or fails without writing part of it.
    fn put_bytes(&mut self, bytes: &[u8]) -> Result<(), Error>;

    /// Appends `value` form-encoded, a piece at a time: a piece that does
    /// not fit fails where it starts.
    fn put_encoded(&mut self, value: &[u8]) -> Result<(), Error> {
        crate::form::encoded_bytes(value).try_for_each(|piece| self.put_bytes(piece))
    }

    /// Appends `s`.
    fn put(&mut self, s: &str) -> Result<(), Error> {
        self.put_bytes(s.as_bytes())
    }

    /// Appends `n` in decimal. On 64-bit targets a digit (every code is
    /// one) is written inline, a longer number out of line.
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    fn put_u64(&mut self, n: u64) -> Result<(), Error> {
        // Codes and flags are one digit: no need to walk twenty powers.
        if let Some(digit) = usize::try_from(n).ok().and_then(|i| DIGITS.get(i)) {
            return self.put(digit);
        }
        self.put_digits(n)
    }

    /// Appends `n` in decimal, its digits worked out first.
    #[cfg_attr(target_pointer_width = "64", inline(never))]
    fn put_digits(&mut self, n: u64) -> Result<(), Error> {
        let mut digits = [0u8; 20];
        self.put_bytes(u64_digits(n, &mut digits))
    }

    /// Appends `n` in decimal, with a `-` when negative.
    fn put_i64(&mut self, n: i64) -> Result<(), Error> {
        if n < 0 {
            self.put("-")?;
        }
        self.put_u64(n.unsigned_abs())
    }
}

const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// `n` in decimal ASCII digits, written into `buf`. Digits come from
/// subtracting powers of ten: no 64-bit division, which 32-bit targets do
/// in software.
fn u64_digits(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut len = 0usize;
    for power in POWERS_OF_TEN {
        let mut digit = b'0';
        while n >= power {
            n = n.wrapping_sub(power);
            digit = digit.wrapping_add(1);
        }
        // No leading zeros; the last digit always.
        if (digit != b'0' || len > 0 || power == 1)
            && let Some(slot) = buf.get_mut(len)
        {
            *slot = digit;
            len = add_within(len, 1);
        }
    }
    // `len` grew only with a slot written.
    let digits = buf.get(..len);
    debug_assert!(digits.is_some(), "{len} digits in 20 bytes");
    digits.unwrap_or_default()
}

/// 10^19 down to 1.
const POWERS_OF_TEN: [u64; 20] = {
    let mut powers = [1u64; 20];
    let mut i = 19;
    while i > 0 {
        i -= 1;
        #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // compile time
        {
            powers[i] = powers[i + 1] * 10;
        }
    }
    powers
};

/// Counts what would be written. A length past `usize::MAX` counts as
/// `usize::MAX`: no buffer is that long, so encoding it fails as too small.
#[derive(Debug, Default)]
pub(crate) struct Counter(pub(crate) usize);

impl Sink for Counter {
    fn put_bytes(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.0 = self.0.saturating_add(bytes.len());
        Ok(())
    }
}

/// Writes into a caller's slice; running out of room is an error at the
/// offset where it happened.
#[derive(Debug)]
pub(crate) struct SliceSink<'b> {
    buf: &'b mut [u8],
    pub(crate) len: usize,
}

impl<'b> SliceSink<'b> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Self { buf, len: 0 }
    }

    /// What was written: the start of the caller's slice.
    pub(crate) fn into_written(self) -> &'b [u8] {
        let buf: &'b [u8] = self.buf;
        // `len` only grows by what was copied into `buf`.
        let written = buf.get(..self.len);
        debug_assert!(written.is_some(), "a length past the buffer");
        written.unwrap_or(buf)
    }
}

impl Sink for SliceSink<'_> {
    #[inline]
    fn put_bytes(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let start = self.len;
        let room = start
            .checked_add(bytes.len())
            .and_then(|end| Some((self.buf.get_mut(start..end)?, end)));
        // The error is built only when it happens.
        let Some((dst, end)) = room else {
            return Err(Error::new(ErrorKind::BufferTooSmall, start));
        };
        copy(dst, bytes);
        self.len = end;
        Ok(())
    }

    /// With room for the longest encoding, in one pass on 64-bit targets
    /// ([`form::encode_with_room`](crate::form::encode_with_room)); else a
    /// piece at a time, so that a piece that does not fit fails where it
    /// starts, with the pieces before it written.
    #[cfg(target_pointer_width = "64")]
    fn put_encoded(&mut self, value: &[u8]) -> Result<(), Error> {
        let written = self
            .buf
            .get_mut(self.len..)
            .and_then(|room| crate::form::encode_with_room(value, room));
        match written {
            // Within `buf`.
            Some(n) => self.len = add_within(self.len, n),
            None => {
                crate::form::encoded_bytes(value).try_for_each(|piece| self.put_bytes(piece))?
            }
        }
        Ok(())
    }
}

/// Copies `src` into `dst`, of the same length. Most pieces are a few
/// bytes (names, runs of a value): up to 32 bytes, two fixed-size copies
/// that overlap in the middle, cheaper than a byte loop or a call to
/// memcpy. Small targets (32-bit) keep the smaller code of a byte loop.
#[cfg(target_pointer_width = "64")]
#[inline]
fn copy(dst: &mut [u8], src: &[u8]) {
    debug_assert_eq!(dst.len(), src.len());
    match src.len() {
        0..4 => dst.iter_mut().zip(src).for_each(|(d, b)| *d = *b),
        4..8 => copy_overlapping::<4>(dst, src),
        8..16 => copy_overlapping::<8>(dst, src),
        16..=32 => copy_overlapping::<16>(dst, src),
        _ => dst.copy_from_slice(src),
    }
}

/// Copies `src` into `dst`, of the same length: a byte loop for a few
/// bytes, cheaper than a call to memcpy.
#[cfg(not(target_pointer_width = "64"))]
fn copy(dst: &mut [u8], src: &[u8]) {
    if src.len() <= 16 {
        dst.iter_mut().zip(src).for_each(|(d, b)| *d = *b);
    } else {
        dst.copy_from_slice(src);
    }
}

/// [`copy`] for `N` to `2 * N` bytes: the first `N` and the last `N`.
#[cfg(target_pointer_width = "64")]
fn copy_overlapping<const N: usize>(dst: &mut [u8], src: &[u8]) {
    if let (Some(d), Some(s)) = (dst.first_chunk_mut::<N>(), src.first_chunk::<N>()) {
        *d = *s;
    }
    if let (Some(d), Some(s)) = (dst.last_chunk_mut::<N>(), src.last_chunk::<N>()) {
        *d = *s;
    }
}

/// Writes into any `core::fmt::Write`, counting bytes for error offsets.
#[derive(Debug)]
pub(crate) struct FmtSink<'w, W> {
    w: &'w mut W,
    len: usize,
}

impl<'w, W> FmtSink<'w, W> {
    pub(crate) fn new(w: &'w mut W) -> Self {
        Self { w, len: 0 }
    }
}

impl<W: fmt::Write> Sink for FmtSink<'_, W> {
    fn put_bytes(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let s = core::str::from_utf8(bytes).map_err(|_| Error::new(ErrorKind::Write, self.len))?;
        self.put(s)
    }

    fn put(&mut self, s: &str) -> Result<(), Error> {
        self.w
            .write_str(s)
            .map_err(|_| Error::new(ErrorKind::Write, self.len))?;
        // An error offset past `usize::MAX` is given as `usize::MAX`.
        self.len = self.len.saturating_add(s.len());
        Ok(())
    }
}

/// How a [`FmtAdapter`] passes text on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// As it is.
    Plain,
    /// Form-encoded.
    Form,
    /// As it is, refusing CR and LF (one format-0 line) and a line that
    /// starts with `-----`, which a reader would take for PEM armor.
    Line,
}

/// Lets `Display` values write into a [`Sink`], keeping the real error.
#[derive(Debug)]
pub(crate) struct FmtAdapter<'s, S> {
    sink: &'s mut S,
    mode: Mode,
    error: Option<Error>,
    /// How many dashes the line has started with so far, in `Line` mode.
    leading_dashes: Option<usize>,
}

impl<'s, S: Sink> FmtAdapter<'s, S> {
    pub(crate) fn new(sink: &'s mut S) -> Self {
        Self::with_mode(sink, Mode::Plain)
    }

    pub(crate) fn with_mode(sink: &'s mut S, mode: Mode) -> Self {
        Self {
            sink,
            mode,
            error: None,
            leading_dashes: Some(0),
        }
    }

    /// The error that stopped the writing.
    pub(crate) fn error(&self) -> Error {
        self.error.unwrap_or(Error::unlocated(ErrorKind::Write))
    }

    /// Writes `value`'s `Display` output in this adapter's mode.
    pub(crate) fn display(
        sink: &'s mut S,
        mode: Mode,
        value: &dyn fmt::Display,
    ) -> Result<(), Error> {
        let mut adapter = Self::with_mode(sink, mode);
        fmt::write(&mut adapter, format_args!("{value}")).map_err(|_| adapter.error())
    }
}

impl<S> FmtAdapter<'_, S> {
    /// Whether, with `s`, the line now starts with five dashes.
    fn starts_armor(&mut self, s: &str) -> bool {
        let Some(dashes) = self.leading_dashes else {
            return false;
        };
        let more = s.bytes().take_while(|&b| b == b'-').count();
        // Only whether there are five counts.
        let total = dashes.saturating_add(more);
        self.leading_dashes = (more == s.len()).then_some(total);
        total >= 5
    }
}

impl<S: Sink> fmt::Write for FmtAdapter<'_, S> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let armor = self.mode == Mode::Line && self.starts_armor(s);
        let result = match self.mode {
            Mode::Plain => self.sink.put(s),
            Mode::Line if armor || s.contains(['\r', '\n']) => {
                Err(Error::unlocated(ErrorKind::Unrepresentable))
            }
            Mode::Line => self.sink.put(s),
            Mode::Form => crate::form::encoded_bytes(s.as_bytes())
                .try_for_each(|piece| self.sink.put_bytes(piece)),
        };
        result.map_err(|e| {
            self.error = Some(e);
            fmt::Error
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn decimal_numbers() {
        let mut buf = [0u8; 20];
        let mut u64_str = |n| String::from_utf8(u64_digits(n, &mut buf).to_vec()).unwrap();
        assert_eq!(u64_str(0), "0");
        assert_eq!(u64_str(1234567890), "1234567890");
        assert_eq!(u64_str(u64::MAX), "18446744073709551615");
        let mut power = 1u64;
        for _ in 0..20 {
            for n in [
                power.saturating_sub(1),
                power,
                power.saturating_add(1),
                power.saturating_mul(9),
            ] {
                assert_eq!(u64_str(n), n.to_string());
            }
            power = power.saturating_mul(10);
        }
    }

    #[test]
    fn put_u64_writes_a_digit_and_longer_numbers_alike() {
        for n in [0, 1, 9, 10, 99, 1234567890, u64::MAX] {
            let mut buf = [0u8; 20];
            let mut s = SliceSink::new(&mut buf);
            s.put_u64(n).unwrap();
            assert_eq!(s.into_written(), n.to_string().as_bytes());
            // One byte short: refused where the number starts.
            let mut buf = [0u8; 21];
            let short = n.to_string().len();
            let mut s = SliceSink::new(&mut buf[..short]);
            s.put("x").unwrap();
            let e = s.put_u64(n).unwrap_err();
            assert_eq!((e.kind(), e.offset()), (ErrorKind::BufferTooSmall, Some(1)));
        }
    }

    #[test]
    fn slice_sink_refuses_overflow_at_its_offset() {
        let mut buf = [0u8; 3];
        let mut s = SliceSink::new(&mut buf);
        s.put("ab").unwrap();
        let e = s.put("cd").unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::BufferTooSmall, Some(2)));
    }
}
