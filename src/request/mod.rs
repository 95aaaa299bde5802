//! The request form: the model, its encoder, and the server's parser.

mod encode;
mod error;
mod parse;
mod rules;
mod values;

use core::fmt;

pub use error::RequestError;
use rules::{Kind, Presence, RULES, Rules, Value, Values, each_row};
pub use values::{QueryType, ResponseEncoding, ResponseFormat, ResponseType};

use crate::error::{Error, ErrorKind};
pub use crate::field::{Field, Refusal};
use crate::text::Text;

/// The HTTP method the API requires (GET is answered with -17).
pub const METHOD: &str = "POST";
/// The `Content-Type` of a request body.
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
/// The documented endpoint.
pub const ENDPOINT: &str = "https://secure.trust-provider.com/products/download/CollectSSL";

/// The longest `loginName`, in characters.
pub const MAX_LOGIN_NAME: usize = 64;
/// The longest `loginPassword`, in characters.
pub const MAX_LOGIN_PASSWORD: usize = 128;
/// The longest `orderNumber`, in characters.
pub const MAX_ORDER_NUMBER: usize = 128;
/// The most digits of a `certificateID`.
pub const MAX_CERTIFICATE_ID_DIGITS: usize = 16;
/// The largest `certificateID` (16 digits).
pub const MAX_CERTIFICATE_ID: u64 = 9_999_999_999_999_999;

/// A CollectSSL request: every argument of the spec and its version history.
///
/// Build one with [`Request::new`], which cannot forget the login or the
/// order selector, then the `with_*` methods; parse one with
/// [`Request::parse`]. Absent arguments are `None`; `Y`/`N` flags are
/// `Some(true)`/`Some(false)`, so an omitted flag stays apart from `N`.
///
/// ```
/// use collectssl::{QueryType, Request, ResponseFormat, Selector};
///
/// let request = Request::new("reseller", "secret", Selector::OrderNumber("12345678"),
///         QueryType::CertificateAndChain)
///     .with_show_validity_period(true)
///     .with_response_format(ResponseFormat::UrlEncoded);
///
/// let mut buf = [0u8; 256];
/// let n = request.encode(&mut buf).unwrap();
/// assert_eq!(n, request.encoded_len());
/// assert_eq!(&buf[..n], &b"loginName=reseller&loginPassword=secret&orderNumber=12345678\
///     &queryType=1&showValidityPeriod=Y&responseFormat=1"[..]);
///
/// // The password never shows in `Debug`.
/// assert!(!format!("{request:?}").contains("secret"));
/// assert_eq!(Request::parse(&buf[..n]).unwrap(), request);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[non_exhaustive]
pub struct Request<'a> {
    /// `loginName`: the account user name (at most 64 characters).
    pub login_name: Text<'a>,
    /// `loginPassword` (at most 128 characters); hidden in `Debug` and serde.
    pub login_password: Password<'a>,
    /// `orderNumber` (at most 128 characters).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub order_number: Option<Text<'a>>,
    /// `certificateID` (at most 16 digits).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "certificateID", skip_serializing_if = "Option::is_none")
    )]
    pub certificate_id: Option<u64>,
    /// `baseOrderNumber`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub base_order_number: Option<u64>,
    /// `queryType`.
    pub query_type: QueryType,
    /// `responseType` (omitted means individually encoded).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub response_type: Option<ResponseType>,
    /// `responseEncoding` (omitted means base64).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub response_encoding: Option<ResponseEncoding>,
    /// `showValidityPeriod`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub show_validity_period: Option<bool>,
    /// `showFQDN` (the spec also misspells it `showFODN`).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "showFQDN", skip_serializing_if = "Option::is_none")
    )]
    pub show_fqdn: Option<bool>,
    /// `showExtStatus`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub show_ext_status: Option<bool>,
    /// `responseFormat` (omitted means newline-delimited).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub response_format: Option<ResponseFormat>,
    /// `showMDCDomainDetails` (the spec also misspells it `showMCDomainDetails`).
    #[cfg_attr(
        feature = "serde",
        serde(
            rename = "showMDCDomainDetails",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub show_mdc_domain_details: Option<bool>,
    /// `showMDCDomainDetails2`.
    #[cfg_attr(
        feature = "serde",
        serde(
            rename = "showMDCDomainDetails2",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub show_mdc_domain_details2: Option<bool>,
    /// `showStatusDetails`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub show_status_details: Option<bool>,
    /// `collectionCode` (version 1.06).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub collection_code: Option<Text<'a>>,
    /// `responseMimeType`: the `Content-Type` wanted for a successful answer (version 1.06).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub response_mime_type: Option<Text<'a>>,
}

/// Which order a request asks about; one is required.
///
/// ```
/// use collectssl::{QueryType, Request, Selector};
/// let r = Request::new("u", "p", Selector::CertificateId(42), QueryType::StatusOnly);
/// assert_eq!(r.certificate_id, Some(42));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selector<'a> {
    /// `orderNumber`.
    OrderNumber(&'a str),
    /// `certificateID`.
    CertificateId(u64),
    /// `baseOrderNumber`.
    BaseOrderNumber(u64),
}

/// The `loginPassword`: `Debug` and serde show `"***"`; [`Password::expose`]
/// gives the value to a caller who asks for it.
///
/// ```
/// use collectssl::{Password, Text};
/// let p = Password::new(Text::plain("hunter2"));
/// assert_eq!(format!("{p:?}"), "Password(***)");
/// assert_eq!(p.expose(), "hunter2");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Password<'a>(Text<'a>);

impl<'a> Password<'a> {
    /// Wraps a password value.
    ///
    /// ```
    /// let p = collectssl::Password::new("pw".into());
    /// assert_eq!(p.expose(), "pw");
    /// ```
    pub const fn new(value: Text<'a>) -> Self {
        Self(value)
    }

    /// The password itself, for the caller who needs it.
    ///
    /// ```
    /// let p = collectssl::Password::new("pw".into());
    /// assert_eq!(p.expose().to_string(), "pw");
    /// ```
    pub const fn expose(&self) -> Text<'a> {
        self.0
    }
}

