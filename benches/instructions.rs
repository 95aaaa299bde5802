//! Instruction counts of the hot operations, for `valgrind --tool=callgrind`
//! (repeatable, unlike time): `benches/instructions.sh` runs each operation
//! named below under callgrind and prints its count. Run alone, it does each
//! operation once and prints nothing.

use std::hint::black_box;

use collectssl::response::{Expectation, Response};
use collectssl::{QueryType, Request, Selector};

const TEXT: &[u8] = include_bytes!("../examples/samples/issued-newline.body");
const TEXT_REQUEST: &[u8] = include_bytes!("../examples/samples/issued-newline.request");
const FORM: &[u8] = include_bytes!("../examples/samples/issued-urlencoded.body");
const FORM_REQUEST: &[u8] = include_bytes!("../examples/samples/issued-urlencoded.request");
/// The base64 of the sample's three certificates, one a line, without line
/// breaks or escapes: the input of the `base64` floor.
const CLEAN: &[u8] = include_bytes!("support/issued-certificates.b64");

/// Decodes every certificate of `r` into a stack buffer.
fn decode_all(r: &Response<'_>) -> usize {
    let mut der = [0u8; 4096];
    r.blobs()
        .map(|blob| blob.decode_into(&mut der).map_or(0, |d| d.len()))
        .sum()
}

/// The floor: the `base64` crate's `decode_slice` on each certificate's
/// clean base64 (split into lines beforehand, in every run, so that the
/// split is not counted), into a stack buffer.
fn floor(clean: &[&[u8]]) -> usize {
    use base64::Engine as _;
    let mut der = [0u8; 4096];
    black_box(clean)
        .iter()
        .map(|c| {
            base64::engine::general_purpose::STANDARD
                .decode_slice(c, &mut der)
                .unwrap_or(0)
        })
        .sum()
}

fn run(op: &str, clean: &[&[u8]]) -> usize {
    let text = Expectation::from_form(TEXT_REQUEST);
    let form = Expectation::from_form(FORM_REQUEST);
    match op {
        "parse-text" => usize::from(Response::parse(black_box(TEXT), &text).is_ok()),
        "parse-text-strict" => usize::from(Response::parse_strict(black_box(TEXT), &text).is_ok()),
        "parse-form" => usize::from(Response::parse(black_box(FORM), &form).is_ok()),
        "parse-form-strict" => usize::from(Response::parse_strict(black_box(FORM), &form).is_ok()),
        "decode-text" => Response::parse(black_box(TEXT), &text).map_or(0, |r| decode_all(&r)),
        "decode-form" => Response::parse(black_box(FORM), &form).map_or(0, |r| decode_all(&r)),
        "decode-floor" => floor(clean),
        "request-parse" => usize::from(Request::parse(black_box(TEXT_REQUEST)).is_ok()),
        "request-encode" => {
            let request = Request::new(
                "reseller",
                "secret",
                Selector::OrderNumber("1000"),
                QueryType::CertificateAndChain,
            )
            .with_show_validity_period(true)
            .with_show_fqdn(true)
            .with_show_ext_status(true);
            let mut body = [0u8; 512];
            request.encode(black_box(&mut body)).unwrap_or(0)
        }
        _ => 0,
    }
}

/// The operations, in the order the script prints them.
const OPERATIONS: [&str; 9] = [
    "parse-text",
    "parse-text-strict",
    "parse-form",
    "parse-form-strict",
    "decode-text",
    "decode-form",
    "decode-floor",
    "request-parse",
    "request-encode",
];

fn main() {
    // `cargo bench` passes `--bench`: do every operation once.
    let ops: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let ops: Vec<&str> = if ops.is_empty() {
        OPERATIONS.to_vec()
    } else {
        ops.iter().map(String::as_str).collect()
    };
    // memchr picks its implementation on its first call: make that call
    // here, so that no operation's count includes the CPU-feature check.
    black_box(memchr::memchr(b'&', black_box(b"a&b")));
    let clean: Vec<&[u8]> = CLEAN.split(|&b| b == b'\n').collect();
    for op in ops {
        black_box(run(op, &clean));
    }
}
