//! ZIP archives, as `responseType=0` sends them (PKWARE APPNOTE.TXT):
//! the central directory listed, stored and deflated entries extracted into
//! caller buffers with a checked size and CRC-32.

use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};
use nom::bytes::complete::{tag, take};
use nom::number::complete::{le_u16, le_u32};
use nom::{IResult, Parser as _};

use crate::error::{Error, ErrorKind};

/// `PK\x05\x06`: end of central directory record.
const END_SIGNATURE: &[u8] = b"PK\x05\x06";
/// `PK\x01\x02`: central directory file header.
const CENTRAL_SIGNATURE: &[u8] = b"PK\x01\x02";
/// `PK\x03\x04`: local file header.
const LOCAL_SIGNATURE: &[u8] = b"PK\x03\x04";
/// The end record without its comment.
const END_LEN: usize = 22;
/// The longest archive comment, which the end record may be followed by.
const MAX_COMMENT: usize = 0xffff;
/// General purpose flag bit 0: the entry is encrypted.
const FLAG_ENCRYPTED: u16 = 1;
/// General purpose flag bit 3: sizes and CRC follow the data (in a data
/// descriptor); the local header holds zeros.
const FLAG_DATA_DESCRIPTOR: u16 = 1 << 3;

/// Offsets of fields inside the records, for error positions.
mod at {
    pub(super) const END_ENTRIES: usize = 8;
    pub(super) const END_DIRECTORY_OFFSET: usize = 16;
    pub(super) const END_DISK: usize = 4;
    pub(super) const FLAGS: usize = 8;
    pub(super) const METHOD: usize = 10;
    pub(super) const CENTRAL_SIZES: usize = 20;
    pub(super) const CENTRAL_LOCAL_OFFSET: usize = 42;
    pub(super) const LOCAL_METHOD: usize = 8;
    pub(super) const LOCAL_CRC: usize = 14;
    pub(super) const LOCAL_NAME: usize = 30;
}

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
    directory: &'a [u8],
    directory_offset: usize,
    len: usize,
}

/// The end of central directory record (APPNOTE 4.3.16).
struct End {
    disk: u16,
    directory_disk: u16,
    entries_here: u16,
    entries: u16,
    directory_size: u32,
    directory_offset: u32,
    comment_len: u16,
}

/// `end-record = "PK\x05\x06" disk(2) directory-disk(2) entries-here(2)
/// entries(2) directory-size(4) directory-offset(4) comment-length(2)`.
fn end_record(input: &[u8]) -> IResult<&[u8], End> {
    let (rest, (_, disk, directory_disk, entries_here, entries, size, offset, comment_len)) = (
        tag(END_SIGNATURE),
        le_u16,
        le_u16,
        le_u16,
        le_u16,
        le_u32,
        le_u32,
        le_u16,
    )
        .parse(input)?;
    Ok((
        rest,
        End {
            disk,
            directory_disk,
            entries_here,
            entries,
            directory_size: size,
            directory_offset: offset,
            comment_len,
        },
    ))
}

/// `central-header = "PK\x01\x02" made-by(2) needed(2) flags(2) method(2)
/// time(2) date(2) crc-32(4) compressed(4) uncompressed(4) name-length(2)
/// extra-length(2) comment-length(2) disk(2) internal(2) external(4)
/// local-offset(4) name extra comment` (APPNOTE 4.3.12).
fn central_header(input: &[u8]) -> IResult<&[u8], ZipEntry<'_>> {
    let (rest, (_, _, _, flags, method, _, _, crc32, compressed, uncompressed)) = (
        tag(CENTRAL_SIGNATURE),
        le_u16,
        le_u16,
        le_u16,
        le_u16,
        le_u16,
        le_u16,
        le_u32,
        le_u32,
        le_u32,
    )
        .parse(input)?;
    let (rest, (name_len, extra_len, comment_len, _, _, _, local_offset)) =
        (le_u16, le_u16, le_u16, le_u16, le_u16, le_u32, le_u32).parse(rest)?;
    let (rest, (name, _, _)) = (take(name_len), take(extra_len), take(comment_len)).parse(rest)?;
    Ok((
        rest,
        ZipEntry {
            name,
            flags,
            method,
            crc32,
            compressed_size: compressed,
            uncompressed_size: uncompressed,
            local_offset,
            header_offset: 0,
        },
    ))
}

