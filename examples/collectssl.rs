//! `collectssl`: the crate's command-line face, and the black-box contract
//! for conformance tests.
//!
//! ```text
//! collectssl parse --request FORM < BODY
//! collectssl certs --request FORM --out DIR < BODY
//! collectssl request parse < BODY
//! collectssl request encode --login-name NAME --login-password PASSWORD
//!     (--order-number N | --certificate-id ID | --base-order-number N) [OPTIONS]
//! collectssl help
//! ```
//!
//! Run it with `cargo run --example collectssl --features serde -- …`;
//! `collectssl help` lists the options. Exit status: 0 success, 1 a refused
//! request, a response that does not parse or holds no certificates, or
//! unreadable input, 2 a bad command line. Every failure is one line on
//! stderr, except a refused request, which is answered on stdout as the
//! server answers it.

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use collectssl::response::{Expectation, Format, Response};
use collectssl::{
    Blob, Chain, Field, QueryType, Request, ResponseEncoding, ResponseFormat, ResponseType,
    Selector,
};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{Error as _, SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

const USAGE: &str = "\
collectssl: a codec for Sectigo's CollectSSL API

Usage:
  collectssl parse --request FORM < BODY
      Read a response body on stdin (format 0 text, format 1 form, or the
      binary ZIP/PKCS#7) and print it as one JSON object: \"format\"
      (\"text\", \"form\" or \"binary\"), then the spec's format-1 names
      (errorCode, errorMessage, notBefore, notAfter, fqdn, caCertificates,
      certificate, zipFile, pkcs7, netscapeCertificateSequence,
      certificateStatus, validationStatus, mdcDomainDetails,
      mdcDomainDetails2, csrStatus ... brandValStatus, caaStatus). Dates are
      Unix seconds; certificates and containers are base64 of their bytes;
      absent data is left out.
      FORM is the request form that was sent, e.g.
      --request 'queryType=1&showFQDN=Y'; it tells the shape to expect and
      is read leniently (the answer to a refused request still parses). If
      FORM names an existing file, the form is read from that file (a final
      line break is ignored). A body that does not parse: one line on
      stderr naming the byte offset, exit 1.

  collectssl certs --request FORM --out DIR < BODY
      Parse the body as 'parse' does and write its certificates into DIR
      (created if needed) as PEM files in chain order, leaf first:
      0-leaf.pem, 1-intermediate.pem, ..., N-root.pem, whatever carried
      them: individual certificates, PKCS#7, a Netscape sequence or a ZIP,
      in either format or binary (with queryType=3 there is no leaf: 0 is
      the last intermediate). The order comes from matching each issuer to
      a subject, not from the wire. Print the paths written, one a line. A
      response
      without certificates: one line on stderr, exit 1.

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

Exit status: 0 success; 1 a refused request, a response that does not
parse or holds no certificates, or unreadable input; 2 a bad command line.
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
        ["parse", rest @ ..] => parse(rest),
        ["certs", rest @ ..] => certs(rest),
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

/// Every option of `collectssl parse`.
const PARSE_OPTIONS: &[&str] = &["request"];
/// Every option of `collectssl certs`.
const CERTS_OPTIONS: &[&str] = &["request", "out"];

/// `collectssl parse --request FORM`: a response body on stdin, as JSON.
fn parse(args: &[&str]) -> Result<(), Stop> {
    let options = Options::parse(args, PARSE_OPTIONS)?;
    let form = request_form(&options)?;
    let body = read_stdin()?;
    let (format, response) = parse_response(&form, &body)?;
    write_json(&ResponseJson {
        format,
        response: &response,
    })
}

/// `collectssl certs --request FORM --out DIR`: the certificates of a
/// response body on stdin, written as files.
fn certs(args: &[&str]) -> Result<(), Stop> {
    let options = Options::parse(args, CERTS_OPTIONS)?;
    let form = request_form(&options)?;
    let dir = Path::new(
        options
            .get("out")
            .ok_or_else(|| usage("'certs' needs '--out DIR'"))?,
    );
    let body = read_stdin()?;
    let (_, response) = parse_response(&form, &body)?;
    let files = chain_files(&response)?;
    if files.is_empty() {
        return Err(Stop::Failed(no_certificates(&response)));
    }
    fs::create_dir_all(dir)
        .map_err(|e| Stop::Failed(format!("cannot create {}: {e}", quoted(dir))))?;
    let mut listing = String::new();
    for file in &files {
        let path = dir.join(&file.name);
        fs::write(&path, &file.bytes)
            .map_err(|e| Stop::Failed(format!("cannot write {}: {e}", quoted(&path))))?;
        listing.push_str(&format!("{}\n", path.display()));
    }
    write_stdout(listing.as_bytes())
}

/// The request form of `--request FORM`: FORM itself, or the contents of
/// the file it names (without a final line break).
fn request_form(options: &Options<'_>) -> Result<Vec<u8>, Stop> {
    let form = options
        .get("request")
        .ok_or_else(|| usage("'--request FORM' is required"))?;
    let path = Path::new(form);
    if !path.is_file() {
        return Ok(form.as_bytes().to_vec());
    }
    let mut form =
        fs::read(path).map_err(|e| Stop::Failed(format!("cannot read {}: {e}", quoted(path))))?;
    for end in [b'\n', b'\r'] {
        if form.last() == Some(&end) {
            form.pop();
        }
    }
    Ok(form)
}

/// Parses `body` as the answer to the request `form` (read leniently) and
/// checks that its certificates decode.
fn parse_response<'b>(form: &[u8], body: &'b [u8]) -> Result<(Format, Response<'b>), Stop> {
    let expectation = Expectation::from_form(form);
    let format = Format::detect(body, &expectation);
    Response::parse(body, &expectation)
        .and_then(|response| response.check_certificates().map(|()| response))
        .map(|response| (format, response))
        .map_err(|e| Stop::Failed(format!("the response does not parse: {e}")))
}

/// A file `certs` writes.
struct File {
    name: String,
    bytes: String,
}

/// The certificates of a response as PEM files, leaf first, root last,
/// ordered by the crate's chain builder from any container.
fn chain_files(response: &Response<'_>) -> Result<Vec<File>, Stop> {
    let failed = |e: collectssl::Error| Stop::Failed(format!("the certificates do not chain: {e}"));
    if response.blobs().next().is_none() {
        return Ok(Vec::new());
    }
    // Room for the decoded certificates, and for unpacking a ZIP entry.
    let size: usize = response
        .blobs()
        .map(|blob| blob.decoded_len().unwrap_or(0))
        .sum();
    let mut buf = vec![0u8; size.saturating_mul(4).max(1 << 16)];
    let chain = Chain::<32>::from_response(response, &mut buf).map_err(failed)?;
    // Only an answer with the end entity has a leaf; a CA bundle starts
    // with its last intermediate.
    let has_leaf = response.certificate.is_some() || response.container().is_some();
    let last = chain.len().saturating_sub(1);
    let mut files = Vec::new();
    for (n, certificate) in chain.iter().enumerate() {
        let role = match n {
            0 if has_leaf => "leaf",
            n if n == last && chain.ends_with_root() => "root",
            _ => "intermediate",
        };
        let mut bytes = String::new();
        Blob::binary(certificate.der())
            .write_pem("CERTIFICATE", &mut bytes)
            .map_err(failed)?;
        files.push(File {
            name: format!("{n}-{role}.pem"),
            bytes,
        });
    }
    Ok(files)
}

/// Why a response has no certificates, in one line: its status, and its
/// error message or the spec's message for the status.
fn no_certificates(response: &Response<'_>) -> String {
    let code = response.status.code();
    let why = response
        .error_message
        .map(|message| message.to_string())
        .or_else(|| response.status.message().map(str::to_owned))
        .filter(|why| !why.is_empty());
    match why {
        // A message is the server's text: keep it to one line.
        Some(why) => format!(
            "status {code}: no certificates ({})",
            why.replace(char::is_control, " ")
        ),
        None => format!("status {code}: no certificates"),
    }
}

/// A path for a one-line message.
fn quoted(path: &Path) -> String {
    format!("{:?}", path.display().to_string())
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

/// A response as JSON: `format`, then the crate's own serialization in its
/// order, without the empty values a body may carry (`fqdn=`, an empty
/// list), so that absent data is never `null`, `[]` or `""`.
struct ResponseJson<'r, 'a> {
    format: Format,
    response: &'r Response<'a>,
}

impl Serialize for ResponseJson<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let format = match self.format {
            Format::NewlineDelimited => "text",
            Format::UrlEncoded => "form",
            Format::Binary => "binary",
        };
        // serde_json's map sorts its keys: read the entries back in order.
        let json = serde_json::to_string(self.response).map_err(S::Error::custom)?;
        let Entries(entries) = serde_json::from_str(&json).map_err(S::Error::custom)?;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("format", format)?;
        for (name, value) in &entries {
            let empty = match value {
                serde_json::Value::Null => true,
                serde_json::Value::String(s) => s.is_empty(),
                serde_json::Value::Array(a) => a.is_empty(),
                serde_json::Value::Object(o) => o.is_empty(),
                _ => false,
            };
            if !empty {
                map.serialize_entry(name, value)?;
            }
        }
        map.end()
    }
}

/// A JSON object's entries in their order.
struct Entries(Vec<(String, serde_json::Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Ordered)
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
