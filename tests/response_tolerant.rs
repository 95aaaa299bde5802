//! The two readings of a response (docs/reading-the-spec.md#two-readings):
//! bodies built the way the live service sends them, beyond the written
//! spec (docs/reading-the-spec.md#what-the-live-service-sends). For each,
//! what the tolerant reading (`Response::parse`, the default) reads, and
//! the strict reading's refusal where the written spec refuses it.

use collectssl::response::{Expectation, Response};
use collectssl::{
    Blob, CaaStatus, CertificateStatus, DetailStatus, ErrorKind, ResponseFormat, Status,
    StatusDetails, Text, ValidationStatus,
};
use proptest::prelude::*;
use std::fs;

// ---------------------------------------------------------------------------
// Helpers.

/// A certificate of the sample chain as PEM (`leaf`, `intermediate`, `root`).
fn pem(name: &str) -> String {
    let path = format!(
        "{}/examples/samples/chain/{name}.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The base64 inside the PEM, on one line.
fn base64_of(name: &str) -> String {
    pem(name)
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect()
}

fn der(name: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(base64_of(name))
        .unwrap()
}

/// The expectation of a request form.
fn exp(form: &str) -> Expectation {
    Expectation::from_form(form.as_bytes())
}

/// The tolerant reading of `body`, which must succeed.
#[track_caller]
fn tolerant<'a>(body: &'a str, exp: &Expectation) -> Response<'a> {
    Response::parse(body.as_bytes(), exp).unwrap_or_else(|e| panic!("{body:?}: {e}"))
}

/// The strict reading's refusal of `body`: its kind and offset.
#[track_caller]
fn strict_err(body: &str, exp: &Expectation) -> (ErrorKind, usize) {
    match Response::parse_strict(body.as_bytes(), exp) {
        Ok(r) => panic!("the strict reading accepted {body:?}: {r:?}"),
        Err(e) => (e.kind(), e.offset().expect("a parse error is at a byte")),
    }
}

/// Both readings read `body` alike.
#[track_caller]
fn both<'a>(body: &'a str, exp: &Expectation) -> Response<'a> {
    let strict = Response::parse_strict(body.as_bytes(), exp)
        .unwrap_or_else(|e| panic!("strict: {body:?}: {e}"));
    assert_eq!(tolerant(body, exp), strict, "{body:?}");
    strict
}

fn lines(r: &Response<'_>) -> Vec<String> {
    r.other_lines
        .iter()
        .map(|line| String::from_utf8_lossy(line).into_owned())
        .collect()
}

/// Five status details: the service leaves out the two EV-only ones.
const NON_EV: &str = "1\n1\n-1\n-1\n-1\n";

fn non_ev_details() -> StatusDetails {
    let mut d = StatusDetails::NONE;
    d.csr = Some(DetailStatus::Completed);
    d.dcv = Some(DetailStatus::Completed);
    d.ov_callback = Some(DetailStatus::NotRequired);
    d.organization_validation = Some(DetailStatus::NotRequired);
    d.free_dvup = Some(DetailStatus::NotRequired);
    d
}

/// An issued format-0 answer to `queryType=1&showExtStatus=Y`.
fn issued_text() -> String {
    format!(
        "2\n{}{}{}Issued\nComplete\n",
        pem("root"),
        pem("intermediate"),
        pem("leaf")
    )
}

const ISSUED_REQUEST: &str = "queryType=1&showExtStatus=Y";

// ---------------------------------------------------------------------------
// Format 0.

