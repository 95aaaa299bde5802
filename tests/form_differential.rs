//! Differential tests of the form codec against two independent
//! implementations: the `form_urlencoded` crate (WHATWG) and Python's
//! `urllib.parse`. Where ours accepts a body, all three must decode it to
//! the same pairs; ours must refuse exactly the bodies with a malformed
//! escape (the others keep those literally); and all must encode alike.

use std::io::Write as _;
use std::process::{Command, Stdio};

use collectssl::ErrorKind;
use collectssl::form::{self, Encoded};
use proptest::prelude::*;

#[path = "support/tools.rs"]
mod tools;

/// Escapes that are not `%` and two hex digits.
const MALFORMED: &[&[u8]] = &[b"%", b"%G", b"%4", b"%4z", b"%%", b"%+1"];

/// A body biased to what is hard for a form decoder.
fn hostile_body() -> impl Strategy<Value = Vec<u8>> {
    let hex = prop::sample::select(&b"0123456789abcdefABCDEF"[..]);
    let token = prop_oneof![
        3 => (hex.clone(), hex.clone()).prop_map(|(h, l)| vec![b'%', h, l]),
        1 => prop::sample::select(MALFORMED).prop_map(<[u8]>::to_vec),
        3 => prop::sample::select(&b"%+=&;"[..]).prop_map(|b| vec![b]),
        2 => hex.prop_map(|b| vec![b]),
        2 => (0x80u8..=0xFF).prop_map(|b| vec![b]),
        3 => any::<u8>().prop_map(|b| vec![b]),
    ];
    prop::collection::vec(token, 0..40).prop_map(|t| t.concat())
}

/// Our decoding of one name or value, as a `Vec`.
fn decode(raw: &[u8]) -> Result<Vec<u8>, collectssl::Error> {
    let mut out = vec![0u8; raw.len()];
    form::decode(raw, &mut out).map(<[u8]>::to_vec)
}

