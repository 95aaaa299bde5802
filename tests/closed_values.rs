//! A known status word read from a response, in any spelling the wire
//! allows, is its own variant: `Other` holds only text that is no known word.

use collectssl::{
    CaaStatus, CertificateStatus, DcvStatus, Expectation, QueryType, Response, Text,
    ValidationStatus,
};

/// Every byte of `s` escaped, with lower-case hex.
fn escaped(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02x}")).collect()
}

#[test]
fn escaped_known_words_in_format_1_are_their_variants() {
    let body = format!(
        "errorCode=0&certificateStatus={}&validationStatus={}&caaStatus={}\
         &mdcDomainDetails=a.com+{}",
        escaped("Issued"),
        escaped("Awaiting Brand Validation"),
        escaped("Error '-3'"),
        escaped("NOTVALIDATED"),
    );
    for r in [
        Response::parse_urlencoded(body.as_bytes()).unwrap(),
        Response::parse_urlencoded_strict(body.as_bytes()).unwrap(),
    ] {
        assert!(matches!(
            r.certificate_status,
            Some(CertificateStatus::Issued)
        ));
        assert!(matches!(
            r.validation_status,
            Some(ValidationStatus::AwaitingBrandValidation)
        ));
        assert!(matches!(r.caa_status, Some(CaaStatus::ErrorCode(-3))));
        let item = r
            .mdc_domain_details
            .unwrap()
            .iter()
            .next()
            .unwrap()
            .unwrap();
        assert!(matches!(item.status, DcvStatus::NotValidated));
    }
}

#[test]
fn other_words_in_format_0_keep_their_text() {
    let mut exp = Expectation::new(QueryType::StatusOnly);
    exp.show_ext_status = true;
    let r = Response::parse(b"0\nOn Hold\nissued\nauthorized\n", &exp).unwrap();
    let Some(CertificateStatus::Other(certificate)) = r.certificate_status else {
        panic!("{:?}", r.certificate_status);
    };
    assert_eq!(certificate.text(), Text::plain("On Hold"));
    let Some(ValidationStatus::Other(validation)) = r.validation_status else {
        panic!("{:?}", r.validation_status);
    };
    assert_eq!(validation.text().raw(), b"issued");
    let Some(CaaStatus::Other(caa)) = r.caa_status else {
        panic!("{:?}", r.caa_status);
    };
    assert_eq!(caa.text().to_string(), "authorized");
}
