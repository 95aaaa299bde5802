//! Where an error is: a parse error at the byte that does not fit, and
//! no byte at all for what is about a value rather than its bytes (a
//! request's validation, an encoder's refusal of a value, a chain, a
//! refusal of what a request names). `Display` says "at byte" only for
//! the first.

use collectssl::response::Response;
use collectssl::{
    Chain, Error, ErrorKind, Field, QueryType, Refusal, Request, RequestError, ResponseFormat,
    Selector, Status, Text,
};

#[test]
fn a_parse_error_is_at_its_byte() {
    let e = Request::parse(b"loginName=u&Colour=red").unwrap_err();
    assert_eq!(e.offset(), Some(12));
    let e = Error::from(e);
    assert_eq!(e.offset(), Some(12));
    assert_eq!(e.to_string(), "unrecognised argument at byte 12");

    let e = Response::parse_newline(b"x\n", &collectssl::Expectation::new(QueryType::StatusOnly))
        .unwrap_err();
    assert_eq!(e.offset(), Some(0));
    assert_eq!(e.to_string(), "invalid number at byte 0 (line 1)");
}

#[test]
fn a_request_s_validation_is_at_no_byte() {
    let r = Request::new("", "p", Selector::OrderNumber("1"), QueryType::StatusOnly);
    let e = r.validate().unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::Refused(Refusal::Missing(Field::LoginName)), None)
    );
    assert_eq!(e.to_string(), "the 'loginName' argument is missing");
    // The encoder refuses it the same way, before writing anything.
    assert_eq!(r.encode(&mut [0u8; 256]), Err(e));
}

#[test]
fn a_refusal_of_what_a_request_names_is_at_no_byte() {
    let refusal = RequestError::invalid(Field::CertificateId);
    assert_eq!(refusal.status(), Status::ArgumentInvalid);
    assert_eq!(
        refusal.to_string(),
        "The value of the 'certificateID' argument is invalid!"
    );
    let e = Error::from(refusal);
    assert_eq!(e.offset(), None);
    assert_eq!(
        e.to_string(),
        "the value of the 'certificateID' argument is invalid"
    );
    // Located, it converts located.
    assert_eq!(Error::from(refusal.at(5)).offset(), Some(5));
    let unrecognised = RequestError::unrecognised(Text::plain("Colour"), 3);
    assert_eq!(unrecognised.refusal(), Refusal::Unrecognised);
    assert_eq!(unrecognised.name(), "Colour");
}

#[test]
fn an_encoder_s_refusal_of_a_value_is_at_no_byte() {
    let r = Response::error(Status::from_code(-14), "two\nlines");
    let e = r
        .encode(ResponseFormat::NewlineDelimited, &mut [0u8; 256])
        .unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::Unrepresentable, None));
    assert_eq!(e.to_string(), "value cannot be represented in this format");
}

#[test]
fn a_chain_error_names_a_certificate_not_a_byte() {
    let e = Chain::<4>::from_der(core::iter::empty::<&[u8]>()).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::ChainBroken { certificate: None }, None)
    );
    assert_eq!(
        e.to_string(),
        "the certificates do not form one chain: there is none"
    );
}
