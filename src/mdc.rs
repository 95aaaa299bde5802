//! MDC domain details (spec sections 2.2.6 and 2.2.8; `mdcDomainDetails`
//! and `mdcDomainDetails2` in format 1): each domain of a multi-domain
//! certificate with its DCV status.
//!
//! ```text
//! list   = [ item *( "," SP item ) ]
//! item   = domain SP status
//! domain = 1*word-byte
//! status = 1*word-byte
//! word-byte = any byte but SP, "," and ASCII controls
//! ```
//!
//! A list stays as the borrowed wire text until it is walked, so a
//! form-encoded value (where `, ` may arrive as `%2C+` or `,%20`) is read
//! in place and each domain is a [`Text`] slice of it. A list can also be
//! built from a caller's slice of items, to encode or to serve one.

use core::fmt;
use core::iter::FusedIterator;

#[cfg(test)]
use nom::{
    Parser as _, branch::alt, bytes::complete::tag, bytes::complete::take_while1, combinator::map,
};

use crate::error::{Error, ErrorKind};
use crate::ext_status::text_enum;
#[cfg(test)]
use crate::grammar::Parsed;
use crate::text::{ByteIndices, Text};

text_enum! {
    /// The DCV (domain control validation) status of one domain in an MDC
    /// list. The spec shows `VALIDATED`, `NOTVALIDATED` and
    /// `AWAITINGBRAND`; any other word is kept.
    ///
    /// ```
    /// use collectssl::{DcvStatus, Text};
    ///
    /// assert_eq!(DcvStatus::from_text(Text::plain("VALIDATED")), DcvStatus::Validated);
    /// assert_eq!(DcvStatus::AwaitingBrand.to_string(), "AWAITINGBRAND");
    /// assert_eq!(DcvStatus::from_text(Text::plain("PENDING")).to_string(), "PENDING");
    /// ```
    DcvStatus {
        /// `VALIDATED`: control of the domain is proven.
        Validated = "VALIDATED",
        /// `NOTVALIDATED`: control of the domain is not proven yet.
        NotValidated = "NOTVALIDATED",
        /// `AWAITINGBRAND`: waiting for brand validation (MDC details 2 only).
        AwaitingBrand = "AWAITINGBRAND",
    }
    example: NotValidated = "NOTVALIDATED";
}

/// One item of an MDC list: a domain and its DCV status.
///
/// ```
/// use collectssl::{DcvStatus, MdcDomain, Text};
///
/// let item = MdcDomain::new(Text::plain("www.example.com"), DcvStatus::Validated);
/// assert_eq!(item.to_string(), "www.example.com VALIDATED");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MdcDomain<'a> {
    /// The domain name, as sent.
    pub domain: Text<'a>,
    /// Its DCV status.
    pub status: DcvStatus<'a>,
}

impl<'a> MdcDomain<'a> {
    /// An item of `domain` with `status`.
    ///
    /// ```
    /// use collectssl::{DcvStatus, MdcDomain, Text};
    /// let item = MdcDomain::new(Text::plain("a.com"), DcvStatus::NotValidated);
    /// assert_eq!(item.status, DcvStatus::NotValidated);
    /// ```
    pub const fn new(domain: Text<'a>, status: DcvStatus<'a>) -> Self {
        Self { domain, status }
    }
}

impl fmt::Display for MdcDomain<'_> {
    /// `domain STATUS`, as in the list.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.domain, self.status)
    }
}

/// An MDC domain details list: either the text the wire carried, or a
/// caller's slice of items. Both iterate, compare, display and serialize the
/// same way, so a list parsed from format 0, one parsed from format 1 and
/// one built by hand are equal when their items are.
///
/// ```
/// use collectssl::{DcvStatus, MdcDomain, MdcDomainDetails, Text};
///
/// let line = MdcDomainDetails::parse(Text::plain("a.com VALIDATED, b.com NOTVALIDATED")).unwrap();
/// let form = MdcDomainDetails::parse(Text::form(b"a.com+VALIDATED%2C+b.com+NOTVALIDATED")).unwrap();
/// let items = [
///     MdcDomain::new(Text::plain("a.com"), DcvStatus::Validated),
///     MdcDomain::new(Text::plain("b.com"), DcvStatus::NotValidated),
/// ];
/// assert_eq!(line, form);
/// assert_eq!(form, MdcDomainDetails::from_items(&items));
/// assert_eq!(form.to_string(), "a.com VALIDATED, b.com NOTVALIDATED");
///
/// let second = form.iter().nth(1).unwrap().unwrap();
/// assert_eq!(second.domain, "b.com");
/// assert_eq!(second.domain.raw(), b"b.com"); // a slice of the form value
/// ```
#[derive(Clone, Copy)]
pub struct MdcDomainDetails<'a>(Repr<'a>);

