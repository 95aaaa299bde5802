//! A certificate file as a ZIP carries it (`.crt`, `.cer`, `.pem`,
//! `.ca-bundle`): one DER certificate, or text with PEM blocks.

use super::der::{self, SEQUENCE};
use crate::blob::Blob;
use crate::error::{Error, ErrorKind};
use crate::pem::{self, begin_line, line_at};

/// The armor label of a certificate (RFC 7468).
const CERTIFICATE: &[u8] = b"CERTIFICATE";

/// The certificates of one file, borrowed: a DER certificate (the file
/// starts with `0x30` and is exactly one DER `SEQUENCE`), or text holding
/// any number of PEM `CERTIFICATE` blocks (either armor spelling, lines of
/// any width). Text outside the blocks is ignored, as OpenSSL does; a
/// block with another label is [`ErrorKind::InvalidPem`].
///
/// Each certificate comes as a [`Blob`] in its encoding, to decode into a
/// caller buffer; the base64 is checked then.
///
/// ```
/// use collectssl::container::{CertificateFile, Zip};
///
/// let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
/// let zip = Zip::parse(archive)?;
/// let entry = zip.find(b"www_example_com.crt").unwrap();
/// let mut text = [0u8; 2048];
/// let file = CertificateFile::parse(zip.extract_into(&entry, &mut text)?)?;
/// assert_eq!(file.len(), 1);
/// let mut der = [0u8; 2048];
/// let leaf = file.blobs().next().unwrap().decode_into(&mut der)?;
/// assert_eq!(leaf[0], 0x30);
/// # Ok::<(), collectssl::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct CertificateFile<'a> {
    bytes: &'a [u8],
    der: bool,
    len: usize,
}

impl<'a> CertificateFile<'a> {
    /// Reads the file: a DER certificate's framing, or every PEM block's
    /// armor. Errors carry the byte offset in `bytes`.
    ///
    /// ```
    /// use collectssl::{container::CertificateFile, ErrorKind};
    /// let bundle = b"intermediate\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n\
    ///                root\n-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n";
    /// assert_eq!(CertificateFile::parse(bundle)?.len(), 2);
    /// let key = b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    /// assert_eq!(CertificateFile::parse(key).unwrap_err().kind(), ErrorKind::InvalidPem);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn parse(bytes: &'a [u8]) -> Result<Self, Error> {
        if bytes.first() == Some(&SEQUENCE) {
            der::single(bytes, SEQUENCE)?;
            return Ok(Self {
                bytes,
                der: true,
                len: 1,
            });
        }
        let mut blocks = Blocks::new(bytes);
        while let Some(block) = blocks.next_block()? {
            if block.label != CERTIFICATE {
                return Err(Error::new(ErrorKind::InvalidPem, block.start));
            }
        }
        Ok(Self {
            bytes,
            der: false,
            len: Blocks::new(bytes).count(),
        })
    }

    /// The number of certificates.
    ///
    /// ```
    /// # use collectssl::container::CertificateFile;
    /// assert_eq!(CertificateFile::parse(b"no certificate here")?.len(), 0);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether the file holds no certificate.
    ///
    /// ```
    /// # use collectssl::container::CertificateFile;
    /// assert!(CertificateFile::parse(b"")?.is_empty());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The certificates, in file order: a binary blob for a DER file, the
    /// base64 of each block for text.
    ///
    /// ```
    /// use collectssl::{container::CertificateFile, BlobEncoding};
    /// let file = CertificateFile::parse(&[0x30, 0x00])?;
    /// let blob = file.blobs().next().unwrap();
    /// assert_eq!(blob.encoding(), BlobEncoding::Binary);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn blobs(&self) -> FileCertificates<'a> {
        FileCertificates {
            blocks: Blocks::new(if self.der { &[] } else { self.bytes }),
            der: self.der.then_some(self.bytes),
        }
    }
}

/// The certificates of a [`CertificateFile`], as blobs.
///
/// ```
/// use collectssl::container::CertificateFile;
/// let pem = b"-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n";
/// let mut blobs = CertificateFile::parse(pem)?.blobs();
/// assert_eq!(blobs.len(), 1);
/// assert_eq!(blobs.next().unwrap().raw(), b"AAEC\n");
/// # Ok::<(), collectssl::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct FileCertificates<'a> {
    /// The PEM blocks, none for a DER file.
    blocks: Blocks<'a>,
    der: Option<&'a [u8]>,
}

