//! The hot path of base64 decoding: whole quads straight from the body into
//! the caller's buffer, eight characters at a time, stepping over line
//! breaks and (in form base64) resolving `%2B`/`%2F` escapes in the same
//! pass. A line of a known width followed by LF or CRLF is decoded at a
//! fixed stride, without looking for its end.
//!
//! A run stops, without an error, at anything it does not decode quickly:
//! padding, a character outside the alphabet, any other escape, the end of
//! the body or of the buffer. The staged decoder then takes over from the
//! quad where it stopped, so that every refusal keeps its verdict and offset.

use crate::standard_base64::{PLACED, form_symbol, symbol};

/// The 6-bit value of a raw byte, high bit set for anything else.
#[inline(always)]
const fn value<const FORM: bool>(byte: u8) -> u8 {
    if FORM {
        form_symbol(byte)
    } else {
        symbol(byte)
    }
}

/// How far one run got: raw bytes read and decoded bytes written (three
/// for each whole quad).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub(super) read: usize,
    pub(super) written: usize,
}

/// Decodes whole quads of `raw` into `out` until it meets something only the
/// staged decoder decodes. `width` is the line width for the fixed stride (a
/// multiple of 4, or 0 for none); `FORM` resolves form escapes.
///
/// Without the `fast-base64` feature no run takes anything, and every quad
/// goes through the staged decoder: about 900 bytes less code on a
/// Cortex-M4, at about 1.5 times the instructions.
pub(super) fn run<const FORM: bool>(raw: &[u8], out: &mut [u8], width: usize) -> Run {
    if !cfg!(feature = "fast-base64") {
        return Run {
            read: 0,
            written: 0,
        };
    }
    let mut rest = raw;
    let out_len = out.len();
    let mut room = out;
    #[allow(clippy::arithmetic_side_effects)] // shrinks `width`
    let line_bytes = width / 4 * 3;
    loop {
        // A whole line at the fixed stride, then its line break.
        if width > 0
            && let Some((line, after)) = fixed_line(rest, width)
            && let Some(dst) = room.get_mut(..line_bytes)
            && clean::<FORM>(line, dst)
        {
            rest = after;
            // `get_mut(..line_bytes)` just succeeded.
            room = core::mem::take(&mut room).split_at_mut(line_bytes).1;
            continue;
        }
        (rest, room) = groups::<FORM>(rest, room);
        // One quad the groups could not take: a line break or an escape
        // inside it, or fewer than 8 characters left.
        if room.len() < 3 {
            break;
        }
        let clean = rest
            .split_first_chunk::<4>()
            .and_then(|(chars, after)| Some((quad_of::<FORM>(*chars)?, after)));
        let Some((bytes, after)) = clean.or_else(|| quad::<FORM>(rest)) else {
            break;
        };
        let Some((dst, tail)) = core::mem::take(&mut room).split_first_chunk_mut::<3>() else {
            break; // Not reached: the room was checked above.
        };
        *dst = bytes;
        room = tail;
        rest = after;
    }
    Run {
        read: consumed(raw.len(), rest.len()),
        written: consumed(out_len, room.len()),
    }
}

/// The part of a slice that a tail of it leaves.
#[allow(clippy::arithmetic_side_effects)] // `rest` is a tail's length
fn consumed(whole: usize, rest: usize) -> usize {
    debug_assert!(rest <= whole);
    whole - rest
}

/// `width` characters followed by LF or CRLF: the line and what follows.
fn fixed_line(rest: &[u8], width: usize) -> Option<(&[u8], &[u8])> {
    let (line, after) = rest.split_at_checked(width)?;
    let after = match after {
        [b'\n', tail @ ..] | [b'\r', b'\n', tail @ ..] => tail,
        _ => return None,
    };
    Some((line, after))
}

/// Decodes `chars` (whole quads of the alphabet only) into `out`, which
/// holds exactly three bytes per quad; false at anything else.
fn clean<const FORM: bool>(chars: &[u8], out: &mut [u8]) -> bool {
    let (chars, out) = groups::<FORM>(chars, out);
    match (chars, out) {
        ([], []) => true,
        ([a, b, c, d], [x, y, z]) => match quad_of::<FORM>([*a, *b, *c, *d]) {
            Some(bytes) => {
                [*x, *y, *z] = bytes;
                true
            }
            None => false,
        },
        _ => false,
    }
}

