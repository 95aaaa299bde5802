//! The mock's CollectSSL answers, made with the library's request parser
//! and response encoders, in the order the service checks a request.

use std::sync::atomic::Ordering;

use collectssl::response::{CaCertificates, Expectation, Response};
use collectssl::{
    Blob, CaaStatus, CertificateStatus, DetailStatus, Field, MdcDomainDetails, QueryType, Request,
    RequestError, ResponseEncoding, ResponseFormat, ResponseType, Status, StatusDetails, Text,
    ValidationStatus,
};

use super::Server;
use super::http::{Answer, HttpRequest};
use super::orders::{self, Demo, Issued, Order, SLOW_ORDER_PENDING_CALLS};

/// The endpoint's path.
pub const PATH: &str = "/products/download/CollectSSL";
/// The demo account.
const LOGIN_NAME: &str = "demo";
const LOGIN_PASSWORD: &str = "demo";

/// The answer to one HTTP request, in the order the service checks: the
/// path (404), https (-1), the method (-17), the arguments (-2, -3, -4),
/// the login (-16), the order (-4), then the order's data.
pub fn answer(http: &HttpRequest, server: &Server) -> Answer {
    if http.path != PATH {
        return Answer::http(404, "Not Found");
    }
    // Before the body is judged, its format is read leniently, so that an
    // error is answered in the format asked for (for a GET: in the query).
    let form = if http.method == "POST" {
        &http.body
    } else {
        &http.query
    };
    let lenient = Expectation::from_form(form);
    if server.require_https && !http.forwarded_https {
        return error(Status::NotHttps, &lenient);
    }
    if http.method != "POST" {
        return error(Status::GetNotPost, &lenient);
    }
    let request = match Request::parse(&http.body) {
        Ok(request) => request,
        Err(refusal) => return refused(&refusal, &lenient),
    };
    let expectation = Expectation::from(&request);
    if request.login_name != LOGIN_NAME || request.login_password.expose() != LOGIN_PASSWORD {
        return error(Status::PermissionDenied, &expectation);
    }
    let order = match find_order(&request, server) {
        Ok(order) => order,
        Err(refusal) => return refused(&refusal, &expectation),
    };
    match order {
        Order::Demo(Demo::Failed(status)) => error(status, &expectation),
        Order::Demo(Demo::Pending) => answer_pending(&expectation, &request),
        Order::Demo(Demo::Issued) => issued(&server.demo, &request),
        Order::Demo(Demo::PendingThenIssued) => {
            let call = server.slow_order_calls.fetch_add(1, Ordering::SeqCst);
            if call < SLOW_ORDER_PENDING_CALLS {
                answer_pending(&expectation, &request)
            } else {
                issued(&server.demo, &request)
            }
        }
        Order::Chain(path) => match Issued::from_file(&path) {
            Ok(order) => issued(&order, &request),
            Err(e) => Answer::http(500, &e),
        },
        Order::Body(path) => match orders::read(&path) {
            Ok(body) => Answer {
                code: 200,
                content_type: match expectation.response_format {
                    ResponseFormat::UrlEncoded => "application/x-www-form-urlencoded".to_owned(),
                    ResponseFormat::NewlineDelimited => {
                        mime_type(&request).unwrap_or_else(|| "text/plain".to_owned())
                    }
                },
                body,
                status: None,
            },
            Err(e) => Answer::http(500, &e),
        },
    }
}

