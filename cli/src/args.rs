//! The command line, declared with clap: every command, option and help
//! text in one place, and the parsers of the values clap cannot check by
//! type (wire codes, `Y`/`N`, seconds).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use collectssl::request::ENDPOINT;
use collectssl::{QueryType, ResponseEncoding, ResponseFormat, ResponseType};

/// Sectigo asks partners who poll to do so no more often than once every
/// three hours: the default `--interval`, and the least one allowed against
/// the documented endpoint without `--allow-frequent-polling`.
pub const POLITE_INTERVAL: Duration = Duration::from_secs(3 * 60 * 60);

/// Every command at a glance, at the end of `collectssl --help`.
const OVERVIEW: &str = "\
Commands at a glance:
  collectssl parse --request FORM [--strict] < BODY
  collectssl certs --request FORM --out DIR < BODY
  collectssl request parse < BODY
  collectssl request encode --login-name NAME --login-password PASSWORD --order-number N [OPTIONS]
  collectssl collect (--order-number N | --certificate-id ID | --base-order-number N) --out DIR
      [--url URL] [--wait SECONDS] [--interval SECONDS]
  collectssl status (--order-number N | --certificate-id ID | --base-order-number N) [--url URL]
  collectssl mock [--listen ADDR] [--orders DIR]

'collectssl COMMAND --help' tells more about each.

Credentials of 'collect' and 'status': the environment variables
COLLECTSSL_LOGIN_NAME and COLLECTSSL_LOGIN_PASSWORD, or --login-name NAME and
--password-file FILE (its first line). A password is never an argument.

Exit status: 0 success; 1 a failure (a refused or final answer, a body that
does not parse, the service unreachable, a file that cannot be written); 2 a
bad command line; 3 the order is still pending ('collect').";

/// The `collectssl` command.
#[derive(Debug, Parser)]
#[command(
    name = "collectssl",
    version,
    about = "Parse Sectigo CollectSSL answers, collect certificates, and mock the service",
    after_help = OVERVIEW,
    subcommand_required = true,
    propagate_version = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a response body (on stdin) as one JSON object.
    #[command(
        long_about = "Read a response body on stdin (format 0 text, format 1 form, or the binary \
ZIP/PKCS#7) and print it as one JSON object: \"format\" (\"text\", \"form\" or \"binary\"), then \
the spec's format-1 names (errorCode, errorMessage, notBefore, notAfter, fqdn, caCertificates, \
certificate, zipFile, pkcs7, netscapeCertificateSequence, certificateStatus, validationStatus, \
mdcDomainDetails, mdcDomainDetails2, csrStatus ... brandValStatus, caaStatus), then what the \
service sent beyond the spec (otherParameters, otherLines). Dates are Unix seconds; certificates \
and containers are base64 of their bytes; absent data is left out.\n\n\
Usage: collectssl parse --request FORM [--strict] < BODY\n\n\
A body that does not parse: one line on stderr naming the byte offset, exit 1."
    )]
    Parse(ParseArgs),
    /// Write the certificates of a response body (on stdin) as PEM files.
    #[command(
        long_about = "Parse the body as 'parse' does and write its certificates into DIR (created \
if needed) as PEM files in chain order, leaf first: 0-leaf.pem, 1-intermediate.pem, ..., \
N-root.pem, whatever carried them: individual certificates, PKCS#7, a Netscape sequence or a ZIP, \
in either format or binary (with queryType=3 there is no leaf: 0 is the last intermediate). The \
order comes from matching each issuer to a subject, not from the wire. Print the paths written, \
one a line. A response without certificates: one line on stderr, exit 1.\n\n\
Usage: collectssl certs --request FORM --out DIR < BODY"
    )]
    Certs(CertsArgs),
    /// Read or write a request form.
    #[command(subcommand)]
    Request(RequestCommand),
    /// Collect an order's certificate from the service into PEM files.
    #[command(
        long_about = "Ask the service for an order's certificate and its chain (queryType=1, \
responseType=3, responseFormat=1, with the validity, the name and the extended status) and, once \
it is issued, write into DIR (created if needed):\n\
  cert.pem       the end-entity certificate\n\
  chain.pem      the intermediates, the leaf's issuer first (no self-signed root)\n\
  fullchain.pem  cert.pem then chain.pem\n\
  root.pem       the self-signed root, when the answer holds one\n\
Each file is written whole or not at all (a temporary file in DIR, then a rename). One line on \
stdout says what was written and until when the certificate is valid.\n\n\
While the order is pending (status 0, 1 or -22): with --wait 0 (the default) nothing is written \
and the exit status is 3; with --wait SECONDS it asks again, one call at a time, never sooner \
than --interval after the last call ended, backing off while the order stays pending or the \
service fails (-14, no answer), until the certificate is issued, the order is final, or the time \
is up (exit 3).\n\n\
Sectigo asks partners who poll to do so no more frequently than once every 3 hours: --interval \
defaults to 10800 seconds, and a shorter one against the documented endpoint (the default --url) \
is refused unless --allow-frequent-polling is given. Against any other URL, such as \
'collectssl mock', any interval goes.\n\n\
Credentials: COLLECTSSL_LOGIN_NAME and COLLECTSSL_LOGIN_PASSWORD in the environment, or \
--login-name NAME and --password-file FILE (its first line). The password is never an argument \
and never printed.\n\n\
Exit status: 0 written; 1 rejected (-20), revoked (-21), a refused request (-1 to -4, -16, -17), \
the service failing or unreachable, or a file that cannot be written; 2 a bad command line or no \
credentials; 3 still pending."
    )]
    Collect(CollectArgs),
    /// Ask the service for an order's status and print the answer as JSON.
    #[command(
        long_about = "Ask the service for an order's status (queryType=0, responseFormat=1, with \
every show* flag: validity period, FQDN, extended status, MDC domain details and details2, \
status details) and print the answer as 'parse' does. Credentials as for 'collect'.\n\n\
Exit status: 0 when the service answered with a status >= 0; 1 when it answered with a negative \
status or could not be reached; 2 a bad command line or no credentials."
    )]
    Status(StatusArgs),
    /// Serve a stand-in for the CollectSSL service, for testing clients.
    #[command(long_about = crate::mock::HELP)]
    Mock(MockArgs),
}

