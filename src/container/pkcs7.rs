//! PKCS#7 / CMS `SignedData`, as `responseType=2` sends it: a degenerate
//! "certificates-only" message (RFC 2315 section 9.1, RFC 5652 section 5).

use super::certificate::Certificates;
use super::content::content_info;
use super::der::{CONTEXT_0, CONTEXT_1, INTEGER, SEQUENCE, SET};
use crate::error::{Error, ErrorKind};

/// The contents of the OID `1.2.840.113549.1.7.2` (pkcs7-signedData).
pub(crate) const SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/// A PKCS#7 `SignedData` message, borrowed from its DER bytes, giving the
/// certificates it holds in the order they are stored (which is not the
/// chain order: see [`Chain`](super::Chain)).
///
/// The rule read:
///
/// ```text
/// ContentInfo ::= SEQUENCE { contentType OID (1.2.840.113549.1.7.2), content [0] EXPLICIT SignedData }
/// SignedData  ::= SEQUENCE { version INTEGER, digestAlgorithms SET, encapContentInfo SEQUENCE,
///                            certificates [0] IMPLICIT SET OF CertificateChoices OPTIONAL,
///                            crls [1] IMPLICIT OPTIONAL, signerInfos SET }
/// ```
///
/// The bytes must be exactly one `ContentInfo`. A PKCS#7 that came as
/// base64 (format 0 or 1) is decoded first with
/// [`Blob::decode_into`](crate::Blob::decode_into).
///
/// ```
/// use collectssl::container::{Certificate, Pkcs7};
///
/// let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
/// let pkcs7 = Pkcs7::parse(p7)?;
/// assert_eq!(pkcs7.certificates().len(), 3);
/// for der in pkcs7.certificates() {
///     let certificate = Certificate::parse(der)?;
///     assert!(!certificate.subject().is_empty());
/// }
/// # Ok::<(), collectssl::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Pkcs7<'a> {
    certificates: Certificates<'a>,
}

impl<'a> Pkcs7<'a> {
    /// Reads the `ContentInfo` that fills `der`. Errors carry the byte
    /// offset in `der`: [`ErrorKind::UnexpectedContentType`] when it is not
    /// `signedData`, [`ErrorKind::InvalidDer`] or
    /// [`ErrorKind::UnexpectedEnd`] when the structure is wrong or cut short.
    ///
    /// ```
    /// use collectssl::{container::Pkcs7, ErrorKind};
    /// let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// assert!(Pkcs7::parse(p7).is_ok());
    /// assert_eq!(Pkcs7::parse(&p7[..100]).unwrap_err().kind(), ErrorKind::UnexpectedEnd);
    /// ```
    pub fn parse(der: &'a [u8]) -> Result<Self, Error> {
        let Some(signed_data) = content_info(der, SIGNED_DATA)? else {
            // The content is not optional here: it ends too soon.
            return Err(Error::new(ErrorKind::UnexpectedEnd, der.len()));
        };
        let mut fields = signed_data.reader();
        fields.expect(INTEGER)?;
        fields.expect(SET)?;
        fields.expect(SEQUENCE)?;
        let certificates = match fields.optional(CONTEXT_0)? {
            Some(set) => Certificates::new(&set, false)?,
            None => Certificates::EMPTY,
        };
        fields.optional(CONTEXT_1)?;
        fields.expect(SET)?;
        fields.finish()?;
        Ok(Self { certificates })
    }

    /// The certificates, in stored order. Members of the set that are not
    /// X.509 certificates (attribute certificates, other
    /// `CertificateChoices`) are not certificates of the chain and are
    /// skipped.
    ///
    /// ```
    /// use collectssl::container::{Certificate, Pkcs7};
    /// let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// let first = Pkcs7::parse(p7)?.certificates().next().unwrap();
    /// assert!(Certificate::parse(first)?.is_self_issued());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn certificates(&self) -> Certificates<'a> {
        self.certificates.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::super::certificate::build::{certificate, tlv};
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    /// A certificates-only SignedData holding `set` as its certificates.
    fn signed_data(oid: &[u8], set: Option<&[u8]>, crls: bool) -> Vec<u8> {
        let mut fields = vec![
            tlv(0x02, &[1]),
            tlv(0x31, &[]),
            tlv(
                0x30,
                &tlv(
                    0x06,
                    &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01],
                ),
            ),
        ];
        if let Some(set) = set {
            fields.push(tlv(0xa0, set));
        }
        if crls {
            fields.push(tlv(0xa1, &[]));
        }
        fields.push(tlv(0x31, &[]));
        let sd = tlv(0x30, &fields.concat());
        tlv(0x30, &[tlv(0x06, oid), tlv(0xa0, &sd)].concat())
    }

    #[test]
    fn certificates_in_stored_order() {
        let (a, b) = (certificate("R", "R"), certificate("R", "L"));
        let p7 = signed_data(SIGNED_DATA, Some(&[a.clone(), b.clone()].concat()), true);
        let got: Vec<&[u8]> = Pkcs7::parse(&p7).unwrap().certificates().collect();
        assert_eq!(got, [&a[..], &b[..]]);
    }

    #[test]
    fn no_certificates_is_empty() {
        let p7 = signed_data(SIGNED_DATA, None, false);
        assert_eq!(Pkcs7::parse(&p7).unwrap().certificates().count(), 0);
        let p7 = signed_data(SIGNED_DATA, Some(&[]), false);
        assert_eq!(Pkcs7::parse(&p7).unwrap().certificates().len(), 0);
    }

    #[test]
    fn wrong_content_type() {
        let data = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
        let p7 = signed_data(&data, Some(&certificate("A", "A")), false);
        let e = Pkcs7::parse(&p7).unwrap_err();
        let oid = p7.windows(2).position(|w| w == [0x06, 0x09]).unwrap();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::UnexpectedContentType, Some(oid))
        );
        let nseq = [0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x02, 0x05];
        let p7 = signed_data(&nseq, None, false);
        assert_eq!(
            Pkcs7::parse(&p7).unwrap_err().kind(),
            ErrorKind::UnexpectedContentType
        );
    }

    #[test]
    fn every_truncation_and_trailing_byte_is_an_error() {
        let p7 = signed_data(SIGNED_DATA, Some(&certificate("A", "B")), true);
        for len in 0..p7.len() {
            assert!(Pkcs7::parse(&p7[..len]).is_err(), "{len}");
        }
        let mut trailing = p7.clone();
        trailing.push(0);
        let e = Pkcs7::parse(&trailing).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::InvalidDer, Some(p7.len()))
        );
    }

    #[test]
    fn a_bad_member_of_the_set_is_located() {
        let a = certificate("A", "A");
        // The certificate's length claims one byte more than the set holds.
        let p7 = signed_data(SIGNED_DATA, Some(&a[..a.len() - 1]), false);
        let e = Pkcs7::parse(&p7).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnexpectedEnd);
        assert!(e.offset().is_some_and(|o| o > 20 && o < p7.len()), "{e}");
    }

    #[test]
    fn missing_signer_infos_is_invalid() {
        let sd = tlv(
            0x30,
            &[tlv(0x02, &[1]), tlv(0x31, &[]), tlv(0x30, &[])].concat(),
        );
        let p7 = tlv(0x30, &[tlv(0x06, SIGNED_DATA), tlv(0xa0, &sd)].concat());
        assert_eq!(
            Pkcs7::parse(&p7).unwrap_err().kind(),
            ErrorKind::UnexpectedEnd
        );
    }
}
