//! A real HTTP round trip with `collectssl mock`: it runs on a free
//! loopback port, and every demo order is fetched with `curl` (an
//! independent HTTP client); the answers are parsed with the crate and
//! checked against the mock's data (the shipped chain and containers in
//! `examples/samples/`), and against a reseller's own chain served with
//! `--orders DIR`.
//!
//! `curl` is required: without it the tests fail at once, naming it.
//! Everything stays on 127.0.0.1, every run of a program is bounded in
//! time, and each mock is killed when its test ends, passing or failing.

mod common;
#[path = "../../tests/support/tools.rs"]
mod tools;

use std::fs;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use collectssl::Blob;
use collectssl::Status;
use collectssl::container::Chain;
use collectssl::response::{Expectation, Response};

use common::{Mock, PATH, TempDir, manifest, read};

const LOGIN: &str = "loginName=demo&loginPassword=demo";
const ALL_FLAGS: &str = "&showValidityPeriod=Y&showFQDN=Y&showExtStatus=Y\
    &showMDCDomainDetails=Y&showMDCDomainDetails2=Y&showStatusDetails=Y";
/// The leaf's validity: 2026-01-01 00:00:00 to 2027-01-01 23:59:59 GMT.
const NOT_BEFORE: i64 = 1_767_225_600;
const NOT_AFTER: i64 = 1_798_847_999;

// ---------------------------------------------------------------------------
// curl.

/// What curl received.
#[derive(Debug)]
struct Received {
    code: u16,
    content_type: String,
    body: Vec<u8>,
}

/// Runs curl with `args` (after `-sS -i --noproxy '*' --max-time 20`),
/// `stdin` as its input; fails the test clearly if curl is missing.
fn curl(args: &[&str], stdin: &[u8]) -> Received {
    let child = Command::new(tools::require("curl"))
        .args(["-sS", "-i", "--noproxy", "*", "--max-time", "20"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => panic!("curl could not be run: {e}"),
    };
    let _ = child.stdin.take().expect("stdin").write_all(stdin);
    let out = child.wait_with_output().expect("curl ends");
    assert!(
        out.status.success(),
        "curl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    parse_http(&out.stdout)
}

/// Splits an HTTP answer (`curl -i`, or read from a socket) into its status
/// code, `Content-Type` and body, skipping `100 Continue`.
fn parse_http(mut raw: &[u8]) -> Received {
    loop {
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(raw)));
        let head = std::str::from_utf8(&raw[..end]).expect("an ASCII head");
        let body = &raw[end + 4..];
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let code: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
        if code == 100 {
            raw = body;
            continue;
        }
        let content_type = lines
            .filter_map(|l| l.split_once(':'))
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default();
        return Received {
            code,
            content_type,
            body: body.to_vec(),
        };
    }
}

/// POSTs `form` to the mock with curl, as a client would.
fn post(mock: &Mock, form: &str) -> Received {
    curl(
        &[
            "-X",
            "POST",
            "-H",
            "Content-Type: application/x-www-form-urlencoded",
            "--data-binary",
            "@-",
            &mock.url,
        ],
        form.as_bytes(),
    )
}

// ---------------------------------------------------------------------------
// The mock's data, read independently of the crate where it can be.

fn samples() -> PathBuf {
    manifest("examples/samples")
}

/// A chain PEM file as shipped, and its DER (decoded by the `pem` crate).
fn chain_file(name: &str) -> (Vec<u8>, Vec<u8>) {
    let text = read(&samples().join(format!("chain/{name}.pem")));
    let der = pem::parse(&text).expect("a PEM file").into_contents();
    (text, der)
}

/// The shipped containers: the ZIP and PKCS#7 bodies, and the Netscape
/// sequence decoded from its format-1 sample with `form_urlencoded` and
/// `base64`.
struct Containers {
    zip: Vec<u8>,
    pkcs7: Vec<u8>,
    nseq: Vec<u8>,
}

