//! `mock_server`: a CollectSSL server to test clients against, answering
//! `POST /products/download/CollectSSL` as the spec says, with the crate's
//! own request parser and response encoders.
//!
//! ```text
//! mock_server [--listen ADDR] [--require-https] [--stop-after SECONDS]
//! ```
//!
//! Run it with `cargo run --example mock_server`; `mock_server --help`
//! describes the demo account and its orders. Once it listens it prints
//! `listening on http://ADDR` (the real port when ADDR asks for port 0) and
//! logs one line a request on stderr. It serves one connection at a time,
//! one request a connection (the spec asks for no concurrent calls), over
//! plain HTTP on `std::net`, with `httparse` reading the request head.
//! Stop it with a signal, or let `--stop-after` end it.

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

use collectssl::response::{CaCertificates, Expectation, Response};
use collectssl::{
    Blob, CaaStatus, CertificateStatus, Date, DetailStatus, MdcDomainDetails, QueryType, Request,
    RequestError, ResponseEncoding, ResponseFormat, ResponseType, Status, StatusDetails, Text,
    ValidationStatus,
};

/// One line on stderr, prefixed with the program's name. Unlike
/// `eprintln!`, it does not panic when stderr is gone.
macro_rules! note {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stderr().lock(), "mock_server: {}", format_args!($($arg)*));
    }};
}

const USAGE: &str = "\
mock_server: a CollectSSL server for testing clients

Usage:
  mock_server [--listen ADDR] [--require-https] [--stop-after SECONDS]

  --listen ADDR         where to listen (default 127.0.0.1:8080; port 0 picks
                        a free port). Prints 'listening on http://ADDR'.
  --require-https       answer every request with -1 (not made over https)
                        unless it carries 'X-Forwarded-Proto: https', as
                        behind a TLS-terminating proxy (this server speaks
                        plain HTTP only).
  --stop-after SECONDS  exit by itself after this long.

It answers POST /products/download/CollectSSL as the spec says: both
response formats, the binary encoding, every show* flag, queryType and
responseType, and the errors -1, -2, -3, -4, -16 and -17 (a GET, or any
method but POST). Any other path is HTTP 404.

The demo account is loginName=demo, loginPassword=demo. Its orders, each
selected by orderNumber, certificateID or baseOrderNumber (all the same
number):
  1000  issued: www.example.com, a real chain (root, intermediate, leaf)
        valid from 00:00:00 to 23:59:59 GMT; ZIP, PKCS#7 and Netscape
        sequence too; status 2 (1 with queryType=0)
  1001  pending (0), with MDC domain details and status details
  1002  rejected (-20)
  1003  revoked (-21)
  1004  awaiting payment (-22)
  1005  an unknown error (-14), every time
Another order number is invalid (-4 on the argument that named it).
";

/// The endpoint's path.
const PATH: &str = "/products/download/CollectSSL";
/// The demo account.
const LOGIN_NAME: &str = "demo";
const LOGIN_PASSWORD: &str = "demo";

/// The shipped chain (examples/samples/make.sh made it), wire order.
const ROOT_PEM: &str = include_str!("samples/chain/root.pem");
const INTERMEDIATE_PEM: &str = include_str!("samples/chain/intermediate.pem");
const LEAF_PEM: &str = include_str!("samples/chain/leaf.pem");
/// The same chain in the containers: DER PKCS#7, a ZIP of the PEM files,
/// and a format-1 answer holding the Netscape Certificate Sequence.
const PKCS7_DER: &[u8] = include_bytes!("samples/pkcs7-binary.body");
const ZIP: &[u8] = include_bytes!("samples/zip-binary.body");
const NSEQ_ANSWER: &[u8] = include_bytes!("samples/nseq-urlencoded.body");

/// The issued certificate's name (the leaf's subject).
const FQDN: &str = "www.example.com";