/// The offset of the first `%` not followed by two hex digits: written
/// here independently of the crate's decoder.
fn first_bad_escape(raw: &[u8]) -> Option<usize> {
    (0..raw.len()).find(|&i| {
        raw[i] == b'%'
            && !(raw.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && raw.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn pairs_and_decoding_match_form_urlencoded(body in hostile_body()) {
        let ours: Vec<_> = form::pairs(&body).collect();
        let theirs: Vec<_> = form_urlencoded::parse(&body).collect();
        // Splitting never depends on escapes: same pairs, same order.
        prop_assert_eq!(ours.len(), theirs.len());
        for (pair, (name, value)) in ours.iter().zip(&theirs) {
            for (raw, their) in [(pair.name, name), (pair.value, value)] {
                match decode(raw) {
                    // form_urlencoded decodes UTF-8 lossily; so do we, to compare.
                    Ok(bytes) => prop_assert_eq!(&String::from_utf8_lossy(&bytes), their),
                    // We refuse exactly the malformed escapes, at the first one.
                    Err(e) => {
                        prop_assert_eq!(e.kind(), ErrorKind::InvalidEscape);
                        prop_assert_eq!(e.offset(), first_bad_escape(raw));
                    }
                }
                prop_assert_eq!(decode(raw).is_err(), first_bad_escape(raw).is_some());
                // decoded_len agrees with decode, error included.
                prop_assert_eq!(
                    form::decoded_len(raw).map_err(|e| (e.kind(), e.offset())),
                    decode(raw).map(|d| d.len()).map_err(|e| (e.kind(), e.offset()))
                );
            }
            // Offsets locate the raw slices in the body.
            prop_assert_eq!(&body[pair.offset..pair.offset + pair.name.len()], pair.name);
            prop_assert_eq!(
                &body[pair.value_offset..pair.value_offset + pair.value.len()],
                pair.value
            );
        }
    }

    #[test]
    fn encoding_matches_byte_serialize(value in prop::collection::vec(any::<u8>(), 0..64)) {
        let theirs: String = form_urlencoded::byte_serialize(&value).collect();
        let mut buf = vec![0u8; theirs.len() + 4];
        let n = form::encode(&value, &mut buf).unwrap();
        prop_assert_eq!(std::str::from_utf8(&buf[..n]).unwrap(), theirs.as_str());
        prop_assert_eq!(form::encoded_len(&value), theirs.len());
        prop_assert_eq!(Encoded(&value).to_string(), theirs.clone());
        prop_assert_eq!(form::encode_pieces(&value).collect::<String>(), theirs.clone());
        // And form_urlencoded reads our encoding back (lossily) as the value.
        let body = format!("v={theirs}");
        let parsed: Vec<_> = form_urlencoded::parse(body.as_bytes()).collect();
        prop_assert_eq!(parsed.len(), 1);
        prop_assert_eq!(&parsed[0].1, &String::from_utf8_lossy(&value));
        prop_assert_eq!(decode(&buf[..n]).unwrap(), value);
    }
}

#[test]
fn every_byte_encodes_like_byte_serialize() {
    for b in 0..=255u8 {
        let theirs: String = form_urlencoded::byte_serialize(&[b]).collect();
        assert_eq!(Encoded(&[b]).to_string(), theirs, "byte {b:#04x}");
    }
}

/// splitmix64: a fixed-seed generator, so the Python cases are the same on
/// every run and a failure names a reproducible case.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// A form body of up to 30 tokens, biased like `hostile_body`; every
    /// other one without a lone `%`, so that most can be compared.
    fn body(&mut self) -> Vec<u8> {
        const HEX: &[u8] = b"0123456789abcdefABCDEF";
        let clean = self.below(2) == 0;
        let mut out = Vec::new();
        for _ in 0..self.below(31) {
            match self.below(14) {
                0..=3 => out.extend([b'%', self.pick(HEX), self.pick(HEX)]),
                4 if !clean => out.extend_from_slice(self.pick(MALFORMED)),
                4..=7 if clean => out.push(self.pick(b"+=&;")),
                5..=7 => out.push(self.pick(b"%+=&;")),
                8..=9 => out.push(self.pick(HEX)),
                10..=11 => out.push(0x80 | self.below(0x80) as u8),
                _ => out.push(self.below(256) as u8),
            }
        }
        out
    }

    /// Arbitrary bytes of up to 48, half of them from the special ones.
    fn value(&mut self) -> Vec<u8> {
        (0..self.below(49))
            .map(|_| match self.below(2) {
                0 => self.pick(b" ~*-._&=%+;/?#\r\n\0\x7F\x80\xFF"),
                _ => self.below(256) as u8,
            })
            .collect()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Runs `script` in one `python3`, feeding it `input`; returns its stdout
/// lines.
fn python(script: &str, input: &str) -> Vec<String> {
    let mut child = Command::new(tools::require("python3"))
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 starts");
    // Python reads all of stdin before it writes, so this cannot deadlock.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Python's reading of each body (one hex line each, `x`-prefixed so an
/// empty body is a line too): its pairs, decoded to bytes via latin-1, and
/// whether the body holds an escape that is not `%` and two hex digits.
const PARSE_QSL: &str = r#"
import json, re, sys
from urllib.parse import parse_qsl
bad = re.compile(r'%(?![0-9A-Fa-f]{2})')
for line in sys.stdin.read().split('\n')[:-1]:
    s = bytes.fromhex(line[1:]).decode('latin-1')
    pairs = parse_qsl(s, keep_blank_values=True, encoding='latin-1', errors='strict')
    print(json.dumps({
        'pairs': [[n.encode('latin-1').hex(), v.encode('latin-1').hex()] for n, v in pairs],
        'bad': bad.search(s) is not None,
    }))
"#;

#[test]
fn decoding_matches_python_parse_qsl() {
    let mut rng = Rng(0x00C0_11EC_7551);
    let bodies: Vec<Vec<u8>> = (0..4000).map(|_| rng.body()).collect();
    let input: String = bodies.iter().map(|b| format!("x{}\n", hex(b))).collect();
    let answers = python(PARSE_QSL, &input);
    assert_eq!(answers.len(), bodies.len());

    let mut compared = 0;
    for (body, answer) in bodies.iter().zip(&answers) {
        let answer: serde_json::Value = serde_json::from_str(answer).unwrap();
        let ours: Result<Vec<(Vec<u8>, Vec<u8>)>, _> = form::pairs(body)
            .map(|p| Ok::<_, collectssl::Error>((decode(p.name)?, decode(p.value)?)))
            .collect();
        let shown = String::from_utf8_lossy(body);
        assert_eq!(
            ours.is_err(),
            answer["bad"].as_bool().unwrap(),
            "refusal of {shown:?}"
        );
        let Ok(ours) = ours else { continue };
        let theirs: Vec<(Vec<u8>, Vec<u8>)> = answer["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (unhex(p[0].as_str().unwrap()), unhex(p[1].as_str().unwrap())))
            .collect();
        assert_eq!(ours, theirs, "pairs of {shown:?}");
        compared += 1;
    }
    // Not vacuous: most bodies are well-formed.
    assert!(compared >= 2000, "only {compared} bodies compared");
}

/// Python's `quote_plus` of each value, and its decoding of our encoding.
/// `~` is the one byte Python leaves alone and WHATWG escapes; it cannot
/// occur inside an escape, so mapping it is exact.
const QUOTE_PLUS: &str = r#"
import json, sys
from urllib.parse import quote_plus, unquote_to_bytes
for line in sys.stdin.read().split('\n')[:-1]:
    raw, ours = line.split(' ')
    raw = bytes.fromhex(raw[1:])
    print(json.dumps({
        'quoted': quote_plus(raw, safe='*').replace('~', '%7E'),
        'back': unquote_to_bytes(ours.replace('+', ' ')).hex(),
    }))
"#;

#[test]
fn encoding_matches_python_quote_plus() {
    let mut rng = Rng(0x5EC7_160F);
    let mut values: Vec<Vec<u8>> = (0..4000).map(|_| rng.value()).collect();
    values.push((0..=255).collect());
    let ours: Vec<String> = values.iter().map(|v| Encoded(v).to_string()).collect();
    let input: String = values
        .iter()
        .zip(&ours)
        .map(|(v, o)| format!("x{} {o}\n", hex(v)))
        .collect();
    let answers = python(QUOTE_PLUS, &input);
    assert_eq!(answers.len(), values.len());
    for ((value, ours), answer) in values.iter().zip(&ours).zip(&answers) {
        let answer: serde_json::Value = serde_json::from_str(answer).unwrap();
        assert_eq!(
            ours,
            answer["quoted"].as_str().unwrap(),
            "encoding of {value:?}"
        );
        assert_eq!(
            &unhex(answer["back"].as_str().unwrap()),
            value,
            "Python decoding {ours}"
        );
    }
}
