//! Writing a request as a form body.

use core::fmt;

use super::rules::{RULES, Value};
use super::{Field, Request};
use crate::error::Error;
use crate::form;
use crate::sink::{Counter, FmtSink, Sink, SliceSink};

impl Request<'_> {
    /// The number of bytes [`Request::encode`] writes: exact whenever
    /// encoding succeeds.
    ///
    /// ```
    /// use collectssl::{QueryType, Request, Selector};
    /// let r = Request::new("a b", "p&q", Selector::CertificateId(7), QueryType::StatusOnly);
    /// assert_eq!(r.encoded_len(), "loginName=a+b&loginPassword=p%26q&certificateID=7&queryType=0".len());
    /// ```
    pub fn encoded_len(&self) -> usize {
        let mut counter = Counter::default();
        // A value that cannot be encoded makes `encode` fail; the length
        // is only promised for requests that encode.
        let _ = self.emit(&mut counter);
        counter.0
    }

    /// Validates the request (see [`Request::validate`]) and writes its
    /// form body into `buf`, returning the length. A too small buffer is
    /// [`crate::ErrorKind::BufferTooSmall`], never a truncated body.
    ///
    /// Every name is written in the spec's spelling, every value
    /// form-encoded, in the order of [`crate::Field::ALL`]; absent arguments are
    /// left out.
    ///
    /// ```
    /// use collectssl::{ErrorKind, QueryType, Request, Selector};
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly);
    /// let mut buf = [0u8; 64];
    /// let n = r.encode(&mut buf).unwrap();
    /// assert_eq!(&buf[..n], b"loginName=u&loginPassword=p&orderNumber=1&queryType=0");
    /// let e = r.encode(&mut buf[..10]).unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::BufferTooSmall);
    /// ```
    pub fn encode(&self, buf: &mut [u8]) -> Result<usize, Error> {
        self.validate()?;
        let mut sink = SliceSink::new(buf);
        self.emit(&mut sink)?;
        Ok(sink.len)
    }

    /// Validates the request and writes its form body to `w`, e.g. a
    /// `heapless::String`.
    ///
    /// ```
    /// use collectssl::{QueryType, Request, Selector};
    /// let r = Request::new("u", "p", Selector::BaseOrderNumber(9), QueryType::StatusOnly);
    /// let mut s = heapless::String::<64>::new();
    /// r.write_to(&mut s).unwrap();
    /// assert_eq!(s, "loginName=u&loginPassword=p&baseOrderNumber=9&queryType=0");
    /// ```
    pub fn write_to<W: fmt::Write>(&self, w: &mut W) -> Result<(), Error> {
        self.validate()?;
        self.emit(&mut FmtSink::new(w))
    }

    /// Writes every given field, name and value, in table order.
    fn emit(&self, out: &mut impl Sink) -> Result<(), Error> {
        let mut first = true;
        for (rules, prefix) in RULES.iter().zip(&PREFIXES) {
            let Some(value) = self.get(rules.field) else {
                continue;
            };
            // `&name=` in one piece; the first field without its `&`.
            out.put_bytes(prefix.bytes(first))?;
            first = false;
            match value {
                Value::Text(text) => match text.verbatim() {
                    Some(bytes) => {
                        form::encoded_bytes(bytes).try_for_each(|piece| out.put_bytes(piece))?
                    }
                    None => text.put_form(out)?,
                },
                Value::Number(n) => out.put_u64(n)?,
                Value::Flag(flag) => out.put(if flag { "Y" } else { "N" })?,
            }
        }
        Ok(())
    }
}

/// `&name=` of one field, built from [`Field::name`] at compile time.
struct Prefix {
    bytes: [u8; Field::MAX_NAME_LEN + 2],
    len: usize,
}

impl Prefix {
    /// `&name=`, or `name=` for the `first` field of a body.
    fn bytes(&self, first: bool) -> &[u8] {
        let bytes = self.bytes.get(usize::from(first)..self.len);
        // Built below within its array.
        debug_assert!(bytes.is_some(), "a prefix past its array");
        bytes.unwrap_or_default()
    }
}