/// The largest request head and body the server reads.
const MAX_HEAD: usize = 16 * 1024;
const MAX_BODY: usize = 64 * 1024;
/// How long a connection may stall before it is dropped.
const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// What state a demo order is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Issued,
    Pending,
    /// A negative status: its message and nothing else.
    Failed(Status),
}

/// A demo order: its number (as orderNumber, certificateID and
/// baseOrderNumber alike) and state.
struct Order {
    number: u64,
    state: State,
}

const ORDERS: [Order; 6] = [
    Order {
        number: 1000,
        state: State::Issued,
    },
    Order {
        number: 1001,
        state: State::Pending,
    },
    Order {
        number: 1002,
        state: State::Failed(Status::Rejected),
    },
    Order {
        number: 1003,
        state: State::Failed(Status::Revoked),
    },
    Order {
        number: 1004,
        state: State::Failed(Status::AwaitingPayment),
    },
    Order {
        number: 1005,
        state: State::Failed(Status::UnknownError),
    },
];

/// What the issued order carries, decoded once at start-up.
struct Issued {
    /// DER, wire order: root, intermediate.
    ca: [Vec<u8>; 2],
    leaf: Vec<u8>,
    /// Unix seconds of the leaf's validity.
    not_before: i64,
    not_after: i64,
    /// The Netscape Certificate Sequence, DER.
    nseq: Vec<u8>,
}

/// What the command line asks for.
struct Config {
    listen: String,
    require_https: bool,
    stop_after: Option<Duration>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse_args(&args) {
        Ok(Some(config)) => config,
        Ok(None) => {
            let _ = io::stdout().lock().write_all(USAGE.as_bytes());
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            note!("{message} (see 'mock_server --help')");
            return ExitCode::from(2);
        }
    };
    match run(&config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            note!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The command line; `None` for `--help`.
fn parse_args(args: &[String]) -> Result<Option<Config>, String> {
    let mut config = Config {
        listen: "127.0.0.1:8080".to_owned(),
        require_https: false,
        stop_after: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or_else(|| format!("option '{name}' needs a value"))
        };
        match name {
            "--help" | "-h" | "help" => return Ok(None),
            "--listen" => config.listen = value()?,
            "--require-https" if inline.is_none() => config.require_https = true,
            "--stop-after" => {
                let v = value()?;
                let secs: u64 = v
                    .parse()
                    .map_err(|_| format!("'--stop-after' needs whole seconds, not {v:?}"))?;
                config.stop_after = Some(Duration::from_secs(secs));
            }
            _ => return Err(format!("unexpected argument {arg:?}")),
        }
    }
    Ok(Some(config))
}

fn run(config: &Config) -> Result<(), String> {
    let issued = Issued::load()?;
    let listener = TcpListener::bind(&config.listen)
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    if let Some(after) = config.stop_after {
        // A watchdog, so that a server nobody stops still ends.
        std::thread::spawn(move || {
            std::thread::sleep(after);
            note!("stopping after {}s", after.as_secs());
            std::process::exit(0);
        });
    }
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "listening on http://{addr}")
        .and_then(|()| stdout.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))?;
    drop(stdout);
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => serve(stream, config, &issued),
            // e.g. too many open files: nothing to answer, go on.
            Err(e) => note!("accept failed: {e}"),
        }
    }
    Ok(())
}