/// Decodes groups of 8 characters of the alphabet into 6 bytes each while
/// both slices have room; returns what is left of each.
fn groups<'r, 'o, const FORM: bool>(
    mut rest: &'r [u8],
    mut room: &'o mut [u8],
) -> (&'r [u8], &'o mut [u8]) {
    while room.len() >= 6
        && let Some((chars, next)) = rest.split_first_chunk::<8>()
        && let Some(bytes) = group::<FORM>(chars)
    {
        let Some((dst, tail)) = core::mem::take(&mut room).split_first_chunk_mut::<6>() else {
            break; // Not reached: the room was checked above.
        };
        *dst = bytes;
        room = tail;
        rest = next;
    }
    (rest, room)
}

/// Eight characters of the alphabet as six bytes, with no branch per
/// character (see `PLACED`).
#[inline(always)]
fn group<const FORM: bool>(chars: &[u8; 8]) -> Option<[u8; 6]> {
    let [a, b, c, d, e, f, g, h] = *chars;
    let high = placed([a, b, c, d]);
    let low = placed([e, f, g, h]);
    if (high | low) & INVALID_BIT != 0 || (FORM && has_plus(u64::from_le_bytes(*chars))) {
        return None;
    }
    let [_, _, a, b, c, d, e, f] = ((u64::from(high) << 24) | u64::from(low)).to_be_bytes();
    Some([a, b, c, d, e, f])
}

/// Four characters of the alphabet as three bytes.
#[inline(always)]
fn quad_of<const FORM: bool>(chars: [u8; 4]) -> Option<[u8; 3]> {
    let bits = placed(chars);
    if bits & INVALID_BIT != 0 || (FORM && has_plus(u64::from(u32::from_le_bytes(chars)))) {
        return None;
    }
    let [_, a, b, c] = bits.to_be_bytes();
    Some([a, b, c])
}

/// Set in a quad's bits when one of its characters is no base64.
const INVALID_BIT: u32 = 1 << 31;

/// The 24 bits of a quad, `INVALID_BIT` set when a character is no base64.
#[inline(always)]
fn placed([a, b, c, d]: [u8; 4]) -> u32 {
    let [t0, t1, t2, t3] = &PLACED;
    let at = |table: &[u32; 256], byte: u8| {
        // A u8 indexes a 256-entry table.
        #[allow(clippy::indexing_slicing)]
        table[usize::from(byte)]
    };
    at(t0, a) | at(t1, b) | at(t2, c) | at(t3, d)
}

/// Whether a word of characters holds a `+`, which in a form is a space:
/// the classic test for a zero byte, on the word XOR `+` in every byte.
#[inline(always)]
const fn has_plus(word: u64) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    const PLUS: u64 = u64::from_le_bytes([b'+'; 8]);
    let x = word ^ PLUS;
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

/// One quad of the alphabet read a character at a time: line breaks (raw,
/// or escaped in a form) skipped, `%2B`/`%2F` resolved in a form. `None` at
/// anything else, padding included, or at the end.
fn quad<const FORM: bool>(mut rest: &[u8]) -> Option<([u8; 3], &[u8])> {
    let mut bits = 0u32;
    let mut symbols = 0u8;
    while symbols < 4 {
        let (&byte, tail) = rest.split_first()?;
        let mut six = value::<FORM>(byte);
        rest = tail;
        if six & 0x80 != 0 {
            match byte {
                b'\r' | b'\n' => continue,
                b'%' if FORM => {
                    // Only the escapes of base64 characters and line breaks.
                    let (escaped, after) = tail.split_first_chunk::<2>()?;
                    rest = after;
                    match escaped {
                        [b'0', b'A' | b'a' | b'D' | b'd'] => continue,
                        [b'2', b'B' | b'b'] => six = 62,
                        [b'2', b'F' | b'f'] => six = 63,
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
        bits = (bits << 6) | u32::from(six);
        symbols = symbols.wrapping_add(1); // at most 4
    }
    let [_, a, b, c] = bits.to_be_bytes();
    Some(([a, b, c], rest))
}
