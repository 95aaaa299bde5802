//! `collectssl mock` under load, bounded: idle and slow connections must
//! not stall the others, the connection cap answers 503 rather than queue,
//! and a client that sends nothing is dropped at the request deadline.
//!
//! Only loopback traffic, a fixed number of requests, and every socket
//! with a read timeout, so each test ends in seconds whatever the mock
//! does.

mod common;

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use common::{Mock, PATH};

/// The status-only question about the issued demo order, and its answer.
const FORM: &str = "loginName=demo&loginPassword=demo&orderNumber=1000&queryType=0";
const ANSWER: &[u8] = b"1\nAuthorized\n";

/// One POST on a fresh connection: the status code and the body.
fn request(addr: &str) -> Result<(u16, Vec<u8>), String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    let raw = format!(
        "POST {PATH} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\n\r\n{FORM}",
        FORM.len()
    );
    stream
        .write_all(raw.as_bytes())
        .map_err(|e| format!("write: {e}"))?;
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .map_err(|e| format!("read: {e}"))?;
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no head in {:?}", String::from_utf8_lossy(&answer)))?;
    let code = answer
        .get(9..12)
        .and_then(|c| std::str::from_utf8(c).ok())
        .and_then(|c| c.parse().ok())
        .ok_or("no status code")?;
    Ok((code, answer[end + 4..].to_vec()))
}

/// Opens `n` connections that send nothing but the start of a request
/// (half of them) or nothing at all, and keeps them open.
fn idle_connections(addr: &str, n: usize) -> Vec<TcpStream> {
    (0..n)
        .map(|i| {
            let mut stream = TcpStream::connect(addr).expect("an idle connection");
            if i % 2 == 0 {
                stream
                    .write_all(b"POST /products/down")
                    .expect("a partial head");
            }
            stream
        })
        .collect()
}

#[test]
fn idle_connections_do_not_stall_the_others() {
    let mock = Mock::start();
    let addr = mock.addr().to_owned();
    let started = Instant::now();
    let idle = idle_connections(&addr, 100);
    // 200 requests from 20 clients at once, while the 100 stay open.
    let clients: Vec<_> = (0..20)
        .map(|_| {
            let addr = addr.clone();
            thread::spawn(move || {
                (0..10)
                    .map(|_| {
                        let sent = Instant::now();
                        request(&addr).map(|answer| (answer, sent.elapsed()))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut answered = 0;
    let mut slowest = Duration::ZERO;
    for client in clients {
        for result in client.join().expect("a client thread") {
            let ((code, body), took) = result.expect("an answer");
            assert_eq!((code, body.as_slice()), (200, ANSWER));
            slowest = slowest.max(took);
            answered += 1;
        }
    }
    let elapsed = started.elapsed();
    assert_eq!(answered, 200);
    assert_eq!(mock.requests(), 200);
    // Each request is answered at once, not after an idle one's deadline.
    assert!(
        slowest < Duration::from_secs(3),
        "slowest request: {slowest:?}"
    );
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
    drop(idle);
}

#[test]
fn connections_beyond_the_cap_are_answered_503_at_once() {
    let mock = Mock::start_with(&["--max-connections", "4"]);
    let addr = mock.addr().to_owned();
    // Idle connections fill the mock, one more each time a request still
    // gets through (the mock accepts them in its own time).
    let mut idle = idle_connections(&addr, 3);
    let started = Instant::now();
    let busy = loop {
        let answer = request(&addr).expect("an answer");
        if answer.0 != 200 || idle.len() >= 8 || started.elapsed() > Duration::from_secs(5) {
            break answer;
        }
        idle.extend(idle_connections(&addr, 1));
        thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(busy, (503, b"busy\n".to_vec()), "{}", mock.log());
    assert!(mock.log().contains("503, too many connections"));
    // Once they go, the mock serves again.
    drop(idle);
    let started = Instant::now();
    let served = loop {
        let answer = request(&addr).expect("an answer");
        if answer.0 == 200 || started.elapsed() > Duration::from_secs(5) {
            break answer;
        }
        thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(served, (200, ANSWER.to_vec()));
}

#[test]
fn a_client_that_sends_nothing_is_dropped_at_the_deadline() {
    let mock = Mock::start_with(&["--request-timeout", "0.3"]);
    let mut stream = TcpStream::connect(mock.addr()).expect("a connection");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("a timeout");
    let started = Instant::now();
    let mut answer = Vec::new();
    // The mock closes the connection without an answer.
    let _ = stream.read_to_end(&mut answer);
    let waited = started.elapsed();
    assert!(answer.is_empty(), "{:?}", String::from_utf8_lossy(&answer));
    assert!(waited >= Duration::from_millis(250), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    // A trickle of bytes does not extend the deadline either.
    let mut stream = TcpStream::connect(mock.addr()).expect("a connection");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("a timeout");
    let started = Instant::now();
    for byte in b"POST /products/download/CollectSSL" {
        if stream.write_all(&[*byte]).is_err() {
            break;
        }
        thread::sleep(Duration::from_millis(50));
        if started.elapsed() > Duration::from_secs(1) {
            break;
        }
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    assert!(answer.is_empty());
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(mock.log().contains("deadline"), "{}", mock.log());
}
