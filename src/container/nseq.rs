//! The Netscape Certificate Sequence, as `responseType=1` sends it.

use super::certificate::Certificates;
use super::content::content_info;
use crate::error::Error;

/// The contents of the OID `2.16.840.1.113730.2.5` (netscape-cert-sequence).
pub(crate) const NETSCAPE_CERT_SEQUENCE: &[u8] =
    &[0x60, 0x86, 0x48, 0x01, 0x86, 0xf8, 0x42, 0x02, 0x05];

/// A Netscape Certificate Sequence, borrowed from its DER bytes, giving the
/// certificates it holds in the order they are stored.
///
/// The rule read (as OpenSSL's `NETSCAPE_CERT_SEQUENCE`):
///
/// ```text
/// NetscapeCertSequence ::= SEQUENCE { type OID (2.16.840.1.113730.2.5),
///                                     certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
/// ```
///
/// The bytes must be exactly that one `SEQUENCE`, and every member of
/// `certs` a `SEQUENCE` (else [`ErrorKind::InvalidDer`]).
///
/// [`ErrorKind::InvalidDer`]: crate::ErrorKind::InvalidDer
///
/// ```
/// use collectssl::container::NetscapeCertificateSequence;
/// use collectssl::response::Response;
///
/// let body = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/nseq-urlencoded.body"));
/// let response = Response::parse_urlencoded(body)?;
/// let blob = response.netscape_certificate_sequence.unwrap();
/// let mut buf = [0u8; 4096];
/// let der = blob.decode_into(&mut buf)?;
/// let sequence = NetscapeCertificateSequence::parse(der)?;
/// assert_eq!(sequence.certificates().len(), 3);
/// # Ok::<(), collectssl::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct NetscapeCertificateSequence<'a> {
    certificates: Certificates<'a>,
}

impl<'a> NetscapeCertificateSequence<'a> {
    /// Reads the sequence that fills `der`. Errors carry the byte offset in
    /// `der`: [`ErrorKind::UnexpectedContentType`] when the type is not
    /// netscape-cert-sequence, [`ErrorKind::InvalidDer`] or
    /// [`ErrorKind::UnexpectedEnd`] when the structure is wrong or cut short.
    ///
    /// [`ErrorKind::UnexpectedContentType`]: crate::ErrorKind::UnexpectedContentType
    /// [`ErrorKind::InvalidDer`]: crate::ErrorKind::InvalidDer
    /// [`ErrorKind::UnexpectedEnd`]: crate::ErrorKind::UnexpectedEnd
    ///
    /// ```
    /// use collectssl::{container::NetscapeCertificateSequence, ErrorKind};
    /// // A PKCS#7 is not a Netscape sequence.
    /// let p7 = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-binary.body"));
    /// let err = NetscapeCertificateSequence::parse(p7).unwrap_err();
    /// assert_eq!((err.kind(), err.offset()), (ErrorKind::UnexpectedContentType, Some(4)));
    /// ```
    pub fn parse(der: &'a [u8]) -> Result<Self, Error> {
        let certificates = match content_info(der, NETSCAPE_CERT_SEQUENCE)? {
            Some(list) => Certificates::new(&list, true)?,
            None => Certificates::EMPTY,
        };
        Ok(Self { certificates })
    }

    /// The certificates, in stored order.
    ///
    /// ```
    /// use collectssl::container::{Certificate, NetscapeCertificateSequence};
    /// # let body = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/nseq-urlencoded.body"));
    /// # let response = collectssl::response::Response::parse_urlencoded(body)?;
    /// # let mut buf = [0u8; 4096];
    /// # let der = response.netscape_certificate_sequence.unwrap().decode_into(&mut buf)?;
    /// let sequence = NetscapeCertificateSequence::parse(der)?;
    /// let last = sequence.certificates().last().unwrap();
    /// assert!(!Certificate::parse(last)?.is_self_issued());
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
    use crate::error::ErrorKind;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    fn sequence(oid: &[u8], certs: Option<&[Vec<u8>]>) -> Vec<u8> {
        let mut fields = tlv(0x06, oid);
        if let Some(certs) = certs {
            fields.extend(tlv(0xa0, &tlv(0x30, &certs.concat())));
        }
        tlv(0x30, &fields)
    }

    #[test]
    fn certificates_in_stored_order() {
        let certs = [
            certificate("R", "R"),
            certificate("R", "I"),
            certificate("I", "L"),
        ];
        let der = sequence(NETSCAPE_CERT_SEQUENCE, Some(&certs));
        let got: Vec<&[u8]> = NetscapeCertificateSequence::parse(&der)
            .unwrap()
            .certificates()
            .collect();
        assert_eq!(got, [&certs[0][..], &certs[1][..], &certs[2][..]]);
    }

    #[test]
    fn certs_are_optional() {
        let der = sequence(NETSCAPE_CERT_SEQUENCE, None);
        let parsed = NetscapeCertificateSequence::parse(&der).unwrap();
        assert_eq!(parsed.certificates().len(), 0);
        let der = sequence(NETSCAPE_CERT_SEQUENCE, Some(&[]));
        assert_eq!(
            NetscapeCertificateSequence::parse(&der)
                .unwrap()
                .certificates()
                .len(),
            0
        );
    }

    #[test]
    fn wrong_type_and_members() {
        let der = sequence(super::super::pkcs7::SIGNED_DATA, None);
        let e = NetscapeCertificateSequence::parse(&der).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::UnexpectedContentType, Some(2))
        );
        // A member that is not a SEQUENCE.
        let der = sequence(NETSCAPE_CERT_SEQUENCE, Some(&[tlv(0x02, &[1])]));
        let e = NetscapeCertificateSequence::parse(&der).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidDer, Some(17)));
        // [0] holding a SET instead of a SEQUENCE.
        let mut der = sequence(NETSCAPE_CERT_SEQUENCE, Some(&[]));
        let last = der.len() - 2;
        der[last] = 0x31;
        assert_eq!(
            NetscapeCertificateSequence::parse(&der).unwrap_err().kind(),
            ErrorKind::InvalidDer
        );
        // Something after [0].
        let mut fields = tlv(0x06, NETSCAPE_CERT_SEQUENCE);
        fields.extend(tlv(0xa0, &tlv(0x30, &[])));
        fields.extend(tlv(0x05, &[]));
        let e = NetscapeCertificateSequence::parse(&tlv(0x30, &fields)).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidDer, Some(17)));
    }

    #[test]
    fn every_truncation_is_an_error() {
        let certs = [certificate("R", "R"), certificate("R", "L")];
        let der = sequence(NETSCAPE_CERT_SEQUENCE, Some(&certs));
        for len in 0..der.len() {
            assert!(
                NetscapeCertificateSequence::parse(&der[..len]).is_err(),
                "{len}"
            );
        }
    }
}
