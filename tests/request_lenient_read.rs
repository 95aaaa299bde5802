//! The lenient read of a request body (`Expectation::from_form`, which
//! reads the shape of an answer) against the server's read
//! (`Request::parse`), on every value of every field that shapes the
//! answer: where the server accepts a value, both read it the same; where
//! it refuses one, the lenient read keeps the default
//! (`docs/reading-the-spec.md#the-request-form`).
//!
//! The values are exhaustive over a set of spellings: digits with and
//! without leading zeros, escapes in either case, `+`, empty values,
//! signs, spaces, overflow and garbage; every name is also written in
//! other cases and with an escape.

use collectssl::Request;
use collectssl::response::Expectation;

/// The fields that shape the answer, each with the other arguments that
/// make every code it defines valid (`responseEncoding=1` needs
/// `queryType=1` and `responseType` 0 or 2).
const FIELDS: [(&str, &str); 10] = [
    ("queryType", ""),
    ("responseType", "&queryType=1"),
    ("responseEncoding", "&queryType=1&responseType=2"),
    ("responseFormat", "&queryType=1"),
    ("showValidityPeriod", "&queryType=1"),
    ("showFQDN", "&queryType=1"),
    ("showExtStatus", "&queryType=1"),
    ("showMDCDomainDetails", "&queryType=1"),
    ("showMDCDomainDetails2", "&queryType=1"),
    ("showStatusDetails", "&queryType=1"),
];

/// Every spelling each field is tried with.
fn spellings() -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for digit in ['0', '1', '2', '3', '4', '9'] {
        all.push(digit.to_string());
        all.push(format!("0{digit}"));
        all.push(format!("00{digit}"));
        all.push(format!("{}{digit}", "0".repeat(30)));
        all.push(format!("%3{digit}"));
        all.push(format!("0%3{digit}"));
        all.push(format!("%30{digit}"));
        all.push(format!("+{digit}"));
        all.push(format!("{digit}+"));
        all.push(format!("-{digit}"));
        all.push(format!("%2B{digit}"));
        all.push(format!("%20{digit}"));
        all.push(format!("{digit}.0"));
        all.push(format!("{digit}%00"));
        all.push(format!("1{digit}"));
    }
    for flag in ["Y", "y", "N", "n"] {
        let byte = flag.as_bytes()[0];
        all.push(flag.to_string());
        all.push(format!("%{byte:02X}"));
        all.push(format!("%{byte:02x}"));
        all.push(format!("{flag}{flag}"));
        all.push(format!("{flag}+"));
        all.push(format!("+{flag}"));
        all.push(format!("%{byte:02X}%{byte:02X}"));
    }
    for other in [
        "",
        "+",
        "%",
        "%3",
        "%ZZ",
        "%%31",
        "%C3%99",
        "\u{d9}",
        "yes",
        "no",
        "T",
        "x",
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999",
        "0x1",
        "1e0",
        "\u{ff11}",
    ] {
        all.push(other.to_string());
    }
    all
}

/// `name` as sent: as written, upper case, lower case, and with its first
/// letter escaped.
fn name_spellings(name: &str) -> [String; 4] {
    let first = name.as_bytes()[0];
    [
        name.to_string(),
        name.to_uppercase(),
        name.to_lowercase(),
        format!("%{first:02X}{}", &name[1..]),
    ]
}

const BASE: &str = "loginName=u&loginPassword=p&orderNumber=1";

#[test]
fn the_lenient_read_and_the_servers_read_agree_on_every_value_of_every_field() {
    let mut accepted = 0;
    let mut refused = 0;
    for (name, context) in FIELDS {
        // What the body means without the value under test.
        let without = format!("{BASE}{context}");
        let without = if name == "queryType" {
            format!("{without}&queryType=0")
        } else {
            without
        };
        let default = Expectation::from(&Request::parse(without.as_bytes()).unwrap());
        assert_eq!(Expectation::from_form(without.as_bytes()), default);
        for value in spellings() {
            for sent in name_spellings(name) {
                let context = if name == "queryType" { "" } else { context };
                let body = format!("{BASE}{context}&{sent}={value}");
                let lenient = Expectation::from_form(body.as_bytes());
                match Request::parse(body.as_bytes()) {
                    Ok(request) => {
                        accepted += 1;
                        assert_eq!(lenient, Expectation::from(&request), "{body}");
                    }
                    Err(err) => {
                        refused += 1;
                        assert_eq!(err.field().map(|f| f.name()), Some(name), "{body}: {err}");
                        // `queryType` is required: its default is 0.
                        assert_eq!(lenient, default, "{body}: {err}");
                    }
                }
            }
        }
    }
    // Both outcomes are exercised for every field.
    assert!(accepted > 10 * 4 * 5, "{accepted}");
    assert!(refused > 10 * 4 * 50, "{refused}");
}

#[test]
fn every_code_field_accepts_leading_zeros_alike() {
    for (name, context) in FIELDS.iter().take(4) {
        let context = if *name == "queryType" { "" } else { context };
        for (plain, padded) in [("0", "00"), ("1", "01"), ("1", "%30%31"), ("0", "0000")] {
            let one = format!("{BASE}{context}&{name}={plain}");
            let two = format!("{BASE}{context}&{name}={padded}");
            assert_eq!(
                Request::parse(one.as_bytes()).unwrap(),
                Request::parse(two.as_bytes()).unwrap(),
                "{two}"
            );
            assert_eq!(
                Expectation::from_form(one.as_bytes()),
                Expectation::from_form(two.as_bytes()),
                "{two}"
            );
        }
    }
}
