//! The pair tokenizer: a form body split into `name=value` pairs, both
//! still encoded, with their offsets.

use super::{find_end, split};

/// One `name=value` pair of a form body, both still encoded.
///
/// ```
/// use collectssl::form;
///
/// let pair = form::pairs(b"queryType=1").next().unwrap();
/// assert_eq!((pair.name, pair.value, pair.offset), (&b"queryType"[..], &b"1"[..], 0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair<'a> {
    /// The name as sent, before percent decoding.
    pub name: &'a [u8],
    /// The value as sent, before percent decoding (empty when there was no `=`).
    pub value: &'a [u8],
    /// Byte offset of the name in the body.
    pub offset: usize,
    /// Byte offset of the value in the body.
    pub value_offset: usize,
}

/// The pairs of a form body in body order: split at `&`, then at the first
/// `=`; empty pairs (`&&`) are skipped; a pair without `=` has an empty value.
///
/// ```
/// use collectssl::form;
///
/// let names: Vec<_> = form::pairs(b"a=1&&b&c=x=y").map(|p| (p.name, p.value)).collect();
/// assert_eq!(names, [(&b"a"[..], &b"1"[..]), (b"b", b""), (b"c", b"x=y")]);
/// ```
pub fn pairs(body: &[u8]) -> Pairs<'_> {
    Pairs { body, rest: body }
}

/// The pairs of `body` from byte `pos` on, which starts a pair or an `&`
/// (offsets still count from the start of `body`).
pub(crate) fn pairs_from(body: &[u8], pos: usize) -> Pairs<'_> {
    Pairs {
        body,
        rest: body.get(pos..).unwrap_or_default(),
    }
}

/// Iterator over the pairs of a form body; see [`pairs`].
#[derive(Debug, Clone)]
pub struct Pairs<'a> {
    body: &'a [u8],
    /// The bytes not yet split, a tail of `body`.
    rest: &'a [u8],
}

/// Where the part of a body that starts `bytes` ends: at its first `&`,
/// or also at its first `=` when `or_equals` (a name), or with `bytes`.
#[inline]
fn part_len(bytes: &[u8], or_equals: bool) -> usize {
    find_end(bytes, b'&', or_equals.then_some(b'=')).unwrap_or(bytes.len())
}

impl Pairs<'_> {
    /// Where `tail`, a tail of the body, starts in it.
    fn offset_of(&self, tail: &[u8]) -> usize {
        let offset = self.body.len().checked_sub(tail.len());
        debug_assert!(offset.is_some(), "not a tail of the body");
        offset.unwrap_or(self.body.len())
    }
}

impl<'a> Pairs<'a> {
    /// The next pair, with what `known` made of its name: `known` looks at
    /// what is left of the body and, when it starts with a name it
    /// recognises, returns that and the name's length, which saves the
    /// scan for the name's end. A length not followed by `=`, `&` or the
    /// end is no name: the name is then found by the scan, as in
    /// [`Pairs::next`], and `known` has no say.
    pub(crate) fn next_known<T>(
        &mut self,
        known: impl FnOnce(&[u8]) -> Option<(T, usize)>,
    ) -> Option<(Pair<'a>, Option<T>)> {
        while let [b'&', after @ ..] = self.rest {
            self.rest = after;
        }
        if self.rest.is_empty() {
            return None;
        }
        let offset = self.offset_of(self.rest);
        let ends_name = |len| matches!(self.rest.get(len), None | Some(b'=' | b'&'));
        let (name_len, recognised) = match known(self.rest) {
            Some((recognised, len)) if ends_name(len) => (len, Some(recognised)),
            _ => (part_len(self.rest, true), None),
        };
        let (name, rest) = split(self.rest, name_len);
        debug_assert!(
            !name.contains(&b'&') && !name.contains(&b'='),
            "a name past its end"
        );
        let (value, rest, value_offset) = match rest.split_first() {
            Some((b'=', value_on)) => {
                let (value, rest) = split(value_on, part_len(value_on, false));
                (value, rest, self.offset_of(value_on))
            }
            // No `=`: an empty value where the pair ends.
            _ => (&b""[..], rest, self.offset_of(rest)),
        };
        // What is left starts at the `&` after the pair, or is empty.
        self.rest = rest.split_first().map_or(rest, |(_, after)| after);
        let pair = Pair {
            name,
            value,
            offset,
            value_offset,
        };
        Some((pair, recognised))
    }
}

impl<'a> Iterator for Pairs<'a> {
    type Item = Pair<'a>;

    fn next(&mut self) -> Option<Pair<'a>> {
        self.next_known(|_| None::<((), usize)>)
            .map(|(pair, _)| pair)
    }
}
