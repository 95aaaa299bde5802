//! ZIP archives, as `responseType=0` sends them (PKWARE APPNOTE.TXT):
//! the central directory listed, stored and deflated entries extracted into
//! caller buffers with a checked size and CRC-32.
//!
//! The records' layout is [`layout`]'s tables; deflate is [`inflate`]; the
//! CRC-32 is the `crc32fast` crate's, which needs no allocation and is
//! faster than a byte-at-a-time table.

mod inflate;
mod layout;
#[cfg(test)]
mod tests;

pub(crate) use inflate::Inflater;
use layout::{Fixed, Header, central, end, local};

use super::cursor::Cursor;
use crate::error::{Error, ErrorKind};

/// The longest archive comment, which the end record may be followed by.
const MAX_COMMENT: usize = 0xffff;
/// General purpose flag bit 0: the entry is encrypted.
const FLAG_ENCRYPTED: u16 = 1;
/// General purpose flag bit 3: sizes and CRC follow the data (in a data
/// descriptor); the local header holds zeros.
const FLAG_DATA_DESCRIPTOR: u16 = 1 << 3;

/// A ZIP archive, borrowed: its central directory is checked when it is
/// parsed, entries are listed without copying and extracted on demand.
///
/// Stored (method 0) and deflated (method 8) entries are extracted;
/// anything else, encryption, ZIP64 and split archives are
/// [`ErrorKind::UnsupportedZip`]. Offsets are counted from the start of the
/// bytes given, so an archive with bytes before it (a self-extracting
/// stub) is [`ErrorKind::InvalidZip`]. Errors carry the byte offset in the
/// archive.
///
/// ```
/// use collectssl::container::Zip;
///
/// let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
/// let zip = Zip::parse(archive)?;
/// assert_eq!(zip.len(), 3);
/// let mut buf = [0u8; 4096];
/// for entry in zip.entries() {
///     let data = zip.extract_into(&entry, &mut buf)?;
///     assert!(data.starts_with(b"-----BEGIN CERTIFICATE-----"));
/// }
/// # Ok::<(), collectssl::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Zip<'a> {
    data: &'a [u8],
    directory: Cursor<'a>,
    len: usize,
}

/// `central-header`: the fixed part, name, extra field and comment (see
/// [`layout::central`]), as an entry; `None` when it is not there or is
/// cut short.
fn central_header<'a>(cursor: &mut Cursor<'a>) -> Option<ZipEntry<'a>> {
    let mut ahead = *cursor;
    let (record, header) = Header::read(&mut ahead, &central::RECORD)?;
    ahead.take(usize::from(record.u16(central::COMMENT_LEN)))?;
    *cursor = ahead;
    Some(ZipEntry {
        name: header.name,
        flags: header.flags,
        method: header.method,
        crc32: header.crc32,
        compressed_size: header.compressed,
        uncompressed_size: header.uncompressed,
        local_offset: record.u32(central::LOCAL_OFFSET),
        record,
    })
}

/// `usize` from a ZIP field (never fails where `usize` has 32 bits or more).
fn size(n: u32, offset: usize) -> Result<usize, Error> {
    usize::try_from(n).map_err(|_| Error::new(ErrorKind::UnsupportedZip, offset))
}