fn containers() -> Containers {
    let form = read(&samples().join("nseq-urlencoded.body"));
    let value = form_urlencoded::parse(&form)
        .find(|(name, _)| name == "netscapeCertificateSequence")
        .expect("the sequence")
        .1;
    Containers {
        zip: read(&samples().join("zip-binary.body")),
        pkcs7: read(&samples().join("pkcs7-binary.body")),
        nseq: STANDARD.decode(value.as_bytes()).expect("base64"),
    }
}

/// What a demo order is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Issued,
    Pending,
    Failed(i32),
}

const ORDERS: [(u64, Kind); 6] = [
    (1000, Kind::Issued),
    (1001, Kind::Pending),
    (1002, Kind::Failed(-20)),
    (1003, Kind::Failed(-21)),
    (1004, Kind::Failed(-22)),
    (1005, Kind::Failed(-14)),
];

/// One request shape: `queryType`, `responseType`, binary or not.
#[derive(Debug, Clone, Copy)]
struct Shape {
    query_type: u8,
    response_type: Option<u8>,
    binary: bool,
}

const SHAPES: [Shape; 10] = [
    Shape::text(0, None),
    Shape::text(1, None),
    Shape::text(1, Some(0)),
    Shape::text(1, Some(1)),
    Shape::text(1, Some(2)),
    Shape::text(1, Some(3)),
    Shape::text(2, None),
    Shape::text(3, None),
    Shape {
        query_type: 1,
        response_type: Some(0),
        binary: true,
    },
    Shape {
        query_type: 1,
        response_type: Some(2),
        binary: true,
    },
];

impl Shape {
    const fn text(query_type: u8, response_type: Option<u8>) -> Self {
        Self {
            query_type,
            response_type,
            binary: false,
        }
    }

    /// The request form for `selector` (e.g. `orderNumber=1000`).
    fn form(&self, selector: &str, format: u8, flags: bool) -> String {
        let mut form = format!("{LOGIN}&{selector}&queryType={}", self.query_type);
        if let Some(t) = self.response_type {
            form.push_str(&format!("&responseType={t}"));
        }
        if self.binary {
            form.push_str("&responseEncoding=1");
        }
        if format == 1 {
            form.push_str("&responseFormat=1");
        }
        if flags {
            form.push_str(ALL_FLAGS);
        }
        form
    }
}

/// The status details' codes (absent ones left out); `None` when there
/// are none.
fn detail_codes(r: &Response<'_>) -> Option<Vec<i64>> {
    let codes: Vec<i64> = r
        .status_details
        .iter()
        .map(|(_, status)| i64::from(status.code()))
        .collect();
    (!codes.is_empty()).then_some(codes)
}

fn decode(blob: Blob<'_>) -> Vec<u8> {
    let mut out = vec![0; blob.decoded_len().expect("base64")];
    let len = blob.decode_into(&mut out).expect("base64").len();
    out.truncate(len);
    out
}

