//! Format 0 (newline-delimited) responses, read against the expectation the
//! request implies (docs/reading-the-spec.md#format-0): every status code, every
//! combination of the `show*` flags, every `queryType` × `responseType`,
//! line endings, armor spellings, base64 line widths and CAA values.

use std::fs;
use std::path::Path;

use collectssl::response::{Expectation, Response};
use collectssl::{
    Blob, CaaStatus, CertificateStatus, DcvStatus, DetailStatus, ErrorKind, MdcDomain,
    MdcDomainDetails, QueryType, ResponseType, Status, StatusDetails, Text, ValidationStatus,
};

/// One certificate of the sample chain: its base64 (no line breaks) and DER.
struct Cert {
    b64: String,
    der: Vec<u8>,
}

/// Root, intermediate and leaf of `examples/samples/chain`.
fn chain() -> [Cert; 3] {
    ["root", "intermediate", "leaf"].map(|name| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("examples/samples/chain/{name}.pem"));
        let pem = fs::read_to_string(path).unwrap();
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let blob = Blob::base64(b64.as_bytes());
        let mut der = vec![0; blob.decoded_len().unwrap()];
        blob.decode_into(&mut der).unwrap();
        Cert { b64, der }
    })
}

#[derive(Clone, Copy, Debug)]
enum Armor {
    /// RFC 7468: `-----BEGIN CERTIFICATE-----`.
    Tight,
    /// As the spec prints it: `----- BEGIN CERTIFICATE -----`.
    Spaced,
}

/// A PEM block with LF line ends; `width: None` is one unwrapped line.
fn pem(label: &str, b64: &str, width: Option<usize>, armor: Armor) -> String {
    let (open, close) = match armor {
        Armor::Tight => ("-----", "-----"),
        Armor::Spaced => ("----- ", " -----"),
    };
    let mut s = format!("{open}BEGIN {label}{close}\n");
    match width {
        None => {
            s.push_str(b64);
            s.push('\n');
        }
        Some(w) => {
            for chunk in b64.as_bytes().chunks(w) {
                s.push_str(std::str::from_utf8(chunk).unwrap());
                s.push('\n');
            }
        }
    }
    s.push_str(&format!("{open}END {label}{close}\n"));
    s
}

fn cert_block(c: &Cert) -> String {
    pem("CERTIFICATE", &c.b64, Some(64), Armor::Tight)
}

/// LF everywhere, or CRLF everywhere.
#[derive(Clone, Copy, Debug)]
enum Eol {
    Lf,
    CrLf,
}

impl Eol {
    fn apply(self, lf_text: &str) -> String {
        match self {
            Eol::Lf => lf_text.to_owned(),
            Eol::CrLf => lf_text.replace('\n', "\r\n"),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Eol::Lf => "\n",
            Eol::CrLf => "\r\n",
        }
    }
}

// The `show*` flags as bits of a mask.
const V: u8 = 1; // showValidityPeriod
const F: u8 = 2; // showFQDN
const E: u8 = 4; // showExtStatus
const M: u8 = 8; // showMDCDomainDetails
const D: u8 = 16; // showStatusDetails
const M2: u8 = 32; // showMDCDomainDetails2
const ALL_FLAGS: u8 = 63;

fn expectation(q: QueryType, r: ResponseType, flags: u8) -> Expectation {
    let mut exp = Expectation::new(q);
    exp.response_type = r;
    exp.show_validity_period = flags & V != 0;
    exp.show_fqdn = flags & F != 0;
    exp.show_ext_status = flags & E != 0;
    exp.show_mdc_domain_details = flags & M != 0;
    exp.show_status_details = flags & D != 0;
    exp.show_mdc_domain_details2 = flags & M2 != 0;
    exp
}

fn chain_expectation(flags: u8) -> Expectation {
    expectation(
        QueryType::CertificateAndChain,
        ResponseType::IndividuallyEncoded,
        flags,
    )
}

/// 1-based line of byte `offset` of `body`.
fn line_at(body: &str, offset: usize) -> u32 {
    body.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
        + 1
}