/// The local file header (APPNOTE 4.3.7).
struct Local<'a> {
    flags: u16,
    method: u16,
    crc32: u32,
    compressed: u32,
    uncompressed: u32,
    name: &'a [u8],
}

/// `local-header = "PK\x03\x04" needed(2) flags(2) method(2) time(2)
/// date(2) crc-32(4) compressed(4) uncompressed(4) name-length(2)
/// extra-length(2) name extra`; what follows is the entry's data.
fn local_header(input: &[u8]) -> IResult<&[u8], Local<'_>> {
    let (rest, (_, _, flags, method, _, _, crc32, compressed, uncompressed)) = (
        tag(LOCAL_SIGNATURE),
        le_u16,
        le_u16,
        le_u16,
        le_u16,
        le_u16,
        le_u32,
        le_u32,
        le_u32,
    )
        .parse(input)?;
    let (rest, (name_len, extra_len)) = (le_u16, le_u16).parse(rest)?;
    let (rest, (name, _)) = (take(name_len), take(extra_len)).parse(rest)?;
    Ok((
        rest,
        Local {
            flags,
            method,
            crc32,
            compressed,
            uncompressed,
            name,
        },
    ))
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
        let (at, end) = find_end(data)?;
        let unsupported =
            |field: usize| Error::new(ErrorKind::UnsupportedZip, at.saturating_add(field));
        if end.disk != 0 || end.directory_disk != 0 || end.entries_here != end.entries {
            return Err(unsupported(at::END_DISK));
        }
        if end.entries == u16::MAX
            || end.directory_size == u32::MAX
            || end.directory_offset == u32::MAX
        {
            // The markers of a ZIP64 archive.
            return Err(unsupported(at::END_ENTRIES));
        }
        let offset_field = at.saturating_add(at::END_DIRECTORY_OFFSET);
        let directory_offset = size(end.directory_offset, offset_field)?;
        let directory_end = directory_offset
            .checked_add(size(end.directory_size, offset_field)?)
            .filter(|e| *e <= at)
            .ok_or(Error::new(ErrorKind::InvalidZip, offset_field))?;
        let directory = data
            .get(directory_offset..directory_end)
            .ok_or(Error::new(ErrorKind::InvalidZip, offset_field))?;
        let zip = Self {
            data,
            directory,
            directory_offset,
            len: usize::from(end.entries),
        };
        // Every entry must parse, and together fill the directory exactly.
        let mut rest = directory;
        for _ in 0..zip.len {
            let here = directory_offset.saturating_add(directory.len().saturating_sub(rest.len()));
            rest = central_header(rest)
                .map_err(|_| Error::new(ErrorKind::InvalidZip, here))?
                .0;
        }
        if !rest.is_empty() {
            let here = directory_end.saturating_sub(rest.len());
            return Err(Error::new(ErrorKind::InvalidZip, here));
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
            offset: self.directory_offset,
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

    /// Extracts `entry` into `out` and returns its bytes. Uses an
    /// [`Inflater`] on the stack (about 10 KiB); see
    /// [`Zip::extract_with`] to provide one.
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

    /// As [`Zip::extract_into`], with the caller's [`Inflater`] (which can
    /// live in a `static` or be reused across entries).
    ///
    /// ```
    /// use collectssl::container::{Inflater, Zip};
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// let zip = Zip::parse(archive)?;
    /// let mut inflater = Inflater::new();
    /// let mut buf = [0u8; 2048];
    /// for entry in zip.entries() {
    ///     zip.extract_with(&entry, &mut buf, &mut inflater)?;
    /// }
    /// # Ok::<(), collectssl::Error>(())
    /// ```
    pub fn extract_with<'o>(
        &self,
        entry: &ZipEntry<'_>,
        out: &'o mut [u8],
        inflater: &mut Inflater,
    ) -> Result<&'o [u8], Error> {
        let header = entry.header_offset;
        let local_at = size(
            entry.local_offset,
            header.saturating_add(at::CENTRAL_LOCAL_OFFSET),
        )?;
        if entry.flags & FLAG_ENCRYPTED != 0 {
            return Err(Error::new(
                ErrorKind::UnsupportedZip,
                header.saturating_add(at::FLAGS),
            ));
        }
        let compression = entry.compression();
        if let Compression::Other(_) = compression {
            return Err(Error::new(
                ErrorKind::UnsupportedZip,
                header.saturating_add(at::METHOD),
            ));
        }
        let (data_at, data) = self.data_of(entry, local_at)?;
        let want = size(entry.uncompressed_size, header)?;
        let out_len = out.len();
        let out = out
            .get_mut(..want)
            .ok_or(Error::new(ErrorKind::BufferTooSmall, out_len))?;
        let sizes_at = header.saturating_add(at::CENTRAL_SIZES);
        match compression {
            Compression::Stored => {
                if data.len() != want {
                    return Err(Error::new(ErrorKind::InvalidZip, sizes_at));
                }
                out.copy_from_slice(data);
            }
            _ => inflate(inflater, data, out, data_at, sizes_at)?,
        }
        if crc32(out) != entry.crc32 {
            return Err(Error::new(ErrorKind::CrcMismatch, local_at));
        }
        Ok(out)
    }

    /// The entry's data as it is in the archive, and its offset, after
    /// checking its local header against the central directory.
    fn data_of(&self, entry: &ZipEntry<'_>, local_at: usize) -> Result<(usize, &'a [u8]), Error> {
        let local_field = entry.header_offset.saturating_add(at::CENTRAL_LOCAL_OFFSET);
        let input = self
            .data
            .get(local_at..)
            .ok_or(Error::new(ErrorKind::InvalidZip, local_field))?;
        let (rest, local) =
            local_header(input).map_err(|_| Error::new(ErrorKind::InvalidZip, local_at))?;
        if local.method != entry.method || local.flags & FLAG_ENCRYPTED != 0 {
            return Err(Error::new(
                ErrorKind::InvalidZip,
                local_at.saturating_add(at::LOCAL_METHOD),
            ));
        }
        if local.name != entry.name {
            return Err(Error::new(
                ErrorKind::InvalidZip,
                local_at.saturating_add(at::LOCAL_NAME),
            ));
        }
        if local.flags & FLAG_DATA_DESCRIPTOR == 0
            && (local.crc32, local.compressed, local.uncompressed)
                != (entry.crc32, entry.compressed_size, entry.uncompressed_size)
        {
            return Err(Error::new(
                ErrorKind::InvalidZip,
                local_at.saturating_add(at::LOCAL_CRC),
            ));
        }
        let data_at = self.data.len().saturating_sub(rest.len());
        let len = size(entry.compressed_size, entry.header_offset)?;
        let data = rest.get(..len).ok_or(Error::new(
            ErrorKind::InvalidZip,
            entry.header_offset.saturating_add(at::CENTRAL_SIZES),
        ))?;
        Ok((data_at, data))
    }
}

