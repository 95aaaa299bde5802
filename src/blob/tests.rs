//! Unit tests of `crate::blob`, apart from the code they test.

use super::*;
#[allow(unused_imports)]
use crate::test_prelude::*;

fn decode(blob: Blob<'_>) -> Result<Vec<u8>, Error> {
    let mut out = vec![0u8; 8192];
    blob.decode_into(&mut out).map(<[u8]>::to_vec)
}
#[test]
fn any_line_width_and_line_ending() {
    let want: Vec<u8> = (0u8..=200).collect();
    let mut b64 = vec![0u8; base64_len(want.len())];
    STANDARD.encode_slice(&want, &mut b64).unwrap();
    for width in [1, 3, 4, 63, 64, 76, 1000] {
        for eol in [&b"\n"[..], b"\r\n"] {
            let mut text = Vec::new();
            for line in b64.chunks(width) {
                text.extend_from_slice(line);
                text.extend_from_slice(eol);
            }
            assert_eq!(decode(Blob::base64(&text)).unwrap(), want, "{width}");
            assert_eq!(Blob::base64(&text).decoded_len().unwrap(), want.len());
        }
    }
}

#[test]
fn a_plus_at_every_place_is_data_in_plain_base64_and_refused_in_a_form() {
    // The base64 table marks `+` with a bit above the quad's: the plain
    // decoder must mask it off wherever it stands (whole 64- and 76-column
    // lines, groups, single quads), and a form must refuse it right there.
    // Characters of even value, so that a stray mark bit would show.
    let clean: Vec<u8> = b"AEIMQUYcgkosw048"
        .iter()
        .copied()
        .cycle()
        .take(76)
        .collect();
    for width in [64, 76] {
        for at in 0..clean.len() {
            let mut chars = clean.to_vec();
            chars[at] = b'+';
            let want = STANDARD.decode(&chars).unwrap();
            let mut text = Vec::new();
            for line in chars.chunks(width) {
                text.extend_from_slice(line);
                text.push(b'\n');
            }
            assert_eq!(decode(Blob::base64(&text)).unwrap(), want, "{width} {at}");
            let err = decode(Blob::form_base64(&chars).at(10)).unwrap_err();
            assert_eq!(
                (err.kind(), err.offset()),
                (ErrorKind::InvalidBase64, Some(10 + at)),
                "{at}"
            );
        }
    }
}

#[test]
fn irregular_lines_defeat_the_width_guess_safely() {
    // Line widths that change, so that a line break often stands where
    // the first line's width says, but inside another line.
    let want: Vec<u8> = (0..3000u32).map(|i| (i * 13 % 256) as u8).collect();
    let mut b64 = vec![0u8; base64_len(want.len())];
    STANDARD.encode_slice(&want, &mut b64).unwrap();
    let mut seed = 7u32;
    for eol in [&b"\n"[..], b"\r\n"] {
        for _ in 0..50 {
            let mut text = Vec::new();
            let mut rest = &b64[..];
            while !rest.is_empty() {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let width = (seed >> 16) as usize % 9 + 1;
                let (line, tail) = rest.split_at(width.min(rest.len()));
                text.extend_from_slice(line);
                text.extend_from_slice(eol);
                rest = tail;
            }
            assert_eq!(decode(Blob::base64(&text)).unwrap(), want);
            assert_eq!(Blob::base64(&text).decoded_len().unwrap(), want.len());
        }
    }
    // A raw CR inside a form value is skipped too.
    assert_eq!(
        decode(Blob::form_base64(b"AA\r\nEC%0D%0A")).unwrap(),
        [0, 1, 2]
    );
}

#[test]
fn long_blobs_cross_stage_boundaries() {
    let want: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut b64 = vec![0u8; base64_len(want.len())];
    STANDARD.encode_slice(&want, &mut b64).unwrap();
    assert_eq!(decode(Blob::base64(&b64)).unwrap(), want);
    let mut form = vec![0u8; crate::form::encoded_len(&b64)];
    crate::form::encode(&b64, &mut form).unwrap();
    assert_eq!(decode(Blob::form_base64(&form)).unwrap(), want);
    assert_eq!(Blob::form_base64(&form), Blob::binary(&want));
    assert_ne!(Blob::form_base64(&form), Blob::binary(&want[1..]));
}

#[test]
fn bad_base64_is_located() {
    let e = |raw: &[u8]| decode(Blob::base64(raw).at(100)).unwrap_err();
    let err = e(b"AAAA\nAA*A\n");
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::InvalidBase64, Some(107))
    );
    assert_eq!(e(b"AAA").kind(), ErrorKind::InvalidBase64);
    // Padding in the middle is invalid where it stands.
    let err = e(b"AA==\nAAAA");
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::InvalidBase64, Some(102))
    );
    // Padding that ends one stage of 1024 characters, then more.
    let mut long = vec![b'A'; 1022];
    long.extend_from_slice(b"==\nAAAA");
    let err = e(&long);
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::InvalidBase64, Some(1125))
    );
    let err = e(b"A=AA");
    assert_eq!(err.kind(), ErrorKind::InvalidBase64);
    // Trailing bits must be zero (canonical encoding).
    assert_eq!(e(b"AB==").kind(), ErrorKind::InvalidBase64);
    let err = decode(Blob::form_base64(b"AA%2").at(10)).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::InvalidEscape, Some(12))
    );
    assert_eq!(
        decode(Blob::form_base64(b"AA+A")).unwrap_err().kind(),
        ErrorKind::InvalidBase64
    );
}

#[test]
fn write_base64_makes_64_column_lines() {
    let data: Vec<u8> = (0..100u8).collect();
    let mut lines = Vec::new();
    write_base64(Blob::binary(&data), |l| {
        lines.push(l.to_string());
        Ok(())
    })
    .unwrap();
    assert_eq!(
        lines.iter().map(String::len).collect::<Vec<_>>(),
        [64, 64, 8]
    );
    let joined = lines.concat();
    assert_eq!(decode(Blob::base64(joined.as_bytes())).unwrap(), data);
    assert_eq!(base64_len(100), joined.len());
}

/// A `%2B` or `%2F` at every place of a group of eight, in either case,
/// alone or with another escape, a raw `+` or a line break beside it:
/// the same bytes or the same refusal as the engine on the unescaped text.
#[test]
fn escapes_at_every_place_of_a_group() {
    // 48 characters, so that the escape falls in the third group.
    let clean = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlq";
    for place in 16..24 {
        for (escape, char) in [("%2B", '+'), ("%2b", '+'), ("%2F", '/'), ("%2f", '/')] {
            for extra in ["", "%2B", "+", "%0A", "\r\n", "%2D", "%"] {
                let text = std::str::from_utf8(clean).unwrap();
                let (before, after) = text.split_at(place);
                let after = &after[1..];
                let raw = std::format!("{before}{escape}{extra}{after}");
                let plain = std::format!(
                    "{before}{char}{}{after}",
                    match extra {
                        "%2B" => "+",
                        "%0A" | "\r\n" => "",
                        "%2D" => "-",
                        "+" => " ",
                        other => other,
                    }
                );
                let want = STANDARD.decode(&plain).ok();
                let got = decode(Blob::form_base64(raw.as_bytes())).ok();
                assert_eq!(got, want, "{raw}");
            }
        }
    }
}