impl Issued {
    /// Decodes the shipped chain with the crate (its PEM blocks read as a
    /// format-0 answer), and checks that its validity is whole days, as
    /// Sectigo's is, so that both formats describe it alike.
    fn load() -> Result<Self, String> {
        let text = format!("2\n{ROOT_PEM}{INTERMEDIATE_PEM}{LEAF_PEM}");
        let chain = Response::parse_newline(
            text.as_bytes(),
            &Expectation::new(QueryType::CertificateAndChain),
        )
        .map_err(|e| format!("the shipped chain does not parse: {e}"))?;
        let cas: Vec<Vec<u8>> = chain
            .ca_certificates
            .iter()
            .map(decode)
            .collect::<Result<_, _>>()?;
        let [root, intermediate]: [Vec<u8>; 2] = cas
            .try_into()
            .map_err(|_| "the shipped chain is not root, intermediate, leaf".to_owned())?;
        let leaf = decode(
            chain
                .certificate
                .ok_or("the shipped chain has no leaf certificate")?,
        )?;
        let (not_before, not_after) = validity(&leaf)?;
        let whole_days =
            Date::from_start_unix(not_before).is_some() && Date::from_end_unix(not_after).is_some();
        if !whole_days {
            return Err("the leaf's validity does not run from 00:00:00 to 23:59:59 GMT".into());
        }
        let nseq_answer = Response::parse_urlencoded(NSEQ_ANSWER)
            .map_err(|e| format!("the shipped Netscape sequence does not parse: {e}"))?;
        let nseq = decode(
            nseq_answer
                .netscape_certificate_sequence
                .ok_or("the shipped answer has no Netscape sequence")?,
        )?;
        Ok(Self {
            ca: [root, intermediate],
            leaf,
            not_before,
            not_after,
            nseq,
        })
    }
}

/// The decoded bytes of a blob.
fn decode(blob: Blob<'_>) -> Result<Vec<u8>, String> {
    let failed = |e: collectssl::Error| format!("a shipped certificate does not decode: {e}");
    let mut bytes = vec![0; blob.decoded_len().map_err(failed)?];
    let len = blob.decode_into(&mut bytes).map_err(failed)?.len();
    bytes.truncate(len);
    Ok(bytes)
}

/// The validity of a DER certificate, as Unix seconds: its first two
/// UTCTimes in a row (`17 0d YYMMDDHHMMSSZ`), which in a certificate are the
/// validity's (names hold no UTCTime).
fn validity(der: &[u8]) -> Result<(i64, i64), String> {
    const TIME: usize = 15;
    let bad = || "the leaf has no UTCTime validity".to_owned();
    let at = der
        .windows(2 * TIME)
        .position(|w| w.starts_with(&[0x17, 13]) && w[TIME..].starts_with(&[0x17, 13]))
        .ok_or_else(bad)?;
    let time = |from: usize| {
        der.get(from + 2..from + TIME)
            .and_then(utc_time)
            .ok_or_else(bad)
    };
    Ok((time(at)?, time(at + TIME)?))
}

/// `YYMMDDHHMMSSZ` (RFC 5280: years 50–99 are 19xx) as Unix seconds.
fn utc_time(t: &[u8]) -> Option<i64> {
    let t = std::str::from_utf8(t).ok()?.strip_suffix('Z')?;
    if t.len() != 12 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let field = |i: usize| t.get(i..i + 2)?.parse::<u8>().ok();
    let yy = u16::from(field(0)?);
    let year = if yy < 50 { 2000 + yy } else { 1900 + yy };
    let date = Date::new(year, field(2)?, field(4)?)?;
    let (h, m, s) = (field(6)?, field(8)?, field(10)?);
    (h < 24 && m < 60 && s < 60)
        .then(|| date.unix_days() * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s))
}

/// An HTTP request, as far as the server looks at it.
struct HttpRequest<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a [u8],
    forwarded_https: bool,
    body: &'a [u8],
}

/// An HTTP answer.
struct Answer {
    code: u16,
    content_type: String,
    body: Vec<u8>,
    /// The CollectSSL status, for the log.
    status: Option<Status>,
}

impl Answer {
    fn http(code: u16, text: &str) -> Self {
        Self {
            code,
            content_type: "text/plain".to_owned(),
            body: format!("{text}\n").into_bytes(),
            status: None,
        }
    }
}

