//! `client`: collects an order's certificate chain from a CollectSSL
//! server, polling politely until it is issued, and writes it as PEM files.
//!
//! ```text
//! client --login-name NAME (--order-number N | --certificate-id ID | --base-order-number N)
//!     --out DIR [--url URL] [--login-password PASSWORD] [OPTIONS]
//! ```
//!
//! The crate does the CollectSSL part (the request encoder, the response
//! parser, the polling schedule of `collectssl::poll`); `ureq` does the
//! HTTP. Try it against the mock server:
//!
//! ```text
//! cargo run --example mock_server &
//! cargo run --example client -- --url http://127.0.0.1:8080/products/download/CollectSSL \
//!     --login-name demo --login-password demo --order-number 1000 --out chain
//! ```

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use collectssl::container::Chain;
use collectssl::poll::{Policy, Poller, Step, Stop};
use collectssl::request::{CONTENT_TYPE, ENDPOINT};
use collectssl::response::{Expectation, Response};
use collectssl::{
    Blob, QueryType, Request, ResponseEncoding, ResponseFormat, ResponseType, Selector, Status,
};

/// One line on stderr, prefixed with the program's name. Unlike
/// `eprintln!`, it does not panic when stderr is gone.
macro_rules! note {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stderr().lock(), "client: {}", format_args!($($arg)*));
    }};
}

const USAGE: &str = "\
client: collect an order's certificates from a CollectSSL server