/// `collectssl parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The request form that was sent, or a file holding it (a final line
    /// break is ignored): it tells the shape to expect and is read
    /// leniently, so that the answer to a refused request still parses. If
    /// FORM names an existing file, the form is read from that file.
    #[arg(long, value_name = "FORM")]
    pub request: String,
    /// Read the body as the written spec says, refusing what the live
    /// service sends beyond it (the default reading accepts it).
    #[arg(long)]
    pub strict: bool,
}

/// `collectssl certs`.
#[derive(Debug, Args)]
pub struct CertsArgs {
    /// The request form that was sent, or a file holding it (as for 'parse':
    /// FORM names an existing file, or is the form itself).
    #[arg(long, value_name = "FORM")]
    pub request: String,
    /// Where the PEM files go (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// `collectssl request …`.
#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Read a request form body on stdin the way the server does.
    #[command(
        long_about = "Read a request form body on stdin the way the server does. Valid: print the \
request as one JSON object (canonical names, Y/N as true/false, numbers as numbers), exit 0. \
Refused: print the server's answer, {\"errorCode\": -2|-3|-4, \"errorMessage\": \"...\"}, exit 1.\n\n\
Usage: collectssl request parse < BODY"
    )]
    Parse,
    /// Print a request form body made from options.
    #[command(
        long_about = "Print the request form body, without a trailing newline, so that it pipes \
into 'collectssl request parse'. Several selectors may be given. A value may also be written \
--option=VALUE (needed when it starts with \"--\"). A request the server would refuse is one line \
on stderr, exit 1.\n\n\
Usage: collectssl request encode --login-name NAME --login-password PASSWORD \
(--order-number N | --certificate-id ID | --base-order-number N) [OPTIONS]"
    )]
    Encode(EncodeArgs),
}

