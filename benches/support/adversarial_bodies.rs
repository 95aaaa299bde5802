//! Adversarial bodies of about `n` bytes, for `benches/adversarial.rs`
//! (cost over growing sizes) and `tests/hostile.rs` (what a 1 MiB one
//! parses to). Each returns the body and, for format 0, the expectation it
//! is read under.

#![allow(dead_code)]

use collectssl::QueryType;
use collectssl::response::Expectation;

/// `%` and nothing else.
pub fn all_percent(n: usize) -> Vec<u8> {
    vec![b'%'; n]
}

/// A format-1 value of `%` only.
pub fn percent_value(n: usize) -> Vec<u8> {
    fill(b"errorCode=0&errorMessage=", b"%", n)
}

/// A request whose login name is `%` only.
pub fn percent_request(n: usize) -> Vec<u8> {
    fill(b"loginName=", b"%", n)
}

fn fill(head: &[u8], unit: &[u8], n: usize) -> Vec<u8> {
    let mut body = head.to_vec();
    while body.len() + unit.len() <= n {
        body.extend_from_slice(unit);
    }
    body
}

/// One certificate whose base64 is spread over lines of 8 characters
/// (a mebibyte has over 100 000 of them), read with `queryType=2`.
pub fn lines(n: usize) -> (Vec<u8>, Expectation) {
    let end = b"-----END CERTIFICATE-----\n";
    let mut body = b"2\n-----BEGIN CERTIFICATE-----\n".to_vec();
    while body.len() + 9 + end.len() <= n {
        body.extend_from_slice(b"AAAAAAAA\n");
    }
    body.extend_from_slice(end);
    (body, Expectation::new(QueryType::Certificate))
}

/// Status 0, then nothing but empty lines.
pub fn blank_lines(n: usize) -> Vec<u8> {
    let mut body = b"0\n".to_vec();
    body.resize(n.max(2), b'\n');
    body
}

/// `count` MDC items of 9 or so bytes each, `sep` between them.
fn mdc_items(head: &[u8], space: &[u8], sep: &[u8], n: usize) -> Vec<u8> {
    let mut body = head.to_vec();
    let mut i = 0usize;
    loop {
        let item = format!("{i:x}");
        let extra = if i == 0 { 0 } else { sep.len() };
        if body.len() + extra + item.len() + space.len() + 1 > n {
            break;
        }
        if i > 0 {
            body.extend_from_slice(sep);
        }
        body.extend_from_slice(item.as_bytes());
        body.extend_from_slice(space);
        body.push(b'V');
        i += 1;
    }
    body
}

/// A format-0 MDC line of short items (a mebibyte holds over 100 000).
pub fn mdc_newline(n: usize) -> (Vec<u8>, Expectation) {
    let mut exp = Expectation::new(QueryType::StatusOnly);
    exp.show_mdc_domain_details = true;
    (mdc_items(b"0\n", b" ", b", ", n), exp)
}

/// The same list as a format-1 value, its separators escaped.
pub fn mdc_urlencoded(n: usize) -> (Vec<u8>, Expectation) {
    let mut exp = Expectation::new(QueryType::StatusOnly);
    exp.response_format = collectssl::ResponseFormat::UrlEncoded;
    (
        mdc_items(b"errorCode=0&mdcDomainDetails=", b"+", b"%2C+", n),
        exp,
    )
}

/// Status 1, then an FQDN line of the rest of the body.
pub fn long_line(n: usize) -> (Vec<u8>, Expectation) {
    let mut exp = Expectation::new(QueryType::StatusOnly);
    exp.show_fqdn = true;
    let mut body = b"1\n".to_vec();
    body.resize(n.max(3), b'a');
    (body, exp)
}

/// A format-1 error message of escaped non-ASCII text.
pub fn long_form_value(n: usize) -> Vec<u8> {
    fill(b"errorCode=-1&errorMessage=", b"a%C3%A9", n)
}

/// A request whose login name is the rest of the body.
pub fn long_request_value(n: usize) -> Vec<u8> {
    fill(b"loginName=", b"a", n)
}

/// A status line of digits only.
pub fn long_status(n: usize) -> Vec<u8> {
    vec![b'1'; n]
}

/// Status 2 and PEM blocks of 36 bytes each (a mebibyte holds over 10 000),
/// read as a chain (`queryType=1`).
pub fn pem_blocks(n: usize) -> (Vec<u8>, Expectation) {
    let block: &[u8] = b"-----BEGIN CERTIFICATE-----\n\
        MCICAQEwHQYDVR0OBBYEFAAAAAAAAAAAAAAAAAAAAAAAAAAA\n\
        -----END CERTIFICATE-----\n";
    let mut body = b"2\n".to_vec();
    while body.len() + block.len() <= n || body.len() < 2 + 2 * block.len() {
        body.extend_from_slice(block);
    }
    (body, Expectation::new(QueryType::CertificateAndChain))
}