/// Checks one answer of the mock, parsed with the crate, against the
/// order's data.
fn check(kind: Kind, shape: Shape, format: u8, flags: bool, got: &Received, form: &str) {
    let context = format!("{form}: {:?}", String::from_utf8_lossy(&got.body));
    assert_eq!(got.code, 200, "{context}");
    let expectation = Expectation::from_form(form.as_bytes());
    let r = Response::parse(&got.body, &expectation)
        .unwrap_or_else(|e| panic!("{context}: does not parse: {e}"));
    r.check_certificates().expect("certificates decode");
    let code = match kind {
        Kind::Issued if shape.query_type == 0 => 1,
        Kind::Issued => 2,
        Kind::Pending => 0,
        Kind::Failed(code) => code,
    };
    assert_eq!(r.status, Status::from_code(code), "{context}");
    let binary = shape.binary && code == 2;
    let content_type = match (binary, format) {
        (true, _) | (false, 0) => "text/plain",
        (false, _) => "application/x-www-form-urlencoded",
    };
    assert_eq!(got.content_type, content_type, "{context}");
    if code < 0 {
        let message = Status::from_code(code).message().expect("a known code");
        assert_eq!(r.error_message.expect("a message"), message, "{context}");
        assert_eq!(r.blobs().count(), 0);
        assert_eq!(r.caa_status, None);
        assert_eq!(r.certificate_status, None);
        return;
    }
    assert_eq!(r.error_message, None, "{context}");

    // What the flags show, where the status allows it.
    let positive = code > 0 && !binary;
    let validity = (positive && flags).then_some((NOT_BEFORE, NOT_AFTER));
    assert_eq!(r.not_before.zip(r.not_after), validity, "{context}");
    assert_eq!(
        r.fqdn.map(|f| f.to_string()),
        (positive && flags).then(|| "www.example.com".to_owned()),
        "{context}"
    );
    let ext = (flags && !binary).then_some(match kind {
        Kind::Issued => ("Issued", "Complete"),
        _ => ("Awaiting Validation", "Awaiting Brand Validation"),
    });
    assert_eq!(
        r.certificate_status
            .map(|s| s.to_string())
            .zip(r.validation_status.map(|s| s.to_string())),
        ext.map(|(c, v)| (c.to_owned(), v.to_owned())),
        "{context}"
    );
    let details = (flags && !binary).then_some(match kind {
        Kind::Issued => [1, 1, -1, -1, -1, -1, -1],
        _ => [1, 2, -1, -1, -1, -1, 2],
    });
    assert_eq!(detail_codes(&r), details.map(Vec::from), "{context}");
    let mdc = "example.com VALIDATED, www.example.com NOTVALIDATED";
    let pending_lists = flags && kind == Kind::Pending;
    assert_eq!(
        r.mdc_domain_details.map(|l| l.to_string()),
        pending_lists.then(|| mdc.to_owned()),
        "{context}"
    );
    assert_eq!(
        r.mdc_domain_details2.map(|l| l.to_string()),
        pending_lists.then(|| format!("{mdc}, shop.example.com AWAITINGBRAND")),
        "{context}"
    );
    let caa = (!binary).then_some(match kind {
        Kind::Issued => "Authorized",
        _ => "Awaiting Completion",
    });
    assert_eq!(
        r.caa_status.map(|c| c.to_string()),
        caa.map(str::to_owned),
        "{context}"
    );

    // The certificates the query and response types ask for.
    let (_, root) = chain_file("root");
    let (_, intermediate) = chain_file("intermediate");
    let (_, leaf) = chain_file("leaf");
    let boxes = containers();
    let cas: Vec<Vec<u8>> = r.ca_certificates.iter().map(decode).collect();
    let certificate = r.certificate.map(decode);
    let container = r.container().map(decode);
    let (want_cas, want_leaf, want_container): (Vec<Vec<u8>>, _, _) =
        match (code, shape.query_type, shape.response_type) {
            (0 | 1, _, _) | (_, 0, _) => (vec![], None, None),
            (_, 2, _) => (vec![], Some(leaf), None),
            (_, 3, _) => (vec![root, intermediate], None, None),
            (_, _, None | Some(3)) => (vec![root, intermediate], Some(leaf), None),
            (_, _, Some(0)) => (vec![], None, Some(boxes.zip)),
            (_, _, Some(1)) => (vec![], None, Some(boxes.nseq)),
            (_, _, _) => (vec![], None, Some(boxes.pkcs7)),
        };
    assert_eq!(cas, want_cas, "{context}");
    assert_eq!(certificate, want_leaf, "{context}");
    assert_eq!(container.is_some(), want_container.is_some(), "{context}");
    assert!(container == want_container, "{form}: the container differs");
    let which = (
        r.zip_file.is_some(),
        r.netscape_certificate_sequence.is_some(),
        r.pkcs7.is_some(),
    );
    let want_which = match (want_container.is_some(), shape.response_type) {
        (true, Some(0)) => (true, false, false),
        (true, Some(1)) => (false, true, false),
        (true, _) => (false, false, true),
        (false, _) => (false, false, false),
    };
    assert_eq!(which, want_which, "{context}");
}