/// Asserts that the strict reading refuses `body` with `kind` at `offset`
/// and on the line of that offset. (The tolerant reading may read it:
/// `response_tolerant.rs` pins what it reads.)
#[track_caller]
fn assert_err(body: &str, exp: &Expectation, kind: ErrorKind, offset: usize) {
    let err = match Response::parse_newline_strict(body.as_bytes(), exp) {
        Ok(r) => panic!("{body:?} parsed: {r:?}"),
        Err(e) => e,
    };
    assert_eq!(
        (err.kind(), err.offset(), err.line().map(|l| l.get())),
        (kind, Some(offset), Some(line_at(body, offset))),
        "{body:?}"
    );
}

/// The strict reading of `body`, which the tolerant reading must equal.
#[track_caller]
fn parse<'a>(body: &'a str, exp: &Expectation) -> Response<'a> {
    match Response::parse_newline_strict(body.as_bytes(), exp) {
        Ok(r) => {
            assert_eq!(
                Response::parse_newline(body.as_bytes(), exp),
                Ok(r),
                "{body:?}"
            );
            r
        }
        Err(e) => panic!("{body:?}: {e}"),
    }
}

const VALIDITY: &str = "14/05/2003 13/05/2004";
const NOT_BEFORE: i64 = 1_052_870_400; // 2003-05-14 00:00:00 GMT
const NOT_AFTER: i64 = 1_084_492_799; // 2004-05-13 23:59:59 GMT
const FQDN: &str = "secure.example.com";
const MDC: &str = "a.example VALIDATED, b.example NOTVALIDATED";
const MDC2: &str = "a.example VALIDATED, b.example NOTVALIDATED, c.example AWAITINGBRAND";
const DETAILS: [&str; 7] = ["1", "2", "-1", "0", "-1", "0", "2"];
const DETAIL_VALUES: [DetailStatus; 7] = [
    DetailStatus::Completed,
    DetailStatus::InProgress,
    DetailStatus::NotRequired,
    DetailStatus::NotCompleted,
    DetailStatus::NotRequired,
    DetailStatus::NotCompleted,
    DetailStatus::InProgress,
];

/// The body format 0 implies (docs/reading-the-spec.md#format-0) for a non-negative `status`, as units of
/// one line each, except that the certificate blocks (status 2) are one unit:
/// cutting inside a block is a truncated block, not a missing line.
fn units(status: i32, flags: u8, caa: bool, chain: &[Cert]) -> Vec<String> {
    let mut u = vec![format!("{status}\n")];
    if status > 0 && flags & V != 0 {
        u.push(format!("{VALIDITY}\n"));
    }
    if status > 0 && flags & F != 0 {
        u.push(format!("{FQDN}\n"));
    }
    if status == 2 {
        u.push(chain.iter().map(cert_block).collect());
    }
    if flags & E != 0 {
        u.push("Issued\n".into());
        u.push("Complete\n".into());
    }
    if status == 0 && flags & M != 0 {
        u.push(format!("{MDC}\n"));
    }
    if flags & D != 0 {
        u.extend(DETAILS.iter().map(|d| format!("{d}\n")));
    }
    if status == 0 && flags & M2 != 0 {
        u.push(format!("{MDC2}\n"));
    }
    if caa {
        u.push("Timeout\n".into());
    }
    u
}

