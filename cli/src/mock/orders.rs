//! The mock's orders: the demo account's, and a reseller's own from
//! `--orders DIR`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use collectssl::container::{CertificateFile, Chain};
use collectssl::response::Response;
use collectssl::{Blob, Date, Status};

use super::containers;
use crate::x509;

/// The shipped chain (examples/samples/make.sh made it).
const ROOT_PEM: &str = include_str!("../../../examples/samples/chain/root.pem");
const INTERMEDIATE_PEM: &str = include_str!("../../../examples/samples/chain/intermediate.pem");
const LEAF_PEM: &str = include_str!("../../../examples/samples/chain/leaf.pem");
/// The same chain in the containers as shipped: DER PKCS#7, a ZIP of the
/// PEM files, and a format-1 answer holding the Netscape sequence, so that
/// the demo order answers with exactly the bytes of the samples.
const PKCS7_DER: &[u8] = include_bytes!("../../../examples/samples/pkcs7-binary.body");
const ZIP: &[u8] = include_bytes!("../../../examples/samples/zip-binary.body");
const NSEQ_ANSWER: &[u8] = include_bytes!("../../../examples/samples/nseq-urlencoded.body");

/// The demo order that is pending for its first calls, then issued.
pub const SLOW_ORDER: u64 = 1006;
/// How many calls about it are answered pending before it is issued.
pub const SLOW_ORDER_PENDING_CALLS: u32 = 2;

/// What a demo order is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demo {
    Issued,
    Pending,
    /// Pending for the first calls, then issued ([`SLOW_ORDER`]).
    PendingThenIssued,
    /// A negative status: its message and nothing else.
    Failed(Status),
}

/// The demo account's orders, by number.
const DEMO_ORDERS: [(u64, Demo); 7] = [
    (1000, Demo::Issued),
    (1001, Demo::Pending),
    (1002, Demo::Failed(Status::Rejected)),
    (1003, Demo::Failed(Status::Revoked)),
    (1004, Demo::Failed(Status::AwaitingPayment)),
    (1005, Demo::Failed(Status::UnknownError)),
    (SLOW_ORDER, Demo::PendingThenIssued),
];

/// An order the mock knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Order {
    Demo(Demo),
    /// `DIR/N.pem`: issued with this chain.
    Chain(PathBuf),
    /// `DIR/N.body`: this answer, whatever is asked.
    Body(PathBuf),
}

/// The order numbered `number`: a file in `dir` first, then the demo's.
pub fn find(number: u64, dir: Option<&Path>) -> Option<Order> {
    if let Some(dir) = dir {
        let body = dir.join(format!("{number}.body"));
        if body.is_file() {
            return Some(Order::Body(body));
        }
        let chain = dir.join(format!("{number}.pem"));
        if chain.is_file() {
            return Some(Order::Chain(chain));
        }
    }
    DEMO_ORDERS
        .iter()
        .find(|(n, _)| *n == number)
        .map(|(_, demo)| Order::Demo(*demo))
}

/// What an issued order carries.
pub struct Issued {
    /// The CA certificates, DER, in the wire order: the root first.
    pub ca: Vec<Vec<u8>>,
    /// The end entity, DER.
    pub leaf: Vec<u8>,
    /// The validity as Unix seconds, whole days (from 00:00:00 to
    /// 23:59:59 GMT), as Sectigo's and as format 0 can write it.
    pub not_before: i64,
    pub not_after: i64,
    /// The end entity's name (`fqdn`).
    pub fqdn: String,
    /// The chain in the three containers.
    pub zip: Vec<u8>,
    pub pkcs7: Vec<u8>,
    pub netscape_sequence: Vec<u8>,
}

impl Issued {
    /// The demo order: the shipped chain and containers.
    pub fn demo() -> Result<Self, String> {
        let pem = format!("{ROOT_PEM}{INTERMEDIATE_PEM}{LEAF_PEM}");
        let mut issued = Self::from_pem(pem.as_bytes())?;
        let nseq_answer = Response::parse_urlencoded(NSEQ_ANSWER)
            .map_err(|e| format!("the shipped Netscape sequence does not parse: {e}"))?;
        issued.netscape_sequence = decode(
            nseq_answer
                .netscape_certificate_sequence
                .ok_or("the shipped answer has no Netscape sequence")?,
        )?;
        issued.zip = ZIP.to_vec();
        issued.pkcs7 = PKCS7_DER.to_vec();
        Ok(issued)
    }