/// `&name=` for every field, in table order.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // compile time, in bounds
const PREFIXES: [Prefix; Field::ALL.len()] = {
    let mut prefixes = [const {
        Prefix {
            bytes: [0; Field::MAX_NAME_LEN + 2],
            len: 0,
        }
    }; Field::ALL.len()];
    let mut i = 0;
    while i < Field::ALL.len() {
        let name = Field::ALL[i].name().as_bytes();
        let prefix = &mut prefixes[i];
        prefix.bytes[0] = b'&';
        let mut k = 0;
        while k < name.len() {
            prefix.bytes[k + 1] = name[k];
            k += 1;
        }
        prefix.bytes[name.len() + 1] = b'=';
        prefix.len = name.len() + 2;
        i += 1;
    }
    prefixes
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{QueryType, ResponseEncoding, ResponseFormat, ResponseType, Selector};
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn every_argument_in_canonical_spelling_and_order() {
        let r = Request::new(
            "u",
            "p",
            Selector::OrderNumber("o"),
            QueryType::CertificateAndChain,
        )
        .with_selector(Selector::CertificateId(12))
        .with_selector(Selector::BaseOrderNumber(34))
        .with_response_type(ResponseType::Pkcs7)
        .with_response_encoding(ResponseEncoding::Binary)
        .with_show_validity_period(true)
        .with_show_fqdn(false)
        .with_show_ext_status(true)
        .with_response_format(ResponseFormat::UrlEncoded)
        .with_show_mdc_domain_details(true)
        .with_show_mdc_domain_details2(false)
        .with_show_status_details(true)
        .with_collection_code("c")
        .with_response_mime_type("text/plain");
        let mut s = String::new();
        r.write_to(&mut s).unwrap();
        assert_eq!(
            s,
            "loginName=u&loginPassword=p&orderNumber=o&certificateID=12&baseOrderNumber=34\
             &queryType=1&responseType=2&responseEncoding=1&showValidityPeriod=Y&showFQDN=N\
             &showExtStatus=Y&responseFormat=1&showMDCDomainDetails=Y&showMDCDomainDetails2=N\
             &showStatusDetails=Y&collectionCode=c&responseMimeType=text%2Fplain"
        );
        assert_eq!(r.encoded_len(), s.len());
    }

    #[test]
    fn values_cannot_inject_parameters() {
        let r = Request::new(
            "a&queryType=2",
            "p=%\r\n+;",
            Selector::OrderNumber("x y"),
            QueryType::StatusOnly,
        );
        let mut s = String::new();
        r.write_to(&mut s).unwrap();
        assert_eq!(
            s,
            "loginName=a%26queryType%3D2&loginPassword=p%3D%25%0D%0A%2B%3B&orderNumber=x+y&queryType=0"
        );
    }

    #[test]
    fn each_prefix_is_its_fields_name() {
        for (rules, prefix) in RULES.iter().zip(&PREFIXES) {
            let name = rules.field.name();
            assert_eq!(prefix.bytes(false), format!("&{name}=").as_bytes());
            assert_eq!(prefix.bytes(true), format!("{name}=").as_bytes());
        }
    }

    #[test]
    fn a_name_that_does_not_fit_fails_where_its_piece_starts() {
        let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly);
        // `loginName=u&loginPassword=p` is 27 bytes: room for one more.
        let mut buf = [0u8; 28];
        let e = r.encode(&mut buf).unwrap_err();
        assert_eq!(e, Error::new(crate::ErrorKind::BufferTooSmall, 27));
        let mut s = heapless::String::<28>::new();
        let e = r.write_to(&mut s).unwrap_err();
        assert_eq!(e, Error::new(crate::ErrorKind::Write, 27));
        assert_eq!(s, "loginName=u&loginPassword=p");
    }

    #[test]
    fn an_invalid_request_is_not_written() {
        let r = Request::new("u", "", Selector::OrderNumber("1"), QueryType::StatusOnly);
        let mut buf = [0u8; 128];
        assert!(r.encode(&mut buf).is_err());
        assert_eq!(buf, [0u8; 128]);
    }
}
