//! The base64 decoder against the `base64` engine (through the model in
//! `fuzz/src/lib.rs`, the one the `base64_differential` fuzz target
//! asserts): clean, wrapped at any width with LF or CRLF, form-escaped in
//! either case, MIME-wrapped, and broken in every way; the same bytes, the
//! same refusals at the same offsets, with any buffer.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use collectssl::{Blob, Error, ErrorKind};
use proptest::prelude::*;

#[allow(dead_code, unreachable_pub)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

/// How a blob's base64 is laid out in a body.
#[derive(Debug, Clone)]
struct Shape {
    /// Characters per line; 0 for one line.
    width: usize,
    crlf: bool,
    /// A line break after the last line too.
    trailing: bool,
    /// Form-encoded: `+`, `/`, `=` escaped, in upper, lower or mixed case.
    form: Option<Case>,
    /// In a form, line breaks escaped as `%0D%0A` (MIME-wrapped).
    escaped_breaks: bool,
}

#[derive(Debug, Clone, Copy)]
enum Case {
    Upper,
    Lower,
    Mixed,
}

fn shape() -> impl Strategy<Value = Shape> {
    let width = prop_oneof![
        2 => Just(0usize),
        3 => Just(64),
        3 => Just(76),
        3 => 1usize..120,
    ];
    let case = prop_oneof![
        Just(None),
        Just(Some(Case::Upper)),
        Just(Some(Case::Lower)),
        Just(Some(Case::Mixed)),
    ];
    (width, any::<bool>(), any::<bool>(), case, any::<bool>()).prop_map(
        |(width, crlf, trailing, form, escaped_breaks)| Shape {
            width,
            crlf,
            trailing,
            form,
            escaped_breaks,
        },
    )
}

/// The blob's raw bytes in `shape`.
fn lay_out(chars: &[u8], shape: &Shape) -> Vec<u8> {
    let eol: &[u8] = match (shape.crlf, shape.form.is_some() && shape.escaped_breaks) {
        (true, true) => b"%0D%0A",
        (false, true) => b"%0A",
        (true, false) => b"\r\n",
        (false, false) => b"\n",
    };
    let mut raw = Vec::new();
    let lines: Vec<&[u8]> = if shape.width == 0 {
        vec![chars]
    } else {
        chars.chunks(shape.width).collect()
    };
    for (i, line) in lines.iter().enumerate() {
        for (j, &c) in line.iter().enumerate() {
            match (shape.form, c) {
                (Some(case), b'+' | b'/' | b'=') => {
                    let upper = match case {
                        Case::Upper => true,
                        Case::Lower => false,
                        Case::Mixed => (i + j) % 2 == 0,
                    };
                    let escape = format!("%{c:02X}");
                    raw.extend(if upper {
                        escape.into_bytes()
                    } else {
                        escape.to_lowercase().into_bytes()
                    });
                }
                _ => raw.push(c),
            }
        }
        if i + 1 < lines.len() || shape.trailing {
            raw.extend_from_slice(eol);
        }
    }
    raw
}

/// What can break a blob: a byte replaced, inserted or removed, or the end cut.
#[derive(Debug, Clone)]
enum Damage {
    Replace(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Cut(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    let byte = prop_oneof![
        4 => prop::sample::select(&b"=*%+-_ \r\nA/0"[..]),
        1 => any::<u8>(),
    ];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Damage::Replace(i, b)),
        (any::<usize>(), byte).prop_map(|(i, b)| Damage::Insert(i, b)),
        any::<usize>().prop_map(Damage::Remove),
        any::<usize>().prop_map(Damage::Cut),
    ]
}

fn apply(raw: &mut Vec<u8>, damage: &Damage) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % len };
    match *damage {
        Damage::Replace(i, b) if !raw.is_empty() => {
            let i = at(i, raw.len());
            raw[i] = b;
        }
        Damage::Insert(i, b) => raw.insert(at(i, raw.len() + 1), b),
        Damage::Remove(i) if !raw.is_empty() => {
            raw.remove(at(i, raw.len()));
        }
        Damage::Cut(i) => raw.truncate(at(i, raw.len() + 1)),
        _ => {}
    }
}