// ---------------------------------------------------------------------------
// The tests.

#[test]
fn the_chain_is_valid_for_whole_days() {
    // The mock reads the validity from the leaf; check the numbers here
    // against its DER, as written (UTCTime).
    let (_, leaf) = chain_file("leaf");
    let has = |t: &[u8]| leaf.windows(t.len()).any(|w| w == t);
    assert!(has(b"\x17\x0d260101000000Z\x17\x0d270101235959Z"));
    assert_eq!(NOT_BEFORE % 86_400, 0);
    assert_eq!((NOT_AFTER + 1) % 86_400, 0);
}

#[test]
fn curl_collects_every_order_in_every_shape_and_format() {
    let mock = Mock::start();
    let started = Instant::now();
    let mut count = 0;
    for (number, kind) in ORDERS {
        for shape in SHAPES {
            // The same answer in both formats parses to equal values.
            for flags in [false, true] {
                let mut parsed = vec![];
                for format in [0, 1] {
                    let form = shape.form(&format!("orderNumber={number}"), format, flags);
                    let got = post(&mock, &form);
                    check(kind, shape, format, flags, &got, &form);
                    parsed.push((form, got.body));
                    count += 1;
                }
                let [(form0, body0), (form1, body1)] = &parsed[..] else {
                    unreachable!()
                };
                let zero = Response::parse(body0, &Expectation::from_form(form0.as_bytes()));
                let one = Response::parse(body1, &Expectation::from_form(form1.as_bytes()));
                assert_eq!(zero.unwrap(), one.unwrap(), "{form0} and {form1}");
            }
        }
    }
    assert_eq!(mock.requests(), count);
    assert!(started.elapsed() < Duration::from_secs(120));
}

#[test]
fn every_selector_names_the_order() {
    let mock = Mock::start();
    let shape = Shape::text(1, None);
    for (number, kind) in ORDERS {
        for selector in ["certificateID", "baseOrderNumber"] {
            let form = shape.form(&format!("{selector}={number}"), 0, true);
            check(kind, shape, 0, true, &post(&mock, &form), &form);
        }
        // Several selectors that agree.
        let both = format!("orderNumber={number}&certificateID={number}");
        let form = shape.form(&both, 1, false);
        check(kind, shape, 1, false, &post(&mock, &form), &form);
    }
}

/// The mock answers each shipped sample request with the sample body: the
/// same bytes, but for the CAA line the spec prints whenever the order has
/// a CAA status (the samples without `show*` flags leave it out).
#[test]
fn the_mock_answers_the_samples_as_they_were_made() {
    let mock = Mock::start();
    let mut names: Vec<String> = fs::read_dir(samples())
        .expect("examples/samples")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            Some(name.strip_suffix(".request")?.to_owned())
        })
        .collect();
    names.sort();
    assert!(names.len() >= 12, "{names:?}");
    for name in names {
        let mut form = String::from_utf8(read(&samples().join(format!("{name}.request"))))
            .expect("a UTF-8 request");
        if name.starts_with("pending") {
            // The samples use one order number; the pending order is 1001.
            form = form.replace("orderNumber=1000", "orderNumber=1001");
        }
        let want = read(&samples().join(format!("{name}.body")));
        let got = post(&mock, &form).body;
        let with_caa = |line: &str| {
            let mut body = want.clone();
            body.extend_from_slice(line.as_bytes());
            body
        };
        assert!(
            got == want
                || got == with_caa("Authorized\n")
                || got == with_caa("&caaStatus=Authorized"),
            "{name}: {:?}",
            String::from_utf8_lossy(&got)
        );
    }
}