/// `collectssl request encode`: every argument of a request.
#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// loginName.
    #[arg(long, value_name = "NAME")]
    pub login_name: Option<String>,
    /// loginPassword (printed in the body: this command's purpose).
    #[arg(long, value_name = "PASSWORD")]
    pub login_password: Option<String>,
    /// orderNumber.
    #[arg(long, value_name = "N")]
    pub order_number: Option<String>,
    /// certificateID.
    #[arg(long, value_name = "ID", value_parser = decimal)]
    pub certificate_id: Option<u64>,
    /// baseOrderNumber.
    #[arg(long, value_name = "N", value_parser = decimal)]
    pub base_order_number: Option<u64>,
    /// queryType: 0 status, 1 certificate and chain, 2 certificate, 3 CA
    /// bundle (default 1).
    #[arg(long, value_name = "0|1|2|3", value_parser = query_type)]
    pub query_type: Option<QueryType>,
    /// responseType: 0 ZIP, 1 Netscape sequence, 2 PKCS#7, 3 individually.
    #[arg(long, value_name = "0|1|2|3", value_parser = response_type)]
    pub response_type: Option<ResponseType>,
    /// responseEncoding: 0 base64, 1 binary.
    #[arg(long, value_name = "0|1", value_parser = response_encoding)]
    pub response_encoding: Option<ResponseEncoding>,
    /// responseFormat: 0 newline-delimited, 1 URL-encoded.
    #[arg(long, value_name = "0|1", value_parser = response_format)]
    pub response_format: Option<ResponseFormat>,
    /// showValidityPeriod.
    #[arg(long, value_name = "Y|N", value_parser = yes_no)]
    pub show_validity_period: Option<bool>,
    /// showFQDN.
    #[arg(long, value_name = "Y|N", value_parser = yes_no)]
    pub show_fqdn: Option<bool>,
    /// showExtStatus.
    #[arg(long, value_name = "Y|N", value_parser = yes_no)]
    pub show_ext_status: Option<bool>,
    /// showStatusDetails.
    #[arg(long, value_name = "Y|N", value_parser = yes_no)]
    pub show_status_details: Option<bool>,
    /// showMDCDomainDetails.
    #[arg(long, value_name = "Y|N", value_parser = yes_no)]
    pub show_mdc_domain_details: Option<bool>,
    /// showMDCDomainDetails2.
    #[arg(long, value_name = "Y|N", value_parser = yes_no)]
    pub show_mdc_domain_details2: Option<bool>,
    /// collectionCode.
    #[arg(long, value_name = "CODE")]
    pub collection_code: Option<String>,
    /// responseMimeType.
    #[arg(long, value_name = "TYPE")]
    pub response_mime_type: Option<String>,
}

/// Which order: exactly one selector.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct SelectorArgs {
    /// The order number (orderNumber).
    #[arg(long, value_name = "N")]
    pub order_number: Option<String>,
    /// The certificate ID (certificateID).
    #[arg(long, value_name = "ID", value_parser = decimal)]
    pub certificate_id: Option<u64>,
    /// The base order number of a renewal chain (baseOrderNumber).
    #[arg(long, value_name = "N", value_parser = decimal)]
    pub base_order_number: Option<u64>,
}

/// Who asks, and where.
#[derive(Debug, Args)]
pub struct ServiceArgs {
    /// The endpoint (default: Sectigo's).
    #[arg(long, value_name = "URL", default_value = ENDPOINT)]
    pub url: String,
    /// The account's login name (default: $COLLECTSSL_LOGIN_NAME).
    #[arg(long, value_name = "NAME")]
    pub login_name: Option<String>,
    /// A file whose first line is the password (default:
    /// $COLLECTSSL_LOGIN_PASSWORD).
    #[arg(long, value_name = "FILE")]
    pub password_file: Option<PathBuf>,
}

/// `collectssl collect`.
#[derive(Debug, Args)]
pub struct CollectArgs {
    #[command(flatten)]
    pub selector: SelectorArgs,
    /// Where the PEM files go (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub service: ServiceArgs,
    /// How long to keep asking while the order is pending (0: ask once).
    #[arg(long, value_name = "SECONDS", default_value = "0", value_parser = seconds)]
    pub wait: Duration,
    /// The least time between the end of one call and the start of the
    /// next (fractions allowed).
    #[arg(long, value_name = "SECONDS", default_value = "10800", value_parser = seconds)]
    pub interval: Duration,
    /// Allow an --interval under 3 hours against the documented endpoint.
    #[arg(long)]
    pub allow_frequent_polling: bool,
}