#[derive(Debug, Clone, Copy)]
enum Repr<'a> {
    Wire(Text<'a>),
    Items(&'a [MdcDomain<'a>]),
}

impl<'a> MdcDomainDetails<'a> {
    /// The list in `text` (a format-0 line, or a format-1 value as sent),
    /// checked once with [`validate`](Self::validate). An empty text is an
    /// empty list.
    ///
    /// ```
    /// use collectssl::{ErrorKind, MdcDomainDetails, Text};
    ///
    /// assert!(MdcDomainDetails::parse(Text::plain("")).unwrap().is_empty());
    /// let err = MdcDomainDetails::parse(Text::plain("a.com VALIDATED,b.com VALIDATED")).unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidDomainList, 16));
    /// ```
    pub fn parse(text: Text<'a>) -> Result<Self, Error> {
        let list = Self::from_wire(text);
        list.validate()?;
        Ok(list)
    }

    /// The list in `text`, not checked: iterating reports any error where it
    /// is found. [`parse`](Self::parse) checks first.
    ///
    /// ```
    /// use collectssl::{MdcDomainDetails, Text};
    ///
    /// let list = MdcDomainDetails::from_wire(Text::plain("a.com VALIDATED, oops"));
    /// let items: Vec<_> = list.iter().collect();
    /// assert!(items[0].is_ok() && items[1].is_err());
    /// ```
    pub const fn from_wire(text: Text<'a>) -> Self {
        Self(Repr::Wire(text))
    }

