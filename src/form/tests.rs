//! Unit tests of `crate::form`, apart from the code they test.

use super::*;
#[allow(unused_imports)]
use crate::test_prelude::*;

fn decode_vec(raw: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = vec![0u8; raw.len()];
    decode(raw, &mut out).map(<[u8]>::to_vec)
}

#[test]
fn plus_is_space_and_escapes_take_either_case() {
    assert_eq!(decode_vec(b"a+b%2fc%2Fd").unwrap(), b"a b/c/d");
    assert_eq!(decode_vec(b"%2B").unwrap(), b"+");
    assert_eq!(decode_vec(b"").unwrap(), b"");
}

#[test]
fn malformed_escapes_are_errors_at_their_offset() {
    for (raw, at) in [
        (&b"%"[..], 0),
        (b"ab%", 2),
        (b"ab%4", 2),
        (b"a%g1", 1),
        (b"a%1g", 1),
        (b"%41%", 3),
        (b"%%41", 0),
    ] {
        let err = decode_vec(raw).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidEscape, "{raw:?}");
        assert_eq!(err.offset(), Some(at), "{raw:?}");
        assert_eq!(decoded_len(raw).unwrap_err(), err);
    }
}

#[test]
fn decode_reports_a_small_buffer_without_panicking() {
    let mut out = [0u8; 2];
    let err = decode(b"abc", &mut out).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::BufferTooSmall, Some(0))
    );
    let err = decode(b"ab%41", &mut out).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::BufferTooSmall, Some(2))
    );
}

#[test]
fn encode_round_trips_every_byte() {
    let all: Vec<u8> = (0..=255).collect();
    let mut out = vec![0u8; encoded_len(&all)];
    let n = encode(&all, &mut out).unwrap();
    assert_eq!(n, out.len());
    assert_eq!(decode_vec(&out).unwrap(), all);
    assert!(
        out.iter()
            .all(|b| is_unreserved(*b) || matches!(b, b'+' | b'%'))
    );
}

#[test]
fn encode_refuses_a_small_buffer() {
    let mut out = [0u8; 4];
    let err = encode(b"ab&", &mut out).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::BufferTooSmall, Some(2))
    );
}

#[test]
fn pairs_split_skip_and_locate() {
    let body = b"&a=1&&b&=v&c=x=y&";
    let got: Vec<_> = pairs(body)
        .map(|p| (p.name, p.value, p.offset, p.value_offset))
        .collect();
    assert_eq!(
        got,
        [
            (&b"a"[..], &b"1"[..], 1, 3),
            (b"b", b"", 6, 7),
            (b"", b"v", 8, 9),
            (b"c", b"x=y", 11, 13),
        ]
    );
    assert_eq!(pairs(b"").count(), 0);
    assert_eq!(pairs(b"&&&").count(), 0);
}

#[test]
fn ascii_decoded_len_agrees_with_decoding() {
    // Every short value over an alphabet of the cases that matter, and
    // longer ones that cross the eight-byte words.
    let alphabet: [&[u8]; 10] = [
        b"a",
        b"+",
        b"%41",
        b"%7f",
        b"%80",
        b"%C3%A9",
        b"%",
        b"%4",
        b"%g1",
        "é".as_bytes(),
    ];
    let mut values: Vec<Vec<u8>> = vec![Vec::new()];
    for _ in 0..3 {
        let longer: Vec<Vec<u8>> = values
            .iter()
            .flat_map(|v| alphabet.iter().map(move |piece| [&v[..], piece].concat()))
            .collect();
        values.extend(longer);
    }
    for pad in 0..17 {
        for tail in [&b"%41"[..], b"%", b"%e9", b"\xff", b"x"] {
            let mut v = vec![b'x'; pad];
            v.extend_from_slice(tail);
            v.extend(std::iter::repeat_n(b'y', pad));
            values.push(v);
        }
    }
    for v in values {
        let mut out = vec![0u8; v.len()];
        let want = decode(&v, &mut out)
            .ok()
            .filter(|d| d.is_ascii())
            .map(<[u8]>::len);
        assert_eq!(ascii_decoded_len(&v), want, "{v:?}");
    }
}

#[test]
#[cfg(target_pointer_width = "64")]
fn reserved_lanes_match_the_table() {
    for b in 0..=255u8 {
        for lane in 0..8 {
            // The byte in one lane, among bytes of both classes.
            let mut word = *b"aZ9-+ %\xff";
            word[lane] = b;
            let reserved = reserved_lanes(u64::from_le_bytes(word));
            for (i, &w) in word.iter().enumerate() {
                let flagged = reserved >> (8 * i + 7) & 1 == 1;
                assert_eq!(flagged, !unreserved(w), "{b:#x} in lane {lane}, lane {i}");
            }
        }
    }
}

#[test]
#[cfg(target_pointer_width = "64")]
fn encode_with_room_writes_what_encode_writes() {
    let alphabet: [&[u8]; 8] = [
        b"a",
        b"Zz09",
        b"*-._",
        b" ",
        b"&",
        b"%",
        "é".as_bytes(),
        b"\xff",
    ];
    let mut values: Vec<Vec<u8>> = vec![Vec::new()];
    for _ in 0..4 {
        let longer: Vec<Vec<u8>> = values
            .iter()
            .flat_map(|v| alphabet.iter().map(move |piece| [&v[..], piece].concat()))
            .collect();
        values.extend(longer);
    }
    values.extend((0..40).map(|n| (0..n).map(|i| b"abc def/ghij"[i % 12]).collect()));
    for v in values {
        let mut want = vec![0u8; 3 * v.len()];
        let n = encode(&v, &mut want).unwrap();
        want.truncate(n);
        // With the room and more, the same bytes and nothing past them.
        for extra in [0, 1, 9] {
            let mut out = vec![0x55u8; 3 * v.len() + extra];
            let got = encode_with_room(&v, &mut out).unwrap();
            assert_eq!(&out[..got], &want[..], "{v:?}");
            assert!(out[got..].iter().all(|&b| b == 0x55), "{v:?}: past the end");
        }
        // Without it, nothing at all.
        if !v.is_empty() {
            let mut out = vec![0x55u8; 3 * v.len() - 1];
            assert_eq!(encode_with_room(&v, &mut out), None);
            assert!(out.iter().all(|&b| b == 0x55));
        }
    }
}
