//! Just enough of an X.509 certificate to chain it: its issuer and subject
//! names, as DER bytes (RFC 5280, section 4.1).

use super::der::{BIT_STRING, CONTEXT_0, INTEGER, Reader, SEQUENCE, Tlv};
use crate::error::Error;

/// A DER certificate, with its issuer and subject `Name`s located.
///
/// The rule read (RFC 5280):
///
/// ```text
/// Certificate    ::= SEQUENCE { tbsCertificate, signatureAlgorithm SEQUENCE, signature BIT STRING }
/// TBSCertificate ::= SEQUENCE { version [0] EXPLICIT OPTIONAL, serialNumber INTEGER,
///                               signature SEQUENCE, issuer Name, validity SEQUENCE,
///                               subject Name, ... }
/// ```
///
/// Nothing is decoded beyond that: the names are compared byte for byte.
///
/// ```
/// use collectssl::container::Certificate;
/// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
/// # let der = collectssl::container::Pkcs7::parse(p7)?.certificates().next().unwrap();
/// let cert = Certificate::parse(&der)?;
/// assert!(cert.is_self_issued());
/// assert_eq!(cert.der(), &der[..]);
/// # Ok::<(), collectssl::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Certificate<'a> {
    der: &'a [u8],
    issuer: &'a [u8],
    subject: &'a [u8],
}

impl<'a> Certificate<'a> {
    /// Reads the certificate that fills `der` exactly. Errors carry the
    /// byte offset in `der`: [`ErrorKind::InvalidDer`] for a structure that
    /// is not a certificate, [`ErrorKind::UnexpectedEnd`] for one cut short.
    ///
    /// [`ErrorKind::InvalidDer`]: crate::ErrorKind::InvalidDer
    /// [`ErrorKind::UnexpectedEnd`]: crate::ErrorKind::UnexpectedEnd
    ///
    /// ```
    /// use collectssl::{container::Certificate, ErrorKind};
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// # let der = collectssl::container::Pkcs7::parse(p7)?.certificates().next().unwrap();
    /// assert!(Certificate::parse(&der).is_ok());
    /// let err = Certificate::parse(&der[..der.len() - 1]).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::UnexpectedEnd);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn parse(der: &'a [u8]) -> Result<Self, Error> {
        Self::read(Reader::new(der))
    }

    /// As [`Certificate::parse`], for a value found in a container: errors
    /// carry the offset in the container.
    pub(crate) fn parse_in(value: &Tlv<'a>) -> Result<Self, Error> {
        Self::read(value.encoding())
    }

    /// The certificate that fills what `outer` has left.
    fn read(outer: Reader<'a>) -> Result<Self, Error> {
        let certificate = outer.only(SEQUENCE)?;
        let mut fields = certificate.reader();
        let tbs = fields.expect(SEQUENCE)?;
        fields.expect(SEQUENCE)?;
        fields.expect(BIT_STRING)?;
        fields.finish()?;

        let mut tbs = tbs.reader();
        tbs.optional(CONTEXT_0)?;
        tbs.expect(INTEGER)?;
        tbs.expect(SEQUENCE)?;
        let issuer = tbs.expect(SEQUENCE)?;
        tbs.expect(SEQUENCE)?;
        let subject = tbs.expect(SEQUENCE)?;
        Ok(Self {
            der: certificate.raw,
            issuer: issuer.raw,
            subject: subject.raw,
        })
    }

    /// The whole certificate, DER.
    ///
    /// ```
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// # let der = collectssl::container::Pkcs7::parse(p7)?.certificates().next().unwrap();
    /// let cert = collectssl::container::Certificate::parse(&der)?;
    /// assert_eq!(cert.der().len(), der.len());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn der(&self) -> &'a [u8] {
        self.der
    }

    /// The issuer `Name`, DER (tag and length included).
    ///
    /// ```
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// # let der = collectssl::container::Pkcs7::parse(p7)?.certificates().next().unwrap();
    /// let cert = collectssl::container::Certificate::parse(&der)?;
    /// assert_eq!(cert.issuer()[0], 0x30);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn issuer(&self) -> &'a [u8] {
        self.issuer
    }

    /// The subject `Name`, DER (tag and length included).
    ///
    /// ```
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// # let der = collectssl::container::Pkcs7::parse(p7)?.certificates().next().unwrap();
    /// let cert = collectssl::container::Certificate::parse(&der)?;
    /// assert_eq!(cert.subject(), cert.issuer());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn subject(&self) -> &'a [u8] {
        self.subject
    }

    /// Whether the issuer and subject names are the same bytes, as in a
    /// root certificate.
    ///
    /// ```
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// # let der = collectssl::container::Pkcs7::parse(p7)?.certificates().next().unwrap();
    /// assert!(collectssl::container::Certificate::parse(&der)?.is_self_issued());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn is_self_issued(&self) -> bool {
        self.issuer == self.subject
    }

    /// Whether `issuer`'s subject name is this certificate's issuer name,
    /// byte for byte.
    ///
    /// ```
    /// # let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// # let der = collectssl::container::Pkcs7::parse(p7)?.certificates().next().unwrap();
    /// let cert = collectssl::container::Certificate::parse(&der)?;
    /// assert!(cert.is_issued_by(&cert));
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn is_issued_by(&self, issuer: &Certificate<'_>) -> bool {
        self.issuer == issuer.subject
    }
}

