//! One CollectSSL call over HTTP(S): a form POSTed, the answer's body back.
//!
//! `ureq` does the HTTP, with rustls for TLS; a proxy is taken from the
//! usual environment variables. Anything but an answer with status 200 is
//! a transport error: the service answers every CollectSSL error with 200
//! and a status in the body, so another HTTP status means the call did not
//! reach it.

use std::time::Duration;

use collectssl::request::CONTENT_TYPE;

/// The longest one call may take, connection included.
const CALL_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest answer read: a chain and its containers are a few KiB.
const MAX_ANSWER: u64 = 16 * 1024 * 1024;

/// An HTTP client for one endpoint.
pub struct Client {
    agent: ureq::Agent,
    url: String,
}

/// Why a call got no answer: the transport's own words.
#[derive(Debug)]
pub struct TransportError(pub String);

impl Client {
    pub fn new(url: &str) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(CALL_TIMEOUT))
            .http_status_as_error(false)
            // The API does not redirect; following one would turn the POST
            // into a GET, which the service refuses (-17).
            .max_redirects(0)
            .user_agent(concat!("collectssl/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Self {
            agent,
            url: url.to_owned(),
        }
    }

    /// The endpoint.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// POSTs `form` and gives the answer's body.
    pub fn post(&self, form: &[u8]) -> Result<Vec<u8>, TransportError> {
        let failed = |e: ureq::Error| TransportError(e.to_string());
        let mut response = self
            .agent
            .post(&self.url)
            .header("Content-Type", CONTENT_TYPE)
            .send(form)
            .map_err(failed)?;
        let status = response.status();
        if status != 200 {
            return Err(TransportError(format!("HTTP {status}")));
        }
        response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_vec()
            .map_err(failed)
    }
}
