//! The embedded footprint of collectssl: parse a format-0 and a format-1
//! response, decode their certificates, and encode a request, on a
//! Cortex-M4F (`thumbv7em-none-eabihf`) with no allocator and no std.
//!
//! Build: `cargo build --release --target thumbv7em-none-eabihf`
//! (in this folder), then read `.text` and `.rodata` with `size -A`.

#![no_std]
#![no_main]

use core::hint::black_box;
use core::panic::PanicInfo;

use collectssl::response::{Expectation, Response};
use collectssl::{QueryType, Request, ResponseFormat, Selector};

static TEXT: &[u8] = include_bytes!("../../examples/samples/issued-newline.body");
static TEXT_REQUEST: &[u8] = include_bytes!("../../examples/samples/issued-newline.request");
static FORM: &[u8] = include_bytes!("../../examples/samples/issued-urlencoded.body");

/// What a device does with one answer: parse it and decode every
/// certificate into a fixed buffer. Returns the decoded bytes, or 0.
fn collect(body: &[u8], expectation: &Expectation, der: &mut [u8; 2048]) -> usize {
    let Ok(response) = Response::parse(body, expectation) else {
        return 0;
    };
    response
        .blobs()
        .map(|blob| blob.decode_into(der).map_or(0, |d| d.len()))
        .sum()
}

/// The entry point the linker starts at.
#[unsafe(no_mangle)]
pub extern "C" fn _start() -> ! {
    let mut der = [0u8; 2048];
    let text = Expectation::from_form(black_box(TEXT_REQUEST));
    let mut total = collect(black_box(TEXT), &text, &mut der);
    let form = Expectation::new(QueryType::CertificateAndChain);
    total += collect(black_box(FORM), &form, &mut der);

    let request = Request::new("device-01", "secret", Selector::OrderNumber("1000"), QueryType::CertificateAndChain)
        .with_response_format(ResponseFormat::UrlEncoded);
    let mut body = [0u8; 256];
    total += request.encode(&mut body).unwrap_or(0);
    black_box(total);
    loop {
        core::hint::spin_loop();
    }
}

#[panic_handler]
fn panic(_: &PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}