Usage:
  client --login-name NAME (--order-number N | --certificate-id ID |
         --base-order-number N) --out DIR [OPTIONS]

  --url URL                 the endpoint (default: Sectigo's,
                            https://secure.trust-provider.com/products/download/CollectSSL)
  --login-password PASSWORD the password (default: $COLLECTSSL_PASSWORD)
  --out DIR                 where the PEM files go (created if needed):
                            0-leaf.pem, 1-intermediate.pem, ..., N-root.pem,
                            and chain.pem (all of them, leaf first)
  --response-format 0|1     newline-delimited (default) or URL-encoded answers
  --response-type 0|1|2|3   the certificates as a ZIP archive, a Netscape
                            sequence, PKCS#7, or one by one (default 3);
                            the files are the same whichever
  --response-encoding 0|1   base64 (default) or binary (with --response-type
                            0 or 2)
  --min-interval-ms MS      the least time between calls (default 5000)
  --initial-delay-ms MS     the first back-off while pending (default 30000);
                            it doubles with each pending answer
  --max-delay-ms MS         the longest back-off (default 1800000)
  --max-attempts N          give up after N calls (default: never)
  --timeout-secs S          the limit for one call (default 60)

It asks for the certificate and its chain (queryType=1) and calls again,
one call at a time, while the order is pending (0, -22) or the server fails
(-14, no answer, an HTTP error). Each call is logged on stderr; the files
written are listed on stdout.

Exit status: 0 the chain is written; 1 the order was rejected or revoked,
the request was refused (-1, -2, -3, -4, -16, -17), an answer did not parse,
or the files could not be written; 2 a bad command line; 3 gave up while
the order was still pending or the server failing (--max-attempts).
";

/// Why the client stopped without writing the chain.
enum Failure {
    /// A bad command line: exit 2.
    Usage(String),
    /// The order or the request failed, or an answer or a file did: exit 1.
    Failed(String),
    /// The attempts ran out: exit 3.
    GaveUp(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args
        .iter()
        .any(|a| matches!(a.as_str(), "--help" | "-h" | "help"))
    {
        let _ = io::stdout().lock().write_all(USAGE.as_bytes());
        return ExitCode::SUCCESS;
    }
    let (line, code) = match run(&args) {
        Ok(()) => return ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => (format!("{message} (see 'client --help')"), 2),
        Err(Failure::Failed(message)) => (message, 1),
        Err(Failure::GaveUp(message)) => (message, 3),
    };
    note!("{line}");
    ExitCode::from(code)
}

/// The command line.
struct Options {
    url: String,
    login_name: String,
    login_password: String,
    order_number: Option<String>,
    certificate_id: Option<u64>,
    base_order_number: Option<u64>,
    out: PathBuf,
    response_format: ResponseFormat,
    response_type: Option<ResponseType>,
    response_encoding: Option<ResponseEncoding>,
    policy: Policy,
    timeout: Duration,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self, Failure> {
        let usage = |m: String| Failure::Usage(m);
        let mut values: Vec<(String, String)> = Vec::new();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let Some(option) = arg.strip_prefix("--") else {
                return Err(usage(format!("unexpected argument {arg:?}")));
            };
            let (name, value) = match option.split_once('=') {
                Some((name, value)) => (name.to_owned(), value.to_owned()),
                None => {
                    let value = args
                        .next()
                        .ok_or_else(|| usage(format!("option '--{option}' needs a value")))?;
                    (option.to_owned(), value.clone())
                }
            };
            if values.iter().any(|(seen, _)| *seen == name) {
                return Err(usage(format!("option '--{name}' is given twice")));
            }
            values.push((name, value));
        }
        let mut take = |name: &str| {
            values
                .iter()
                .position(|(seen, _)| seen == name)
                .map(|i| values.remove(i).1)
        };
        let number = |name: &str, value: Option<String>| -> Result<Option<u64>, Failure> {
            value
                .map(|v| {
                    v.parse::<u64>()
                        .ok()
                        .filter(|_| v.bytes().all(|b| b.is_ascii_digit()))
                        .ok_or_else(|| usage(format!("'--{name}' needs a number, not {v:?}")))
                })
                .transpose()
        };
        let ms = |name: &str, value: Option<String>, default: u64| {
            number(name, value).map(|v| Duration::from_millis(v.unwrap_or(default)))
        };
        let url = take("url").unwrap_or_else(|| ENDPOINT.to_owned());
        let login_name =
            take("login-name").ok_or_else(|| usage("'--login-name' is required".into()))?;
        let login_password = match take("login-password") {
            Some(password) => password,
            None => std::env::var("COLLECTSSL_PASSWORD").map_err(|_| {
                usage("'--login-password' or $COLLECTSSL_PASSWORD is required".into())
            })?,
        };
        let order_number = take("order-number");
        let certificate_id = number("certificate-id", take("certificate-id"))?;
        let base_order_number = number("base-order-number", take("base-order-number"))?;
        if order_number.is_none() && certificate_id.is_none() && base_order_number.is_none() {
            return Err(usage(
                "one of '--order-number', '--certificate-id', '--base-order-number' is required"
                    .into(),
            ));
        }
        let out =
            PathBuf::from(take("out").ok_or_else(|| usage("'--out DIR' is required".into()))?);
        let response_format = match take("response-format").as_deref() {
            None | Some("0") => ResponseFormat::NewlineDelimited,
            Some("1") => ResponseFormat::UrlEncoded,
            Some(other) => {
                return Err(usage(format!(
                    "'--response-format' needs 0 or 1, not {other:?}"
                )));
            }
        };
        let response_type = number("response-type", take("response-type"))?
            .map(|code| {
                ResponseType::from_code(code)
                    .ok_or_else(|| usage(format!("'--response-type' needs 0 to 3, not {code}")))
            })
            .transpose()?;
        let response_encoding = number("response-encoding", take("response-encoding"))?
            .map(|code| {
                ResponseEncoding::from_code(code)
                    .ok_or_else(|| usage(format!("'--response-encoding' needs 0 or 1, not {code}")))
            })
            .transpose()?;
        let defaults = Policy::DEFAULT;
        let millis = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        let mut policy = Policy::new(
            ms(
                "min-interval-ms",
                take("min-interval-ms"),
                millis(defaults.min_interval),
            )?,
            ms(
                "initial-delay-ms",
                take("initial-delay-ms"),
                millis(defaults.initial_delay),
            )?,
            ms(
                "max-delay-ms",
                take("max-delay-ms"),
                millis(defaults.max_delay),
            )?,
        );
        if let Some(n) = number("max-attempts", take("max-attempts"))? {
            let n = u32::try_from(n).map_err(|_| usage("'--max-attempts' is too large".into()))?;
            policy = policy.with_max_attempts(n);
        }
        let timeout =
            Duration::from_secs(number("timeout-secs", take("timeout-secs"))?.unwrap_or(60));
        if let Some((name, _)) = values.first() {
            return Err(usage(format!("unknown option '--{name}'")));
        }
        Ok(Self {
            url,
            login_name,
            login_password,
            order_number,
            certificate_id,
            base_order_number,
            out,
            response_format,
            response_type,
            response_encoding,
            policy,
            timeout,
        })
    }

    /// The request: the certificate and its chain, with the validity, the
    /// name and the extended status for the log.
    fn request(&self) -> Request<'_> {
        let selectors = [
            self.order_number.as_deref().map(Selector::OrderNumber),
            self.certificate_id.map(Selector::CertificateId),
            self.base_order_number.map(Selector::BaseOrderNumber),
        ];
        let mut selectors = selectors.into_iter().flatten();
        let first = selectors.next().unwrap_or(Selector::OrderNumber(""));
        let mut request = Request::new(
            &self.login_name,
            &self.login_password,
            first,
            QueryType::CertificateAndChain,
        )
        .with_show_validity_period(true)
        .with_show_fqdn(true)
        .with_show_ext_status(true);
        for selector in selectors {
            request = request.with_selector(selector);
        }
        if self.response_format == ResponseFormat::UrlEncoded {
            request = request.with_response_format(ResponseFormat::UrlEncoded);
        }
        if let Some(value) = self.response_type {
            request = request.with_response_type(value);
        }
        if let Some(value) = self.response_encoding {
            request = request.with_response_encoding(value);
        }
        request
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    let options = Options::parse(args)?;
    let request = options.request();
    let mut body = vec![0; request.encoded_len()];
    let len = request
        .encode(&mut body)
        .map_err(|e| Failure::Usage(format!("cannot make the request: {e}")))?;
    body.truncate(len);
    let expectation = Expectation::from(&request);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        // The API does not redirect; following one would turn POST into GET.
        .max_redirects(0)
        .user_agent(concat!("collectssl-client/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();

    let clock = Instant::now();
    let mut poller = Poller::new(options.policy);
    loop {
        // Only `Stop` ends the loop, below, so the poller is never stopped here.
        let wait = poller
            .until_next_call(clock.elapsed())
            .map_err(|e| Failure::Failed(format!("polling: {e}")))?;
        std::thread::sleep(wait);
        let ticket = poller
            .start(clock.elapsed())
            .map_err(|e| Failure::Failed(format!("polling: {e}")))?;
        let attempt = ticket.attempt();
        let answer = post(&agent, &options.url, &body);
        let now = clock.elapsed();
        let (step, text) = match &answer {
            Ok(bytes) => match Response::parse(bytes, &expectation) {
                Ok(response) => {
                    let step = poller.finish(ticket, response.status, now);
                    if response.status == Status::CertificatesAttached {
                        log(attempt, &describe(&response), None);
                        return write_chain(&response, &options.out);
                    }
                    (step, describe(&response))
                }
                Err(e) => {
                    return Err(Failure::Failed(format!(
                        "attempt {attempt}: the answer does not parse: {e}"
                    )));
                }
            },
            Err(why) => (poller.fail(ticket, now), format!("no answer: {why}")),
        };
        match step.map_err(|e| Failure::Failed(format!("polling: {e}")))? {
            Step::CallAt(at) => log(attempt, &text, Some(at.saturating_sub(now))),
            Step::Stop(stop) => {
                log(attempt, &text, None);
                return Err(stopped(stop, attempt, &text));
            }
        }
    }
}

/// Posts the request body; the answer's body if the server answered 200.
fn post(agent: &ureq::Agent, url: &str, body: &[u8]) -> Result<Vec<u8>, String> {
    let mut response = agent
        .post(url)
        .header("Content-Type", CONTENT_TYPE)
        .send(body)
        .map_err(|e| e.to_string())?;
    if response.status() != 200 {
        return Err(format!("HTTP {}", response.status()));
    }
    response
        .body_mut()
        .with_config()
        .limit(16 * 1024 * 1024)
        .read_to_vec()
        .map_err(|e| e.to_string())
}

/// The answer in one line: the status and message, and what else it says.
fn describe(response: &Response<'_>) -> String {
    let mut line = match response.error_message {
        Some(message) => format!("{} {message}", response.status.code()),
        None => response.status.to_string(),
    };
    if let (Some(cert), Some(validation)) =
        (response.certificate_status, response.validation_status)
    {
        let _ = write!(line, " (certificate: {cert}; validation: {validation})");
    }
    if let Some(fqdn) = response.fqdn {
        let _ = write!(line, " for {fqdn}");
    }
    // The server's text: keep it to one line.
    line.replace(char::is_control, " ")
}

fn log(attempt: u32, text: &str, next: Option<Duration>) {
    let next = next.map_or_else(String::new, |d| format!("; next call in {d:?}"));
    note!("attempt {attempt}: {text}{next}");
}

/// The failure for a stop other than the chain written.
fn stopped(stop: Stop, attempts: u32, text: &str) -> Failure {
    match stop {
        Stop::GaveUp(_) => Failure::GaveUp(format!("gave up after {attempts} attempts: {text}")),
        Stop::Final(status) if status.code() > 0 => {
            Failure::Failed(format!("the answer has no certificates attached: {text}"))
        }
        Stop::Final(_) => Failure::Failed(format!(
            "the order is finished without a certificate: {text}"
        )),
        Stop::CallerError(_) => Failure::Failed(format!("the request was refused: {text}")),
        _ => Failure::Failed(text.to_owned()),
    }
}

/// Writes the chain, leaf first, as PEM files in `dir`, and lists them on
/// stdout. The crate puts the certificates in chain order, whatever
/// carried them (one by one, or in a ZIP, PKCS#7 or Netscape sequence).
fn write_chain(response: &Response<'_>, dir: &Path) -> Result<(), Failure> {
    let failed =
        |e: collectssl::Error| Failure::Failed(format!("the certificates do not chain: {e}"));
    // Room for the decoded certificates, and for unpacking a ZIP entry.
    let size: usize = response
        .blobs()
        .map(|blob| blob.decoded_len().unwrap_or(0))
        .sum();
    let mut buf = vec![0u8; size.saturating_mul(4).max(1 << 16)];
    let chain = Chain::<32>::from_response(response, &mut buf).map_err(failed)?;
    fs::create_dir_all(dir)
        .map_err(|e| Failure::Failed(format!("cannot create {}: {e}", dir.display())))?;
    let last = chain.len().saturating_sub(1);
    let mut all = String::new();
    let mut listing = String::new();
    for (n, certificate) in chain.iter().enumerate() {
        let role = match n {
            0 => "leaf",
            n if n == last && chain.ends_with_root() => "root",
            _ => "intermediate",
        };
        let mut pem = String::new();
        Blob::binary(certificate.der())
            .write_pem("CERTIFICATE", &mut pem)
            .map_err(failed)?;
        all.push_str(&pem);
        let path = dir.join(format!("{n}-{role}.pem"));
        write_file(&path, &pem)?;
        let _ = writeln!(listing, "{}", path.display());
    }
    let path = dir.join("chain.pem");
    write_file(&path, &all)?;
    let _ = writeln!(listing, "{}", path.display());
    io::stdout()
        .lock()
        .write_all(listing.as_bytes())
        .map_err(|e| Failure::Failed(format!("cannot write to stdout: {e}")))
}

fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    fs::write(path, text)
        .map_err(|e| Failure::Failed(format!("cannot write {}: {e}", path.display())))
}