/// The order the request's selectors name: each one given must name the
/// same order, or it is invalid (-4), checked in the spec's order.
fn find_order(request: &Request<'_>, server: &Server) -> Result<Order, RequestError<'static>> {
    let dir = server.orders.as_deref();
    let by_number = |n: u64| orders::find(n, dir).map(|order| (n, order));
    // An order number is text: it names an order when it is a number
    // written plainly (digits only, as the files are named).
    let order_number = request.order_number.map(|text| {
        let text = text.to_string();
        let plain = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        let order = plain
            .then(|| text.parse::<u64>().ok())
            .flatten()
            .and_then(by_number);
        (Field::OrderNumber, order)
    });
    let selectors = [
        order_number,
        request
            .certificate_id
            .map(|id| (Field::CertificateId, by_number(id))),
        request
            .base_order_number
            .map(|n| (Field::BaseOrderNumber, by_number(n))),
    ];
    let mut found: Option<(u64, Order)> = None;
    for (field, order) in selectors.into_iter().flatten() {
        match (order, &found) {
            (Some(order), None) => found = Some(order),
            (Some((number, _)), Some((first, _))) if number == *first => {}
            _ => return Err(RequestError::invalid(field)),
        }
    }
    // `Request::parse` requires a selector, so one was found.
    found
        .map(|(_, order)| order)
        .ok_or(RequestError::missing(Field::OrderNumber))
}

/// A negative status and the spec's message, in the format asked for.
fn error(status: Status, expectation: &Expectation) -> Answer {
    let message = status.message().unwrap_or("An unknown error occurred!");
    encode_in(
        &Response::error(status, message),
        expectation.response_format,
        None,
    )
}

/// The answer to a request the parser refuses (-2, -3, -4).
fn refused(refusal: &RequestError<'_>, expectation: &Expectation) -> Answer {
    let mut message = [0u8; 512];
    match Response::from_request_error(refusal, &mut message) {
        Ok(response) => encode_in(&response, expectation.response_format, None),
        Err(e) => internal_error(&e),
    }
}

/// A bug here: HTTP 500 rather than a wrong answer.
fn internal_error(e: &collectssl::Error) -> Answer {
    Answer::http(500, &format!("cannot encode the answer: {e}"))
}

/// Encodes `response` in the request's format, with the `Content-Type`
/// the spec gives.
fn encode(response: &Response<'_>, request: &Request<'_>) -> Answer {
    let format = request
        .response_format
        .unwrap_or(ResponseFormat::NewlineDelimited);
    encode_in(response, format, mime_type(request))
}

/// Encodes `response` in `format`. The `Content-Type` is
/// `application/x-www-form-urlencoded` for format 1; for format 0 it is
/// `responseMimeType` when the status is positive and one was given, else
/// `text/plain`.
fn encode_in(response: &Response<'_>, format: ResponseFormat, mime: Option<String>) -> Answer {
    let mut body = vec![0; response.encoded_len(format)];
    match response.encode(format, &mut body) {
        Ok(len) => body.truncate(len),
        Err(e) => return internal_error(&e),
    }
    let content_type = match format {
        ResponseFormat::UrlEncoded => "application/x-www-form-urlencoded".to_owned(),
        ResponseFormat::NewlineDelimited => mime
            .filter(|_| response.status.code() > 0)
            .unwrap_or_else(|| "text/plain".to_owned()),
    };
    Answer {
        code: 200,
        content_type,
        body,
        status: Some(response.status.code()),
    }
}

/// `responseMimeType`, if it can be a header value (visible ASCII and
/// spaces); one that cannot is ignored.
fn mime_type(request: &Request<'_>) -> Option<String> {
    let mime = request.response_mime_type?.to_string();
    let trimmed = mime.trim();
    let fits = !trimmed.is_empty() && trimmed.bytes().all(|b| (0x20..0x7f).contains(&b));
    fits.then(|| trimmed.to_owned())
}

/// The status details of a pending order, as the service sends them.
const PENDING_DETAILS: StatusDetails = StatusDetails::from_array([
    DetailStatus::Completed,
    DetailStatus::InProgress,
    DetailStatus::NotRequired,
    DetailStatus::NotRequired,
    DetailStatus::NotRequired,
    DetailStatus::NotRequired,
    DetailStatus::InProgress,
]);
/// The status details of an issued order.
const ISSUED_DETAILS: StatusDetails = StatusDetails::from_array([
    DetailStatus::Completed,
    DetailStatus::Completed,
    DetailStatus::NotRequired,
    DetailStatus::NotRequired,
    DetailStatus::NotRequired,
    DetailStatus::NotRequired,
    DetailStatus::NotRequired,
]);

/// The answer for a pending order.
fn answer_pending(expectation: &Expectation, request: &Request<'_>) -> Answer {
    match pending(expectation) {
        Ok(response) => encode(&response, request),
        Err(e) => internal_error(&e),
    }
}

/// A pending order: being processed, with the MDC domain lists and status
/// details (as in examples/samples/pending-*.body).
fn pending(expectation: &Expectation) -> Result<Response<'static>, collectssl::Error> {
    const MDC: &str = "example.com VALIDATED, www.example.com NOTVALIDATED";
    const MDC2: &str =
        "example.com VALIDATED, www.example.com NOTVALIDATED, shop.example.com AWAITINGBRAND";
    let mut r = Response::new(Status::BeingProcessed);
    if expectation.show_ext_status {
        r.certificate_status = Some(CertificateStatus::from_text(Text::plain(
            "Awaiting Validation",
        )));
        r.validation_status = Some(ValidationStatus::from_text(Text::plain(
            "Awaiting Brand Validation",
        )));
    }
    if expectation.show_mdc_domain_details {
        r.mdc_domain_details = Some(MdcDomainDetails::from_wire(Text::plain(MDC)));
    }
    if expectation.show_mdc_domain_details2 {
        r.mdc_domain_details2 = Some(MdcDomainDetails::from_wire(Text::plain(MDC2)));
    }
    if expectation.show_status_details {
        r.status_details = PENDING_DETAILS;
    }
    r.caa_status = Some(CaaStatus::from_text(Text::plain("Awaiting Completion")));
    Ok(r)
}

