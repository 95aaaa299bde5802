//! The hot path of base64 decoding: whole quads straight from the body into
//! the caller's buffer, eight characters at a time, stepping over line
//! breaks and (in form base64) resolving `%2B`/`%2F` escapes in the same
//! pass. A line of a known width followed by LF or CRLF is decoded at a
//! fixed stride, without looking for its end; on 64-bit targets a line of
//! 64 or 76 columns is decoded whole, with one check for the line.
//!
//! A run stops, without an error, at anything it does not decode quickly:
//! padding (but a plain padded last quad followed only by line breaks, which
//! ends a PEM block), a character outside the alphabet, any other escape, the
//! end of the body or of the buffer. The staged decoder then takes over from
//! the quad where it stopped, so that every refusal keeps its verdict and
//! offset.

use crate::form::lanes_equal;
use crate::pem::after_break;
use crate::standard_base64::{PLACED, PLUS_BIT, form_symbol, symbol};

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
#[cfg_attr(feature = "fast-base64", inline(never))]
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
    loop {
        // With `simd`, PEM lines of the usual widths go to base64-simd
        // first, as many as `room` holds.
        #[cfg(feature = "simd")]
        if !FORM {
            (rest, room) = match width {
                64 => super::simd::in_place::<64>(rest, room),
                76 => super::simd::in_place::<76>(rest, room),
                _ => (rest, room),
            };
        }
        // Whole lines of the usual widths, each decoded as one unrolled
        // unit with one check, then its line break; base64 on one line (or
        // in lines longer than 64) in such units of 64 characters (64-bit
        // targets: on a microcontroller the unrolled units cost more flash
        // than they save).
        #[cfg(target_pointer_width = "64")]
        if !FORM {
            (rest, room) = match width {
                64 => lines::<64, true>(rest, room),
                76 => lines::<76, true>(rest, room),
                0 | 65.. => lines::<64, false>(rest, room),
                _ => (rest, room),
            };
        }
        // A whole line at the fixed stride, then its line break.
        if width > 0
            && let Some((line, after)) = fixed_line(rest, width)
        {
            let (left, tail) = groups::<FORM>(line, room);
            let (left, tail) = one_quad::<FORM>(left, tail);
            room = tail;
            if left.is_empty() {
                rest = after;
                continue;
            }
            // Stopped inside the line: on from there, a quad at a time.
            rest = rest.get(consumed(line.len(), left.len())..).unwrap_or(rest);
        }
        (rest, room) = groups::<FORM>(rest, room);
        // In a form, most groups stop at a `%2B` or `%2F`: eight characters
        // from the ten bytes that hold one, without a branch per byte.
        if FORM
            && room.len() >= 6
            && let Some((bits, after)) = escaped_group(rest)
        {
            (rest, room) = (after, put_group(core::mem::take(&mut room), bits));
            continue;
        }
        // One quad the groups could not take: a line break or another
        // escape inside it, or fewer than 8 characters left.
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
    // A PEM block ends in a padded quad: decoded here, the block needs no
    // stage at all. The line breaks that end a blob are read with it, so
    // that no call is left to find only them.
    let padded = if FORM { None } else { padded_end(rest, room) };
    let done = padded.is_some() || rest.iter().all(|&byte| byte == b'\r' || byte == b'\n');
    Run {
        read: consumed(raw.len(), if done { 0 } else { rest.len() }),
        written: consumed(out_len, room.len()).saturating_add(padded.unwrap_or(0)),
    }
}

/// The last quad when it is padded (`xx==` or `xxx=`, without bits left
/// over in its last symbol) and only line breaks follow it: its one or two
/// bytes, written at the start of `room` when they fit, and how many.
/// `None` for anything else, which the staged decoder then judges.
fn padded_end(rest: &[u8], room: &mut [u8]) -> Option<usize> {
    let (&[a, b, c, d], after) = rest.split_first_chunk::<4>()?;
    if d != b'=' || !after.iter().all(|&byte| byte == b'\r' || byte == b'\n') {
        return None;
    }
    // `A` is a symbol of value 0: the bits of the symbols that are there.
    let (n, bits) = match c {
        b'=' => (1, placed([a, b, b'A', b'A'])),
        _ => (2, placed([a, b, c, b'A'])),
    };
    let [_, high, low, left_over] = bits.to_be_bytes();
    let left_over = if n == 1 { low } else { left_over };
    if bits & INVALID_BIT != 0 || left_over != 0 {
        return None;
    }
    let bytes = [high, low];
    room.get_mut(..n)?.copy_from_slice(bytes.get(..n)?);
    Some(n)
}

