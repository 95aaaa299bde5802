//! The two `showExtStatus=Y` lines (spec section 2.2.5; `certificateStatus`
//! and `validationStatus` in format 1): free text with a few known values.
//!
//! The spec lists examples, not a closed set, so every value is kept: a known
//! one becomes its variant, anything else stays as the text that was sent.

/// Where `text`, decoded, is among `wires` (exact, case-sensitive): one
/// function for every enum below, not one each. On 64-bit targets a value
/// without escapes (most) is looked at for them once, not once a wire
/// word; small targets keep the shorter code.
pub(crate) fn wire_index(text: crate::text::Text<'_>, wires: &[&str]) -> Option<usize> {
    #[cfg(target_pointer_width = "64")]
    if let Some(bytes) = text.verbatim() {
        return wires.iter().position(|wire| wire.as_bytes() == bytes);
    }
    wires.iter().position(|wire| text == *wire)
}

/// The value among `known` whose wire text is exactly `bytes` (a line read
/// as it is sent): a known value needs no UTF-8 check first. Always `None`
/// on small targets, where the extra path costs flash: they read every
/// value as text.
pub(crate) fn known_value<T: Copy>(known: &[(T, &str)], bytes: &[u8]) -> Option<T> {
    if cfg!(not(target_pointer_width = "64")) {
        return None;
    }
    known
        .iter()
        .find(|(_, wire)| wire.as_bytes() == bytes)
        .map(|(value, _)| *value)
}

/// Defines an enum of known wire words plus `Other` with a newtype only
/// `from_text` builds, so derived equality is by wire text: `from_text`
/// (never fails, exact decoded match), `as_text` (the wire text),
/// `Display` and serde as that text.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $name:ident / $other:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
        example: $example_variant:ident = $example_form:literal;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name<'a> {
            $( $(#[$vmeta])* $variant, )+
            #[doc = concat!(
                "Any other text, kept as it was sent. Only [`", stringify!($name),
                "::from_text`] builds it, so it never stands for a word above."
            )]
            Other($other<'a>),
        }

        #[doc = concat!(
            "A [`", stringify!($name), "`] text that is none of the known words, kept as ",
            "sent.\n\n```\nuse collectssl::{", stringify!($name), ", Text};\n\nlet ",
            stringify!($name), "::Other(other) = ", stringify!($name),
            "::from_text(Text::form(b\"On+Hold\")) else {\n    unreachable!()\n};\n",
            "assert_eq!(other.text(), Text::plain(\"On Hold\"));\n```"
        )]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $other<'a>($crate::text::Text<'a>);

        impl<'a> $other<'a> {
            #[doc = concat!(
                "The text as it was sent.\n\n```\nuse collectssl::{", stringify!($name),
                ", Text};\n\nlet ", stringify!($name), "::Other(other) = ", stringify!($name),
                "::from_text(Text::form(b\"New%21\")) else {\n    unreachable!()\n};\n",
                "assert_eq!(other.text().raw(), b\"New%21\");\n```"
            )]
            pub const fn text(self) -> $crate::text::Text<'a> {
                self.0
            }
        }

        impl<'a> $name<'a> {
            /// The known values with their wire text.
            pub(crate) const KNOWN: &'static [($name<'static>, &'static str)] =
                &[$( ($name::$variant, $wire), )+];

            /// The wire texts of [`Self::KNOWN`], in its order.
            const WIRES: &'static [&'static str] = &[$( $wire, )+];

            #[doc = concat!(
                "The value for a wire text (plain or form-encoded): a known one by its ",
                "exact, case-sensitive decoded text, anything else as [`", stringify!($name),
                "::Other`]. Never fails.\n\n```\nuse collectssl::{", stringify!($name),
                ", Text};\n\nlet s = ", stringify!($name), "::from_text(Text::form(b\"",
                $example_form, "\"));\nassert_eq!(s, ", stringify!($name), "::",
                stringify!($example_variant), ");\nassert!(matches!(", stringify!($name),
                "::from_text(Text::plain(\"something new\")), ", stringify!($name),
                "::Other(_)));\n```"
            )]
            pub fn from_text(text: $crate::text::Text<'a>) -> Self {
                $crate::ext_status::wire_index(text, Self::WIRES)
                    .and_then(|i| Self::KNOWN.get(i))
                    .map_or(Self::Other($other(text)), |(known, _)| *known)
            }

            #[doc = concat!(
                "The text as the wire has it (decoded): what `Display` writes.\n\n```\n",
                "use collectssl::{", stringify!($name), ", Text};\n\nassert_eq!(",
                stringify!($name), "::", stringify!($example_variant),
                ".as_text().to_string(), Text::form(b\"", $example_form,
                "\").to_string());\n```"
            )]
            pub fn as_text(&self) -> $crate::text::Text<'a> {
                match self {
                    $( Self::$variant => $crate::text::Text::plain($wire), )+
                    Self::Other(other) => other.0,
                }
            }
        }

        impl<'a> From<$crate::text::Text<'a>> for $name<'a> {
            fn from(text: $crate::text::Text<'a>) -> Self {
                Self::from_text(text)
            }
        }

        impl core::fmt::Display for $name<'_> {
            /// The wire text.
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                core::fmt::Display::fmt(&self.as_text(), f)
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name<'_> {
            /// The wire text, as a string.
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}