/// An issued order: status 2 with what the query and response types ask
/// for (1 with `queryType=0`), and the details the flags ask for; the raw
/// ZIP or PKCS#7 with `responseEncoding=1`.
fn issued(order: &Issued, request: &Request<'_>) -> Answer {
    let exp = Expectation::from(request);
    if exp.response_encoding == ResponseEncoding::Binary {
        // `Request::parse` allows it with responseType 0 or 2 only.
        let body = match exp.response_type {
            ResponseType::Zip => &order.zip,
            _ => &order.pkcs7,
        };
        return Answer {
            code: 200,
            content_type: mime_type(request).unwrap_or_else(|| "text/plain".to_owned()),
            body: body.clone(),
            status: Some(Status::CertificatesAttached.code()),
        };
    }
    let ca_blobs: Vec<Blob<'_>> = order.ca.iter().map(|der| Blob::binary(der)).collect();
    let leaf = Some(Blob::binary(&order.leaf));
    let mut r = Response::new(match exp.query_type {
        QueryType::StatusOnly => Status::CertificatesAvailable,
        _ => Status::CertificatesAttached,
    });
    if exp.show_validity_period {
        r.not_before = Some(order.not_before);
        r.not_after = Some(order.not_after);
    }
    if exp.show_fqdn && !order.fqdn.is_empty() {
        r.fqdn = Some(Text::plain(&order.fqdn));
    }
    match (exp.query_type, exp.response_type) {
        (QueryType::StatusOnly, _) => {}
        (QueryType::Certificate, _) => r.certificate = leaf,
        (QueryType::CaBundle, _) => r.ca_certificates = CaCertificates::from_blobs(&ca_blobs),
        (_, ResponseType::IndividuallyEncoded) => {
            r.ca_certificates = CaCertificates::from_blobs(&ca_blobs);
            r.certificate = leaf;
        }
        (_, ResponseType::Zip) => r.zip_file = Some(Blob::binary(&order.zip)),
        (_, ResponseType::NetscapeCertificateSequence) => {
            r.netscape_certificate_sequence = Some(Blob::binary(&order.netscape_sequence));
        }
        (_, ResponseType::Pkcs7) => r.pkcs7 = Some(Blob::binary(&order.pkcs7)),
    }
    if exp.show_ext_status {
        r.certificate_status = Some(CertificateStatus::from_text(Text::plain("Issued")));
        r.validation_status = Some(ValidationStatus::from_text(Text::plain("Complete")));
    }
    if exp.show_status_details {
        r.status_details = ISSUED_DETAILS;
    }
    r.caa_status = Some(CaaStatus::from_text(Text::plain("Authorized")));
    encode(&r, request)
}
