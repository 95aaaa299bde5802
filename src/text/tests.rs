//! Unit tests of `crate::text`, apart from the code they test.

use super::*;
#[allow(unused_imports)]
use crate::test_prelude::*;

#[test]
fn equality_is_on_decoded_bytes() {
    assert_eq!(Text::form(b"a+b"), Text::form(b"a%20b"));
    assert_eq!(Text::form(b"%e9"), Text::form(b"%E9"));
    assert_eq!(Text::form(b"a%2Bb"), Text::plain("a+b"));
    assert_ne!(Text::form(b"a+b"), Text::plain("a+b"));
    assert_ne!(Text::form(b"ab"), Text::plain("abc"));
}

#[test]
fn equal_texts_hash_alike() {
    use std::hash::BuildHasher as _;
    let hasher = std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default();
    for (a, b) in [
        (Text::form(b"a+b"), Text::form(b"a%20b")),
        (Text::form(b"%e9"), Text::form(b"%E9")),
        (Text::form(b"a%2Bb"), Text::plain("a+b")),
        (Text::form(b"a%zz"), Text::plain("a%zz")),
    ] {
        assert_eq!(a, b);
        assert_eq!(hasher.hash_one(a), hasher.hash_one(b), "{a}");
    }
    let set: std::collections::HashSet<_> =
        [Text::form(b"x+y"), Text::plain("x y"), Text::plain("x+y")]
            .into_iter()
            .collect();
    assert_eq!(set.len(), 2);
}

#[test]
fn display_streams_across_split_characters() {
    // 'é' split over two escapes, and a long value that crosses the
    // 64-byte buffer in the middle of a character.
    assert_eq!(Text::form(b"%C3%A9").to_string(), "é");
    let long = "ab".repeat(31) + "é€😀";
    let mut raw = vec![0u8; form::encoded_len(long.as_bytes())];
    form::encode(long.as_bytes(), &mut raw).unwrap();
    assert_eq!(Text::form(&raw).to_string(), long);
    assert_eq!(Text::form(&raw).char_count().unwrap(), 65);
}

#[test]
fn display_never_fails_on_bad_input() {
    assert_eq!(Text::form(b"a%zz").to_string(), "a%zz");
    assert_eq!(Text::form(b"%FF+x").to_string(), "\u{FFFD} x");
    assert_eq!(Text::form(b"%C3").to_string(), "\u{FFFD}");
    assert_eq!(format!("{:?}", Text::form(b"a%0A%22")), "\"a\\n\\\"\"");
}

#[test]
fn strict_decoding_reports_errors() {
    let e = Text::form(b"%FF").char_count().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidUtf8);
    let e = Text::form(b"ab%f").char_count().unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidEscape, Some(2)));
    let mut small = [0u8; 2];
    let e = Text::plain("abc").decode_into(&mut small).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BufferTooSmall);
    let e = Text::form(b"abc").to_heapless::<2>().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BufferTooSmall);
}

#[test]
fn byte_indices_give_raw_offsets() {
    let walked: Vec<_> = Text::form(b"x%c3%A9+y")
        .byte_indices()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        walked,
        [(0, b'x'), (1, 0xC3), (4, 0xA9), (7, b' '), (8, b'y')]
    );
    assert_eq!(Text::form(b"").byte_indices().next(), None);
    let plain: Vec<_> = Text::plain("a%2B")
        .byte_indices()
        .map(Result::unwrap)
        .collect();
    assert_eq!(plain, [(0, b'a'), (1, b'%'), (2, b'2'), (3, b'B')]);
}

#[test]
fn byte_indices_stop_at_a_bad_escape() {
    for (raw, at) in [(&b"ab%4"[..], 2), (b"%", 0), (b"a%zz1", 1)] {
        let mut walk = Text::form(raw).byte_indices();
        let err = walk.by_ref().find_map(Result::err).unwrap();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::InvalidEscape, Some(at))
        );
        assert_eq!(walk.next(), None);
        assert_eq!(walk.offset(), raw.len());
    }
}

#[test]
fn byte_indices_agree_with_decoding() {
    let raw = b"a%2C+b%2c%20c++%25";
    let mut out = [0u8; 32];
    let decoded = form::decode(raw, &mut out).unwrap();
    let walked: Vec<u8> = Text::form(raw)
        .byte_indices()
        .map(|r| r.unwrap().1)
        .collect();
    assert_eq!(walked, decoded);
}

#[test]
fn sub_keeps_the_encoding() {
    let t = Text::form(b"a%2Cb+c");
    assert_eq!(t.sub(1..4).unwrap(), Text::plain(","));
    assert_eq!(t.sub(5..7).unwrap(), Text::plain(" c"));
    assert_eq!(t.sub(7..7).unwrap(), Text::plain(""));
    assert_eq!(Text::plain("a+b").sub(1..2).unwrap(), Text::plain("+"));
    assert_eq!(t.sub(6..8), None);
    #[allow(clippy::reversed_empty_ranges)]
    let backwards = t.sub(3..2);
    assert_eq!(backwards, None);
}