    /// An order issued with the chain in `pem` (PEM certificates in any
    /// order, or one DER certificate): ordered with the library's
    /// [`Chain`], the containers made from it.
    pub fn from_pem(pem: &[u8]) -> Result<Self, String> {
        let file =
            CertificateFile::parse(pem).map_err(|e| format!("not a certificate file: {e}"))?;
        let der: Vec<Vec<u8>> = file.blobs().map(decode).collect::<Result<_, _>>()?;
        let chain = Chain::<32>::from_der(der.iter().map(Vec::as_slice))
            .map_err(|e| format!("the certificates do not chain: {e}"))?;
        let mut ordered: Vec<Vec<u8>> = chain.iter().map(|c| c.der().to_vec()).collect();
        if ordered.is_empty() {
            return Err("no certificate".to_owned());
        }
        let leaf = ordered.remove(0);
        // The wire order is the root first.
        ordered.reverse();
        let ca = ordered;
        let (not_before, not_after) =
            x509::validity(&leaf).ok_or("the end entity has no readable validity")?;
        let whole_days = Date::from_unix(not_before)
            .map(|d| d.start_unix())
            .zip(Date::from_unix(not_after).map(|d| d.end_unix()));
        let (not_before, not_after) =
            whole_days.ok_or("the end entity's validity is out of range")?;
        let fqdn = chain
            .leaf()
            .subject()
            .windows(COMMON_NAME.len())
            .position(|w| w == COMMON_NAME)
            .and_then(|at| chain.leaf().subject().get(at + COMMON_NAME.len()..))
            .and_then(x509::string)
            .unwrap_or_default();
        let wire: Vec<Vec<u8>> = ca.iter().chain([&leaf]).cloned().collect();
        let files: Vec<(String, Vec<u8>)> = ca
            .iter()
            .enumerate()
            .map(|(n, der)| (format!("ca-{}.crt", n + 1), der))
            .chain([(format!("{}.crt", file_stem(&fqdn)), &leaf)])
            .map(|(name, der)| pem_text(der).map(|text| (name, text.into_bytes())))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            zip: containers::zip(&files),
            pkcs7: containers::pkcs7(&wire),
            netscape_sequence: containers::netscape_sequence(&wire),
            ca,
            leaf,
            not_before,
            not_after,
            fqdn,
        })
    }

    /// An order issued with the chain in the file `path`.
    pub fn from_file(path: &Path) -> Result<Self, String> {
        let pem = read(path)?;
        Self::from_pem(&pem).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// The DER of the `commonName` attribute type (2.5.4.3): the value follows.
const COMMON_NAME: &[u8] = &[0x06, 0x03, 0x55, 0x04, 0x03];

/// A name for a file in the ZIP, as Sectigo names the end entity's
/// (`www_example_com.crt`).
fn file_stem(fqdn: &str) -> String {
    let stem: String = fqdn
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() {
        "certificate".to_owned()
    } else {
        stem
    }
}

/// A certificate as a PEM block.
fn pem_text(der: &[u8]) -> Result<String, String> {
    let mut text = String::new();
    Blob::binary(der)
        .write_pem("CERTIFICATE", &mut text)
        .map_err(|e| format!("cannot write PEM: {e}"))?;
    Ok(text)
}

/// The decoded bytes of a blob.
fn decode(blob: Blob<'_>) -> Result<Vec<u8>, String> {
    let failed = |e: collectssl::Error| format!("a certificate does not decode: {e}");
    let mut bytes = vec![0; blob.decoded_len().map_err(failed)?];
    let len = blob.decode_into(&mut bytes).map_err(failed)?.len();
    bytes.truncate(len);
    Ok(bytes)
}

/// A file of the orders directory, with its name in the error.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e: io::Error| format!("cannot read {}: {e}", path.display()))
}
