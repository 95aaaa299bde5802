//! `collectssl collect`: an order's certificate from the service, into
//! the PEM files a web server reads.
//!
//! The library makes the request and reads the answer; its
//! [`Poller`](collectssl::poll::Poller) decides when to call again (one
//! call at a time, never sooner than `--interval` after the last one
//! ended, backing off while the order stays pending or the service fails).
//! Here are only the HTTP call, the clock and the files.

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use collectssl::poll::{Policy, PollError, Poller, Step};
use collectssl::request::ENDPOINT;
use collectssl::response::{Expectation, Response};
use collectssl::{QueryType, ResponseFormat, ResponseType, Status, StatusClass};

use crate::args::{CollectArgs, POLITE_INTERVAL};
use crate::credentials::Credentials;
use crate::exit::{Failure, Outcome};
use crate::files::{self, File, Ordered};
use crate::http::{Client, TransportError};
use crate::parse::{Reading, read_response, status_text};
use crate::progress::{Progress, human};
use crate::{json, request, x509};

/// How far the back-off may stretch the interval: after pending answers in
/// a row the wait doubles, up to this many intervals (12 hours for the
/// default 3-hour interval), so that a slow order is not asked about more
/// often than it can change.
const BACKOFF_CAP: u32 = 4;

/// `collectssl collect`.
pub fn run(args: &CollectArgs) -> Outcome {
    check_interval(args)?;
    let credentials = Credentials::resolve(&args.service)?;
    let request = request::for_order(&args.selector, &credentials, QueryType::CertificateAndChain)
        .with_response_type(ResponseType::IndividuallyEncoded)
        .with_response_format(ResponseFormat::UrlEncoded)
        .with_show_validity_period(true)
        .with_show_fqdn(true)
        .with_show_ext_status(true);
    let form = request::encoded(&request)
        .map_err(|e| Failure::Usage(format!("cannot make the request: {e}")))?;
    let expectation = Expectation::from(&request);
    let client = Client::new(&args.service.url);
    let policy = Policy::new(
        args.interval,
        args.interval,
        args.interval.saturating_mul(BACKOFF_CAP),
    );
    let mut progress = Progress::new();
    let polled = poll(
        &client,
        form.as_bytes(),
        &expectation,
        policy,
        args.wait,
        &mut progress,
    );
    progress.done();
    write_issued(&polled?, &expectation, &args.out)
}

/// Refuses an interval under Sectigo's three hours against its own
/// endpoint, unless the user insists: a mistyped `--interval 60` would
/// otherwise poll the real service every minute for as long as `--wait`.
fn check_interval(args: &CollectArgs) -> Outcome {
    if args.interval >= POLITE_INTERVAL
        || args.allow_frequent_polling
        || !is_documented_endpoint(&args.service.url)
    {
        return Ok(());
    }
    Err(Failure::Usage(format!(
        "--interval {} is more frequent than Sectigo allows: it asks partners who poll \
         {ENDPOINT} to do so no more frequently than once every 3 hours (--interval 10800); \
         give --allow-frequent-polling to poll more often anyway",
        human(args.interval)
    )))
}

/// Whether `url` is on the documented endpoint's host, however written
/// (case, port, path, a trailing dot).
fn is_documented_endpoint(url: &str) -> bool {
    host(url).eq_ignore_ascii_case(host(ENDPOINT))
}

/// The host of a URL: after the scheme and any user information, before
/// the port, the path, the query or the fragment.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next().unwrap_or(host_port)
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    host.strip_suffix('.').unwrap_or(host)
}

/// What the last call brought.
enum Last {
    /// An answer: its status and its description.
    Answer(Status, String),
    /// No answer: the transport's words.
    NoAnswer(String),
}

/// Calls until the certificate is issued (its answer's body), the order is
/// final, or the time is up.
fn poll(
    client: &Client,
    form: &[u8],
    expectation: &Expectation,
    policy: Policy,
    wait: Duration,
    progress: &mut Progress,
) -> Result<Vec<u8>, Failure> {
    let clock = Instant::now();
    let mut poller = Poller::new(policy);
    loop {
        let ticket = poller.start(clock.elapsed()).map_err(polling)?;
        let attempt = ticket.attempt();
        progress.calling(attempt, client.url());
        let answer = client.post(form);
        let now = clock.elapsed();
        let (step, last) = match answer {
            Err(TransportError(why)) => (poller.fail(ticket, now), Last::NoAnswer(why)),
            Ok(body) => {
                let (_, response) = match read_response(&body, expectation, Reading::Tolerant) {
                    Ok(read) => read,
                    Err(Failure::Failed(e)) => {
                        return Err(Failure::Failed(format!("attempt {attempt}: {e}")));
                    }
                    Err(other) => return Err(other),
                };
                let text = describe(&response);
                if response.status == Status::CertificatesAttached {
                    progress.answered(attempt, &text, None);
                    return Ok(body);
                }
                let status = response.status;
                (
                    poller.finish(ticket, status, now),
                    Last::Answer(status, text),
                )
            }
        };
        let next = match step.map_err(polling)? {
            Step::CallAt(at) => Some(at),
            // Available but not attached: ask again, as for a pending
            // order (the poller counts it final, so start it over; it
            // keeps the interval from this call).
            Step::Stop(_) if matches!(last, Last::Answer(Status::CertificatesAvailable, _)) => {
                poller.restart().map_err(polling)?;
                Some(poller.next_call_at().map_err(polling)?)
            }
            Step::Stop(_) => None,
        };
        let text = match &last {
            Last::Answer(_, text) => text.clone(),
            Last::NoAnswer(why) => format!("no answer: {why}"),
        };
        match next.filter(|at| !wait.is_zero() && *at <= wait) {
            Some(at) => {
                progress.answered(attempt, &text, Some(at.saturating_sub(now)));
                sleep_until(&clock, at, progress);
            }
            None => {
                progress.answered(attempt, &text, None);
                return Err(stopped(&last, client.url(), wait));
            }
        }
    }
}

