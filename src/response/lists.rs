//! The repeated parts of a response, iterated straight from the body.

use core::fmt;

use super::newline::skip_blank_lines;
use super::param::{Param, next_param};
use super::urlencoded::form_blob;
use crate::blob::Blob;
use crate::form;
use crate::pem;
use crate::text::Text;

/// The CA certificates, in wire order (root first), iterated from the body
/// without copying: PEM blocks of format 0, repeated `caCertificate`
/// parameters of format 1, or a caller's slice.
///
/// ```
/// use collectssl::{response::CaCertificates, Blob};
/// let blobs = [Blob::binary(b"root"), Blob::binary(b"intermediate")];
/// let cas = CaCertificates::from_blobs(&blobs);
/// assert_eq!(cas.len(), 2);
/// assert_eq!(cas.iter().next(), Some(Blob::binary(b"root")));
/// ```
#[derive(Clone, Copy)]
pub struct CaCertificates<'a> {
    source: Source<'a>,
    len: usize,
}

#[derive(Clone, Copy)]
enum Source<'a> {
    /// `len` PEM blocks of `body` starting at byte `start`.
    Pem { body: &'a [u8], start: usize },
    /// The `caCertificate` parameters of a format-1 body.
    Form { body: &'a [u8] },
    /// Blobs a caller provides.
    Blobs(&'a [Blob<'a>]),
}

impl<'a> CaCertificates<'a> {
    /// No CA certificates.
    pub const EMPTY: Self = Self {
        source: Source::Blobs(&[]),
        len: 0,
    };

    /// CA certificates a caller provides, e.g. to encode a response.
    ///
    /// ```
    /// use collectssl::{response::CaCertificates, Blob};
    /// assert!(CaCertificates::from_blobs(&[]).is_empty());
    /// ```
    pub const fn from_blobs(blobs: &'a [Blob<'a>]) -> Self {
        Self {
            source: Source::Blobs(blobs),
            len: blobs.len(),
        }
    }

    /// `len` PEM blocks, already checked by the parser, from `start` in `body`.
    pub(crate) const fn pem(body: &'a [u8], start: usize, len: usize) -> Self {
        Self {
            source: Source::Pem { body, start },
            len,
        }
    }

    /// The `len` `caCertificate` parameters of a format-1 body.
    pub(crate) const fn form(body: &'a [u8], len: usize) -> Self {
        Self {
            source: Source::Form { body },
            len,
        }
    }

    /// How many there are.
    ///
    /// ```
    /// assert_eq!(collectssl::response::CaCertificates::EMPTY.len(), 0);
    /// ```
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    ///
    /// ```
    /// assert!(collectssl::response::CaCertificates::EMPTY.is_empty());
    /// ```
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The certificates in wire order.
    ///
    /// ```
    /// use collectssl::{response::CaCertificates, Blob};
    /// let blobs = [Blob::binary(b"a")];
    /// assert_eq!(CaCertificates::from_blobs(&blobs).iter().count(), 1);
    /// ```
    pub fn iter(&self) -> CaCertificatesIter<'a> {
        CaCertificatesIter {
            source: self.source,
            pos: match self.source {
                Source::Pem { start, .. } => start,
                _ => 0,
            },
            left: self.len,
            pairs: match self.source {
                Source::Form { body } => form::pairs(body),
                _ => form::pairs(b""),
            },
        }
    }
}

impl<'a> IntoIterator for &CaCertificates<'a> {
    type Item = Blob<'a>;
    type IntoIter = CaCertificatesIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl PartialEq for CaCertificates<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for CaCertificates<'_> {}

impl fmt::Debug for CaCertificates<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Iterator over [`CaCertificates`].
#[derive(Debug, Clone)]
pub struct CaCertificatesIter<'a> {
    source: Source<'a>,
    pos: usize,
    left: usize,
    pairs: form::Pairs<'a>,
}

impl fmt::Debug for Source<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Pem { .. } => "Pem",
            Self::Form { .. } => "Form",
            Self::Blobs(_) => "Blobs",
        })
    }
}

impl<'a> Iterator for CaCertificatesIter<'a> {
    type Item = Blob<'a>;

    fn next(&mut self) -> Option<Blob<'a>> {
        self.left = self.left.checked_sub(1)?;
        match self.source {
            Source::Pem { body, .. } => {
                let block = pem::block(body, self.pos).ok()?;
                // The tolerant reading lets blank lines follow a block.
                self.pos = skip_blank_lines(body, block.end, body.len());
                Some(block.blob)
            }
            Source::Form { .. } => loop {
                if let (pair, Some(Param::CaCertificate)) = next_param(&mut self.pairs)? {
                    break Some(form_blob(pair.value, pair.value_offset));
                }
            },
            Source::Blobs(blobs) => {
                let (first, rest) = blobs.split_first()?;
                self.source = Source::Blobs(rest);
                Some(*first)
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.left))
    }
}

/// Format-1 parameters the model does not name, in body order, as
/// (name, value) texts: e.g. `errorItem` (the argument a -2, -3 or -4 is
/// about) and the parameters later versions of the service add.
///
/// ```
/// use collectssl::response::Response;
/// let r = Response::parse_urlencoded(b"errorCode=-4&errorMessage=x&errorItem=queryType").unwrap();
/// let (name, value) = r.other_parameters.iter().next().unwrap();
/// assert_eq!((name, value), ("errorItem".into(), "queryType".into()));
/// assert_eq!(r.other_parameters.get("errorItem"), Some("queryType".into()));
/// ```
#[derive(Clone, Copy)]
pub struct OtherParameters<'a> {
    body: &'a [u8],
}