impl fmt::Debug for Password<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Password<'_> {
    /// Always `"***"`: serialize [`Password::expose`] to write the value.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("***")
    }
}

impl<'a> Request<'a> {
    /// A request with the arguments the server requires; everything else
    /// is omitted.
    ///
    /// ```
    /// use collectssl::{QueryType, Request, Selector};
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly);
    /// assert_eq!(r.order_number.unwrap(), "1");
    /// assert_eq!(r.response_type, None);
    /// ```
    pub fn new(
        login_name: &'a str,
        login_password: &'a str,
        selector: Selector<'a>,
        query_type: QueryType,
    ) -> Self {
        let mut request = Self::empty(query_type);
        request.login_name = Text::plain(login_name);
        request.login_password = Password(Text::plain(login_password));
        request.with_selector(selector)
    }

    /// Everything absent, for the parser to fill in.
    const fn empty(query_type: QueryType) -> Self {
        Self {
            login_name: Text::plain(""),
            login_password: Password(Text::plain("")),
            order_number: None,
            certificate_id: None,
            base_order_number: None,
            query_type,
            response_type: None,
            response_encoding: None,
            show_validity_period: None,
            show_fqdn: None,
            show_ext_status: None,
            response_format: None,
            show_mdc_domain_details: None,
            show_mdc_domain_details2: None,
            show_status_details: None,
            collection_code: None,
            response_mime_type: None,
        }
    }

    /// Adds a further selector (the server accepts several).
    ///
    /// ```
    /// use collectssl::{QueryType, Request, Selector};
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly)
    ///     .with_selector(Selector::BaseOrderNumber(7));
    /// assert_eq!(r.base_order_number, Some(7));
    /// ```
    #[must_use]
    pub fn with_selector(mut self, selector: Selector<'a>) -> Self {
        match selector {
            Selector::OrderNumber(n) => self.order_number = Some(Text::plain(n)),
            Selector::CertificateId(id) => self.certificate_id = Some(id),
            Selector::BaseOrderNumber(n) => self.base_order_number = Some(n),
        }
        self
    }

    /// Sets `responseType`.
    ///
    /// ```
    /// # use collectssl::*;
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::CertificateAndChain)
    ///     .with_response_type(ResponseType::Pkcs7);
    /// assert_eq!(r.response_type, Some(ResponseType::Pkcs7));
    /// ```
    #[must_use]
    pub fn with_response_type(mut self, value: ResponseType) -> Self {
        self.response_type = Some(value);
        self
    }

    /// Sets `responseEncoding`.
    ///
    /// ```
    /// # use collectssl::*;
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::CertificateAndChain)
    ///     .with_response_type(ResponseType::Zip)
    ///     .with_response_encoding(ResponseEncoding::Binary);
    /// assert!(r.validate().is_ok());
    /// ```
    #[must_use]
    pub fn with_response_encoding(mut self, value: ResponseEncoding) -> Self {
        self.response_encoding = Some(value);
        self
    }

    /// Sets `responseFormat`.
    ///
    /// ```
    /// # use collectssl::*;
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly)
    ///     .with_response_format(ResponseFormat::UrlEncoded);
    /// assert_eq!(r.response_format, Some(ResponseFormat::UrlEncoded));
    /// ```
    #[must_use]
    pub fn with_response_format(mut self, value: ResponseFormat) -> Self {
        self.response_format = Some(value);
        self
    }

    /// Sets `showValidityPeriod` to `Y` or `N`.
    ///
    /// ```
    /// # use collectssl::*;
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly)
    ///     .with_show_validity_period(false);
    /// assert_eq!(r.show_validity_period, Some(false));
    /// ```
    #[must_use]
    pub fn with_show_validity_period(mut self, value: bool) -> Self {
        self.show_validity_period = Some(value);
        self
    }

    /// Sets `showFQDN` to `Y` or `N`.
    ///
    /// ```
    /// # use collectssl::*;
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly)
    ///     .with_show_fqdn(true);
    /// assert_eq!(r.show_fqdn, Some(true));
    /// ```
    #[must_use]
    pub fn with_show_fqdn(mut self, value: bool) -> Self {
        self.show_fqdn = Some(value);
        self
    }

    /// Sets `showExtStatus` to `Y` or `N`.
    ///
    /// ```
    /// # use collectssl::*;
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly)
    ///     .with_show_ext_status(true);
    /// assert_eq!(r.show_ext_status, Some(true));
    /// ```
    #[must_use]
    pub fn with_show_ext_status(mut self, value: bool) -> Self {
        self.show_ext_status = Some(value);
        self
    }

    /// Sets `showMDCDomainDetails` to `Y` or `N`.
    ///
    /// ```
    /// # use collectssl::*;
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly)
    ///     .with_show_mdc_domain_details(true);
    /// assert_eq!(r.show_mdc_domain_details, Some(true));
    /// ```
    #[must_use]
    pub fn with_show_mdc_domain_details(mut self, value: bool) -> Self {
        self.show_mdc_domain_details = Some(value);
        self
    }

    /// Sets `showMDCDomainDetails2` to `Y` or `N`.
    ///
    /// ```
    /// # use collectssl::*;
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly)
    ///     .with_show_mdc_domain_details2(true);
    /// assert_eq!(r.show_mdc_domain_details2, Some(true));
    /// ```
    #[must_use]
    pub fn with_show_mdc_domain_details2(mut self, value: bool) -> Self {
        self.show_mdc_domain_details2 = Some(value);
        self
    }

    /// Sets `showStatusDetails` to `Y` or `N`.
    ///
    /// ```
    /// # use collectssl::*;
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly)
    ///     .with_show_status_details(true);
    /// assert_eq!(r.show_status_details, Some(true));
    /// ```
    #[must_use]
    pub fn with_show_status_details(mut self, value: bool) -> Self {
        self.show_status_details = Some(value);
        self
    }

    /// Sets `collectionCode`.
    ///
    /// ```
    /// # use collectssl::*;
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly)
    ///     .with_collection_code("ABC123");
    /// assert_eq!(r.collection_code.unwrap(), "ABC123");
    /// ```
    #[must_use]
    pub fn with_collection_code(mut self, value: &'a str) -> Self {
        self.collection_code = Some(Text::plain(value));
        self
    }

    /// Sets `responseMimeType`.
    ///
    /// ```
    /// # use collectssl::*;
    /// let r = Request::new("u", "p", Selector::OrderNumber("1"), QueryType::StatusOnly)
    ///     .with_response_mime_type("application/pkix-cert");
    /// assert_eq!(r.response_mime_type.unwrap(), "application/pkix-cert");
    /// ```
    #[must_use]
    pub fn with_response_mime_type(mut self, value: &'a str) -> Self {
        self.response_mime_type = Some(Text::plain(value));
        self
    }

    /// Checks every rule the server applies, in the server's order, and
    /// reports the first problem as [`ErrorKind::Refused`] with a
    /// [`Refusal::Missing`] or [`Refusal::Invalid`], at no byte: it is
    /// about the request, not an encoding of it. The encoders call this
    /// first, so they never write a request the server would refuse.
    ///
    /// ```
    /// use collectssl::{ErrorKind, Field, QueryType, Refusal, Request, Selector};
    ///
    /// let r = Request::new("", "p", Selector::CertificateId(1), QueryType::StatusOnly);
    /// let e = r.validate().unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::Refused(Refusal::Missing(Field::LoginName)));
    /// assert_eq!(e.offset(), None);
    ///
    /// let r = Request::new("u", "p", Selector::CertificateId(10u64.pow(16)), QueryType::StatusOnly);
    /// let e = r.validate().unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::Refused(Refusal::Invalid(Field::CertificateId)));
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        self.check_all(&self.values())
    }

    /// [`Request::validate`] over this request's [`values`](Request::values).
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    fn check_all(&self, values: &Values<'_>) -> Result<(), Error> {
        // Asked for each absent selector: walked once, up front.
        let has_selector = RULES
            .iter()
            .zip(values)
            .any(|(rules, &value)| rules.presence == Presence::Selector && Value::is_given(value));
        each_row!(row => if let (Some(rules), Some(&value)) = (RULES.get(row), values.get(row)) {
            self.check(rules, value, || has_selector)
                .map_err(|refusal| Error::unlocated(ErrorKind::Refused(refusal)))?;
        });
        Ok(())
    }

    /// The rules of one field, given its value and the whole request: the
    /// same facts `Request::parse` reads a body with. Inlined into each
    /// row of the unrolled walk ([`each_row`]) on 64-bit targets.
    #[cfg_attr(target_pointer_width = "64", inline(always))]
    fn check(
        &self,
        rules: &Rules,
        value: Option<Value<'_>>,
        has_selector: impl Fn() -> bool,
    ) -> Result<(), Refusal> {
        let field = rules.field;
        let missing = || rules.missing_when_absent(&has_selector);
        // `None`: absent or empty; `Some(fits)`: whether the value is in its limits.
        let fits = match (rules.kind, value) {
            // An empty optional text would read back as absent, so the
            // encoder refuses it rather than change the request.
            (_, Some(Value::Text(text))) if text.is_empty() => (!missing()).then_some(false),
            (Kind::Text { max_chars }, Some(Value::Text(text))) => {
                Some(Kind::text_fits(text, max_chars))
            }
            (Kind::Number { max, .. }, Some(Value::Number(n))) => Some(n <= max),
            (_, given) => given.map(|_| true),
        };
        match fits {
            None if missing() => Err(Refusal::Missing(field)),
            None => Ok(()),
            Some(true) if self.allows(field) => Ok(()),
            Some(_) => Err(Refusal::Invalid(field)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    fn base() -> Request<'static> {
        Request::new(
            "u",
            "p",
            Selector::OrderNumber("1"),
            QueryType::CertificateAndChain,
        )
    }

    fn kind(r: &Request<'_>) -> Option<ErrorKind> {
        let e = r.validate().err()?;
        assert_eq!(e.offset(), None, "a request's validation is at no byte");
        Some(e.kind())
    }

    #[test]
    fn limits_count_characters() {
        let name = "é".repeat(MAX_LOGIN_NAME);
        let mut r = base();
        r.login_name = Text::plain(&name);
        assert_eq!(kind(&r), None);
        let name = "é".repeat(MAX_LOGIN_NAME + 1);
        r.login_name = Text::plain(&name);
        assert_eq!(
            kind(&r),
            Some(ErrorKind::Refused(Refusal::Invalid(Field::LoginName)))
        );
    }

    #[test]
    fn a_selector_is_required_and_reported_as_order_number() {
        let mut r = base();
        r.order_number = Some(Text::plain(""));
        assert_eq!(
            kind(&r),
            Some(ErrorKind::Refused(Refusal::Missing(Field::OrderNumber)))
        );
        r.base_order_number = Some(u64::MAX);
        // With another selector, the empty one is refused, not dropped.
        assert_eq!(
            kind(&r),
            Some(ErrorKind::Refused(Refusal::Invalid(Field::OrderNumber)))
        );
        r.order_number = None;
        assert_eq!(kind(&r), None);
    }

    #[test]
    fn cross_field_rules_name_the_dependent_field() {
        let mut r = base().with_response_type(ResponseType::NetscapeCertificateSequence);
        r.query_type = QueryType::Certificate;
        assert_eq!(
            kind(&r),
            Some(ErrorKind::Refused(Refusal::Invalid(Field::ResponseType)))
        );
        let r = base().with_response_encoding(ResponseEncoding::Binary);
        assert_eq!(
            kind(&r),
            Some(ErrorKind::Refused(Refusal::Invalid(
                Field::ResponseEncoding
            )))
        );
    }
}
