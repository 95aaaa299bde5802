//! Decoding one stage of standard base64 (RFC 4648 §4, padded), as the
//! `base64` crate's `STANDARD` engine decodes it: the same inputs refused,
//! at the same index. A small table-driven loop instead of the engine's
//! unrolled one: a third of the code on small targets, and the engine stays
//! the reference the tests compare it with.

/// Why a stage does not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The character at this index (an invalid byte, a misplaced `=`, or a
    /// last symbol with bits left over).
    At(usize),
    /// The length or the padding, noticed at the end.
    End,
}

/// Not a base64 character.
const INVALID: u8 = 0xff;

/// The 6-bit value of each byte of the standard alphabet.
const VALUES: [u8; 256] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < alphabet.len() {
        #[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
        {
            table[alphabet[i] as usize] = i as u8;
        }
        i += 1;
    }
    table
};

/// Set in a [`PLACED`] entry of `+`, the one base64 character that a form
/// does not carry as it is.
pub(crate) const PLUS_BIT: u32 = 1 << 24;

/// The value of each byte at each place of a quad, shifted into place
/// (bits 23..0 of the quad's 24), or with the high bit set when it is no
/// base64 character: a quad is the OR of four entries, valid when its high
/// bit is clear. 4 KiB that save a shift and a test per character. A `+`
/// also sets [`PLUS_BIT`], above the quad's bits: form base64, where a `+`
/// is a space, refuses a quad that has it without a look of its own.
pub(crate) const PLACED: [[u32; 256]; 4] = {
    let mut tables = [[u32::MAX; 256]; 4];
    let mut place = 0;
    while place < 4 {
        let mut byte = 0;
        while byte < 256 {
            #[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
            {
                // Compile time: `byte < 256`, `place < 4`.
                let v = VALUES[byte];
                if v != INVALID {
                    tables[place][byte] = (v as u32) << (18 - 6 * place);
                }
                if byte == b'+' as usize {
                    tables[place][byte] |= PLUS_BIT;
                }
            }
            byte += 1;
        }
        place += 1;
    }
    tables
};

/// The 6-bit value of `byte`, or a value with the high bit set when it is
/// no base64 character (so that an OR of several tells whether any is).
pub(crate) const fn symbol(byte: u8) -> u8 {
    #[allow(clippy::indexing_slicing)] // a u8 indexes a 256-entry table
    VALUES[byte as usize]
}

/// As [`symbol`], for the raw bytes of form-encoded base64, where `+`
/// stands for a space (`%2B` is the plus sign).
pub(crate) const fn form_symbol(byte: u8) -> u8 {
    if byte == b'+' { INVALID } else { symbol(byte) }
}

fn value(byte: u8) -> Option<u32> {
    let v = symbol(byte);
    (v != INVALID).then_some(v as u32)
}

/// `stage = *quad [last-quad]`, `quad = 4char`, `last-quad = 2char "==" /
/// 3char "=" / 4char`, with no bits left over in the last character.
/// Decodes `chars` into `out`, which holds at least `chars.len() / 4 * 3`
/// bytes plus the last quad's, and returns the decoded length (a shorter
/// `out` is refused as `End`, which the callers' sizing rules out).
// Indices and lengths stay within `chars` and `out`, far below `usize::MAX`.
#[allow(clippy::arithmetic_side_effects)]
pub(crate) fn decode(chars: &[u8], out: &mut [u8]) -> Result<usize, Refusal> {
    let len = chars.len();
    let rem = len % 4;
    // A lone last character is reported first when it is no base64 at all
    // (as the engine does, for a stray line break).
    if rem == 1
        && let Some(&last) = chars.last()
        && last != b'='
        && value(last).is_none()
    {
        return Err(Refusal::At(len - 1));
    }
    // Every quad but the last has four characters of the alphabet.
    let body = if rem == 0 {
        len.saturating_sub(4)
    } else {
        len - rem
    };
    let (quads, last) = chars.split_at(body);
    debug_assert!(out.len() >= body / 4 * 3, "sized by the caller");
    if out.len() < body / 4 * 3 {
        return Err(Refusal::End);
    }
    let (head, tail) = out.split_at_mut(body / 4 * 3);
    for (q, (quad, dst)) in quads
        .chunks_exact(4)
        .zip(head.chunks_exact_mut(3))
        .enumerate()
    {
        let mut bits = 0u32;
        for (i, &c) in quad.iter().enumerate() {
            bits = (bits << 6) | value(c).ok_or(Refusal::At(q * 4 + i))?;
        }
        let [_, a, b, c] = bits.to_be_bytes();
        dst.copy_from_slice(&[a, b, c]);
    }
    Ok(body / 4 * 3 + last_quad(last, body, tail)?)
}

