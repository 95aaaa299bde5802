//! The field table: one row per argument with what its value is, its
//! limits and whether it must be given; beside it, the one place that says
//! where each field lives in a [`Request`] (`Request::values`, `Request::set`)
//! and the rules between fields (`Request::allows`). Together they drive
//! `Request::validate`, the encoder, `Request::parse` and the lenient read
//! behind `Expectation::from_form`, so a field's rules live in one place
//! (`docs/reading-the-spec.md#the-request-form`). The accessors are
//! `match`es rather than function pointers in the rows: measured, the
//! pointers cost 760 bytes of embedded code and a tenth more instructions
//! per encode.

use super::{
    Field, MAX_CERTIFICATE_ID, MAX_CERTIFICATE_ID_DIGITS, MAX_LOGIN_NAME, MAX_LOGIN_PASSWORD,
    MAX_ORDER_NUMBER, Password, QueryType, Request, ResponseEncoding, ResponseFormat, ResponseType,
};
use crate::form;
use crate::grammar::fitting;
use crate::number::{Digits, digits};
use crate::text::{Encoding, Text};

/// Whether an argument must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Presence {
    /// Always (`loginName`, `loginPassword`, `queryType`).
    Required,
    /// One of the selectors: at least one of them must be given, and
    /// without any the first selector in table order is the missing one.
    Selector,
    /// Never.
    Optional,
}

/// What an argument's value is, and its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Text of at most `max_chars` Unicode scalar values.
    Text {
        /// The limit, in characters.
        max_chars: usize,
    },
    /// A number: at most `max_digits` digits as written, at most `max`.
    Number {
        /// The most digits a body may write, leading zeros included.
        max_digits: usize,
        /// The largest value.
        max: u64,
    },
    /// A code: a number that names one value of an enum.
    Code,
    /// `Y` or `N`.
    Flag,
}

/// A field's value, as the table moves it between the wire and a
/// [`Request`]; its variant is the one of the field's [`Kind`] (a code is a
/// `Number`).
#[derive(Debug, Clone, Copy)]
pub(super) enum Value<'a> {
    /// A text.
    Text(Text<'a>),
    /// A number or a code.
    Number(u64),
    /// A flag.
    Flag(bool),
}

/// One row of the table.
#[derive(Clone, Copy)]
pub(super) struct Rules {
    /// The argument (its name is [`Field::name`]).
    pub(super) field: Field,
    /// Whether it must be given.
    pub(super) presence: Presence,
    /// Its value.
    pub(super) kind: Kind,
}

impl Rules {
    /// A row.
    const fn new(field: Field, presence: Presence, kind: Kind) -> Self {
        Self {
            field,
            presence,
            kind,
        }
    }

    /// Whether a request that leaves this field out (or empty) lacks it:
    /// `has_selector` tells whether any selector is given (asked only for
    /// a selector).
    pub(super) fn missing_when_absent(&self, has_selector: impl FnOnce() -> bool) -> bool {
        match self.presence {
            Presence::Required => true,
            Presence::Selector => !has_selector(),
            Presence::Optional => false,
        }
    }
}

impl Value<'_> {
    /// Whether `value` is given and not empty.
    pub(super) fn is_given(value: Option<Self>) -> bool {
        match value {
            Some(Value::Text(text)) => !text.is_empty(),
            given => given.is_some(),
        }
    }
}

/// Every field's value, if given, in table order ([`Request::values`]).
pub(super) type Values<'a> = [Option<Value<'a>>; Field::ALL.len()];

