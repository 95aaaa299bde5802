//! The three ZIP records read here (PKWARE APPNOTE.TXT 4.3.7, 4.3.12 and
//! 4.3.16), each written down once as a table of field offsets: the
//! readers take their fields from it, errors point into the records with
//! it, and the tests' archive writer puts its fields by it.
//!
//! The local and the central header share a run of fields (APPNOTE 4.4.3
//! to 4.4.11, "version needed to extract" to "extra field length"); that
//! run is one table, [`shared`], found at [`Record::shared`] in each
//! header, and read by one function, [`Header::read`], for both.

use super::super::cursor::Cursor;

/// A little-endian 16-bit field, at its offset in a record.
#[derive(Debug, Clone, Copy)]
pub(super) struct U16(pub(super) usize);

/// A little-endian 32-bit field, at its offset in a record.
#[derive(Debug, Clone, Copy)]
pub(super) struct U32(pub(super) usize);

// Offsets are added only in constants (where an overflow does not
// compile): the readers take the shared run as a record of its own.
#[allow(clippy::arithmetic_side_effects)]
impl U16 {
    /// The field inside a run that starts at `run` in its record.
    pub(super) const fn after(self, run: usize) -> Self {
        Self(run + self.0)
    }
}

/// Where the field after `field` starts.
#[allow(clippy::arithmetic_side_effects)]
const fn u16_after(field: U16) -> usize {
    field.0 + 2
}

/// Where the field after `field` starts.
#[allow(clippy::arithmetic_side_effects)]
const fn u32_after(field: U32) -> usize {
    field.0 + 4
}

#[allow(clippy::arithmetic_side_effects)]
impl U32 {
    /// The field inside a run that starts at `run` in its record.
    pub(super) const fn after(self, run: usize) -> Self {
        Self(run + self.0)
    }
}

/// The fixed part of a record: its signature and its length; what
/// follows it (names, extra fields, comments) has lengths given in it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Record {
    /// The first four bytes.
    pub(super) signature: [u8; 4],
    /// The length of the fixed part.
    pub(super) len: usize,
    /// Where the [`shared`] run starts (headers only).
    pub(super) shared: usize,
}

/// The fields the local and central headers share, from their run's start.
pub(super) mod shared {
    use super::{U16, U32};

    /// Version needed to extract.
    pub(in super::super) const NEEDED: U16 = U16(0);
    /// General purpose bit flag.
    pub(in super::super) const FLAGS: U16 = U16(2);
    /// Compression method.
    pub(in super::super) const METHOD: U16 = U16(4);
    /// Last modification time (MS-DOS).
    pub(in super::super) const TIME: U16 = U16(6);
    /// Last modification date (MS-DOS).
    pub(in super::super) const DATE: U16 = U16(8);
    /// CRC-32 of the uncompressed data.
    pub(in super::super) const CRC32: U32 = U32(10);
    /// Compressed size.
    pub(in super::super) const COMPRESSED: U32 = U32(14);
    /// Uncompressed size.
    pub(in super::super) const UNCOMPRESSED: U32 = U32(18);
    /// File name length.
    pub(in super::super) const NAME_LEN: U16 = U16(22);
    /// Extra field length.
    pub(in super::super) const EXTRA_LEN: U16 = U16(24);
    /// The run's length.
    pub(in super::super) const LEN: usize = 26;
}

/// `local-header = "PK\x03\x04" shared name extra`; the entry's data follows.
pub(super) mod local {
    use super::{Record, U16, U32, shared};

    /// The record.
    pub(in super::super) const RECORD: Record = Record {
        signature: *b"PK\x03\x04",
        len: 30,
        shared: 4,
    };
    /// Compression method.
    pub(in super::super) const METHOD: U16 = shared::METHOD.after(RECORD.shared);
    /// CRC-32, then the two sizes.
    pub(in super::super) const CRC32: U32 = shared::CRC32.after(RECORD.shared);
    /// Where the name starts.
    pub(in super::super) const NAME: usize = RECORD.len;
}

/// `central-header = "PK\x01\x02" made-by(2) shared comment-length(2)
/// disk(2) internal(2) external(4) local-offset(4) name extra comment`.
pub(super) mod central {
    use super::{Record, U16, U32, shared};

