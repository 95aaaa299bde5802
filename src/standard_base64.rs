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

fn value(byte: u8) -> Option<u32> {
    let v = *VALUES.get(usize::from(byte))?;
    (v != INVALID).then_some(u32::from(v))
}

/// `stage = *quad [last-quad]`, `quad = 4char`, `last-quad = 2char "==" /
/// 3char "=" / 4char`, with no bits left over in the last character.
/// Decodes `chars` into `out`, which holds at least `chars.len() / 4 * 3`
/// bytes plus the last quad's, and returns the decoded length.
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
        return Err(Refusal::At(len.saturating_sub(1)));
    }
    // Every quad but the last has four characters of the alphabet.
    let body = len.saturating_sub(if rem == 0 { 4 } else { rem });
    let mut written = 0usize;
    for (q, quad) in chars
        .get(..body)
        .unwrap_or_default()
        .chunks_exact(4)
        .enumerate()
    {
        let mut bits = 0u32;
        for (i, &c) in quad.iter().enumerate() {
            let at = q.saturating_mul(4).saturating_add(i);
            bits = (bits << 6) | value(c).ok_or(Refusal::At(at))?;
        }
        let bytes = bits.to_be_bytes();
        let end = written.saturating_add(3);
        out.get_mut(written..end)
            .ok_or(Refusal::End)?
            .copy_from_slice(bytes.get(1..).unwrap_or_default());
        written = end;
    }
    last_quad(
        chars.get(body..).unwrap_or_default(),
        body,
        out.get_mut(written..).unwrap_or_default(),
    )
    .map(|n| written.saturating_add(n))
}

/// The last 1 to 4 characters, which start at index `base`.
fn last_quad(chars: &[u8], base: usize, out: &mut [u8]) -> Result<usize, Refusal> {
    let mut symbols = 0usize;
    let mut padding = 0usize;
    let mut first_padding = 0usize;
    let mut bits = 0u32;
    for (i, &c) in chars.iter().enumerate() {
        let at = base.saturating_add(i);
        if c == b'=' {
            // Padding stands for the third and fourth characters only.
            if i < 2 {
                return Err(Refusal::At(at));
            }
            if padding == 0 {
                first_padding = at;
            }
            padding = padding.saturating_add(1);
            continue;
        }
        if padding > 0 {
            return Err(Refusal::At(first_padding));
        }
        let shift = 26u32.saturating_sub(6u32.saturating_mul(u32::try_from(symbols).unwrap_or(0)));
        bits |= value(c).ok_or(Refusal::At(at))? << shift;
        symbols = symbols.saturating_add(1);
    }
    if (!chars.is_empty() && symbols < 2) || !symbols.saturating_add(padding).is_multiple_of(4) {
        return Err(Refusal::End);
    }
    let bytes = symbols.saturating_mul(6) / 8;
    // The bits below the last whole byte must be zero (canonical).
    let left_over = u32::MAX.checked_shr(u32::try_from(bytes.saturating_mul(8)).unwrap_or(32));
    if left_over.is_some_and(|mask| bits & mask != 0) {
        return Err(Refusal::At(base.saturating_add(symbols).saturating_sub(1)));
    }
    let decoded = bits.to_be_bytes();
    out.get_mut(..bytes)
        .ok_or(Refusal::End)?
        .copy_from_slice(decoded.get(..bytes).unwrap_or_default());
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