/// Runs `$body` with `$row` bound to each row's index, in table order (a
/// `?` in it returns from the caller). On 64-bit targets the walk is
/// unrolled, one copy of `$body` a row, so each row's rules and
/// [`values`](Request::values) slot are constants the compiler folds: no
/// match on a `Kind` or a `Value` variant at run time (measured on the
/// throughput request's encode: 1,721 -> 1,205 instructions). Small
/// targets keep the loop, the smaller code.
macro_rules! each_row {
    ($row:ident => $body:expr) => {{
        #[cfg(target_pointer_width = "64")]
        $crate::request::rules::each_row!(@unrolled $row => $body;
            0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
        #[cfg(not(target_pointer_width = "64"))]
        for $row in 0..$crate::field::Field::ALL.len() {
            $body;
        }
    }};
    (@unrolled $row:ident => $body:expr; $($index:literal)*) => {
        // One index a row, each row once.
        const _: () = assert!([$($index),*].len() == $crate::field::Field::ALL.len());
        $({
            let $row: usize = $index;
            $body;
        })*
    };
}
pub(super) use each_row;

impl Kind {
    /// Whether `text` is at most `max_chars` characters, its escapes and
    /// UTF-8 checked: a character is at least a byte, so a `&str` fits
    /// without counting when its bytes do, and a form value that decodes
    /// to ASCII (most logins and passwords, escapes and all) is a
    /// character a decoded byte, counted in one pass.
    ///
    /// A `&str` that fits in bytes, or (on 64-bit targets; small ones
    /// keep the flash) a form value that does and holds neither `%` nor a
    /// byte above ASCII (a `+` is one character too), is decided inline,
    /// in each row of the validation walk; the rest is counted out of line.
    #[inline]
    pub(super) fn text_fits(text: Text<'_>, max_chars: usize) -> bool {
        let raw = text.raw();
        let ascii = |raw: &[u8]| {
            cfg!(target_pointer_width = "64") && raw.iter().all(|&b| b.is_ascii() && b != b'%')
        };
        (raw.len() <= max_chars && (text.encoding() == Encoding::Plain || ascii(raw)))
            || Self::text_fits_counted(text, max_chars)
    }

    /// [`Kind::text_fits`] for a form value, or a `&str` longer in bytes
    /// than its limit.
    #[inline(never)]
    fn text_fits_counted(text: Text<'_>, max_chars: usize) -> bool {
        let fits_in_bytes = text.encoding() == Encoding::Form
            && form::ascii_decoded_len(text.raw()).is_some_and(|n| n <= max_chars);
        fits_in_bytes || text.char_count().is_ok_and(|n| n <= max_chars)
    }
}

/// Every argument, in table order ([`Field::ALL`]); where each lives in a
/// [`Request`] is [`Request::values`] and [`Request::set`] below.
pub(super) const RULES: [Rules; Field::ALL.len()] = [
    Rules::new(
        Field::LoginName,
        Presence::Required,
        Kind::Text {
            max_chars: MAX_LOGIN_NAME,
        },
    ),
    Rules::new(
        Field::LoginPassword,
        Presence::Required,
        Kind::Text {
            max_chars: MAX_LOGIN_PASSWORD,
        },
    ),
    Rules::new(
        Field::OrderNumber,
        Presence::Selector,
        Kind::Text {
            max_chars: MAX_ORDER_NUMBER,
        },
    ),
    Rules::new(
        Field::CertificateId,
        Presence::Selector,
        Kind::Number {
            max_digits: MAX_CERTIFICATE_ID_DIGITS,
            max: MAX_CERTIFICATE_ID,
        },
    ),
    Rules::new(
        Field::BaseOrderNumber,
        Presence::Selector,
        Kind::Number {
            max_digits: usize::MAX,
            max: u64::MAX,
        },
    ),
    Rules::new(Field::QueryType, Presence::Required, Kind::Code),
    Rules::new(Field::ResponseType, Presence::Optional, Kind::Code),
    Rules::new(Field::ResponseEncoding, Presence::Optional, Kind::Code),
    Rules::new(Field::ShowValidityPeriod, Presence::Optional, Kind::Flag),
    Rules::new(Field::ShowFqdn, Presence::Optional, Kind::Flag),
    Rules::new(Field::ShowExtStatus, Presence::Optional, Kind::Flag),
    Rules::new(Field::ResponseFormat, Presence::Optional, Kind::Code),
    Rules::new(Field::ShowMdcDomainDetails, Presence::Optional, Kind::Flag),
    Rules::new(Field::ShowMdcDomainDetails2, Presence::Optional, Kind::Flag),
    Rules::new(Field::ShowStatusDetails, Presence::Optional, Kind::Flag),
    Rules::new(
        Field::CollectionCode,
        Presence::Optional,
        Kind::Text {
            max_chars: usize::MAX,
        },
    ),
    Rules::new(
        Field::ResponseMimeType,
        Presence::Optional,
        Kind::Text {
            max_chars: usize::MAX,
        },
    ),
];

impl<'a> Request<'a> {
    /// Where each field lives: every field's value, if given, in table
    /// order (`Field::ALL`), read once for the walks of `validate` and the
    /// encoder. An array rather than a `match` a field: no jump a row.
    pub(super) fn values(&self) -> Values<'a> {
        let code = |c: u8| Value::Number(c.into());
        [
            Some(Value::Text(self.login_name)),
            Some(Value::Text(self.login_password.expose())),
            self.order_number.map(Value::Text),
            self.certificate_id.map(Value::Number),
            self.base_order_number.map(Value::Number),
            Some(code(self.query_type.code())),
            self.response_type.map(|v| code(v.code())),
            self.response_encoding.map(|v| code(v.code())),
            self.show_validity_period.map(Value::Flag),
            self.show_fqdn.map(Value::Flag),
            self.show_ext_status.map(Value::Flag),
            self.response_format.map(|v| code(v.code())),
            self.show_mdc_domain_details.map(Value::Flag),
            self.show_mdc_domain_details2.map(Value::Flag),
            self.show_status_details.map(Value::Flag),
            self.collection_code.map(Value::Text),
            self.response_mime_type.map(Value::Text),
        ]
    }

    /// The rules between fields: whether this request keeps the one
    /// between `field` and the fields before it in table order (a refusal
    /// is reported on `field`, the dependent one).
    pub(super) fn allows(&self, field: Field) -> bool {
        match field {
            Field::ResponseType => self
                .response_type
                .is_none_or(|v| v.allowed_with(self.query_type)),
            Field::ResponseEncoding => self
                .response_encoding
                .is_none_or(|v| v.allowed_with(self.query_type, self.response_type)),
            _ => true,
        }
    }

    /// Where each field lives: stores `value`, read by the field's
    /// [`Kind`]; `false` (and nothing stored) for a code the spec does not
    /// define.
    #[inline]
    pub(super) fn set(&mut self, field: Field, value: Value<'a>) -> bool {
        match (field, value) {
            (Field::LoginName, Value::Text(v)) => self.login_name = v,
            (Field::LoginPassword, Value::Text(v)) => self.login_password = Password::new(v),
            (Field::OrderNumber, Value::Text(v)) => self.order_number = Some(v),
            (Field::CertificateId, Value::Number(v)) => self.certificate_id = Some(v),
            (Field::BaseOrderNumber, Value::Number(v)) => self.base_order_number = Some(v),
            (Field::QueryType, Value::Number(v)) => {
                return store(&mut self.query_type, QueryType::from_code(v));
            }
            (Field::ResponseType, Value::Number(v)) => {
                return store(
                    &mut self.response_type,
                    ResponseType::from_code(v).map(Some),
                );
            }
            (Field::ResponseEncoding, Value::Number(v)) => {
                return store(
                    &mut self.response_encoding,
                    ResponseEncoding::from_code(v).map(Some),
                );
            }
            (Field::ShowValidityPeriod, Value::Flag(v)) => self.show_validity_period = Some(v),
            (Field::ShowFqdn, Value::Flag(v)) => self.show_fqdn = Some(v),
            (Field::ShowExtStatus, Value::Flag(v)) => self.show_ext_status = Some(v),
            (Field::ResponseFormat, Value::Number(v)) => {
                return store(
                    &mut self.response_format,
                    ResponseFormat::from_code(v).map(Some),
                );
            }
            (Field::ShowMdcDomainDetails, Value::Flag(v)) => self.show_mdc_domain_details = Some(v),
            (Field::ShowMdcDomainDetails2, Value::Flag(v)) => {
                self.show_mdc_domain_details2 = Some(v);
            }
            (Field::ShowStatusDetails, Value::Flag(v)) => self.show_status_details = Some(v),
            (Field::CollectionCode, Value::Text(v)) => self.collection_code = Some(v),
            (Field::ResponseMimeType, Value::Text(v)) => self.response_mime_type = Some(v),
            _ => {
                debug_assert!(false, "{field}: a value of another kind: {value:?}");
                return false;
            }
        }
        true
    }
}