#[test]
fn trailing_blank_lines_are_ignored() {
    let exp = exp(ISSUED_REQUEST);
    let clean = issued_text();
    let want = both(&clean, &exp);
    assert_eq!(want.certificate, Some(Blob::binary(&der("leaf"))));
    for tail in ["\n", "\n\n\n", " \n", "\t\n \t \n", " ", "\n  "] {
        let body = format!("{clean}{tail}");
        assert_eq!(tolerant(&body, &exp), want, "{tail:?}");
        assert!(tolerant(&body, &exp).other_lines.is_empty());
        // The first blank line is one too many for the written spec.
        assert_eq!(
            strict_err(&body, &exp),
            (ErrorKind::UnexpectedLine, clean.len()),
            "{tail:?}"
        );
    }
    // A status alone, and an error answer.
    let status_only = Expectation::new(collectssl::QueryType::StatusOnly);
    assert_eq!(tolerant("0\n\n", &status_only), both("0\n", &status_only));
    let denied = "-16\nPermission denied!\n";
    assert_eq!(
        tolerant(&format!("{denied}\n\n"), &status_only),
        both(denied, &status_only)
    );
}

#[test]
fn blank_lines_after_a_certificate_block_are_skipped() {
    let exp = exp(ISSUED_REQUEST);
    let clean = issued_text();
    let want = both(&clean, &exp);
    // A client written against the service expects a blank line between
    // the certificate and the status lines; between blocks too.
    let (root, intermediate, leaf) = (pem("root"), pem("intermediate"), pem("leaf"));
    let bodies = [
        format!("2\n{root}{intermediate}{leaf}\nIssued\nComplete\n"),
        format!("2\n{root}\n{intermediate}\n{leaf}\n\nIssued\nComplete\n"),
        format!("2\n{root}{intermediate}{leaf} \t\nIssued\nComplete\n\n"),
    ];
    for body in &bodies {
        let r = tolerant(body, &exp);
        assert_eq!(r, want, "{body:?}");
        // Never the misread of old: the blank line is no certificate status.
        assert_eq!(r.certificate_status, Some(CertificateStatus::Issued));
        assert_eq!(r.validation_status, Some(ValidationStatus::Complete));
        assert_eq!(r.ca_certificates.len(), 2);
    }
    // The strict reading refuses the blank line where a status must stand.
    let at = bodies[0].find("\n\nIssued").unwrap() + 1;
    assert_eq!(strict_err(&bodies[0], &exp), (ErrorKind::EmptyValue, at));
    // A blank line after the blocks and nothing more: it is no status, in
    // either reading.
    let body = format!("2\n{root}{intermediate}{leaf}\n");
    let at = body.len() - 1;
    for parsed in [
        Response::parse(body.as_bytes(), &exp),
        Response::parse_strict(body.as_bytes(), &exp),
    ] {
        let err = parsed.unwrap_err();
        assert_eq!(
            (err.kind(), err.offset()),
            (ErrorKind::EmptyValue, Some(at))
        );
    }
}

#[test]
fn partial_status_details_then_caa() {
    let exp = exp("queryType=0&showExtStatus=Y&showStatusDetails=Y");
    let body = format!("0\nAwaiting Validation\nComplete\n{NON_EV}Authorized\n");
    let r = tolerant(&body, &exp);
    assert_eq!(r.status_details, non_ev_details());
    assert_eq!(
        (
            r.status_details.ev_click_through,
            r.status_details.brand_val
        ),
        (None, None)
    );
    assert_eq!(r.caa_status, Some(CaaStatus::Authorized));
    assert!(r.other_lines.is_empty());
    // The strict reading takes the CAA line for the sixth detail.
    let at = body.find("Authorized").unwrap();
    assert_eq!(
        strict_err(&body, &exp),
        (ErrorKind::InvalidStatusDetail, at)
    );
}

#[test]
fn partial_status_details_then_mdc_details2() {
    let exp = exp("queryType=0&showStatusDetails=Y&showMDCDomainDetails2=Y");
    let list = "a.example VALIDATED, b.example AWAITINGBRAND";
    let body = format!("0\n{NON_EV}{list}\nTimeout\n");
    let r = tolerant(&body, &exp);
    assert_eq!(r.status_details, non_ev_details());
    let domains: Vec<String> = r
        .mdc_domain_details2
        .unwrap()
        .iter()
        .map(|d| d.unwrap().to_string())
        .collect();
    assert_eq!(domains, ["a.example VALIDATED", "b.example AWAITINGBRAND"]);
    assert_eq!(r.caa_status, Some(CaaStatus::Timeout));
    let at = body.find(list).unwrap();
    assert_eq!(
        strict_err(&body, &exp),
        (ErrorKind::InvalidStatusDetail, at)
    );
}