/// Decodes `chars`, whole quads without padding or line breaks, into
/// `out`, which holds exactly three bytes per quad; false at anything the
/// groups do not take (the table decoder then says what and where).
#[cfg(not(feature = "simd"))]
pub(super) fn quads(chars: &[u8], out: &mut [u8]) -> bool {
    let run = run::<false>(chars, out, 0);
    run.read == chars.len() && run.written == out.len()
}

/// The part of a slice that a tail of it leaves.
#[allow(clippy::arithmetic_side_effects)] // `rest` is a tail's length
fn consumed(whole: usize, rest: usize) -> usize {
    debug_assert!(rest <= whole);
    whole - rest
}

/// `width` characters followed by LF or CRLF: the line and what follows
/// (`None` for a width of 0).
fn fixed_line(rest: &[u8], width: usize) -> Option<(&[u8], &[u8])> {
    let (line, after) = rest.split_at_checked(width).filter(|_| width > 0)?;
    Some((line, after_break(after)?))
}

/// Decodes lines of `W` characters (a multiple of 4, at most 80), each
/// followed by LF or CRLF when `BREAK`, while `room` holds 64 bytes;
/// returns what is left of each. Each line is decoded whole, its checks
/// folded into one, before it counts: a line that fails leaves only
/// scratch bytes in `room`.
#[cfg(target_pointer_width = "64")]
fn lines<'r, 'o, const W: usize, const BREAK: bool>(
    mut rest: &'r [u8],
    mut room: &'o mut [u8],
) -> (&'r [u8], &'o mut [u8]) {
    // Compile time: the line's bytes and the 2 scratch bytes fit in 64.
    #[allow(clippy::arithmetic_side_effects)]
    let decoded = const {
        assert!(W.is_multiple_of(4) && W / 4 * 3 + 2 <= 64);
        W / 4 * 3
    };
    while let Some((line, after)) = rest.split_first_chunk::<W>()
        && let Some(after) = if BREAK {
            after_break(after)
        } else {
            Some(after)
        }
        && let Some(dst) = room.first_chunk_mut::<64>()
        && whole_line(line, dst)
    {
        let Some((_, tail)) = core::mem::take(&mut room).split_at_mut_checked(decoded) else {
            break; // Not reached: 64 bytes were there.
        };
        room = tail;
        rest = after;
    }
    (rest, room)
}

/// Decodes `line`, whole groups of 8 characters and at most one quad,
/// into the start of `out`; false if a character is not of the alphabet
/// (the bytes written are then scratch). Groups are stored as 8 bytes
/// that the next overwrites by 2, so `out` needs 2 bytes past the line's.
/// A constant count of groups at constant places: unrolled, no bounds
/// checks (a shrinking slice kept 76 columns a loop, 15 % slower).
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn whole_line<const W: usize>(line: &[u8; W], out: &mut [u8; 64]) -> bool {
    let (groups, quad) = line.as_chunks::<8>();
    let mut refused = 0u64;
    for (i, chars) in groups.iter().enumerate() {
        let bits = group_bits(chars);
        refused |= bits;
        // Within `out` for the widths `lines` takes (checked there).
        if let Some(wide) = out
            .get_mut(i.wrapping_mul(6)..)
            .and_then(|d| d.first_chunk_mut::<8>())
        {
            *wide = bits.to_le_bytes();
        }
    }
    let mut invalid = 0u32;
    if let Ok(chars) = <[u8; 4]>::try_from(quad) {
        let bits = placed(chars);
        invalid = bits;
        let at = groups.len().wrapping_mul(6);
        if let Some(wide) = out.get_mut(at..).and_then(|d| d.first_chunk_mut::<4>()) {
            *wide = (bits << 8).to_be_bytes();
        }
    }
    (refused & flags(INVALID_BIT) == 0) & (invalid & INVALID_BIT == 0)
}

/// Decodes one quad of the alphabet when `rest` starts with one and `room`
/// holds its three bytes; returns what is left of each.
fn one_quad<'r, 'o, const FORM: bool>(
    rest: &'r [u8],
    room: &'o mut [u8],
) -> (&'r [u8], &'o mut [u8]) {
    if let Some((chars, next)) = rest.split_first_chunk::<4>()
        && let Some(bytes) = quad_of::<FORM>(*chars)
        && room.len() >= 3
    {
        // Three bytes are there.
        let (dst, tail) = room.split_at_mut(3);
        dst.copy_from_slice(&bytes);
        return (next, tail);
    }
    (rest, room)
}

