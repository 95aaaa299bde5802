//! The raw body of `responseEncoding=1` (docs/reading-the-spec.md#binary).

use super::{Expectation, Format, Response};
use crate::blob::Blob;
use crate::request::ResponseType;
use crate::status::Status;

/// Whether a body that could be binary is a text answer instead.
///
/// Format 0: its first line is a decimal integer (`0`, `0\n`, `-16\n…`).
/// DER starts with `0x30`, ASCII `0`, but is never followed by a line
/// break or only digits. Format 1: it does not start like a ZIP archive
/// (`PK\x03\x04`) or DER (`0x30`), which no parameter name does.
pub(super) fn is_text(body: &[u8], format: Format) -> bool {
    // An empty body is no structure: more likely a failed transfer, which
    // the text parser reports.
    if body.is_empty() {
        return true;
    }
    match format {
        Format::UrlEncoded => !(body.starts_with(b"PK\x03\x04") || body.first() == Some(&0x30)),
        _ => {
            let (line, _) = crate::pem::line_at(body, 0);
            super::newline::status_line(line).is_some()
        }
    }
}

/// The binary structure that was asked for, with status 2.
pub(super) fn parse<'a>(body: &'a [u8], exp: &Expectation) -> Response<'a> {
    let mut r = Response::new(Status::CertificatesAttached);
    let blob = Some(Blob::binary(body));
    match exp.response_type {
        ResponseType::Zip => r.zip_file = blob,
        ResponseType::NetscapeCertificateSequence => r.netscape_certificate_sequence = blob,
        ResponseType::Pkcs7 => r.pkcs7 = blob,
        ResponseType::IndividuallyEncoded => r.certificate = blob,
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{QueryType, ResponseEncoding};

    fn binary_pkcs7() -> Expectation {
        let mut exp = Expectation::new(QueryType::CertificateAndChain);
        exp.response_type = ResponseType::Pkcs7;
        exp.response_encoding = ResponseEncoding::Binary;
        exp
    }

    #[test]
    fn the_zero_trap() {
        let exp = binary_pkcs7();
        for text in [
            &b"0"[..],
            b"0\n",
            b"0\r\n",
            b"-16\nPermission denied!\n",
            b"2\n",
        ] {
            assert_eq!(
                Format::detect(text, &exp),
                Format::NewlineDelimited,
                "{text:?}"
            );
        }
        for der in [&[0x30u8, 0x82, 0x05, 0x00][..], b"0x", b"PK\x03\x04"] {
            assert_eq!(Format::detect(der, &exp), Format::Binary, "{der:?}");
        }
        assert_eq!(Format::detect(b"", &exp), Format::NewlineDelimited);
        // A 10-byte DER SEQUENCE starts `0\n`: by docs/reading-the-spec.md#binary that is
        // text, and no PKCS#7 or ZIP with a certificate is that short.
        assert_eq!(
            Format::detect(&[0x30, 0x0a, 0x02], &exp),
            Format::NewlineDelimited
        );
        let r = Response::parse(&[0x30, 0x03, 0x02, 0x01, 0x00], &exp).unwrap();
        assert_eq!(r.status, Status::CertificatesAttached);
        assert_eq!(r.pkcs7, Some(Blob::binary(&[0x30, 0x03, 0x02, 0x01, 0x00])));
    }

    #[test]
    fn form_answers_to_binary_requests() {
        let mut exp = binary_pkcs7();
        exp.response_format = crate::ResponseFormat::UrlEncoded;
        assert_eq!(
            Format::detect(b"errorCode=-16&errorMessage=x", &exp),
            Format::UrlEncoded
        );
        assert_eq!(Format::detect(b"PK\x03\x04rest", &exp), Format::Binary);
        assert_eq!(Format::detect(&[0x30, 0x80], &exp), Format::Binary);
    }
}
