//! Writing a request as a form body.

use core::fmt;

use super::rules::{Value, Values, each_row};
use super::{Field, Request};
use crate::error::Error;
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
        let _ = emit(&self.values(), &mut counter);
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
        let values = self.values();
        self.check_all(&values)?;
        let mut sink = SliceSink::new(buf);
        emit(&values, &mut sink)?;
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
        let values = self.values();
        self.check_all(&values)?;
        emit(&values, &mut FmtSink::new(w))
    }
}

/// Writes every given field of a request's [`values`](Request::values),
/// name and value, in table order.
#[cfg_attr(target_pointer_width = "64", inline(always))]
// The unrolled walk's last row sets `first` for no row after it.
#[allow(unused_assignments)]
fn emit(values: &Values<'_>, out: &mut impl Sink) -> Result<(), Error> {
    let mut first = true;
    each_row!(row => if let (Some(&Some(value)), Some(prefix)) = (values.get(row), PREFIXES.get(row)) {
        // `&name=` in one piece; the first field without its `&`.
        out.put_bytes(prefix.bytes(first))?;
        first = false;
        put_value(value, out)?;
    });
    Ok(())
}

/// Writes a field's value. Inlined into each row of the unrolled walk
/// ([`each_row`]) on 64-bit targets, where the variant is then known.
#[cfg_attr(target_pointer_width = "64", inline(always))]
fn put_value(value: Value<'_>, out: &mut impl Sink) -> Result<(), Error> {
    match value {
        Value::Text(text) => match text.verbatim() {
            Some(bytes) => out.put_encoded(bytes),
            None => text.put_form(out),
        },
        Value::Number(n) => out.put_u64(n),
        Value::Flag(flag) => out.put(if flag { "Y" } else { "N" }),
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
        for (field, prefix) in Field::ALL.iter().zip(&PREFIXES) {
            let name = field.name();
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

    /// A `fmt::Write` that takes at most `room` bytes and, like
    /// `heapless::String`, refuses a piece that does not fit whole.
    struct Bounded {
        text: String,
        room: usize,
    }

    impl fmt::Write for Bounded {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            if self.text.len() + s.len() > self.room {
                return Err(fmt::Error);
            }
            self.text.push_str(s);
            Ok(())
        }
    }

    /// Requests of every kind: texts with escapes, non-ASCII, at their
    /// limits and past them, given as `&str` and as form bytes; empty and
    /// missing fields; numbers at their limits; rules between fields.
    fn requests() -> Vec<Request<'static>> {
        use crate::text::Text;
        let long = |s: &str, n: usize| -> &'static str { s.repeat(n).leak() };
        let names = [
            Text::plain("reseller@example.com"),
            Text::plain(""),
            Text::plain("a b&c=d%+"),
            Text::plain(long("é", 64)),
            Text::plain(long("é", 65)),
            Text::plain(long("x", 64)),
            Text::plain(long("x", 65)),
            Text::form(b"a%41+b"),
            Text::form(b"%C3%A9t%C3%A9"),
            Text::form(b"bad%zz"),
            Text::form(b"%FF"),
        ];
        let passwords = [
            Text::plain("correct horse battery staple"),
            Text::plain(long("~", 128)),
            Text::plain(long("~", 129)),
            Text::plain("\r\n\u{0}*-._"),
        ];
        let orders = [
            None,
            Some(Text::plain("1234567890")),
            Some(Text::plain("")),
            Some(Text::plain(long("é", 129))),
        ];
        let ids = [None, Some(MAX_ID), Some(MAX_ID + 1)];
        let mut all = Vec::new();
        for name in names {
            for password in passwords {
                for order in orders {
                    for id in ids {
                        let mut r = Request::new(
                            "",
                            "",
                            Selector::BaseOrderNumber(0),
                            QueryType::Certificate,
                        );
                        r.base_order_number = None;
                        r.login_name = name;
                        r.login_password = crate::request::Password::new(password);
                        r.order_number = order;
                        r.certificate_id = id;
                        all.push(r);
                    }
                }
            }
        }
        let base = Request::new(
            "reseller@example.com",
            "correct horse battery staple",
            Selector::OrderNumber("1234567890"),
            QueryType::CertificateAndChain,
        );
        for response_type in [
            None,
            Some(ResponseType::Zip),
            Some(ResponseType::IndividuallyEncoded),
        ] {
            for encoding in [
                None,
                Some(ResponseEncoding::Binary),
                Some(ResponseEncoding::Base64),
            ] {
                for query_type in [QueryType::CertificateAndChain, QueryType::StatusOnly] {
                    let mut r = base;
                    r.response_type = response_type;
                    r.response_encoding = encoding;
                    r.query_type = query_type;
                    all.push(r);
                }
            }
        }
        let every = base
            .with_selector(Selector::BaseOrderNumber(u64::MAX))
            .with_response_format(ResponseFormat::UrlEncoded)
            .with_show_validity_period(true)
            .with_show_fqdn(false)
            .with_show_ext_status(true)
            .with_show_mdc_domain_details(false)
            .with_show_mdc_domain_details2(true)
            .with_show_status_details(false);
        for code in ["", "c d", "ABC123"] {
            for mime in ["", "text/plain", "application/pkix-cert"] {
                all.push(
                    every
                        .with_collection_code(code)
                        .with_response_mime_type(mime),
                );
            }
        }
        all
    }

    const MAX_ID: u64 = crate::request::MAX_CERTIFICATE_ID;

    /// `encode` into every length of buffer writes what `write_to` writes
    /// a piece at a time: the same bytes, the same error at the same
    /// offset with the same bytes before it, nothing past them, and
    /// nothing at all for an invalid request.
    #[test]
    fn encode_writes_what_the_pieces_write_into_every_buffer() {
        for r in requests() {
            let mut whole = String::new();
            let written = r.write_to(&mut whole);
            if let Err(e) = r.validate() {
                assert_eq!(written, Err(e));
                let mut buf = [0xAAu8; 600];
                assert_eq!(r.encode(&mut buf), Err(e), "{r:?}");
                assert!(buf.iter().all(|&b| b == 0xAA), "{r:?}: written");
                continue;
            }
            assert_eq!(written, Ok(()));
            assert_eq!(r.encoded_len(), whole.len());
            for room in 0..=whole.len() + 2 {
                let mut buf = vec![0xAAu8; room];
                let got = r.encode(&mut buf);
                let mut bounded = Bounded {
                    text: String::new(),
                    room,
                };
                let want = r.write_to(&mut bounded);
                let n = match (got, want) {
                    (Ok(n), Ok(())) => n,
                    (Err(e), Err(w)) => {
                        assert_eq!(e.kind(), crate::ErrorKind::BufferTooSmall, "{r:?}");
                        assert_eq!(e.offset(), w.offset(), "{r:?} in {room}");
                        bounded.text.len()
                    }
                    (got, want) => panic!("{r:?} in {room}: {got:?}, {want:?}"),
                };
                assert_eq!(&buf[..n], bounded.text.as_bytes(), "{r:?} in {room}");
                assert!(
                    buf[n..].iter().all(|&b| b == 0xAA),
                    "{r:?} in {room}: past {n}"
                );
            }
        }
    }

    #[test]
    fn an_invalid_request_is_not_written() {
        let r = Request::new("u", "", Selector::OrderNumber("1"), QueryType::StatusOnly);
        let mut buf = [0u8; 128];
        assert!(r.encode(&mut buf).is_err());
        assert_eq!(buf, [0u8; 128]);
    }
}
