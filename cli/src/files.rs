//! Certificates out of a response, and into files.
//!
//! The order is the library's [`Chain`]: it matches each issuer to a
//! subject, whatever the wire order or the container (PKCS#7, Netscape
//! sequence, ZIP). Files are written whole or not at all: each goes to a
//! temporary file in the same directory first and is renamed into place
//! only when every one of them is written, so that a web server never reads
//! half a certificate, and a failure leaves the old files as they were.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use collectssl::container::Chain;
use collectssl::response::Response;
use collectssl::{Blob, Error};

use crate::exit::Failure;

/// The most certificates one answer may hold.
const MAX_CHAIN: usize = 32;

/// The certificates of a response, leaf first, as DER.
pub struct Ordered {
    /// Leaf first, each certificate's issuer after it.
    pub der: Vec<Vec<u8>>,
    /// Whether the first one is the end entity: only an answer that carries
    /// it (a CA bundle starts with its last intermediate).
    pub has_leaf: bool,
    /// Whether the last one is self-signed (a root).
    pub ends_with_root: bool,
}

impl Ordered {
    /// Orders the certificates `response` carries; `Ok(None)` when it
    /// carries none.
    pub fn from_response(response: &Response<'_>) -> Result<Option<Self>, Failure> {
        if response.blobs().next().is_none() {
            return Ok(None);
        }
        let failed = |e: Error| Failure::Failed(format!("the certificates do not chain: {e}"));
        // Room for the decoded certificates, and for unpacking a ZIP entry.
        let size: usize = response
            .blobs()
            .map(|blob| blob.decoded_len().unwrap_or(0))
            .sum();
        let mut buf = vec![0u8; size.saturating_mul(4).max(1 << 16)];
        let chain: Chain<'_, MAX_CHAIN> = response.chain(&mut buf).map_err(failed)?;
        Ok(Some(Self {
            der: chain.iter().map(|c| c.der().to_vec()).collect(),
            has_leaf: response.certificate.is_some() || response.container().is_some(),
            ends_with_root: chain.ends_with_root(),
        }))
    }

    /// The certificates between the leaf and the root: the leaf's issuer
    /// first, without a self-signed root.
    pub fn intermediates(&self) -> &[Vec<u8>] {
        let end = self
            .der
            .len()
            .saturating_sub(usize::from(self.ends_with_root));
        self.der.get(1..end).unwrap_or_default()
    }

    /// The self-signed root, if the answer holds one (and it is not the
    /// leaf itself).
    pub fn root(&self) -> Option<&[u8]> {
        let root = self.der.last().filter(|_| self.ends_with_root)?;
        (self.der.len() > 1).then_some(root.as_slice())
    }
}

/// A certificate as a PEM block.
pub fn pem(der: &[u8]) -> Result<String, Failure> {
    let mut text = String::new();
    Blob::binary(der)
        .write_pem("CERTIFICATE", &mut text)
        .map_err(|e| Failure::Failed(format!("cannot write a certificate as PEM: {e}")))?;
    Ok(text)
}

/// A file to write: its name in the directory, and its contents.
pub struct File {
    pub name: String,
    pub text: String,
}

/// Writes `files` into `dir` (created if needed, parents included), each
/// whole or not at all, and gives their paths in order. The renames come
/// only once every file is written; on a failure, every temporary file
/// still there is removed.
pub fn write_all(dir: &Path, files: &[File]) -> Result<Vec<PathBuf>, Failure> {
    fs::create_dir_all(dir)
        .map_err(|e| Failure::Failed(format!("cannot create {}: {e}", quoted(dir))))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    let result = files.iter().try_for_each(|file| {
        let path = dir.join(&file.name);
        let temporary = dir.join(format!(".{}.{}.tmp", file.name, std::process::id()));
        write_synced(&temporary, file.text.as_bytes())
            .map_err(|e| Failure::Failed(format!("cannot write {}: {e}", quoted(&temporary))))
            .inspect_err(|_| {
                let _ = fs::remove_file(&temporary);
            })?;
        staged.push((temporary, path));
        Ok(())
    });
    let result = result.and_then(|()| {
        staged.iter().try_for_each(|(temporary, path)| {
            fs::rename(temporary, path)
                .map_err(|e| Failure::Failed(format!("cannot write {}: {e}", quoted(path))))
        })
    });
    match result {
        Ok(()) => Ok(staged.into_iter().map(|(_, path)| path).collect()),
        Err(failure) => {
            for (temporary, _) in &staged {
                let _ = fs::remove_file(temporary);
            }
            Err(failure)
        }
    }
}

/// Writes a new file and flushes it to the disk, so that the rename that
/// follows never exposes an empty file after a crash.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A path for a one-line message.
pub fn quoted(path: &Path) -> String {
    format!("{:?}", path.display().to_string())
}
