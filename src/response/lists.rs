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
    /// Where the parser found the first few.
    known: Known,
}

#[derive(Clone, Copy)]
enum Source<'a> {
    /// `len` PEM blocks of `body`.
    Pem { body: &'a [u8] },
    /// The `caCertificate` parameters of a format-1 body.
    Form { body: &'a [u8] },
    /// Blobs a caller provides.
    Blobs(&'a [Blob<'a>]),
}

/// How many CA certificates of a body the parser keeps the place of. A
/// walk over them would otherwise find each PEM block or `caCertificate`
/// pair a second time: about 7 % of parsing and decoding an issued body
/// with two of them. Chains longer than this are walked from the last one
/// kept. Without `fast-base64`, none (the flash it would take).
const KNOWN: usize = if cfg!(feature = "fast-base64") { 3 } else { 0 };

/// The raw places of the first CA blobs a parser found in a body (the
/// first `KNOWN` of the list, or all of them), and where the walk over the
/// rest begins.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Known {
    /// Offset and length of each blob's raw bytes in the body.
    spans: [(usize, usize); KNOWN],
    /// Where the first blob not kept starts: a PEM block's BEGIN line, or
    /// the rest of the pairs.
    resume: usize,
}

impl Known {
    /// None kept; the walk begins at `resume`.
    pub(crate) const fn at(resume: usize) -> Self {
        Self {
            spans: [(0, 0); KNOWN],
            resume,
        }
    }

    /// Keeps the place of `blob`, the `i`th of the body, when there is
    /// room; `next` is where the blob after it starts.
    pub(crate) fn keep(&mut self, i: usize, blob: Blob<'_>, next: usize) {
        if let Some(slot) = self.spans.get_mut(i) {
            *slot = (blob.offset(), blob.raw().len());
            self.resume = next;
        }
    }
}

impl<'a> CaCertificates<'a> {
    /// No CA certificates.
    pub const EMPTY: Self = Self::from_blobs(&[]);

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
            known: Known::at(0),
        }
    }

    /// `len` PEM blocks of `body`, already checked by the parser.
    pub(crate) const fn pem(body: &'a [u8], len: usize, known: Known) -> Self {
        Self {
            source: Source::Pem { body },
            len,
            known,
        }
    }

    /// The `len` `caCertificate` parameters of a format-1 body.
    pub(crate) const fn form(body: &'a [u8], len: usize, known: Known) -> Self {
        Self {
            source: Source::Form { body },
            len,
            known,
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
            known: self.known,
            taken: 0,
            left: self.len,
            pairs: match self.source {
                Source::Form { body } => form::pairs_from(body, self.known.resume),
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
    /// The kept places, and where the walk is after them.
    known: Known,
    /// How many blobs were taken.
    taken: usize,
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
        let kept = self.known.spans.get(self.taken).copied();
        self.taken = self.taken.saturating_add(1);
        let raw = |body: &'a [u8], (offset, len): (usize, usize)| {
            body.get(offset..offset.checked_add(len)?)
        };
        match self.source {
            Source::Pem { body } => {
                if let Some(place) = kept {
                    return Some(Blob::base64(raw(body, place)?).at(place.0));
                }
                let block = pem::block(body, self.known.resume).ok()?;
                // The tolerant reading lets blank lines follow a block.
                self.known.resume = skip_blank_lines(body, block.end, body.len());
                Some(block.blob)
            }
            Source::Form { body } => {
                if let Some(place) = kept {
                    return Some(Blob::form_base64(raw(body, place)?).at(place.0));
                }
                loop {
                    if let (pair, Some(Param::CaCertificate)) = next_param(&mut self.pairs)? {
                        break Some(form_blob(pair.value, pair.value_offset));
                    }
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::QueryType;
    use crate::response::{Expectation, Response};
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    /// The same list walked from its first blob, at `start`, as if no
    /// place were kept.
    fn walked<'a>(list: &CaCertificates<'a>, start: usize) -> Vec<Blob<'a>> {
        let from_start = CaCertificates {
            known: Known::at(start),
            ..*list
        };
        let mut walk = from_start.iter();
        walk.taken = KNOWN; // Past the kept places.
        walk.collect()
    }

    /// Blobs equal as values and at the same place in the body.
    fn places(blobs: &[Blob<'_>]) -> Vec<(usize, Vec<u8>)> {
        blobs
            .iter()
            .map(|b| (b.offset(), b.raw().to_vec()))
            .collect()
    }

    /// Chains shorter and longer than the places kept, with blank lines
    /// (format 0) and other parameters (format 1) between the blobs: the
    /// kept places and the walk after them give what a walk from the first
    /// blob gives, blob for blob and offset for offset.
    #[test]
    fn kept_places_and_the_walk_after_them_agree_with_a_walk_from_the_start() {
        for cas in 0..=KNOWN + 3 {
            let base64 = |i: usize| format!("AAA{}", char::from(b'A' + i as u8));
            let mut text = String::from("2\n");
            let mut form = String::from("errorCode=2");
            for i in 0..=cas {
                let blank = if i % 2 == 1 { "\n" } else { "" };
                let b = base64(i);
                text += &format!(
                    "-----BEGIN CERTIFICATE-----\n{b}\n-----END CERTIFICATE-----\n{blank}"
                );
                let name = if i == cas {
                    "certificate"
                } else {
                    "caCertificate"
                };
                form += &format!("&{name}={b}&fqdn{i}=x");
            }
            let exp = Expectation::new(QueryType::CertificateAndChain);
            let r0 = Response::parse_newline(text.as_bytes(), &exp);
            let r1 = Response::parse_urlencoded(form.as_bytes()).unwrap();
            let lists = match r0 {
                // A chain needs a CA certificate before the end entity.
                Err(_) if cas == 0 => vec![(r1.ca_certificates, 0)],
                r0 => vec![(r0.unwrap().ca_certificates, 2), (r1.ca_certificates, 0)],
            };
            for (list, start) in lists {
                let got: Vec<_> = list.iter().collect();
                assert_eq!(got.len(), cas);
                assert_eq!(places(&got), places(&walked(&list, start)), "{cas} CAs");
                for (i, blob) in got.iter().enumerate() {
                    assert_eq!(
                        blob.raw().trim_ascii_end(),
                        base64(i).as_bytes(),
                        "{cas} CAs"
                    );
                }
            }
        }
    }
}
