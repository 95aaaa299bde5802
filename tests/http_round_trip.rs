//! A real HTTP round trip: the mock server (`examples/mock_server.rs`) runs
//! on a free loopback port, and every demo order is collected with `curl`
//! (an independent HTTP client) and with `examples/client.rs`; the answers
//! are parsed with the crate and checked against the mock's data (the
//! shipped chain and containers in `examples/samples/`).
//!
//! `curl` is required: without it the tests fail (`.ci/run` installs it).
//! Everything stays on 127.0.0.1, every run of a program is bounded in
//! time, and each mock is killed when its test ends, passing or failing.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use collectssl::response::{Expectation, Response};
use collectssl::{Blob, DetailStatus, Status};

const PATH: &str = "/products/download/CollectSSL";
const LOGIN: &str = "loginName=demo&loginPassword=demo";
const ALL_FLAGS: &str = "&showValidityPeriod=Y&showFQDN=Y&showExtStatus=Y\
    &showMDCDomainDetails=Y&showMDCDomainDetails2=Y&showStatusDetails=Y";
/// The leaf's validity: 2026-01-01 00:00:00 to 2027-01-01 23:59:59 GMT.
const NOT_BEFORE: i64 = 1_767_225_600;
const NOT_AFTER: i64 = 1_798_847_999;
/// Proxy settings that would send loopback traffic elsewhere.
const PROXY_VARIABLES: [&str; 6] = [
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
];

// ---------------------------------------------------------------------------
// The programs.

/// A built example: the one `cargo test` built beside this test
/// (`target/<profile>/deps/…` → `target/<profile>/examples/NAME`), or a
/// fresh build. `cargo test --test http_round_trip` alone does not rebuild
/// examples: run `cargo test` to test the current source.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    let beside = profile_dir.join("examples").join(&file);
    if beside.is_file() {
        return beside;
    }
    let target_dir = profile_dir.parent().expect("target/<profile>");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--example", name])
        .arg("--target-dir")
        .arg(target_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the {name} example failed");
    target_dir.join("debug").join("examples").join(file)
}

fn mock_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| example("mock_server"))
}

fn client_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| example("client"))
}

/// A fresh directory under the system's temporary one, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> Self {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("collectssl-http-{}-{what}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("a temporary directory");
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A running mock server, killed (and reaped) on drop, also when a test
/// fails.
struct Mock {
    child: Child,
    url: String,
    log: PathBuf,
    _dir: TempDir,
}