/// Checks every field of a parsed non-negative response built by `units`.
#[track_caller]
fn check_fields(r: &Response<'_>, status: i32, flags: u8, caa: bool, chain: &[Cert]) {
    let what = format!("status {status} flags {flags:06b} caa {caa}");
    assert_eq!(r.status, Status::from_code(status), "{what}");
    assert_eq!(r.error_message, None, "{what}");
    let validity = status > 0 && flags & V != 0;
    assert_eq!(r.not_before, validity.then_some(NOT_BEFORE), "{what}");
    assert_eq!(r.not_after, validity.then_some(NOT_AFTER), "{what}");
    let fqdn = status > 0 && flags & F != 0;
    assert_eq!(r.fqdn, fqdn.then_some(Text::plain(FQDN)), "{what}");
    if status == 2 {
        let cas: Vec<Blob<'_>> = r.ca_certificates.iter().collect();
        assert_eq!(
            cas,
            [Blob::binary(&chain[0].der), Blob::binary(&chain[1].der)],
            "{what}"
        );
        assert_eq!(r.certificate, Some(Blob::binary(&chain[2].der)), "{what}");
    } else {
        assert!(r.ca_certificates.is_empty(), "{what}");
        assert_eq!(r.certificate, None, "{what}");
    }
    assert_eq!(r.container(), None, "{what}");
    let ext = flags & E != 0;
    assert_eq!(
        r.certificate_status,
        ext.then_some(CertificateStatus::Issued),
        "{what}"
    );
    assert_eq!(
        r.validation_status,
        ext.then_some(ValidationStatus::Complete),
        "{what}"
    );
    let a = MdcDomain::new(Text::plain("a.example"), DcvStatus::Validated);
    let b = MdcDomain::new(Text::plain("b.example"), DcvStatus::NotValidated);
    let c = MdcDomain::new(Text::plain("c.example"), DcvStatus::AwaitingBrand);
    let (mdc, mdc2) = ([a, b], [a, b, c]);
    let has_mdc = status == 0 && flags & M != 0;
    assert_eq!(
        r.mdc_domain_details,
        has_mdc.then_some(MdcDomainDetails::from_items(&mdc)),
        "{what}"
    );
    let has_mdc2 = status == 0 && flags & M2 != 0;
    assert_eq!(
        r.mdc_domain_details2,
        has_mdc2.then_some(MdcDomainDetails::from_items(&mdc2)),
        "{what}"
    );
    if let Some(list) = r.mdc_domain_details2 {
        let items: Vec<MdcDomain<'_>> = list.iter().map(Result::unwrap).collect();
        assert_eq!(items, mdc2, "{what}");
    }
    let details = flags & D != 0;
    assert_eq!(
        r.status_details,
        if details {
            StatusDetails::from_array(DETAIL_VALUES)
        } else {
            StatusDetails::NONE
        },
        "{what}"
    );
    assert_eq!(r.caa_status, caa.then_some(CaaStatus::Timeout), "{what}");
    assert!(r.other_parameters.is_empty(), "{what}");
}

#[test]
fn every_combination_of_show_flags_for_statuses_0_1_2() {
    let chain = chain();
    for status in [0, 1, 2] {
        for flags in 0..=ALL_FLAGS {
            let exp = chain_expectation(flags);
            for caa in [false, true] {
                let units = units(status, flags, caa, &chain);
                for eol in [Eol::Lf, Eol::CrLf] {
                    let body = eol.apply(&units.concat());
                    let r = parse(&body, &exp);
                    check_fields(&r, status, flags, caa, &chain);
                    r.check_certificates().unwrap();

                    // The final line break is optional.
                    let unterminated = body.strip_suffix(eol.as_str()).unwrap();
                    assert_eq!(parse(unterminated, &exp), r);

                    // Each required line missing in turn (the body ends
                    // before it): MissingLine at the end, on the next line.
                    let required = units.len() - usize::from(caa);
                    for kept in 1..required {
                        let prefix = eol.apply(&units[..kept].concat());
                        assert_err(&prefix, &exp, ErrorKind::MissingLine, prefix.len());
                    }

                    // One line more than allowed: after a CAA line any line
                    // is one too many; without one, an empty line is not a
                    // CAA status (an error) and a non-empty line is one.
                    let extra = format!("{body}extra{}", eol.as_str());
                    let empty = format!("{body}{}", eol.as_str());
                    assert_err(&empty, &exp, ErrorKind::UnexpectedLine, body.len());
                    if caa {
                        assert_err(&extra, &exp, ErrorKind::UnexpectedLine, body.len());
                    } else {
                        let with_caa = parse(&extra, &exp);
                        let other = CaaStatus::from_text(Text::plain("extra"));
                        assert_eq!(with_caa.caa_status, Some(other));
                        let twice = format!("{extra}extra{}", eol.as_str());
                        assert_err(&twice, &exp, ErrorKind::UnexpectedLine, extra.len());
                    }
                }
            }
        }
    }
}