pub(crate) use text_enum;

text_enum! {
    /// The certificate's status, the first `showExtStatus=Y` line
    /// (`certificateStatus` in format 1).
    ///
    /// ```
    /// use collectssl::{CertificateStatus, Text};
    ///
    /// assert_eq!(CertificateStatus::from_text(Text::plain("NO STATUS")), CertificateStatus::NoStatus);
    /// assert_eq!(CertificateStatus::Issued.to_string(), "Issued");
    /// let other = CertificateStatus::from_text(Text::form(b"On+Hold"));
    /// assert_eq!(other, CertificateStatus::from_text(Text::plain("On Hold")));
    /// assert!(matches!(other, CertificateStatus::Other(_)));
    /// ```
    CertificateStatus / OtherCertificateStatus {
        /// `Awaiting Validation`
        AwaitingValidation = "Awaiting Validation",
        /// `Issued`
        Issued = "Issued",
        /// `Revoked`
        Revoked = "Revoked",
        /// `NO STATUS`
        NoStatus = "NO STATUS",
    }
    example: AwaitingValidation = "Awaiting%20Validation";
}

text_enum! {
    /// The validation status of the order or account, the second
    /// `showExtStatus=Y` line (`validationStatus` in format 1).
    ///
    /// ```
    /// use collectssl::{Text, ValidationStatus};
    ///
    /// let s = ValidationStatus::from_text(Text::form(b"Awaiting+Brand+Validation"));
    /// assert_eq!(s, ValidationStatus::AwaitingBrandValidation);
    /// assert_eq!(ValidationStatus::Complete.to_string(), "Complete");
    /// ```
    ValidationStatus / OtherValidationStatus {
        /// `Complete`
        Complete = "Complete",
        /// `Awaiting Legal Documents`
        AwaitingLegalDocuments = "Awaiting Legal Documents",
        /// `Awaiting Document Translation`
        AwaitingDocumentTranslation = "Awaiting Document Translation",
        /// `Awaiting private WHOIS entry release`
        AwaitingPrivateWhoisEntryRelease = "Awaiting private WHOIS entry release",
        /// `Awaiting Brand Validation`
        AwaitingBrandValidation = "Awaiting Brand Validation",
    }
    example: AwaitingLegalDocuments = "Awaiting+Legal+Documents";
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::test_prelude::*;
    use crate::text::Text;

    #[test]
    fn known_words_round_trip_in_both_encodings() {
        for (known, wire) in CertificateStatus::KNOWN {
            assert_eq!(CertificateStatus::from_text(Text::plain(wire)), *known);
            let mut raw = vec![0u8; crate::form::encoded_len(wire.as_bytes())];
            crate::form::encode(wire.as_bytes(), &mut raw).unwrap();
            let parsed = CertificateStatus::from_text(Text::form(&raw));
            assert!(!matches!(parsed, CertificateStatus::Other(_)), "{wire}");
            assert_eq!(parsed.to_string(), *wire);
        }
        for (known, wire) in ValidationStatus::KNOWN {
            assert_eq!(ValidationStatus::from_text(Text::plain(wire)), *known);
            assert_eq!(known.to_string(), *wire);
        }
    }

    #[test]
    fn matching_is_exact_and_case_sensitive() {
        for other in ["issued", "Issued ", " Issued", "No Status", ""] {
            let s = CertificateStatus::from_text(Text::plain(other));
            assert!(matches!(s, CertificateStatus::Other(_)), "{other:?}");
            assert_eq!(s.to_string(), other);
        }
        let s = ValidationStatus::from_text(Text::form(b"Complete%zz"));
        assert_eq!(s.to_string(), "Complete%zz");
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
        let mut encoded = vec![0u8; crate::form::encoded_len(wire.as_bytes())];
        crate::form::encode(wire.as_bytes(), &mut encoded).unwrap();
        vec![
            encoded,
            escaped(|b| format!("%{b:02X}")),
            escaped(|b| format!("%{b:02x}")),
            wire.replace(' ', "%20").into_bytes(),
        ]
    }

    fn hash_of(value: &impl core::hash::Hash) -> u64 {
        use std::hash::BuildHasher as _;
        std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(value)
    }

    /// Every spelling of every known word reads as that word, never as
    /// `Other`, and hashes alike.
    macro_rules! known_never_other {
        ($($name:ident),+) => {$(
            for (known, wire) in $name::KNOWN {
                for raw in spellings(wire) {
                    let parsed = $name::from_text(Text::form(&raw));
                    assert!(!matches!(parsed, $name::Other(_)), "{raw:?}");
                    assert_eq!(parsed, *known, "{raw:?}");
                    assert_eq!(hash_of(&parsed), hash_of(known));
                }
            }
        )+};
    }

    #[test]
    fn a_known_word_never_reads_as_other() {
        use crate::mdc::DcvStatus;
        known_never_other!(CertificateStatus, ValidationStatus, DcvStatus);
    }

    /// `s` form-encoded, each byte escaped where `escape` says so (and a
    /// space as `+` or `%20`).
    fn spelled(s: &str, escape: &[bool]) -> Vec<u8> {
        let mut raw = Vec::new();
        for (i, &b) in s.as_bytes().iter().enumerate() {
            let escaped = escape.get(i).copied().unwrap_or(false);
            match b {
                b' ' if !escaped => raw.push(b'+'),
                b'%' | b'+' | b'&' | b'=' => raw.extend(format!("%{b:02X}").bytes()),
                _ if escaped || !b.is_ascii_graphic() => raw.extend(format!("%{b:02x}").bytes()),
                _ => raw.push(b),
            }
        }
        raw
    }

    proptest::proptest! {
        #[test]
        fn other_is_never_a_known_word(
            s in "(Issued|Revoked|NO STATUS|Complete|VALIDATED|AWAITINGBRAND|[A-Za-z %+]{0,12})",
            escape in proptest::collection::vec(proptest::bool::ANY, 0..16),
        ) {
            let raw = spelled(&s, &escape);
            let (form, plain) = (Text::form(&raw), Text::plain(&s));
            proptest::prop_assert_eq!(form, plain);
            macro_rules! check {
                ($($name:ident),+) => {$({
                    let read = $name::from_text(form);
                    let known = $name::KNOWN.iter().find(|(_, wire)| plain == *wire);
                    match (read, known) {
                        ($name::Other(other), None) => {
                            proptest::prop_assert_eq!(other.text(), plain);
                        }
                        (read, Some((known, _))) => proptest::prop_assert_eq!(read, *known),
                        (read, None) => proptest::prop_assert!(false, "{read:?} from {s:?}"),
                    }
                    proptest::prop_assert_eq!(read, $name::from_text(plain));
                    proptest::prop_assert_eq!(hash_of(&read), hash_of(&$name::from_text(plain)));
                })+};
            }
            use crate::mdc::DcvStatus;
            check!(CertificateStatus, ValidationStatus, DcvStatus);
        }
    }

    #[test]
    fn equality_and_hash_are_by_wire_text() {
        let a = ValidationStatus::from_text(Text::form(b"Pending%21"));
        let b = ValidationStatus::from_text(Text::plain("Pending!"));
        assert!(matches!(a, ValidationStatus::Other(_)));
        assert_eq!(a, b);
        assert_eq!(hash_of(&a), hash_of(&b));
        assert_ne!(a, ValidationStatus::from_text(Text::plain("Pending")));
        assert_ne!(CertificateStatus::Issued, CertificateStatus::Revoked);
    }

    #[test]
    fn other_round_trips() {
        for raw in [&b"On+Hold"[..], b"issued", b"Issued%zz", b"%FF"] {
            let CertificateStatus::Other(other) = CertificateStatus::from_text(Text::form(raw))
            else {
                panic!("{raw:?} is a known word");
            };
            assert_eq!(other.text().raw(), raw);
            let again = CertificateStatus::from_text(other.text());
            assert_eq!(again, CertificateStatus::Other(other));
            assert_eq!(again.as_text(), other.text());
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serializes_as_wire_text() {
        let s = serde_json::to_string(&ValidationStatus::AwaitingBrandValidation).unwrap();
        assert_eq!(s, "\"Awaiting Brand Validation\"");
        let s =
            serde_json::to_string(&CertificateStatus::from_text(Text::form(b"a+%22b"))).unwrap();
        assert_eq!(s, r#""a \"b""#);
    }
}
