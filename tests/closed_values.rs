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

#[allow(dead_code, unreachable_pub)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

/// CAA codes: the canonical ones are known, `03` is not.
const CAA_CODES: [&str; 3] = ["Error '0'", "Error '-9223372036854775808'", "Error '03'"];

/// A known word is read from the line as it is sent, before any UTF-8
/// check or decoding: whatever the spelling, the value is the one its
/// decoded text gives, in both formats and both readings.
#[test]
fn known_words_read_as_sent_are_what_their_text_is() {
    let mut exp = Expectation::new(QueryType::StatusOnly);
    exp.show_ext_status = true;
    let caa_values = fuzz::CAA_WORDS.iter().chain(&CAA_CODES);
    for ((certificate, validation), caa) in fuzz::CERTIFICATE_WORDS
        .iter()
        .cycle()
        .zip(fuzz::VALIDATION_WORDS.iter().cycle())
        .zip(caa_values)
    {
        let want = (
            CertificateStatus::from_text(Text::plain(certificate)),
            ValidationStatus::from_text(Text::plain(validation)),
            CaaStatus::from_text(Text::plain(caa)),
        );
        let newline = format!("0\n{certificate}\n{validation}\n{caa}\n");
        let form = |encode: &dyn Fn(&str) -> String| {
            format!(
                "errorCode=0&certificateStatus={}&validationStatus={}&caaStatus={}",
                encode(certificate),
                encode(validation),
                encode(caa)
            )
        };
        let plus = form(&|s: &str| s.replace(' ', "+"));
        let escaped = form(&|s: &str| escaped(s));
        let forms = [plus.as_bytes(), escaped.as_bytes()];
        let mut read = vec![
            Response::parse(newline.as_bytes(), &exp).unwrap(),
            Response::parse_strict(newline.as_bytes(), &exp).unwrap(),
        ];
        for body in forms {
            read.push(Response::parse_urlencoded(body).unwrap());
            read.push(Response::parse_urlencoded_strict(body).unwrap());
        }
        for r in read {
            let got = (
                r.certificate_status.unwrap(),
                r.validation_status.unwrap(),
                r.caa_status.unwrap(),
            );
            assert_eq!(got, want, "{newline:?}");
            let other = matches!(got.2, CaaStatus::Other(_));
            assert_eq!(other, *caa == "Error '03'", "{caa}");
        }
    }
    // Near misses stay text, and a bad byte in the line is still located.
    let r = Response::parse(b"0\nIssued \nComplete\nAuthorized\n", &exp).unwrap();
    assert!(matches!(
        r.certificate_status,
        Some(CertificateStatus::Other(_))
    ));
    let err = Response::parse(b"0\nIssued\nComplete\nAuthorized\xff\n", &exp).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (collectssl::ErrorKind::InvalidUtf8, Some(18))
    );
}
