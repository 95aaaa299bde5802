//! With the `simd` feature: the whole quads of a stage go to `base64-simd`,
//! the last quad (with its padding) to the table decoder, which also names
//! the character when `base64-simd` refuses (it does not say where).

use crate::standard_base64::{self, Refusal};

/// Decodes one stage as `standard_base64::decode` does, with the same
/// verdicts. `out` holds at least `chars.len().div_ceil(4) * 3` bytes.
pub(super) fn decode(chars: &[u8], out: &mut [u8]) -> Result<usize, Refusal> {
    // Every whole quad but the last, which may hold padding.
    let quads = chars.len().saturating_sub(1) / 4;
    let Some(((body, _), (dst, rest))) = quads
        .checked_mul(4)
        .and_then(|n| chars.split_at_checked(n))
        .zip(
            quads
                .checked_mul(3)
                .and_then(|n| out.split_at_mut_checked(n)),
        )
    else {
        return standard_base64::decode(chars, out);
    };
    let whole = dst.len();
    match base64_simd::STANDARD.decode(body, base64_simd::Out::from_slice(dst)) {
        Ok(decoded) if decoded.len() == whole => {
            let (_, last) = chars.split_at(body.len());
            match standard_base64::decode(last, rest) {
                Ok(n) => Ok(n.saturating_add(whole)),
                Err(_) => standard_base64::decode(chars, out),
            }
        }
        _ => standard_base64::decode(chars, out),
    }
}
