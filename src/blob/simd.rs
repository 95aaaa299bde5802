//! With the `simd` feature: PEM lines, and the whole quads of a stage, go
//! to `base64-simd` (see `fast::run` and `blob::decode_stage` for the rest).

use crate::pem::after_break;

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

/// Lines of `W` characters (a multiple of 4), each followed by LF or CRLF,
/// copied into `room` as they fit and decoded there in place by
/// `base64-simd`, as many at once as `room` holds: a buffer in use needs no
/// zeroing, a stage would. A line that ends in padding is left for the
/// groups, and so is a batch that `base64-simd` refuses (its bytes in
/// `room` are then scratch): the groups say what and where. Returns what
/// is left of each.
pub(super) fn in_place<'r, 'o, const W: usize>(
    mut rest: &'r [u8],
    mut room: &'o mut [u8],
) -> (&'r [u8], &'o mut [u8]) {
    loop {
        let mut staged = 0usize;
        let mut after_lines = rest;
        while let Some((line, after)) = after_lines.split_first_chunk::<W>()
            && line.last() != Some(&b'=')
            && let Some(after) = after_break(after)
            && let Some(dst) = room
                .get_mut(staged..)
                .and_then(|d| d.first_chunk_mut::<W>())
        {
            *dst = *line;
            staged = staged.saturating_add(W);
            after_lines = after;
        }
        // Three bytes for every four characters: less than `staged`.
        let decoded = staged.div_euclid(4).saturating_mul(3);
        let Some(chars) = room.get_mut(..staged).filter(|_| staged > 0) else {
            break;
        };
        if !matches!(base64_simd::STANDARD.decode_inplace(chars), Ok(d) if d.len() == decoded) {
            break;
        }
        let Some((_, tail)) = core::mem::take(&mut room).split_at_mut_checked(decoded) else {
            break; // Not reached: `staged` bytes were there.
        };
        (rest, room) = (after_lines, tail);
    }
    (rest, room)
}
