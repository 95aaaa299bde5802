//! `collectssl mock`: a stand-in for the CollectSSL service, for testing
//! clients (this crate's `collect` among them) without an account.
//!
//! Each connection gets its own thread, up to `--max-connections` at once;
//! beyond that a connection is answered 503 at once rather than queued, so
//! that idle or slow clients can never stall the others, and each
//! connection has a deadline for its request.

mod api;
mod containers;
mod http;
mod orders;

use std::io::{self, Read as _, Write as _};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::args::MockArgs;
use crate::exit::{Failure, Outcome, note};
use crate::files::quoted;

use http::{Answer, Incoming};
use orders::Issued;

/// `collectssl mock --help`.
pub const HELP: &str = "\
Serve a stand-in for Sectigo's CollectSSL service, for testing clients.

It answers POST /products/download/CollectSSL as the spec says: both response formats, the binary \
encoding, every show* flag, queryType and responseType, responseMimeType, and the errors -1, -2, \
-3, -4, -16 (a wrong login) and -17 (a GET, or any method but POST). Any other path is HTTP 404. \
Once it listens it prints the endpoint's URL on stdout ('listening on \
http://ADDR/products/download/CollectSSL', with the real port when ADDR asks for port 0), then \
logs one line a request on stderr (never a password). It speaks plain HTTP only. Connections are \
served concurrently, up to --max-connections at once (beyond that, HTTP 503); each must send its \
request within --request-timeout.

The demo account is loginName=demo, loginPassword=demo. Its orders, each selected by \
orderNumber, certificateID or baseOrderNumber (all the same number):
  1000  issued: www.example.com, a chain (root, intermediate, leaf) valid from 2026-01-01 \
00:00:00 to 2027-01-01 23:59:59 GMT; as a ZIP, PKCS#7 and Netscape sequence too; status 2 (1 \
with queryType=0)
  1001  pending (0), with MDC domain details and status details
  1002  rejected (-20)
  1003  revoked (-21)
  1004  awaiting payment (-22)
  1005  an unknown error (-14), every time
  1006  pending (0) for the first 2 calls that name it, then issued as 1000: for trying \
'collectssl collect --wait' (the count starts over when the mock does)
Another order number is invalid (-4 on the argument that named it).

--orders DIR serves a reseller's own orders as well, for the demo account: one file per order \
number N (digits only), read at each request (so it may change while the mock runs), winning \
over a demo order of the same number:
  DIR/N.pem   the order is issued with this chain: PEM certificates in any order (the end \
entity, its intermediates, and the root if wanted). Every answer is made from it: both formats, \
every queryType and responseType (ZIP, Netscape sequence, PKCS#7 or one by one), base64 or \
binary; the validity shown is the end entity's in whole days, the FQDN its common name.
  DIR/N.body  the answer's body, sent as it is whatever the request asks (a captured answer, \
or '0' for a pending order); it wins over N.pem.

Usage: collectssl mock [--listen ADDR] [--orders DIR] [--require-https] [--max-connections N] \
[--request-timeout SECONDS] [--stop-after SECONDS]";

/// What every connection's thread shares.
pub struct Server {
    /// The demo account's issued order.
    demo: Issued,
    /// `--orders DIR`.
    orders: Option<PathBuf>,
    /// `--require-https`.
    require_https: bool,
    /// How many calls named the slow order so far.
    slow_order_calls: AtomicU32,
    /// `--request-timeout`.
    request_timeout: Duration,
}

/// The stack of a connection's thread: the answers are built on the heap.
const STACK_SIZE: usize = 256 * 1024;

/// `collectssl mock`: serves until killed, or until `--stop-after`.
pub fn run(args: &MockArgs) -> Outcome {
    let demo = Issued::demo().map_err(|e| Failure::Failed(format!("the demo order: {e}")))?;
    if let Some(dir) = &args.orders
        && !dir.is_dir()
    {
        return Err(Failure::Usage(format!(
            "--orders {} is not a directory",
            quoted(dir)
        )));
    }
    let server = Arc::new(Server {
        demo,
        orders: args.orders.clone(),
        require_https: args.require_https,
        slow_order_calls: AtomicU32::new(0),
        request_timeout: args.request_timeout.max(Duration::from_millis(1)),
    });
    let listener = TcpListener::bind(&args.listen)
        .map_err(|e| Failure::Failed(format!("cannot listen on {}: {e}", args.listen)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::Failed(format!("cannot read the listening address: {e}")))?;
    if let Some(after) = args.stop_after {
        // A watchdog, so that a mock nobody stops still ends.
        thread::spawn(move || {
            thread::sleep(after);
            note(&format!("mock: stopping after {}s", after.as_secs_f64()));
            std::process::exit(0);
        });
    }
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "listening on http://{addr}{}", api::PATH)
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::Failed(format!("cannot write to stdout: {e}")))?;
    drop(stdout);

    let active = Arc::new(AtomicUsize::new(0));
    let max = usize::from(args.max_connections);
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(e) => {
                // Out of file descriptors, say: nothing to answer; let
                // connections end before accepting more.
                note(&format!("mock: accept failed: {e}"));
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if active.load(Ordering::SeqCst) >= max {
            busy(stream);
            continue;
        }
        let slot = Slot::take(&active);
        let server = Arc::clone(&server);
        let spawned = thread::Builder::new()
            .name("mock connection".to_owned())
            .stack_size(STACK_SIZE)
            .spawn(move || {
                let _slot = slot;
                serve(stream, &server);
            });
        // The closure, and with it the slot and the stream, is dropped.
        if let Err(e) = spawned {
            note(&format!("mock: cannot start a thread: {e}"));
        }
    }
    Ok(())
}

