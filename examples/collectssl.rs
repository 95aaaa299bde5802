//! `collectssl`: the crate's command-line face, and the black-box contract
//! for conformance tests.
//!
//! ```text
//! collectssl request parse < BODY
//! collectssl request encode --login-name NAME --login-password PASSWORD
//!     (--order-number N | --certificate-id ID | --base-order-number N) [OPTIONS]
//! collectssl help
//! ```
//!
//! Run it with `cargo run --example collectssl --features serde -- …`;
//! `collectssl help` lists the options. Exit status: 0 success, 1 a refused
//! request or unreadable input, 2 a bad command line. Every failure is one
//! line on stderr, except a refused request, which is answered on stdout as
//! the server answers it.

use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::process::ExitCode;

use collectssl::{
    Field, QueryType, Request, ResponseEncoding, ResponseFormat, ResponseType, Selector,
};
use serde::Serialize;
use serde::ser::{Error as _, SerializeMap, Serializer};

const USAGE: &str = "\
collectssl: a codec for Sectigo's CollectSSL API

Usage:
  collectssl request parse < BODY
      Read a request form body on stdin the way the server does. Valid: print
      the request as one JSON object, exit 0. Refused: print the server's
      answer, {\"errorCode\": -2|-3|-4, \"errorMessage\": \"...\"}, exit 1.

  collectssl request encode --login-name NAME --login-password PASSWORD
          (--order-number N | --certificate-id ID | --base-order-number N)
          [OPTIONS]
      Print the request form body, without a trailing newline, so that it
      pipes into 'collectssl request parse'. Several selectors may be given.
      --query-type 0|1|2|3            (default 1)
      --response-type 0|1|2|3
      --response-encoding 0|1
      --response-format 0|1
      --show-validity-period Y|N      --show-fqdn Y|N
      --show-ext-status Y|N           --show-status-details Y|N
      --show-mdc-domain-details Y|N   --show-mdc-domain-details2 Y|N
      --collection-code CODE          --response-mime-type TYPE
      A value may also be written --option=VALUE (needed when it starts
      with \"--\").

  collectssl help | --help

Exit status: 0 success, 1 a refused request or unreadable input, 2 a bad
command line.
";

/// Why a command stopped early.
enum Stop {
    /// `--help` was asked for.
    Help,
    /// A bad command line: one line on stderr, exit 2.
    Usage(String),
    /// Input or output failed: one line on stderr, exit 1.
    Failed(String),
    /// The answer is already on stdout (e.g. a refused request): exit 1.
    Refused,
}

fn usage(message: impl Into<String>) -> Stop {
    Stop::Usage(message.into())
}

fn main() -> ExitCode {
    let args: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(OsString::into_string)
        .collect();
    let result = match &args {
        Ok(args) => run(&args.iter().map(String::as_str).collect::<Vec<_>>()),
        Err(arg) => Err(usage(format!("argument {arg:?} is not UTF-8"))),
    };
    result.map_or_else(finish, |()| ExitCode::SUCCESS)
}

/// Does what `stop` calls for and gives the exit status.
fn finish(stop: Stop) -> ExitCode {
    let (line, code) = match stop {
        Stop::Help => {
            return write_stdout(USAGE.as_bytes()).map_or_else(finish, |()| ExitCode::SUCCESS);
        }
        Stop::Refused => return ExitCode::FAILURE,
        Stop::Usage(message) => (format!("{message} (see 'collectssl --help')"), 2),
        Stop::Failed(message) => (message, 1),
    };
    // Nothing is left to do if stderr is gone too.
    let _ = writeln!(io::stderr(), "collectssl: {line}");
    ExitCode::from(code)
}

/// Dispatches on the command words; the rest of the line goes to the command.
fn run(args: &[&str]) -> Result<(), Stop> {
    match args {
        [] => Err(usage("no command given")),
        ["help" | "--help" | "-h", ..] => Err(Stop::Help),
        ["request", "parse", rest @ ..] => request_parse(rest),
        ["request", "encode", rest @ ..] => request_encode(rest),
        ["request", "--help" | "-h", ..] => Err(Stop::Help),
        ["request", other, ..] => Err(usage(format!(
            "unknown command {:?}: expected 'request parse' or 'request encode'",
            format!("request {other}")
        ))),
        ["request"] => Err(usage("'request' needs 'parse' or 'encode'")),
        [other, ..] => Err(usage(format!("unknown command {other:?}"))),
    }
}

/// `collectssl request parse`: a request body on stdin, judged as the server
/// judges it.
fn request_parse(args: &[&str]) -> Result<(), Stop> {
    Options::parse(args, &[])?;
    let body = read_stdin()?;
    match Request::parse(&body) {
        Ok(request) => write_json(&RequestJson(&request)),
        Err(refusal) => {
            write_json(&Refusal {
                error_code: refusal.status().code(),
                error_message: refusal.to_string(),
            })?;
            Err(Stop::Refused)
        }
    }
}

/// Every option of `collectssl request encode`.
const ENCODE_OPTIONS: &[&str] = &[
    "login-name",
    "login-password",
    "order-number",
    "certificate-id",
    "base-order-number",
    "query-type",
    "response-type",
    "response-encoding",
    "response-format",
    "show-validity-period",
    "show-fqdn",
    "show-ext-status",
    "show-mdc-domain-details",
    "show-mdc-domain-details2",
    "show-status-details",
    "collection-code",
    "response-mime-type",
];

/// `collectssl request encode`: a request from options, as a form body.
///
/// Only the command line is checked here; whether the request is one the
/// server accepts is the crate's call (`Request::write_to` validates).
fn request_encode(args: &[&str]) -> Result<(), Stop> {
    let options = Options::parse(args, ENCODE_OPTIONS)?;
    let query_type = options
        .code("query-type", QueryType::ALL, QueryType::from_code)?
        .unwrap_or(QueryType::CertificateAndChain);
    let mut selectors = [
        options.get("order-number").map(Selector::OrderNumber),
        options
            .number("certificate-id")?
            .map(Selector::CertificateId),
        options
            .number("base-order-number")?
            .map(Selector::BaseOrderNumber),
    ]
    .into_iter()
    .flatten();
    // An empty order number counts as absent, so with no selector at all the
    // crate reports the missing `orderNumber` as the server would.
    let first = selectors.next().unwrap_or(Selector::OrderNumber(""));
    let mut request = Request::new(
        options.get("login-name").unwrap_or_default(),
        options.get("login-password").unwrap_or_default(),
        first,
        query_type,
    );
    for selector in selectors {
        request = request.with_selector(selector);
    }
    if let Some(v) = options.code("response-type", ResponseType::ALL, ResponseType::from_code)? {
        request = request.with_response_type(v);
    }
    if let Some(v) = options.code(
        "response-encoding",
        ResponseEncoding::ALL,
        ResponseEncoding::from_code,
    )? {
        request = request.with_response_encoding(v);
    }
    if let Some(v) = options.code(
        "response-format",
        ResponseFormat::ALL,
        ResponseFormat::from_code,
    )? {
        request = request.with_response_format(v);
    }
    let flags = [
        (
            "show-validity-period",
            Request::with_show_validity_period as fn(_, _) -> _,
        ),
        ("show-fqdn", Request::with_show_fqdn),
        ("show-ext-status", Request::with_show_ext_status),
        (
            "show-mdc-domain-details",
            Request::with_show_mdc_domain_details,
        ),
        (
            "show-mdc-domain-details2",
            Request::with_show_mdc_domain_details2,
        ),
        ("show-status-details", Request::with_show_status_details),
    ];
    for (name, set) in flags {
        if let Some(v) = options.flag(name)? {
            request = set(request, v);
        }
    }
    if let Some(v) = options.get("collection-code") {
        request = request.with_collection_code(v);
    }
    if let Some(v) = options.get("response-mime-type") {
        request = request.with_response_mime_type(v);
    }

    let mut body = String::with_capacity(request.encoded_len());
    request
        .write_to(&mut body)
        .map_err(|e| Stop::Failed(format!("cannot encode the request: {e}")))?;
    write_stdout(body.as_bytes())
}

/// A command's `--name value` (or `--name=value`) options, each at most once.
struct Options<'a> {
    known: &'static [&'static str],
    values: Vec<(&'static str, &'a str)>,
}