#[test]
fn curl_gets_the_errors_the_spec_lists() {
    let mock = Mock::start();
    let text = |got: Received| {
        assert_eq!(got.code, 200);
        String::from_utf8(got.body).expect("UTF-8")
    };
    let ok = "loginName=demo&loginPassword=demo&orderNumber=1000&queryType=1";
    // GET (and any other method) is -17, in the format the query asks for.
    let get = |query: &str| curl(&["-G", &format!("{}{query}", mock.url)], b"");
    assert_eq!(
        text(get(&format!("?{ok}"))),
        "-17\nRequest used GET rather than POST!\n"
    );
    assert_eq!(
        text(get("?responseFormat=1")),
        "errorCode=-17&errorMessage=Request+used+GET+rather+than+POST%21"
    );
    let put = curl(
        &["-X", "PUT", "--data-binary", "@-", &mock.url],
        ok.as_bytes(),
    );
    assert_eq!(text(put), "-17\nRequest used GET rather than POST!\n");
    // A wrong password or login name is -16.
    for form in [
        "loginName=demo&loginPassword=wrong&orderNumber=1000&queryType=1",
        "loginName=Demo&loginPassword=demo&orderNumber=1000&queryType=1",
    ] {
        assert_eq!(text(post(&mock, form)), "-16\nPermission denied!\n");
    }
    assert_eq!(
        text(post(
            &mock,
            "loginName=demo&loginPassword=x&orderNumber=1000&queryType=1&responseFormat=1"
        )),
        "errorCode=-16&errorMessage=Permission+denied%21"
    );
    // -3 names the missing argument, -2 the unrecognised one, -4 the invalid one.
    let cases = [
        (
            "loginName=demo&orderNumber=1000&queryType=1",
            "-3\nThe 'loginPassword' argument is missing!\n",
        ),
        (
            "loginName=demo&loginPassword=demo&queryType=1",
            "-3\nThe 'orderNumber' argument is missing!\n",
        ),
        (
            "loginName=demo&loginPassword=demo&orderNumber=1000",
            "-3\nThe 'queryType' argument is missing!\n",
        ),
        (
            "loginName=demo&Colour=red&loginPassword=demo",
            "-2\n'Colour' is an unrecognised argument!\n",
        ),
        (
            "loginName=demo&loginPassword=demo&orderNumber=1000&queryType=9",
            "-4\nThe value of the 'queryType' argument is invalid!\n",
        ),
        (
            "loginName=demo&loginPassword=demo&orderNumber=1000&queryType=2&responseType=2",
            "-4\nThe value of the 'responseType' argument is invalid!\n",
        ),
        // An order the account does not have, or selectors that disagree.
        (
            "loginName=demo&loginPassword=demo&orderNumber=999&queryType=1",
            "-4\nThe value of the 'orderNumber' argument is invalid!\n",
        ),
        (
            "loginName=demo&loginPassword=demo&orderNumber=1000&certificateID=1001&queryType=1",
            "-4\nThe value of the 'certificateID' argument is invalid!\n",
        ),
        (
            "loginName=demo&loginPassword=demo&baseOrderNumber=7&queryType=1",
            "-4\nThe value of the 'baseOrderNumber' argument is invalid!\n",
        ),
    ];
    for (form, want) in cases {
        assert_eq!(text(post(&mock, form)), want, "{form}");
    }
    assert_eq!(
        text(post(&mock, "loginName=demo&queryType=1&responseFormat=1")),
        "errorCode=-3&errorMessage=The+%27loginPassword%27+argument+is+missing%21"
    );
    // Another path is not the API.
    let other = curl(
        &["--data-binary", "@-", &mock.url.replace(PATH, "/")],
        ok.as_bytes(),
    );
    assert_eq!(other.code, 404);
}

