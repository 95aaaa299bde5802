//! Reading a request body the way the server does.

use super::rules::{self, Kind, Presence, RULES, Rules, Value};
use super::{Field, QueryType, Request, RequestError};
use crate::field::spelling::{named, spelled, words_of};
use crate::form;
use crate::slots;
use crate::text::Text;

/// What the body said about one argument.
#[derive(Clone, Copy, Default)]
struct Slot<'a> {
    /// The first value and its offset.
    value: Option<(&'a [u8], usize)>,
    /// Where the name came again, if it did.
    repeated_at: Option<usize>,
}

impl<'a> Request<'a> {
    /// Parses a request body as the server does, for servers and mocks:
    /// names in any case, values percent-decoded, every limit and
    /// cross-field rule checked, and the first problem reported the way the
    /// server reports it. The rules and their order are in the repository's
    /// `docs/reading-the-spec.md#the-request-form` and `#which-problem-wins`.
    ///
    /// Values borrow `body` and decode lazily.
    ///
    /// ```
    /// use collectssl::{QueryType, Request, ResponseType};
    ///
    /// let r = Request::parse(b"LOGINNAME=me&loginpassword=p%40ss&orderNumber=1\
    ///     &queryType=1&responseType=2&showFQDN=y").unwrap();
    /// assert_eq!(r.login_name, "me");
    /// assert_eq!(r.login_password.expose(), "p@ss");
    /// assert_eq!(r.query_type, QueryType::CertificateAndChain);
    /// assert_eq!(r.response_type, Some(ResponseType::Pkcs7));
    /// assert_eq!(r.show_fqdn, Some(true));
    /// assert_eq!(r.show_ext_status, None);
    /// ```
    pub fn parse(body: &'a [u8]) -> Result<Self, RequestError<'a>> {
        let mut slots = [Slot::default(); Field::ALL.len()];
        let mut pairs = form::pairs(body);
        while let Some((pair, known)) = pairs.next_known(name_at) {
            let Some(field) = known.or_else(|| field_of(pair.name)) else {
                return Err(RequestError::unrecognised(
                    Text::form(pair.name),
                    pair.offset,
                ));
            };
            let slot = slots.get_mut(field.index());
            debug_assert!(slot.is_some(), "a slot for every field");
            if let Some(slot) = slot {
                if slot.value.is_none() {
                    slot.value = Some((pair.value, pair.value_offset));
                } else if slot.repeated_at.is_none() {
                    slot.repeated_at = Some(pair.offset);
                }
            }
        }
        let has_selector = RULES.iter().zip(&slots).any(|(rules, slot)| {
            rules.presence == Presence::Selector && slot.value.is_some_and(|(v, _)| !v.is_empty())
        });

        let mut request = Request::empty(QueryType::StatusOnly);
        for (rules, slot) in RULES.iter().zip(&slots) {
            let field = rules.field;
            if let Some(offset) = slot.repeated_at {
                return Err(RequestError::invalid(field).at(offset));
            }
            let Some((raw, offset)) = slot.value.filter(|(v, _)| !v.is_empty()) else {
                if rules.missing_when_absent(|| has_selector) {
                    return Err(RequestError::missing(field).at(body.len()));
                }
                continue;
            };
            if !request.read(rules, raw) {
                return Err(RequestError::invalid(field).at(offset));
            }
        }
        Ok(request)
    }

    /// Reads one present, non-empty value into the request as the server
    /// does; `false` if the server would refuse it. Earlier fields are
    /// already set, which is what the rules between fields look at.
    fn read(&mut self, rules: &Rules, raw: &'a [u8]) -> bool {
        let value = match rules.kind {
            Kind::Text { max_chars } => {
                let text = Text::form(raw);
                Kind::text_fits(text, max_chars).then_some(Value::Text(text))
            }
            Kind::Number { max_digits, .. } => rules::number(raw)
                .filter(|digits| digits.count <= max_digits)
                .map(|digits| Value::Number(digits.value)),
            Kind::Code => rules::number(raw).map(|code| Value::Number(code.value)),
            Kind::Flag => rules::flag(raw).map(Value::Flag),
        };
        value.is_some_and(|value| self.set(rules.field, value)) && self.allows(rules.field)
    }

    /// The codes and flags of a request body, read leniently for the shape
    /// of its answer (`Expectation::from_form`): names in any case, each
    /// value with the server's own readers, and the last value of a
    /// repeated name wins. A code the server would refuse leaves what was
    /// there, a flag it would refuse reads as `N`, and the rules between
    /// fields are not applied, so that the answer to an invalid request can
    /// still be read. Texts and numbers are left out.
    pub(crate) fn read_shape(body: &'a [u8]) -> Self {
        let mut request = Request::empty(QueryType::StatusOnly);
        // Pairs without `name_at`: programs that only read answers do not
        // carry it (the embedded build).
        for pair in form::pairs(body) {
            let Some(rules) = field_of(pair.name).and_then(Field::rules) else {
                continue;
            };
            let value = match rules.kind {
                Kind::Code => rules::number(pair.value).map(|code| Value::Number(code.value)),
                Kind::Flag => Some(Value::Flag(rules::flag(pair.value) == Some(true))),
                Kind::Text { .. } | Kind::Number { .. } => None,
            };
            if let Some(value) = value {
                request.set(rules.field, value);
            }
        }
        request
    }
}

/// The first eight bytes of a name with bit 5 set in every lane: equal
/// for any case of a name, and a key into [`BY_FIRST_WORD`].
const fn first_word_key(word: u64) -> usize {
    slots::slot(folded(word), FIRST_WORD_MULTIPLIER)
}

/// `word` with bit 5 set in every lane.
const fn folded(word: u64) -> u64 {
    word | u64::from_le_bytes([0x20; 8])
}

/// A multiplier that gives names with different first words different
/// slots, found at compile time.
const FIRST_WORD_MULTIPLIER: u64 = {
    let mut keys = [0u64; Field::ALL.len()];
    let mut i = 0;
    while i < keys.len() {
        #[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
        // compile time, in bounds
        {
            keys[i] = folded(first_word(Field::ALL[i]));
            i += 1;
        }
    }
    slots::multiplier_for(&keys)
};

/// The first eight bytes of `field`'s name, as a word.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // compile time, in bounds
const fn first_word(field: Field) -> u64 {
    let name = field.name().as_bytes();
    let mut word = 0u64;
    let mut lane = 0;
    while lane < 8 {
        word |= (name[lane] as u64) << (8 * lane);
        lane += 1;
    }
    word
}

/// The fields by the key of their first word ([`first_word_key`]), at
/// most four a key (`response…`; a fifth fails the build).
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)] // compile time, in bounds
const BY_FIRST_WORD: [[Option<Field>; 4]; 64] = {
    let mut table = [[None; 4]; 64];
    let mut i = 0;
    while i < Field::ALL.len() {
        let field = Field::ALL[i];
        let row = &mut table[first_word_key(first_word(field))];
        let mut k = 0;
        while row[k].is_some() {
            k += 1;
        }
        row[k] = Some(field);
        i += 1;
    }
    table
};