impl<'a> Options<'a> {
    /// Reads `args` against the `known` option names (without `--`).
    fn parse(args: &[&'a str], known: &'static [&'static str]) -> Result<Self, Stop> {
        let mut values: Vec<(&'static str, &'a str)> = Vec::new();
        let mut args = args.iter().copied();
        while let Some(arg) = args.next() {
            if matches!(arg, "--help" | "-h") {
                return Err(Stop::Help);
            }
            let Some(option) = arg.strip_prefix("--") else {
                return Err(usage(format!("unexpected argument {arg:?}")));
            };
            let (name, inline) = match option.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (option, None),
            };
            let Some(&name) = known.iter().find(|k| **k == name) else {
                return Err(usage(format!("unknown option {:?}", format!("--{name}"))));
            };
            let value = match inline {
                Some(value) => value,
                None => match args.next() {
                    Some(value) if !value.starts_with("--") => value,
                    _ => return Err(usage(format!("option '--{name}' needs a value"))),
                },
            };
            if values.iter().any(|(seen, _)| *seen == name) {
                return Err(usage(format!("option '--{name}' is given twice")));
            }
            values.push((name, value));
        }
        Ok(Self { known, values })
    }

    /// The value of `--name`, as given.
    fn get(&self, name: &str) -> Option<&'a str> {
        debug_assert!(self.known.contains(&name), "--{name} is not a known option");
        self.values
            .iter()
            .find(|(seen, _)| *seen == name)
            .map(|(_, value)| *value)
    }