#[test]
fn the_response_mime_type_is_the_content_type_of_a_positive_answer() {
    let mock = Mock::start();
    let mime = "application/x-pkcs7-certificates";
    let with = |form: &str| post(&mock, &format!("{form}&responseMimeType={mime}"));
    let issued = format!("{LOGIN}&orderNumber=1000&queryType=1");
    // The binary body, and a format-0 answer with status 2 or 1.
    let binary = with(&format!("{issued}&responseType=2&responseEncoding=1"));
    assert_eq!(binary.content_type, mime);
    assert_eq!(binary.body, containers().pkcs7);
    assert_eq!(with(&issued).content_type, mime);
    assert_eq!(
        with(&format!("{LOGIN}&orderNumber=1000&queryType=0")).content_type,
        mime
    );
    // Status 0 or below: text/plain; format 1: always form-encoded.
    assert_eq!(
        with(&format!("{LOGIN}&orderNumber=1001&queryType=1")).content_type,
        "text/plain"
    );
    assert_eq!(
        with(&format!("{LOGIN}&orderNumber=1002&queryType=1")).content_type,
        "text/plain"
    );
    assert_eq!(
        with(&format!("{issued}&responseFormat=1")).content_type,
        "application/x-www-form-urlencoded"
    );
}

#[test]
fn https_is_required_when_asked() {
    let mock = Mock::start_with(&["--require-https"]);
    let form = format!("{LOGIN}&orderNumber=1000&queryType=0");
    let plain = post(&mock, &form);
    assert_eq!(plain.body, b"-1\nRequest was not made over https!\n");
    let proxied = curl(
        &[
            "-H",
            "X-Forwarded-Proto: https",
            "--data-binary",
            "@-",
            &mock.url,
        ],
        form.as_bytes(),
    );
    assert_eq!(proxied.body, b"1\nAuthorized\n");
}

