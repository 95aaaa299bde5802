//! Tables of 64 slots keyed by a word of a name, for lookups that find a
//! name where it starts without comparing it with every other: a key's
//! slot is the top six bits of its product with a multiplier found at
//! compile time, one that gives different keys different slots.

/// The slot of `key` under `multiplier`: one of 64.
pub(crate) const fn slot(key: u64, multiplier: u64) -> usize {
    (key.wrapping_mul(multiplier) >> 58) as usize
}

/// The first multiplier, odd and stepped from the golden ratio's by a
/// large even step (so that small keys, too, land in new slots at each
/// step), under which different `keys` have different slots (equal keys
/// share theirs). For compile time: it loops until it finds one, and the
/// compiler stops a search that takes too long.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // compile time, in bounds
pub(crate) const fn multiplier_for(keys: &[u64]) -> u64 {
    let mut multiplier = 0x9E37_79B9_7F4A_7C15u64;
    loop {
        let mut clash = false;
        let mut i = 0;
        while i < keys.len() {
            let mut k = 0;
            while k < i {
                let (a, b) = (keys[i], keys[k]);
                if a != b && slot(a, multiplier) == slot(b, multiplier) {
                    clash = true;
                }
                k += 1;
            }
            i += 1;
        }
        if !clash {
            return multiplier;
        }
        multiplier = multiplier.wrapping_add(0x9E37_79B9_7F4A_7C16);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn different_keys_get_different_slots() {
        let keys = [1u64, 2, 3, 3, 0x6f63_7365_7461_636f, u64::MAX];
        let multiplier = multiplier_for(&keys);
        assert_eq!(multiplier % 2, 1);
        for a in keys {
            for b in keys {
                assert_eq!(
                    a == b,
                    slot(a, multiplier) == slot(b, multiplier),
                    "{a} {b}"
                );
            }
        }
    }
}