/// Stores `value` in `slot` if there is one; whether there was.
fn store<T>(slot: &mut T, value: Option<T>) -> bool {
    match value {
        Some(value) => {
            *slot = value;
            true
        }
        None => false,
    }
}

impl Field {
    /// This field's row of the table.
    pub(super) fn rules(self) -> Option<&'static Rules> {
        RULES.get(self.index())
    }
}

/// The [`digits`] of `raw` once decoded: the one integer reader, over
/// the decoded pieces when there are escapes. The reader of every numeric
/// request argument (numbers and codes alike).
pub(super) fn number(raw: &[u8]) -> Option<Digits> {
    // Most values are plain digits: read them as they are.
    if let Ok(read) = fitting(raw, digits) {
        return Some(read);
    }
    if form::is_verbatim(raw) {
        return None;
    }
    // The first piece starts the digits, the others continue them.
    let mut pieces = form::decode_pieces(raw);
    let first = fitting(pieces.next()?.ok()?, digits).ok()?;
    pieces.try_fold(first, |read, piece| {
        fitting(piece.ok()?, |input| read.then(input)).ok()
    })
}

/// `flag = "Y" / "N"` once `raw` is decoded, in either case.
pub(super) fn flag(raw: &[u8]) -> Option<bool> {
    match single_byte(raw)? {
        b'Y' | b'y' => Some(true),
        b'N' | b'n' => Some(false),
        _ => None,
    }
}