/// `collectssl status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub selector: SelectorArgs,
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// `collectssl mock`.
#[derive(Debug, Args)]
pub struct MockArgs {
    /// Where to listen; port 0 picks a free port. The URL to use is printed
    /// on stdout once the mock listens.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Serve the orders in DIR as well (see above).
    #[arg(long, value_name = "DIR")]
    pub orders: Option<PathBuf>,
    /// Answer every request with -1 (not made over https) unless it
    /// carries 'X-Forwarded-Proto: https', as behind a TLS-terminating
    /// proxy (the mock speaks plain HTTP only).
    #[arg(long)]
    pub require_https: bool,
    /// How many connections are served at once; beyond that a connection
    /// is answered 503 at once.
    #[arg(long, value_name = "N", default_value = "256", value_parser = clap::value_parser!(u16).range(1..))]
    pub max_connections: u16,
    /// How long a client has to send its whole request (and to take the
    /// answer), so that idle or slow clients hold their connection for a
    /// bounded time.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = seconds)]
    pub request_timeout: Duration,
    /// Exit by itself after this long (a watchdog for tests).
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub stop_after: Option<Duration>,
}

/// Plain ASCII digits as a `u64`: no sign, no space, no overflow.
pub fn decimal(s: &str) -> Result<u64, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("needs a number (ASCII digits only)".to_owned());
    }
    s.parse()
        .map_err(|_| "needs a number that fits in 64 bits".to_owned())
}

/// One of the wire codes in `all`, written as plain digits.
fn code<T: Copy + std::fmt::Display>(
    s: &str,
    all: &[T],
    from_code: fn(u64) -> Option<T>,
) -> Result<T, String> {
    decimal(s).ok().and_then(from_code).ok_or_else(|| {
        let codes: Vec<String> = all.iter().map(T::to_string).collect();
        format!("needs one of {}", codes.join(", "))
    })
}

fn query_type(s: &str) -> Result<QueryType, String> {
    code(s, QueryType::ALL, QueryType::from_code)
}

fn response_type(s: &str) -> Result<ResponseType, String> {
    code(s, ResponseType::ALL, ResponseType::from_code)
}

fn response_encoding(s: &str) -> Result<ResponseEncoding, String> {
    code(s, ResponseEncoding::ALL, ResponseEncoding::from_code)
}

fn response_format(s: &str) -> Result<ResponseFormat, String> {
    code(s, ResponseFormat::ALL, ResponseFormat::from_code)
}

/// A `Y`/`N` flag, either case, like the server.
fn yes_no(s: &str) -> Result<bool, String> {
    match s {
        "Y" | "y" => Ok(true),
        "N" | "n" => Ok(false),
        _ => Err("needs Y or N".to_owned()),
    }
}

/// The longest time an option takes: a year is far beyond any order.
const MAX_SECONDS: u64 = 366 * 24 * 60 * 60;

/// Seconds as digits with an optional fraction (`10800`, `0.25`): no sign,
/// no exponent, at most a year.
pub fn seconds(s: &str) -> Result<Duration, String> {
    let bad = || "needs seconds, such as 10800 or 0.5".to_owned();
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || s.ends_with('.') {
        return Err(bad());
    }
    let whole: u64 = whole.parse().map_err(|_| bad())?;
    if whole > MAX_SECONDS {
        return Err(format!("needs at most {MAX_SECONDS} seconds"));
    }
    // Nanoseconds from the first nine fraction digits; the rest is below
    // what a sleep can tell apart.
    let nanos = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(9)
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    Ok(Duration::new(whole, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_take_digits_and_a_fraction_only() {
        assert_eq!(seconds("10800"), Ok(Duration::from_secs(10_800)));
        assert_eq!(seconds("0.25"), Ok(Duration::from_millis(250)));
        assert_eq!(seconds("1.0000000019"), Ok(Duration::new(1, 1)));
        for bad in [
            "",
            ".5",
            "1.",
            "-1",
            "+1",
            "1e3",
            " 1",
            "1 ",
            "0x10",
            "99999999999",
        ] {
            assert!(seconds(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn numbers_are_plain_digits() {
        assert_eq!(decimal("0012"), Ok(12));
        for bad in ["", "+1", "-1", "1 ", "18446744073709551616"] {
            assert!(decimal(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory as _;
        Cli::command().debug_assert();
    }
}
