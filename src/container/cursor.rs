//! The one reading cursor of the containers: the bytes still to read and
//! their position in the outermost input, so that every value and every
//! error carries its absolute offset without arithmetic at the call site.
//!
//! A cursor is made over a whole input (position 0) and narrowed from
//! there ([`Cursor::take`], [`Cursor::at`]), never built from a loose
//! slice and offset: its position plus what is left is at most the length
//! of the outermost input, which is why adding to a position cannot
//! overflow.

/// Bytes still to read, and where the first of them is in the outermost
/// input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Cursor<'a> {
    rest: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor over all of `input`, at position 0.
    pub(crate) const fn new(input: &'a [u8]) -> Self {
        Self {
            rest: input,
            pos: 0,
        }
    }

    /// No bytes, at position 0.
    pub(crate) const EMPTY: Self = Self::new(&[]);

    /// The position of the next byte in the outermost input.
    pub(crate) const fn position(&self) -> usize {
        self.pos
    }

    /// The bytes left.
    pub(crate) const fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// Whether nothing is left.
    pub(crate) const fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next byte, not consumed.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// The position `n` bytes on, for `n` at most what is left.
    pub(crate) fn position_after(&self, n: usize) -> usize {
        debug_assert!(n <= self.rest.len(), "{n} bytes past the end");
        // In bounds of one slice, so it cannot overflow (module doc).
        let after = self.pos.checked_add(n);
        debug_assert!(after.is_some(), "position overflow");
        after.unwrap_or(usize::MAX)
    }

    /// The position just past the last byte.
    pub(crate) fn end(&self) -> usize {
        self.position_after(self.rest.len())
    }

    /// Takes the next `n` bytes, as a cursor at their position; `None`
    /// (and nothing consumed) when fewer are left.
    pub(crate) fn take(&mut self, n: usize) -> Option<Self> {
        let (taken, rest) = self.rest.split_at_checked(n)?;
        let taken = Self {
            rest: taken,
            pos: self.pos,
        };
        self.pos = self.position_after(n);
        self.rest = rest;
        Some(taken)
    }

    /// A cursor `offset` bytes on (from here, to the end); `None` when
    /// fewer are left.
    pub(crate) fn at(&self, offset: usize) -> Option<Self> {
        let mut moved = *self;
        moved.take(offset)?;
        Some(moved)
    }

    /// Moves on to `suffix`, a tail of what is left (what a parser of
    /// [`Cursor::rest`] returned).
    pub(crate) fn advance_to(&mut self, suffix: &'a [u8]) {
        self.pos = self.position_of(suffix);
        self.rest = suffix;
    }

    /// The bytes from here up to `later`, a cursor moved on from this one,
    /// as a cursor at this position.
    pub(crate) fn until(&self, later: &Self) -> Self {
        debug_assert!(later.pos >= self.pos, "a cursor behind this one");
        let used = self.rest.len().checked_sub(later.rest.len());
        debug_assert!(used.is_some(), "a cursor past the end");
        let used = self.rest.get(..used.unwrap_or(0));
        debug_assert!(used.is_some(), "a cursor past the end");
        Self {
            rest: used.unwrap_or_default(),
            pos: self.pos,
        }
    }

    /// Where `suffix`, a tail of what is left, starts.
    pub(crate) fn position_of(&self, suffix: &[u8]) -> usize {
        debug_assert!(self.rest.ends_with(suffix), "not a tail of the input");
        let used = self.rest.len().checked_sub(suffix.len());
        debug_assert!(used.is_some(), "a tail longer than the input");
        self.position_after(used.unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn positions_follow_what_is_taken() {
        let input = [1u8, 2, 3, 4, 5];
        let mut cursor = Cursor::new(&input);
        let first = cursor.take(2).unwrap();
        assert_eq!((first.position(), first.rest()), (0, &[1, 2][..]));
        assert_eq!((cursor.position(), cursor.end()), (2, 5));
        let second = cursor.take(2).unwrap();
        assert_eq!((second.position(), second.rest()), (2, &[3, 4][..]));
        assert_eq!(cursor.peek(), Some(5));
        assert!(cursor.take(2).is_none());
        assert_eq!(cursor.position(), 4);
        let moved = Cursor::new(&input).at(3).unwrap();
        assert_eq!((moved.position(), moved.rest()), (3, &[4, 5][..]));
        assert!(Cursor::new(&input).at(6).is_none());
        assert_eq!(moved.position_of(&input[4..]), 4);
        assert!(Cursor::EMPTY.is_empty());
        let mut walked = Cursor::new(&input);
        walked.advance_to(&input[3..]);
        assert_eq!(walked.position(), 3);
        assert_eq!(Cursor::new(&input).until(&walked).rest(), &[1, 2, 3]);
    }
}