/// Every code of the spec, and two it does not list.
const CODES: [(i32, Status); 15] = [
    (2, Status::CertificatesAttached),
    (1, Status::CertificatesAvailable),
    (0, Status::BeingProcessed),
    (-1, Status::NotHttps),
    (-2, Status::UnrecognisedArgument),
    (-3, Status::ArgumentMissing),
    (-4, Status::ArgumentInvalid),
    (-14, Status::UnknownError),
    (-16, Status::PermissionDenied),
    (-17, Status::GetNotPost),
    (-20, Status::Rejected),
    (-21, Status::Revoked),
    (-22, Status::AwaitingPayment),
    (-26, Status::from_code(-26)),
    (3, Status::from_code(3)),
];

#[test]
fn every_status_code_follows_the_rules_of_its_sign() {
    let chain = chain();
    for (code, status) in CODES {
        assert_eq!(Status::from_code(code), status);
        for flags in [0, ALL_FLAGS] {
            let exp = chain_expectation(flags);
            if code < 0 {
                // A negative status carries its message line and nothing
                // else, whatever the request asked for.
                let message = status.message().unwrap_or("Something new went wrong!");
                let body = format!("{code}\n{message}\n");
                let r = parse(&body, &exp);
                assert_eq!(r, Response::error(status, message), "{code}");
                assert_eq!(r.status, status);
                assert!(r.status.is_error());
                // The message line is required …
                let bare = format!("{code}\n");
                assert_err(&bare, &exp, ErrorKind::MissingLine, bare.len());
                assert_err(
                    &code.to_string(),
                    &exp,
                    ErrorKind::MissingLine,
                    bare.len() - 1,
                );
                // … and nothing may follow it, not even a CAA status.
                let extra = format!("{body}Authorized\n");
                assert_err(&extra, &exp, ErrorKind::UnexpectedLine, body.len());
                // An empty message is none: the strict reading refuses
                // it, the tolerant one reads it as absent.
                let empty = format!("{code}\n\n");
                assert_err(&empty, &exp, ErrorKind::EmptyValue, bare.len());
                let r = Response::parse_newline(empty.as_bytes(), &exp).unwrap();
                assert_eq!((r.status, r.error_message), (status, None));
            } else {
                for caa in [false, true] {
                    let body = units(code, flags, caa, &chain).concat();
                    let r = parse(&body, &exp);
                    assert_eq!(r.status, status);
                    check_fields(&r, code, flags, caa, &chain);
                }
            }
        }
    }
    // Only status 2 has certificate blocks: after status 3 a BEGIN line
    // stands where the CAA line would, and an armour line is never a CAA
    // status: refused there.
    let exp = chain_expectation(0);
    for code in [0, 1, 3] {
        let body = format!("{code}\n{}", cert_block(&chain[2]));
        let second_line = format!("{code}\n").len();
        assert_err(&body, &exp, ErrorKind::UnexpectedLine, second_line);
    }
}

/// The container field that `r` fills.
fn container_of<'a>(response: &Response<'a>, r: ResponseType) -> Option<Blob<'a>> {
    match r {
        ResponseType::Zip => response.zip_file,
        ResponseType::NetscapeCertificateSequence => response.netscape_certificate_sequence,
        ResponseType::Pkcs7 => response.pkcs7,
        ResponseType::IndividuallyEncoded => None,
    }
}

