//! The programs some tests run besides Rust: a missing one fails the test at
//! once, naming the program and how to install it, never a silent skip.

use std::process::{Command, Stdio};

/// The Debian package that brings each program the tests run.
const PACKAGES: [(&str, &str); 3] = [
    ("python3", "python3"),
    ("openssl", "openssl"),
    ("curl", "curl"),
];

/// Panics with the program's name and the command that installs it when
/// `program` cannot be started; returns the name to pass to `Command::new`.
pub fn require(program: &'static str) -> &'static str {
    let found = Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !found {
        let package = PACKAGES
            .iter()
            .find(|(name, _)| *name == program)
            .map_or(program, |(_, package)| package);
        panic!(
            "this test runs `{program}`, which is not installed here: \
             install it with `sudo apt-get install -y {package}` (see the README's set-up)"
        );
    }
    program
}