    /// The record.
    pub(in super::super) const RECORD: Record = Record {
        signature: *b"PK\x01\x02",
        len: 46,
        shared: 6,
    };
    /// Version made by.
    pub(in super::super) const MADE_BY: U16 = U16(4);
    /// General purpose bit flag.
    pub(in super::super) const FLAGS: U16 = shared::FLAGS.after(RECORD.shared);
    /// Compression method.
    pub(in super::super) const METHOD: U16 = shared::METHOD.after(RECORD.shared);
    /// Compressed size, then the uncompressed size.
    pub(in super::super) const COMPRESSED: U32 = shared::COMPRESSED.after(RECORD.shared);
    /// File comment length.
    pub(in super::super) const COMMENT_LEN: U16 = U16(32);
    /// Disk number start.
    pub(in super::super) const DISK: U16 = U16(34);
    /// Internal file attributes.
    pub(in super::super) const INTERNAL: U16 = U16(36);
    /// External file attributes.
    pub(in super::super) const EXTERNAL: U32 = U32(38);
    /// Offset of the local header.
    pub(in super::super) const LOCAL_OFFSET: U32 = U32(42);
}

/// `end-record = "PK\x05\x06" disk(2) directory-disk(2) entries-here(2)
/// entries(2) directory-size(4) directory-offset(4) comment-length(2)
/// comment`.
pub(super) mod end {
    use super::{Record, U16, U32};

    /// The record (it has no shared run).
    pub(in super::super) const RECORD: Record = Record {
        signature: *b"PK\x05\x06",
        len: 22,
        shared: 0,
    };
    /// Number of this disk.
    pub(in super::super) const DISK: U16 = U16(4);
    /// Disk where the central directory starts.
    pub(in super::super) const DIRECTORY_DISK: U16 = U16(6);
    /// Entries on this disk.
    pub(in super::super) const ENTRIES_HERE: U16 = U16(8);
    /// Entries in all.
    pub(in super::super) const ENTRIES: U16 = U16(10);
    /// Size of the central directory.
    pub(in super::super) const DIRECTORY_SIZE: U32 = U32(12);
    /// Offset of the central directory.
    pub(in super::super) const DIRECTORY_OFFSET: U32 = U32(16);
    /// Comment length.
    pub(in super::super) const COMMENT_LEN: U16 = U16(20);
}

// Each table lists its record's fields one after the other, the last
// ending the fixed part: so reading a field of a fixed part that was read
// cannot fail.
const _: () = {
    assert!(shared::NEEDED.0 == 0);
    assert!(u16_after(shared::NEEDED) == shared::FLAGS.0);
    assert!(u16_after(shared::FLAGS) == shared::METHOD.0);
    assert!(u16_after(shared::METHOD) == shared::TIME.0);
    assert!(u16_after(shared::TIME) == shared::DATE.0);
    assert!(u16_after(shared::DATE) == shared::CRC32.0);
    assert!(u32_after(shared::CRC32) == shared::COMPRESSED.0);
    assert!(u32_after(shared::COMPRESSED) == shared::UNCOMPRESSED.0);
    assert!(u32_after(shared::UNCOMPRESSED) == shared::NAME_LEN.0);
    assert!(u16_after(shared::NAME_LEN) == shared::EXTRA_LEN.0);
    assert!(u16_after(shared::EXTRA_LEN) == shared::LEN);

    assert!(local::RECORD.shared == 4);
    assert!(local::RECORD.shared + shared::LEN == local::RECORD.len);

    assert!(central::MADE_BY.0 == 4);
    assert!(u16_after(central::MADE_BY) == central::RECORD.shared);
    assert!(central::RECORD.shared + shared::LEN == central::COMMENT_LEN.0);
    assert!(u16_after(central::COMMENT_LEN) == central::DISK.0);
    assert!(u16_after(central::DISK) == central::INTERNAL.0);
    assert!(u16_after(central::INTERNAL) == central::EXTERNAL.0);
    assert!(u32_after(central::EXTERNAL) == central::LOCAL_OFFSET.0);
    assert!(u32_after(central::LOCAL_OFFSET) == central::RECORD.len);

    assert!(end::DISK.0 == 4);
    assert!(u16_after(end::DISK) == end::DIRECTORY_DISK.0);
    assert!(u16_after(end::DIRECTORY_DISK) == end::ENTRIES_HERE.0);
    assert!(u16_after(end::ENTRIES_HERE) == end::ENTRIES.0);
    assert!(u16_after(end::ENTRIES) == end::DIRECTORY_SIZE.0);
    assert!(u32_after(end::DIRECTORY_SIZE) == end::DIRECTORY_OFFSET.0);
    assert!(u32_after(end::DIRECTORY_OFFSET) == end::COMMENT_LEN.0);
    assert!(u16_after(end::COMMENT_LEN) == end::RECORD.len);
};

