//! The shipped samples and the real captured body parse, and the same data
//! sent in format 0 and in format 1 parses to equal values.

use collectssl::response::{Expectation, Format, Response};
use collectssl::{Blob, CaaStatus, CertificateStatus, DetailStatus, ResponseFormat, Status};
use std::fs;
use std::path::Path;

fn sample(name: &str) -> (Vec<u8>, Vec<u8>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/samples");
    let request = fs::read(dir.join(format!("{name}.request"))).unwrap();
    let body = fs::read(dir.join(format!("{name}.body"))).unwrap();
    (request, body)
}

fn der(name: &str) -> Vec<u8> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/samples/chain/{name}.pem"));
    let pem = fs::read(path).unwrap();
    let lines: Vec<&[u8]> = pem
        .split(|&b| b == b'\n')
        .filter(|l| !l.starts_with(b"-----"))
        .collect();
    let b64 = lines.concat();
    let blob = Blob::base64(&b64);
    let mut out = vec![0u8; blob.decoded_len().unwrap()];
    blob.decode_into(&mut out).unwrap();
    out
}

/// Parses a sample with the expectation its request implies, and checks that
/// encoding it again in its own format gives the same bytes.
fn parse<'a>(request: &[u8], body: &'a [u8]) -> Response<'a> {
    let exp = Expectation::from_form(request);
    let format = Format::detect(body, &exp);
    let r = Response::parse(body, &exp).unwrap();
    r.check_certificates().unwrap();
    let again = match format {
        Format::NewlineDelimited => Some(ResponseFormat::NewlineDelimited),
        Format::UrlEncoded => Some(ResponseFormat::UrlEncoded),
        Format::Binary => None,
    };
    if let Some(format) = again {
        let mut buf = vec![0u8; r.encoded_len(format)];
        let n = r.encode(format, &mut buf).unwrap();
        assert_eq!(n, buf.len());
        assert_eq!(String::from_utf8_lossy(&buf), String::from_utf8_lossy(body));
    }
    r
}

#[test]
fn the_real_capture() {
    let request = include_bytes!("vectors/real-comodo-test-ca/request.form");
    let body = include_bytes!("vectors/real-comodo-test-ca/response.bin");
    let r = parse(request, body);
    assert_eq!(r.status, Status::CertificatesAttached);
    assert_eq!(r.ca_certificates.len(), 1);
    assert!(r.certificate.is_some());
    let mut out = [0u8; 2048];
    let ca = r
        .ca_certificates
        .iter()
        .next()
        .unwrap()
        .decode_into(&mut out)
        .unwrap()
        .len();
    // "Test RSA Certification Authority" is 0x3d4 + 4 bytes of DER.
    assert_eq!(ca, 0x3d8);
}

#[test]
fn issued_in_both_formats_is_the_same_value() {
    let (req0, body0) = sample("issued-newline");
    let (req1, body1) = sample("issued-urlencoded");
    let text = parse(&req0, &body0);
    let form = parse(&req1, &body1);
    assert_eq!(text, form);
    assert_eq!(text.status, Status::CertificatesAttached);
    assert_eq!(text.not_before, Some(1_767_225_600));
    assert_eq!(text.not_after, Some(1_798_847_999));
    assert_eq!(text.fqdn.unwrap(), "www.example.com");
    let cas: Vec<Blob<'_>> = text.ca_certificates.iter().collect();
    let (root, intermediate) = (der("root"), der("intermediate"));
    assert_eq!(cas, [Blob::binary(&root), Blob::binary(&intermediate)]);
    assert_eq!(text.certificate, Some(Blob::binary(&der("leaf"))));
    assert_eq!(text.certificate_status, Some(CertificateStatus::Issued));
    assert_eq!(text.caa_status, Some(CaaStatus::Authorized));
    assert_eq!(text.status_details.csr, Some(DetailStatus::Completed));
}

#[test]
fn pending_in_both_formats_is_the_same_value() {
    let (req0, body0) = sample("pending-newline");
    let (req1, body1) = sample("pending-urlencoded");
    let text = parse(&req0, &body0);
    let form = parse(&req1, &body1);
    assert_eq!(text, form);
    let domains: Vec<String> = text
        .mdc_domain_details2
        .unwrap()
        .iter()
        .map(|d| d.unwrap().domain.to_string())
        .collect();
    assert_eq!(
        domains,
        ["example.com", "www.example.com", "shop.example.com"]
    );
    assert_eq!(
        text.status_details.brand_val,
        Some(DetailStatus::InProgress)
    );
}

#[test]
fn every_sample_parses_and_reencodes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/samples");
    let mut seen = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "body") {
            let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
            let (request, body) = sample(&name);
            let r = parse(&request, &body);
            assert!(r.status.code() != 0 || r.blobs().count() == 0, "{name}");
            seen += 1;
        }
    }
    assert!(seen >= 12, "only {seen} samples");
}

#[test]
fn containers_decode_to_the_bytes_openssl_wrote() {
    let (req, body) = sample("pkcs7-binary");
    let binary = parse(&req, &body);
    let (req, text_body) = sample("pkcs7-newline");
    let text = parse(&req, &text_body);
    assert_eq!(binary.pkcs7, text.pkcs7);
    assert_eq!(binary, text);
    let (req, body) = sample("zip-binary");
    assert!(
        parse(&req, &body)
            .zip_file
            .unwrap()
            .raw()
            .starts_with(b"PK\x03\x04")
    );
}

/// Regression: serializing a certificate whose base64 does not decode made
/// serde_json panic ("there should be an error"); it must be an error.
#[cfg(feature = "serde")]
#[test]
fn a_bad_certificate_is_a_serialization_error_not_a_panic() {
    let r = Response::parse_urlencoded(b"errorCode=2&certificate=AA*A").unwrap();
    assert_eq!(r.check_certificates().unwrap_err().offset(), Some(26));
    let err = serde_json::to_string(&r).unwrap_err();
    assert!(err.to_string().contains("invalid base64"), "{err}");
}

/// Regression: an unknown parameter with a bad escape parsed (unknown names
/// never fail the parse) but could not be written back.
#[test]
fn unknown_parameters_with_bad_escapes_round_trip() {
    let r = Response::parse_urlencoded(b"errorCode=0&fq%zzdn=1%FF%").unwrap();
    let mut buf = [0u8; 64];
    let n = r.encode(ResponseFormat::UrlEncoded, &mut buf).unwrap();
    assert_eq!(&buf[..n], b"errorCode=0&fq%25zzdn=1%FF%25");
    assert_eq!(Response::parse_urlencoded(&buf[..n]).unwrap(), r);
}