/// A refusal of the poller: a bug here, since each call waits its turn.
fn polling(e: PollError) -> Failure {
    Failure::Failed(format!("polling: {e}"))
}

/// Sleeps until `at` on `clock`, counting down on the spinner.
fn sleep_until(clock: &Instant, at: Duration, progress: &mut Progress) {
    loop {
        let left = at.saturating_sub(clock.elapsed());
        if left.is_zero() {
            return;
        }
        progress.waiting(left);
        thread::sleep(left.min(Duration::from_secs(1)));
    }
}

/// Why collecting stopped without a certificate, from the last call.
fn stopped(last: &Last, url: &str, wait: Duration) -> Failure {
    match last {
        Last::NoAnswer(why) => Failure::Failed(format!("transport error: {why} ({url})")),
        Last::Answer(status, text) => {
            // Status 1 without the certificate attached counts as pending.
            let pending =
                status.class() == StatusClass::Pending || *status == Status::CertificatesAvailable;
            if pending {
                let when = if wait.is_zero() {
                    "ask again later, or give --wait SECONDS".to_owned()
                } else {
                    format!("still pending after --wait {}", human(wait))
                };
                return Failure::Pending(format!(
                    "the order is pending: {text}; nothing written ({when})"
                ));
            }
            match status.class() {
                StatusClass::Final(_) => {
                    Failure::Failed(format!("the order has no certificate: {text}"))
                }
                StatusClass::CallerError => {
                    Failure::Failed(format!("the service refused the request: {text}"))
                }
                StatusClass::Pending | StatusClass::Retryable => {
                    Failure::Failed(format!("the service failed: {text}"))
                }
            }
        }
    }
}

/// An answer in one line: the status and message, and what else it says.
fn describe(response: &Response<'_>) -> String {
    let mut line = status_text(response);
    match (response.certificate_status, response.validation_status) {
        (Some(certificate), Some(validation)) => {
            line.push_str(&format!(
                " (certificate: {certificate}; validation: {validation})"
            ));
        }
        (Some(certificate), None) => line.push_str(&format!(" (certificate: {certificate})")),
        (None, Some(validation)) => line.push_str(&format!(" (validation: {validation})")),
        (None, None) => {}
    }
    if let Some(fqdn) = response.fqdn {
        line.push_str(&format!(" for {fqdn}"));
    }
    crate::exit::one_line(&line)
}

/// Writes the issued certificate's files and says so on stdout.
fn write_issued(body: &[u8], expectation: &Expectation, out: &Path) -> Outcome {
    let (_, response) = read_response(body, expectation, Reading::Tolerant)?;
    let chain = Ordered::from_response(&response)?
        .filter(|chain| chain.has_leaf)
        .ok_or_else(|| {
            Failure::Failed(format!(
                "the answer holds no end-entity certificate: {}",
                describe(&response)
            ))
        })?;
    let leaf = chain.der.first().map(Vec::as_slice).unwrap_or_default();
    let cert = files::pem(leaf)?;
    let intermediates = chain
        .intermediates()
        .iter()
        .map(|der| files::pem(der))
        .collect::<Result<String, _>>()?;
    let mut written = vec![
        File {
            name: "cert.pem".to_owned(),
            text: cert.clone(),
        },
        File {
            name: "chain.pem".to_owned(),
            text: intermediates.clone(),
        },
        File {
            name: "fullchain.pem".to_owned(),
            text: cert + &intermediates,
        },
    ];
    if let Some(root) = chain.root() {
        written.push(File {
            name: "root.pem".to_owned(),
            text: files::pem(root)?,
        });
    }
    let paths = files::write_all(out, &written)?;

    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut line = match paths.split_last() {
        Some((last, [])) => format!("wrote {last}"),
        Some((last, rest)) => format!("wrote {} and {last}", rest.join(", ")),
        None => "wrote nothing".to_owned(),
    };
    if let Some(fqdn) = response.fqdn {
        line.push_str(&format!(
            " for {}",
            crate::exit::one_line(&fqdn.to_string())
        ));
    }
    // The certificate's own date first; the answer's is whole days.
    let not_after = x509::validity(leaf)
        .map(|(_, not_after)| not_after)
        .or(response.not_after);
    match not_after {
        Some(secs) => line.push_str(&format!(", valid until {}", x509::utc(secs))),
        None => line.push_str(", validity unknown"),
    }
    line.push('\n');
    json::write_stdout(line.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_host_is_found_however_written() {
        for url in [
            ENDPOINT,
            "https://SECURE.trust-provider.com./products/download/CollectSSL",
            "https://secure.trust-provider.com:443/x?y",
            "http://user@secure.trust-provider.com",
            "secure.trust-provider.com",
        ] {
            assert!(is_documented_endpoint(url), "{url}");
        }
        for url in [
            "http://127.0.0.1:8080/products/download/CollectSSL",
            "http://[::1]:8080/",
            "https://secure.trust-provider.com.example/",
            "https://example.com/?secure.trust-provider.com",
        ] {
            assert!(!is_documented_endpoint(url), "{url}");
        }
    }
}