/// The value when it decodes to exactly one byte.
fn single_byte(raw: &[u8]) -> Option<u8> {
    match raw {
        [b'%'] => None,
        [b'+'] => Some(b' '),
        [b] => Some(*b),
        _ => form::escape(raw).filter(|_| raw.len() == 3),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    #[test]
    fn the_table_is_in_field_order() {
        assert_eq!(RULES.len(), Field::ALL.len());
        for (row, field) in RULES.iter().zip(Field::ALL) {
            assert_eq!(row.field, field);
            assert_eq!(field.rules().map(|r| r.field), Some(field));
        }
    }

    #[test]
    fn values_are_where_set_stores_them() {
        let empty = Request::empty(QueryType::StatusOnly);
        let shown = |r: &Request<'_>| r.values().map(|v| format!("{v:?}"));
        for (i, rules) in RULES.iter().enumerate() {
            // A value of the field's kind that no empty request holds.
            let value = match rules.kind {
                Kind::Text { .. } => Value::Text(Text::plain("v")),
                Kind::Number { .. } | Kind::Code => Value::Number(1),
                Kind::Flag => Value::Flag(true),
            };
            let mut r = empty;
            assert!(r.set(rules.field, value));
            let (before, after) = (shown(&empty), shown(&r));
            for (k, (was, is)) in before.iter().zip(&after).enumerate() {
                assert_eq!(was == is, k != i, "{}: row {k}", rules.field);
            }
            assert_eq!(after[i], format!("{:?}", Some(value)), "{}", rules.field);
        }
    }

    #[test]
    fn each_row_walks_every_row_in_order_and_stops_at_an_error() {
        let mut seen = Vec::new();
        let mut walk = |stop: usize| -> Result<(), usize> {
            each_row!(row => {
                seen.push(row);
                if row == stop {
                    Err(row)?;
                }
            });
            Ok(())
        };
        assert_eq!(walk(usize::MAX), Ok(()));
        assert_eq!(walk(5), Err(5));
        let every: Vec<usize> = (0..Field::ALL.len()).collect();
        assert_eq!(seen, [&every[..], &every[..=5]].concat());
    }

    #[test]
    fn texts_fit_by_their_characters_whichever_path_counts_them() {
        let cases: [(Text<'_>, usize, bool); 10] = [
            // A `&str` within its limit in bytes: decided inline.
            (Text::plain("abc"), 3, true),
            (Text::plain(""), 0, true),
            // Past it in bytes, counted: within it in characters or not.
            (Text::plain("éé"), 2, true),
            (Text::plain("éé"), 3, true),
            (Text::plain("ééé"), 2, false),
            (Text::plain("abcd"), 3, false),
            // Form values: decoded to ASCII, to UTF-8, or not at all.
            (Text::form(b"a%41+b"), 4, true),
            (Text::form(b"a%41+b"), 3, false),
            (Text::form(b"%C3%A9%C3%A9"), 2, true),
            (Text::form(b"%C3%A9%C3%A9"), 1, false),
        ];
        for (text, max_chars, fits) in cases {
            assert_eq!(
                Kind::text_fits(text, max_chars),
                fits,
                "{text:?} in {max_chars}"
            );
            let counted = text.char_count().is_ok_and(|n| n <= max_chars);
            assert_eq!(fits, counted, "{text:?} in {max_chars}");
        }
        assert!(!Kind::text_fits(Text::form(b"bad%zz"), usize::MAX));
        assert!(!Kind::text_fits(Text::form(b"%FF"), usize::MAX));
    }

    #[test]
    fn escaped_digits_read_as_plain_ones() {
        for plain in [
            "0",
            "7",
            "007",
            "18446744073709551615",
            "018446744073709551615",
            "18446744073709551616",
            "",
            "1 2",
            "-1",
            "1x",
        ] {
            let want = fitting(plain.as_bytes(), digits).ok();
            let escaped: String = plain.bytes().map(|b| format!("%{b:02X}")).collect();
            let first_escaped: String = plain
                .bytes()
                .enumerate()
                .map(|(i, b)| match i {
                    0 => format!("%{b:02x}"),
                    _ => char::from(b).to_string(),
                })
                .collect();
            assert_eq!(number(plain.as_bytes()), want, "{plain}");
            assert_eq!(number(escaped.as_bytes()), want, "{escaped}");
            assert_eq!(number(first_escaped.as_bytes()), want, "{first_escaped}");
        }
        assert_eq!(number(b"1+"), None);
        assert_eq!(number(b"%31%"), None);
    }
}