#[test]
fn partial_status_details_at_the_end() {
    let exp = exp("queryType=0&showStatusDetails=Y");
    for end in ["", "\n", "\n\n"] {
        let body = format!("0\n{}{end}", NON_EV.trim_end());
        let r = tolerant(&body, &exp);
        assert_eq!(r.status_details, non_ev_details(), "{body:?}");
        assert_eq!(r.caa_status, None);
        let (kind, _) = strict_err(&body, &exp);
        assert!(
            matches!(
                kind,
                ErrorKind::MissingLine | ErrorKind::InvalidStatusDetail
            ),
            "{body:?}: {kind:?}"
        );
    }
    // No detail at all where they were asked for: none, and nothing refused.
    let r = tolerant("0\n", &exp);
    assert!(r.status_details.is_empty());
    assert_eq!(strict_err("0\n", &exp), (ErrorKind::MissingLine, 2));
}

#[test]
fn detail_values_of_later_versions_are_kept() {
    let exp0 = exp("queryType=0&showStatusDetails=Y");
    let body = "0\n1\n3\n-1\n07\n-1\n-1\n-1\n";
    let r = tolerant(body, &exp0);
    let d = r.status_details;
    assert_eq!(d.dcv.map(DetailStatus::code), Some(3));
    assert!(!d.dcv.unwrap().is_known());
    // Leading zeros are plain digits.
    assert_eq!(d.organization_validation, Some(DetailStatus::from_code(7)));
    assert!(d.is_complete());
    assert_eq!(strict_err(body, &exp0), (ErrorKind::InvalidStatusDetail, 4));
    // Format 1 alike.
    let form = "errorCode=0&csrStatus=1&dcvStatus=3&brandValStatus=%2D9";
    let r = tolerant(form, &exp("responseFormat=1"));
    assert_eq!(r.status_details.dcv, Some(DetailStatus::from_code(3)));
    assert_eq!(
        r.status_details.brand_val,
        Some(DetailStatus::from_code(-9))
    );
    assert_eq!(
        strict_err(form, &exp("responseFormat=1")).0,
        ErrorKind::InvalidStatusDetail
    );
    // The encoders write only what the spec lists.
    for format in [ResponseFormat::NewlineDelimited, ResponseFormat::UrlEncoded] {
        let err = r.encode(format, &mut [0u8; 256]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unrepresentable);
    }
}

#[test]
fn lines_after_the_caa_line_are_kept() {
    let status_only = Expectation::new(collectssl::QueryType::StatusOnly);
    let body = "0\nAuthorized\nproductTermDuration 365\n\nlast\n\n";
    let r = tolerant(body, &status_only);
    assert_eq!(r.caa_status, Some(CaaStatus::Authorized));
    assert_eq!(lines(&r), ["productTermDuration 365", "", "last"]);
    assert_eq!(
        strict_err(body, &status_only),
        (ErrorKind::UnexpectedLine, 13)
    );
    // After an error message: the argument a -4 is about, say.
    let body = "-4\nThe value of the 'queryType' argument is invalid!\nqueryType\n";
    let r = tolerant(body, &status_only);
    assert_eq!(r.status, Status::ArgumentInvalid);
    assert_eq!(lines(&r), ["queryType"]);
    // The encoders write what the strict reading reads: no kept line.
    for format in [ResponseFormat::NewlineDelimited, ResponseFormat::UrlEncoded] {
        let err = r.encode(format, &mut [0u8; 256]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unrepresentable);
    }
}

