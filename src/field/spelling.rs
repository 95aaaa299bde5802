//! How a sent name is matched to a [`Field`], ignoring ASCII case: each
//! name as three overlapping words of eight bytes with the bits of its
//! letters' case masked, so that a name is compared in three steps
//! whatever its case. [`Field::from_name`] and the request parser share it.

use super::Field;

/// A field's name as the lookup compares it: three words of eight bytes
/// (at 0, at 8 or less, and ending with the name, overlapping in names
/// shorter than 24 bytes), with bit 5 set in the lanes of letters, and a
/// mask of those bits. A sent word with the mask set equals the name's
/// exactly when its bytes equal the name's ignoring ASCII case.
#[derive(Clone, Copy)]
struct Spelling {
    folded: [u64; 3],
    letters: [u64; 3],
}

/// The shortest name (`showFQDN`): every name fills its three words, and
/// a shorter build fails.
const MIN_NAME_LEN: usize = 8;

/// Where the three words of a name of `len` bytes start; `None` when it
/// is too short for a name.
const fn word_starts(len: usize) -> Option<[usize; 3]> {
    let Some(last) = len.checked_sub(MIN_NAME_LEN) else {
        return None;
    };
    let middle = if last < MIN_NAME_LEN {
        last
    } else {
        MIN_NAME_LEN
    };
    Some([0, middle, last])
}

impl Spelling {
    #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // compile time, in bounds
    const fn of(field: Field) -> Self {
        let name = field.name().as_bytes();
        assert!(
            name.len() >= MIN_NAME_LEN,
            "a name shorter than MIN_NAME_LEN"
        );
        let Some(starts) = word_starts(name.len()) else {
            return Self {
                folded: [0; 3],
                letters: [0; 3],
            };
        };
        let (mut folded, mut letters) = ([0u64; 3], [0u64; 3]);
        let mut w = 0;
        while w < 3 {
            let mut lane = 0;
            while lane < 8 {
                let byte = name[starts[w] + lane];
                let letter = if byte.is_ascii_alphabetic() { 0x20 } else { 0 };
                folded[w] |= ((byte | letter) as u64) << (8 * lane);
                letters[w] |= (letter as u64) << (8 * lane);
                lane += 1;
            }
            w += 1;
        }
        Self { folded, letters }
    }
}

/// Every field's [`Spelling`], in table order.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // compile time, in bounds
const SPELLINGS: [Spelling; Field::ALL.len()] = {
    let mut spellings = [Spelling::of(Field::ALL[0]); Field::ALL.len()];
    let mut i = 0;
    while i < Field::ALL.len() {
        spellings[i] = Spelling::of(Field::ALL[i]);
        i += 1;
    }
    spellings
};

/// The fields by the length of their names, at most three a length (a
/// fourth fails the build): where a sent name is looked up.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // compile time, in bounds
const BY_LENGTH: [[Option<Field>; 3]; Field::MAX_NAME_LEN + 1] = {
    let mut table = [[None; 3]; Field::MAX_NAME_LEN + 1];
    let mut i = 0;
    while i < Field::ALL.len() {
        let field = Field::ALL[i];
        let row = &mut table[field.name().len()];
        let mut k = 0;
        while row[k].is_some() {
            k += 1;
        }
        row[k] = Some(field);
        i += 1;
    }
    table
};

/// The field named `name`, ignoring ASCII case: the names of its length
/// compared a word at a time.
pub(crate) fn named(name: &[u8]) -> Option<Field> {
    let words = words_of(name)?;
    BY_LENGTH
        .get(name.len())?
        .iter()
        .flatten()
        .copied()
        .find(|&field| spelled(words, field))
}

/// The three words of a sent name (see [`Spelling`]); `None` when it is
/// too short for a name.
pub(crate) fn words_of(name: &[u8]) -> Option<[u64; 3]> {
    let word = |start: usize| {
        let bytes = name.get(start..)?.first_chunk::<8>()?;
        Some(u64::from_le_bytes(*bytes))
    };
    let [a, b, c] = word_starts(name.len())?;
    Some([word(a)?, word(b)?, word(c)?])
}

/// Whether the words of a sent name of `field`'s length spell its name,
/// ignoring ASCII case.
pub(crate) fn spelled(words: [u64; 3], field: Field) -> bool {
    SPELLINGS.get(field.index()).is_some_and(|spelling| {
        words
            .iter()
            .zip(spelling.letters)
            .zip(spelling.folded)
            .all(|((&sent, letters), folded)| sent | letters == folded)
    })
}
