//! `collectssl request parse` and `collectssl request encode`: a request
//! form read the way the server reads it, or made from options.

use std::io::{self, Read as _};

use collectssl::{QueryType, Request, Selector};

use crate::args::{EncodeArgs, SelectorArgs};
use crate::credentials::Credentials;
use crate::exit::{Failure, Outcome};
use crate::json::{self, Refusal, RequestJson};

/// `collectssl request parse`: a request body on stdin, judged as the
/// server judges it. A refusal is printed as the server's answer, exit 1.
pub fn parse() -> Outcome {
    let mut body = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut body)
        .map_err(|e| Failure::Failed(format!("cannot read stdin: {e}")))?;
    match Request::parse(&body) {
        Ok(request) => json::write_line(&RequestJson(&request)),
        Err(refusal) => {
            json::write_line(&Refusal {
                error_code: refusal.status().code(),
                error_message: refusal.to_string(),
            })?;
            Err(Failure::Refused)
        }
    }
}

/// `collectssl request encode`: a request from options, as a form body
/// without a trailing newline.
///
/// Only the command line is checked by clap; whether the request is one
/// the server accepts is the library's call (`Request::write_to`
/// validates), and a refusal is exit 1.
pub fn encode(args: &EncodeArgs) -> Outcome {
    let mut selectors = [
        args.order_number.as_deref().map(Selector::OrderNumber),
        args.certificate_id.map(Selector::CertificateId),
        args.base_order_number.map(Selector::BaseOrderNumber),
    ]
    .into_iter()
    .flatten();
    // An empty order number counts as absent, so with no selector at all
    // the library reports the missing `orderNumber` as the server would.
    let first = selectors.next().unwrap_or(Selector::OrderNumber(""));
    let mut request = Request::new(
        args.login_name.as_deref().unwrap_or_default(),
        args.login_password.as_deref().unwrap_or_default(),
        first,
        args.query_type.unwrap_or(QueryType::CertificateAndChain),
    );
    for selector in selectors {
        request = request.with_selector(selector);
    }
    if let Some(v) = args.response_type {
        request = request.with_response_type(v);
    }
    if let Some(v) = args.response_encoding {
        request = request.with_response_encoding(v);
    }
    if let Some(v) = args.response_format {
        request = request.with_response_format(v);
    }
    let flags = [
        (
            args.show_validity_period,
            Request::with_show_validity_period as fn(_, _) -> _,
        ),
        (args.show_fqdn, Request::with_show_fqdn),
        (args.show_ext_status, Request::with_show_ext_status),
        (
            args.show_mdc_domain_details,
            Request::with_show_mdc_domain_details,
        ),
        (
            args.show_mdc_domain_details2,
            Request::with_show_mdc_domain_details2,
        ),
        (args.show_status_details, Request::with_show_status_details),
    ];
    for (value, set) in flags {
        if let Some(value) = value {
            request = set(request, value);
        }
    }
    if let Some(v) = &args.collection_code {
        request = request.with_collection_code(v);
    }
    if let Some(v) = &args.response_mime_type {
        request = request.with_response_mime_type(v);
    }
    let body = encoded(&request)
        .map_err(|e| Failure::Failed(format!("cannot encode the request: {e}")))?;
    json::write_stdout(body.as_bytes())
}

/// The form body of `request`, or why the server would refuse it.
pub fn encoded(request: &Request<'_>) -> Result<String, collectssl::Error> {
    let mut body = String::with_capacity(request.encoded_len());
    request.write_to(&mut body)?;
    Ok(body)
}

/// A request for the order `selector` names, as `credentials`' account.
/// clap lets exactly one selector through; were there none, the empty
/// order number makes the library refuse the request as the server would.
pub fn for_order<'a>(
    selector: &'a SelectorArgs,
    credentials: &'a Credentials,
    query_type: QueryType,
) -> Request<'a> {
    let selector = match (
        &selector.order_number,
        selector.certificate_id,
        selector.base_order_number,
    ) {
        (Some(number), _, _) => Selector::OrderNumber(number),
        (None, Some(id), _) => Selector::CertificateId(id),
        (None, None, Some(number)) => Selector::BaseOrderNumber(number),
        (None, None, None) => Selector::OrderNumber(""),
    };
    Request::new(
        &credentials.login_name,
        credentials.password.expose(),
        selector,
        query_type,
    )
}