#[test]
fn a_bare_integer_is_never_a_caa_status() {
    // After the seven details: a later version's eighth is kept.
    let exp7 = exp("queryType=0&showStatusDetails=Y");
    let body = "0\n1\n1\n1\n1\n1\n1\n1\n2\nNot Authorized\nmore\n";
    let r = tolerant(body, &exp7);
    assert!(r.status_details.is_complete());
    assert_eq!(r.caa_status, Some(CaaStatus::NotAuthorized));
    assert_eq!(lines(&r), ["2", "more"]);
    assert_eq!(strict_err(body, &exp7), (ErrorKind::UnexpectedLine, 16));
    // Where no detail was asked for.
    let status_only = Expectation::new(collectssl::QueryType::StatusOnly);
    let r = tolerant("1\n-1\n", &status_only);
    assert_eq!((r.caa_status, lines(&r)), (None, vec!["-1".to_owned()]));
    assert_eq!(
        strict_err("1\n-1\n", &status_only),
        (ErrorKind::UnexpectedLine, 2)
    );
    // Nor an armour line.
    let body = format!("0\n{}", pem("leaf"));
    let r = tolerant(&body, &status_only);
    assert_eq!(r.caa_status, None);
    assert_eq!(r.other_lines.iter().count(), pem("leaf").lines().count());
    // The CAA line's numeric form is `Error 'xxx'`.
    let r = both("0\nError '17'\n", &status_only);
    assert!(matches!(r.caa_status, Some(CaaStatus::ErrorCode(17))));
}

#[test]
fn an_empty_line_is_never_a_status() {
    let ext = exp("queryType=0&showExtStatus=Y");
    for (body, at) in [
        ("0\n\nComplete\n", 2),
        ("0\nIssued\n\n", 9),
        ("0\n \nComplete\n", 2),
    ] {
        for parsed in [
            Response::parse(body.as_bytes(), &ext),
            Response::parse_strict(body.as_bytes(), &ext),
        ] {
            let err = parsed.unwrap_err();
            assert_eq!(
                (err.kind(), err.offset()),
                (ErrorKind::EmptyValue, Some(at)),
                "{body:?}"
            );
        }
    }
    // A blank line ends the details; what follows is kept, never placed.
    let details = exp("queryType=0&showStatusDetails=Y");
    let body = "0\n1\n\nAuthorized\n";
    let r = tolerant(body, &details);
    assert_eq!(r.status_details.csr, Some(DetailStatus::Completed));
    assert_eq!(r.status_details.len(), 1);
    assert_eq!(r.caa_status, None);
    assert_eq!(lines(&r), ["", "Authorized"]);
    assert_eq!(
        strict_err(body, &details),
        (ErrorKind::InvalidStatusDetail, 4)
    );
    // Nor is it the CAA status in the strict reading.
    let status_only = Expectation::new(collectssl::QueryType::StatusOnly);
    assert_eq!(
        strict_err("0\n\nAuthorized\n", &status_only),
        (ErrorKind::UnexpectedLine, 2)
    );
}

#[test]
fn a_negative_status_may_come_without_its_message() {
    let status_only = Expectation::new(collectssl::QueryType::StatusOnly);
    for body in ["-14\n", "-14", "-14\n\n", "-14\r\n \r\n"] {
        let r = tolerant(body, &status_only);
        assert_eq!(
            (r.status, r.error_message),
            (Status::UnknownError, None),
            "{body:?}"
        );
    }
    assert_eq!(
        strict_err("-14\n", &status_only),
        (ErrorKind::MissingLine, 4)
    );
    // The strict reading refuses an empty message: the spec gives text.
    assert_eq!(
        strict_err("-14\n\n", &status_only),
        (ErrorKind::EmptyValue, 4)
    );
    assert_eq!(
        strict_err("errorCode=-14&errorMessage=", &exp("responseFormat=1")),
        (ErrorKind::EmptyValue, 27)
    );
}