impl Mock {
    fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts the mock on a free loopback port (port 0: the system picks
    /// it, and the mock prints the address) and waits until it accepts
    /// connections.
    fn start_with(args: &[&str]) -> Self {
        let dir = TempDir::new("mock");
        let log = dir.0.join("mock.log");
        let mut child = Command::new(mock_binary())
            // A watchdog, should this test process die without dropping it.
            .args(["--listen", "127.0.0.1:0", "--stop-after", "600"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(fs::File::create(&log).expect("the mock's log file"))
            .spawn()
            .expect("the mock server starts");
        let stdout = child.stdout.take().expect("the mock's stdout");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        // Owned from here, so that a failed start still kills it.
        let mut mock = Self {
            child,
            url: String::new(),
            log,
            _dir: dir,
        };
        let line = receiver
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_default();
        let base = line
            .trim_end()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("the mock did not say where it listens: {line:?}"));
        mock.url = format!("{base}{PATH}");
        let addr = base.strip_prefix("http://").expect("an http:// address");
        let listening = (0..100).any(|_| {
            TcpStream::connect(addr).is_ok() || {
                std::thread::sleep(Duration::from_millis(20));
                false
            }
        });
        assert!(listening, "the mock does not accept connections at {addr}");
        mock
    }

    fn addr(&self) -> &str {
        self.url
            .strip_prefix("http://")
            .and_then(|rest| rest.strip_suffix(PATH))
            .expect("the mock's address")
    }

    /// The mock's log so far: one line a request.
    fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// How many requests it has answered.
    fn requests(&self) -> usize {
        self.log().lines().filter(|l| l.contains(" -> ")).count()
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let log = self.log();
        // A panic in the server is a failure of whatever test ran it.
        if !std::thread::panicking() {
            assert!(!log.contains("panicked"), "the mock panicked:\n{log}");
        }
    }
}

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
    let child = Command::new("curl")
        .args(["-sS", "-i", "--noproxy", "*", "--max-time", "20"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => panic!(
            "curl is required for the HTTP round-trip tests and could not be run ({e}); \
             install it, e.g. `apt-get install -y curl` (.ci/run does)"
        ),
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
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/samples")
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
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
    assert_eq!(
        r.status_details
            .map(|d| d.to_array().map(DetailStatus::code)),
        details,
        "{context}"
    );
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

// ---------------------------------------------------------------------------
// The client example.

/// Runs the client against `url` with `args`, bounded in time.
fn client(url: &str, args: &[&str]) -> Output {
    let mut command = Command::new(client_binary());
    command
        .args(["--url", url, "--login-name", "demo", "--timeout-secs", "20"])
        .args(args)
        .stdin(Stdio::null());
    for variable in PROXY_VARIABLES {
        command.env_remove(variable);
    }
    let out = command.output().expect("the client runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    out
}

/// Tiny intervals, so that polling is quick: waits of 20 ms, then 40 ms.
const FAST: [&str; 6] = [
    "--min-interval-ms",
    "20",
    "--initial-delay-ms",
    "20",
    "--max-delay-ms",
    "40",
];

/// The client collects order 1000 whatever the selector, format, response
/// type and encoding, and writes the same files: the shipped chain.
#[test]
fn the_client_writes_the_issued_chain() {
    let mock = Mock::start();
    let (root, _) = chain_file("root");
    let (intermediate, _) = chain_file("intermediate");
    let (leaf, _) = chain_file("leaf");
    let cases: [(&str, &str, &[&str]); 9] = [
        ("0", "--order-number", &[]),
        ("1", "--order-number", &[]),
        ("0", "--certificate-id", &["--response-type", "3"]),
        ("1", "--base-order-number", &["--response-type", "3"]),
        ("0", "--order-number", &["--response-type", "0"]),
        ("1", "--order-number", &["--response-type", "1"]),
        ("0", "--order-number", &["--response-type", "2"]),
        (
            "0",
            "--order-number",
            &["--response-type", "2", "--response-encoding", "1"],
        ),
        (
            "1",
            "--order-number",
            &["--response-type", "0", "--response-encoding", "1"],
        ),
    ];
    for (format, selector, extra) in cases {
        let dir = TempDir::new("chain");
        let out_dir = dir.0.join("out");
        let before = mock.requests();
        let mut args = vec![
            "--login-password",
            "demo",
            selector,
            "1000",
            "--response-format",
            format,
            "--out",
            out_dir.to_str().expect("a UTF-8 path"),
        ];
        args.extend(extra);
        let out = client(&mock.url, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(mock.requests() - before, 1, "one call");
        let listed = String::from_utf8(out.stdout).expect("UTF-8");
        assert_eq!(listed.lines().count(), 4, "{listed}");
        let file = |name: &str| read(&out_dir.join(name));
        assert_eq!(file("0-leaf.pem"), leaf, "{args:?}");
        assert_eq!(file("1-intermediate.pem"), intermediate, "{args:?}");
        assert_eq!(file("2-root.pem"), root, "{args:?}");
        assert_eq!(
            file("chain.pem"),
            [&leaf[..], &intermediate, &root].concat()
        );
    }
}

#[test]
fn the_client_polls_pending_orders_and_gives_up_after_its_attempts() {
    let mock = Mock::start();
    for (order, status) in [("1001", 0), ("1004", -22), ("1005", -14)] {
        for format in ["0", "1"] {
            let dir = TempDir::new("pending");
            let before = mock.requests();
            let started = Instant::now();
            let mut args = vec![
                "--login-password",
                "demo",
                "--order-number",
                order,
                "--response-format",
                format,
                "--max-attempts",
                "3",
                "--out",
                dir.0.to_str().expect("a UTF-8 path"),
            ];
            args.extend(FAST);
            let out = client(&mock.url, &args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(3), "{order}: {stderr}");
            assert!(stderr.contains("gave up after 3 attempts"), "{stderr}");
            assert!(
                stderr.contains(&format!("attempt 3: {status} ")),
                "{stderr}"
            );
            assert_eq!(mock.requests() - before, 3, "{order}: three calls");
            // Two waits, of at least 20 ms and 40 ms.
            assert!(started.elapsed() >= Duration::from_millis(60));
            assert!(out.stdout.is_empty());
            assert_eq!(fs::read_dir(&dir.0).expect("the directory").count(), 0);
        }
    }
}

#[test]
fn the_client_stops_at_once_on_a_final_refusal_or_a_faulty_request() {
    let mock = Mock::start();
    let cases = [
        (
            "1002",
            "demo",
            "-20 The certificate request has been rejected!",
        ),
        ("1003", "demo", "-21 The certificate has been revoked!"),
        ("1000", "wrong", "-16 Permission denied!"),
        (
            "4242",
            "demo",
            "-4 The value of the 'orderNumber' argument is invalid!",
        ),
    ];
    for (order, password, message) in cases {
        let dir = TempDir::new("refused");
        let before = mock.requests();
        let mut args = vec![
            "--login-password",
            password,
            "--order-number",
            order,
            "--out",
            dir.0.to_str().expect("a UTF-8 path"),
        ];
        args.extend(FAST);
        let out = client(&mock.url, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{order}: {stderr}");
        let last = stderr.lines().last().unwrap_or_default();
        assert!(last.contains(message), "{order}: {stderr}");
        assert_eq!(mock.requests() - before, 1, "{order}: one call");
    }
}

#[test]
fn the_client_retries_a_server_without_the_api_and_gives_up() {
    let mock = Mock::start();
    // The mock answers 404 at another path: no answer, so back off and retry.
    let url = mock.url.replace(PATH, "/elsewhere");
    let dir = TempDir::new("elsewhere");
    let mut args = vec![
        "--login-password",
        "demo",
        "--order-number",
        "1000",
        "--max-attempts",
        "2",
        "--out",
        dir.0.to_str().expect("a UTF-8 path"),
    ];
    args.extend(FAST);
    let out = client(&url, &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("no answer: HTTP 404"), "{stderr}");
    assert_eq!(mock.requests(), 2);
}

#[test]
fn the_client_refuses_a_bad_command_line() {
    let out = client(
        "http://127.0.0.1:9/",
        &["--login-password", "demo", "--out", "x"],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = client(
        "http://127.0.0.1:9/",
        &[
            "--order-number",
            "1",
            "--out",
            "x",
            "--login-password",
            "p",
            "--bogus",
            "1",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    // A request the server would refuse is not sent.
    let out = client(
        "http://127.0.0.1:9/",
        &[
            "--order-number",
            "1",
            "--out",
            "x",
            "--login-password",
            "p",
            "--response-encoding",
            "1",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("responseEncoding"), "{stderr}");
}