/// The fixed part of a record, read, and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Fixed<'a> {
    record: Cursor<'a>,
}

impl<'a> Fixed<'a> {
    /// Reads the fixed part of `record` at `cursor`, which must start with
    /// its signature; `None` (and nothing consumed) when it does not or
    /// the bytes run out.
    pub(super) fn read(cursor: &mut Cursor<'a>, record: &Record) -> Option<Self> {
        let mut ahead = *cursor;
        let fixed = ahead.take(record.len)?;
        if !fixed.rest().starts_with(&record.signature) {
            return None;
        }
        *cursor = ahead;
        Some(Self { record: fixed })
    }

    /// A 16-bit field.
    pub(super) fn u16(&self, field: U16) -> u16 {
        let bytes = self
            .record
            .rest()
            .get(field.0..)
            .and_then(<[u8]>::first_chunk);
        debug_assert!(bytes.is_some(), "a field outside its record");
        bytes.map_or(0, |b| u16::from_le_bytes(*b))
    }

    /// A 32-bit field.
    pub(super) fn u32(&self, field: U32) -> u32 {
        let bytes = self
            .record
            .rest()
            .get(field.0..)
            .and_then(<[u8]>::first_chunk);
        debug_assert!(bytes.is_some(), "a field outside its record");
        bytes.map_or(0, |b| u32::from_le_bytes(*b))
    }

    /// The `len` bytes at `offset` in the record, as a record of their own.
    fn run(&self, offset: usize, len: usize) -> Self {
        let run = self.record.at(offset).and_then(|mut at| at.take(len));
        debug_assert!(run.is_some(), "a run outside its record");
        Self {
            record: run.unwrap_or(self.record),
        }
    }

    /// Where the record starts in the archive.
    pub(super) const fn position(&self) -> usize {
        self.record.position()
    }

    /// Where something `offset` bytes into the record is in the archive.
    pub(super) fn position_of(&self, offset: usize) -> usize {
        self.record.position_after(offset)
    }
}

/// The [`shared`] fields of a local or central header, and the name that
/// follows the fixed part in both.
#[derive(Debug, Clone, Copy)]
pub(super) struct Header<'a> {
    pub(super) flags: u16,
    pub(super) method: u16,
    pub(super) crc32: u32,
    pub(super) compressed: u32,
    pub(super) uncompressed: u32,
    pub(super) name: &'a [u8],
}

impl<'a> Header<'a> {
    /// Reads a header of `record` (local or central) at `cursor`: the
    /// fixed part, the name and the extra field, leaving the cursor after
    /// them. `None` when it is not there or is cut short.
    pub(super) fn read(cursor: &mut Cursor<'a>, record: &Record) -> Option<(Fixed<'a>, Self)> {
        let mut ahead = *cursor;
        let fixed = Fixed::read(&mut ahead, record)?;
        let run = fixed.run(record.shared, shared::LEN);
        let name = ahead.take(usize::from(run.u16(shared::NAME_LEN)))?;
        ahead.take(usize::from(run.u16(shared::EXTRA_LEN)))?;
        *cursor = ahead;
        Some((
            fixed,
            Self {
                flags: run.u16(shared::FLAGS),
                method: run.u16(shared::METHOD),
                crc32: run.u32(shared::CRC32),
                compressed: run.u32(shared::COMPRESSED),
                uncompressed: run.u32(shared::UNCOMPRESSED),
                name: name.rest(),
            },
        ))
    }
}

#[cfg(test)]
pub(super) mod write {
    //! Puts fields by the tables above, for the tests' archives.
    use super::{Record, U16, U32};
    use crate::test_prelude::*;

    /// The fixed part of `record`: its signature, zeros elsewhere.
    pub(in super::super) fn fixed(record: &Record) -> Vec<u8> {
        let mut out = vec![0u8; record.len];
        out[..4].copy_from_slice(&record.signature);
        out
    }

    /// Puts a 16-bit field.
    pub(in super::super) fn put16(record: &mut [u8], field: U16, value: usize) {
        let value = u16::try_from(value).unwrap();
        record[field.0..field.0 + 2].copy_from_slice(&value.to_le_bytes());
    }

    /// Puts a 32-bit field.
    pub(in super::super) fn put32(record: &mut [u8], field: U32, value: usize) {
        let value = u32::try_from(value).unwrap();
        record[field.0..field.0 + 4].copy_from_slice(&value.to_le_bytes());
    }
}
