//! `collectssl status`: what the service says about an order, as JSON.

use collectssl::response::Expectation;
use collectssl::{QueryType, ResponseFormat};

use crate::args::StatusArgs;
use crate::credentials::Credentials;
use crate::exit::{Failure, Outcome};
use crate::http::{Client, TransportError};
use crate::json::{self, ResponseJson};
use crate::parse::{Reading, read_response, status_text};
use crate::request;

/// `collectssl status`: one call with `queryType=0` and every `show*`
/// flag, the answer printed as `parse` prints it; exit 1 when the service
/// answered with a negative status (after the JSON) or not at all.
pub fn run(args: &StatusArgs) -> Outcome {
    let credentials = Credentials::resolve(&args.service)?;
    let request = request::for_order(&args.selector, &credentials, QueryType::StatusOnly)
        .with_response_format(ResponseFormat::UrlEncoded)
        .with_show_validity_period(true)
        .with_show_fqdn(true)
        .with_show_ext_status(true)
        .with_show_mdc_domain_details(true)
        .with_show_mdc_domain_details2(true)
        .with_show_status_details(true);
    let form = request::encoded(&request)
        .map_err(|e| Failure::Usage(format!("cannot make the request: {e}")))?;
    let client = Client::new(&args.service.url);
    let body = client
        .post(form.as_bytes())
        .map_err(|TransportError(why)| {
            Failure::Failed(format!("transport error: {why} ({})", client.url()))
        })?;
    let (format, response) = read_response(&body, &Expectation::from(&request), Reading::Tolerant)?;
    json::write_line(&ResponseJson {
        format,
        response: &response,
    })?;
    if response.status.code() < 0 {
        return Err(Failure::Failed(format!(
            "the service answered {}",
            status_text(&response)
        )));
    }
    Ok(())
}
