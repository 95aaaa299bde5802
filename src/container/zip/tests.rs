//! The archive reader against archives built here, field by field.

use super::layout::write::{fixed, put16, put32};
use super::layout::{central, end, local, shared};
use super::*;
#[allow(unused_imports)]
use crate::test_prelude::*;

const END_LEN: usize = end::RECORD.len;
const END_SIGNATURE: &[u8] = &end::RECORD.signature;

/// An entry to build: name, method, data as stored, data uncompressed.
type Spec<'a> = (&'a [u8], u16, &'a [u8], &'a [u8]);

/// Builds an archive of entries, as a ZIP writer would, by the layout's
/// tables.
fn archive(entries: &[Spec<'_>], comment: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, method, stored, plain) in entries {
        let offset = out.len();
        // The shared run, as both headers hold it.
        let mut run = vec![0u8; shared::LEN];
        put16(&mut run, shared::NEEDED, 20);
        put16(&mut run, shared::METHOD, usize::from(*method));
        put32(&mut run, shared::CRC32, crc32fast::hash(plain) as usize);
        put32(&mut run, shared::COMPRESSED, stored.len());
        put32(&mut run, shared::UNCOMPRESSED, plain.len());
        put16(&mut run, shared::NAME_LEN, name.len());
        let mut header = fixed(&local::RECORD);
        header[local::RECORD.shared..][..shared::LEN].copy_from_slice(&run);
        out.extend(header);
        out.extend(*name);
        out.extend(*stored);
        let mut header = fixed(&central::RECORD);
        put16(&mut header, central::MADE_BY, 20);
        header[central::RECORD.shared..][..shared::LEN].copy_from_slice(&run);
        put32(&mut header, central::LOCAL_OFFSET, offset);
        directory.extend(header);
        directory.extend(*name);
    }
    let directory_offset = out.len();
    out.extend(&directory);
    let mut record = fixed(&end::RECORD);
    put16(&mut record, end::ENTRIES_HERE, entries.len());
    put16(&mut record, end::ENTRIES, entries.len());
    put32(&mut record, end::DIRECTORY_SIZE, directory.len());
    put32(&mut record, end::DIRECTORY_OFFSET, directory_offset);
    put16(&mut record, end::COMMENT_LEN, comment.len());
    out.extend(record);
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
    (e.kind(), e.offset().expect("a ZIP error is at a byte"))
}

#[test]
fn the_crc_is_zip_s() {
    assert_eq!(crc32fast::hash(b""), 0);
    assert_eq!(crc32fast::hash(b"a"), 0xe8b7_be43);
    assert_eq!(crc32fast::hash(b"123456789"), 0xcbf4_3926);
    assert_eq!(
        crc32fast::hash(b"The quick brown fox jumps over the lazy dog"),
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
