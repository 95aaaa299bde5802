//! The account's login name and password.
//!
//! The password never comes from the command line, where other users of
//! the machine can read it (`ps`) and shells keep it in their history: it
//! comes from the environment or from a file. It is never printed either:
//! [`Secret`] hides it from `Debug`, and no message quotes it.

use std::fmt;
use std::fs;
use std::path::Path;

use crate::args::ServiceArgs;
use crate::exit::Failure;
use crate::files::quoted;

/// The environment variable with the login name.
pub const LOGIN_NAME_VARIABLE: &str = "COLLECTSSL_LOGIN_NAME";
/// The environment variable with the password.
pub const PASSWORD_VARIABLE: &str = "COLLECTSSL_LOGIN_PASSWORD";

/// A password, shown as `***`.
pub struct Secret(String);

impl Secret {
    /// The password itself, for the request body only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Who asks.
#[derive(Debug)]
pub struct Credentials {
    pub login_name: String,
    pub password: Secret,
}

impl Credentials {
    /// `--login-name` or `$COLLECTSSL_LOGIN_NAME`, and the first line of
    /// `--password-file` or `$COLLECTSSL_LOGIN_PASSWORD`. Either missing is
    /// a usage error naming both variables.
    pub fn resolve(args: &ServiceArgs) -> Result<Self, Failure> {
        let login_name = match &args.login_name {
            Some(name) => Some(name.clone()),
            None => variable(LOGIN_NAME_VARIABLE)?,
        };
        let password = match &args.password_file {
            Some(path) => Some(first_line(path)?),
            None => variable(PASSWORD_VARIABLE)?,
        };
        let missing = match (&login_name, &password) {
            (None, None) => "no credentials",
            (None, Some(_)) => "no login name",
            (Some(_), None) => "no password",
            (Some(_), Some(_)) => "",
        };
        match (login_name, password) {
            (Some(login_name), Some(password)) => Ok(Self {
                login_name,
                password: Secret(password),
            }),
            _ => Err(Failure::Usage(format!(
                "{missing}: set {LOGIN_NAME_VARIABLE} and {PASSWORD_VARIABLE} in the environment, \
                 or give --login-name NAME and --password-file FILE"
            ))),
        }
    }
}

/// An environment variable's value; unset or empty is `None`.
fn variable(name: &str) -> Result<Option<String>, Failure> {
    match std::env::var(name) {
        Ok(value) if value.is_empty() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Failure::Usage(format!("${name} is not UTF-8")))
        }
    }
}

/// The first line of a password file, without its line break (LF or
/// CRLF). The file's contents are never quoted in a message.
fn first_line(path: &Path) -> Result<String, Failure> {
    let bytes = fs::read(path).map_err(|e| {
        Failure::Usage(format!(
            "cannot read the password file {}: {e}",
            quoted(path)
        ))
    })?;
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = String::from_utf8(line.to_vec())
        .map_err(|_| Failure::Usage(format!("the password file {} is not UTF-8", quoted(path))))?;
    if line.is_empty() {
        return Err(Failure::Usage(format!(
            "the first line of the password file {} is empty",
            quoted(path)
        )));
    }
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_hidden_from_debug() {
        let credentials = Credentials {
            login_name: "demo".to_owned(),
            password: Secret("hunter2".to_owned()),
        };
        let shown = format!("{credentials:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }
}