/// The field whose name, in any case, starts `rest` and ends where a name
/// may end (`=`, `&` or the end of the body), and the name's length: the
/// names as most clients send them, found without a scan for their end.
fn name_at(rest: &[u8]) -> Option<(Field, usize)> {
    let word = u64::from_le_bytes(*rest.first_chunk::<8>()?);
    let row = BY_FIRST_WORD.get(first_word_key(word))?;
    row.iter().flatten().find_map(|&field| {
        let len = field.name().len();
        let ends = matches!(rest.get(len), None | Some(b'=' | b'&'));
        (ends && spelled(words_of(rest.get(..len)?)?, field)).then_some((field, len))
    })
}

/// The argument a sent name stands for: percent-decoded, then matched
/// ignoring ASCII case.
fn field_of(raw_name: &[u8]) -> Option<Field> {
    // Names need no escapes, so most match as sent.
    if let Some(field) = named(raw_name) {
        return Some(field);
    }
    if form::is_verbatim(raw_name) {
        return None;
    }
    let mut buf = [0u8; Field::MAX_NAME_LEN];
    named(form::decode(raw_name, &mut buf).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::Status;
    #[allow(unused_imports)]
    use crate::test_prelude::*;

    fn err(body: &str) -> (Status, String) {
        let e = Request::parse(body.as_bytes()).unwrap_err();
        (e.status(), e.to_string())
    }

    const OK: &str = "loginName=u&loginPassword=p&orderNumber=1&queryType=1";

    #[test]
    fn unrecognised_beats_everything_and_keeps_its_spelling() {
        assert_eq!(
            err("queryType=9&sh%6FwFODN=Y&caaStatus=1"),
            (
                Status::UnrecognisedArgument,
                "'showFODN' is an unrecognised argument!".into()
            )
        );
    }

    #[test]
    fn missing_in_table_order() {
        assert_eq!(err("").1, "The 'loginName' argument is missing!");
        assert_eq!(
            err("loginName=u&loginPassword=p&queryType=1").1,
            "The 'orderNumber' argument is missing!"
        );
        assert_eq!(
            err("loginName=u&loginPassword=p&orderNumber=&certificateID=").1,
            "The 'orderNumber' argument is missing!"
        );
        assert_eq!(
            err("loginName=u&loginPassword=p&certificateID=5").1,
            "The 'queryType' argument is missing!"
        );
    }

    #[test]
    fn numbers_are_plain_digits_without_wrapping() {
        let id = |v: &str| {
            let body = format!("{OK}&certificateID={v}");
            Request::parse(body.as_bytes())
                .map(|r| r.certificate_id)
                .ok()
        };
        assert_eq!(id("0000000000000001"), Some(Some(1)));
        assert_eq!(id("9999999999999999"), Some(Some(9_999_999_999_999_999)));
        for bad in ["00000000000000001", "-1", "%2B1", "+1", "%201", "1.0", "x"] {
            assert_eq!(id(bad), None, "{bad}");
        }
        let base = |v: &str| {
            let body = format!("{OK}&baseOrderNumber={v}");
            Request::parse(body.as_bytes())
                .map(|r| r.base_order_number)
                .ok()
        };
        assert_eq!(base("18446744073709551615"), Some(Some(u64::MAX)));
        assert_eq!(base("18446744073709551616"), None);
        assert_eq!(
            Request::parse(b"loginName=u&loginPassword=p&orderNumber=1&queryType=%30")
                .unwrap()
                .query_type,
            QueryType::StatusOnly
        );
    }

    #[test]
    fn a_repeated_name_is_invalid_at_its_table_place() {
        let e =
            Request::parse(b"queryType=1&loginName=u&loginPassword=p&orderNumber=1&QUERYTYPE=1")
                .unwrap_err();
        assert_eq!(e, RequestError::invalid(Field::QueryType).at(54));
    }
}
