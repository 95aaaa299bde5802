//! What a request implies about the shape of its response.

use super::Response;
use crate::request::{QueryType, Request, ResponseEncoding, ResponseFormat, ResponseType};

/// The shape a response must have: format 0 cannot be read without knowing
/// which `show*` flags, `queryType` and `responseType` were sent.
///
/// Build it from the [`Request`] that was sent, from a request body read
/// leniently, or directly.
///
/// ```
/// use collectssl::response::Expectation;
/// use collectssl::{QueryType, Request, ResponseType, Selector};
///
/// let request = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::CertificateAndChain)
///     .with_show_fqdn(true);
/// let exp = Expectation::from(&request);
/// assert!(exp.show_fqdn);
/// assert_eq!(exp.response_type, ResponseType::IndividuallyEncoded); // omitted means 3
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Expectation {
    /// `queryType`.
    pub query_type: QueryType,
    /// `responseType` (omitted means individually encoded).
    pub response_type: ResponseType,
    /// `responseEncoding` (omitted means base64).
    pub response_encoding: ResponseEncoding,
    /// `responseFormat` (omitted means newline-delimited).
    pub response_format: ResponseFormat,
    /// `showValidityPeriod=Y`.
    pub show_validity_period: bool,
    /// `showFQDN=Y`.
    pub show_fqdn: bool,
    /// `showExtStatus=Y`.
    pub show_ext_status: bool,
    /// `showMDCDomainDetails=Y`.
    pub show_mdc_domain_details: bool,
    /// `showMDCDomainDetails2=Y`.
    pub show_mdc_domain_details2: bool,
    /// `showStatusDetails=Y`.
    pub show_status_details: bool,
}

impl Expectation {
    /// The shape for `query_type` with every other argument omitted.
    ///
    /// ```
    /// use collectssl::{response::Expectation, QueryType, ResponseFormat};
    /// let exp = Expectation::new(QueryType::StatusOnly);
    /// assert_eq!(exp.response_format, ResponseFormat::NewlineDelimited);
    /// assert!(!exp.show_fqdn);
    /// ```
    pub const fn new(query_type: QueryType) -> Self {
        Self {
            query_type,
            response_type: ResponseType::IndividuallyEncoded,
            response_encoding: ResponseEncoding::Base64,
            response_format: ResponseFormat::NewlineDelimited,
            show_validity_period: false,
            show_fqdn: false,
            show_ext_status: false,
            show_mdc_domain_details: false,
            show_mdc_domain_details2: false,
            show_status_details: false,
        }
    }

    /// The shape a request body implies, read leniently: names in any
    /// case, values the server would refuse ignored (their default taken),
    /// so that the answer to an invalid request can still be read.
    ///
    /// ```
    /// use collectssl::{response::Expectation, QueryType};
    /// let exp = Expectation::from_form(b"QUERYTYPE=2&showFQDN=y&showExtStatus=maybe&bogus");
    /// assert_eq!(exp.query_type, QueryType::Certificate);
    /// assert!(exp.show_fqdn);
    /// assert!(!exp.show_ext_status);
    /// ```
    pub fn from_form(body: &[u8]) -> Self {
        // The request model reads the codes and flags with the server's own
        // rules, so that a request the server accepts implies the same
        // shape as `Expectation::from` gives for its parse.
        Self::from(&Request::read_shape(body))
    }

    /// The expectation that a response's own format-0 lines satisfy.
    pub(super) fn of(r: &Response<'_>) -> Self {
        let has_ca = !r.ca_certificates.is_empty();
        let query_type = if r.container().is_some() || (has_ca && r.certificate.is_some()) {
            QueryType::CertificateAndChain
        } else if r.certificate.is_some() {
            QueryType::Certificate
        } else if has_ca {
            QueryType::CaBundle
        } else {
            QueryType::StatusOnly
        };
        let response_type = if r.zip_file.is_some() {
            ResponseType::Zip
        } else if r.netscape_certificate_sequence.is_some() {
            ResponseType::NetscapeCertificateSequence
        } else if r.pkcs7.is_some() {
            ResponseType::Pkcs7
        } else {
            ResponseType::IndividuallyEncoded
        };
        let positive = r.status.code() > 0;
        Self {
            query_type,
            response_type,
            response_encoding: ResponseEncoding::Base64,
            response_format: ResponseFormat::NewlineDelimited,
            show_validity_period: positive && (r.not_before.is_some() || r.not_after.is_some()),
            show_fqdn: positive && r.fqdn.is_some(),
            show_ext_status: r.certificate_status.is_some() || r.validation_status.is_some(),
            show_mdc_domain_details: r.mdc_domain_details.is_some(),
            show_mdc_domain_details2: r.mdc_domain_details2.is_some(),
            show_status_details: !r.status_details.is_empty(),
        }
    }
}

impl From<&Request<'_>> for Expectation {
    fn from(r: &Request<'_>) -> Self {
        let flag = |f: Option<bool>| f.unwrap_or(false);
        Self {
            query_type: r.query_type,
            response_type: r.response_type.unwrap_or(ResponseType::IndividuallyEncoded),
            response_encoding: r.response_encoding.unwrap_or(ResponseEncoding::Base64),
            response_format: r
                .response_format
                .unwrap_or(ResponseFormat::NewlineDelimited),
            show_validity_period: flag(r.show_validity_period),
            show_fqdn: flag(r.show_fqdn),
            show_ext_status: flag(r.show_ext_status),
            show_mdc_domain_details: flag(r.show_mdc_domain_details),
            show_mdc_domain_details2: flag(r.show_mdc_domain_details2),
            show_status_details: flag(r.show_status_details),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    /// Found by the `request_parse` fuzz target: `from_form` took a value
    /// of more than one digit as absent (`queryType=01`, which the server
    /// reads as 1), so the answer to a valid request was read with the
    /// wrong shape.
    #[test]
    fn from_form_reads_values_as_the_server_does() {
        for body in [
            &b"loginName=u&loginPassword=p&orderNumber=1&queryType=01"[..],
            b"loginName=u&loginPassword=p&orderNumber=1&queryType=%30%30%31&responseType=00002",
            b"loginName=u&loginPassword=p&orderNumber=1&queryType=0000000000000000000001\
              &responseType=0&responseEncoding=01&responseFormat=%31",
            b"loginName=u&loginPassword=p&orderNumber=1&queryType=3&sh%6FwFQDN=%59\
              &SHOWEXTSTATUS=y&showStatusDetails=n",
            // `responseFormat` reads leading zeros like every other number.
            b"loginName=u&loginPassword=p&orderNumber=1&queryType=1&responseFormat=01",
            b"loginName=u&loginPassword=p&orderNumber=1&queryType=1&responseFormat=%30%30",
        ] {
            let request = Request::parse(body).unwrap();
            assert_eq!(Expectation::from_form(body), Expectation::from(&request));
        }
        let exp = Expectation::from_form(b"queryType=02&showFQDN=%59");
        assert_eq!(exp.query_type, QueryType::Certificate);
        assert!(exp.show_fqdn);
        // What the server refuses still leaves the default.
        let exp = Expectation::from_form(b"queryType=4&responseType=-1&showFQDN=yes");
        assert_eq!(exp, Expectation::new(QueryType::StatusOnly));
    }
}
