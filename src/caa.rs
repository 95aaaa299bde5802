//! The CAA check status (spec section 2.2.9; `caaStatus` in format 1).

use core::fmt;

use nom::Parser as _;
use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::{digit0, satisfy};
use nom::combinator::{map, map_opt, opt, recognize, value};
use nom::sequence::delimited;

use crate::grammar::{Parsed, fitting};
use crate::number::integer;
use crate::text::Text;

/// The status of the CAA check, the last format-0 line when it is not empty.
///
/// The spec lists the words below and `Error 'xxx'` with the numeric value of
/// the check; anything else is kept as sent, so no value is lost and
/// `Display` always writes back the wire text. Only
/// [`CaaStatus::from_text`] builds `Other`, so a known value always has its
/// own variant and two statuses are equal exactly when their wire texts are.
///
/// ```
/// use collectssl::{CaaStatus, Text};
///
/// assert_eq!(CaaStatus::from_text(Text::plain("Not Authorized")), CaaStatus::NotAuthorized);
/// let code = CaaStatus::from_text(Text::form(b"Error+%27-3%27"));
/// assert_eq!(code, CaaStatus::ErrorCode(-3));
/// assert_eq!(code.to_string(), "Error '-3'");
/// assert_eq!(CaaStatus::from_text(Text::plain("ERROR")), CaaStatus::Error);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaaStatus<'a> {
    /// `Authorized`: the CAA records allow Sectigo to issue.
    Authorized,
    /// `Not Authorized`: the CAA records forbid it.
    NotAuthorized,
    /// `Unrecognized Critical Tag`
    UnrecognizedCriticalTag,
    /// `Empty`
    Empty,
    /// `Malformed Response`
    MalformedResponse,
    /// `Timeout`
    Timeout,
    /// `ERROR`
    Error,
    /// `Awaiting Completion`
    AwaitingCompletion,
    /// `Error 'N'`, the numeric value of the check, written without sign
    /// `+` or leading zeros.
    ErrorCode(i64),
    /// Any other text, kept as it was sent. Only [`CaaStatus::from_text`]
    /// builds it, so it never stands for a value above.
    Other(OtherCaaStatus<'a>),
}

/// A CAA status text that is none of the known values, kept as sent.
///
/// ```
/// use collectssl::{CaaStatus, Text};
///
/// let CaaStatus::Other(other) = CaaStatus::from_text(Text::form(b"Refused%21")) else {
///     unreachable!()
/// };
/// assert_eq!(other.text(), Text::plain("Refused!"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OtherCaaStatus<'a>(Text<'a>);

impl<'a> OtherCaaStatus<'a> {
    /// The text as it was sent.
    ///
    /// ```
    /// use collectssl::{CaaStatus, Text};
    ///
    /// let CaaStatus::Other(other) = CaaStatus::from_text(Text::plain("timeout")) else {
    ///     unreachable!()
    /// };
    /// assert_eq!(other.text().raw(), b"timeout");
    /// ```
    pub const fn text(self) -> Text<'a> {
        self.0
    }
}