#[test]
fn every_query_type_and_response_type_with_status_2() {
    let chain = chain();
    let [root, intermediate, leaf] = &chain;
    for &q in QueryType::ALL {
        for &r in ResponseType::ALL {
            let exp = expectation(q, r, 0);
            let what = format!("{q:?} {r:?}");
            match (q, r) {
                (QueryType::StatusOnly, _) => {
                    // queryType=0 asks for no certificate: none is read.
                    let got = parse("2\n", &exp);
                    assert_eq!(got, Response::new(Status::CertificatesAttached), "{what}");
                    assert_eq!(got.blobs().count(), 0);
                    // An armour line is no CAA status: the block is refused
                    // at its BEGIN line.
                    let body = format!("2\n{}", cert_block(leaf));
                    assert_err(&body, &exp, ErrorKind::UnexpectedLine, 2);
                }
                (_, ResponseType::IndividuallyEncoded) => {
                    // Every block must be a CERTIFICATE, in wire order.
                    let all = [root, intermediate, leaf].map(cert_block).concat();
                    match q {
                        QueryType::CertificateAndChain => {
                            let body = format!("2\n{all}");
                            let got = parse(&body, &exp);
                            let cas: Vec<_> = got.ca_certificates.iter().collect();
                            assert_eq!(
                                cas,
                                [Blob::binary(&root.der), Blob::binary(&intermediate.der)]
                            );
                            assert_eq!(got.certificate, Some(Blob::binary(&leaf.der)));
                            // Two blocks: one CA certificate and the end entity.
                            let two = format!("2\n{}{}", cert_block(root), cert_block(leaf));
                            let got = parse(&two, &exp);
                            assert_eq!(got.ca_certificates.len(), 1);
                            assert_eq!(
                                got.ca_certificates.iter().next(),
                                Some(Blob::binary(&root.der))
                            );
                            assert_eq!(got.certificate, Some(Blob::binary(&leaf.der)));
                            // One block is not enough: the end entity needs a CA before it.
                            let one = format!("2\n{}", cert_block(leaf));
                            assert_err(&one, &exp, ErrorKind::MissingLine, one.len());
                            let one_then_more = format!("{one}Issued\n");
                            let exp_ext = expectation(q, r, E);
                            assert_err(&one_then_more, &exp_ext, ErrorKind::MissingLine, one.len());
                        }
                        QueryType::Certificate => {
                            let body = format!("2\n{}", cert_block(leaf));
                            let got = parse(&body, &exp);
                            assert_eq!(got.certificate, Some(Blob::binary(&leaf.der)));
                            assert!(got.ca_certificates.is_empty());
                            // A second block is no CA certificate here, and
                            // its BEGIN line is no CAA status: refused there.
                            let first = 2 + cert_block(leaf).len();
                            let body = format!("2\n{}{}", cert_block(leaf), cert_block(root));
                            assert_err(&body, &exp, ErrorKind::UnexpectedLine, first);
                        }
                        QueryType::CaBundle => {
                            for n in 1..=3 {
                                let blocks: String = chain[..n].iter().map(cert_block).collect();
                                let body = format!("2\n{blocks}");
                                let got = parse(&body, &exp);
                                let cas: Vec<_> = got.ca_certificates.iter().collect();
                                let want: Vec<_> =
                                    chain[..n].iter().map(|c| Blob::binary(&c.der)).collect();
                                assert_eq!(cas, want, "{n}");
                                assert_eq!(got.certificate, None);
                            }
                        }
                        QueryType::StatusOnly => unreachable!(),
                    }
                    if q != QueryType::Certificate {
                        // A block of another label among them is refused
                        // at its BEGIN line.
                        let bad = pem("PKCS7", &intermediate.b64, Some(64), Armor::Tight);
                        let body = format!("2\n{}{bad}{}", cert_block(root), cert_block(leaf));
                        let at = 2 + cert_block(root).len();
                        assert_err(&body, &exp, ErrorKind::InvalidPem, at);
                    }
                    // No block at all.
                    assert_err("2\n", &exp, ErrorKind::MissingLine, 2);
                    assert_err("2\nIssued\n", &exp, ErrorKind::InvalidPem, 2);
                }
                (_, container) => {
                    // One armored block of any label (the encoder writes
                    // ZIP, NETSCAPE CERTIFICATE SEQUENCE and PKCS7).
                    for label in [
                        "ZIP",
                        "NETSCAPE CERTIFICATE SEQUENCE",
                        "PKCS7",
                        "CERTIFICATE",
                        "X509 CRL",
                    ] {
                        let block = pem(label, &leaf.b64, Some(64), Armor::Tight);
                        let body = format!("2\n{block}");
                        let got = parse(&body, &exp);
                        let want = Some(Blob::binary(&leaf.der));
                        assert_eq!(container_of(&got, container), want, "{what} {label}");
                        assert_eq!(got.container(), want, "{what} {label}");
                        assert_eq!(got.blobs().count(), 1, "{what} {label}");
                        assert!(got.ca_certificates.is_empty() && got.certificate.is_none());
                    }
                    assert_err("2\n", &exp, ErrorKind::MissingLine, 2);
                    assert_err("2\nIssued\n", &exp, ErrorKind::InvalidPem, 2);
                    // ONE block: a second one is not read as a block.
                    let first = pem("PKCS7", &leaf.b64, Some(64), Armor::Tight);
                    let body = format!("2\n{first}{}", cert_block(root));
                    let begin = 2 + first.len();
                    assert_err(&body, &exp, ErrorKind::UnexpectedLine, begin);
                }
            }
        }
    }
}