/// Inflates all of `data` (a raw deflate stream found at `data_at`) into
/// all of `out`, which is exactly the declared size.
fn inflate(
    inflater: &mut Inflater,
    data: &[u8],
    out: &mut [u8],
    data_at: usize,
    sizes_at: usize,
) -> Result<(), Error> {
    inflater.inner.init();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let (status, read, written) = decompress(&mut inflater.inner, data, out, 0, flags);
    match status {
        TINFLStatus::Done if written == out.len() => Ok(()),
        // Shorter or longer than the central directory says.
        TINFLStatus::Done | TINFLStatus::HasMoreOutput => {
            Err(Error::new(ErrorKind::InvalidZip, sizes_at))
        }
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => Err(Error::new(
            ErrorKind::UnexpectedEnd,
            data_at.saturating_add(data.len()),
        )),
        _ => Err(Error::new(
            ErrorKind::InvalidZip,
            data_at.saturating_add(read),
        )),
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
    /// Offset of the central directory header in the archive.
    header_offset: usize,
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

    /// The CRC-32 of the uncompressed bytes, as recorded.
    ///
    /// ```
    /// # let archive = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/samples/zip-binary.body"));
    /// let zip = collectssl::container::Zip::parse(archive)?;
    /// let entry = zip.entries().next().unwrap();
    /// let mut buf = [0u8; 2048];
    /// let data = zip.extract_into(&entry, &mut buf)?;
    /// assert_eq!(collectssl::container::crc32(data), entry.crc32());
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
    rest: &'a [u8],
    offset: usize,
    left: usize,
}

impl<'a> Iterator for ZipEntries<'a> {
    type Item = ZipEntry<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        // Checked by `Zip::parse`: cannot fail.
        let Ok((rest, mut entry)) = central_header(self.rest) else {
            self.left = 0;
            return None;
        };
        entry.header_offset = self.offset;
        self.offset = self
            .offset
            .saturating_add(self.rest.len().saturating_sub(rest.len()));
        self.rest = rest;
        self.left = self.left.saturating_sub(1);
        Some(entry)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for ZipEntries<'_> {}

impl core::iter::FusedIterator for ZipEntries<'_> {}

/// The end record: searched backwards from the last possible place, the
/// first whose comment length reaches the end of the archive exactly.
fn find_end(data: &[u8]) -> Result<(usize, End), Error> {
    let last = data
        .len()
        .checked_sub(END_LEN)
        .ok_or(Error::new(ErrorKind::InvalidZip, 0))?;
    let first = last.saturating_sub(MAX_COMMENT);
    for at in (first..=last).rev() {
        let Some(candidate) = data.get(at..) else {
            continue;
        };
        if !candidate.starts_with(END_SIGNATURE) {
            continue;
        }
        if let Ok((comment, end)) = end_record(candidate)
            && comment.len() == usize::from(end.comment_len)
        {
            return Ok((at, end));
        }
    }
    Err(Error::new(ErrorKind::InvalidZip, last))
}

/// The state of a deflate decoder (miniz_oxide's `DecompressorOxide`):
/// about 10 KiB, so a caller with a small stack can keep one in a `static`
/// or a larger object and pass it to [`Zip::extract_with`].
///
/// ```
/// let inflater = collectssl::container::Inflater::new();
/// # let _ = inflater;
/// ```
pub struct Inflater {
    inner: DecompressorOxide,
}

impl Inflater {
    /// A fresh decoder.
    ///
    /// ```
    /// let _ = collectssl::container::Inflater::new();
    /// ```
    pub fn new() -> Self {
        Self {
            inner: DecompressorOxide::new(),
        }
    }
}

impl Default for Inflater {
    fn default() -> Self {
        Self::new()
    }
}

impl core::fmt::Debug for Inflater {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Inflater").finish_non_exhaustive()
    }
}

/// The CRC-32 table (reflected polynomial 0xEDB88320), built at compile time.
#[allow(clippy::indexing_slicing)] // evaluated at compile time, in bounds
static CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0u32;
    while i < 256 {
        let mut c = i;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[i as usize] = c;
        i += 1;
    }
    table
};