/// The last 1 to 4 characters, which start at index `base`.
// Indices within `chars`, a count of at most 4, shifts below 32.
#[allow(clippy::arithmetic_side_effects)]
fn last_quad(chars: &[u8], base: usize, out: &mut [u8]) -> Result<usize, Refusal> {
    let mut symbols = 0u32;
    let mut padding = 0u32;
    let mut first_padding = 0usize;
    let mut bits = 0u32;
    for (i, &c) in chars.iter().enumerate() {
        let at = base + i;
        if c == b'=' {
            // Padding stands for the third and fourth characters only.
            if i < 2 {
                return Err(Refusal::At(at));
            }
            if padding == 0 {
                first_padding = at;
            }
            padding += 1;
            continue;
        }
        if padding > 0 {
            return Err(Refusal::At(first_padding));
        }
        bits |= value(c).ok_or(Refusal::At(at))? << (26 - 6 * symbols);
        symbols += 1;
    }
    if (!chars.is_empty() && symbols < 2) || !(symbols + padding).is_multiple_of(4) {
        return Err(Refusal::End);
    }
    // 0 to 3 bytes: 2, 3 or 4 symbols (or none at all).
    let bytes = (symbols * 6 / 8) as usize;
    // The bits below the last whole byte must be zero (canonical).
    if bytes > 0 && bits & (u32::MAX >> (bytes * 8)) != 0 {
        return Err(Refusal::At(base + symbols as usize - 1));
    }
    let decoded = bits.to_be_bytes();
    let (Some(dst), Some(src)) = (out.get_mut(..bytes), decoded.get(..bytes)) else {
        return Err(Refusal::End); // `out` sized by the caller: not reached
    };
    dst.copy_from_slice(src);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use proptest::prelude::*;

    /// The engine's verdict in this module's terms.
    fn reference(chars: &[u8]) -> Result<std::vec::Vec<u8>, Refusal> {
        use base64::DecodeError;
        STANDARD.decode(chars).map_err(|e| match e {
            DecodeError::InvalidByte(i, _) | DecodeError::InvalidLastSymbol { offset: i, .. } => {
                Refusal::At(i)
            }
            DecodeError::InvalidLength(_) | DecodeError::InvalidPadding => Refusal::End,
        })
    }

    fn ours(chars: &[u8]) -> Result<std::vec::Vec<u8>, Refusal> {
        let mut out = std::vec![0u8; chars.len() / 4 * 3 + 3];
        let n = decode(chars, &mut out)?;
        out.truncate(n);
        Ok(out)
    }

    #[test]
    fn known_answers() {
        for (chars, want) in [
            (&b""[..], Ok(&b""[..])),
            (b"AAEC", Ok(&[0, 1, 2][..])),
            (b"AAECAw==", Ok(&[0, 1, 2, 3][..])),
            (b"AAECAwQ=", Ok(&[0, 1, 2, 3, 4][..])),
            (b"AA*C", Err(Refusal::At(2))),
            (b"AAECA", Err(Refusal::End)),
            (b"AAEC*", Err(Refusal::At(4))),
            (b"*AAA*", Err(Refusal::At(4))),
            (b"A===", Err(Refusal::At(1))),
            (b"AB=C", Err(Refusal::At(2))),
            (b"AB", Err(Refusal::End)),
            (b"AB=", Err(Refusal::End)),
            (b"AB==", Err(Refusal::At(1))),
            (b"AQ==", Ok(&[1][..])),
            (b"AAAA=AAA", Err(Refusal::At(4))),
        ] {
            let want = want.map(<[u8]>::to_vec);
            assert_eq!(ours(chars), want, "{chars:?}");
            assert_eq!(reference(chars), want, "{chars:?}");
        }
    }

    proptest! {
        /// The same verdict as the engine on any string of base64-ish
        /// characters: valid or not, at the same index.
        #[test]
        fn agrees_with_the_engine(
            chars in proptest::collection::vec(
                proptest::sample::select(&b"AQgw+/=*-\n Zz09"[..]), 0..40),
        ) {
            prop_assert_eq!(ours(&chars), reference(&chars));
        }

        /// And on canonical base64 of any bytes.
        #[test]
        fn decodes_what_the_engine_encodes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let chars = STANDARD.encode(&bytes);
            prop_assert_eq!(ours(chars.as_bytes()), Ok(bytes));
        }
    }
}