impl<'a> Zip<'a> {
    /// Finds the end of central directory record (searching backwards over
    /// the last 64 KiB + 22 bytes, where it must end the archive exactly,
    /// comment included) and checks every central directory entry.
    ///
    /// ```
    /// use collectssl::{container::Zip, ErrorKind};
    /// let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// assert!(Zip::parse(archive).is_ok());
    /// let err = Zip::parse(&archive[..archive.len() - 1]).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidZip);
    /// ```
    pub fn parse(data: &'a [u8]) -> Result<Self, Error> {
        let archive = Cursor::new(data);
        let end = find_end(archive)?;
        let unsupported =
            |field: usize| Error::new(ErrorKind::UnsupportedZip, end.position_of(field));
        let entries = end.u16(end::ENTRIES);
        if end.u16(end::DISK) != 0
            || end.u16(end::DIRECTORY_DISK) != 0
            || end.u16(end::ENTRIES_HERE) != entries
        {
            return Err(unsupported(end::DISK.0));
        }
        let (directory_size, directory_offset) =
            (end.u32(end::DIRECTORY_SIZE), end.u32(end::DIRECTORY_OFFSET));
        if entries == u16::MAX || directory_size == u32::MAX || directory_offset == u32::MAX {
            // The markers of a ZIP64 archive.
            return Err(unsupported(end::ENTRIES_HERE.0));
        }
        let offset_field = end.position_of(end::DIRECTORY_OFFSET.0);
        let bad_directory = Error::new(ErrorKind::InvalidZip, offset_field);
        // The directory lies between its offset and the end record.
        let before_end = archive.until(&archive.at(end.position()).ok_or(bad_directory)?);
        let directory = before_end
            .at(size(directory_offset, offset_field)?)
            .and_then(|mut at| at.take(size(directory_size, offset_field).ok()?))
            .ok_or(bad_directory)?;
        let zip = Self {
            data,
            directory,
            len: usize::from(entries),
        };
        // Every entry must parse, and together fill the directory exactly.
        let mut rest = directory;
        for _ in 0..zip.len {
            central_header(&mut rest).ok_or(Error::new(ErrorKind::InvalidZip, rest.position()))?;
        }
        if !rest.is_empty() {
            return Err(Error::new(ErrorKind::InvalidZip, rest.position()));
        }
        Ok(zip)
    }

    /// The number of entries.
    ///
    /// ```
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// assert_eq!(collectssl::container::Zip::parse(archive)?.len(), 3);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Whether the archive has no entries.
    ///
    /// ```
    /// // The smallest archive: an end record alone.
    /// let empty = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
    /// assert!(collectssl::container::Zip::parse(empty)?.is_empty());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The entries, in central directory order.
    ///
    /// ```
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// let zip = collectssl::container::Zip::parse(archive)?;
    /// let names: Vec<&[u8]> = zip.entries().map(|e| e.name()).collect();
    /// assert_eq!(names[2], b"www_example_com.crt");
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn entries(&self) -> ZipEntries<'a> {
        ZipEntries {
            rest: self.directory,
            left: self.len,
        }
    }

    /// The first entry named `name` (compared byte for byte).
    ///
    /// ```
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// let zip = collectssl::container::Zip::parse(archive)?;
    /// assert!(zip.find(b"SampleRootCA.crt").is_some());
    /// assert!(zip.find(b"missing").is_none());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn find(&self, name: &[u8]) -> Option<ZipEntry<'a>> {
        self.entries().find(|e| e.name == name)
    }

    /// Extracts `entry` into `out` and returns its bytes, with a deflate
    /// decoder of about 10 KiB on the stack meanwhile.
    ///
    /// The local header must agree with the central directory, the data
    /// must lie inside the archive, inflate to exactly
    /// [`ZipEntry::uncompressed_size`] bytes and match [`ZipEntry::crc32`].
    /// An entry larger than `out` is [`ErrorKind::BufferTooSmall`] (offset:
    /// `out.len()`) before anything is inflated; a deflate stream that
    /// produces more than its declared size is [`ErrorKind::InvalidZip`] as
    /// soon as it does, so a deflate bomb costs no more than the declared
    /// size.
    ///
    /// ```
    /// use collectssl::{container::Zip, ErrorKind};
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// let zip = Zip::parse(archive)?;
    /// let entry = zip.find(b"www_example_com.crt").unwrap();
    /// let mut small = [0u8; 64];
    /// let err = zip.extract_into(&entry, &mut small).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::BufferTooSmall);
    /// let mut buf = [0u8; 2048];
    /// assert_eq!(zip.extract_into(&entry, &mut buf)?.len(), entry.uncompressed_size() as usize);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn extract_into<'o>(
        &self,
        entry: &ZipEntry<'_>,
        out: &'o mut [u8],
    ) -> Result<&'o [u8], Error> {
        self.extract_with(entry, out, &mut Inflater::new())
    }

    /// As [`Zip::extract_into`], with a decoder the caller keeps across
    /// entries.
    pub(crate) fn extract_with<'o>(
        &self,
        entry: &ZipEntry<'_>,
        out: &'o mut [u8],
        inflater: &mut Inflater,
    ) -> Result<&'o [u8], Error> {
        let central = &entry.record;
        let local_at = size(
            entry.local_offset,
            central.position_of(central::LOCAL_OFFSET.0),
        )?;
        if entry.flags & FLAG_ENCRYPTED != 0 {
            return Err(Error::new(
                ErrorKind::UnsupportedZip,
                central.position_of(central::FLAGS.0),
            ));
        }
        let compression = entry.compression();
        if let Compression::Other(_) = compression {
            return Err(Error::new(
                ErrorKind::UnsupportedZip,
                central.position_of(central::METHOD.0),
            ));
        }
        let data = self.data_of(entry, local_at)?;
        let want = size(entry.uncompressed_size, central.position())?;
        let out_len = out.len();
        let out = out
            .get_mut(..want)
            .ok_or(Error::new(ErrorKind::BufferTooSmall, out_len))?;
        let sizes_at = central.position_of(central::COMPRESSED.0);
        match compression {
            Compression::Stored => {
                if data.rest().len() != want {
                    return Err(Error::new(ErrorKind::InvalidZip, sizes_at));
                }
                out.copy_from_slice(data.rest());
            }
            _ => inflater.inflate(data, out, sizes_at)?,
        }
        if crc32fast::hash(out) != entry.crc32 {
            return Err(Error::new(ErrorKind::CrcMismatch, local_at));
        }
        Ok(out)
    }

    /// The entry's data as it is in the archive, after checking its local
    /// header (at `local_at`) against the central directory.
    fn data_of(&self, entry: &ZipEntry<'_>, local_at: usize) -> Result<Cursor<'a>, Error> {
        let central = &entry.record;
        let mut cursor = Cursor::new(self.data).at(local_at).ok_or(Error::new(
            ErrorKind::InvalidZip,
            central.position_of(central::LOCAL_OFFSET.0),
        ))?;
        let (record, local) = Header::read(&mut cursor, &local::RECORD)
            .ok_or(Error::new(ErrorKind::InvalidZip, local_at))?;
        let invalid =
            |field: usize| Err(Error::new(ErrorKind::InvalidZip, record.position_of(field)));
        if local.method != entry.method || local.flags & FLAG_ENCRYPTED != 0 {
            return invalid(local::METHOD.0);
        }
        if local.name != entry.name {
            return invalid(local::NAME);
        }
        if local.flags & FLAG_DATA_DESCRIPTOR == 0
            && (local.crc32, local.compressed, local.uncompressed)
                != (entry.crc32, entry.compressed_size, entry.uncompressed_size)
        {
            return invalid(local::CRC32.0);
        }
        let len = size(entry.compressed_size, central.position())?;
        cursor.take(len).ok_or(Error::new(
            ErrorKind::InvalidZip,
            central.position_of(central::COMPRESSED.0),
        ))
    }
}

