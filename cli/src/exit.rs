//! How a command ends: its exit status and its one line on stderr.
//!
//! Every command returns an [`Outcome`]; only `main` turns it into an exit
//! status, so that no command exits on its own (and every file it opened is
//! closed, every temporary file removed, before the process ends).

use std::io::{self, Write as _};
use std::process::ExitCode;

/// What a command gives back to `main`.
pub type Outcome = Result<(), Failure>;

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// A bad command line (or environment): exit 2.
    Usage(String),
    /// The work failed: exit 1.
    Failed(String),
    /// The answer is already on stdout (a refused request): exit 1, nothing
    /// more to say.
    Refused,
    /// The order is still pending: exit 3, so that a script can tell
    /// "try again later" from a failure.
    Pending(String),
}

/// The exit status for a request the service still processes.
const PENDING: u8 = 3;
/// The exit status for a bad command line, as clap's.
const USAGE: u8 = 2;

/// Prints one line on stderr, prefixed with the program's name. Unlike
/// `eprintln!`, it does not panic when stderr is gone.
pub fn note(line: &str) {
    let _ = writeln!(io::stderr().lock(), "collectssl: {line}");
}

/// The exit status for `outcome`, after its line on stderr.
pub fn finish(outcome: Outcome) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            note(&format!("{message} (see 'collectssl --help')"));
            ExitCode::from(USAGE)
        }
        Err(Failure::Failed(message)) => {
            note(&message);
            ExitCode::FAILURE
        }
        Err(Failure::Refused) => ExitCode::FAILURE,
        Err(Failure::Pending(message)) => {
            note(&message);
            ExitCode::from(PENDING)
        }
    }
}

/// Help and version go to stdout with exit 0; any other error of clap is
/// kept to its first line (the rest repeats the usage), with exit 2, so
/// that every failure is one line on stderr.
pub fn clap_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        return match error.print() {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::FAILURE,
        };
    }
    let rendered = error.render().to_string();
    let first = rendered
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("bad command line");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    note(&format!("{first} (see 'collectssl --help')"));
    ExitCode::from(USAGE)
}

/// One line of text from elsewhere (a server's message, an error of a
/// library): control characters become spaces, so that it cannot break
/// the one-line rule or move the terminal's cursor.
pub fn one_line(text: &str) -> String {
    text.replace(char::is_control, " ")
}