/// Sends `raw` on a fresh connection and reads the answer (until the mock
/// closes the connection).
fn raw_exchange(mock: &Mock, raw: &[u8], close_write: bool) -> Vec<u8> {
    let mut stream = TcpStream::connect(mock.addr()).expect("a connection");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("a timeout");
    let _ = stream.write_all(raw);
    if close_write {
        let _ = stream.shutdown(Shutdown::Write);
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    answer
}

#[test]
fn bad_requests_get_http_errors_and_the_mock_goes_on() {
    let mock = Mock::start();
    let code = |raw: &[u8]| parse_http(&raw_exchange(&mock, raw, false)).code;
    assert_eq!(code(b"NONSENSE\r\n\r\n"), 400);
    assert_eq!(code(b"\x00\xff\xfe binary junk\r\n\r\n"), 400);
    assert_eq!(code(b"POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"), 400);
    assert_eq!(
        code(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
        400
    );
    let chunked = format!(
        "POST {PATH} HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    );
    assert_eq!(code(chunked.as_bytes()), 411);
    let huge_body = format!("POST {PATH} HTTP/1.1\r\nContent-Length: 10000000\r\n\r\n");
    assert_eq!(code(huge_body.as_bytes()), 413);
    let huge_head = format!("POST {PATH} HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(20_000));
    assert_eq!(code(huge_head.as_bytes()), 431);
    let many = format!("POST {PATH} HTTP/1.1\r\n{}\r\n", "X: y\r\n".repeat(100));
    assert_eq!(code(many.as_bytes()), 431);
    // Connections that end early get no answer, and harm nothing.
    assert!(raw_exchange(&mock, b"", true).is_empty());
    assert!(raw_exchange(&mock, b"POST / HT", true).is_empty());
    let cut = format!("POST {PATH} HTTP/1.1\r\nContent-Length: 50\r\n\r\nloginName=");
    assert!(raw_exchange(&mock, cut.as_bytes(), true).is_empty());
    // A request body that is not a form at all is answered as the API does.
    let junk = format!("POST {PATH} HTTP/1.1\r\nContent-Length: 4\r\n\r\n\x00\x01=\x02");
    let answer = parse_http(&raw_exchange(&mock, junk.as_bytes(), false));
    assert_eq!((answer.code, &answer.body[..3]), (200, &b"-2\n"[..]));
    // Expect: 100-continue is honoured.
    let form = format!("{LOGIN}&orderNumber=1001&queryType=0");
    let expecting = format!(
        "POST {PATH} HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n{form}",
        form.len()
    );
    let answer = parse_http(&raw_exchange(&mock, expecting.as_bytes(), false));
    assert_eq!(answer.body, b"0\nAwaiting Completion\n");
    // And it still serves.
    let after = post(&mock, &format!("{LOGIN}&orderNumber=1000&queryType=0"));
    assert_eq!(after.body, b"1\nAuthorized\n");
    assert!(!mock.log().contains("panicked"));
}

/// The order that turns issued: pending for its first two calls, then
/// issued, and the count is the mock's own (a fresh mock starts over).
#[test]
fn the_slow_order_is_pending_twice_then_issued() {
    let mock = Mock::start();
    let shape = Shape::text(1, None);
    let form = shape.form("orderNumber=1006", 1, true);
    for _ in 0..2 {
        check(Kind::Pending, shape, 1, true, &post(&mock, &form), &form);
    }
    for _ in 0..2 {
        check(Kind::Issued, shape, 1, true, &post(&mock, &form), &form);
    }
    // Other orders and refused calls do not count; any selector does.
    let other = Mock::start();
    let denied = "loginName=demo&loginPassword=x&orderNumber=1006&queryType=1";
    assert_eq!(post(&other, denied).body, b"-16\nPermission denied!\n");
    post(&other, &shape.form("orderNumber=1000", 0, false));
    let by_id = shape.form("certificateID=1006", 0, false);
    check(
        Kind::Pending,
        shape,
        0,
        false,
        &post(&other, &by_id),
        &by_id,
    );
    let by_base = shape.form("baseOrderNumber=1006", 0, false);
    check(
        Kind::Pending,
        shape,
        0,
        false,
        &post(&other, &by_base),
        &by_base,
    );
    check(Kind::Issued, shape, 0, false, &post(&other, &by_id), &by_id);
}

/// The DER of the sample chain, leaf first.
fn chain_der() -> [Vec<u8>; 3] {
    ["leaf", "intermediate", "root"].map(|name| chain_file(name).1)
}

/// The certificates an answer carries, in chain order, by the crate.
fn chain_of(body: &[u8], form: &str) -> Vec<Vec<u8>> {
    let r = Response::parse(body, &Expectation::from_form(form.as_bytes()))
        .unwrap_or_else(|e| panic!("{form}: does not parse: {e}"));
    if r.blobs().next().is_none() {
        return Vec::new();
    }
    let mut buf = vec![0; 1 << 16];
    let chain: Chain<'_, 8> = r.chain(&mut buf).expect("a chain");
    chain.iter().map(|c| c.der().to_vec()).collect()
}

/// A reseller's own chain, in a file in any order, is served in every
/// shape and format; the validity and name are the leaf's.
#[test]
fn an_orders_directory_serves_a_chain_in_every_shape() {
    let dir = TempDir::new("orders");
    let pem: Vec<u8> = ["intermediate", "leaf", "root"]
        .iter()
        .flat_map(|name| chain_file(name).0)
        .collect();
    fs::write(dir.join("4242.pem"), pem).unwrap();
    let mock = Mock::start_with(&["--orders", common::arg(&dir.0)]);
    let [leaf, intermediate, root] = chain_der();
    for shape in SHAPES {
        for format in [0, 1] {
            let form = shape.form("orderNumber=4242", format, true);
            let got = post(&mock, &form);
            assert_eq!(got.code, 200, "{form}");
            let want: Vec<Vec<u8>> = match shape.query_type {
                0 => vec![],
                2 => vec![leaf.clone()],
                3 => vec![intermediate.clone(), root.clone()],
                _ => vec![leaf.clone(), intermediate.clone(), root.clone()],
            };
            assert_eq!(chain_of(&got.body, &form), want, "{form}");
            if shape.binary {
                continue;
            }
            let r = Response::parse(&got.body, &Expectation::from_form(form.as_bytes())).unwrap();
            let code = if shape.query_type == 0 { 1 } else { 2 };
            assert_eq!(r.status, Status::from_code(code), "{form}");
            assert_eq!(
                (r.not_before, r.not_after),
                (Some(NOT_BEFORE), Some(NOT_AFTER))
            );
            assert_eq!(
                r.fqdn.map(|f| f.to_string()).as_deref(),
                Some("www.example.com")
            );
        }
    }
    // The PKCS#7 the mock made is one openssl reads too.
    let form = Shape {
        query_type: 1,
        response_type: Some(2),
        binary: true,
    }
    .form("orderNumber=4242", 0, false);
    let p7b = dir.join("chain.p7b");
    fs::write(&p7b, post(&mock, &form).body).unwrap();
    let out = Command::new(tools::require("openssl"))
        .args(["pkcs7", "-inform", "DER", "-print_certs", "-noout", "-in"])
        .arg(&p7b)
        .output()
        .expect("openssl runs");
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(listed.matches("subject=").count(), 3, "{listed}");
}

/// A body file is sent as it is, wins over a chain and over a demo order
/// of the same number; a chain file that is not one is HTTP 500, and the
/// mock goes on; the demo login is still required.
#[test]
fn an_orders_directory_serves_bodies_verbatim_and_survives_bad_files() {
    let dir = TempDir::new("orders");
    fs::write(dir.join("7.body"), "0\n").unwrap();
    fs::write(dir.join("7.pem"), chain_file("leaf").0).unwrap();
    fs::write(dir.join("1002.body"), "errorCode=0").unwrap();
    fs::write(dir.join("8.pem"), "not a certificate\n").unwrap();
    let mock = Mock::start_with(&["--orders", common::arg(&dir.0)]);
    let shape = Shape::text(1, None);
    for format in [0, 1] {
        let got = post(&mock, &shape.form("orderNumber=7", format, true));
        assert_eq!((got.code, &got.body[..]), (200, &b"0\n"[..]));
    }
    let got = post(&mock, &shape.form("certificateID=1002", 1, false));
    assert_eq!(got.body, b"errorCode=0");
    assert_eq!(got.content_type, "application/x-www-form-urlencoded");
    let broken = post(&mock, &shape.form("orderNumber=8", 0, false));
    assert_eq!(broken.code, 500);
    let missing = post(&mock, &shape.form("orderNumber=9", 0, false));
    assert_eq!(
        missing.body,
        b"-4\nThe value of the 'orderNumber' argument is invalid!\n"
    );
    let denied = post(
        &mock,
        "loginName=demo&loginPassword=x&orderNumber=7&queryType=1",
    );
    assert_eq!(denied.body, b"-16\nPermission denied!\n");
    // Files are read at each request.
    fs::write(
        dir.join("7.body"),
        "-20\nThe certificate request has been rejected!\n",
    )
    .unwrap();
    let got = post(&mock, &shape.form("orderNumber=7", 0, false));
    assert_eq!(
        got.body,
        b"-20\nThe certificate request has been rejected!\n"
    );
    check(
        Kind::Issued,
        shape,
        0,
        true,
        &post(&mock, &shape.form("orderNumber=1000", 0, true)),
        &shape.form("orderNumber=1000", 0, true),
    );
}

#[test]
fn a_missing_orders_directory_is_a_usage_error() {
    let out = common::output(
        common::collectssl()
            .args(["mock", "--listen", "127.0.0.1:0", "--orders"])
            .arg("/nonexistent/collectssl-orders"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