#[test]
fn crlf_bodies() {
    let exp = exp("queryType=0&showExtStatus=Y&showStatusDetails=Y");
    let lf = format!("0\nAwaiting Validation\nComplete\n{NON_EV}Authorized\nlater\n\n");
    let crlf = lf.replace('\n', "\r\n");
    let (a, b) = (tolerant(&lf, &exp), tolerant(&crlf, &exp));
    assert_eq!(a, b);
    assert_eq!(lines(&b), ["later"]);
    // Certificates with CRLF and a blank CRLF line after the last block.
    let issued = exp_issued_crlf();
    let clean = issued_text();
    let want = both(&clean, &crate::exp(ISSUED_REQUEST));
    assert_eq!(tolerant(&issued, &crate::exp(ISSUED_REQUEST)), want);
    // Format 1: CRLF inside base64 (escaped or not), and at the end.
    let b64 = base64_of("leaf");
    let (head, tail) = b64.split_at(64);
    let form = format!(
        "errorCode=2&certificate={}%0D%0A{}\r\n\r\n",
        head.replace('+', "%2B").replace('/', "%2F"),
        tail.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    );
    let r = both(&form, &crate::exp("queryType=2&responseFormat=1"));
    assert_eq!(r.certificate, Some(Blob::binary(&der("leaf"))));
}

fn exp_issued_crlf() -> String {
    let body = format!(
        "2\n{}{}{}\nIssued\nComplete\n\n",
        pem("root"),
        pem("intermediate"),
        pem("leaf")
    );
    body.replace('\n', "\r\n")
}

// ---------------------------------------------------------------------------
// Format 1.

const STATUS_DETAIL_NAMES: [&str; 7] = StatusDetails::NAMES;

#[test]
fn any_subset_of_status_details() {
    let form_exp = exp("queryType=0&responseFormat=1&showStatusDetails=Y");
    for subset in 0u8..128 {
        let mut body = String::from("errorCode=0");
        let mut want = StatusDetails::NONE;
        for (i, name) in STATUS_DETAIL_NAMES.iter().enumerate() {
            if subset & (1 << i) != 0 {
                let code = i as i32 % 4 - 1;
                body.push_str(&format!("&{name}={code}"));
                *want.get_mut(i).unwrap() = Some(DetailStatus::from_code(code));
            }
        }
        let r = tolerant(&body, &form_exp);
        assert_eq!(r.status_details, want, "{body}");
        match subset {
            0 | 127 => assert_eq!(both(&body, &form_exp), r),
            _ => assert_eq!(
                strict_err(&body, &form_exp),
                (ErrorKind::MissingLine, body.len())
            ),
        }
    }
    // The non-EV answer, with the format-0 spelling of the OV call-back.
    let body = "errorCode=0&csrStatus=1&dcvStatus=1&ovCallbackStatus=-1\
                &organizationValidationStatus=-1&freeDVUPStatus=-1";
    assert_eq!(tolerant(body, &form_exp).status_details, non_ev_details());
}

#[test]
fn ext_status_one_without_the_other() {
    let form_exp = exp("responseFormat=1&showExtStatus=Y");
    let r = both("errorCode=1&certificateStatus=Issued", &form_exp);
    assert_eq!(
        (r.certificate_status, r.validation_status),
        (Some(CertificateStatus::Issued), None)
    );
    let r2 = both("errorCode=1&validationStatus=Complete", &form_exp);
    assert_eq!(
        (r2.certificate_status, r2.validation_status),
        (None, Some(ValidationStatus::Complete))
    );
    // Format 1 carries half the pair; format 0 has no place for it.
    for half in [r, r2] {
        let mut buf = [0u8; 128];
        let n = half.encode(ResponseFormat::UrlEncoded, &mut buf).unwrap();
        assert_eq!(Response::parse_urlencoded_strict(&buf[..n]).unwrap(), half);
        let err = half
            .encode(ResponseFormat::NewlineDelimited, &mut buf)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unrepresentable);
    }
}