/// How an entry is compressed.
///
/// ```
/// use collectssl::container::{Compression, Zip};
/// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
/// for entry in Zip::parse(archive)?.entries() {
///     match entry.compression() {
///         Compression::Stored | Compression::Deflated => {}
///         Compression::Other(method) => println!("cannot extract method {method}"),
///     }
/// }
/// # Ok::<(), collectssl::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compression {
    /// Method 0: the bytes as they are.
    Stored,
    /// Method 8: deflate (RFC 1951).
    Deflated,
    /// Any other method, which cannot be extracted here.
    Other(u16),
}

/// One entry of the central directory, borrowed from the archive.
///
/// ```
/// use collectssl::container::{Compression, Zip};
/// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
/// let entry = Zip::parse(archive)?.entries().next().unwrap();
/// assert_eq!(entry.name(), b"SampleRootCA.crt");
/// assert_eq!(entry.compression(), Compression::Deflated);
/// assert!(entry.compressed_size() < entry.uncompressed_size());
/// # Ok::<(), collectssl::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ZipEntry<'a> {
    name: &'a [u8],
    flags: u16,
    method: u16,
    crc32: u32,
    compressed_size: u32,
    uncompressed_size: u32,
    local_offset: u32,
    /// The central directory header's fixed part, and where it is.
    record: Fixed<'a>,
}