/// One connection being served, counted while it lives (also when its
/// thread panics).
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Self {
        active.fetch_add(1, Ordering::SeqCst);
        Self(Arc::clone(active))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers a connection beyond the cap with 503 from the accepting thread:
/// a short write into an empty socket buffer, never a wait for the peer.
fn busy(mut stream: TcpStream) {
    let answer = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n\
        Content-Length: 5\r\nRetry-After: 1\r\nConnection: close\r\n\r\nbusy\n";
    // The log line first, so that it is there once the peer has the answer.
    note(&format!(
        "mock: {} -> 503, too many connections",
        peer(&stream)
    ));
    let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
    let _ = stream.write_all(answer);
    let _ = stream.shutdown(Shutdown::Write);
    // Whatever of the request has already arrived is read (without
    // waiting for more), so that closing does not reset the connection
    // before the peer has read the answer.
    if stream.set_nonblocking(true).is_ok() {
        let mut sink = [0u8; 4096];
        for _ in 0..16 {
            match stream.read(&mut sink) {
                Ok(n) if n > 0 => {}
                _ => break,
            }
        }
    }
}

fn peer(stream: &TcpStream) -> String {
    stream
        .peer_addr()
        .map_or_else(|_| "?".to_owned(), |a: SocketAddr| a.to_string())
}

/// Reads one request from `stream`, answers it, and closes the connection.
fn serve(mut stream: TcpStream, server: &Server) {
    let peer = peer(&stream);
    let deadline = Instant::now() + server.request_timeout;
    let (line, answer, head_only) = match http::read_request(&mut stream, deadline) {
        Ok(Incoming::Request(request)) => {
            // The path only: a query may hold a password.
            let line = format!("{} {}", request.method, request.path);
            let answer = api::answer(&request, server);
            (line, answer, request.method == "HEAD")
        }
        Ok(Incoming::Refused(code, why)) => (why.to_owned(), Answer::http(code, why), false),
        // The peer went away or stalled: nobody to answer.
        Err(e) => {
            note(&format!("mock: {peer}: {e}"));
            return;
        }
    };
    let status = answer
        .status
        .map_or_else(String::new, |s| format!(", status {s}"));
    note(&format!("mock: {peer} {line} -> {}{status}", answer.code));
    if let Err(e) = http::write_answer(&mut stream, &answer, head_only, server.request_timeout) {
        note(&format!("mock: {peer}: cannot answer: {e}"));
    }
    http::linger(stream);
}