#[test]
fn later_parameters_and_error_item_are_kept() {
    let form_exp = exp("responseFormat=1");
    let body = "errorCode=-4&errorMessage=The+value+of+the+%27queryType%27+argument+is+invalid%21\
                &errorItem=queryType";
    let r = both(body, &form_exp);
    assert_eq!(
        r.other_parameters.get("errorItem"),
        Some(Text::plain("queryType"))
    );
    // Version 1.21 and 1.22 parameters, in body order, a name repeated.
    let later = [
        ("certificateDuration", "365"),
        ("productTermStartDate", "1767225600"),
        ("productTermEndDate", "1798761600"),
        ("productTermDuration", "365"),
        ("maStatus", "1"),
        ("evAssumedName", "Example+Trading"),
        ("evPhysicalExistence", "1"),
        ("evOperationalExistence", "2"),
        ("evSignerSecondApproval", "-1"),
        ("evSignerApproverRequester", "0"),
        ("maStatus", "2"),
    ];
    let mut body = String::from("errorCode=1&fqdn=www.example.com");
    for (name, value) in later {
        body.push_str(&format!("&{name}={value}"));
    }
    let r = both(&body, &form_exp);
    let kept: Vec<(String, String)> = r
        .other_parameters
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let want: Vec<(String, String)> = later
        .iter()
        .map(|(n, v)| (n.to_string(), v.replace('+', " ")))
        .collect();
    assert_eq!(kept, want);
    assert_eq!(r.other_parameters.get_all("maStatus").count(), 2);
    assert_eq!(
        r.other_parameters.get("evAssumedName").unwrap(),
        "Example Trading"
    );
    // Written back, they read back equal.
    let mut buf = [0u8; 1024];
    let n = r.encode(ResponseFormat::UrlEncoded, &mut buf).unwrap();
    assert_eq!(Response::parse_urlencoded_strict(&buf[..n]).unwrap(), r);
}

#[test]
fn armoured_certificate_values() {
    let form_exp = exp("queryType=1&responseFormat=1");
    let escape = |pem: &str, space: &str, eol: &str| {
        pem.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
            .replace(' ', space)
            .replace('\n', eol)
    };
    let plain = format!(
        "errorCode=2&caCertificate={}&caCertificate={}&certificate={}",
        escape(&base64_of("root"), "+", ""),
        escape(&base64_of("intermediate"), "+", ""),
        escape(&base64_of("leaf"), "+", "")
    );
    let want = both(&plain, &form_exp);
    let spaced = pem("leaf")
        .replace(
            "-----BEGIN CERTIFICATE-----",
            "----- BEGIN CERTIFICATE -----",
        )
        .replace("-----END CERTIFICATE-----", "----- END CERTIFICATE -----");
    for (space, eol) in [("+", "%0A"), ("%20", "%0D%0A"), ("+", "\n"), ("%20", "%0a")] {
        for leaf in [pem("leaf"), spaced.clone()] {
            let body = format!(
                "errorCode=2&caCertificate={}&caCertificate={}&certificate={}",
                escape(&pem("root"), space, eol),
                escape(&pem("intermediate"), space, eol),
                escape(&leaf, space, eol)
            );
            let r = tolerant(&body, &form_exp);
            assert_eq!(r, want, "{space} {eol}");
            r.check_certificates().unwrap();
            // The strict reading refuses the first armoured value.
            let at = body.find("caCertificate=").unwrap() + "caCertificate=".len();
            assert_eq!(strict_err(&body, &form_exp), (ErrorKind::InvalidBase64, at));
        }
    }
    // An escaped first dash is armour too.
    let body = format!(
        "errorCode=2&certificate=%2D{}",
        &escape(&pem("leaf"), "+", "%0A")[1..]
    );
    let r = tolerant(&body, &exp("queryType=2&responseFormat=1"));
    assert_eq!(r.certificate, Some(Blob::binary(&der("leaf"))));
    // Armour without its END line is no certificate: its decoding fails.
    let body = "errorCode=2&certificate=-----BEGIN+CERTIFICATE-----%0AMAMCAQE%3D%0A";
    let r = tolerant(body, &exp("queryType=2&responseFormat=1"));
    assert_eq!(
        r.check_certificates().unwrap_err().kind(),
        ErrorKind::InvalidBase64
    );
}

