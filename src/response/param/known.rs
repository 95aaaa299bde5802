//! Finding a known format-1 parameter where a name starts, without a scan
//! for the name's end: a slot by the name's first four bytes, then one
//! masked compare of up to 32 bytes.

use super::{NAMES, Param};
use crate::details::StatusDetails;
use crate::slots;

/// Every name a body may give a known parameter as it is sent (no escapes
/// in it): [`NAMES`], the status details' and their alias.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // compile time, in bounds
const KNOWN: [(&str, Param); KNOWN_LEN] = {
    let mut known = [("", Param::ErrorCode); KNOWN_LEN];
    let mut i = 0;
    while i < NAMES.len() {
        known[i] = NAMES[i];
        i += 1;
    }
    let mut d = 0;
    while d < StatusDetails::COUNT {
        known[i] = (StatusDetails::NAMES[d], Param::Detail(d));
        i += 1;
        d += 1;
    }
    let mut a = 0;
    while a < StatusDetails::ALIASES.len() {
        let (alias, index) = StatusDetails::ALIASES[a];
        known[i] = (alias, Param::Detail(index));
        i += 1;
        a += 1;
    }
    known
};

const KNOWN_LEN: usize = NAMES.len() + StatusDetails::COUNT + StatusDetails::ALIASES.len();

/// The slot of a name's first four bytes (every known name has four).
const fn slot(first: [u8; 4]) -> usize {
    slots::slot(u32::from_le_bytes(first) as u64, MULTIPLIER)
}

/// The first four bytes of a known name.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // compile time, in bounds
const fn first_four(name: &str) -> [u8; 4] {
    let b = name.as_bytes();
    [b[0], b[1], b[2], b[3]]
}

/// A multiplier that puts names with different first four bytes in
/// different slots, found at compile time.
const MULTIPLIER: u64 = {
    let mut keys = [0u64; KNOWN_LEN];
    let mut i = 0;
    while i < KNOWN_LEN {
        #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
        // compile time, in bounds
        {
            keys[i] = u32::from_le_bytes(first_four(KNOWN[i].0)) as u64;
            i += 1;
        }
    }
    slots::multiplier_for(&keys)
};

/// The known names by the slot of their first four bytes, indices into
/// [`KNOWN`], the longest first (`certificateStatus` before
/// `certificate`); at most two a slot (a third fails the build).
// Compile time, in bounds; fewer than 255 names.
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]
const BY_FIRST_FOUR: [[u8; 2]; 64] = {
    let mut table = [[u8::MAX; 2]; 64];
    let mut i = 0;
    while i < KNOWN.len() {
        let row = &mut table[slot(first_four(KNOWN[i].0))];
        let mut k = 0;
        while row[k] != u8::MAX {
            k += 1;
        }
        row[k] = i as u8;
        if k == 1 && KNOWN[row[0] as usize].0.len() < KNOWN[i].0.len() {
            *row = [row[1], row[0]];
        }
        i += 1;
    }
    table
};

/// The known parameter whose name, as the spec spells it, starts `rest`
/// and ends where a name may end (`=`, `&` or the end), and the name's
/// length: most names found without a scan for their end.
pub(super) fn param_at(rest: &[u8]) -> Option<(Param, usize)> {
    let row = BY_FIRST_FOUR.get(slot(*rest.first_chunk::<4>()?))?;
    row.iter().find_map(|&i| {
        let (name, param) = KNOWN.get(usize::from(i))?;
        let len = name.len();
        let ends = matches!(rest.get(len), None | Some(b'=' | b'&'));
        (ends && starts_with(rest, usize::from(i))).then_some((*param, len))
    })
}

/// Whether `rest` starts with the known name at `index`: with 32 bytes
/// to read, four word compares under its mask and no call to `memcmp`.
fn starts_with(rest: &[u8], index: usize) -> bool {
    let (Some(head), Some((words, masks))) = (rest.first_chunk::<32>(), KNOWN_WORDS.get(index))
    else {
        return KNOWN
            .get(index)
            .is_some_and(|(name, _)| rest.starts_with(name.as_bytes()));
    };
    let (head, _) = head.as_chunks::<8>();
    let differ = head
        .iter()
        .zip(words.iter().zip(masks))
        .fold(0, |differ, (head, (word, mask))| {
            differ | ((u64::from_le_bytes(*head) ^ word) & mask)
        });
    differ == 0
}

/// Each known name as four little-endian words, zero past its end, and
/// the masks of its bytes.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // compile time, in bounds
const KNOWN_WORDS: [([u64; 4], [u64; 4]); KNOWN_LEN] = {
    let mut all = [([0u64; 4], [0u64; 4]); KNOWN_LEN];
    let mut i = 0;
    while i < KNOWN_LEN {
        let name = KNOWN[i].0.as_bytes();
        let mut k = 0;
        while k < name.len() {
            all[i].0[k / 8] |= (name[k] as u64) << (8 * (k % 8));
            all[i].1[k / 8] |= 0xFF << (8 * (k % 8));
            k += 1;
        }
        i += 1;
    }
    all
};

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn every_known_name_is_found_where_it_ends() {
        for (name, param) in KNOWN {
            assert_eq!(
                super::super::param_of(name.as_bytes()),
                Some(param),
                "{name}"
            );
            for end in ["", "=", "=1", "&", "&x=1"] {
                let rest = format!("{name}{end}");
                assert_eq!(
                    param_at(rest.as_bytes()),
                    Some((param, name.len())),
                    "{rest}"
                );
            }
            // A name that goes on, or another case, is another name.
            for other in [
                format!("{name}x="),
                name.to_uppercase(),
                name[1..].to_string(),
            ] {
                assert_eq!(param_at(other.as_bytes()), None, "{other}");
            }
        }
        assert_eq!(
            param_at(b"certificateStatus=Issued"),
            Some((Param::CertificateStatus, 17))
        );
        assert_eq!(param_at(b"certificate=MII"), Some((Param::Certificate, 11)));
        assert_eq!(param_at(b"abc"), None);
    }
}
