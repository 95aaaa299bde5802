//! With the `simd` feature: the whole quads of a stage go to `base64-simd`
//! (see `blob::decode_stage` for the rest of the stage).

/// Decodes `chars`, whole quads without padding, into `out`, which holds
/// exactly three bytes per quad; false when `base64-simd` refuses them (it
/// does not say where: the table decoder does).
pub(super) fn quads(chars: &[u8], out: &mut [u8]) -> bool {
    let whole = out.len();
    matches!(
        base64_simd::STANDARD.decode(chars, base64_simd::Out::from_slice(out)),
        Ok(decoded) if decoded.len() == whole
    )
}