#[test]
fn query_type_2_needs_a_certificate_label() {
    let chain = chain();
    let exp = expectation(QueryType::Certificate, ResponseType::IndividuallyEncoded, 0);
    for label in ["PKCS7", "ZIP", "X509 CRL"] {
        let body = format!("2\n{}", pem(label, &chain[2].b64, Some(64), Armor::Tight));
        assert_err(&body, &exp, ErrorKind::InvalidPem, 2);
    }
}

#[test]
fn lf_crlf_mixed_and_no_final_line_break_read_alike() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/samples/issued-newline.body");
    let lf = fs::read_to_string(path).unwrap();
    let exp = chain_expectation(V | F | E | D);
    let want = parse(&lf, &exp);
    assert_eq!(want.caa_status, Some(CaaStatus::Authorized));
    let crlf = Eol::CrLf.apply(&lf);
    // Every other line break CRLF.
    let mixed: String = lf
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            if i % 2 == 0 {
                l.replace('\n', "\r\n")
            } else {
                l.to_owned()
            }
        })
        .collect();
    for body in [
        lf.as_str(),
        lf.strip_suffix('\n').unwrap(),
        crlf.as_str(),
        crlf.strip_suffix("\r\n").unwrap(),
        mixed.as_str(),
    ] {
        let got = parse(body, &exp);
        assert_eq!(got, want);
        got.check_certificates().unwrap();
    }
    // The smallest bodies, too.
    let status_only = Expectation::new(QueryType::StatusOnly);
    for body in ["0", "0\n", "0\r\n"] {
        assert_eq!(
            parse(body, &status_only),
            Response::new(Status::BeingProcessed)
        );
    }
    for body in ["-16\nPermission denied!", "-16\r\nPermission denied!\r\n"] {
        assert_eq!(
            parse(body, &status_only),
            Response::error(Status::PermissionDenied, "Permission denied!")
        );
    }
    // A CR alone is no line break: it stays in the text.
    let mut exp = Expectation::new(QueryType::StatusOnly);
    exp.show_fqdn = true;
    assert_eq!(parse("1\na\rb\r\n", &exp).fqdn, Some(Text::plain("a\rb")));
    assert_eq!(parse("1\r\nab\r\r\n", &exp).fqdn, Some(Text::plain("ab\r")));
}