#[test]
fn empty_optional_text_is_absent() {
    let form_exp = exp("responseFormat=1");
    for (name, status) in [
        ("fqdn", 1),
        ("certificateStatus", 1),
        ("validationStatus", 1),
        ("caaStatus", 0),
        ("errorMessage", -14),
    ] {
        for value in ["", "+", "%09"] {
            let body = format!("errorCode={status}&{name}={value}");
            let r = tolerant(&body, &form_exp);
            assert_eq!(r, Response::new(Status::from_code(status)), "{body}");
            let at = body.len() - value.len();
            assert_eq!(
                strict_err(&body, &form_exp),
                (ErrorKind::EmptyValue, at),
                "{body}"
            );
        }
    }
    // Format 0: an empty FQDN line, and one the body ends before.
    let fqdn = exp("queryType=0&showFQDN=Y&showExtStatus=Y");
    let r = tolerant("1\n\nIssued\nComplete\n", &fqdn);
    assert_eq!(
        (r.fqdn, r.certificate_status),
        (None, Some(CertificateStatus::Issued))
    );
    assert_eq!(
        strict_err("1\n\nIssued\nComplete\n", &fqdn),
        (ErrorKind::EmptyValue, 2)
    );
    let r = tolerant("1\n", &exp("queryType=0&showFQDN=Y"));
    assert_eq!(r.fqdn, None);
    // The encoders never write an empty text.
    let mut r = Response::new(Status::CertificatesAvailable);
    r.fqdn = Some(Text::plain(""));
    for format in [ResponseFormat::NewlineDelimited, ResponseFormat::UrlEncoded] {
        let err = r.encode(format, &mut [0u8; 64]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unrepresentable);
    }
}

/// The serde output names what is kept: `otherParameters` (a repeated name
/// as an array, in body order) and `otherLines`.
#[cfg(feature = "serde")]
#[test]
fn serde_shows_what_is_kept() {
    let r = tolerant(
        "errorCode=0&errorItem=x&maStatus=1&maStatus=2&a%FF=%zz",
        &exp("responseFormat=1"),
    );
    let json = serde_json::to_value(r).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "errorCode": 0,
            "otherParameters": {"errorItem": "x", "maStatus": ["1", "2"], "a\u{fffd}": "%zz"}
        })
    );
    let r = tolerant(
        "0\nAuthorized\nlater\n\u{e9}\n",
        &Expectation::new(collectssl::QueryType::StatusOnly),
    );
    let json = serde_json::to_value(r).unwrap();
    assert_eq!(json["otherLines"], serde_json::json!(["later", "\u{e9}"]));
    assert_eq!(json["caaStatus"], "Authorized");
    let r = tolerant("0\n1\n1\n", &exp("queryType=0&showStatusDetails=Y"));
    assert_eq!(
        serde_json::to_value(r).unwrap(),
        serde_json::json!({"errorCode": 0, "csrStatus": 1, "dcvStatus": 1})
    );
}

// ---------------------------------------------------------------------------
// The property: whatever strict accepts, tolerant accepts with an equal
// value; what tolerant reads and an encoder writes, strict reads back.

/// Lines a mutation may insert: blank, bare integers, texts, armour.
const LINES: &[&str] = &[
    "",
    " ",
    "\t",
    "0",
    "1",
    "-1",
    "2",
    "7",
    "Authorized",
    "Issued",
    "Complete",
    "x.example VALIDATED",
    "14/05/2003 13/05/2004",
    "www.example.com",
    "-----BEGIN CERTIFICATE-----",
    "MAMCAQE=",
    "-----END CERTIFICATE-----",
    "Error '5'",
];