/// Reads one request from `stream`, answers it, and closes the connection.
fn serve(mut stream: TcpStream, config: &Config, issued: &Issued) {
    let peer = stream
        .peer_addr()
        .map_or_else(|_| "?".to_owned(), |a: SocketAddr| a.to_string());
    let timeouts = stream
        .set_read_timeout(Some(IO_TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(IO_TIMEOUT)));
    if let Err(e) = timeouts {
        note!("{peer}: {e}");
        return;
    }
    let mut buf = Vec::new();
    let (line, answer, head_only) = match read_request(&mut stream, &mut buf) {
        Ok(Incoming::Request(head, body)) => {
            let request = HttpRequest {
                method: &head.method,
                path: head.target.split_once('?').map_or(&head.target, |(p, _)| p),
                query: head
                    .target
                    .split_once('?')
                    .map_or(&b""[..], |(_, q)| q.as_bytes()),
                forwarded_https: head.forwarded_https,
                body: buf.get(body..).unwrap_or_default(),
            };
            // The path only: a query may hold a password.
            let line = format!("{} {}", head.method, request.path);
            let answer = answer(&request, config, issued);
            (line, answer, head.method == "HEAD")
        }
        Ok(Incoming::Refused(code, why)) => (why.to_owned(), Answer::http(code, why), false),
        // The peer went away or stalled: nobody to answer.
        Err(e) => {
            note!("{peer}: {e}");
            return;
        }
    };
    let status = answer
        .status
        .map_or_else(String::new, |s| format!(", status {}", s.code()));
    note!("{peer} {line} -> {}{status}", answer.code);
    if let Err(e) = write_answer(&mut stream, &answer, head_only) {
        note!("{peer}: cannot answer: {e}");
    }
    linger(stream);
}

/// Closes the connection gently: the answer is sent, then whatever the
/// peer still sends is read and dropped (for a second, at most 1 MiB), so
/// that unread input does not reset the connection before the peer has
/// read the answer.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut sink = [0u8; 4096];
    let mut left = 1usize << 20;
    while left > 0 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

/// The request head, as far as the server looks at it.
struct Head {
    method: String,
    target: String,
    forwarded_https: bool,
    length: Length,
    expect_continue: bool,
}

/// How long the body is.
enum Length {
    Fixed(usize),
    /// `Transfer-Encoding`, which this server does not read.
    Chunked,
}

/// A request read whole (its body starts at the index), or one refused at
/// the HTTP level.
enum Incoming {
    Request(Head, usize),
    Refused(u16, &'static str),
}

/// Reads a request head (with `httparse`) and its `Content-Length` body
/// into `buf`.
fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> io::Result<Incoming> {
    let mut chunk = [0u8; 4096];
    let (head, body_start) = loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "closed before a whole request head",
            ));
        }
        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(buf) {
            Ok(httparse::Status::Complete(len)) if len > MAX_HEAD => {
                return Ok(Incoming::Refused(431, "request head too large"));
            }
            Ok(httparse::Status::Complete(len)) => match head_of(&request) {
                Ok(head) => break (head, len),
                Err(refused) => return Ok(refused),
            },
            Ok(httparse::Status::Partial) if buf.len() <= MAX_HEAD => {}
            Ok(httparse::Status::Partial) => {
                return Ok(Incoming::Refused(431, "request head too large"));
            }
            Err(httparse::Error::TooManyHeaders) => {
                return Ok(Incoming::Refused(431, "too many header fields"));
            }
            Err(_) => return Ok(Incoming::Refused(400, "malformed request")),
        }
    };
    let length = match head.length {
        Length::Fixed(n) if n > MAX_BODY => return Ok(Incoming::Refused(413, "body too large")),
        Length::Fixed(n) => n,
        Length::Chunked => return Ok(Incoming::Refused(411, "Content-Length required")),
    };
    if head.expect_continue {
        stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let end = body_start.saturating_add(length);
    while buf.len() < end {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "closed before the whole body",
            ));
        }
        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
    }
    // Anything after the body (a pipelined request) is not read: one
    // request a connection.
    buf.truncate(end);
    Ok(Incoming::Request(head, body_start))
}