/// The DER certificates of a PKCS#7 or Netscape Certificate Sequence, in
/// the order they are stored, borrowed from the container.
///
/// The container was checked when it was parsed, so iterating cannot fail;
/// each item is the DER of one `Certificate` (a `SEQUENCE`), to read with
/// [`Certificate::parse`] or hand to [`Chain::from_der`](super::Chain::from_der).
///
/// ```
/// use collectssl::container::Pkcs7;
/// let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
/// let certificates = Pkcs7::parse(p7)?.certificates();
/// assert_eq!(certificates.len(), 3);
/// for der in certificates {
///     assert_eq!(der[0], 0x30);
/// }
/// # Ok::<(), collectssl::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Certificates<'a> {
    reader: Reader<'a>,
}

impl<'a> Certificates<'a> {
    /// The certificates among the values of `set` (a `SET OF` or
    /// `SEQUENCE OF`): its `SEQUENCE`s. Values with other tags (PKCS#7's
    /// attribute certificates and other `CertificateChoices`) are skipped,
    /// or with `only_certificates` are [`ErrorKind::InvalidDer`]. Checks
    /// that every value is well-formed, so that iterating cannot fail.
    ///
    /// [`ErrorKind::InvalidDer`]: crate::ErrorKind::InvalidDer
    pub(crate) fn new(set: &Tlv<'a>, only_certificates: bool) -> Result<Self, Error> {
        let mut members = set.reader();
        while !members.is_empty() {
            if only_certificates {
                members.expect(SEQUENCE)?;
            } else {
                members.read()?;
            }
        }
        Ok(Self {
            reader: set.reader(),
        })
    }

    /// No certificates.
    pub(crate) const EMPTY: Self = Self {
        reader: Reader::EMPTY,
    };

    /// The next certificate, as a value of the container.
    pub(crate) fn next_value(&mut self) -> Option<Tlv<'a>> {
        while !self.reader.is_empty() {
            let value = self.reader.read();
            debug_assert!(value.is_ok(), "checked by Certificates::new");
            let value = value.ok()?;
            if value.tag == SEQUENCE {
                return Some(value);
            }
        }
        None
    }
}

impl<'a> Iterator for Certificates<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<Self::Item> {
        self.next_value().map(|value| value.raw)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        // A handful of values, already checked: counting is cheaper than
        // keeping a count in step.
        let mut rest = self.clone();
        let left = core::iter::from_fn(|| rest.next_value()).count();
        (left, Some(left))
    }
}

impl ExactSizeIterator for Certificates<'_> {}

impl core::iter::FusedIterator for Certificates<'_> {}

#[cfg(test)]
pub(crate) mod build {
    //! Builds DER for tests: certificates with chosen names.
    use crate::test_prelude::*;