#[test]
fn both_armor_spellings() {
    let chain = chain();
    let exp = chain_expectation(0);
    let tight = format!("2\n{}", chain.iter().map(cert_block).collect::<String>());
    let want = parse(&tight, &exp);
    for armor in [Armor::Tight, Armor::Spaced] {
        for eol in [Eol::Lf, Eol::CrLf] {
            let blocks: String = chain
                .iter()
                .map(|c| pem("CERTIFICATE", &c.b64, Some(64), armor))
                .collect();
            let body = eol.apply(&format!("2\n{blocks}"));
            let got = parse(&body, &exp);
            assert_eq!(got, want, "{armor:?} {eol:?}");
            got.check_certificates().unwrap();
        }
    }
    // Containers in the spaced spelling.
    let mut exp = expectation(QueryType::CertificateAndChain, ResponseType::Pkcs7, 0);
    let body = format!(
        "2\n{}",
        pem("PKCS7", &chain[0].b64, Some(64), Armor::Spaced)
    );
    assert_eq!(parse(&body, &exp).pkcs7, Some(Blob::binary(&chain[0].der)));
    exp.response_type = ResponseType::NetscapeCertificateSequence;
    let label = "NETSCAPE CERTIFICATE SEQUENCE";
    let body = format!("2\n{}", pem(label, &chain[0].b64, None, Armor::Spaced));
    assert_eq!(
        parse(&body, &exp).netscape_certificate_sequence,
        Some(Blob::binary(&chain[0].der))
    );

    // Neither spelling: where a block must start, the line is no armor.
    let exp = expectation(QueryType::Certificate, ResponseType::IndividuallyEncoded, 0);
    for begin in [
        "-----BEGIN CERTIFICATE----",
        "----BEGIN CERTIFICATE-----",
        "-----BEGIN  CERTIFICATE-----",
        "-----begin CERTIFICATE-----",
        "-----BEGIN certificate-----",
        "----- BEGIN CERTIFICATE-----",
        "-----BEGIN CERTIFICATE -----",
        "-----BEGIN CERTIFICATE----- ",
        " -----BEGIN CERTIFICATE-----",
        "-----BEGIN-----",
        "-----END CERTIFICATE-----",
    ] {
        let body = format!("2\n{begin}\n{}\n-----END CERTIFICATE-----\n", chain[2].b64);
        assert_err(&body, &exp, ErrorKind::InvalidPem, 2);
    }
    // An END line of another label, or that is no armor.
    for end in [
        "-----END PKCS7-----",
        "-----END CERTIFICATE----",
        "-----END CERTIFICATE-----x",
    ] {
        let body = format!("2\n-----BEGIN CERTIFICATE-----\n{}\n{end}\n", chain[2].b64);
        let at = 2 + "-----BEGIN CERTIFICATE-----\n".len() + chain[2].b64.len() + 1;
        assert_err(&body, &exp, ErrorKind::InvalidPem, at);
    }
}

#[test]
fn base64_of_any_line_width() {
    let chain = chain();
    let exp = chain_expectation(E);
    for width in [Some(1), Some(64), Some(76), None] {
        for armor in [Armor::Tight, Armor::Spaced] {
            for eol in [Eol::Lf, Eol::CrLf] {
                let blocks: String = chain
                    .iter()
                    .map(|c| pem("CERTIFICATE", &c.b64, width, armor))
                    .collect();
                let body = eol.apply(&format!("2\n{blocks}Issued\nComplete\n"));
                let got = parse(&body, &exp);
                let what = format!("{width:?} {armor:?} {eol:?}");
                got.check_certificates().unwrap();
                let cas: Vec<_> = got.ca_certificates.iter().collect();
                assert_eq!(
                    cas,
                    [Blob::binary(&chain[0].der), Blob::binary(&chain[1].der)],
                    "{what}"
                );
                let leaf = got.certificate.unwrap();
                let mut buf = [0u8; 4096];
                assert_eq!(leaf.decoded_len().unwrap(), chain[2].der.len(), "{what}");
                assert_eq!(
                    leaf.decode_into(&mut buf).unwrap(),
                    &chain[2].der[..],
                    "{what}"
                );
                assert_eq!(got.certificate_status, Some(CertificateStatus::Issued));
                // The blob points into the body where its base64 starts.
                let first = &body.as_bytes()[leaf.offset()..];
                assert!(first.starts_with(&chain[2].b64.as_bytes()[..1]), "{what}");
            }
        }
    }
}

/// The CAA status `Other` with `line` as its text.
fn kept(line: &str) -> CaaStatus<'_> {
    let status = CaaStatus::from_text(Text::plain(line));
    assert!(matches!(status, CaaStatus::Other(o) if o.text().raw() == line.as_bytes()));
    status
}

