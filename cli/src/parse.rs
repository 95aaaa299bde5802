//! `collectssl parse` and `collectssl certs`: a response body on stdin,
//! read with the library, printed as JSON or written as PEM files.

use std::fs;
use std::io::{self, Read as _};
use std::path::Path;

use collectssl::response::{Expectation, Format, Response};

use crate::args::{CertsArgs, ParseArgs};
use crate::exit::{Failure, Outcome, one_line};
use crate::files::{self, File, Ordered, quoted};
use crate::json::{self, ResponseJson};

/// Which reading of a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// What the live service sends: the default.
    Tolerant,
    /// The written spec exactly (`--strict`).
    Strict,
}

/// `collectssl parse --request FORM [--strict]`.
pub fn parse(args: &ParseArgs) -> Outcome {
    let form = request_form(&args.request)?;
    let body = read_stdin()?;
    let reading = if args.strict {
        Reading::Strict
    } else {
        Reading::Tolerant
    };
    let expectation = Expectation::from_form(&form);
    let (format, response) = read_response(&body, &expectation, reading)?;
    json::write_line(&ResponseJson {
        format,
        response: &response,
    })
}

/// `collectssl certs --request FORM --out DIR`: the certificates of a
/// response, leaf first, as `0-leaf.pem`, `1-intermediate.pem`, …,
/// `N-root.pem`; the paths written are listed on stdout.
pub fn certs(args: &CertsArgs) -> Outcome {
    let form = request_form(&args.request)?;
    let body = read_stdin()?;
    let expectation = Expectation::from_form(&form);
    let (_, response) = read_response(&body, &expectation, Reading::Tolerant)?;
    let Some(chain) = Ordered::from_response(&response)? else {
        return Err(Failure::Failed(no_certificates(&response)));
    };
    let last = chain.der.len().saturating_sub(1);
    let mut written = Vec::with_capacity(chain.der.len());
    for (n, der) in chain.der.iter().enumerate() {
        let role = match n {
            0 if chain.has_leaf => "leaf",
            n if n == last && chain.ends_with_root => "root",
            _ => "intermediate",
        };
        written.push(File {
            name: format!("{n}-{role}.pem"),
            text: files::pem(der)?,
        });
    }
    let paths = files::write_all(&args.out, &written)?;
    let listing: String = paths
        .iter()
        .map(|path| format!("{}\n", path.display()))
        .collect();
    json::write_stdout(listing.as_bytes())
}

/// The request form of `--request FORM`: FORM itself, or the contents of
/// the file it names (without a final line break).
fn request_form(form: &str) -> Result<Vec<u8>, Failure> {
    let path = Path::new(form);
    if !path.is_file() {
        return Ok(form.as_bytes().to_vec());
    }
    let mut form = fs::read(path)
        .map_err(|e| Failure::Failed(format!("cannot read {}: {e}", quoted(path))))?;
    for end in [b'\n', b'\r'] {
        if form.last() == Some(&end) {
            form.pop();
        }
    }
    Ok(form)
}

/// Parses `body` as the answer to a request of shape `expectation`, and
/// checks that its certificates decode, so that a bad one is an error
/// naming its offset here rather than a surprise later.
pub fn read_response<'b>(
    body: &'b [u8],
    expectation: &Expectation,
    reading: Reading,
) -> Result<(Format, Response<'b>), Failure> {
    let format = Format::detect(body, expectation);
    let parsed = match reading {
        Reading::Tolerant => Response::parse(body, expectation),
        Reading::Strict => Response::parse_strict(body, expectation),
    };
    parsed
        .and_then(|response| response.check_certificates().map(|()| response))
        .map(|response| (format, response))
        .map_err(|e| Failure::Failed(format!("the response does not parse: {e}")))
}

/// The server's words for a response's status: its error message, or the
/// spec's message for the status; on one line.
pub fn status_text(response: &Response<'_>) -> String {
    let code = response.status.code();
    let why = response
        .error_message
        .map(|message| message.to_string())
        .or_else(|| response.status.message().map(str::to_owned))
        .filter(|why| !why.is_empty());
    match why {
        Some(why) => one_line(&format!("{code} {why}")),
        None => code.to_string(),
    }
}

/// Why a response has no certificates, in one line.
fn no_certificates(response: &Response<'_>) -> String {
    let code = response.status.code();
    let text = status_text(response);
    match text.strip_prefix(&code.to_string()).map(str::trim_start) {
        Some(why) if !why.is_empty() => format!("status {code}: no certificates ({why})"),
        _ => format!("status {code}: no certificates"),
    }
}

fn read_stdin() -> Result<Vec<u8>, Failure> {
    let mut body = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut body)
        .map_err(|e| Failure::Failed(format!("cannot read stdin: {e}")))?;
    Ok(body)
}
