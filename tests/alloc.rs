//! Proof of "zero allocation": a counting global allocator sees no
//! allocation while the crate builds, encodes, parses, reports errors,
//! formats and decodes.
//!
//! One `#[test]` only, so no other test thread runs meanwhile; and only the
//! allocations of the measuring thread inside a measured section count, so
//! the harness cannot disturb the count either. Inputs are prepared (and
//! may allocate) before a section; results are checked after it.

use std::fmt::Write as _;

use collectssl::form::{self, Encoded};
use collectssl::{
    Error, QueryType, Request, ResponseEncoding, ResponseFormat, ResponseType, Selector, Text,
};

#[path = "support/counting.rs"]
mod counting;
use counting::measure;

/// Runs `f`, asserts it did not allocate, and returns its result.
fn no_alloc<R>(what: &str, f: impl FnOnce() -> R) -> R {
    let (result, n) = measure(f);
    assert_eq!(n, 0, "{what} allocated {n} times");
    result
}

type Heapless<const N: usize> = heapless::String<N>;

#[test]
fn the_crate_never_allocates() {
    // The counter works: it sees a box, and a `format!`.
    assert_eq!(measure(|| Box::new(1u8)).1, 1);
    assert!(measure(|| format!("{}", 12345)).1 >= 1);

    // Inputs, prepared while not measuring. A login name of 60 escaped
    // 'é' makes the streaming decoder cross its 64-byte buffer.
    let long_login = "%C3%A9".repeat(60);
    let escaped_body = format!(
        "LOGINNAME={long_login}&loginPassword=p%26ss%3Dw%25rd&orderNumber=A+1\
         &queryType=1&responseType=0&responseEncoding=1&SHOWfqdn=y&collectionCode=%F0%9F%98%80"
    );

    // Building a request.
    let built = no_alloc("Request::new + with_*", || {
        Request::new(
            "r\u{e9}seller \u{1F600}",
            "p&ss=w%rd\r\n",
            Selector::OrderNumber("12345678"),
            QueryType::CertificateAndChain,
        )
        .with_selector(Selector::CertificateId(42))
        .with_selector(Selector::BaseOrderNumber(u64::MAX))
        .with_response_type(ResponseType::Pkcs7)
        .with_response_encoding(ResponseEncoding::Binary)
        .with_show_validity_period(true)
        .with_show_fqdn(false)
        .with_show_ext_status(true)
        .with_response_format(ResponseFormat::UrlEncoded)
        .with_show_mdc_domain_details(true)
        .with_show_mdc_domain_details2(false)
        .with_show_status_details(true)
        .with_collection_code("code 1")
        .with_response_mime_type("application/pkix-cert")
    });

    // Encoding: length, into a stack buffer, into a heapless string.
    let len = no_alloc("encoded_len", || built.encoded_len());
    let mut buf = [0u8; 1024];
    let n = no_alloc("encode", || built.encode(&mut buf)).unwrap();
    let mut written = Heapless::<1024>::new();
    no_alloc("write_to", || built.write_to(&mut written)).unwrap();
    assert_eq!((n, written.as_bytes()), (len, &buf[..n]));
    let mut short = [0u8; 8];
    assert!(no_alloc("encode, buffer too small", || built.encode(&mut short)).is_err());

    // Parsing: valid bodies, then -2, -3 and -4.
    let body = &buf[..n];
    let parsed = no_alloc("parse of the encoded body", || Request::parse(body)).unwrap();
    assert_eq!(parsed, built);
    let escaped = no_alloc("parse of an escaped body", || {
        let r = Request::parse(escaped_body.as_bytes());
        // Use the lazily decoded values too.
        r.map(|r| (r.login_name.char_count(), r == parsed))
    });
    assert_eq!(escaped, Ok((Ok(60), false)));
    let bodies: [&[u8]; 5] = [
        b"loginName=u&Col%6Fur=red",
        b"loginName=u&loginPassword=p&queryType=1",
        b"loginName=u&loginPassword=p&orderNumber=1&queryType=1&showFQDN=YES",
        b"loginName=%C3%A9%FF&loginPassword=p&orderNumber=1&queryType=1",
        b"loginName=u&loginPassword=p&orderNumber=1&queryType=1&queryType=1",
    ];
    let mut codes = [0i32; 5];
    for (body, code) in bodies.iter().zip(&mut codes) {
        let err = no_alloc("parse of an invalid body", || Request::parse(body)).unwrap_err();
        *code = err.status().code();

        // Reporting it: the server's message, and as the crate's `Error`.
        let mut message = Heapless::<128>::new();
        no_alloc("RequestError Display", || write!(message, "{err}")).unwrap();
        let mut as_error = Heapless::<128>::new();
        no_alloc("Error Display", || write!(as_error, "{}", Error::from(err))).unwrap();
        assert!(
            message.ends_with('!') && as_error.contains("at byte"),
            "{message} / {as_error}"
        );
        if *code == -2 {
            assert_eq!(message, "'Colour' is an unrecognised argument!");
        }
    }
    assert_eq!(codes, [-2, -3, -4, -4, -4]);

    // Debug of requests (password hidden, texts decoded while streaming).
    let mut debug = Heapless::<2048>::new();
    for r in [&built, &parsed] {
        debug.clear();
        no_alloc("Request Debug", || write!(debug, "{r:?}")).unwrap();
        assert!(
            debug.contains("Password(***)") && !debug.contains("p&ss"),
            "{debug}"
        );
        assert!(debug.contains("\"r\u{e9}seller \u{1F600}\""), "{debug}");
    }

    // The form codec.
    let raw: &[u8] = b"a+b%26c%3Dd%C3%A9&x=%F0%9F%98%80";
    let mut out = [0u8; 64];
    let decoded_len = no_alloc("form::decoded_len", || form::decoded_len(raw)).unwrap();
    let decoded = no_alloc("form::decode", || form::decode(raw, &mut out)).unwrap();
    assert_eq!(
        (decoded, decoded_len),
        ("a b&c=d\u{e9}&x=\u{1F600}".as_bytes(), decoded.len())
    );
    let mut enc = [0u8; 128];
    let value = "a b&c=d\u{e9}".as_bytes();
    let m = no_alloc("form::encode", || form::encode(value, &mut enc)).unwrap();
    assert_eq!(&enc[..m], b"a+b%26c%3Dd%C3%A9");
    assert_eq!(
        no_alloc("form::encoded_len", || form::encoded_len(value)),
        m
    );
    let mut shown = Heapless::<128>::new();
    no_alloc("Encoded Display", || write!(shown, "{}", Encoded(value))).unwrap();
    assert_eq!(shown.as_bytes(), &enc[..m]);
    let (count, total) = no_alloc("form::pairs", || {
        form::pairs(b"&a=1&&b&c=x=y&").fold((0, 0), |(c, t), p| (c + 1, t + p.value.len()))
    });
    assert_eq!((count, total), (3, 4));
    let pieces = no_alloc("form pieces", || {
        let d = form::decode_pieces(raw)
            .filter_map(Result::ok)
            .map(<[u8]>::len)
            .sum::<usize>();
        let e = form::encode_pieces(value).map(str::len).sum::<usize>();
        (d, e)
    });
    assert_eq!(pieces, (decoded_len, m));

    // Lazy text: decode into a buffer, count, display, compare.
    let text = Text::form(b"Sectigo+Ltd%21+%C3%A9%F0%9F%98%80");
    let mut tbuf = [0u8; 64];
    let s = no_alloc("Text::decode_into", || text.decode_into(&mut tbuf)).unwrap();
    assert_eq!(s, "Sectigo Ltd! \u{e9}\u{1F600}");
    let chars = no_alloc("Text::char_count", || text.char_count()).unwrap();
    assert_eq!(chars, 15);
    let mut shown = Heapless::<64>::new();
    no_alloc("Text Display", || write!(shown, "{text}")).unwrap();
    assert_eq!(shown, "Sectigo Ltd! \u{e9}\u{1F600}");
    let mut lossy = Heapless::<64>::new();
    no_alloc("Text Display of bad input", || {
        write!(lossy, "{}", Text::form(b"%zz%FF+x"))
    })
    .unwrap();
    assert_eq!(lossy, "%zz\u{FFFD} x");
    let owned = no_alloc("Text::to_heapless", || text.to_heapless::<64>()).unwrap();
    assert_eq!(owned, shown);
    let same = no_alloc("Text equality", || {
        text == Text::plain("Sectigo Ltd! \u{e9}\u{1F600}")
    });
    assert!(same);
}