impl<'a> ZipEntry<'a> {
    /// The file name as stored (UTF-8 when general purpose bit 11 is set,
    /// else usually ASCII or CP437); a name ending in `/` is a directory.
    ///
    /// ```
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// let entry = collectssl::container::Zip::parse(archive)?.entries().next().unwrap();
    /// assert_eq!(core::str::from_utf8(entry.name()).unwrap(), "SampleRootCA.crt");
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn name(&self) -> &'a [u8] {
        self.name
    }

    /// The compression method.
    ///
    /// ```
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// use collectssl::container::{Compression, Zip};
    /// let zip = Zip::parse(archive)?;
    /// assert!(zip.entries().all(|e| e.compression() == Compression::Deflated));
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn compression(&self) -> Compression {
        match self.method {
            0 => Compression::Stored,
            8 => Compression::Deflated,
            other => Compression::Other(other),
        }
    }

    /// The CRC-32 of the uncompressed bytes, as recorded, which
    /// [`Zip::extract_into`] checks the bytes against.
    ///
    /// ```
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// let zip = collectssl::container::Zip::parse(archive)?;
    /// let entry = zip.entries().next().unwrap();
    /// assert_eq!(entry.crc32(), 0x45f2_6fe3);
    /// let mut buf = [0u8; 2048];
    /// assert!(zip.extract_into(&entry, &mut buf).is_ok());
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn crc32(&self) -> u32 {
        self.crc32
    }

    /// The size of the data in the archive.
    ///
    /// ```
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// let entry = collectssl::container::Zip::parse(archive)?.entries().next().unwrap();
    /// assert_eq!(entry.compressed_size(), 888);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn compressed_size(&self) -> u32 {
        self.compressed_size
    }

    /// The size of the extracted data: the buffer [`Zip::extract_into`] needs.
    ///
    /// ```
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// let entry = collectssl::container::Zip::parse(archive)?.entries().next().unwrap();
    /// assert_eq!(entry.uncompressed_size(), 1159);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn uncompressed_size(&self) -> u32 {
        self.uncompressed_size
    }

    /// Where the entry's local header is in the archive.
    ///
    /// ```
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// let entry = collectssl::container::Zip::parse(archive)?.entries().next().unwrap();
    /// assert_eq!(entry.local_header_offset(), 0);
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub const fn local_header_offset(&self) -> u32 {
        self.local_offset
    }

    /// Whether the name ends in `/`, as a directory's does.
    ///
    /// ```
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// let zip = collectssl::container::Zip::parse(archive)?;
    /// assert!(zip.entries().all(|e| !e.is_dir()));
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn is_dir(&self) -> bool {
        self.name.last() == Some(&b'/')
    }
}

/// The entries of a [`Zip`], in central directory order.
///
/// ```
/// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
/// let entries = collectssl::container::Zip::parse(archive)?.entries();
/// assert_eq!(entries.len(), 3);
/// # Ok::<(), collectssl::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ZipEntries<'a> {
    rest: Cursor<'a>,
    left: usize,
}

impl<'a> Iterator for ZipEntries<'a> {
    type Item = ZipEntry<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        let left = self.left.checked_sub(1)?;
        let entry = central_header(&mut self.rest);
        debug_assert!(entry.is_some(), "checked by Zip::parse");
        self.left = if entry.is_some() { left } else { 0 };
        entry
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for ZipEntries<'_> {}

impl core::iter::FusedIterator for ZipEntries<'_> {}

/// The end record: searched backwards from the last possible place, the
/// first whose comment length reaches the end of the archive exactly.
fn find_end(archive: Cursor<'_>) -> Result<Fixed<'_>, Error> {
    let last = archive
        .rest()
        .len()
        .checked_sub(end::RECORD.len)
        .ok_or(Error::new(ErrorKind::InvalidZip, 0))?;
    // A clamp: an archive shorter than the longest comment is searched
    // from its start.
    let first = last.saturating_sub(MAX_COMMENT);
    for at in (first..=last).rev() {
        let candidate = archive.at(at);
        debug_assert!(candidate.is_some(), "{at} is inside the archive");
        let Some(mut candidate) = candidate else {
            continue;
        };
        if let Some(record) = Fixed::read(&mut candidate, &end::RECORD)
            && candidate.rest().len() == usize::from(record.u16(end::COMMENT_LEN))
        {
            return Ok(record);
        }
    }
    Err(Error::new(ErrorKind::InvalidZip, last))
}