/// Decodes groups of 8 characters of the alphabet into 6 bytes each while
/// both slices have room; returns what is left of each. While 8 bytes of
/// room are left, each group is one 8-byte store of which the next group
/// overwrites the last two: a store a group instead of six.
fn groups<'r, 'o, const FORM: bool>(
    mut rest: &'r [u8],
    mut room: &'o mut [u8],
) -> (&'r [u8], &'o mut [u8]) {
    while let Some((chars, next)) = rest.split_first_chunk::<8>()
        && let Some(wide) = room.first_chunk_mut::<8>()
        && let Some(bits) = group::<FORM>(chars)
    {
        *wide = bits.to_le_bytes();
        let Some((_, tail)) = core::mem::take(&mut room).split_at_mut_checked(6) else {
            break; // Not reached: 8 bytes were there.
        };
        room = tail;
        rest = next;
    }
    if let Some((chars, next)) = rest.split_first_chunk::<8>()
        && let Some(bits) = group::<FORM>(chars)
        && room.len() >= 6
    {
        return (next, put_group(room, bits));
    }
    (rest, room)
}

/// Writes a group's six bytes (see `group`) at the start of `room`, which
/// the caller has checked holds them, and returns the rest of `room`.
fn put_group(room: &mut [u8], bits: u64) -> &mut [u8] {
    debug_assert!(room.len() >= 6, "no room for a group");
    let (dst, tail) = room.split_at_mut(room.len().min(6));
    let bytes = bits.to_le_bytes();
    dst.copy_from_slice(bytes.get(..dst.len()).unwrap_or_default());
    tail
}

/// Eight characters of the alphabet as six bytes, in the order they are
/// stored (the low six of the word's little-endian bytes), with no branch
/// per character; `None` when one is refused.
#[inline(always)]
fn group<const FORM: bool>(chars: &[u8; 8]) -> Option<u64> {
    let bits = group_bits(chars);
    if bits & flags(refused::<FORM>()) != 0 {
        return None;
    }
    Some(bits)
}

/// The bits of [`group`] without its checks: the six bytes, and in the
/// top byte (which a store of the next group overwrites) the quads' flag
/// bits (see [`flags`]). On 64-bit targets an OR of eight entries of
/// [`WIDE`]; elsewhere [`group_by_quads`].
#[inline(always)]
fn group_bits(chars: &[u8; 8]) -> u64 {
    #[cfg(target_pointer_width = "64")]
    {
        let [t0, t1, t2, t3, t4, t5, t6, t7] = &WIDE;
        let at = |table: &[u64; 256], byte: u8| {
            // A u8 indexes a 256-entry table.
            #[allow(clippy::indexing_slicing)]
            table[usize::from(byte)]
        };
        // Two 4-byte loads, not eight 1-byte ones: each character already
        // costs a table load, and loads bound this loop (with the table,
        // decoding took 12 % less time; either alone, none).
        let word = |four: Option<&[u8; 4]>| four.map_or(0, |four| u32::from_le_bytes(*four));
        let (low, high) = (word(chars.first_chunk()), word(chars.last_chunk()));
        // The byte at each of the four places of a word: truncation wanted.
        #[allow(clippy::cast_possible_truncation)]
        let bytes = |word: u32| [0, 8, 16, 24].map(|shift| (word >> shift) as u8);
        let ([a, b, c, d], [e, f, g, h]) = (bytes(low), bytes(high));
        at(t0, a)
            | at(t1, b)
            | at(t2, c)
            | at(t3, d)
            | at(t4, e)
            | at(t5, f)
            | at(t6, g)
            | at(t7, h)
    }
    #[cfg(not(target_pointer_width = "64"))]
    {
        group_by_quads(chars)
    }
}

/// [`group_bits`] from two quads, without the 16 KiB table.
#[cfg(any(test, not(target_pointer_width = "64")))]
#[inline(always)]
fn group_by_quads(chars: &[u8; 8]) -> u64 {
    let [a, b, c, d, e, f, g, h] = *chars;
    wide(placed([a, b, c, d]), placed([e, f, g, h]))
}

/// Two quads' bits (see [`placed`]) in the layout of [`group_bits`].
const fn wide(high: u32, low: u32) -> u64 {
    let data = (((high as u64) & 0x00FF_FFFF) << 40) | (((low as u64) & 0x00FF_FFFF) << 16);
    data.swap_bytes() | flags(high | low)
}