/// The differential check of `fuzz/src/lib.rs` on one blob.
fn check(raw: &[u8], form: bool, room: u8) {
    let mut data = vec![(room << 1) | u8::from(form)];
    data.extend_from_slice(raw);
    fuzz::base64_differential(&data);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// Valid blobs of every shape decode to their bytes, as the engine
    /// decodes them, into any buffer.
    #[test]
    fn every_shape_decodes(
        bytes in prop::collection::vec(any::<u8>(), 0..2600),
        shape in shape(),
        room in any::<u8>(),
    ) {
        let raw = lay_out(STANDARD.encode(&bytes).as_bytes(), &shape);
        let form = shape.form.is_some();
        let want = fuzz::base64_model(&raw, form, usize::MAX);
        prop_assert_eq!(want, Ok(bytes));
        check(&raw, form, room);
    }

    /// Broken blobs are refused as the engine refuses them, at the same
    /// character.
    #[test]
    fn every_damage_is_refused_in_place(
        bytes in prop::collection::vec(any::<u8>(), 0..2600),
        shape in shape(),
        damages in prop::collection::vec(damage(), 1..4),
        room in any::<u8>(),
    ) {
        let mut raw = lay_out(STANDARD.encode(&bytes).as_bytes(), &shape);
        for d in &damages {
            apply(&mut raw, d);
        }
        check(&raw, shape.form.is_some(), room);
    }

    /// The same at the end, where a padded last quad (its bits left over,
    /// what follows it) is decoded on its own path.
    #[test]
    fn every_damage_at_the_end_is_refused_in_place(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        shape in shape(),
        damages in prop::collection::vec((0usize..8, damage()), 1..3),
        room in any::<u8>(),
    ) {
        let mut raw = lay_out(STANDARD.encode(&bytes).as_bytes(), &shape);
        for (back, d) in &damages {
            let at = raw.len().saturating_sub(1 + back);
            let d = match *d {
                Damage::Replace(_, b) => Damage::Replace(at, b),
                Damage::Insert(_, b) => Damage::Insert(at + 1, b),
                Damage::Remove(_) => Damage::Remove(at),
                Damage::Cut(_) => Damage::Cut(at),
            };
            apply(&mut raw, &d);
        }
        check(&raw, shape.form.is_some(), room);
    }

    /// And any string of base64-ish bytes.
    #[test]
    fn any_base64ish_string(
        raw in prop::collection::vec(prop::sample::select(&b"AQgw+/=*%2BF3D0a\r\n"[..]), 0..3000),
        form in any::<bool>(),
        room in any::<u8>(),
    ) {
        check(&raw, form, room);
    }
}

/// A character alone on its line is found on that line, not on its line
/// break (the locating walk once stepped over both).
#[test]
fn a_bad_character_alone_on_its_line() {
    let mut out = [0u8; 16];
    let err = Blob::base64(b"AA\nA\n*\nAAAA").decode_into(&mut out);
    assert_eq!(err, Err(Error::new(ErrorKind::InvalidBase64, 5)));
}

/// What follows padding at the end of a full stage is refused where it
/// stands, even alone on its line.
#[test]
fn after_padding_ending_a_stage() {
    let mut raw = vec![b'A'; 1022];
    raw.extend_from_slice(b"==\n\nB\nAAA");
    let mut out = [0u8; 1024];
    let err = Blob::base64(&raw).decode_into(&mut out);
    assert_eq!(err, Err(Error::new(ErrorKind::InvalidBase64, 1026)));
    check(&raw, false, 255);
}

/// Both hex cases of every escape the fast path resolves, and the ones it
/// leaves to the staged path (`%3D`, `%41`).
#[test]
fn escapes_in_either_case() {
    for raw in [
        &b"%2b%2F%2B%2f"[..],
        b"AA%3d%3D",
        b"AA%3D%3d\r\n",
        b"%41AEC",
        b"AAEC%0d%0AAAEC",
        b"AA%2",
        b"AAEC+AAA",
    ] {
        for room in [0, 64, 255] {
            check(raw, true, room);
        }
    }
}