/// The fixed words with their wire text.
const KNOWN: [(CaaStatus<'static>, &str); 8] = [
    (CaaStatus::Authorized, "Authorized"),
    (CaaStatus::NotAuthorized, "Not Authorized"),
    (
        CaaStatus::UnrecognizedCriticalTag,
        "Unrecognized Critical Tag",
    ),
    (CaaStatus::Empty, "Empty"),
    (CaaStatus::MalformedResponse, "Malformed Response"),
    (CaaStatus::Timeout, "Timeout"),
    (CaaStatus::Error, "ERROR"),
    (CaaStatus::AwaitingCompletion, "Awaiting Completion"),
];

/// Room for the longest value that is not `Other`: `Error '-9223372036854775808'`.
const MAX_KNOWN_LEN: usize = 32;

impl<'a> CaaStatus<'a> {
    /// The status for a wire text (plain or form-encoded). Known words match
    /// the decoded text exactly (case-sensitive); `Error 'N'` needs `N` in
    /// the canonical decimal form of an `i64` (`0`, `17`, `-3`; not `+3`,
    /// `03` or `-0`), so that `Display` writes it back unchanged. Anything
    /// else is [`CaaStatus::Other`]. Never fails.
    ///
    /// ```
    /// use collectssl::{CaaStatus, Text};
    ///
    /// assert_eq!(CaaStatus::from_text(Text::plain("Error '0'")), CaaStatus::ErrorCode(0));
    /// assert!(matches!(CaaStatus::from_text(Text::plain("Error '03'")), CaaStatus::Other(_)));
    /// assert!(matches!(CaaStatus::from_text(Text::plain("timeout")), CaaStatus::Other(_)));
    /// ```
    pub fn from_text(text: Text<'a>) -> Self {
        let mut buf = [0u8; MAX_KNOWN_LEN];
        // Most values need no decoding: read as they are, without a copy or
        // a UTF-8 check (the grammar is ASCII). A value that does not
        // decode, or is too long, is no known one.
        let bytes = match text.verbatim() {
            Some(bytes) => bytes,
            None => match text.decode_into(&mut buf) {
                Ok(decoded) => decoded.as_bytes(),
                Err(_) => return Self::Other(OtherCaaStatus(text)),
            },
        };
        Self::known(bytes).unwrap_or(Self::Other(OtherCaaStatus(text)))
    }

    /// The status whose decoded wire text is `bytes`, when it is not
    /// [`CaaStatus::Other`].
    fn known(bytes: &[u8]) -> Option<Self> {
        fitting(bytes, caa_status).ok()
    }

    /// [`CaaStatus::known`] for a line read as it is sent, which then needs
    /// no UTF-8 check; always `None` on small targets, where the extra path
    /// costs flash.
    pub(crate) fn known_as_sent(bytes: &[u8]) -> Option<Self> {
        if cfg!(not(target_pointer_width = "64")) {
            return None;
        }
        Self::known(bytes)
    }
}

/// `caa-status = known-word / error-code`: a value that is not
/// [`CaaStatus::Other`].
fn caa_status(input: &[u8]) -> Parsed<'_, CaaStatus<'static>> {
    alt((known_word, map(error_code, CaaStatus::ErrorCode))).parse(input)
}

/// `known-word = "Authorized" / "Not Authorized" / …`: one of the words of
/// [`KNOWN`], exactly (case-sensitive).
fn known_word(input: &[u8]) -> Parsed<'_, CaaStatus<'static>> {
    let word = KNOWN
        .iter()
        .find_map(|(known, wire)| Some((input.strip_prefix(wire.as_bytes())?, *known)));
    match word {
        Some(parsed) => Ok(parsed),
        None => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

/// `error-code = "Error '" canonical-decimal "'"`
fn error_code(input: &[u8]) -> Parsed<'_, i64> {
    delimited(tag(&b"Error '"[..]), canonical_decimal, tag(&b"'"[..])).parse(input)
}

/// `canonical-decimal = "0" / ["-"] %x31-39 *DIGIT`: an `i64` written the
/// one way `Display` writes it (no sign `+`, leading zero or `-0`).
fn canonical_decimal(input: &[u8]) -> Parsed<'_, i64> {
    let nonzero = recognize((
        opt(tag(&b"-"[..])),
        satisfy(|c| matches!(c, '1'..='9')),
        digit0,
    ));
    alt((value(0, tag(&b"0"[..])), map_opt(nonzero, integer))).parse(input)
}

impl<'a> From<Text<'a>> for CaaStatus<'a> {
    fn from(text: Text<'a>) -> Self {
        Self::from_text(text)
    }
}