/// A quad's flag bits (above its 24: [`INVALID_BIT`], [`PLUS_BIT`]) where
/// a group keeps them, in its top byte.
const fn flags(quad: u32) -> u64 {
    ((quad >> 24) as u64) << 56
}

/// Each byte's bits at each place of a group of eight, in the layout of
/// [`group_bits`]: a group is eight loads and ORs, with no shifts to join
/// two quads and no byte swap before the store (16 KiB, 64-bit only).
#[cfg(target_pointer_width = "64")]
static WIDE: [[u64; 256]; 8] = {
    let mut tables = [[0; 256]; 8];
    let mut byte = 0;
    while byte < 256 {
        let mut place = 0;
        while place < 4 {
            #[allow(clippy::indexing_slicing)] // compile time, in bounds
            {
                let bits = PLACED[place][byte];
                tables[place][byte] = wide(bits, 0);
                tables[place + 4][byte] = wide(0, bits);
            }
            place += 1;
        }
        byte += 1;
    }
    tables
};

/// Four characters of the alphabet as three bytes.
#[inline(always)]
fn quad_of<const FORM: bool>(chars: [u8; 4]) -> Option<[u8; 3]> {
    let bits = placed(chars);
    if bits & refused::<FORM>() != 0 {
        return None;
    }
    let [_, a, b, c] = bits.to_be_bytes();
    Some([a, b, c])
}

/// Set in a quad's bits when one of its characters is no base64.
const INVALID_BIT: u32 = 1 << 31;

/// The bits of a quad that refuse it: a character that is no base64, and
/// in a form a `+` (a space there).
#[inline(always)]
const fn refused<const FORM: bool>() -> u32 {
    if FORM {
        INVALID_BIT | PLUS_BIT
    } else {
        INVALID_BIT
    }
}

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

/// Whether a word of characters holds a `+`, which in a form is a space.
#[inline(always)]
const fn has_plus(word: u64) -> bool {
    lanes_equal(word, b'+') != 0
}

/// Ten raw bytes of form base64 whose first `%` opens a `%2B` or `%2F`
/// (either case) with characters of the alphabet around it, as the eight
/// characters they stand for (see `group`), and what follows them. The
/// characters before the escape come from the first eight bytes and those
/// after it from the eight bytes two on: masks, not a branch per byte.
/// (A loop of these without a branch on whether there is an escape is
/// slower: its next load waits for this one's arithmetic.)
#[inline]
fn escaped_group(rest: &[u8]) -> Option<(u64, &[u8])> {
    let (raw, after) = rest.split_first_chunk::<10>()?;
    let (head, _) = raw.split_first_chunk::<8>()?;
    let (_, shifted) = raw.split_last_chunk::<8>()?;
    let (head, shifted) = (u64::from_le_bytes(*head), u64::from_le_bytes(*shifted));
    let percent = lanes_equal(head, b'%');
    if percent == 0 {
        return None;
    }
    // The lowest lane is exact: the escape's bit place, 0 to 56.
    let at = percent.trailing_zeros() & 0x38;
    let place = (at / 8) as usize;
    let byte = |i: usize| raw.get(place.wrapping_add(i)).copied().unwrap_or(0);
    let letter = byte(2) | 0x20;
    let slash = letter == b'f';
    if byte(1) != b'2' || !(slash || letter == b'b') {
        return None;
    }
    let below = (1u64 << at).wrapping_sub(1);
    let above = !below << 8;
    let chars = (head & below) | (shifted & above);
    if has_plus(chars) {
        return None;
    }
    let symbol = if slash { b'/' } else { b'+' };
    let chars = chars | u64::from(symbol) << at;
    Some((group::<false>(&chars.to_le_bytes())?, after))
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The 16 KiB table of 64-bit targets and the two quads of the others
    /// are one function: every byte at every place, among other bytes.
    #[test]
    fn the_table_and_the_quads_agree_on_every_byte_at_every_place() {
        for fill in [*b"AAAAAAAA", *b"+/09az+Z", *b"\0%=\n\r-\xff "] {
            for place in 0..8 {
                for byte in 0..=u8::MAX {
                    let mut chars = fill;
                    chars[place] = byte;
                    assert_eq!(group_bits(&chars), group_by_quads(&chars), "{chars:?}");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn the_table_and_the_quads_agree(chars in prop::array::uniform8(prop_oneof![
            // Mostly the alphabet, or nearly every group has a refused byte.
            4 => prop::sample::select(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".to_vec()
            ),
            1 => any::<u8>(),
        ])) {
            prop_assert_eq!(group_bits(&chars), group_by_quads(&chars));
        }
    }
}