    /// A list of the caller's `items`, for encoding or serving one without
    /// allocation. [`validate`](Self::validate) tells whether the wire can
    /// carry it.
    ///
    /// ```
    /// use collectssl::{DcvStatus, MdcDomain, MdcDomainDetails, Text};
    ///
    /// let items = [MdcDomain::new(Text::plain("a.com"), DcvStatus::AwaitingBrand)];
    /// let list = MdcDomainDetails::from_items(&items);
    /// assert_eq!(list.to_string(), "a.com AWAITINGBRAND");
    /// ```
    pub const fn from_items(items: &'a [MdcDomain<'a>]) -> Self {
        Self(Repr::Items(items))
    }

    /// Checks the whole list: every item is `domain SP status`, items are
    /// separated by `, `, no word is empty or holds a space, a comma or an
    /// ASCII control, and the text decodes to UTF-8.
    ///
    /// A structural error is [`ErrorKind::InvalidDomainList`] at the raw
    /// offset in the wire text where the list stops being one; a bad escape
    /// or invalid UTF-8 has its own kind. For a list of items the offset
    /// counts the items' raw bytes and `, ` separators, i.e. it is the offset
    /// in its `Display` text when the items are plain texts.
    ///
    /// ```
    /// use collectssl::{DcvStatus, ErrorKind, MdcDomain, MdcDomainDetails, Text};
    ///
    /// let items = [
    ///     MdcDomain::new(Text::plain("a.com"), DcvStatus::Validated),
    ///     MdcDomain::new(Text::plain("b.com,c.com"), DcvStatus::Validated),
    /// ];
    /// let err = MdcDomainDetails::from_items(&items).validate().unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidDomainList, 22));
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        match self.0 {
            Repr::Wire(_) => self.iter().try_for_each(|item| item.map(drop)),
            Repr::Items(items) => validate_items(items),
        }
    }

    /// The items in order. A list from the wire yields an error (and then
    /// nothing) where it stops being valid.
    ///
    /// ```
    /// use collectssl::{DcvStatus, MdcDomainDetails, Text};
    ///
    /// let list = MdcDomainDetails::parse(Text::plain("a.com VALIDATED, b.com NEW")).unwrap();
    /// let statuses: Vec<_> = list.iter().map(|d| d.unwrap().status).collect();
    /// assert_eq!(statuses, [DcvStatus::Validated, DcvStatus::Other(Text::plain("NEW"))]);
    /// ```
    pub fn iter(&self) -> Iter<'a> {
        Iter(match self.0 {
            Repr::Wire(text) => IterRepr::Wire {
                text,
                walk: text.byte_indices(),
                more: !text.is_empty(),
            },
            Repr::Items(items) => IterRepr::Items(items.iter()),
        })
    }

    /// Whether the list has no items.
    ///
    /// ```
    /// use collectssl::{MdcDomainDetails, Text};
    /// assert!(MdcDomainDetails::from_items(&[]).is_empty());
    /// assert!(!MdcDomainDetails::from_wire(Text::plain("a.com VALIDATED")).is_empty());
    /// ```
    pub const fn is_empty(&self) -> bool {
        match self.0 {
            Repr::Wire(text) => text.is_empty(),
            Repr::Items(items) => items.is_empty(),
        }
    }

    /// The wire text, for a list that came from the wire.
    ///
    /// ```
    /// use collectssl::{MdcDomainDetails, Text};
    /// let text = Text::form(b"a.com+VALIDATED");
    /// assert_eq!(MdcDomainDetails::from_wire(text).as_wire().unwrap().raw(), text.raw());
    /// assert!(MdcDomainDetails::from_items(&[]).as_wire().is_none());
    /// ```
    pub const fn as_wire(&self) -> Option<Text<'a>> {
        match self.0 {
            Repr::Wire(text) => Some(text),
            Repr::Items(_) => None,
        }
    }

    /// The caller's items, for a list built from them.
    ///
    /// ```
    /// use collectssl::{MdcDomainDetails, Text};
    /// assert_eq!(MdcDomainDetails::from_items(&[]).as_items().map(<[_]>::len), Some(0));
    /// assert!(MdcDomainDetails::from_wire(Text::plain("")).as_items().is_none());
    /// ```
    pub const fn as_items(&self) -> Option<&'a [MdcDomain<'a>]> {
        match self.0 {
            Repr::Wire(_) => None,
            Repr::Items(items) => Some(items),
        }
    }
}

// The walker below reads the list byte by byte over `Text::byte_indices`,
// because a list has no bound on its length: it cannot be decoded into a
// buffer first, and the items stay slices of the wire text. The nom rules
// after it are the grammar it is tested against.

fn list_error(offset: usize) -> Error {
    Error::new(ErrorKind::InvalidDomainList, offset)
}

/// `1*word-byte`, walked from where `walk` stands to the SP or `,` that ends
/// it (returned with its offset) or to the end of `text` (`None`).
fn word<'a>(
    walk: &mut ByteIndices<'a>,
    text: Text<'a>,
) -> Result<(Text<'a>, Option<(usize, u8)>), Error> {
    let start = walk.offset();
    let mut ascii = true;
    let stop = loop {
        match walk.next().transpose()? {
            None => break None,
            Some((at, byte @ (b' ' | b','))) => break Some((at, byte)),
            Some((at, byte)) if byte.is_ascii_control() => return Err(list_error(at)),
            Some((_, byte)) => ascii &= byte.is_ascii(),
        }
    };
    let end = stop.map_or(walk.offset(), |(at, _)| at);
    if end == start {
        return Err(list_error(start));
    }
    let word = text.sub(start..end).ok_or(list_error(start))?;
    if !ascii {
        word.char_count().map_err(|e| e.shifted(start))?;
    }
    Ok((word, stop))
}

/// `item` and the separator after it; `true` when another item must follow.
fn wire_item<'a>(
    walk: &mut ByteIndices<'a>,
    text: Text<'a>,
) -> Result<(MdcDomain<'a>, bool), Error> {
    let (domain, stop) = word(walk, text)?;
    match stop {
        Some((_, b' ')) => {}
        Some((at, _)) => return Err(list_error(at)),
        None => return Err(list_error(walk.offset())),
    }
    let (status, stop) = word(walk, text)?;
    let more = match stop {
        None => false,
        Some((_, b',')) => match walk.next().transpose()? {
            Some((_, b' ')) => true,
            Some((at, _)) => return Err(list_error(at)),
            None => return Err(list_error(walk.offset())),
        },
        Some((at, _)) => return Err(list_error(at)),
    };
    let item = MdcDomain::new(domain, DcvStatus::from_text(status));
    Ok((item, more))
}