/// The parts of a parsed head the server needs, or why it is refused.
fn head_of(request: &httparse::Request<'_, '_>) -> Result<Head, Incoming> {
    let (Some(method), Some(target)) = (request.method, request.path) else {
        return Err(Incoming::Refused(400, "malformed request"));
    };
    let mut head = Head {
        method: method.to_owned(),
        target: target.to_owned(),
        forwarded_https: false,
        length: Length::Fixed(0),
        expect_continue: false,
    };
    let mut seen_length: Option<usize> = None;
    for header in request.headers.iter() {
        let value = std::str::from_utf8(header.value).unwrap_or("").trim();
        let is = |name: &str| header.name.eq_ignore_ascii_case(name);
        if is("content-length") {
            let n = match value.parse::<usize>() {
                Ok(n) if value.bytes().all(|b| b.is_ascii_digit()) => n,
                _ => return Err(Incoming::Refused(400, "bad Content-Length")),
            };
            if seen_length.is_some_and(|seen| seen != n) {
                return Err(Incoming::Refused(400, "conflicting Content-Length"));
            }
            seen_length = Some(n);
            if let Length::Fixed(_) = head.length {
                head.length = Length::Fixed(n);
            }
        } else if is("transfer-encoding") {
            head.length = Length::Chunked;
        } else if is("expect") {
            head.expect_continue = value.eq_ignore_ascii_case("100-continue");
        } else if is("x-forwarded-proto") {
            head.forwarded_https = value.eq_ignore_ascii_case("https");
        }
    }
    Ok(head)
}

fn write_answer(stream: &mut TcpStream, answer: &Answer, head_only: bool) -> io::Result<()> {
    let reason = match answer.code {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        411 => "Length Required",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    };
    let mut head = String::new();
    let _ = write!(
        head,
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        answer.code,
        answer.content_type,
        answer.body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&answer.body)?;
    }
    stream.flush()
}

/// The answer to one HTTP request, in the order the server checks:
/// the path (404), https (-1), the method (-17), the arguments (-2, -3,
/// -4), the login (-16), the order (-4), then the order's data.
fn answer(http: &HttpRequest<'_>, config: &Config, issued: &Issued) -> Answer {
    if http.path != PATH {
        return Answer::http(404, "Not Found");
    }
    // Before the body is judged, its format is read leniently, so that an
    // error is answered in the format asked for (for a GET: in the query).
    let form = if http.method == "POST" {
        http.body
    } else {
        http.query
    };
    let lenient = Expectation::from_form(form);
    if config.require_https && !http.forwarded_https {
        return error(Status::NotHttps, &lenient);
    }
    if http.method != "POST" {
        return error(Status::GetNotPost, &lenient);
    }
    let request = match Request::parse(http.body) {
        Ok(request) => request,
        Err(refusal) => return refused(&refusal, &lenient),
    };
    let expectation = Expectation::from(&request);
    if request.login_name != LOGIN_NAME || request.login_password.expose() != LOGIN_PASSWORD {
        return error(Status::PermissionDenied, &expectation);
    }
    let order = match find_order(&request) {
        Ok(order) => order,
        Err(refusal) => return refused(&refusal, &expectation),
    };
    match order.state {
        State::Failed(status) => error(status, &expectation),
        State::Pending => encode(&pending(&expectation), &request),
        State::Issued => issued_answer(issued, &request),
    }
}

