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
    DcvStatus / OtherDcvStatus {
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
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidDomainList, Some(16)));
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
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidDomainList, Some(22)));
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
    /// assert_eq!(statuses, [DcvStatus::Validated, DcvStatus::from_text(Text::plain("NEW"))]);
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
    // Where the list would put each word. The items may repeat one text
    // past `usize::MAX` bytes in all: such an offset is given as `usize::MAX`.
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
mod tests;