    /// A TLV with a definite length in the shortest form.
    pub(crate) fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let len = value.len();
        if len < 0x80 {
            out.push(len as u8);
        } else {
            let bytes = (len as u32).to_be_bytes();
            let skip = bytes.iter().take_while(|b| **b == 0).count();
            out.push(0x80 | (4 - skip) as u8);
            out.extend_from_slice(&bytes[skip..]);
        }
        out.extend_from_slice(value);
        out
    }

    /// A `Name` with one common name.
    pub(crate) fn name(cn: &str) -> Vec<u8> {
        let cn_oid = tlv(0x06, &[0x55, 0x04, 0x03]);
        let value = tlv(0x0c, cn.as_bytes());
        let atv = tlv(0x30, &[cn_oid, value].concat());
        tlv(0x30, &tlv(0x31, &atv))
    }

    /// A certificate (unsigned, shaped right) from `issuer` to `subject`.
    pub(crate) fn certificate(issuer: &str, subject: &str) -> Vec<u8> {
        let alg = tlv(
            0x30,
            &tlv(0x06, &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]),
        );
        let time = tlv(0x17, b"250101000000Z");
        let tbs = [
            tlv(0xa0, &tlv(0x02, &[2])),
            tlv(0x02, &[0x10, 0x00]),
            alg.clone(),
            name(issuer),
            tlv(0x30, &[time.clone(), time].concat()),
            name(subject),
            tlv(0x30, &[]),
        ]
        .concat();
        tlv(
            0x30,
            &[tlv(0x30, &tbs), alg, tlv(0x03, &[0x00, 0x01])].concat(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::build::*;
    use super::*;
    use crate::error::ErrorKind;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn names_are_located() {
        let der = certificate("Root", "Leaf");
        let cert = Certificate::parse(&der).unwrap();
        assert_eq!(cert.issuer(), name("Root"));
        assert_eq!(cert.subject(), name("Leaf"));
        assert!(!cert.is_self_issued());
        let root = certificate("Root", "Root");
        let root = Certificate::parse(&root).unwrap();
        assert!(root.is_self_issued());
        assert!(cert.is_issued_by(&root));
        assert!(!root.is_issued_by(&cert));
    }

    #[test]
    fn version_is_optional() {
        // A v1 certificate: no [0] version.
        let alg = tlv(0x30, &tlv(0x06, &[0x2a]));
        let tbs = [
            tlv(0x02, &[1]),
            alg.clone(),
            name("A"),
            tlv(0x30, &[]),
            name("B"),
        ]
        .concat();
        let der = tlv(0x30, &[tlv(0x30, &tbs), alg, tlv(0x03, &[0])].concat());
        let cert = Certificate::parse(&der).unwrap();
        assert_eq!(
            (cert.issuer(), cert.subject()),
            (&name("A")[..], &name("B")[..])
        );
    }

    #[test]
    fn every_truncation_is_an_error() {
        let der = certificate("Issuer CA", "www.example.com");
        for len in 0..der.len() {
            let e = Certificate::parse(&der[..len]).unwrap_err();
            assert!(
                matches!(e.kind(), ErrorKind::UnexpectedEnd | ErrorKind::InvalidDer),
                "{len}: {e}"
            );
        }
    }

    #[test]
    fn wrong_shapes_are_invalid() {
        let der = certificate("A", "B");
        let mut trailing = der.clone();
        trailing.push(0);
        let e = Certificate::parse(&trailing).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::InvalidDer, Some(der.len()))
        );
        // A SET where the certificate's SEQUENCE must be.
        let mut set = der.clone();
        set[0] = 0x31;
        assert_eq!(Certificate::parse(&set).unwrap_err().offset(), Some(0));
        // No signature after the TBS: the certificate ends too soon.
        let tbs_only = tlv(0x30, &tlv(0x30, &[]));
        let e = Certificate::parse(&tbs_only).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::UnexpectedEnd, Some(4)));
        // A validity where the issuer must be.
        let mut swapped = der.clone();
        let issuer = swapped.windows(2).position(|w| w == [0x30, 0x0c]).unwrap();
        swapped[issuer] = 0x17;
        let e = Certificate::parse(&swapped).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::InvalidDer, Some(issuer))
        );
    }

    #[test]
    fn iterator_skips_other_choices_and_counts() {
        let a = certificate("A", "A");
        let b = certificate("A", "B");
        let other = tlv(0xa1, &[0x05, 0x00]);
        let set = [a.clone(), other, b.clone()].concat();
        let wrapped = tlv(0x31, &set);
        let header = wrapped.len() - set.len();
        let value = Reader::new(&wrapped).read().unwrap();
        let mut it = Certificates::new(&value, false).unwrap();
        assert_eq!(it.len(), 2);
        let first = it.next_value().unwrap();
        assert_eq!((first.offset, first.raw), (header, &a[..]));
        assert_eq!(it.len(), 1);
        assert_eq!(it.next(), Some(&b[..]));
        assert_eq!(it.next(), None);
        assert_eq!(it.len(), 0);
        let cut = tlv(0x31, &set[..set.len() - 1]);
        let value = Reader::new(&cut).read().unwrap();
        let e = Certificates::new(&value, false).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnexpectedEnd);
        let e = Certificates::new(&Reader::new(&wrapped).read().unwrap(), true).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::InvalidDer, Some(header + a.len()))
        );
        assert_eq!(Certificates::EMPTY.count(), 0);
    }
}
