//! Certificate containers and chain order: PKCS#7, the Netscape
//! Certificate Sequence, ZIP archives, and the certificates inside them put
//! leaf first, all without allocation.
//!
//! A `responseType` of 0, 1 or 2 answers with one container (format 0: a
//! PEM block, format 1: base64, or the raw bytes with `responseEncoding=1`).
//! Containers are read from their bytes: decode a base64 [`Blob`] first
//! with [`Blob::decode_into`] (a binary blob is already the bytes, see
//! [`Blob::raw`]). The certificates inside come in the order they were
//! stored, which is *not* the chain order (the first is not the leaf);
//! [`Chain`] orders them by matching each issuer name to a subject name,
//! byte for byte, and reports a missing link or a loop instead of guessing.
//! [`Response::chain`] gathers every certificate a response carries, in
//! whichever container, into one [`Chain`].
//!
//! ```
//! use collectssl::container::{Chain, Pkcs7};
//! use collectssl::response::{Expectation, Response};
//!
//! let request = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-newline.request"));
//! let body = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/pkcs7-newline.body"));
//! let response = Response::parse(body, &Expectation::from_form(request))?;
//!
//! // The container's certificates, as stored: root first.
//! let mut der = [0u8; 4096];
//! let pkcs7 = response.pkcs7.unwrap().decode_into(&mut der)?;
//! assert_eq!(Pkcs7::parse(pkcs7)?.certificates().len(), 3);
//!
//! // In chain order, whatever the container or format.
//! let mut buf = [0u8; 8192];
//! let chain: Chain<'_, 4> = response.chain(&mut buf)?;
//! assert!(chain.leaf().is_issued_by(&chain.certificates()[1]));
//! assert!(chain.ends_with_root());
//! # Ok::<(), collectssl::Error>(())
//! ```
//!
//! [`Blob`]: crate::Blob
//! [`Blob::decode_into`]: crate::Blob::decode_into
//! [`Blob::raw`]: crate::Blob::raw
//! [`Response::chain`]: crate::Response::chain

mod certificate;
mod chain;
mod content;
mod cursor;
mod der;
mod file;
mod nseq;
mod pkcs7;
mod zip;

pub use certificate::{Certificate, Certificates};
pub(crate) use chain::Collected;
pub use chain::{Chain, chain_order};
pub use file::{CertificateFile, FileCertificates};
pub use nseq::NetscapeCertificateSequence;
pub use pkcs7::Pkcs7;
pub use zip::{Compression, Zip, ZipEntries, ZipEntry};