/// The CRC-32 of `data`, as ZIP (and gzip, PNG) compute it.
///
/// ```
/// assert_eq!(collectssl::container::crc32(b"123456789"), 0xcbf4_3926);
/// assert_eq!(collectssl::container::crc32(b""), 0);
/// ```
pub fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(!0u32, |crc, &b| {
        let [low, ..] = crc.to_le_bytes();
        let entry = CRC_TABLE.get(usize::from(low ^ b)).copied().unwrap_or(0);
        entry ^ (crc >> 8)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    /// An entry to build: name, method, data as stored, data uncompressed.
    type Spec<'a> = (&'a [u8], u16, &'a [u8], &'a [u8]);

    /// Builds an archive of entries, as a ZIP writer would.
    fn archive(entries: &[Spec<'_>], comment: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, method, stored, plain) in entries {
            let offset = out.len() as u32;
            let crc = crc32(plain);
            let fields = |v: &mut Vec<u8>| {
                v.extend(method.to_le_bytes());
                v.extend([0, 0, 0, 0]); // time, date
                v.extend(crc.to_le_bytes());
                v.extend((stored.len() as u32).to_le_bytes());
                v.extend((plain.len() as u32).to_le_bytes());
                v.extend((name.len() as u16).to_le_bytes());
                v.extend([0, 0]); // extra length
            };
            out.extend(LOCAL_SIGNATURE);
            out.extend([20, 0, 0, 0]); // needed, flags
            fields(&mut out);
            out.extend(*name);
            out.extend(*stored);
            central.extend(CENTRAL_SIGNATURE);
            central.extend([20, 0, 20, 0, 0, 0]); // made by, needed, flags
            fields(&mut central);
            central.extend([0; 8]); // comment length, disk, internal, external
            central.extend([0, 0]);
            central.extend(offset.to_le_bytes());
            central.extend(*name);
        }
        let directory_offset = out.len() as u32;
        out.extend(&central);
        out.extend(END_SIGNATURE);
        out.extend([0, 0, 0, 0]);
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((entries.len() as u16).to_le_bytes());
        out.extend((central.len() as u32).to_le_bytes());
        out.extend(directory_offset.to_le_bytes());
        out.extend((comment.len() as u16).to_le_bytes());
        out.extend(comment);
        out
    }

    fn deflate(data: &[u8]) -> Vec<u8> {
        // A deflate stream of stored blocks (BTYPE=00), enough for tests.
        let mut out = Vec::new();
        let mut chunks = data.chunks(65535).peekable();
        if chunks.peek().is_none() {
            out.extend([1, 0, 0, 0xff, 0xff]);
        }
        while let Some(chunk) = chunks.next() {
            out.push(u8::from(chunks.peek().is_none()));
            let len = chunk.len() as u16;
            out.extend(len.to_le_bytes());
            out.extend((!len).to_le_bytes());
            out.extend(chunk);
        }
        out
    }

    /// Where the central directory starts, from the end record.
    fn central(zip: &[u8]) -> usize {
        let end = zip.len() - END_LEN;
        u32::from_le_bytes(zip[end + 16..end + 20].try_into().unwrap()) as usize
    }

    fn err<T: core::fmt::Debug>(r: Result<T, Error>) -> (ErrorKind, usize) {
        let e = r.unwrap_err();
        (e.kind(), e.offset())
    }

    #[test]
    fn crc32_known_answers() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"a"), 0xe8b7_be43);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414f_a339
        );
    }

    #[test]
    fn stored_and_deflated_entries() {
        let text = b"hello, hello, hello";
        let zip = archive(
            &[
                (b"a.txt", 0, text, text),
                (b"b.txt", 8, &deflate(text), text),
                (b"empty", 8, &deflate(b""), b""),
                (b"dir/", 0, b"", b""),
            ],
            b"a comment",
        );
        let z = Zip::parse(&zip).unwrap();
        assert_eq!(z.len(), 4);
        let mut buf = [0u8; 64];
        for entry in z.entries() {
            let want: &[u8] = if entry.uncompressed_size() == 0 {
                b""
            } else {
                text
            };
            assert_eq!(z.extract_into(&entry, &mut buf).unwrap(), want);
        }
        let dir = z.find(b"dir/").unwrap();
        assert!(dir.is_dir());
        assert_eq!(dir.compression(), Compression::Stored);
        // Exact-size buffers are enough.
        let b = z.find(b"b.txt").unwrap();
        assert_eq!(z.extract_into(&b, &mut buf[..text.len()]).unwrap(), text);
        assert_eq!(
            err(z.extract_into(&b, &mut buf[..text.len() - 1])),
            (ErrorKind::BufferTooSmall, text.len() - 1)
        );
    }

    #[test]
    fn the_end_record_is_found_past_a_comment() {
        // A comment that contains an end signature itself.
        let mut comment = END_SIGNATURE.to_vec();
        comment.extend([0u8; 40]);
        let zip = archive(&[(b"x", 0, b"1", b"1")], &comment);
        assert_eq!(Zip::parse(&zip).unwrap().len(), 1);
        // Too short for an end record, or none at all.
        assert_eq!(err(Zip::parse(b"PK\x05\x06")), (ErrorKind::InvalidZip, 0));
        assert_eq!(err(Zip::parse(&[0u8; 30])), (ErrorKind::InvalidZip, 8));
        // The comment length must reach the end exactly.
        let mut extra = archive(&[], b"");
        extra.push(0);
        assert_eq!(
            Zip::parse(&extra).unwrap_err().kind(),
            ErrorKind::InvalidZip
        );
    }

    #[test]
    fn bad_directory_offsets_and_counts() {
        let zip = archive(&[(b"x", 0, b"1", b"1")], b"");
        let end = zip.len() - END_LEN;
        // The directory offset past the end record.
        let mut bad = zip.clone();
        bad[end + 16] = 0xf0;
        assert_eq!(err(Zip::parse(&bad)), (ErrorKind::InvalidZip, end + 16));
        // The directory size one byte short.
        let mut bad = zip.clone();
        bad[end + 12] -= 1;
        assert_eq!(Zip::parse(&bad).unwrap_err().kind(), ErrorKind::InvalidZip);
        // One more entry than the directory holds.
        let mut bad = zip.clone();
        bad[end + 8] = 2;
        bad[end + 10] = 2;
        assert_eq!(Zip::parse(&bad).unwrap_err().kind(), ErrorKind::InvalidZip);
        // Entries on this disk differ from the total: a split archive.
        let mut bad = zip.clone();
        bad[end + 8] = 0;
        assert_eq!(err(Zip::parse(&bad)), (ErrorKind::UnsupportedZip, end + 4));
        // ZIP64 markers.
        let mut bad = zip.clone();
        bad[end + 16..end + 20].copy_from_slice(&[0xff; 4]);
        assert_eq!(err(Zip::parse(&bad)), (ErrorKind::UnsupportedZip, end + 8));
    }

    #[test]
    fn bad_local_headers() {
        let zip = archive(&[(b"x", 0, b"1", b"1")], b"");
        let central = central(&zip);
        assert_eq!(central, 32);
        let check = |bad: &[u8], want: (ErrorKind, usize)| {
            let z = Zip::parse(bad).unwrap();
            let entry = z.entries().next().unwrap();
            assert_eq!(err(z.extract_into(&entry, &mut [0u8; 8])), want);
        };
        // The local header offset past the end.
        let mut bad = zip.clone();
        bad[central + 42] = 0xff;
        check(&bad, (ErrorKind::InvalidZip, central + 42));
        // Not a local header there.
        let mut bad = zip.clone();
        bad[central + 42] = 1;
        check(&bad, (ErrorKind::InvalidZip, 1));
        // Another method in the local header.
        let mut bad = zip.clone();
        bad[8] = 8;
        check(&bad, (ErrorKind::InvalidZip, 8));
        // Another name.
        let mut bad = zip.clone();
        bad[30] = b'y';
        check(&bad, (ErrorKind::InvalidZip, 30));
        // Another CRC in the local header.
        let mut bad = zip.clone();
        bad[14] ^= 1;
        check(&bad, (ErrorKind::InvalidZip, 14));
        // Both CRCs wrong: the data does not match.
        let mut bad = zip.clone();
        bad[14] ^= 1;
        bad[central + 16] ^= 1;
        check(&bad, (ErrorKind::CrcMismatch, 0));
        // The compressed size runs past the end of the archive.
        let mut bad = zip.clone();
        bad[18] = 0xff;
        bad[central + 20] = 0xff;
        check(&bad, (ErrorKind::InvalidZip, central + 20));
    }

    #[test]
    fn unsupported_entries() {
        let zip = archive(&[(b"x", 12, b"1", b"1")], b"");
        let z = Zip::parse(&zip).unwrap();
        let entry = z.entries().next().unwrap();
        assert_eq!(entry.compression(), Compression::Other(12));
        assert_eq!(
            err(z.extract_into(&entry, &mut [0u8; 8])),
            (ErrorKind::UnsupportedZip, 32 + 10)
        );
        let mut encrypted = archive(&[(b"x", 0, b"1", b"1")], b"");
        encrypted[32 + 8] = 1;
        let z = Zip::parse(&encrypted).unwrap();
        let entry = z.entries().next().unwrap();
        assert_eq!(
            err(z.extract_into(&entry, &mut [0u8; 8])),
            (ErrorKind::UnsupportedZip, 32 + 8)
        );
    }

    #[test]
    fn sizes_that_lie() {
        let text = [b'a'; 300];
        // A stream that inflates to more than declared: stops at the
        // declared size, whatever room the buffer has.
        let stream = deflate(&text);
        let zip = archive(&[(b"x", 8, &stream, &text[..10])], b"");
        let z = Zip::parse(&zip).unwrap();
        let entry = z.entries().next().unwrap();
        assert_eq!(
            err(z.extract_into(&entry, &mut [0u8; 1000])),
            (ErrorKind::InvalidZip, central(&zip) + 20)
        );
        // And to less.
        let zip = archive(&[(b"x", 8, &deflate(&text[..10]), &text)], b"");
        let z = Zip::parse(&zip).unwrap();
        let entry = z.entries().next().unwrap();
        assert_eq!(
            err(z.extract_into(&entry, &mut [0u8; 1000])),
            (ErrorKind::InvalidZip, central(&zip) + 20)
        );
        // A stored entry whose sizes differ.
        let zip = archive(&[(b"x", 0, b"12", b"1")], b"");
        let z = Zip::parse(&zip).unwrap();
        let entry = z.entries().next().unwrap();
        assert_eq!(
            err(z.extract_into(&entry, &mut [0u8; 8])),
            (ErrorKind::InvalidZip, central(&zip) + 20)
        );
    }

    #[test]
    fn corrupt_and_truncated_deflate() {
        let text = b"some text to compress";
        let mut stream = deflate(text);
        // BTYPE=11 is reserved.
        stream[0] = 0x07;
        let zip = archive(&[(b"x", 8, &stream, text)], b"");
        let z = Zip::parse(&zip).unwrap();
        let entry = z.entries().next().unwrap();
        assert_eq!(
            z.extract_into(&entry, &mut [0u8; 64]).unwrap_err().kind(),
            ErrorKind::InvalidZip
        );
        let stream = deflate(text);
        let short = &stream[..stream.len() - 5];
        let zip = archive(&[(b"x", 8, short, text)], b"");
        let z = Zip::parse(&zip).unwrap();
        let entry = z.entries().next().unwrap();
        assert_eq!(
            z.extract_into(&entry, &mut [0u8; 64]).unwrap_err().kind(),
            ErrorKind::UnexpectedEnd
        );
    }

    #[test]
    fn every_truncation_is_an_error() {
        let text = b"hello";
        let zip = archive(
            &[(b"a", 8, &deflate(text), text), (b"b", 0, text, text)],
            b"",
        );
        for len in 0..zip.len() {
            assert!(Zip::parse(&zip[..len]).is_err(), "{len}");
        }
    }
}