/// `list = [ item *( "," SP item ) ]` over decoded bytes: the oracle of
/// the walker ([`wire_item`] in a loop). After `,` only `SP item` fits.
#[cfg(test)]
fn list(input: &[u8]) -> Parsed<'_, std::vec::Vec<(&[u8], &[u8])>> {
    use nom::combinator::{cut, eof, value};
    use nom::multi::fold_many0;
    use nom::sequence::preceded;
    let rest = fold_many0(
        preceded((tag(&b","[..]), cut(tag(&b" "[..]))), cut(item)),
        std::vec::Vec::new,
        |mut items, item| {
            items.push(item);
            items
        },
    );
    let items = map((item, rest), |(first, mut rest)| {
        rest.insert(0, first);
        rest
    });
    alt((value(std::vec::Vec::new(), eof), items)).parse(input)
}

/// `item = domain SP status`
#[cfg(test)]
fn item(input: &[u8]) -> Parsed<'_, (&[u8], &[u8])> {
    nom::sequence::separated_pair(word_rule, tag(&b" "[..]), word_rule).parse(input)
}

/// `domain = status = 1*word-byte`, `word-byte` any byte but SP, `,` and
/// ASCII controls.
#[cfg(test)]
fn word_rule(input: &[u8]) -> Parsed<'_, &[u8]> {
    take_while1(|b: u8| b != b' ' && b != b',' && !b.is_ascii_control()).parse(input)
}

/// Checks that every word of `items` is one the wire can carry.
fn validate_items(items: &[MdcDomain<'_>]) -> Result<(), Error> {
    let mut at = 0usize;
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            at = at.saturating_add(", ".len());
        }
        let words = [(item.domain, " ".len()), (item.status.as_text(), 0)];
        for (text, separator) in words {
            match word(&mut text.byte_indices(), text) {
                Ok((_, None)) => {}
                Ok((_, Some((stop, _)))) => return Err(list_error(at.saturating_add(stop))),
                Err(e) => return Err(e.shifted(at)),
            }
            at = at
                .saturating_add(text.raw().len())
                .saturating_add(separator);
        }
    }
    Ok(())
}

/// Iterator over the items of an [`MdcDomainDetails`]; see
/// [`MdcDomainDetails::iter`].
///
/// ```
/// use collectssl::{MdcDomainDetails, Text};
/// let list = MdcDomainDetails::from_wire(Text::plain("a.com VALIDATED"));
/// assert_eq!(list.iter().count(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct Iter<'a>(IterRepr<'a>);

#[derive(Debug, Clone)]
enum IterRepr<'a> {
    Wire {
        text: Text<'a>,
        walk: ByteIndices<'a>,
        /// Whether an item is still expected.
        more: bool,
    },
    Items(core::slice::Iter<'a, MdcDomain<'a>>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = Result<MdcDomain<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            IterRepr::Items(items) => items.next().copied().map(Ok),
            IterRepr::Wire { text, walk, more } => {
                if !*more {
                    return None;
                }
                let item = wire_item(walk, *text);
                *more = matches!(item, Ok((_, true)));
                Some(item.map(|(domain, _)| domain))
            }
        }
    }
}

impl FusedIterator for Iter<'_> {}

impl<'a> IntoIterator for MdcDomainDetails<'a> {
    type Item = Result<MdcDomain<'a>, Error>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &MdcDomainDetails<'a> {
    type Item = Result<MdcDomain<'a>, Error>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl Default for MdcDomainDetails<'_> {
    /// The empty list.
    fn default() -> Self {
        Self::from_items(&[])
    }
}

impl PartialEq for MdcDomainDetails<'_> {
    /// Equal when the item sequences are, whatever the form of each list.
    fn eq(&self, other: &Self) -> bool {
        match (self.0, other.0) {
            // The list grammar has one spelling per item sequence, so equal
            // decoded texts are equal lists (and the check needs no walk).
            (Repr::Wire(a), Repr::Wire(b)) => a == b,
            _ => self.iter().eq(other.iter()),
        }
    }
}

impl Eq for MdcDomainDetails<'_> {}

impl fmt::Display for MdcDomainDetails<'_> {
    /// The wire text: `a.com VALIDATED, b.com NOTVALIDATED`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::Wire(text) => fmt::Display::fmt(&text, f),
            Repr::Items(items) => items.iter().enumerate().try_for_each(|(index, item)| {
                if index > 0 {
                    f.write_str(", ")?;
                }
                fmt::Display::fmt(item, f)
            }),
        }
    }
}

