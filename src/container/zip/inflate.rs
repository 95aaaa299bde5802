//! Deflate (RFC 1951) into a caller buffer, with miniz_oxide's decoder.

use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

use super::super::cursor::Cursor;
use crate::error::{Error, ErrorKind};

/// The state of a deflate decoder (miniz_oxide's `DecompressorOxide`):
/// about 10 KiB, so that the entries of one archive share one rather than
/// each putting its own on the stack.
pub(crate) struct Inflater {
    inner: DecompressorOxide,
}

impl Inflater {
    /// A fresh decoder.
    pub(crate) fn new() -> Self {
        Self {
            inner: DecompressorOxide::new(),
        }
    }

    /// Inflates all of `data` (a raw deflate stream) into all of `out`,
    /// which is exactly the declared size. A stream longer or shorter than
    /// `out` is [`ErrorKind::InvalidZip`] at `sizes_at` (where the sizes are
    /// recorded) as soon as it shows; errors in the stream carry their
    /// offset in the archive.
    pub(crate) fn inflate(
        &mut self,
        data: Cursor<'_>,
        out: &mut [u8],
        sizes_at: usize,
    ) -> Result<(), Error> {
        self.inner.init();
        let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
        let (status, read, written) = decompress(&mut self.inner, data.rest(), out, 0, flags);
        match status {
            TINFLStatus::Done if written == out.len() => Ok(()),
            // Shorter or longer than the central directory says.
            TINFLStatus::Done | TINFLStatus::HasMoreOutput => {
                Err(Error::new(ErrorKind::InvalidZip, sizes_at))
            }
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                Err(Error::new(ErrorKind::UnexpectedEnd, data.end()))
            }
            _ => Err(Error::new(ErrorKind::InvalidZip, data.position_after(read))),
        }
    }
}

impl core::fmt::Debug for Inflater {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Inflater").finish_non_exhaustive()
    }
}