impl fmt::Display for CaaStatus<'_> {
    /// The wire text, e.g. `Not Authorized` or `Error '-3'`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ErrorCode(code) => write!(f, "Error '{code}'"),
            Self::Other(other) => fmt::Display::fmt(&other.0, f),
            known => {
                let wire = KNOWN.iter().find(|(k, _)| k == known);
                // Every value but the two above has its word in `KNOWN`.
                debug_assert!(wire.is_some(), "{known:?} is missing from KNOWN");
                wire.map_or(Ok(()), |(_, wire)| f.write_str(wire))
            }
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CaaStatus<'_> {
    /// The wire text, as a string.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    fn form_encoded(s: &str) -> Vec<u8> {
        let mut raw = vec![0u8; crate::form::encoded_len(s.as_bytes())];
        crate::form::encode(s.as_bytes(), &mut raw).unwrap();
        raw
    }

    #[test]
    fn every_known_word_round_trips_in_both_encodings() {
        for (known, wire) in KNOWN {
            assert_eq!(known.to_string(), wire);
            let plain = CaaStatus::from_text(Text::plain(wire));
            assert!(!matches!(plain, CaaStatus::Other(_)), "{wire}");
            assert_eq!(plain, known);
            let raw = form_encoded(wire);
            let form = CaaStatus::from_text(Text::form(&raw));
            assert!(!matches!(form, CaaStatus::Other(_)), "{wire}");
            assert_eq!(form, plain);
        }
    }

    #[test]
    fn error_codes_are_canonical_integers() {
        for (wire, code) in [
            ("Error '0'", 0),
            ("Error '5'", 5),
            ("Error '-5'", -5),
            ("Error '9223372036854775807'", i64::MAX),
            ("Error '-9223372036854775808'", i64::MIN),
        ] {
            let s = CaaStatus::from_text(Text::plain(wire));
            assert_eq!(s, CaaStatus::ErrorCode(code));
            assert!(matches!(s, CaaStatus::ErrorCode(_)));
            assert_eq!(s.to_string(), wire);
            let raw = form_encoded(wire);
            assert!(
                matches!(CaaStatus::from_text(Text::form(&raw)), CaaStatus::ErrorCode(c) if c == code)
            );
        }
        for wire in [
            "Error ''",
            "Error '-'",
            "Error '-0'",
            "Error '05'",
            "Error '+5'",
            "Error ' 5'",
            "Error '5 '",
            "Error '5",
            "Error 5",
            "error '5'",
            "Error '9223372036854775808'",
            "Error '1e3'",
        ] {
            let s = CaaStatus::from_text(Text::plain(wire));
            assert!(matches!(s, CaaStatus::Other(_)), "{wire}");
            assert_eq!(s.to_string(), wire);
        }
    }

    #[test]
    fn anything_else_is_kept() {
        for raw in [
            &b""[..],
            b"authorized",
            b"Authorized+",
            b"%FF",
            b"a%zz",
            &[b'x'; 100],
        ] {
            let s = CaaStatus::from_text(Text::form(raw));
            assert!(matches!(s, CaaStatus::Other(_)), "{raw:?}");
            assert_eq!(s.to_string(), Text::form(raw).to_string());
        }
    }

    /// The ways a form value may spell `wire`: as the encoder writes it,
    /// every byte escaped (upper- and lower-case hex), spaces as `%20`.
    fn spellings(wire: &str) -> Vec<Vec<u8>> {
        let escaped = |hex: fn(&u8) -> String| {
            wire.as_bytes()
                .iter()
                .flat_map(|b| hex(b).into_bytes())
                .collect()
        };
        vec![
            form_encoded(wire),
            escaped(|b| format!("%{b:02X}")),
            escaped(|b| format!("%{b:02x}")),
            wire.replace(' ', "%20").into_bytes(),
        ]
    }

    fn hash_of(status: &CaaStatus<'_>) -> u64 {
        use std::hash::BuildHasher as _;
        std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(status)
    }

    #[test]
    fn a_known_value_never_reads_as_other() {
        let codes = ["Error '0'", "Error '-3'", "Error '-9223372036854775808'"];
        for wire in KNOWN.iter().map(|(_, wire)| *wire).chain(codes) {
            let plain = CaaStatus::from_text(Text::plain(wire));
            assert!(!matches!(plain, CaaStatus::Other(_)), "{wire}");
            for raw in spellings(wire) {
                let form = CaaStatus::from_text(Text::form(&raw));
                assert_eq!(form, plain, "{raw:?}");
            }
        }
    }

    #[test]
    fn equality_and_hash_are_by_wire_text() {
        let pairs = [
            (Text::form(b"New%21"), Text::plain("New!")),
            (Text::form(b"a+b"), Text::form(b"a%20b")),
            (Text::form(b"%zz"), Text::plain("%zz")),
        ];
        for (a, b) in pairs {
            let (a, b) = (CaaStatus::from_text(a), CaaStatus::from_text(b));
            assert!(matches!(a, CaaStatus::Other(_)), "{a}");
            assert_eq!(a, b);
            assert_eq!(hash_of(&a), hash_of(&b), "{a}");
        }
        let timeout = CaaStatus::from_text(Text::form(b"%54imeout"));
        assert_eq!(hash_of(&timeout), hash_of(&CaaStatus::Timeout));
        assert_ne!(CaaStatus::Error, CaaStatus::ErrorCode(0));
        assert_ne!(CaaStatus::Timeout, CaaStatus::Empty);
        assert_ne!(CaaStatus::ErrorCode(1), CaaStatus::ErrorCode(2));
        assert_ne!(CaaStatus::from_text(Text::plain("x")), CaaStatus::Empty);
    }

    #[test]
    fn other_round_trips() {
        for raw in [&b"Refused%21"[..], b"timeout", b"Error+%2703%27", b"%FF"] {
            let CaaStatus::Other(other) = CaaStatus::from_text(Text::form(raw)) else {
                panic!("{raw:?} is a known value");
            };
            assert_eq!(other.text().raw(), raw);
            let again = CaaStatus::from_text(other.text());
            assert_eq!(again, CaaStatus::Other(other));
            assert_eq!(hash_of(&again), hash_of(&CaaStatus::Other(other)));
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serializes_as_wire_text() {
        let s = serde_json::to_string(&CaaStatus::ErrorCode(-2)).unwrap();
        assert_eq!(s, r#""Error '-2'""#);
        let s = serde_json::to_string(&CaaStatus::UnrecognizedCriticalTag).unwrap();
        assert_eq!(s, r#""Unrecognized Critical Tag""#);
    }

    proptest::proptest! {
        #[test]
        fn display_writes_back_what_was_read(s in "(Error '-?[0-9]{1,20}'|[A-Za-z' -]{0,30}|\\PC{0,12})") {
            let plain = CaaStatus::from_text(Text::plain(&s));
            proptest::prop_assert_eq!(plain.to_string(), s.clone());
            let raw = form_encoded(&s);
            let form = CaaStatus::from_text(Text::form(&raw));
            proptest::prop_assert_eq!(form, plain);
            proptest::prop_assert_eq!(form.to_string(), s);
        }
    }
}
