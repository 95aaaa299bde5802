//! The repeated parts of a response, iterated straight from the body.

use core::fmt;

use super::urlencoded::{Param, param_of};
use crate::form;
use crate::pem::{self, Blob};
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
        if self.left == 0 {
            return None;
        }
        self.left = self.left.saturating_sub(1);
        match self.source {
            Source::Pem { body, .. } => {
                let block = pem::block(body, self.pos).ok()?;
                self.pos = block.end;
                Some(block.blob)
            }
            Source::Form { .. } => self.pairs.find_map(|pair| {
                (param_of(pair.name) == Some(Param::CaCertificate))
                    .then(|| Blob::form_base64(pair.value).at(pair.value_offset))
            }),
            Source::Blobs(blobs) => {
                let index = blobs.len().saturating_sub(self.left.saturating_add(1));
                blobs.get(index).copied()
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.left))
    }
}

/// Format-1 parameters this crate does not know, in body order, as
/// (name, value) texts; e.g. `errorItem`.
///
/// ```
/// use collectssl::response::Response;
/// let r = Response::parse_urlencoded(b"errorCode=-4&errorItem=queryType").unwrap();
/// let (name, value) = r.unknown.iter().next().unwrap();
/// assert_eq!((name, value), ("errorItem".into(), "queryType".into()));
/// ```
#[derive(Clone, Copy)]
pub struct UnknownParameters<'a> {
    body: &'a [u8],
}

impl<'a> UnknownParameters<'a> {
    /// None at all.
    pub const EMPTY: Self = Self { body: b"" };

    /// The unknown parameters of a format-1 body.
    pub(crate) const fn of(body: &'a [u8]) -> Self {
        Self { body }
    }

    /// The parameters in body order.
    ///
    /// ```
    /// assert_eq!(collectssl::response::UnknownParameters::EMPTY.iter().count(), 0);
    /// ```
    pub fn iter(&self) -> UnknownParametersIter<'a> {
        UnknownParametersIter {
            pairs: form::pairs(self.body),
        }
    }

    /// Whether there are none.
    ///
    /// ```
    /// assert!(collectssl::response::UnknownParameters::EMPTY.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl PartialEq for UnknownParameters<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for UnknownParameters<'_> {}

impl fmt::Debug for UnknownParameters<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Iterator over [`UnknownParameters`].
#[derive(Debug, Clone)]
pub struct UnknownParametersIter<'a> {
    pairs: form::Pairs<'a>,
}

impl<'a> Iterator for UnknownParametersIter<'a> {
    type Item = (Text<'a>, Text<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        self.pairs.find_map(|pair| {
            param_of(pair.name)
                .is_none()
                .then(|| (Text::form(pair.name), Text::form(pair.value)))
        })
    }
}