#[test]
fn the_caa_line_in_its_values() {
    let cases: [(&str, CaaStatus<'static>); 14] = [
        ("Authorized", CaaStatus::Authorized),
        ("Not Authorized", CaaStatus::NotAuthorized),
        (
            "Unrecognized Critical Tag",
            CaaStatus::UnrecognizedCriticalTag,
        ),
        ("Empty", CaaStatus::Empty),
        ("Malformed Response", CaaStatus::MalformedResponse),
        ("Timeout", CaaStatus::Timeout),
        ("ERROR", CaaStatus::Error),
        ("Awaiting Completion", CaaStatus::AwaitingCompletion),
        ("Error '17'", CaaStatus::ErrorCode(17)),
        ("Error '-3'", CaaStatus::ErrorCode(-3)),
        ("Error '0'", CaaStatus::ErrorCode(0)),
        // Other text is kept as it was sent.
        ("Error 'xxx'", kept("Error 'xxx'")),
        ("authorized", kept("authorized")),
        ("Something new \u{e9}", kept("Something new \u{e9}")),
    ];
    let chain = chain();
    for (line, want) in cases {
        for status in [0, 1, 2] {
            for flags in [0, ALL_FLAGS] {
                let exp = chain_expectation(flags);
                let mut units = units(status, flags, false, &chain);
                units.push(format!("{line}\n"));
                let body = units.concat();
                let got = parse(&body, &exp);
                let mut without_caa = got;
                without_caa.caa_status = None;
                check_fields(&without_caa, status, flags, false, &chain);
                let caa = got.caa_status.unwrap();
                assert_eq!(caa, want, "{line}");
                // The right variant, not only an equal one.
                assert_eq!(
                    std::mem::discriminant(&caa),
                    std::mem::discriminant(&want),
                    "{line}"
                );
                assert_eq!(caa.to_string(), line);
            }
        }
    }
    // A blank line (empty, or spaces and tabs) is never a CAA status
    // (docs/reading-the-spec.md#format-0); other text is.
    let exp = Expectation::new(QueryType::StatusOnly);
    assert_err("1\n \n", &exp, ErrorKind::UnexpectedLine, 2);
    assert_err("1\n\t\n", &exp, ErrorKind::UnexpectedLine, 2);
    assert_eq!(parse("1\n .\n", &exp).caa_status, Some(kept(" .")));
    assert_err("1\n\n", &exp, ErrorKind::UnexpectedLine, 2);
    assert_err("1\r\n\r\n", &exp, ErrorKind::UnexpectedLine, 3);
    assert_err("0\n\nTimeout\n", &exp, ErrorKind::UnexpectedLine, 2);
}

#[test]
fn lines_are_read_by_position_not_by_content() {
    // With showExtStatus the two lines are taken as they come, whatever
    // they say; a status detail must be one of the four integers.
    let exp = chain_expectation(E | D);
    let body = "1\nAuthorized\n14/05/2003 13/05/2004\n1\n1\n1\n1\n1\n1\n1\n";
    let r = parse(body, &exp);
    assert_eq!(
        r.certificate_status,
        Some(CertificateStatus::from_text(Text::plain("Authorized")))
    );
    assert_eq!(
        r.validation_status.unwrap().to_string(),
        "14/05/2003 13/05/2004"
    );
    assert_eq!(
        r.status_details,
        StatusDetails::from_array([DetailStatus::Completed; 7])
    );
    // Known words become their variants.
    let body = "0\nNO STATUS\nAwaiting private WHOIS entry release\n";
    let r = parse(body, &chain_expectation(E));
    assert!(matches!(
        r.certificate_status,
        Some(CertificateStatus::NoStatus)
    ));
    assert!(matches!(
        r.validation_status,
        Some(ValidationStatus::AwaitingPrivateWhoisEntryRelease)
    ));
    // An empty MDC list is an empty line.
    let r = parse("0\n\n", &chain_expectation(M));
    assert!(r.mdc_domain_details.unwrap().is_empty());
}