impl fmt::Debug for MdcDomainDetails<'_> {
    /// The items (and an error where a wire list stops being valid).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for item in self.iter() {
            match item {
                Ok(item) => list.entry(&item),
                Err(error) => list.entry(&error),
            };
        }
        list.finish()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for MdcDomainDetails<'_> {
    /// An array of `{"domain": …, "status": …}`; an invalid wire list is a
    /// serialization error.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq};
        let mut seq = serializer.serialize_seq(Some(self.iter().count()))?;
        for item in self.iter() {
            seq.serialize_element(&item.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    fn items(list: MdcDomainDetails<'_>) -> Vec<(String, String)> {
        list.iter()
            .map(|d| {
                let d = d.unwrap();
                (d.domain.to_string(), d.status.to_string())
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(d, s)| (d.to_string(), s.to_string()))
            .collect()
    }

    #[test]
    fn plain_list() {
        let list = MdcDomainDetails::parse(Text::plain(
            "domain1.com VALIDATED, domain2.com NOTVALIDATED, domain3.com AWAITINGBRAND",
        ))
        .unwrap();
        let got: Vec<_> = list.iter().map(Result::unwrap).collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].domain, "domain1.com");
        assert_eq!(got[0].status, DcvStatus::Validated);
        assert_eq!(got[1].status, DcvStatus::NotValidated);
        assert_eq!(got[2].status, DcvStatus::AwaitingBrand);
        assert!(matches!(got[2].status, DcvStatus::AwaitingBrand));
    }

    #[test]
    fn every_spelling_of_the_separator_in_a_form_value() {
        let expected = pairs(&[("a.com", "VALIDATED"), ("*.b.com", "NOTVALIDATED")]);
        for raw in [
            &b"a.com+VALIDATED%2C+%2A.b.com+NOTVALIDATED"[..],
            b"a.com%20VALIDATED,%20*.b.com%20NOTVALIDATED",
            b"a.com+VALIDATED%2c%20*.b.com+NOTVALIDATED",
            b"a.com+VALIDATED,+*.b.com+NOTVALIDATED",
            b"%61.com+VALIDATED,+*.b.com+NOTVALIDATE%44",
        ] {
            let list = MdcDomainDetails::parse(Text::form(raw)).unwrap();
            assert_eq!(items(list), expected, "{raw:?}");
            assert_eq!(list.to_string(), "a.com VALIDATED, *.b.com NOTVALIDATED");
            assert_eq!(
                list,
                MdcDomainDetails::parse(Text::plain("a.com VALIDATED, *.b.com NOTVALIDATED"))
                    .unwrap()
            );
        }
    }

    #[test]
    fn items_borrow_the_form_value() {
        let raw = b"a.com+VALIDATED%2C+b%C3%A9.com+NEW";
        let list = MdcDomainDetails::parse(Text::form(raw)).unwrap();
        let second = list.iter().nth(1).unwrap().unwrap();
        assert_eq!(second.domain.raw(), b"b%C3%A9.com");
        assert_eq!(second.domain, "bé.com");
        assert_eq!(second.status, DcvStatus::Other(Text::plain("NEW")));
        assert!(matches!(second.status, DcvStatus::Other(t) if t.raw() == b"NEW"));
    }

    #[test]
    fn empty_text_is_an_empty_list() {
        for list in [
            MdcDomainDetails::parse(Text::plain("")).unwrap(),
            MdcDomainDetails::parse(Text::form(b"")).unwrap(),
            MdcDomainDetails::default(),
        ] {
            assert!(list.is_empty());
            assert_eq!(list.iter().count(), 0);
            assert_eq!(list.to_string(), "");
            assert_eq!(list, MdcDomainDetails::from_items(&[]));
        }
    }

    #[test]
    fn structural_errors_are_located() {
        for (line, at) in [
            ("a.com", 5),
            ("a.com ", 6),
            (" a.com X", 0),
            ("a.com  X", 6),
            ("a.com X Y", 7),
            ("a.com X,b.com Y", 8),
            ("a.com X, ", 9),
            ("a.com X,", 8),
            ("a.com X,, b.com Y", 8),
            ("a.com X, , b.com Y", 9),
            ("a,com X", 1),
            ("a.com\tX", 5),
            ("a.com X\r", 7),
            ("a.com X\u{7f}", 7),
            (",", 0),
            (" ", 0),
        ] {
            let e = MdcDomainDetails::parse(Text::plain(line)).unwrap_err();
            assert_eq!(
                (e.kind(), e.offset()),
                (ErrorKind::InvalidDomainList, at),
                "{line:?}"
            );
            let list = MdcDomainDetails::from_wire(Text::plain(line));
            let last = list.iter().last().unwrap();
            assert_eq!(last, Err(e), "{line:?}");
        }
    }

    #[test]
    fn form_errors_are_at_raw_offsets() {
        let e = MdcDomainDetails::parse(Text::form(b"a.com+X%2Cb.com+Y")).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidDomainList, 10));
        let e = MdcDomainDetails::parse(Text::form(b"a.com+X%2C+b%zz+Y")).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidEscape, 12));
        let e = MdcDomainDetails::parse(Text::form(b"a.com+X%2C+b%FF.com+Y")).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidUtf8, 11));
        let e = MdcDomainDetails::parse(Text::form(b"a.com%0AX")).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidDomainList, 5));
    }

    #[test]
    fn iteration_stops_after_an_error() {
        let list = MdcDomainDetails::from_wire(Text::plain("a.com X, b.com, c.com Y"));
        let mut iter = list.iter();
        assert!(iter.next().unwrap().is_ok());
        assert!(iter.next().unwrap().is_err());
        assert!(iter.next().is_none());
        assert!(iter.next().is_none());
    }

    #[test]
    fn wire_and_items_compare_by_items() {
        let built = [
            MdcDomain::new(Text::plain("a.com"), DcvStatus::Validated),
            MdcDomain::new(
                Text::plain("b.com"),
                DcvStatus::Other(Text::plain("NOTVALIDATED")),
            ),
        ];
        let built = MdcDomainDetails::from_items(&built);
        let wire =
            MdcDomainDetails::parse(Text::form(b"a.com+VALIDATED%2C+b.com+NOTVALIDATED")).unwrap();
        assert_eq!(built, wire);
        assert_eq!(wire, built);
        assert_eq!(built.to_string(), wire.to_string());
        let shorter = MdcDomainDetails::parse(Text::plain("a.com VALIDATED")).unwrap();
        assert_ne!(shorter, built);
        assert_ne!(shorter, wire);
        assert_eq!(
            format!("{shorter:?}"),
            "[MdcDomain { domain: \"a.com\", status: Validated }]"
        );
    }

    #[test]
    fn items_are_validated_for_the_wire() {
        let ok = [
            MdcDomain::new(Text::plain("a.com"), DcvStatus::Validated),
            MdcDomain::new(
                Text::form(b"b%C3%A9.com"),
                DcvStatus::Other(Text::plain("NEW")),
            ),
        ];
        MdcDomainDetails::from_items(&ok).validate().unwrap();
        for (domain, status, at) in [
            // `a.com VALIDATED, ` is 17 bytes.
            ("", "X", 17),
            ("c d", "X", 18),
            ("c", "", 19),
            ("c", "X Y", 20),
            ("c", "X,", 20),
            ("c\n", "X", 18),
        ] {
            let bad = [
                MdcDomain::new(Text::plain("a.com"), DcvStatus::Validated),
                MdcDomain::new(
                    Text::plain(domain),
                    DcvStatus::from_text(Text::plain(status)),
                ),
            ];
            let e = MdcDomainDetails::from_items(&bad).validate().unwrap_err();
            assert_eq!(
                (e.kind(), e.offset()),
                (ErrorKind::InvalidDomainList, at),
                "{domain:?} {status:?}"
            );
        }
        let bad = [MdcDomain::new(Text::form(b"a%FF"), DcvStatus::Validated)];
        let e = MdcDomainDetails::from_items(&bad).validate().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidUtf8);
    }

    #[test]
    fn display_of_wire_text_is_the_decoded_text() {
        let text = Text::form(b"a.com+VALIDATED%2C%20b.com+X");
        assert_eq!(
            MdcDomainDetails::from_wire(text).to_string(),
            "a.com VALIDATED, b.com X"
        );
        let item = MdcDomain::new(Text::plain("a.com"), DcvStatus::NotValidated);
        assert_eq!(item.to_string(), "a.com NOTVALIDATED");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serializes_as_an_array_of_objects() {
        let list = MdcDomainDetails::parse(Text::form(b"a.com+VALIDATED%2C+b.com+NEW")).unwrap();
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"[{"domain":"a.com","status":"VALIDATED"},{"domain":"b.com","status":"NEW"}]"#
        );
        assert_eq!(
            serde_json::to_string(&MdcDomainDetails::default()).unwrap(),
            "[]"
        );
        let bad = MdcDomainDetails::from_wire(Text::plain("a.com"));
        assert!(serde_json::to_string(&bad).is_err());
    }

    fn form_encoded(s: &str) -> Vec<u8> {
        let mut raw = vec![0u8; crate::form::encoded_len(s.as_bytes())];
        crate::form::encode(s.as_bytes(), &mut raw).unwrap();
        raw
    }

    proptest::proptest! {
        #[test]
        fn items_round_trip_through_both_formats(
            words in proptest::collection::vec(
                ("[a-z0-9*.é-]{1,12}", "(VALIDATED|NOTVALIDATED|AWAITINGBRAND|[A-Z_]{1,8})"),
                0..5,
            )
        ) {
            let built: Vec<_> = words
                .iter()
                .map(|(d, s)| MdcDomain::new(Text::plain(d), DcvStatus::from_text(Text::plain(s))))
                .collect();
            let built = MdcDomainDetails::from_items(&built);
            built.validate().unwrap();
            let line = built.to_string();
            let from_line = MdcDomainDetails::parse(Text::plain(&line)).unwrap();
            let raw = form_encoded(&line);
            let from_form = MdcDomainDetails::parse(Text::form(&raw)).unwrap();
            proptest::prop_assert_eq!(from_line, built);
            proptest::prop_assert_eq!(from_form, built);
            proptest::prop_assert_eq!(from_form, from_line);
            proptest::prop_assert_eq!(from_form.to_string(), line);
            proptest::prop_assert_eq!(from_form.iter().count(), words.len());
        }

        #[test]
        fn the_walker_reads_as_the_rule(parts in proptest::collection::vec(
            proptest::sample::select(&["a.com", "X", "é", " ", ",", ", ", "\t", "\r", "\u{7f}"][..]),
            0..10,
        )) {
            let line = parts.concat();
            let walked = MdcDomainDetails::parse(Text::plain(&line)).map(|l| items(l));
            let ruled = crate::grammar::fitting(line.as_bytes(), list)
                .map(|words| {
                    words
                        .iter()
                        .map(|(d, s)| (
                            String::from_utf8(d.to_vec()).unwrap(),
                            String::from_utf8(s.to_vec()).unwrap(),
                        ))
                        .collect::<Vec<_>>()
                })
                .map_err(|at| Error::new(ErrorKind::InvalidDomainList, at));
            proptest::prop_assert_eq!(walked, ruled, "{:?}", line);
        }

        #[test]
        fn any_bytes_parse_or_fail_within_the_input(raw in proptest::collection::vec(
            proptest::sample::select(&b"a.% ,+2CF0"[..]), 0..24,
        )) {
            let text = Text::form(&raw);
            match MdcDomainDetails::parse(text) {
                Ok(list) => {
                    let shown = list.to_string();
                    let again = MdcDomainDetails::parse(Text::plain(&shown)).unwrap();
                    proptest::prop_assert_eq!(again, list);
                }
                Err(e) => proptest::prop_assert!(e.offset() <= raw.len()),
            }
        }
    }
}