/// The order the request's selectors name: each one given must name the
/// same demo order, or it is invalid (-4), checked in the spec's order.
fn find_order(request: &Request<'_>) -> Result<&'static Order, RequestError<'static>> {
    use collectssl::Field;
    let by_number = |n: u64| ORDERS.iter().find(|o| o.number == n);
    // An order number is text: it names an order when it is that number
    // written plainly.
    let order_number = request.order_number.map(|text| {
        let order = ORDERS
            .iter()
            .find(|o| text == o.number.to_string().as_str());
        (Field::OrderNumber, order)
    });
    let selectors = [
        order_number,
        request
            .certificate_id
            .map(|id| (Field::CertificateId, by_number(id))),
        request
            .base_order_number
            .map(|n| (Field::BaseOrderNumber, by_number(n))),
    ];
    let mut found: Option<&'static Order> = None;
    for (field, order) in selectors.into_iter().flatten() {
        match (order, found) {
            (Some(order), None) => found = Some(order),
            (Some(order), Some(first)) if order.number == first.number => {}
            _ => return Err(RequestError::Invalid { field, offset: 0 }),
        }
    }
    // `Request::parse` requires a selector, so one was found.
    found.ok_or(RequestError::Missing {
        field: Field::OrderNumber,
        offset: 0,
    })
}

/// A negative status and the spec's message, in the format asked for.
fn error(status: Status, expectation: &Expectation) -> Answer {
    let message = status.message().unwrap_or("An unknown error occurred!");
    encode_in(
        &Response::error(status, message),
        expectation.response_format,
        None,
    )
}

/// The answer to a request the parser refuses (-2, -3, -4).
fn refused(refusal: &RequestError<'_>, expectation: &Expectation) -> Answer {
    let mut message = [0u8; 512];
    match Response::from_request_error(refusal, &mut message) {
        Ok(response) => encode_in(&response, expectation.response_format, None),
        Err(e) => internal_error(&e),
    }
}

/// A bug here: HTTP 500 rather than a wrong answer.
fn internal_error(e: &collectssl::Error) -> Answer {
    Answer::http(500, &format!("cannot encode the answer: {e}"))
}

/// Encodes `response` in the request's format, with the `Content-Type`
/// the spec gives.
fn encode(response: &Response<'_>, request: &Request<'_>) -> Answer {
    let format = request
        .response_format
        .unwrap_or(ResponseFormat::NewlineDelimited);
    encode_in(response, format, mime_type(request))
}

/// Encodes `response` in `format`. The `Content-Type` is
/// `application/x-www-form-urlencoded` for format 1; for format 0 it is
/// `responseMimeType` when the status is positive and one was given, else
/// `text/plain`.
fn encode_in(response: &Response<'_>, format: ResponseFormat, mime: Option<String>) -> Answer {
    let mut body = vec![0; response.encoded_len(format)];
    match response.encode(format, &mut body) {
        Ok(len) => body.truncate(len),
        Err(e) => return internal_error(&e),
    }
    let content_type = match format {
        ResponseFormat::UrlEncoded => "application/x-www-form-urlencoded".to_owned(),
        ResponseFormat::NewlineDelimited => mime
            .filter(|_| response.status.code() > 0)
            .unwrap_or_else(|| "text/plain".to_owned()),
    };
    Answer {
        code: 200,
        content_type,
        body,
        status: Some(response.status),
    }
}

/// `responseMimeType`, if it can be a header value (visible ASCII and
/// spaces); one that cannot is ignored.
fn mime_type(request: &Request<'_>) -> Option<String> {
    let mime = request.response_mime_type?.to_string();
    let trimmed = mime.trim();
    let fits = !trimmed.is_empty() && trimmed.bytes().all(|b| (0x20..0x7f).contains(&b));
    fits.then(|| trimmed.to_owned())
}