impl<'a> Iterator for FileCertificates<'a> {
    type Item = Blob<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(der) = self.der.take() {
            return Some(Blob::binary(der));
        }
        self.blocks.next_certificate()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        // A few blocks, already checked: counting is cheaper than keeping
        // a count in step.
        let left = if self.der.is_some() {
            1
        } else {
            self.blocks.clone().count()
        };
        (left, Some(left))
    }
}

impl ExactSizeIterator for FileCertificates<'_> {}

impl core::iter::FusedIterator for FileCertificates<'_> {}

/// A PEM block and where its BEGIN line is.
struct Found<'a> {
    label: &'a [u8],
    blob: Blob<'a>,
    start: usize,
}

/// Walks the lines of a text, yielding its PEM blocks.
#[derive(Debug, Clone)]
struct Blocks<'a> {
    text: &'a [u8],
    pos: usize,
}

impl<'a> Blocks<'a> {
    /// The blocks of `text`, from its start.
    const fn new(text: &'a [u8]) -> Self {
        Self { text, pos: 0 }
    }

    /// The next block's certificate, in a text [`CertificateFile::parse`]
    /// has checked.
    fn next_certificate(&mut self) -> Option<Blob<'a>> {
        let block = self.next_block();
        debug_assert!(block.is_ok(), "checked by CertificateFile::parse");
        block.ok().flatten().map(|found| found.blob)
    }

    fn next_block(&mut self) -> Result<Option<Found<'a>>, Error> {
        while self.pos < self.text.len() {
            let start = self.pos;
            let (line, next) = line_at(self.text, start);
            if begin_line(line).is_some() {
                let block = pem::block(self.text, start)?;
                self.pos = block.end;
                return Ok(Some(Found {
                    label: block.label,
                    blob: block.blob,
                    start,
                }));
            }
            self.pos = next;
        }
        Ok(None)
    }
}

impl<'a> Iterator for Blocks<'a> {
    type Item = Blob<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_certificate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    fn decoded(file: &CertificateFile<'_>) -> Vec<Vec<u8>> {
        file.blobs()
            .map(|b| {
                let mut out = vec![0u8; 64];
                b.decode_into(&mut out).unwrap().to_vec()
            })
            .collect()
    }

    #[test]
    fn der_file() {
        let file = CertificateFile::parse(&[0x30, 0x01, 0x05]).unwrap();
        assert_eq!(decoded(&file), [vec![0x30, 0x01, 0x05]]);
        let e = CertificateFile::parse(&[0x30, 0x01, 0x05, 0x00]).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidDer, Some(3)));
        let e = CertificateFile::parse(&[0x30, 0x05]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnexpectedEnd);
    }

    #[test]
    fn pem_bundle_with_text_and_both_armors() {
        let text = b"subject=/CN=x\r\n-----BEGIN CERTIFICATE-----\r\nAAEC\r\nAw==\r\n\
            -----END CERTIFICATE-----\r\n\n----- BEGIN CERTIFICATE -----\nBAU=\n\
            ----- END CERTIFICATE -----";
        let file = CertificateFile::parse(text).unwrap();
        assert_eq!(file.len(), 2);
        assert_eq!(decoded(&file), [vec![0, 1, 2, 3], vec![4, 5]]);
        let first = file.blobs().next().unwrap();
        assert_eq!(first.offset(), 44);
    }

    #[test]
    fn broken_blocks_and_other_labels() {
        let e = CertificateFile::parse(b"x\n-----BEGIN CERTIFICATE-----\nAAAA\n").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnexpectedEnd);
        let e =
            CertificateFile::parse(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END X509 CRL-----\n")
                .unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidPem, Some(33)));
        let e =
            CertificateFile::parse(b"\n-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n")
                .unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidPem, Some(1)));
    }

    #[test]
    fn bad_base64_shows_when_decoding() {
        let file = CertificateFile::parse(
            b"-----BEGIN CERTIFICATE-----\nA*AA\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let e = file
            .blobs()
            .next()
            .unwrap()
            .decode_into(&mut [0u8; 8])
            .unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidBase64, Some(29)));
    }
}