impl<'a> OtherParameters<'a> {
    /// None at all.
    pub const EMPTY: Self = Self { body: b"" };

    /// The unknown parameters of a format-1 body.
    pub(crate) const fn of(body: &'a [u8]) -> Self {
        Self { body }
    }

    /// The parameters in body order.
    ///
    /// ```
    /// assert_eq!(collectssl::response::OtherParameters::EMPTY.iter().count(), 0);
    /// ```
    pub fn iter(&self) -> OtherParametersIter<'a> {
        OtherParametersIter {
            pairs: form::pairs(self.body),
        }
    }

    /// Whether there are none.
    ///
    /// ```
    /// assert!(collectssl::response::OtherParameters::EMPTY.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// The value of the first parameter called `name` (compared after
    /// decoding, case-sensitive).
    ///
    /// ```
    /// use collectssl::response::Response;
    /// let r = Response::parse_urlencoded(b"errorCode=0&maStatus=1&maStatus=2").unwrap();
    /// assert_eq!(r.other_parameters.get("maStatus"), Some("1".into()));
    /// assert_eq!(r.other_parameters.get_all("maStatus").count(), 2);
    /// assert_eq!(r.other_parameters.get("evAssumedName"), None);
    /// ```
    pub fn get(&self, name: &str) -> Option<Text<'a>> {
        self.get_all(name).next()
    }

    /// The values of every parameter called `name`, in body order.
    ///
    /// ```
    /// use collectssl::response::OtherParameters;
    /// assert_eq!(OtherParameters::EMPTY.get_all("errorItem").count(), 0);
    /// ```
    pub fn get_all<'n>(&self, name: &'n str) -> impl Iterator<Item = Text<'a>> + use<'a, 'n> {
        self.iter()
            .filter_map(move |(n, value)| (n == name).then_some(value))
    }
}

impl PartialEq for OtherParameters<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for OtherParameters<'_> {}

impl fmt::Debug for OtherParameters<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Iterator over [`OtherParameters`].
#[derive(Debug, Clone)]
pub struct OtherParametersIter<'a> {
    pairs: form::Pairs<'a>,
}

impl<'a> Iterator for OtherParametersIter<'a> {
    type Item = (Text<'a>, Text<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let (pair, None) = next_param(&mut self.pairs)? {
                break Some((Text::form(pair.name), Text::form(pair.value)));
            }
        }
    }
}

/// Format-0 lines after every line the request implies, in body order,
/// without their line breaks: a later version's further status details
/// (bare integers where the CAA line would be), and what follows the CAA
/// line. Only the tolerant reading keeps any.
///
/// ```
/// use collectssl::response::{Expectation, Response};
/// use collectssl::QueryType;
///
/// let r = Response::parse(b"0\nAuthorized\nmore\r\n", &Expectation::new(QueryType::StatusOnly)).unwrap();
/// assert_eq!(r.caa_status.unwrap().to_string(), "Authorized");
/// assert_eq!(r.other_lines.iter().collect::<Vec<_>>(), [&b"more"[..]]);
/// ```
#[derive(Clone, Copy)]
pub struct OtherLines<'a> {
    body: &'a [u8],
    /// Runs of whole lines of `body` (start, end), in body order.
    runs: [(usize, usize); 2],
}

impl<'a> OtherLines<'a> {
    /// None at all.
    pub const EMPTY: Self = Self {
        body: b"",
        runs: [(0, 0); 2],
    };

    /// The lines of `body` in `runs`, each starting and ending at a line
    /// boundary.
    pub(crate) const fn new(body: &'a [u8], runs: [(usize, usize); 2]) -> Self {
        Self { body, runs }
    }

    /// The lines in body order.
    ///
    /// ```
    /// assert_eq!(collectssl::response::OtherLines::EMPTY.iter().count(), 0);
    /// ```
    pub fn iter(&self) -> OtherLinesIter<'a> {
        OtherLinesIter {
            body: self.body,
            runs: self.runs,
        }
    }

    /// Whether there are none.
    ///
    /// ```
    /// assert!(collectssl::response::OtherLines::EMPTY.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.runs.iter().all(|(start, end)| start >= end)
    }
}

impl PartialEq for OtherLines<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for OtherLines<'_> {}

impl fmt::Debug for OtherLines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(Lossy)).finish()
    }
}

/// Iterator over [`OtherLines`].
#[derive(Debug, Clone)]
pub struct OtherLinesIter<'a> {
    body: &'a [u8],
    runs: [(usize, usize); 2],
}

impl<'a> Iterator for OtherLinesIter<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let (start, end) = self.runs.iter_mut().find(|(start, end)| start < end)?;
        let (line, next) = pem::line_at(self.body, *start);
        *start = next.min(*end);
        Some(line)
    }
}

/// A line shown as text: invalid UTF-8 as U+FFFD.
pub(crate) struct Lossy<'a>(pub(crate) &'a [u8]);

impl fmt::Display for Lossy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.utf8_chunks() {
            f.write_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{FFFD}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Lossy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for chunk in self.0.utf8_chunks() {
            fmt::Display::fmt(&chunk.valid().escape_debug(), f)?;
            if !chunk.invalid().is_empty() {
                f.write_str("\u{FFFD}")?;
            }
        }
        f.write_str("\"")
    }
}
