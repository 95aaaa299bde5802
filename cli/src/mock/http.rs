//! The mock's HTTP: one request a connection, read with `httparse` within
//! a deadline, one answer, then the connection closes.
//!
//! The deadline is for the whole request, not for each read, so that a
//! client sending a byte now and then (or nothing at all) holds its
//! connection's thread for a bounded time only.

use std::io::{self, Read as _, Write as _};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// The largest request head and body the mock reads.
const MAX_HEAD: usize = 16 * 1024;
const MAX_BODY: usize = 64 * 1024;

/// A request read whole.
pub struct HttpRequest {
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query, without the `?`.
    pub query: Vec<u8>,
    /// `X-Forwarded-Proto: https`, as a TLS-terminating proxy sets it.
    pub forwarded_https: bool,
    pub body: Vec<u8>,
}

/// What a connection brought.
pub enum Incoming {
    Request(HttpRequest),
    /// Refused at the HTTP level: the status code and why.
    Refused(u16, &'static str),
}

/// An HTTP answer.
pub struct Answer {
    pub code: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    /// The CollectSSL status, for the log.
    pub status: Option<i32>,
}

impl Answer {
    /// A plain-text answer outside the API (404, 500, …).
    pub fn http(code: u16, text: &str) -> Self {
        Self {
            code,
            content_type: "text/plain".to_owned(),
            body: format!("{text}\n").into_bytes(),
            status: None,
        }
    }
}

/// Reads one request from `stream` before `deadline`: the head with
/// `httparse`, then its `Content-Length` body. An error is a peer that went
/// away or stalled: there is nobody to answer.
pub fn read_request(stream: &mut TcpStream, deadline: Instant) -> io::Result<Incoming> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let (head, body_start) = loop {
        let n = read_before(stream, &mut chunk, deadline)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "closed before a whole request head",
            ));
        }
        buf.extend_from_slice(chunk.get(..n).unwrap_or_default());
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buf) {
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
        stream.set_write_timeout(Some(
            deadline
                .saturating_duration_since(Instant::now())
                .max(Duration::from_millis(1)),
        ))?;
        stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let end = body_start.saturating_add(length);
    while buf.len() < end {
        let n = read_before(stream, &mut chunk, deadline)?;
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
    let body = buf.split_off(body_start);
    let (path, query) = match head.target.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.as_bytes().to_vec()),
        None => (head.target.clone(), Vec::new()),
    };
    Ok(Incoming::Request(HttpRequest {
        method: head.method,
        path,
        query,
        forwarded_https: head.forwarded_https,
        body,
    }))
}

/// One read that gives up at `deadline`.
fn read_before(stream: &mut TcpStream, buf: &mut [u8], deadline: Instant) -> io::Result<usize> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "no whole request before the deadline",
        ));
    }
    stream.set_read_timeout(Some(left))?;
    stream.read(buf).map_err(|e| match e.kind() {
        // How a read timeout shows (EAGAIN on Unix, a time-out elsewhere).
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => io::Error::new(
            io::ErrorKind::TimedOut,
            "no whole request before the deadline",
        ),
        _ => e,
    })
}

/// The request head, as far as the mock looks at it.
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
    /// `Transfer-Encoding`, which the mock does not read.
    Chunked,
}

/// The parts of a parsed head the mock needs, or why it is refused.
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

/// Writes `answer` (only its head for `HEAD`), each write within
/// `timeout`.
pub fn write_answer(
    stream: &mut TcpStream,
    answer: &Answer,
    head_only: bool,
    timeout: Duration,
) -> io::Result<()> {
    let reason = match answer.code {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        411 => "Length Required",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
    let head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        answer.code,
        answer.content_type,
        answer.body.len()
    );
    stream.set_write_timeout(Some(timeout))?;
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&answer.body)?;
    }
    stream.flush()
}

/// Closes the connection gently: the answer is sent, then whatever the
/// peer still sends is read and dropped (for a second, at most 1 MiB), so
/// that unread input does not reset the connection before the peer has
/// read the answer.
pub fn linger(mut stream: TcpStream) {
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