    /// The value of `--name` as a decimal number (ASCII digits only).
    fn number(&self, name: &str) -> Result<Option<u64>, Stop> {
        self.get(name)
            .map(|value| {
                decimal(value).ok_or_else(|| {
                    usage(format!("option '--{name}' needs a number, not {value:?}"))
                })
            })
            .transpose()
    }

    /// The value of `--name` as one of the wire codes in `all`.
    fn code<T: std::fmt::Display>(
        &self,
        name: &str,
        all: &[T],
        from_code: fn(u64) -> Option<T>,
    ) -> Result<Option<T>, Stop> {
        self.get(name)
            .map(|value| {
                decimal(value).and_then(from_code).ok_or_else(|| {
                    let codes: Vec<String> = all.iter().map(T::to_string).collect();
                    usage(format!(
                        "option '--{name}' needs one of {}, not {value:?}",
                        codes.join(", ")
                    ))
                })
            })
            .transpose()
    }

    /// The value of `--name` as a `Y`/`N` flag (either case, like the server).
    fn flag(&self, name: &str) -> Result<Option<bool>, Stop> {
        self.get(name)
            .map(|value| match value {
                "Y" | "y" => Ok(true),
                "N" | "n" => Ok(false),
                _ => Err(usage(format!(
                    "option '--{name}' needs Y or N, not {value:?}"
                ))),
            })
            .transpose()
    }
}

/// Plain ASCII digits as a `u64`: no sign, no space, no overflow.
fn decimal(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The server's answer to a refused request.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Refusal {
    error_code: i32,
    error_message: String,
}

/// A request as JSON: the crate's own serialization, in the canonical
/// argument order, with the real password where the crate writes `"***"`.
struct RequestJson<'r, 'a>(&'r Request<'a>);

impl Serialize for RequestJson<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let serde_json::Value::Object(mut fields) =
            serde_json::to_value(self.0).map_err(S::Error::custom)?
        else {
            return Err(S::Error::custom("a request serializes to a JSON object"));
        };
        // Printing the password is the point of this command, so say so.
        let password =
            serde_json::to_value(self.0.login_password.expose()).map_err(S::Error::custom)?;
        fields.insert(Field::LoginPassword.name().to_owned(), password);
        // serde_json's map sorts its keys; write them in the spec's order.
        let mut map = serializer.serialize_map(Some(fields.len()))?;
        for field in Field::ALL {
            if let Some(value) = fields.remove(field.name()) {
                map.serialize_entry(field.name(), &value)?;
            }
        }
        for (name, value) in &fields {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

fn read_stdin() -> Result<Vec<u8>, Stop> {
    let mut body = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut body)
        .map_err(|e| Stop::Failed(format!("cannot read stdin: {e}")))?;
    Ok(body)
}

/// Writes `value` as one line of JSON.
fn write_json(value: &impl Serialize) -> Result<(), Stop> {
    let mut line =
        serde_json::to_vec(value).map_err(|e| Stop::Failed(format!("cannot write JSON: {e}")))?;
    line.push(b'\n');
    write_stdout(&line)
}

/// Writes to stdout, reporting a closed pipe instead of panicking.
fn write_stdout(bytes: &[u8]) -> Result<(), Stop> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Stop::Failed(format!("cannot write to stdout: {e}")))
}
