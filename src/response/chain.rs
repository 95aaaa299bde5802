//! The certificates of a response, in chain order, whatever carried them.

use super::Response;
use crate::container::{Chain, Collected};
use crate::error::Error;

impl<'a> Response<'a> {
    /// Orders every certificate the response carries, whatever the format
    /// and `responseType`: the CA certificates and the end entity, and the
    /// certificates inside a PKCS#7, Netscape sequence or ZIP (see
    /// [`chain_order`](crate::container::chain_order) for the rules). Base64
    /// is decoded into `buf`, which the chain then borrows, as does
    /// unpacking a ZIP; binary bodies are read in place. A response without
    /// certificates is [`ErrorKind::ChainBroken`](crate::ErrorKind::ChainBroken)
    /// naming no certificate, at no byte.
    ///
    /// ```
    /// use collectssl::container::Chain;
    /// use collectssl::response::Response;
    ///
    /// let body = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/issued-urlencoded.body"));
    /// let response = Response::parse_urlencoded(body)?;
    /// let mut buf = [0u8; 8192];
    /// let chain: Chain<'_, 4> = response.chain(&mut buf)?;
    /// // The wire order is root first; the chain is leaf first.
    /// assert_eq!(chain.leaf(), chain.certificates()[0]);
    /// let mut leaf = [0u8; 2048];
    /// assert_eq!(chain.leaf().der(), response.certificate.unwrap().decode_into(&mut leaf)?);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn chain<'b, const N: usize>(&self, buf: &'b mut [u8]) -> Result<Chain<'b, N>, Error>
    where
        'a: 'b,
    {
        let mut collected = Collected::new();
        let mut rest = buf;
        for blob in self.ca_certificates.iter().chain(self.certificate) {
            collected.certificate(blob, &mut rest)?;
        }
        if let Some(blob) = self.pkcs7 {
            collected.pkcs7(blob, &mut rest)?;
        }
        if let Some(blob) = self.netscape_certificate_sequence {
            collected.netscape_sequence(blob, &mut rest)?;
        }
        if let Some(blob) = self.zip_file {
            collected.zip_file(blob, rest)?;
        }
        collected.order()
    }
}