/// A sample body and its request, by index.
fn seed(index: usize) -> (Vec<u8>, Vec<u8>) {
    let names = [
        "issued-newline",
        "pending-newline",
        "crt-newline",
        "denied-newline",
        "pkcs7-newline",
        "issued-urlencoded",
        "pending-urlencoded",
        "cabundle-urlencoded",
        "missing-urlencoded",
        "nseq-urlencoded",
    ];
    let dir = format!("{}/examples/samples", env!("CARGO_MANIFEST_DIR"));
    let name = names[index % names.len()];
    (
        fs::read(format!("{dir}/{name}.body")).unwrap(),
        fs::read(format!("{dir}/{name}.request")).unwrap(),
    )
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, usize),
    Remove(usize),
    Duplicate(usize),
}

fn mutate(body: &[u8], edits: &[Edit], crlf: bool) -> Vec<u8> {
    let text = String::from_utf8_lossy(body).into_owned();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for edit in edits {
        let len = lines.len().max(1);
        match *edit {
            Edit::Insert(at, line) => {
                lines.insert(at % (lines.len() + 1), LINES[line % LINES.len()].to_owned())
            }
            Edit::Remove(at) if !lines.is_empty() => {
                lines.remove(at % len);
            }
            Edit::Duplicate(at) if !lines.is_empty() => {
                let line = lines[at % len].clone();
                lines.insert(at % len, line);
            }
            _ => {}
        }
    }
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut out = lines.join(eol);
    out.push_str(eol);
    out.into_bytes()
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..80, 0usize..LINES.len()).prop_map(|(a, l)| Edit::Insert(a, l)),
        (0usize..80).prop_map(Edit::Remove),
        (0usize..80).prop_map(Edit::Duplicate),
    ]
}

fn check_readings(body: &[u8], exp: &Expectation) -> Result<(), TestCaseError> {
    let strict = Response::parse_strict(body, exp);
    let tolerant = Response::parse(body, exp);
    if let Ok(r) = &strict {
        prop_assert_eq!(
            tolerant.as_ref(),
            Ok(r),
            "tolerant differs on a strict body"
        );
    }
    if let Ok(r) = &tolerant {
        // What an encoder writes of it, strict reads back equal.
        for format in [ResponseFormat::UrlEncoded, ResponseFormat::NewlineDelimited] {
            let mut buf = vec![0u8; r.encoded_len(format)];
            if let Ok(n) = r.encode(format, &mut buf) {
                let mut back_exp = r.expectation();
                back_exp.response_format = format;
                let back = Response::parse_strict(&buf[..n], &back_exp);
                prop_assert_eq!(back.as_ref(), Ok(r));
                let again = Response::parse(&buf[..n], &back_exp);
                prop_assert_eq!(again.as_ref(), Ok(r));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn strict_accepts_implies_tolerant_equal(
        index in 0usize..10,
        edits in prop::collection::vec(edit(), 0..4),
        crlf in any::<bool>(),
        flags in prop::collection::vec(any::<bool>(), 6),
        query_type in 0u8..4,
    ) {
        let (body, request) = seed(index);
        // The sample's own request, and another shape of request.
        let mut exps = vec![Expectation::from_form(&request)];
        let names = ["showValidityPeriod", "showFQDN", "showExtStatus", "showMDCDomainDetails",
            "showStatusDetails", "showMDCDomainDetails2"];
        let mut form = format!("queryType={query_type}");
        for (name, on) in names.iter().zip(&flags) {
            if *on {
                form.push_str(&format!("&{name}=Y"));
            }
        }
        exps.push(Expectation::from_form(form.as_bytes()));
        let is_text = !request.windows(16).any(|w| w == b"responseFormat=1");
        let bodies = if is_text {
            vec![body.clone(), mutate(&body, &edits, crlf)]
        } else {
            // Format 1: the same edits on its parameters.
            let params = String::from_utf8_lossy(&body).trim_end().replace('&', "\n");
            let edited = mutate(params.as_bytes(), &edits, false);
            let joined = String::from_utf8_lossy(&edited).trim_end().replace('\n', "&");
            for exp in &mut exps {
                exp.response_format = ResponseFormat::UrlEncoded;
            }
            vec![body.clone(), joined.into_bytes()]
        };
        for body in &bodies {
            for exp in &exps {
                check_readings(body, exp)?;
            }
        }
    }
}
