//! The `collectssl` command: the crate's face for a person.
//!
//! It reads what Sectigo's CollectSSL service answers (`parse`, `certs`),
//! reads and writes requests (`request parse`, `request encode`), talks to
//! the service (`collect`, `status`), and stands in for it (`mock`). The
//! CollectSSL part is the `collectssl` library throughout; this crate only
//! adds the command line, the HTTP and the files.
//!
//! Exit status: 0 success; 1 a failure (a refused or final answer, a body
//! that does not parse, the service unreachable, a file that cannot be
//! written); 2 a bad command line; 3 the order is still pending.

mod args;
mod collect;
mod credentials;
mod exit;
mod files;
mod http;
mod json;
mod mock;
mod parse;
mod progress;
mod request;
mod status;
mod x509;

use std::process::ExitCode;

use clap::Parser as _;

use args::{Cli, Command, RequestCommand};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return exit::clap_error(&error),
    };
    let outcome = match cli.command {
        Command::Parse(args) => parse::parse(&args),
        Command::Certs(args) => parse::certs(&args),
        Command::Request(RequestCommand::Parse) => request::parse(),
        Command::Request(RequestCommand::Encode(args)) => request::encode(&args),
        Command::Collect(args) => collect::run(&args),
        Command::Status(args) => status::run(&args),
        Command::Mock(args) => mock::run(&args),
    };
    exit::finish(outcome)
}