/// The pending order 1001: being processed, with the MDC domain lists and
/// status details (the same as examples/samples/pending-*.body).
fn pending(expectation: &Expectation) -> Response<'static> {
    const MDC: &str = "example.com VALIDATED, www.example.com NOTVALIDATED";
    const MDC2: &str =
        "example.com VALIDATED, www.example.com NOTVALIDATED, shop.example.com AWAITINGBRAND";
    let mut r = Response::new(Status::BeingProcessed);
    if expectation.show_ext_status {
        r.certificate_status = Some(CertificateStatus::from_text(Text::plain(
            "Awaiting Validation",
        )));
        r.validation_status = Some(ValidationStatus::from_text(Text::plain(
            "Awaiting Brand Validation",
        )));
    }
    if expectation.show_mdc_domain_details {
        r.mdc_domain_details = Some(MdcDomainDetails::from_wire(Text::plain(MDC)));
    }
    if expectation.show_mdc_domain_details2 {
        r.mdc_domain_details2 = Some(MdcDomainDetails::from_wire(Text::plain(MDC2)));
    }
    if expectation.show_status_details {
        r.status_details = Some(details([1, 2, -1, -1, -1, -1, 2]));
    }
    r.caa_status = Some(CaaStatus::from_text(Text::plain("Awaiting Completion")));
    r
}

/// The seven status details from their codes (all in -1..=2).
fn details(codes: [i64; StatusDetails::COUNT]) -> StatusDetails {
    StatusDetails::from_array(
        codes.map(|code| DetailStatus::from_code(code).unwrap_or(DetailStatus::NotRequired)),
    )
}

/// The issued order 1000: status 2 with what the query and response types
/// ask for (1 with `queryType=0`), and the details the flags ask for; the
/// raw ZIP or PKCS#7 with `responseEncoding=1`.
fn issued_answer(issued: &Issued, request: &Request<'_>) -> Answer {
    let exp = Expectation::from(request);
    if exp.response_encoding == ResponseEncoding::Binary {
        // `Request::parse` allows it with responseType 0 or 2 only.
        let body = match exp.response_type {
            ResponseType::Zip => ZIP,
            _ => PKCS7_DER,
        };
        return Answer {
            code: 200,
            content_type: mime_type(request).unwrap_or_else(|| "text/plain".to_owned()),
            body: body.to_vec(),
            status: Some(Status::CertificatesAttached),
        };
    }
    let ca_blobs = [Blob::binary(&issued.ca[0]), Blob::binary(&issued.ca[1])];
    let leaf = Some(Blob::binary(&issued.leaf));
    let mut r = Response::new(match exp.query_type {
        QueryType::StatusOnly => Status::CertificatesAvailable,
        _ => Status::CertificatesAttached,
    });
    if exp.show_validity_period {
        r.not_before = Some(issued.not_before);
        r.not_after = Some(issued.not_after);
    }
    if exp.show_fqdn {
        r.fqdn = Some(Text::plain(FQDN));
    }
    match (exp.query_type, exp.response_type) {
        (QueryType::StatusOnly, _) => {}
        (QueryType::Certificate, _) => r.certificate = leaf,
        (QueryType::CaBundle, _) => r.ca_certificates = CaCertificates::from_blobs(&ca_blobs),
        (_, ResponseType::IndividuallyEncoded) => {
            r.ca_certificates = CaCertificates::from_blobs(&ca_blobs);
            r.certificate = leaf;
        }
        (_, ResponseType::Zip) => r.zip_file = Some(Blob::binary(ZIP)),
        (_, ResponseType::NetscapeCertificateSequence) => {
            r.netscape_certificate_sequence = Some(Blob::binary(&issued.nseq));
        }
        (_, ResponseType::Pkcs7) => r.pkcs7 = Some(Blob::binary(PKCS7_DER)),
    }
    if exp.show_ext_status {
        r.certificate_status = Some(CertificateStatus::from_text(Text::plain("Issued")));
        r.validation_status = Some(ValidationStatus::from_text(Text::plain("Complete")));
    }
    if exp.show_status_details {
        r.status_details = Some(details([1, 1, -1, -1, -1, -1, -1]));
    }
    r.caa_status = Some(CaaStatus::from_text(Text::plain("Authorized")));
    encode(&r, request)
}
